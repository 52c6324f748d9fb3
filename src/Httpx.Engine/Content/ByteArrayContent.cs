namespace Httpx;

/// <summary>A body held in memory: bytes or text encoded as UTF-8. Replayable.</summary>
public sealed class ByteArrayContent : RequestContent
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string? _contentType;

    public ByteArrayContent(ReadOnlyMemory<byte> bytes, string? contentType = null)
    {
        _bytes = bytes;
        _contentType = contentType;
    }

    public override long? Length => _bytes.Length;
    public override string? ContentType => _contentType;
    public override bool IsReplayable => true;
    public override ReadOnlyMemory<byte>? BufferedBytes => _bytes;

    public override async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        if (!_bytes.IsEmpty) yield return _bytes;
    }
}
