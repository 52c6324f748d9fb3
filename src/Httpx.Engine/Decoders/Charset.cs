using System.Text;

namespace Httpx;

/// <summary>Finds the text encoding a Content-Type names, as HTTPX's <c>charset_encoding</c> and codec lookup do.</summary>
public static class Charset
{
    // Python codec names that .NET does not know under the same spelling.
    private static readonly Dictionary<string, string> PythonAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8", ["u8"] = "utf-8", ["latin-1"] = "iso-8859-1", ["l1"] = "iso-8859-1",
        ["maccyrillic"] = "x-mac-cyrillic", ["mac-cyrillic"] = "x-mac-cyrillic", ["sjis"] = "shift_jis",
        ["cp936"] = "gbk", ["cp949"] = "ks_c_5601-1987",
    };

    // Legacy code pages (windows-1251, shift_jis, ...) are not available in .NET until this provider is registered.
    static Charset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // The names .NET's own encoding table knows (UTF-*, ASCII, Latin-1; from System.Text.EncodingTable): asked for by
    // any other name, Encoding.GetEncoding throws, so the lookup checks the name first instead of catching.
    private static readonly HashSet<string> BuiltInNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "ansi_x3.4-1968", "ansi_x3.4-1986", "ascii", "cp367", "csascii", "ibm367", "iso-ir-6", "iso646-us", "iso_646.irv:1991", "us", "us-ascii",
        "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
        "unicode-1-1-utf-8", "unicode-2-0-utf-8", "utf-8", "x-unicode-1-1-utf-8", "x-unicode-2-0-utf-8",
        "iso-10646-ucs-2", "ucs-2", "unicode", "utf-16", "utf-16le", "unicodefffe", "utf-16be", "utf-32", "utf-32le", "utf-32be",
    };

    // Python's errors='replace': an undecodable byte becomes U+FFFD.
    private static readonly DecoderFallback Replacement = new DecoderReplacementFallback("\uFFFD");

    /// <summary>
    /// The encoding of the <c>charset</c> parameter of <paramref name="contentType"/>, or null when there is none
    /// or it is unknown (HTTPX then falls back to UTF-8). Undecodable bytes become U+FFFD (Python's errors='replace').
    /// </summary>
    public static Encoding? FromContentType(string? contentType) => FromName(CharsetParameter(contentType));

    /// <summary>
    /// The charset <paramref name="contentType"/> names, lower-cased as given ("latin-1" stays "latin-1", as HTTPX's
    /// <c>charset_encoding</c> has it), or null when there is none or no codec knows it.
    /// </summary>
    public static string? NameFromContentType(string? contentType) =>
        CharsetParameter(contentType) is { } name && FromName(name) is not null ? name : null;

    /// <summary>
    /// The encoding called <paramref name="name"/> (Python spellings such as "utf8" or "latin_1" too), or null.
    /// "utf-16", "utf-32" and "utf-8-sig" drop a byte order mark as Python's codecs of those names do.
    /// </summary>
    public static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = name.Trim();
        string hyphenated = name.Replace('_', '-');
        if (ByteOrderMarkCodecs.TryGetValue(hyphenated, out var withMark)) return withMark.Value;
        return Lookup(name) ?? Lookup(hyphenated) ?? (PythonAliases.TryGetValue(hyphenated, out var alias) ? Lookup(alias) : null);
    }

    // Python's codecs that read a byte order mark, by their names and aliases; "utf-16le", "utf-8" and the rest keep
    // it as U+FEFF, as .NET's decoders do.
    private static readonly Dictionary<string, Lazy<Encoding>> ByteOrderMarkCodecs = ByteOrderMarkCodecTable();

    private static Dictionary<string, Lazy<Encoding>> ByteOrderMarkCodecTable()
    {
        var utf16 = new Lazy<Encoding>(() => new ByteOrderMarkEncoding("utf-16", Lookup("utf-16le")!,
            ([0xFF, 0xFE], Lookup("utf-16le")!), ([0xFE, 0xFF], Lookup("utf-16be")!)));
        var utf32 = new Lazy<Encoding>(() => new ByteOrderMarkEncoding("utf-32", Lookup("utf-32le")!,
            ([0xFF, 0xFE, 0x00, 0x00], Lookup("utf-32le")!), ([0x00, 0x00, 0xFE, 0xFF], Lookup("utf-32be")!)));
        var utf8Sig = new Lazy<Encoding>(() => new ByteOrderMarkEncoding("utf-8-sig", Lookup("utf-8")!, ([0xEF, 0xBB, 0xBF], Lookup("utf-8")!)));
        return new Dictionary<string, Lazy<Encoding>>(StringComparer.OrdinalIgnoreCase)
        {
            ["utf-16"] = utf16, ["utf16"] = utf16, ["u16"] = utf16,
            ["utf-32"] = utf32, ["utf32"] = utf32, ["u32"] = utf32,
            ["utf-8-sig"] = utf8Sig,
        };
    }

    private static readonly HashSet<string> Utf7Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "csunicode11utf7", "unicode-1-1-utf-7", "unicode-2-0-utf-7", "utf-7", "utf7", "x-unicode-1-1-utf-7", "x-unicode-2-0-utf-7",
    };

    /// <summary>What Encoding.GetEncoding finds by that name, or null for a name it does not know (where it throws).</summary>
    private static Encoding? Lookup(string name) =>
        // The code-pages provider answers null for a name it does not know; Encoding.GetEncoding asks it first too.
        CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ReplacementFallback, Replacement)
        ?? (BuiltInNames.Contains(name) ? Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, Replacement) : null)
        ?? (Utf7Names.Contains(name) ? Utf7.Value : null);

    /// <summary>
    /// UTF-7, which Python decodes and HTTPX therefore too: .NET refuses it by name (NotSupportedException, as a
    /// security measure for its own APIs) but still has the codec; decoding a body with it is harmless.
    /// </summary>
    private static readonly Lazy<Encoding> Utf7 = new(() =>
    {
#pragma warning disable SYSLIB0001 // UTF-7 is obsolete for writing; here it only reads what a server sent
        var utf7 = (Encoding)new UTF7Encoding(allowOptionals: true).Clone();
#pragma warning restore SYSLIB0001
        utf7.DecoderFallback = Replacement;
        return utf7;
    });

    /// <summary>The charset parameter's value, unquoted and lower-cased, as Python's <c>get_content_charset</c>.</summary>
    private static string? CharsetParameter(string? contentType)
    {
        if (contentType is null) return null;
        int semicolon = contentType.IndexOf(';');
        if (semicolon < 0) return null;
        foreach (string parameter in contentType[(semicolon + 1)..].Split(';'))
        {
            int equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase)) continue;
            string value = parameter[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1].Replace("\\\"", "\"");
            return value.Trim().ToLowerInvariant();
        }
        return null;
    }
}
