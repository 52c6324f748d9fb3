namespace Httpx.Transports;

/// <summary>The stage of one request/response exchange that a timeout applies to.</summary>
internal enum ExchangePhase { Connect, Write, Read }

/// <summary>
/// One cancellation source for everything <c>SocketsHttpHandler.SendAsync</c> does for a request, re-armed as the
/// exchange moves on: a write timeout per body chunk, then a read timeout for the headers. When it fires, the phase
/// it fired in says which HTTPX timeout to raise. (The handler ignores per-write tokens, so one source for the whole
/// send is the only way to time out a stalled write.)
/// </summary>
internal sealed class ExchangeTimer : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Timeout _timeout;
    private volatile int _phase = (int)ExchangePhase.Read;

    public ExchangeTimer(Timeout timeout, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        _cts = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
    }

    public CancellationToken Token => _cts.Token;

    public Timeout Timeout => _timeout;

    public ExchangePhase Phase => (ExchangePhase)_phase;

    /// <summary>Starts a phase with its own limit (connect has its own timer in the connection factory, so none here).</summary>
    public void Enter(ExchangePhase phase)
    {
        _phase = (int)phase;
        var limit = phase switch
        {
            ExchangePhase.Write => _timeout.Write,
            ExchangePhase.Read => _timeout.Read,
            _ => null,
        };
        try { _cts.CancelAfter(Timeout.ToTimeSpan(limit)); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Stops timing (the headers have arrived; body reads have timers of their own).</summary>
    public void Stop()
    {
        try { _cts.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose() => _cts.Dispose();
}
