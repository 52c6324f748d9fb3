using System.Diagnostics;

namespace Httpx.Transports;

/// <summary>
/// Counts a transport's open connections and enforces <see cref="Limits.MaxKeepAliveConnections"/>, which
/// SocketsHttpHandler has no setting for. When more HTTP/1.1 connections sit idle than allowed, the least recently
/// used ones are retired once they have been idle for <see cref="HttpTransportOptions.IdleTrimDelay"/>: their socket is
/// shut down, which the handler treats as a server that closed a kept-alive connection and drops from its pool. An
/// exchange the handler had just put on it is refused before it sends anything, and the transport sends it again
/// on another connection. The short delay keeps a busy client from churning connections
/// between back-to-back requests; after a burst the pool shrinks to the allowance.
/// An exchange learns its connection when the handler writes the request on it (<see cref="CurrentExchange"/>);
/// HTTP/2 connections carry many exchanges at once and are never retired this way.
/// A connection that answered in HTTP/1.0 is not kept alive at all (<see cref="TrackedConnectionStream.LastExchange"/>).
/// </summary>
internal sealed class ConnectionTracker : IDisposable
{
    /// <summary>The exchange whose request the handler is sending on this async flow.</summary>
    internal static readonly AsyncLocal<ExchangeConnection?> CurrentExchange = new();

    private readonly int? _maxIdle;
    private readonly TimeSpan _trimDelay;
    private readonly object _lock = new();
    private readonly LinkedList<TrackedConnectionStream> _idle = new();
    private Timer? _trimTimer;
    private int _open;
    // Every connection open now, in use or idle: closing the transport closes them all (see Dispose).
    private readonly HashSet<TrackedConnectionStream> _all = new();
    private bool _closed;

    public ConnectionTracker(int? maxKeepAliveConnections, TimeSpan trimDelay)
    {
        _maxIdle = maxKeepAliveConnections;
        // No grace when none may be kept: MaxKeepAliveConnections = 0 asks for no reuse at all (httpcore closes each
        // connection once its response is read), which back-to-back requests would otherwise get within the delay.
        _trimDelay = maxKeepAliveConnections == 0 ? TimeSpan.Zero : trimDelay;
    }

    /// <summary>The proxy every connection of this transport goes to or through, for the errors of a response body's reads.</summary>
    public Proxy? Proxy { get; init; }

    /// <summary>Connections open and usable: in use, or idle within the allowance.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>
    /// The stream the handler uses for a newly connected <paramref name="socket"/>, which it now owns;
    /// <paramref name="socks5"/>: the socket is a SOCKS5 proxy's, whose replies are kept while the handler sets it up;
    /// <paramref name="tunnel"/>: it is an HTTP proxy's, opened for a CONNECT, whose end before any answer is noted.
    /// </summary>
    public TrackedConnectionStream Track(System.Net.Sockets.Socket socket, bool socks5 = false, bool tunnel = false)
    {
        var stream = socks5 ? new Socks5ConnectionStream(socket, this)
            : tunnel ? new TunnelConnectionStream(socket, this)
            : new TrackedConnectionStream(socket, this);
        Interlocked.Increment(ref _open);
        bool closed;
        lock (_lock)
        {
            closed = _closed;
            if (!closed) _all.Add(stream);
        }
        // Connected after the transport was closed: nothing may be sent on it.
        if (closed) stream.ShutDown();
        return stream;
    }

    /// <summary>
    /// The handler starts an exchange on <paramref name="connection"/>. False when it has just been retired: the
    /// exchange must not send a byte on it (it is retried on another connection).
    /// </summary>
    internal bool TryClaim(TrackedConnectionStream connection, ExchangeConnection exchange)
    {
        lock (_lock)
        {
            if (connection.IsRetired || connection.LastExchange) return false;
            RemoveIdle(connection);
            connection.Owner = exchange;
            return true;
        }
    }

    /// <summary>
    /// <paramref name="exchange"/> was answered in HTTP/1.0: its connection carries no other exchange and is closed with
    /// its response. Unless another exchange has already claimed it: the handler puts a connection back in its pool
    /// before handing over a response with an empty body (Content-Length: 0, a HEAD, a 204), and the request it gave it
    /// to is on the wire; closing it then would break that request, or have the handler send it a second time.
    /// </summary>
    internal void MarkLastExchange(TrackedConnectionStream connection, ExchangeConnection exchange)
    {
        // Under the lock TryClaim takes: once marked, no exchange can claim it, so its owner stays this exchange.
        lock (_lock)
            if (ReferenceEquals(connection.Owner, exchange)) connection.LastExchange = true;
    }

    /// <summary>
    /// <paramref name="exchange"/> has read its response to the end. The handler returned the connection to its pool at
    /// that moment and may already have given it to the next exchange: it only counts as idle while nobody claimed it.
    /// </summary>
    internal void OnIdle(TrackedConnectionStream connection, ExchangeConnection exchange)
    {
        lock (_lock)
        {
            if (connection.IsClosed || connection.IsRetired || !ReferenceEquals(connection.Owner, exchange)) return;
            connection.Owner = null;
            RemoveIdle(connection);
            connection.IdleSince = Stopwatch.GetTimestamp();
            _idle.AddLast(connection.IdleNode);
            // Within the allowance (the usual case): nothing to trim, no second look under the lock.
            if (_maxIdle is not { } max || _idle.Count <= max) return;
        }
        Trim();
    }

    /// <summary>
    /// The response of a connection's last exchange (<see cref="MarkLastExchange"/>) is closed, read to the end or not:
    /// the connection is closed now, as httpcore does, rather than left in the handler's pool. The handler keeps it there
    /// also when a response closed early had the rest of its body already buffered.
    /// </summary>
    internal void CloseLastExchange(TrackedConnectionStream connection)
    {
        if (connection.IsClosed || !connection.MarkRetired()) return;
        Interlocked.Decrement(ref _open);
        connection.ShutDown();
    }

