namespace Httpx.Internal;

/// <summary>A read-only view of a response's raw body that counts the bytes taken from the network.</summary>
internal sealed class CountingReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly Action<int> _onRead;

    public CountingReadStream(Stream inner, Action<int> onRead)
    {
        _inner = inner;
        _onRead = onRead;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        _onRead(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _onRead(n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();
}
