using System.Net.Sockets;

namespace Httpx.Transports;

/// <summary>
/// A connection's socket as the handler uses it, reporting to the <see cref="ConnectionTracker"/> when it is written to
/// and closed. A <see cref="NetworkStream"/> itself, not a wrapper around one: the handler checks a connection it is
/// about to reuse for a synchronous request by polling a NetworkStream's socket, and on any other stream starts an
/// asynchronous read-ahead that the blocked caller then waits for (a thread-pool hop per request on the sync API).
/// </summary>
internal class TrackedConnectionStream : NetworkStream
{
    private readonly ConnectionTracker _tracker;
    private int _closed;
    private int _retired;
    // Its set-up, decided once: still running, done (the handler may hand it to any request) or given up on (shut down).
    private const int SettingUp = 0, Ready = 1, GivenUp = 2;
    private int _setUp;
    // The HTTP/1.1 exchanges it has carried: after the first, it is a kept-alive connection (ExchangeConnection.MayBeResent).
    private int _exchanges;

    public TrackedConnectionStream(Socket socket, ConnectionTracker tracker) : base(socket, ownsSocket: true)
    {
        _tracker = tracker;
        IdleNode = new LinkedListNode<TrackedConnectionStream>(this);
    }

    /// <summary>This connection's place in the tracker's idle list (in it while idle): one node for its lifetime, not one per response.</summary>
    internal LinkedListNode<TrackedConnectionStream> IdleNode { get; }

    internal bool IsClosed => Volatile.Read(ref _closed) != 0;

    internal bool IsRetired => Volatile.Read(ref _retired) != 0;

    internal long IdleSince { get; set; }

    /// <summary>The exchange using this connection now (HTTP/1.1), or null while it is idle.</summary>
    internal ExchangeConnection? Owner { get; set; }

    /// <summary>
    /// Its exchange is its last: the server answered in HTTP/1.0, which h11 (httpcore) never keeps alive, while the
    /// handler would send the next request on it. No other exchange may claim it, and it is closed once its response is read.
    /// </summary>
    internal bool LastExchange { get => Volatile.Read(ref _lastExchange); set => Volatile.Write(ref _lastExchange, value); }

    private bool _lastExchange;

    /// <summary>
    /// The handler has set the connection up (TLS, a proxy tunnel): its writes from now on carry requests. False when its
    /// request gave up on it first (<see cref="ShutDownIfNotReady"/> has shut it down): it must not be handed on.
    /// </summary>
    internal virtual bool MarkReady() => Interlocked.CompareExchange(ref _setUp, Ready, SettingUp) != GivenUp;

    internal bool IsReady => Volatile.Read(ref _setUp) == Ready;

    /// <summary>Its set-up (TLS, a proxy tunnel) is still running: neither done nor given up on, and it is open.</summary>
    internal bool IsSettingUp => Volatile.Read(ref _setUp) == SettingUp && !IsClosed;

    /// <summary>It speaks HTTP/2 (ALPN or prior knowledge): set before it is marked ready.</summary>
    internal bool CarriesHttp2 { get; set; }

    /// <summary>Its server asked for a client certificate in the TLS handshake (<see cref="ClientCertificateRequest"/>).</summary>
    internal bool ClientCertificateRequested { get; set; }

    /// <summary>Marks the connection as no longer counted; true only the first time.</summary>
    internal bool MarkRetired() => Interlocked.Exchange(ref _retired, 1) == 0;

    /// <summary>
    /// Closes the connection the way a server closing a kept-alive connection does (reads see the end, writes fail with
    /// an I/O error), so the handler discards it, or retries a request that had just started on it, instead of failing
    /// on a disposed stream. The handler disposes the stream itself afterwards.
    /// </summary>
    internal void ShutDown()
    {
        try { Socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    /// <summary>
    /// Closes a connection whose set-up (TLS, a proxy tunnel) its request gave up on: the handler goes on with a
    /// connection attempt after its request is cancelled, under its own connect timeout, which is off (the engine times
    /// the connect), so a stalled handshake stayed pending for good and held the handler's slot for the origin. A
    /// connection already set up is left alone: the handler may have given it to another request.
    /// </summary>
    internal void ShutDownIfNotReady()
    {
        // One decision with MarkReady: a set-up that ends between a check and the shutdown would hand a connection that
        // is being closed to whichever request the handler gives it (over HTTP/2, to every request of the origin).
        if (Interlocked.CompareExchange(ref _setUp, GivenUp, SettingUp) == SettingUp) ShutDown();
    }

    /// <summary>What a SOCKS5 proxy sent while the handler set this connection up (<see cref="Socks5ConnectionStream"/>); empty otherwise.</summary>
    internal virtual ReadOnlyMemory<byte> SocksReplies => default;

    // Every write the handler makes goes through one of these (it never uses BeginWrite or WriteByte).
    public override void Write(byte[] buffer, int offset, int count)
    {
        Claim();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Claim();
        base.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Claim();
        return base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Claim();
        return base.WriteAsync(buffer, cancellationToken);
    }

    // A write on an exchange's flow, once the connection is set up, means this connection now carries that exchange's
    // request. Before that the writes are the set-up's own (a TLS handshake run on the flow of the exchange that opened
    // the connection, which the handler may meanwhile have sent on another connection that freed up first).
    private void Claim()
    {
        if (!IsReady)
        {
            // A tunnel's set-up write: a sign of which tunnel this thread and this flow set up (ConnectionFactory.ConnectionUnder).
            if (this is TunnelConnectionStream tunnel) tunnel.NoteSetUpWrite();
            return;
        }
        if (ConnectionTracker.CurrentExchange.Value is not { } exchange) return;
        var first = exchange.Connection is null;
        if (!first)
        {
            // Its own request's later writes (the usual case), or a write onto an HTTP/2 connection (nothing is claimed there).
            if (exchange.Connection == this || CarriesHttp2) return;
            // The handler sending an HTTP/1.1 request it already sent on another connection: it does so, for a request
            // without a body, when that connection ended before any byte of the answer. The server may have read it and
            // acted on it, so only an idempotent request goes out again; any other is refused here, before a byte of it is
            // written, and fails as httpcore's does. A re-send from an HTTP/2 connection is let through: the handler makes
            // those only for a stream the server said it did not process (GOAWAY, REFUSED_STREAM, and HTTP_1_1_REQUIRED,
            // after which it sends the request again over HTTP/1.1). Sent again, the request belongs to this connection:
            // its answer makes this one idle (or, in HTTP/1.0, ends it), and MaxKeepAliveConnections counts it. Only after
            // a kept-alive connection: a new one that its server closed tells nothing of the next (see MayBeResent). A
            // resend that needs a new connection is refused before it is opened (ConnectionFactory.RefuseResend); this
            // refuses one onto a connection the pool already had.
            if (exchange.RefuseResend() is { } refused) throw refused;
        }
        if (!_tracker.TryClaim(this, exchange))
        {
            exchange.RefusedBeforeSending = true;
            throw new IOException("The connection was closed by the pool (more idle connections than MaxKeepAliveConnections allows).");
        }
        exchange.Connection = this;
        // Counted for HTTP/1.1 only, one exchange at a time there; HTTP/2's streams claim it at once, and are not resent here.
        if (!CarriesHttp2) exchange.OnKeptAliveConnection = _exchanges++ > 0;
        if (first) exchange.Timer.Sent();
    }

    internal const string NotSentAgain = "The request was not sent again: the server may have processed it on the connection it closed.";

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0) _tracker.OnClosed(this);
        base.Dispose(disposing);
    }
}
