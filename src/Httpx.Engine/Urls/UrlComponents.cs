namespace Httpx;

/// <summary>
/// The normalised, percent-encoded pieces of a URL (HTTPX's <c>ParseResult</c>). Every <see cref="Url"/> property is derived
/// from these. <see cref="Query"/> and <see cref="Fragment"/> are null when absent, "" when the URL ends with a bare '?' or '#'.
/// </summary>
internal sealed record UrlComponents(string Scheme, string UserInfo, string Host, int? Port, string Path, string? Query, string? Fragment)
{
    /// <summary>
    /// The port as written, the scheme's default one too ("https://a:443" gives 443, where <see cref="Port"/> is null as
    /// in HTTPX); null when none was written. URL patterns compare it: "https://example.org:443" means port 443 only.
    /// </summary>
    internal int? WrittenPort { get; init; }

    /// <summary>The host (brackets around IPv6) and the port when not the scheme's default: HTTPX's netloc.</summary>
    internal string NetLoc => Bracketed(Host) + (Port is { } port ? $":{port}" : "");

    /// <summary>The value of a Host header: <see cref="NetLoc"/> without an IPv6 host's zone (see <see cref="Url.HostHeader"/>).</summary>
    internal string HostHeader => WithoutZone(Host) is { } address ? Bracketed(address) + (Port is { } port ? $":{port}" : "") : NetLoc;

    /// <summary>A raw host as a URL's authority writes it: an IPv6 address (it has colons) in brackets.</summary>
    internal static string Bracketed(string host) => host.Contains(':') ? $"[{host}]" : host;

    /// <summary>
    /// An IPv6 host with a zone written as RFC 6874 has it in a URL, "fe80::1%25eth0", with its zone decoded
    /// ("fe80::1%eth0"); null for any other host. .NET's Uri keeps the "%25" and the system then looks for an interface
    /// "25eth0" ("Invalid argument"). curl connects so (and sends Host without the zone, as RFC 6874 section 4 asks, and as
    /// the handler does); HTTPX's URL takes the zone as written but hands "fe80::1%25eth0" to the resolver, which does
    /// not know it, and connects only with a zone written bare ("%eth0"), which this takes as it is too.
    /// </summary>
    internal static string? ZoneDecoded(string rawHost)
    {
        var zone = rawHost.IndexOf("%25", StringComparison.Ordinal);
        if (zone < 0 || !rawHost.Contains(':')) return null;
        return $"{rawHost[..zone]}%{PercentEncoding.Unquote(rawHost[(zone + 3)..])}";
    }

    /// <summary>
    /// An IPv6 host with a zone, as RFC 6874 writes it ("fe80::1%25eth0") or bare ("fe80::1%eth0"), without it
    /// ("fe80::1"); null for any other host. For the Host header and a proxy's target: RFC 6874 section 4 has a client
    /// remove the zone from an outgoing URI (it names an interface of this machine), and the handler, which drops it from
    /// a forwarded request line, wrote it into the CONNECT line ("CONNECT [fe80::1%eth0]:9", no valid authority).
    /// </summary>
    internal static string? WithoutZone(string rawHost)
    {
        var zone = rawHost.IndexOf('%');
        return zone < 0 || !rawHost.Contains(':') ? null : rawHost[..zone];
    }

    /// <summary>
    /// An IPv6 host's zone, decoded: "eth0" for "fe80::1%25eth0" (RFC 6874) and for "fe80::1%eth0" (bare); null for a
    /// host without one.
    /// </summary>
    internal static string? Zone(string rawHost)
    {
        if (WithoutZone(rawHost) is null) return null;
        var decoded = ZoneDecoded(rawHost) ?? rawHost;
        return decoded[(decoded.IndexOf('%') + 1)..];
    }

    public override string ToString() => Format(UserInfo);

    /// <summary>The URL with any password replaced by "[secure]", as HTTPX's <c>repr</c> shows it.</summary>
    internal string ToRedactedString()
    {
        // Without a host, curl's "user:password@host" parsed as a scheme "user" and a path "password@host".
        if (Host.Length == 0) return UrlPasswords.Hide(Format(UserInfo));
        var separator = UserInfo.IndexOf(':');
        return Format(separator < 0 ? UserInfo : UserInfo[..separator] + ":" + UrlPasswords.Mask);
    }

    // One string built in a pooled buffer: every parsed URL is formatted once, and the concatenations this replaces
    // made four intermediate strings per URL.
    private string Format(string userInfo)
    {
        var text = new System.Runtime.CompilerServices.DefaultInterpolatedStringHandler(0, 0, System.Globalization.CultureInfo.InvariantCulture);
        if (Scheme.Length > 0)
        {
            text.AppendFormatted(Scheme);
            text.AppendLiteral(":");
        }
        if (userInfo.Length > 0 || Host.Length > 0 || Port is not null)
        {
            text.AppendLiteral("//");
            if (userInfo.Length > 0)
            {
                text.AppendFormatted(userInfo);
                text.AppendLiteral("@");
            }
            var ipv6 = Host.Contains(':');
            if (ipv6) text.AppendLiteral("[");
            text.AppendFormatted(Host);
            if (ipv6) text.AppendLiteral("]");
            if (Port is { } port)
            {
                text.AppendLiteral(":");
                text.AppendFormatted(port);
            }
        }
        text.AppendFormatted(Path);
        if (Query is not null)
        {
            text.AppendLiteral("?");
            text.AppendFormatted(Query);
        }
        if (Fragment is not null)
        {
            text.AppendLiteral("#");
            text.AppendFormatted(Fragment);
        }
        return text.ToStringAndClear();
    }
}
