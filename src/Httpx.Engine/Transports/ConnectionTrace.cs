namespace Httpx.Transports;

/// <summary>
/// The trace of the request a connection is being set up for, told of the connection's events only while that request
/// still waits for a connection (<see cref="ExchangeTimer.AwaitsConnection"/>). The handler's pool sends a waiting request
/// on whichever connection is free first and gives the one it set going to a later request: httpcore's trace sees only
/// the connection its request uses, and the rest of that other connection's set-up (a TLS handshake done after the
/// request's answer) went to the trace late, to an item's next hop under -Verbose.
/// </summary>
internal sealed class ConnectionTrace(RequestTrace trace, ExchangeTimer timer)
{
    /// <summary>Whether the request still waits for this connection: its events are its trace's.</summary>
    public bool Wanted => timer.AwaitsConnection;

    public void Tell(string eventName, object info)
    {
        if (Wanted) trace(eventName, info);
    }
}
