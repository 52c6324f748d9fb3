namespace Httpx.Transports;

/// <summary>A connection's stream as the handler uses it, reporting to the <see cref="ConnectionTracker"/> when it is written to and closed.</summary>
internal sealed class TrackedConnectionStream : Stream
{
    private readonly Stream _inner;
    private readonly ConnectionTracker _tracker;
    private int _closed;

    public TrackedConnectionStream(Stream inner, ConnectionTracker tracker)
    {
        _inner = inner;
        _tracker = tracker;
    }

    internal LinkedListNode<TrackedConnectionStream>? IdleNode { get; set; }

    internal bool IsClosed => Volatile.Read(ref _closed) != 0;

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
            exchange.Connection = this;
            _tracker.OnBusy(this);
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
