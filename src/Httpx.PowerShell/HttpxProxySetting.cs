namespace Httpx.PowerShell;

/// <summary>
/// One proxy route as Get-HttpxProxy lists it: a URL pattern, the proxy (redacted: a password shows as "[secure]"; null
/// for "direct") and where the setting came from ("Set-HttpxProxy", "New-HttpxClient -Proxy" is shown by the engine as
/// "Proxy option", "environment variable HTTPS_PROXY"), and whose route it is (<see cref="Client"/>), so that piped to
/// Set-HttpxProxy -Remove it acts where it was listed, as Get-Item | Remove-Item does.
/// </summary>
public sealed class HttpxProxySetting
{
    public HttpxProxySetting(ProxyMount mount, Client? client)
    {
        ArgumentNullException.ThrowIfNull(mount);
        Client = client;
        Pattern = mount.Pattern.Pattern;
        Proxy = mount.Proxy?.Display;
        Source = mount.Source;
    }

    public string Pattern { get; }

    /// <summary>The proxy URL with any password redacted, or null: URLs matching the pattern go direct.</summary>
    public string? Proxy { get; }

    public string Source { get; }

    /// <summary>
    /// The client the route belongs to, or null for the module default (calls without -Client): Set-HttpxProxy's
    /// -Client binds it by property name.
    /// </summary>
    public Client? Client { get; }

    public bool IsDirect => Proxy is null;

    public override string ToString() => $"{Pattern} -> {Proxy ?? "direct"} ({Source})";
}
