using System.Runtime.ExceptionServices;

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

    /// <summary>
    /// Tells the trace of the event. The trace's own exception goes to the request as it is, as httpcore's trace calls
    /// let it through: the handler would have made it a failed connect ("Could not connect to ...: " and its message).
    /// </summary>
    public void Tell(string eventName, object info)
    {
        if (!Wanted) return;
        try { trace(eventName, info); }
        catch (Exception e) { throw new Failed(e); }
    }

    /// <summary>The trace's exception, through the handler's wrapping: thrown by the transport as it was.</summary>
    internal sealed class Failed(Exception traceException) : Exception("The request's trace failed.", traceException)
    {
        /// <summary>Throws the trace's own exception when <paramref name="exception"/> carries one.</summary>
        public static void Rethrow(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
                if (e is Failed failed) ExceptionDispatchInfo.Throw(failed.InnerException!);
        }
    }
}
