using System.Text;

namespace Httpx;

/// <summary>
/// Percent-encoding as HTTPX does it: URL components are quoted with the WHATWG safe sets (so an existing valid
/// <c>%XX</c> escape, and even a lone <c>%</c>, is kept), while query parameters are form-encoded like Python's
/// <c>urlencode</c> (space as <c>+</c>, everything outside the unreserved set escaped).
/// </summary>
internal static class PercentEncoding
{
    private const string Unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private const string SubDelims = "!$&'()*+,;=";

    // WHATWG sets, expressed as the printable ASCII characters that are NOT escaped (https://url.spec.whatwg.org/#percent-encoded-bytes).
    internal static readonly bool[] FragmentSafe = PrintableExcept(" \"<>`");
    internal static readonly bool[] QuerySafe = PrintableExcept(" \"#<>");
    internal static readonly bool[] PathSafe = PrintableExcept(" \"#<>?`{}");
    internal static readonly bool[] UserPartSafe = PrintableExcept(" \"#<>?`{}/:;=@[\\]^|");

    // The joint "user:password" component keeps its ':' separator.
    internal static readonly bool[] UserInfoSafe = PrintableExcept(" \"#<>?`{}/;=@[\\]^|");

    // RFC 3986 reg-name plus the characters WHATWG tolerates in hosts.
    internal static readonly bool[] HostSafe = Only(Unreserved + SubDelims + "\"`{}%|\\");

    private static readonly bool[] FormSafe = Only(Unreserved);

    // Python's http.cookiejar HTTP_PATH_SAFE, what its escape_path leaves as it is besides the unreserved set (which is
    // in the table too, so that a letter is one look-up: this runs on the path of every request whose jar has cookies).
    internal static readonly bool[] CookiePathSafe = Only(Unreserved + "%/;:@&=+$,!~*'()");

    private static bool[] PrintableExcept(string excluded)
    {
        var safe = new bool[128];
        for (var c = 0x20; c < 0x7F; c++) safe[c] = !excluded.Contains((char)c);
        return safe;
    }

    private static bool[] Only(string chars)
    {
        var safe = new bool[128];
        foreach (var c in chars) safe[c] = true;
        return safe;
    }

    /// <summary>Escapes every character outside the unreserved set and <paramref name="safe"/>, as UTF-8 bytes.</summary>
    internal static string Quote(string value, bool[] safe)
    {
        if (!NeedsQuoting(value, safe)) return value;
        var builder = new StringBuilder(value.Length + 16);
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (safe[rune.Value] || Unreserved.Contains((char)rune.Value))) builder.Append((char)rune.Value);
            else AppendEscaped(builder, rune);
        }
        return builder.ToString();
    }

    // A plain loop: this runs on every component of every request URL, and the LINQ form allocated a closure each time.
    private static bool NeedsQuoting(string value, bool[] safe)
    {
        foreach (var c in value)
            if (c >= 128 || !(safe[c] || Unreserved.Contains(c))) return true;
        return false;
    }

    /// <summary>Upper-cases the hex digits of every <c>%xx</c> escape ('%7e' is '%7E'); anything else is kept.</summary>
    internal static string UppercaseEscapes(string value)
    {
        if (!value.Contains('%')) return value;
        char[]? chars = null;
        for (var i = 0; i + 2 < value.Length; i++)
        {
            if (value[i] != '%' || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2])) continue;
            for (var j = i + 1; j <= i + 2; j++)
            {
                if (!char.IsAsciiLetterLower(value[j])) continue;
                chars ??= value.ToCharArray();
                chars[j] = char.ToUpperInvariant(value[j]);
            }
            i += 2;
        }
        return chars is null ? value : new string(chars);
    }

    /// <summary>Form-encodes a query parameter name or value as Python's <c>quote_plus</c> with no extra safe characters.</summary>
    internal static string FormEncode(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value == ' ') builder.Append('+');
            else if (rune.IsAscii && FormSafe[rune.Value]) builder.Append((char)rune.Value);
            else AppendEscaped(builder, rune);
        }
        return builder.ToString();
    }

    /// <summary>Decodes a form-encoded name or value: '+' is a space, then <see cref="Unquote"/>.</summary>
    internal static string FormDecode(string value) => Unquote(value.Replace('+', ' '));

    /// <summary>
    /// Decodes valid <c>%XX</c> escapes as UTF-8 (invalid sequences become U+FFFD, like Python's <c>unquote</c>);
    /// a '%' that does not start a valid escape is kept as is.
    /// </summary>
    internal static string Unquote(string value)
    {
        if (!value.Contains('%')) return value;
        var builder = new StringBuilder(value.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && char.IsAsciiHexDigit(value[i + 1]) && char.IsAsciiHexDigit(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
                continue;
            }
            FlushBytes(builder, bytes);
            builder.Append(value[i]);
        }
        FlushBytes(builder, bytes);
        return builder.ToString();
    }

    private static void FlushBytes(StringBuilder builder, List<byte> bytes)
    {
        if (bytes.Count == 0) return;
        builder.Append(Encoding.UTF8.GetString(bytes.ToArray()));
        bytes.Clear();
    }

    private static void AppendEscaped(StringBuilder builder, Rune rune)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        foreach (var b in utf8[..length]) builder.Append('%').Append(b.ToString("X2"));
    }
}