    internal void OnClosed(TrackedConnectionStream connection)
    {
        lock (_lock)
        {
            RemoveIdle(connection);
            _all.Remove(connection);
        }
        if (!connection.MarkRetired()) return;
        Interlocked.Decrement(ref _open);
    }

    /// <summary>Retires the idle connections beyond the allowance that have waited long enough; schedules itself for the rest.</summary>
    private void Trim()
    {
        if (_maxIdle is not { } max) return;
        List<TrackedConnectionStream>? victims = null;   // nearly always none: no allocation per response
        TimeSpan? retryIn = null;
        lock (_lock)
        {
            while (_idle.Count > max)
            {
                var oldest = _idle.First!.Value;
                var idleFor = Stopwatch.GetElapsedTime(oldest.IdleSince);
                if (idleFor < _trimDelay)
                {
                    retryIn = _trimDelay - idleFor;
                    break;
                }
                RemoveIdle(oldest);
                // Retired under the lock, so that an exchange claiming it from now on is refused before sending.
                if (oldest.MarkRetired()) Interlocked.Decrement(ref _open);
                (victims ??= new()).Add(oldest);
            }
            if (retryIn is { } due)
            {
                _trimTimer ??= new Timer(static state => ((ConnectionTracker)state!).Trim(), this, System.Threading.Timeout.Infinite, System.Threading.Timeout.Infinite);
                _trimTimer.Change(due, System.Threading.Timeout.InfiniteTimeSpan);
            }
        }
        if (victims is null) return;
        foreach (var victim in victims) victim.ShutDown();
    }

    private void RemoveIdle(TrackedConnectionStream connection)
    {
        if (connection.IdleNode.List is not null) _idle.Remove(connection.IdleNode);
    }

    /// <summary>Whether the transport was closed: a read that fails from now on failed because of it.</summary>
    internal bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>
    /// Closes every connection, those in use too, as httpcore's pool close does: a response still being read (a stream,
    /// a download) then fails with a ReadError instead of going on over a client its owner closed, and a request waiting
    /// for its answer ends. The handler's own Dispose closes only its idle connections and leaves the others to their
    /// responses, which kept an endless stream running for good.
    /// </summary>
    public void Dispose()
    {
        TrackedConnectionStream[] open;
        lock (_lock)
        {
            _trimTimer?.Dispose();
            Volatile.Write(ref _closed, true);
            open = [.. _all];
        }
        foreach (var connection in open) connection.ShutDown();
    }
}

/// <summary>The connection an exchange was sent on, once the handler has written to it.</summary>
internal sealed class ExchangeConnection(EngineRequestMessage message)
{
    /// <summary>The exchange's message: its request's trace is told of a connection the exchange set going.</summary>
    public EngineRequestMessage Message { get; } = message;

    /// <summary>The exchange's timer, told when its request goes out on a connection.</summary>
    public ExchangeTimer Timer => Message.Timer;

    public TrackedConnectionStream? Connection { get; set; }

    /// <summary>The handler picked a connection that had just been retired; nothing was sent, so the exchange may be retried.</summary>
    public bool RefusedBeforeSending { get; set; }

    /// <summary>
    /// Whether the handler may send the request again on another HTTP/1.1 connection, after the one it went out on
    /// ended before any byte of the answer: only for an idempotent method (RFC 9110 9.2.2), which the server may see
    /// twice, and only when that connection was kept alive from an earlier exchange, as a server may close an idle
    /// connection just as a request goes out on it. A new connection that its server closed after reading the request
    /// says nothing of the next one: the handler sent the request three more times, where httpcore and curl send it
    /// once. Also for the handler's own connection-bound auth (NTLM, Negotiate), whose handshake sends one message on a
    /// new connection when the server closes the one of its 401.
    /// </summary>
    public bool MayBeResent => HandlerAuth || (Idempotent && OnKeptAliveConnection);

    /// <summary>Its method is idempotent (RFC 9110 9.2.2): the server may see the request twice.</summary>
    public bool Idempotent { get; init; }

    /// <summary>The handler runs the exchange's auth (NTLM, Negotiate: <see cref="Httpx.HandlerAuth"/>).</summary>
    public bool HandlerAuth { get; init; }

    /// <summary>The HTTP/1.1 connection the request last went out on had carried an earlier exchange.</summary>
    public bool OnKeptAliveConnection { get; set; }

    /// <summary>The handler tried to send the request again on another connection, and was refused (<see cref="MayBeResent"/>).</summary>
    public bool ResendRefused { get; private set; }

    /// <summary>
    /// The handler sending the request again after its HTTP/1.1 connection ended may not (<see cref="MayBeResent"/>):
    /// the refusal, noted for the transport's error, to throw before anything is sent (onto a pooled connection, or
    /// before a new one is opened). Null when it may: a first send, a resend from HTTP/2, or one allowed.
    /// </summary>
    public IOException? RefuseResend()
    {
        if (Connection is not { CarriesHttp2: false } || MayBeResent) return null;
        ResendRefused = true;
        return new IOException(TrackedConnectionStream.NotSentAgain);
    }

    /// <summary>
    /// The CONNECT tunnel whose set-up (the CONNECT, then the TLS handshake through it) last wrote on this exchange's flow:
    /// the one PlaintextFilter marks ready when its thread does not say (ConnectionFactory.ConnectionUnder).
    /// </summary>
    public TunnelConnectionStream? SettingUp { get; set; }
}
