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
    private readonly List<EngineRequestMessage> _waiting = [];

    public void Add(EngineRequestMessage message)
    {
        lock (_waiting) _waiting.Add(message);
    }

    public void Remove(EngineRequestMessage message)
    {
        lock (_waiting) _waiting.Remove(message);
    }

    /// <summary>
    /// The exchange a new tunnel to <paramref name="authority"/> (the CONNECT's Host, "host:port") is set up for:
    /// <paramref name="onContext"/>, the one whose execution context the handler connects on, if it still waits for a
    /// connection to that origin; else the one waiting longest. Either with no tunnel of its own in the making (one it had
    /// whose set-up failed or was given up on does not count). Null when no exchange waits for one.
    /// </summary>
    public EngineRequestMessage? For(string? authority, EngineRequestMessage? onContext)
    {
        if (authority is null) return null;
        lock (_waiting)
        {
            if (onContext is not null && _waiting.Contains(onContext) && Waits(onContext, authority)) return onContext;
            foreach (var message in _waiting)
            {
                if (Waits(message, authority)) return message;
            }
        }
        return null;
    }

    private static bool Waits(EngineRequestMessage message, string authority) =>
        message.Timer.AwaitsConnection && message.OpenedConnection is not { IsSettingUp: true } && message.RequestUri is { } uri
        && string.Equals(AuthorityOf(uri), authority, StringComparison.OrdinalIgnoreCase);

    // As the handler writes it in its CONNECT's Host: Uri.IdnHost leaves an IPv6 address bare, the handler brackets it
    // ("[::1]:8443"); compared bare, a request to an IPv6 origin waited for no tunnel, and its own was refused.
    private static string AuthorityOf(Uri uri) =>
        uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]:{uri.Port}" : $"{uri.IdnHost}:{uri.Port}";

    /// <summary>The origin a CONNECT message of the handler asks the proxy for: its Host header, "host:port".</summary>
    public static string? AuthorityOf(HttpRequestMessage connect) => connect.Headers.Host;
}
