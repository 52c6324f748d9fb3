using System.Net.Http;

namespace Httpx.Transports;

/// <summary>
/// The exchanges of a transport with an HTTP proxy that wait for a connection through a CONNECT tunnel (https:// URLs).
/// The handler sets a tunnel up with a CONNECT message of its own, which says only the origin it is for (its Host), so
/// the connection factory finds here the exchange whose limits time the connect to the proxy, and whose trace is told
/// of it. The execution context the handler connects on names one too, but not always a waiting one: an attempt that
/// failed (the request that set it going gave up) is retried, or followed by another for the next request, on the
/// failed attempt's context; timed by an exchange that was over, it went untimed and held the next request back until
/// that request's read limit (a ReadTimeout "waiting for the response" from a proxy that never answered).
/// </summary>
internal sealed class TunnelWaiters
{
    // Longest waiting first, as the handler gives a new connection to its longest waiting request. Short: at most the
    // requests in flight through the proxy at once, each in it only until its request goes out.
    private readonly List<ExchangeConnection> _waiting = [];

    // Tunnels being set up that no waiting request was found for (the handler trying again for a request that gave up),
    // by the origin they are for, with the request that adopted one since (null until then).
    private readonly List<Orphan> _orphans = [];

    private sealed class Orphan(string authority, TrackedConnectionStream connection)
    {
        public string Authority { get; } = authority;
        public TrackedConnectionStream Connection { get; } = connection;
        public ExchangeConnection? AdoptedBy { get; set; }
    }

    public void Add(ExchangeConnection exchange)
    {
        lock (_waiting) _waiting.Add(exchange);
    }

    /// <summary>
    /// A tunnel to <paramref name="authority"/> the handler sets up for nobody (see ConnectionFactory.TunnelOwner): the
    /// handler gives it to the next request to that origin, which waits for it rather than open one of its own. A request
    /// that came to wait since the factory looked for one (see <see cref="For"/>) adopts it at once; a later one on
    /// arriving (<see cref="Adopt"/>).
    /// </summary>
    public void AddOrphan(string authority, TrackedConnectionStream connection)
    {
        var orphan = new Orphan(authority, connection);
        lock (_waiting)
        {
            _orphans.RemoveAll(o => !o.Connection.IsSettingUp);
            _orphans.Add(orphan);
            foreach (var exchange in _waiting)
            {
                if (!Waits(exchange, authority)) continue;
                TimeBy(exchange, orphan);
                return;
            }
        }
    }

    /// <summary>
    /// <paramref name="exchange"/>, just added, adopts an orphan tunnel to its origin still being set up, if one is: the
    /// handler makes it wait for that tunnel rather than open one of its own, so it is timed by its own connect limit, as
    /// a tunnel set up for it would be, instead of its read limit (a ReadTimeout "waiting for the response" on the call
    /// after one that got a ConnectTimeout from the same hung proxy).
    /// </summary>
    public void Adopt(ExchangeConnection exchange)
    {
        // Every https request through the proxy comes here; almost never is there an orphan. Read without the lock: one
        // added just after is as one added after this request arrived, which the factory finds waiting (AddOrphan).
        if (_orphans.Count == 0 || exchange.Message.RequestUri is not { } uri) return;
        var authority = AuthorityOf(uri);
        lock (_waiting)
        {
            _orphans.RemoveAll(o => !o.Connection.IsSettingUp);
            foreach (var orphan in _orphans)
            {
                if (orphan.AdoptedBy is { Timer.AwaitsConnection: true } || !string.Equals(orphan.Authority, authority, StringComparison.OrdinalIgnoreCase)) continue;
                TimeBy(exchange, orphan);
                return;
            }
        }
    }

    // The tunnel is the exchange's connection in the making: its timeout shuts it down (HttpTransport), and names it.
    // It is one connect attempt of the exchange's, as a tunnel set up for it would be: uncounted, a given-up set-up of it
    // was not retried (Retries), a ConnectTimeout after 1 attempt where the calls around it made Retries + 1.
    private static void TimeBy(ExchangeConnection exchange, Orphan orphan)
    {
        orphan.AdoptedBy = exchange;
        exchange.Message.OpenedConnection = orphan.Connection;
        exchange.Message.ConnectAttempts++;
        exchange.Timer.EnterConnect();
        exchange.Timer.EnterHandshake();
    }

    /// <summary>Whether a request still waiting for a connection has adopted <paramref name="connection"/> (<see cref="Adopt"/>).</summary>
    public bool IsAdopted(TrackedConnectionStream connection)
    {
        lock (_waiting) return _orphans.Exists(o => o.Connection == connection && o.AdoptedBy is { Timer.AwaitsConnection: true });
    }

    public void Remove(ExchangeConnection exchange)
    {
        lock (_waiting) _waiting.Remove(exchange);
    }

    /// <summary>
    /// The exchange a new tunnel to <paramref name="authority"/> (the CONNECT's Host, "host:port") is set up for:
    /// <paramref name="onContext"/>, the one whose execution context the handler connects on, if it still waits for a
    /// connection to that origin; else the one waiting longest; else one the handler sends again. Each with no tunnel of
    /// its own in the making (one it had whose set-up failed or was given up on does not count). Null when no exchange
    /// waits for one.
    /// </summary>
    public EngineRequestMessage? For(string? authority, ExchangeConnection? onContext)
    {
        if (authority is null) return null;
        lock (_waiting)
        {
            if (onContext is not null && _waiting.Contains(onContext) && (Waits(onContext, authority) || Resends(onContext, authority)))
                return onContext.Message;
            foreach (var exchange in _waiting)
            {
                if (Waits(exchange, authority)) return exchange.Message;
            }
            foreach (var exchange in _waiting)
            {
                if (Resends(exchange, authority)) return exchange.Message;
            }
        }
        return null;
    }

    private static bool Waits(ExchangeConnection exchange, string authority) =>
        exchange.Timer.AwaitsConnection && NoTunnelInTheMaking(exchange, authority);

    // The handler sends a request again, on a new connection, when the kept-alive connection it went out on failed before
    // any answer (closed by the server or the proxy, or refused by the pool for MaxKeepAliveConnections): its headers were
    // written, so by its timer it no longer waits for a connection, but it waits for a tunnel, which its limits should
    // time. Looked for last: an HTTP/2 request that went out has no connection
    // of its own either (its stream's frames are written by the connection's own loop) and may simply await its answer.
    private static bool Resends(ExchangeConnection exchange, string authority) =>
        exchange.Timer.AwaitsResponse && (exchange.RefusedBeforeSending || exchange.Connection is null or { IsClosed: true })
        && NoTunnelInTheMaking(exchange, authority);

    private static bool NoTunnelInTheMaking(ExchangeConnection exchange, string authority) =>
        exchange.Message.OpenedConnection is not { IsSettingUp: true } && exchange.Message.RequestUri is { } uri
        && string.Equals(AuthorityOf(uri), authority, StringComparison.OrdinalIgnoreCase);

    // As the handler writes it in its CONNECT's Host: Uri.IdnHost leaves an IPv6 address bare, the handler brackets it
    // ("[::1]:8443"); compared bare, a request to an IPv6 origin was never found waiting for its tunnel.
    private static string AuthorityOf(Uri uri) =>
        uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]:{uri.Port}" : $"{uri.IdnHost}:{uri.Port}";

    /// <summary>The origin a CONNECT message of the handler asks the proxy for: its Host header, "host:port".</summary>
    public static string? AuthorityOf(HttpRequestMessage connect) => connect.Headers.Host;
}
