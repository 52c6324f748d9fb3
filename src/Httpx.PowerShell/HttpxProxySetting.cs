namespace Httpx.PowerShell;

/// <summary>
/// One proxy route as Get-HttpxProxy lists it: a URL pattern, the proxy (redacted: a password shows as "[secure]"; null
/// for "direct") and where the setting came from ("Set-HttpxProxy", "New-HttpxClient -Proxy" is shown by the engine as
/// "Proxy option", "environment variable HTTPS_PROXY").
/// </summary>
public sealed class HttpxProxySetting
{
    public HttpxProxySetting(ProxyMount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        Pattern = mount.Pattern.Pattern;
        Proxy = mount.Proxy?.Display;
        Source = mount.Source;
    }

    public string Pattern { get; }

    /// <summary>The proxy URL with any password redacted, or null: URLs matching the pattern go direct.</summary>
    public string? Proxy { get; }

    public string Source { get; }

    public bool IsDirect => Proxy is null;

    public override string ToString() => $"{Pattern} -> {Proxy ?? "direct"} ({Source})";
}
