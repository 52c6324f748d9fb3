namespace Httpx.Transports;

/// <summary>A connection's stream as the handler uses it, reporting to the <see cref="ConnectionTracker"/> when it is written to and closed.</summary>
internal sealed class TrackedConnectionStream : Stream
{
    private readonly Stream _inner;
    private readonly ConnectionTracker _tracker;
    private int _closed;
    private int _retired;

    public TrackedConnectionStream(Stream inner, ConnectionTracker tracker)
    {
        _inner = inner;
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

    /// <summary>Marks the connection as no longer counted; true only the first time.</summary>
    internal bool MarkRetired() => Interlocked.Exchange(ref _retired, 1) == 0;

    /// <summary>
    /// Closes the connection the way a server closing a kept-alive connection does (reads see the end, writes fail with
    /// an I/O error), so the handler discards it, or retries a request that had just started on it, instead of failing
    /// on a disposed stream. The handler disposes the stream itself afterwards.
    /// </summary>
    internal void ShutDown()
    {
        if (_inner is System.Net.Sockets.NetworkStream network)
        {
            try { network.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both); }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException) { }
        }
        else
        {
            Dispose();
        }
    }

    public override bool CanRead => _inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => _inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => _inner.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        Claim();
        _inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Claim();
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Claim();
        return _inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Claim();
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    // A write on an exchange's flow means this connection now carries that exchange's request.
    private void Claim()
    {
        if (ConnectionTracker.CurrentExchange.Value is { Connection: null } exchange)
        {
            if (!_tracker.TryClaim(this, exchange))
            {
                exchange.RefusedBeforeSending = true;
                throw new IOException("The connection was closed by the pool (more idle connections than MaxKeepAliveConnections allows).");
            }
            exchange.Connection = this;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _tracker.OnClosed(this);
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _tracker.OnClosed(this);
            await _inner.DisposeAsync().ConfigureAwait(false);
        }
        GC.SuppressFinalize(this);
    }
}
