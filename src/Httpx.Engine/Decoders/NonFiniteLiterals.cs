namespace Httpx;

/// <summary>
/// JSON's missing numbers as Python's json module writes and reads them: <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c>. System.Text.Json refuses these literals, so text that has them is read again with each one (outside
/// strings) turned into a string marked by a noncharacter (U+FDD0, which no text exchanged between programs holds), and
/// the marked strings become doubles.
/// </summary>
internal static class NonFiniteLiterals
{
    private const string MarkPrefix = "\uFDD0";
    private static readonly byte[] NaN = "NaN"u8.ToArray();
    private static readonly byte[] Infinity = "Infinity"u8.ToArray();
    private static readonly byte[] NegativeInfinity = "-Infinity"u8.ToArray();

    /// <summary>
    /// The text with each literal where a value goes (first, or after '[', ',' or ':', outside strings) as a marked
    /// string, or null when it has none. A literal elsewhere (an object's key) stays, and the text stays invalid.
    /// </summary>
    public static byte[]? Mark(ReadOnlySpan<byte> utf8)
    {
        List<byte>? marked = null;
        var inString = false;
        byte before = (byte)'['; // the last byte outside strings that is not white space; the start takes a value
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (inString)
            {
                if (b == (byte)'\\') { marked?.Add(b); i++; if (i < utf8.Length) marked?.Add(utf8[i]); continue; }
                if (b == (byte)'"') inString = false;
                marked?.Add(b);
                continue;
            }
            if (b == (byte)'"') inString = true;
            var literal = before is not ((byte)'[' or (byte)',' or (byte)':') ? null
                : utf8[i..].StartsWith(NaN) ? NaN
                : utf8[i..].StartsWith(Infinity) ? Infinity
                : utf8[i..].StartsWith(NegativeInfinity) ? NegativeInfinity
                : null;
            if (literal is null)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) before = b;
                marked?.Add(b);
                continue;
            }
            before = (byte)'"';
            marked ??= [.. utf8[..i]];
            marked.AddRange(System.Text.Encoding.UTF8.GetBytes($"\"{MarkPrefix}{System.Text.Encoding.ASCII.GetString(literal)}\""));
            i += literal.Length - 1;
        }
        return marked?.ToArray();
    }

    /// <summary>The double a marked string stands for, or null for any other string.</summary>
    public static double? Value(string text) => text switch
    {
        MarkPrefix + "NaN" => double.NaN,
        MarkPrefix + "Infinity" => double.PositiveInfinity,
        MarkPrefix + "-Infinity" => double.NegativeInfinity,
        _ => null,
    };
}
