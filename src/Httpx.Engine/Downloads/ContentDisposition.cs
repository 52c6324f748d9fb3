using System.Text;

namespace Httpx;

/// <summary>
/// The file name a Content-Disposition header (RFC 6266) suggests: filename* (RFC 5987, percent-encoded) before
/// filename. Parameters are read as tokens or quoted-strings, so a ';' inside quotes is part of the name and
/// \" and \\ are quoted-pairs. The result is the server's word only: callers keep just a safe last segment.
/// </summary>
internal static class ContentDisposition
{
    private static readonly char[] EqualsOrSemicolon = ['=', ';'];

    /// <summary>
    /// The name the response's Content-Disposition fields suggest. Several fields that differ (tc2231's
    /// attmultinstances: a header set twice, or one injected) suggest none, as tc2231 asks; Chrome refuses such a
    /// response. Joined with ", " they read as one header whose second half named the file.
    /// </summary>
    public static string? FileName(IReadOnlyList<string> fields) =>
        fields.Count > 0 && fields.All(f => f.Trim() == fields[0].Trim()) ? FileName(fields[0]) : null;

    /// <summary>
    /// The name one Content-Disposition field suggests. Of repeated parameters (tc2231's attwith2filenames, invalid
    /// in RFC 6266) the first is taken, as Chrome, curl -J and Python's email take it; of filename*, the first that
    /// can be read, as an unreadable one alone is passed over.
    /// </summary>
    public static string? FileName(string? header)
    {
        // A quoted disposition type is no type (tc2231's attonlyquoted, attmissingdisposition3): its ';' and "filename="
        // are inside the quotes, and a name read from there is none the server gave. No name, as Chrome reads it.
        if (header is null || header.AsSpan().TrimStart().StartsWith("\"")) return null;
        string? plain = null, extended = null;
        // The parameters follow the disposition type (attachment, inline), a token ending at the first ';'; a header
        // that starts with a parameter instead (no type, as some servers send) is read from the start.
        var semicolon = header.IndexOf(';');
        var i = header.AsSpan(0, semicolon < 0 ? header.Length : semicolon).Contains('=') ? 0 : semicolon + 1;
        while (i < header.Length)
        {
            var equals = header.IndexOfAny(EqualsOrSemicolon, i);
            if (equals < 0) break;
            if (header[equals] == ';')
            {
                i = equals + 1; // a parameter without a value
                continue;
            }
            var name = header[i..equals].Trim();
            var value = Value(header, equals + 1, out var next);
            if (name.Equals("filename*", StringComparison.OrdinalIgnoreCase))
            {
                // charset'language'percent-encoded
                var quote = value.IndexOf('\'');
                var second = quote < 0 ? -1 : value.IndexOf('\'', quote + 1);
                if (second > 0) extended ??= Decoded(value[..quote], value[(second + 1)..]);
            }
            else if (name.Equals("filename", StringComparison.OrdinalIgnoreCase))
            {
                plain ??= value;
            }
            if (next < 0) break;
            i = next + 1;
        }
        return string.IsNullOrEmpty(extended) ? plain : extended;
    }

    /// <summary>
    /// An RFC 8187 value in its charset: UTF-8 or ISO-8859-1, the two every recipient must read. Null (so the plain
    /// filename is used) for another charset or an escape that is not two hex digits.
    /// </summary>
    private static string? Decoded(string charset, string encoded)
    {
        var encoding = charset.Trim().ToLowerInvariant() switch
        {
            "utf-8" => (Encoding)new UTF8Encoding(false, throwOnInvalidBytes: true),
            "iso-8859-1" => Encoding.Latin1,
            _ => null,
        };
        if (encoding is null) return null;
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] > 0x7F) return null; // attr-chars are ASCII
            if (encoded[i] != '%') { bytes.Add((byte)encoded[i]); continue; }
            if (i + 2 >= encoded.Length || !byte.TryParse(encoded.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                return null;
            bytes.Add(b);
            i += 2;
        }
        try { return encoding.GetString(bytes.ToArray()); }
        catch (DecoderFallbackException) { return null; }
    }

    // A token up to the next ';', or a quoted-string with its quoted-pairs undone (anything after it up to ';' is
    // ignored). next is the index of the ';' after the value, or -1 at the end.
    private static string Value(string header, int start, out int next)
    {
        var i = start;
        while (i < header.Length && header[i] is ' ' or '\t') i++;
        if (i == header.Length || header[i] != '"')
        {
            next = header.IndexOf(';', i);
            return (next < 0 ? header[i..] : header[i..next]).Trim();
        }
        var value = QuotedString.Read(header, ref i, out _);
        next = i < header.Length ? header.IndexOf(';', i) : -1;
        return value;
    }
}
