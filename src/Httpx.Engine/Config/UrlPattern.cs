using System.Net;
using System.Text.RegularExpressions;

namespace Httpx;

/// <summary>
/// HTTPX's URL patterns for mounts and proxies: <c>all://</c>, <c>https://</c>, <c>all://example.com</c>,
/// <c>all://*.example.com</c> (subdomains only), <c>all://*example.com</c> (the domain and its subdomains),
/// <c>all://*:1234</c>, <c>https://example.com:8443</c>, and IP ranges <c>all://10.0.0.0/8</c>, <c>all://[fd00::]/8</c>
/// (NO_PROXY's CIDR entries; HTTPX itself compares those as plain hosts and so never matches them). An IPv6 host is compared
/// as an address, whichever way it is written, and a zone in the pattern ("all://[fe80::1%eth0]") must be the host's; a name in its punycode form, so "bücher.example" and
/// "xn--bcher-kva.example" match each other. A port, the scheme's
/// default one too, is compared with the port the URL connects to. Sort by <see cref="Priority"/>: the most specific comes first.
/// </summary>
public sealed class UrlPattern : IComparable<UrlPattern>
{
    private readonly Regex? _hostRegex;
    private readonly (byte[] Network, int Bits)? _range;
    private readonly string? _zone; // an IPv6 address's or range's zone ("eth0"): a host must have that zone to match

    /// <summary>
    /// The key in <see cref="Exception.Data"/> of a pattern's refusal (an <see cref="ArgumentException"/> or
    /// <see cref="InvalidUrlException"/>) that holds the pattern refused: a caller that gave a whole mapping of mounts
    /// or proxies names the key at fault from it, without parsing every key again.
    /// </summary>
    public const string RefusedPatternKey = "Httpx.RefusedPattern";

