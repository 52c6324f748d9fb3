namespace Httpx;

/// <summary>A body already held in memory (raw bytes, form, JSON): its length is known and it can be sent again.</summary>
public abstract class BufferedContent : RequestContent
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string? _contentType;

    protected BufferedContent(ReadOnlyMemory<byte> bytes, string? contentType)
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
