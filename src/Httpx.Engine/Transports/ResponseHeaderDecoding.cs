using System.Text;
using System.Text.Unicode;

namespace Httpx.Transports;

/// <summary>
/// Response header values as HTTPX reads them: ASCII, else UTF-8 when every value is valid UTF-8, else Latin-1
/// (HTTPX's <c>Headers.encoding</c> decides for the whole set). The handler reads each byte as one Latin-1 character,
/// so a UTF-8 value ("José") came out as "JosÃ©". Location is the exception: the handler reads it as UTF-8 itself.
/// </summary>
internal static class ResponseHeaderDecoding
{
    /// <summary>
    /// <paramref name="headers"/> with its non-ASCII values read as UTF-8 if all of them are UTF-8; else, and in the
    /// usual case of ASCII only (one vectorised scan per value), the same instance.
    /// </summary>
    public static Headers AsHttpxReadsThem(Headers headers)
    {
        var utf8 = false;
        foreach (var (name, value) in headers.RawList)
        {
            if (AsItIs(name, value)) continue;
            // A character beyond Latin-1 means the handler did not read bytes one by one: leave its reading alone.
            if (value.AsSpan().ContainsAnyExceptInRange('\0', '\u00FF') || !Utf8.IsValid(Encoding.Latin1.GetBytes(value))) return headers;
            utf8 = true;
        }
        if (!utf8) return headers;
        var decoded = new Headers(capacity: headers.Count);
        foreach (var (name, value) in headers.RawList)
            decoded.AddTrusted(name, AsItIs(name, value) ? value : Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(value)));
        return decoded;
    }

    // ASCII reads the same either way; Location the handler has read as UTF-8 already.
    private static bool AsItIs(string name, string value) =>
        Ascii.IsValid(value) || name.Equals("Location", StringComparison.OrdinalIgnoreCase);
}
