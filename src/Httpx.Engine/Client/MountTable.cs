namespace Httpx;

/// <summary>
/// A client's routing, immutable so that <see cref="Client.SetProxy"/> can swap it while requests read it: the mounts
/// (pattern → transport, null meaning the default one) most specific first, the proxy mounts behind them, and the proxy
/// transports this table made (disposed when the table is replaced or the client closed).
/// </summary>
internal sealed class MountTable
{
    private MountTable(IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> mounts, IReadOnlyList<ProxyMount> proxyMounts,
        IReadOnlyList<ITransport?> proxyTransports)
    {
        Mounts = mounts;
        ProxyMounts = proxyMounts;
        ProxyTransports = proxyTransports;
    }

    public IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> Mounts { get; }

    public IReadOnlyList<ProxyMount> ProxyMounts { get; }

    /// <summary>The transport made for each of <see cref="ProxyMounts"/>, in the same order (null: a direct mount).</summary>
    public IReadOnlyList<ITransport?> ProxyTransports { get; }

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
        var made = proxyMounts.Select(mount => mount.Proxy is null ? null : proxyTransport(state, mount.Proxy)).ToList();
        return Assemble(proxyMounts, made, customMounts);
    }

    /// <summary>
    /// This table without the proxy mounts <paramref name="remove"/> picks: the others keep their transports (and so
    /// their pooled connections). <paramref name="removed"/> gets the transports of the mounts taken out, for the caller
    /// to dispose once the new table is in place.
    /// </summary>
    public MountTable Without(Func<ProxyMount, bool> remove, IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> customMounts,
        out IReadOnlyList<ITransport> removed)
    {
        var kept = new List<ProxyMount>();
        var keptTransports = new List<ITransport?>();
        var taken = new List<ITransport>();
        for (var i = 0; i < ProxyMounts.Count; i++)
        {
            if (!remove(ProxyMounts[i]))
            {
                kept.Add(ProxyMounts[i]);
                keptTransports.Add(ProxyTransports[i]);
            }
            else if (ProxyTransports[i] is { } transport) taken.Add(transport);
        }
        removed = taken;
        return kept.Count == 0 && customMounts.Count == 0 ? Empty : Assemble(kept, keptTransports, customMounts);
    }

    private static MountTable Assemble(IReadOnlyList<ProxyMount> proxyMounts, IReadOnlyList<ITransport?> transports,
        IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> customMounts)
    {
        var mounts = new Dictionary<string, (UrlPattern Pattern, ITransport? Transport)>(StringComparer.Ordinal);
        for (var i = 0; i < proxyMounts.Count; i++)
            mounts[proxyMounts[i].Pattern.Pattern] = (proxyMounts[i].Pattern, transports[i]);
        foreach (var custom in customMounts)
            mounts[custom.Pattern.Pattern] = custom;
        return new MountTable(mounts.Values.OrderBy(m => m.Pattern).ToList(), proxyMounts, transports);
    }

    public void DisposeProxyTransports()
    {
        foreach (var transport in ProxyTransports) transport?.Dispose();
    }
}
