using System.Diagnostics;

namespace Httpx.Transports;

/// <summary>The stage of one request/response exchange that a timeout applies to.</summary>
internal enum ExchangePhase { Connect, Write, Read }

/// <summary>
/// One cancellation source for a whole exchange, re-armed as it moves on: a write timeout per body chunk, a read
/// timeout for the headers, then one for each body read that has to wait for the network. When it fires, the phase
/// it fired in says which HTTPX timeout to raise. (The handler ignores per-write tokens, so one source for the whole
/// send is the only way to time out a stalled write; reusing it for the body saves a source and a timer per read.)
/// </summary>
internal sealed class ExchangeTimer : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Timeout _timeout;
    private readonly CancellationToken _callerToken;
    private volatile int _phase = (int)ExchangePhase.Read;
    private int _answered; // 1 once Stop() has been called: the headers have arrived
    private volatile bool _sent; // the request went out on a connection (set under this, with the connect-phase transitions)
    private volatile int _phaseBeforeConnect = (int)ExchangePhase.Read;
    private long _handshakeTimedSince; // Stopwatch timestamp: the connect limit armed here (EnterHandshake); 0: not armed
    private volatile bool _over; // disposed: the exchange failed, or its response is done with

    public ExchangeTimer(Timeout timeout, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        _callerToken = cancellationToken;
        _cts = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource();
    }

    public CancellationToken Token => _cts.Token;

    public Timeout Timeout => _timeout;

    public ExchangePhase Phase => (ExchangePhase)_phase;

    /// <summary>
    /// The phase whose limit this timer fired for. In the connect phase nothing is armed here but the handshake's limit
    /// (the factory times the TCP connect with a timer of its own), so a firing seen there before that limit can have
    /// run out is the phase before it: a tiny read limit's timer, already due, still goes off after the switch to the
    /// connect phase disarmed it, and was then raised as a ConnectTimeout "after 10 s" (the connect limit, never reached).
    /// </summary>
    public ExchangePhase FiredPhase
    {
        get
        {
            if (_phase != (int)ExchangePhase.Connect) return (ExchangePhase)_phase;
            var since = Interlocked.Read(ref _handshakeTimedSince);
            // The timer queue counts whole milliseconds: a limit can be seen to fire a little before it has run out.
            return since != 0 && Stopwatch.GetElapsedTime(since) + TimerSlack >= Timeout.ToTimeSpan(_timeout.Connect)
                ? ExchangePhase.Connect
                : (ExchangePhase)_phaseBeforeConnect;
        }
    }

    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(16);

    /// <summary>Starts a phase with its own limit (connect has its own timer in the connection factory, so none here).</summary>
    public void Enter(ExchangePhase phase)
    {
        // Once fired, the phase it fired in stays: a tiny read limit can fire before the connection factory enters the
        // connect phase, and was then reported as a ConnectTimeout "after 5 s" (the connect limit, never reached).
        if (_cts.IsCancellationRequested) return;
        if (phase == ExchangePhase.Connect)
        {
            if (_phase != (int)ExchangePhase.Connect) _phaseBeforeConnect = _phase;
            Interlocked.Exchange(ref _handshakeTimedSince, 0);
        }
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

    /// <summary>
    /// Stops the clock, in whatever phase, while the request body's source makes its next chunk: as in HTTPX, the write
    /// timeout times each write to the connection and the read timeout the wait for the response, and neither times
    /// the code that produces the body (a generator of log lines, a slow pipe). The next <see cref="Enter"/> restarts it.
    /// </summary>
    public void Pause()
    {
        try { _cts.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// The connection factory starts a connection on behalf of this exchange: the factory's own timer covers the
    /// connect, so this one waits. A no-op once the exchange has been sent or answered: the handler may have given it a
    /// connection that freed up first while this one was being made, and the exchange must keep its read timer there.
    /// </summary>
    public void EnterConnect()
    {
        lock (this)
        {
            if (_sent || Volatile.Read(ref _answered) != 0) return;
            Enter(ExchangePhase.Connect);
        }
    }

    /// <summary>
    /// The connection's handshake after its TCP connect (TLS, an HTTP proxy's CONNECT): timed by the connect limit and
    /// raised as ConnectTimeout, as httpcore's connect step runs <c>start_tls</c> with the connect timeout. The handler
    /// does it after the connection factory returns, so the factory's own timer cannot cover it.
    /// </summary>
    public void EnterHandshake()
    {
        lock (this)
        {
            if (!WaitsForConnection) return;
            Interlocked.Exchange(ref _handshakeTimedSince, Stopwatch.GetTimestamp());
            try { _cts.CancelAfter(Timeout.ToTimeSpan(_timeout.Connect)); }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>
    /// The connection this exchange opened is ready: its wait for the response starts, under the read limit. A no-op
    /// when the exchange has moved on, as it may: the handler can give it another connection that freed up first
    /// and hand the new one to a later request, so re-arming here would time a body read or a finished exchange.
    /// </summary>
    public void EnterConnected()
    {
        lock (this)
        {
            if (WaitsForConnection) Enter(ExchangePhase.Read);
        }
    }

    /// <summary>
    /// The exchange's request is being written on a connection (its headers, or on HTTP/1.1 the first write of it):
    /// from now on its connection is that one, whatever connection the factory is still making for it. Still in the
    /// connect phase (that other connection's), it now waits for its response under the read limit.
    /// </summary>
    public void Sent()
    {
        // Told once per header written (see ConnectionFactory.RequestHeadersWritten): only the first takes the lock.
        if (_sent) return;
        lock (this)
        {
            if (_sent) return;
            _sent = true;
            if (_phase == (int)ExchangePhase.Connect) Enter(ExchangePhase.Read);
        }
    }

    /// <summary>
    /// The connection this exchange opened had connected (TCP, or the Unix socket) and its handshake (TLS, a proxy's
    /// CONNECT or SOCKS greeting) had started, and the request had not gone out: a failure now is one of establishing
    /// the connection, which HTTPX retries.
    /// </summary>
    public bool InHandshake => WaitsForConnection && Interlocked.Read(ref _handshakeTimedSince) != 0;

    // Still in the connect phase the connection factory set, not yet sent on a connection, and without its response headers.
    private bool WaitsForConnection => !_sent && _phase == (int)ExchangePhase.Connect && Volatile.Read(ref _answered) == 0;

    /// <summary>
    /// The exchange still waits for a connection: its request has not gone out on one, and it has neither its answer nor
    /// failed. A connection it set going is its own only until then: the handler may send it on another that came free
    /// first, and give the new one to a later request.
    /// </summary>
    public bool AwaitsConnection => !_sent && AwaitsResponse;

    /// <summary>The exchange has neither its answer nor failed (sent or not).</summary>
    public bool AwaitsResponse => Volatile.Read(ref _answered) == 0 && !_over;

    /// <summary>Stops timing (the headers have arrived; body reads have timers of their own).</summary>
    public void Stop()
    {
        Volatile.Write(ref _answered, 1);
        try { _cts.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>
    /// A source for a body read with <paramref name="readToken"/>: null when the exchange's own token covers it (the
    /// token the exchange was sent with, or none), else a new one linking both, which the caller disposes.
    /// </summary>
    public CancellationTokenSource? LinkFor(CancellationToken readToken) =>
        !readToken.CanBeCanceled || readToken == _callerToken ? null : CancellationTokenSource.CreateLinkedTokenSource(readToken, _cts.Token);

    /// <summary>Whether a cancellation seen with <paramref name="readToken"/> was this timer firing rather than a caller cancelling.</summary>
    public bool Fired(CancellationToken readToken) =>
        _cts.IsCancellationRequested && !_callerToken.IsCancellationRequested && !readToken.IsCancellationRequested;

    public void Dispose()
    {
        _over = true;
        _cts.Dispose();
    }
}
