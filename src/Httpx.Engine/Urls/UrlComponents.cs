namespace Httpx;

/// <summary>
/// The normalised, percent-encoded pieces of a URL (HTTPX's <c>ParseResult</c>). Every <see cref="Url"/> property is derived
/// from these. <see cref="Query"/> and <see cref="Fragment"/> are null when absent, "" when the URL ends with a bare '?' or '#'.
/// </summary>
internal sealed record UrlComponents(string Scheme, string UserInfo, string Host, int? Port, string Path, string? Query, string? Fragment)
{
    /// <summary>The host (brackets around IPv6) and the port when not the scheme's default: the value of a Host header.</summary>
    internal string NetLoc => (Host.Contains(':') ? $"[{Host}]" : Host) + (Port is { } port ? $":{port}" : "");

    public override string ToString() => Format(UserInfo);

    /// <summary>The URL with any password replaced by "[secure]", as HTTPX's <c>repr</c> shows it.</summary>
    internal string ToRedactedString()
    {
        var separator = UserInfo.IndexOf(':');
        return Format(separator < 0 ? UserInfo : UserInfo[..separator] + ":[secure]");
    }

    private string Format(string userInfo)
    {
        var authority = (userInfo.Length > 0 ? userInfo + "@" : "") + NetLoc;
        return (Scheme.Length > 0 ? Scheme + ":" : "")
            + (authority.Length > 0 ? "//" + authority : "")
            + Path
            + (Query is null ? "" : "?" + Query)
            + (Fragment is null ? "" : "#" + Fragment);
    }
}
