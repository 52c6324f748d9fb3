namespace Httpx.Internal;

/// <summary>
/// A read-only view of a response's raw body that counts the bytes taken from the network into the response's
/// NumBytesDownloaded (the response itself rather than a callback: no delegate per response).
/// </summary>
internal sealed class CountingReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly Response _response;

    public CountingReadStream(Stream inner, Response response)
    {
        _inner = inner;
        _response = response;
    }

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        _response.CountDownloaded(n);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _response.CountDownloaded(n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();
}
