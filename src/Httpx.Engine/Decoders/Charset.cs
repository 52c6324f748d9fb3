using System.Text;

namespace Httpx;

/// <summary>Finds the text encoding a Content-Type names, as HTTPX's <c>charset_encoding</c> and codec lookup do.</summary>
public static class Charset
{
    /// <summary>
    /// The encoding of the <c>charset</c> parameter of <paramref name="contentType"/>, or null when there is none
    /// or it is unknown (HTTPX then falls back to UTF-8). Undecodable bytes become U+FFFD (Python's errors='replace').
    /// </summary>
    public static Encoding? FromContentType(string? contentType) => FromName(CharsetParameter(contentType));

    /// <summary>
    /// The charset <paramref name="contentType"/> names, lower-cased as given ("latin-1" stays "latin-1"), known to a
    /// codec or not, or null when there is none: HTTPX's <c>charset_encoding</c>.
    /// </summary>
    public static string? NameFromContentType(string? contentType) => CharsetParameter(contentType);

    /// <summary>As <see cref="NameFromContentType"/>, but null also when no codec knows the name (HTTPX's <c>encoding</c> then falls back).</summary>
    public static string? KnownNameFromContentType(string? contentType) =>
        CharsetParameter(contentType) is { } name && FromName(name) is not null ? name : null;

    /// <summary>
    /// The encoding of the Python codec called <paramref name="name"/>, by any of the names Python's codecs.lookup
    /// takes ("utf8", "latin_1", "cp1251", "windows-1251", "mac-roman"...), or null when Python knows no text codec by
    /// that name (or .NET has none for it: <see cref="PythonCodecs"/>).
    /// </summary>
    public static Encoding? FromName(string? name) =>
        string.IsNullOrWhiteSpace(name) || PythonCodecs.CodecName(name) is not { } codec ? null : PythonCodecs.EncodingOf(codec);

    /// <summary>
    /// <paramref name="text"/> as the bytes of the charset <paramref name="contentType"/> names, for a text body sent
    /// under it (Invoke-WebRequest's rule; HTTPX's <c>content=str</c> is always UTF-8): UTF-8 when it names none or
    /// one no codec knows. A character the charset cannot write, or half of a surrogate pair, is an
    /// <see cref="ArgumentException"/> naming it: the encoders write '?' or U+FFFD for it, and the server would read
    /// other text than was given.
    /// </summary>
    public static byte[] EncodeText(string text, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = CharsetParameter(contentType);
        if (FromName(name) is { } encoding) return Encode(text, encoding, name!, "the Content-Type");
        RefuseLoneSurrogate(text, "UTF-8");
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// <paramref name="text"/> as the bytes of the codec called <paramref name="charset"/> (an XML declaration's
    /// encoding, say), with the byte order mark and the check of <see cref="EncodeText(string, string?)"/>; a character
    /// it cannot write is an <see cref="ArgumentException"/> saying that <paramref name="namedBy"/> names the charset.
    /// A name no codec knows is an <see cref="ArgumentException"/> too: ask <see cref="FromName"/> first to say more.
    /// </summary>
    public static byte[] EncodeText(string text, string charset, string namedBy)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromName(charset) is { } encoding
            ? Encode(text, encoding, charset, namedBy)
            : throw new ArgumentException($"No codec knows charset '{charset}', which {namedBy} names.", nameof(charset));
    }

    private static byte[] Encode(string text, Encoding encoding, string name, string namedBy)
    {
        // "utf-16", "utf-32" and "utf-8-sig" write a byte order mark first, as Python's encoders do: without it a reader
        // takes UTF-16 as big-endian (RFC 2781), and the little-endian text reads as other characters. Decoding drops
        // the mark, so the round trip below holds for them too (a text's own leading U+FEFF included).
        RefuseLoneSurrogate(text, $"charset {name}, which {namedBy} names");
        byte[] bytes;
        if (encoding is ByteOrderMarkEncoding marked) bytes = [.. marked.Mark, .. encoding.GetBytes(text)];
        else if (encoding.CodePage == Encoding.UTF8.CodePage) return Encoding.UTF8.GetBytes(text);
        else bytes = encoding.GetBytes(text);
        if (encoding.GetString(bytes) == text) return bytes;
        // Only on failure: find the first character that does not survive the round trip, to name it.
        foreach (var rune in text.EnumerateRunes())
        {
            var one = rune.ToString();
            if (encoding.GetString(encoding.GetBytes(one)) != one)
                throw new ArgumentException($"'{one}' (U+{rune.Value:X4}) cannot be encoded in charset {name}, which {namedBy} names.", nameof(text));
        }
        throw new ArgumentException($"The text cannot be encoded in charset {name}, which {namedBy} names.", nameof(text));
    }

    /// <summary>
    /// Half of a surrogate pair is no character: every encoder writes U+FFFD (or '?') for it, so the server read other
    /// text than was given (the check below then named U+FFFD, which the text did not have). Python's encoders refuse it.
    /// </summary>
    private static void RefuseLoneSurrogate(string text, string encodedIn)
    {
        int at = LoneSurrogateStrings.IndexIn(text);
        if (at >= 0)
            throw new ArgumentException($"The text has {LoneSurrogateStrings.Described(text, at, encodedIn)}.", nameof(text));
    }

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
