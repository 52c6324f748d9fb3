using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Httpx;

/// <summary>
/// HTTPX's <c>urlparse</c>: splits a URL with RFC 3986 regular expressions, then validates and normalises each component.
/// Every error names the problem and the offending value; passwords are never quoted.
/// </summary>
internal static class UrlParser
{
    internal const int MaxLength = 65536;

    // How SplitUrl splits a URL, as a pattern (it always matches: every component may be empty; the query and
    // fragment groups tell "absent" from "empty"):
    // ^(?:(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)?:)?(?://(?<authority>[^/?#]*))?(?<path>[^?#]*)(?:\?(?<query>[^#]*))?(?:#(?<fragment>.*))?

    internal static readonly Regex SchemeComponent = new(@"^([a-zA-Z][a-zA-Z0-9+.-]*)?$", RegexOptions.CultureInvariant);
    internal static readonly Regex HostComponent = new(@"^(\[.*\]|[^:]*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant);
    internal static readonly Regex PathComponent = new(@"^[^?#]*$", RegexOptions.CultureInvariant);
    internal static readonly Regex QueryComponent = new(@"^[^#]*$", RegexOptions.CultureInvariant);

    private static readonly Regex Ipv6Literal = new(@"^[0-9A-Fa-f:.]+(%.+)?$", RegexOptions.CultureInvariant);

    // https://url.spec.whatwg.org/#url-miscellaneous
    private static readonly Dictionary<string, int> DefaultPorts = new(StringComparer.Ordinal)
    {
        ["ftp"] = 21, ["http"] = 80, ["https"] = 443, ["ws"] = 80, ["wss"] = 443,
    };

    internal static int? DefaultPort(string scheme) => DefaultPorts.TryGetValue(scheme, out var port) ? port : null;

    /// <summary>
    /// Parses a URL string; when <paramref name="replaceQuery"/> is set, <paramref name="query"/> replaces its query.
    /// <paramref name="writtenAs"/>, when given, is the text the user wrote, which errors quote: <paramref name="url"/>
    /// was made from it (a URL pattern without its host's wildcard, which IDNA would refuse).
    /// </summary>
    internal static UrlComponents Parse(string url, bool replaceQuery = false, string? query = null, string? writtenAs = null)
    {
        var written = writtenAs ?? url;
        if (url.Length > MaxLength)
            throw new InvalidUrlException($"URL too long: {written.Length} characters, the maximum is {MaxLength} (URL {Display(Truncate(UrlPasswords.Hide(written)))})");
        if (IndexOfNonPrintable(url) >= 0)
        {
            var bad = IndexOfNonPrintable(written);
            throw new InvalidUrlException($"Invalid non-printable ASCII character {Display(written[bad].ToString())} at position {bad} in URL {Display(UrlPasswords.Hide(written))}");
        }
        // Half of a surrogate pair (text cut inside an emoji) has no UTF-8 bytes: percent-encoded, it went out as U+FFFD
        // (%EF%BF%BD) without a word, where Python's quote raises (HTTPX: UnicodeEncodeError).
        if (LoneSurrogateStrings.IndexIn(url) >= 0)
        {
            var half = Math.Max(LoneSurrogateStrings.IndexIn(written), 0);
            throw new InvalidUrlException($"Invalid character in URL {Display(UrlPasswords.Hide(written))}: {LoneSurrogateStrings.Described(written, half, "UTF-8")}");
        }

        var parts = SplitUrl(url);
        var authority = SplitAuthority(parts.Authority);
        // "[::1" without its ']': the host ran to the first ':' and the rest read as a port ("Invalid port ':1'"), which
        // named the wrong problem. A '[' can only open an IPv6 literal, so the literal as written is named instead.
        if (authority.Host.StartsWith('[') && !authority.Host.EndsWith(']'))
        {
            var context = UrlErrorContext.Parsing(written);
            var literal = parts.Authority[(parts.Authority.LastIndexOf('@') + 1)..];
            throw new InvalidUrlException($"Invalid IPv6 address {context.Quote(literal)}: the '[' is not closed by ']'{context}");
        }
        // "http://::1:8080/" or "http://fe80::1%eth0/": an IPv6 address without its brackets. The host ran to the first
        // ':' and the rest read as a port ("Invalid port ':1:8080'", HTTPX's message too), which did not say what to write.
        if (!authority.Host.StartsWith('[') && authority.Port.Contains(':') && Bracketed(authority.Host + ":" + authority.Port) is { } bracketed)
        {
            var context = UrlErrorContext.Parsing(written);
            throw new InvalidUrlException($"Invalid port {context.Quote(authority.Port)}{context}: an IPv6 address goes in brackets in a URL, write {bracketed}");
        }
        return Normalize(
            parts.Scheme,
            authority.UserInfo,
            authority.Host,
            authority.Port,
            parts.Path,
            replaceQuery ? query : parts.Query,
            parts.Fragment,
            UrlErrorContext.Parsing(written));
    }

    /// <summary>
    /// Splits a URL exactly as the pattern above matches it; Query and Fragment are null when absent. Written out
    /// by hand because every request parses its URL and the regex match (and its groups) cost more than the rest of
    /// parsing put together.
    /// </summary>
    private static (string Scheme, string Authority, string Path, string? Query, string? Fragment) SplitUrl(string url)
    {
        // (?:(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*)?:)? : a scheme ends at the first ':' after a run of scheme characters;
        // a leading ':' alone is consumed with no scheme.
        var pos = 0;
        var scheme = "";
        var run = 0;
        if (url.Length > 0 && char.IsAsciiLetter(url[0]))
        {
            run = 1;
            while (run < url.Length && IsSchemeChar(url[run])) run++;
        }
        if (run > 0 && run < url.Length && url[run] == ':')
        {
            // The common schemes without a substring per URL.
            scheme = url.AsSpan(0, run) switch { "https" => "https", "http" => "http", _ => url[..run] };
            pos = run + 1;
        }
        else if (url.Length > 0 && url[0] == ':')
        {
            pos = 1;
        }

        // (?://(?<authority>[^/?#]*))?
        var authority = "";
        if (url.AsSpan(pos).StartsWith("//"))
        {
            var start = pos + 2;
            var length = url.AsSpan(start).IndexOfAny('/', '?', '#');
            pos = length < 0 ? url.Length : start + length;
            authority = url[start..pos];
        }

        // (?<path>[^?#]*)(?:\?(?<query>[^#]*))?(?:#(?<fragment>.*))?
        var pathLength = url.AsSpan(pos).IndexOfAny('?', '#');
        var pathEnd = pathLength < 0 ? url.Length : pos + pathLength;
        var path = url[pos..pathEnd];
        pos = pathEnd;
        string? query = null;
        if (pos < url.Length && url[pos] == '?')
        {
            var end = url.IndexOf('#', pos + 1);
            if (end < 0) end = url.Length;
            query = url[(pos + 1)..end];
            pos = end;
        }
        var fragment = pos < url.Length && url[pos] == '#' ? url[(pos + 1)..] : null;
        return (scheme, authority, path, query, fragment);
    }

    /// <summary>
    /// Splits an authority as <c>^(?:(?&lt;userinfo&gt;.*)@)?(?&lt;host&gt;\[.*\]|[^:@]*):?(?&lt;port&gt;.*)</c> matches it:
    /// the userinfo runs to the last '@'; the host is a bracketed IPv6 literal (to the last ']') or runs to the first ':'.
    /// </summary>
    private static (string UserInfo, string Host, string Port) SplitAuthority(string authority)
    {
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? "" : authority[..at];
        var rest = at < 0 ? authority : authority[(at + 1)..];
        int hostEnd;
        var close = rest.LastIndexOf(']');
        if (rest.StartsWith('[') && close > 0)
        {
            hostEnd = close + 1;
        }
        else
        {
            hostEnd = rest.IndexOf(':');
            if (hostEnd < 0) hostEnd = rest.Length;
        }
        var portStart = hostEnd < rest.Length && rest[hostEnd] == ':' ? hostEnd + 1 : hostEnd;
        return (userInfo, rest[..hostEnd], rest[portStart..]);
    }

    /// <summary>
    /// An IPv6 address written without brackets, bracketed as a URL writes it: "'[::1]:8080'" for "::1:8080" (also a
    /// whole address, so "(or '[::1:8080]' ...)" follows), "'[fe80::1%25eth0]'" for "fe80::1%eth0"; null for other text.
    /// </summary>
    private static string? Bracketed(string text)
    {
        static bool IsIPv6(string value) =>
            value.Contains(':') && System.Net.IPAddress.TryParse(value, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        static string Literal(string value) => "[" + value.Replace("%", "%25", StringComparison.Ordinal) + "]";
        var colon = text.LastIndexOf(':');
        var port = text[(colon + 1)..];
        var withPort = port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit) && IsIPv6(text[..colon]) ? $"'{Literal(text[..colon])}:{port}'" : null;
        var whole = IsIPv6(text) ? $"'{Literal(text)}'" : null;
        return withPort is not null && whole is not null ? $"{withPort} (or {whole} if all of it is the address)" : withPort ?? whole;
    }

    private static bool IsSchemeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-';

    /// <summary>
    /// Validates and normalises raw components. <paramref name="context"/> ends every error message,
    /// naming the URL being parsed or copied.
    /// </summary>
    internal static UrlComponents Normalize(string scheme, string userInfo, string host, string port, string path, string? query, string? fragment, UrlErrorContext context)
    {
        scheme = scheme.ToLowerInvariant();
        var encodedHost = EncodeHost(host, context);
        var writtenPort = ParsePort(port, context);
        var normalizedPort = writtenPort == DefaultPort(scheme) ? null : writtenPort;
        var encodedUserInfo = PercentEncoding.Quote(userInfo, PercentEncoding.UserInfoSafe);

        var hasScheme = scheme.Length > 0;
        var hasAuthority = encodedUserInfo.Length > 0 || encodedHost.Length > 0 || normalizedPort is not null;
        if (hasAuthority && path.Length > 0 && !path.StartsWith('/'))
            throw new InvalidUrlException($"For absolute URLs, path must be empty or begin with '/', got {context.Quote(path)}{context}");
        if (!hasScheme && !hasAuthority && path.StartsWith("//", StringComparison.Ordinal))
            throw new InvalidUrlException($"Relative URLs cannot have a path starting with '//', got {context.Quote(path)}{context}");
        if (!hasScheme && !hasAuthority && path.StartsWith(':'))
            throw new InvalidUrlException($"Relative URLs cannot have a path starting with ':', got {context.Quote(path)}{context}");
        if (hasScheme || hasAuthority) path = RemoveDotSegments(path);

        return new UrlComponents(
            scheme,
            encodedUserInfo,
            encodedHost,
            normalizedPort,
            PercentEncoding.Quote(path, PercentEncoding.PathSafe),
            query is null ? null : PercentEncoding.Quote(query, PercentEncoding.QuerySafe),
            fragment is null ? null : PercentEncoding.Quote(fragment, PercentEncoding.FragmentSafe))
        {
            WrittenPort = writtenPort,
        };
    }

    /// <summary>
    /// Checks a component given on its own (as to <see cref="Url.CopyWith"/>): length, control characters and, when
    /// <paramref name="pattern"/> is given, its shape. A secret component is never quoted in the message.
    /// </summary>
    internal static void CheckComponent(string name, string value, Regex? pattern, UrlErrorContext context, bool secret = false)
    {
        // Only formatted for an error message (this runs for every component of every URL copy).
        string Shown() => secret ? "'[secure]'" : Display(Truncate(value));
        if (value.Length > MaxLength)
            throw new InvalidUrlException($"URL component '{name}' too long: {value.Length} characters, the maximum is {MaxLength} (value {Shown()}){context}");
        var bad = IndexOfNonPrintable(value);
        if (bad >= 0)
            throw new InvalidUrlException($"Invalid non-printable ASCII character {Display(value[bad].ToString())} at position {bad} in URL {name} component {Shown()}{context}");
        var half = LoneSurrogateStrings.IndexIn(value);
        if (half >= 0)
            throw new InvalidUrlException($"Invalid character in URL {name} component {Shown()}: {LoneSurrogateStrings.Described(value, half, "UTF-8")}{context}");
        if (pattern is not null && !pattern.IsMatch(value))
            throw new InvalidUrlException($"Invalid URL component '{name}': {Shown()}{context}");
    }

    /// <summary>HTTPX's dot-segment removal for absolute URLs: "/a/./b/../c" becomes "/a/c"; ".." never climbs above the root.</summary>
    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.')) return path;
        var segments = path.Split('/');
        if (!segments.Contains(".") && !segments.Contains("..")) return path;

        var output = new List<string>();
        foreach (var segment in segments)
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (output.Count > 0 && !(output.Count == 1 && output[0].Length == 0)) output.RemoveAt(output.Count - 1);
                continue;
            }
            output.Add(segment);
        }
        return string.Join('/', output);
    }

    private static string EncodeHost(string host, UrlErrorContext context)
    {
        if (host.Length == 0) return "";

        if (IsIpv4Like(host))
        {
            if (!IsValidIpv4(host)) throw new InvalidUrlException($"Invalid IPv4 address {context.Quote(host)}{context}");
            return host;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            var literal = host[1..^1];
            if (!Ipv6Literal.IsMatch(literal) || !IPAddress.TryParse(literal, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                throw new InvalidUrlException($"Invalid IPv6 address {context.Quote(host)}{context}");
            return literal.ToLowerInvariant();
        }

        // Whether a host goes through IDNA is decided on the host as written, as HTTPX's isascii(): the Kelvin sign
        // (U+212A) lowers to an ASCII 'k' but makes no ASCII host.
        if (Ascii.IsValid(host)) return PercentEncoding.Quote(host.ToLowerInvariant(), PercentEncoding.HostSafe);

        // HTTPX lowers hosts with Python's str.lower, whose full case mapping turns U+0130 (capital I with dot above)
        // into 'i' and U+0307; kept as it was, IDNA encoded the capital letter, which IDNA 2008 disallows. Python's
        // final-sigma rule (a capital sigma ending a word lowers to U+03C2) is not followed: it needs Unicode's
        // case-ignorable property, which .NET does not expose, and such hosts are rare.
        var lowered = host.Replace("\u0130", "i\u0307", StringComparison.Ordinal).ToLowerInvariant();
        if (!Idna.TryToAscii(lowered, out var ascii, out var reason))
            throw new InvalidUrlException($"Invalid IDNA hostname {context.Quote(host)}: {reason}{context}");
        return ascii;
    }

    // Four dot-separated runs of digits (HTTPX's IPv4 pattern), checked without a regex or a split: every request URL
    // passes here, and 127.0.0.1-style hosts are common.
    private static bool IsIpv4Like(string host)
    {
        var dots = 0;
        var digits = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (digits == 0 || ++dots > 3) return false;
                digits = 0;
            }
            else if (char.IsAsciiDigit(c)) digits++;
            else return false;
        }
        return dots == 3 && digits > 0;
    }

    // As Python's ipaddress.IPv4Address: four decimal octets up to 255, without leading zeros.
    private static bool IsValidIpv4(string host)
    {
        var rest = host.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var octet = dot < 0 ? rest : rest[..dot];
            if (octet.Length > 3 || (octet.Length > 1 && octet[0] == '0') || int.Parse(octet, CultureInfo.InvariantCulture) > 255) return false;
            if (dot < 0) return true;
            rest = rest[(dot + 1)..];
        }
    }

    // The port as written; Normalize drops the scheme's default one from the URL, as HTTPX's normalize_port. Leading
    // zeros are only zeros ("00000000080" is 80, as HTTPX's int(port) and WHATWG read it), so the length limit applies
    // to the digits after them.
    private static int? ParsePort(string port, UrlErrorContext context)
    {
        if (port.Length == 0) return null;
        var digits = port.AsSpan().TrimStart('0');
        if (digits.Length > 5 || !port.All(char.IsAsciiDigit) || (digits.Length > 0 && int.Parse(digits, CultureInfo.InvariantCulture) > 65535))
            throw new InvalidUrlException($"Invalid port {context.Quote(port)}{context}");
        return digits.Length == 0 ? 0 : int.Parse(digits, CultureInfo.InvariantCulture);
    }

    // Python's str.isprintable() is false for the ASCII controls, including tab, CR and LF.
    private static int IndexOfNonPrintable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] < 0x20 || value[i] == 0x7F) return i;
        }
        return -1;
    }

    private static string Truncate(string value) => Internal.ShortText.Cut(value, 100);

    /// <summary>
    /// Quotes a value for a message, escaping control characters so that the message stays on one line, and half of a
    /// surrogate pair ("\ud83d"), which no output encoding can write.
    /// </summary>
    internal static string Display(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[++i]);
                continue;
            }
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\'' => "\\'",
                '\\' => "\\\\",
                < ' ' or '\x7f' => $"\\x{(int)c:x2}",
                >= '\ud800' and <= '\udfff' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return builder.Append('\'').ToString();
    }
}