    public UrlPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            if (pattern.Length > 0 && !pattern.Contains(':'))
                throw new ArgumentException(PlainKey(pattern), nameof(pattern));
            Pattern = pattern;
            var url = Parse(pattern, out var wildcard);
            // A pattern matches scheme, host and port. Credentials in it are a proxy URL written as the key by mistake,
            // and would be shown as written wherever routes are listed (Get-HttpxProxy, -Verbose). Checked first: the
            // refusals below quote the pattern as written.
            if (url.UserInfo.Length > 0)
                throw new ArgumentException(
                    $"The route pattern '{url.ToRedactedString()}' holds a user name or password: a pattern is a scheme, host and port (\"all://*.example.com\"); credentials belong in the proxy URL it maps to.", nameof(pattern));
            // NO_PROXY's and curl's ".corp.example" (its subdomains) written as a route: HTTPX compares it as a host, which
            // no URL has, so the route silently served nothing.
            if (url.RawHost.StartsWith('.') && url.RawHost.Length > 1)
            {
                var at = pattern.IndexOf("://", StringComparison.Ordinal) + 3;
                throw new ArgumentException(
                    $"The route pattern '{pattern}' has a host that starts with '.', which no URL's host does: \"{pattern.Insert(at, "*")}\" " +
                    $"routes its subdomains, \"{pattern.Remove(at, 1).Insert(at, "*")}\" the domain and its subdomains.", nameof(pattern));
            }
            Scheme = url.Scheme == "all" ? "" : url.Scheme;
            Host = url.Host == "*" ? "" : wildcard + url.Host;
            // The port as written: Url.Port drops a scheme's default one, so "https://example.org:443" would match every port
            // and "all://example.org:443" no https:// URL (HTTPX's URLPattern does both, by accident of that normalisation).
            Port = url.WrittenPort;
            if (url.RawPath.Length > 1 && int.TryParse(url.RawPath.AsSpan(1), System.Globalization.NumberStyles.None, null, out var bits)
                && IPAddress.TryParse(url.RawHost, out var network))
            {
                var bytes = network.GetAddressBytes();
                if (bits > bytes.Length * 8)
                    throw new ArgumentException($"The IP range \"{pattern}\" has a prefix longer than the address ({bits} > {bytes.Length * 8} bits).", nameof(pattern));
                _range = (bytes, bits);
                _zone = UrlComponents.Zone(url.RawHost);
            }
            else if (url.RawHost.Contains(':') && IPAddress.TryParse(url.RawHost, out var address))
            {
                // An IPv6 address has many spellings ("::1", "0:0:0:0:0:0:0:1", "0::1"): compared as an address, as curl's
                // NO_PROXY does, so that NO_PROXY=0:0:0:0:0:0:0:1 does not send http://[::1]/ to the proxy. (IPv4 hosts are
                // canonical once parsed.)
                var bytes = address.GetAddressBytes();
                _range = (bytes, bytes.Length * 8);
                // A zone names an interface of this machine: "fe80::1%eth0" is that address on eth0 only, as HTTPX and Go
                // match NO_PROXY=fe80::1%eth0 (as written); curl's address parser refuses a zone, and so never matches
                // such an entry. One without a zone matches the address on any interface, as curl's does.
                _zone = UrlComponents.Zone(url.RawHost);
            }
            // Names are compared in their ASCII (punycode) form, the URL's RawHost: Host decodes punycode labels for display
            // but leaves "*xn--bcher-kva" as written, so a wildcard pattern in punycode never matched.
            var asciiHost = Host.Length == 0 ? "" : wildcard + url.RawHost;
            // "\.?$": a fully qualified name's trailing dot (http://example.com./) is the same host, as curl's NO_PROXY has it;
            // so is the pattern's own (all://example.com. serves http://example.com/), but not in "*." (every host).
            var host = asciiHost.EndsWith('.') && asciiHost.TrimStart('*', '.').Length > 1 ? asciiHost[..^1] : asciiHost;
            if (Host.Length == 0 || _range is not null) _hostRegex = null;
            else if (host.StartsWith("*.", StringComparison.Ordinal))
                _hostRegex = new Regex($"^.+\\.{Regex.Escape(host[2..])}\\.?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
            else if (host.StartsWith('*'))
                _hostRegex = new Regex($"^(.+\\.)?{Regex.Escape(host[1..])}\\.?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
            else
                _hostRegex = new Regex($"^{Regex.Escape(host)}\\.?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }
        catch (Exception e) when (e is ArgumentException or InvalidUrlException)
        {
            e.Data[RefusedPatternKey] = pattern;
            throw;
        }
    }

    /// <summary>
    /// The refusal of a key without "://": HTTPX's, which says to add "://" to a plain scheme. A key with a dot, '*', '/'
    /// or '[' is a host or a NO_PROXY entry ("*.corp.example"), to which "://" would make another refused key: its
    /// route is "all://" and the host.
    /// </summary>
    private static string PlainKey(string key) => key.AsSpan().IndexOfAny(".*/[") >= 0
        ? $"Proxy and mount keys use URL forms, not plain hosts: instead of \"{key}\", use \"all://{key}\"."
        : $"Proxy and mount keys use URL forms, not plain schemes: instead of \"{key}\", use \"{key}://\".";

    /// <summary>
    /// A route for every scheme and port whose host matches <paramref name="host"/>, shown as <paramref name="pattern"/>:
    /// what a URL pattern cannot say, as Windows' <c>ProxyOverride</c> entries "&lt;local&gt;" (a host without a dot) and
    /// globs such as "10.*" (<see cref="WindowsProxySettings"/>). <paramref name="hostText"/> is its host for
    /// <see cref="Priority"/>: not empty, so the route comes before the <c>http://</c> and <c>https://</c> proxies.
    /// </summary>
    internal static UrlPattern ForHosts(string pattern, string hostText, Regex host) => new(pattern, hostText, host);

    private UrlPattern(string pattern, string hostText, Regex host)
    {
        Pattern = pattern;
        Scheme = "";
        Host = hostText;
        _hostRegex = host;
    }

    /// <summary>
    /// The pattern's URL, and its host's leading wildcard ("*." or "*") when that was taken off to parse it: IDNA refuses
    /// the '*' in a label, so "all://*.bücher.example" (or NO_PROXY=bücher.example, made "all://*bücher.example") was
    /// an invalid URL. The name is encoded without it, as Go's NO_PROXY encodes its names, and an error quotes the
    /// pattern as written while naming what IDNA refused in the name. An ASCII host parses as it is; so does a '*'
    /// that is the whole host ("all://*:1234") or a user name ("all://*@host", refused for it).
    /// </summary>
    private static Url Parse(string pattern, out string wildcard)
    {
        wildcard = "";
        var hostStart = pattern.IndexOf("://", StringComparison.Ordinal) + 3;
        if (hostStart < 3) return new Url(pattern);
        var authority = pattern.AsSpan(hostStart);
        if (authority.IndexOfAny("/?#") is var end and >= 0) authority = authority[..end];
        var star = authority.StartsWith("*.") ? "*." : authority.StartsWith("*") ? "*" : null;
        if (star is null || System.Text.Ascii.IsValid(authority) || authority.Contains('@')
            || authority.Length == star.Length || authority[star.Length] == ':')
            return new Url(pattern);
        var url = Url.ParseWrittenAs(pattern.Remove(hostStart, star.Length), pattern);
        wildcard = star;
        return url;
    }

    public string Pattern { get; }
    public string Scheme { get; }
    public string Host { get; }
    public int? Port { get; }

    /// <summary>Whether <paramref name="other"/> names the same route: the same pattern text, scheme and host in any case.</summary>
    public bool IsSameRoute(UrlPattern other) => string.Equals(Pattern, other?.Pattern, StringComparison.OrdinalIgnoreCase);

    public bool Matches(Url url)
    {
        if (Scheme.Length > 0 && url.Scheme != Scheme) return false;
        if (_hostRegex is not null && !_hostRegex.IsMatch(url.RawHost)) return false;
        if (_range is { } range && !InRange(url.RawHost, range.Network, range.Bits)) return false;
        if (_zone is not null && !_zone.Equals(UrlComponents.Zone(url.RawHost), StringComparison.OrdinalIgnoreCase)) return false;
        // Against the port the request connects to: https://example.org/ is on 443, whether or not it says so.
        if (Port is not null && Port != url.EffectivePort) return false;
        return true;
    }

    // Runs per request for an IP host: an address of the other family ("10.0.0.1" has no ':', "::1" has) is not parsed,
    // and the address's bytes go on the stack.
    private static bool InRange(string host, byte[] network, int bits)
    {
        if (host.Contains(':') != (network.Length == 16) || !IPAddress.TryParse(host, out var address)) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length) || length != network.Length) return false;
        for (var i = 0; i < length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((bytes[i] & mask) != (network[i] & mask)) return false;
        }
        return true;
    }

    /// <summary>HTTPX's priority: patterns with a port first (a scheme's default port too), then longer hosts, then longer schemes.</summary>
    public (int Port, int Host, int Scheme) Priority => (Port is null ? 1 : 0, -Host.Length, -Scheme.Length);

    public int CompareTo(UrlPattern? other) => other is null ? -1 : Priority.CompareTo(other.Priority);

    public override bool Equals(object? obj) => obj is UrlPattern p && p.Pattern == Pattern;
    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Pattern;
}
