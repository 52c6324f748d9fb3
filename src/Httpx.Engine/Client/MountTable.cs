namespace Httpx;

/// <summary>
/// A client's routing, immutable so that <see cref="Client.SetProxy"/> can swap it while requests read it: the mounts
/// (pattern → transport, null meaning the default one) most specific first, the proxy mounts behind them, and the proxy
/// transports this table made (disposed when the table is replaced or the client closed).
/// </summary>
internal sealed class MountTable
{
    private MountTable(IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> mounts, IReadOnlyList<ProxyMount> proxyMounts,
        IReadOnlyList<ITransport> proxyTransports)
    {
        Mounts = mounts;
        ProxyMounts = proxyMounts;
        ProxyTransports = proxyTransports;
    }

    public IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> Mounts { get; }

    public IReadOnlyList<ProxyMount> ProxyMounts { get; }

    public IReadOnlyList<ITransport> ProxyTransports { get; }

    /// <summary>No proxies and no mounts: every URL goes to the default transport. Shared by the clients that have none.</summary>
    private static readonly MountTable Empty = new([], [], []);

    /// <summary>
    /// HTTPX's order: a transport per proxy mounted on its pattern (null: the default transport), then the given
    /// mounts, which win over a proxy mount of the same pattern. <paramref name="proxyTransport"/> makes a proxy's
    /// transport from <paramref name="state"/> (the client): a static function, so a client without proxies (the
    /// module makes one per call) makes no delegate for it.
    /// </summary>
    public static MountTable Build<TState>(IReadOnlyList<ProxyMount> proxyMounts, IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> customMounts,
        Func<TState, Proxy, ITransport> proxyTransport, TState state)
    {
        // No proxies and no mounts (most clients, and the module's client per call): nothing to build.
        if (proxyMounts.Count == 0 && customMounts.Count == 0) return Empty;
        var mounts = new Dictionary<string, (UrlPattern Pattern, ITransport? Transport)>(StringComparer.Ordinal);
        var made = new List<ITransport>();
        foreach (var mount in proxyMounts)
        {
            ITransport? transport = null;
            if (mount.Proxy is not null)
            {
                transport = proxyTransport(state, mount.Proxy);
                made.Add(transport);
            }
            mounts[mount.Pattern.Pattern] = (mount.Pattern, transport);
        }
        foreach (var custom in customMounts)
            mounts[custom.Pattern.Pattern] = custom;
        return new MountTable(mounts.Values.OrderBy(m => m.Pattern).ToList(), proxyMounts, made);
    }

    public void DisposeProxyTransports()
    {
        foreach (var transport in ProxyTransports) transport.Dispose();
    }
}
