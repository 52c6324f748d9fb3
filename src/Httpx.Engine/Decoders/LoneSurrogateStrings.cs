using System.Text;
using System.Text.Json;

namespace Httpx;

/// <summary>
/// Strings with half of a surrogate pair. JSON strings with an escaped surrogate that has no partner ("\ud83d", as JavaScript's JSON.stringify writes a string
/// cut in the middle of an emoji): Python's json.loads reads them, and a .NET string can hold them, but System.Text.Json
/// refuses them, and only when the string is read (an InvalidOperationException far from the parse). Such strings are
/// unescaped here instead, on the path of text that has a surrogate escape at all.
/// </summary>
internal static class LoneSurrogateStrings
{
    /// <summary>Whether <paramref name="utf8"/> has a \uD800-\uDFFF escape anywhere (a lone one or a pair).</summary>
    public static bool Possible(ReadOnlySpan<byte> utf8)
    {
        for (int i = utf8.IndexOf("\\u"u8); i >= 0 && i + 2 < utf8.Length; i = NextEscape(utf8, i + 2))
        {
            if (utf8[i + 2] is (byte)'d' or (byte)'D') return true;
        }
        return false;
    }

    private static int NextEscape(ReadOnlySpan<byte> utf8, int from)
    {
        int next = utf8[from..].IndexOf("\\u"u8);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>
    /// Where <paramref name="text"/> has half of a surrogate pair without its other half (text cut inside an emoji),
    /// or -1: no UTF encodes one, and .NET's encoders write U+FFFD for it without a word.
    /// </summary>
    /// <remarks>
    /// Every request's URL is checked, and every text body and form or query value: the surrogates are looked for with
    /// a vectorised search, so that text without one (nearly all) is not walked a character at a time.
    /// </remarks>
    public static int IndexIn(string text)
    {
        var span = text.AsSpan();
        for (var i = 0; ; i += 2)
        {
            var next = span[i..].IndexOfAnyInRange('\ud800', '\udfff');
            if (next < 0) return -1;
            i += next;
            // A pair is skipped whole; anything else is half of one.
            if (!char.IsHighSurrogate(span[i]) || i + 1 == span.Length || !char.IsLowSurrogate(span[i + 1])) return i;
        }
    }

    /// <summary>What is wrong with <paramref name="text"/>, whose half character is at <paramref name="at"/>, for an error.</summary>
    public static string Described(string text, int at, string encodedIn) =>
        $"half of a surrogate pair (U+{(int)text[at]:X4}) at character {at}, text cut inside a character such as an emoji, which cannot be encoded in {encodedIn}";

    /// <summary>A string value, lone surrogates and all.</summary>
    public static string Value(JsonElement element)
    {
        try { return element.GetString()!; }
        catch (InvalidOperationException) { return Unescape(element.GetRawText()); }
    }

    /// <summary>A property's name, lone surrogates and all.</summary>
    public static string Name(JsonProperty property)
    {
        try { return property.Name; }
        catch (InvalidOperationException) { return Unescape(property.ToString()); } // the raw "name": value text
    }

    /// <summary>The string literal that <paramref name="raw"/> starts with, its escapes undone.</summary>
    private static string Unescape(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (int i = 1; raw[i] != '"'; i++)
        {
            char c = raw[i];
            if (c != '\\') { text.Append(c); continue; }
            c = raw[++i];
            text.Append(c switch
            {
                'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t',
                'u' => (char)Convert.ToUInt16(raw.Substring(i + 1, 4), 16),
                _ => c, // \" \\ \/
            });
            if (c == 'u') i += 4;
        }
        return text.ToString();
    }
}
