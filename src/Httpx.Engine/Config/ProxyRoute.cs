namespace Httpx;

/// <summary>
/// Which way a client sends a URL (see <c>Client.ProxyFor</c>): the URL pattern that matched (null when none did), the
/// proxy (redacted, null when the request goes direct or through a custom mounted transport without a proxy of its
/// own) and why.
/// </summary>
public sealed record ProxyRoute(string Url, string? Pattern, string? Proxy, string Reason)
{
    /// <summary>True when the request goes straight to the server.</summary>
    public bool IsDirect => Proxy is null && !ViaCustomTransport;

    /// <summary>True when a transport given in <c>ClientOptions.Mounts</c> serves the URL.</summary>
    public bool ViaCustomTransport { get; init; }

    public override string ToString() => Proxy is null ? $"{Url} -> direct ({Reason})" : $"{Url} -> {Proxy} ({Reason})";
}
