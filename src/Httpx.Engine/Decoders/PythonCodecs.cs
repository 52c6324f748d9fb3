using System.Collections.Concurrent;
using System.Text;

namespace Httpx;

/// <summary>
/// Python's text codecs, found by any name <c>codecs.lookup</c> takes ("cp1251", "windows-1251", "latin_1", "L1",
/// "mac-roman"...): HTTPX decides whether a charset is known, and decodes it, with Python's codecs. The names and the
/// single-byte codecs' tables are CPython's (PythonCodecs.Tables.cs, generated from its encodings package); the
/// multi-byte codecs are .NET's code pages of the same standards.
/// </summary>
internal static partial class PythonCodecs
{
    // Python's CJK codecs with a .NET code page for the same standard. .NET's can be a superset: its shift_jis and
    // gb2312 are Microsoft's cp932 and gbk, and decode some bytes Python's stricter codecs replace. Python's
    // big5hkscs, euc_jis_2004, euc_jisx0213, shift_jis_2004, shift_jisx0213 and iso2022_jp_1/_2/_2004/_3/_ext have
    // none, and read as unknown charsets (UTF-8).
    private static readonly Dictionary<string, int> MultiByteCodePages = new(StringComparer.Ordinal)
    {
        ["big5"] = 950, ["cp950"] = 950, ["cp932"] = 932, ["shift_jis"] = 932, ["euc_jp"] = 51932,
        ["cp949"] = 949, ["euc_kr"] = 51949, ["johab"] = 1361, ["iso2022_kr"] = 50225, ["iso2022_jp"] = 50220,
        ["gbk"] = 936, ["gb2312"] = 936, ["gb18030"] = 54936, ["hz"] = 52936,
    };

    private static readonly ConcurrentDictionary<string, Encoding?> Encodings = new(StringComparer.Ordinal);

    // Legacy code pages (shift_jis, gbk, ...) are not available in .NET until this provider is registered.
    static PythonCodecs() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The codec's own name for <paramref name="name"/> ("windows-1251" → "cp1251"), or null when Python has no text codec by that name.</summary>
    public static string? CodecName(string name)
    {
        string normalized = Normalize(name);
        return Aliases.TryGetValue(normalized, out var codec) || Aliases.TryGetValue(normalized.Replace('.', '_'), out codec) ? codec : null;
    }

    /// <summary>
    /// The decoder of the codec <paramref name="codec"/> (a name from <see cref="CodecName"/>), undecodable bytes
    /// becoming U+FFFD as with errors='replace'; null for a codec .NET has no counterpart for, and for Python's
    /// text codecs that are not character sets (idna, punycode, unicode_escape...).
    /// </summary>
    public static Encoding? EncodingOf(string codec) => Encodings.GetOrAdd(codec, static codec =>
        SingleByteTables.TryGetValue(codec, out var table) ? new SingleByteEncoding(codec, table.Length == 256 ? table : AsciiHalf + table)
        : MultiByteCodePages.TryGetValue(codec, out int codePage) ? System.Text.Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, Replacement)
        : UnicodeCodec(codec));

    // Python's errors='replace': an undecodable byte becomes U+FFFD.
    private static readonly DecoderFallback Replacement = new DecoderReplacementFallback("\uFFFD");

    /// <summary>
    /// The Unicode codecs. "utf_16", "utf_32" and "utf_8_sig" read and drop a byte order mark, as Python's do; the
    /// others keep one as U+FEFF, as .NET's decoders do.
    /// </summary>
    private static Encoding? UnicodeCodec(string codec) => codec switch
    {
        "utf_8" => DotNet("utf-8"),
        "utf_16_le" => DotNet("utf-16le"),
        "utf_16_be" => DotNet("utf-16be"),
        "utf_32_le" => DotNet("utf-32le"),
        "utf_32_be" => DotNet("utf-32be"),
        "utf_16" => new ByteOrderMarkEncoding("utf-16", DotNet("utf-16le"), ([0xFF, 0xFE], DotNet("utf-16le")), ([0xFE, 0xFF], DotNet("utf-16be"))),
        "utf_32" => new ByteOrderMarkEncoding("utf-32", DotNet("utf-32le"),
            ([0xFF, 0xFE, 0x00, 0x00], DotNet("utf-32le")), ([0x00, 0x00, 0xFE, 0xFF], DotNet("utf-32be"))),
        "utf_8_sig" => new ByteOrderMarkEncoding("utf-8-sig", DotNet("utf-8"), ([0xEF, 0xBB, 0xBF], DotNet("utf-8"))),
        "utf_7" => Utf7(),
        _ => null,
    };

    private static Encoding DotNet(string name) => System.Text.Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, Replacement);

    /// <summary>
    /// UTF-7, which Python decodes and HTTPX therefore too: .NET refuses it by name (NotSupportedException, as a
    /// security measure for its own APIs) but still has the codec; decoding a body with it is harmless.
    /// </summary>
    private static Encoding Utf7()
    {
#pragma warning disable SYSLIB0001 // UTF-7 is obsolete for writing; here it only reads what a server sent
        var utf7 = (Encoding)new UTF7Encoding(allowOptionals: true).Clone();
#pragma warning restore SYSLIB0001
        utf7.DecoderFallback = Replacement;
        return utf7;
    }

    private static readonly string AsciiHalf = string.Create(128, 0, static (chars, _) =>
    {
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)i;
    });

    /// <summary>
    /// A name as Python's codec registry reads it: lower-cased (codecs.lookup), then every run of characters other
    /// than letters, digits and '.' turned into one '_', none at either end (encodings.normalize_encoding).
    /// </summary>
    private static string Normalize(string name)
    {
        var normalized = new StringBuilder(name.Length);
        bool punctuation = false;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c) || c == '.')
            {
                if (punctuation && normalized.Length > 0) normalized.Append('_');
                if (char.IsAscii(c)) normalized.Append(char.ToLowerInvariant(c));
                punctuation = false;
            }
            else punctuation = true;
        }
        return normalized.ToString();
    }
}
