using System.Runtime.CompilerServices;

namespace Httpx;

/// <summary>
/// A body produced by a sequence of byte chunks (HTTPX's iterator content). Its length is unknown, so it is sent
/// chunked. A lazily produced sequence can be read once; an in-memory collection of chunks (an array or list),
/// like a Python list, can be read again. Empty chunks are skipped: an empty chunk would end a chunked body.
/// </summary>
public sealed class AsyncEnumerableContent : RequestContent
{
    private readonly IAsyncEnumerable<ReadOnlyMemory<byte>>? _asyncChunks;
    private readonly IEnumerable<ReadOnlyMemory<byte>>? _chunks;
    private readonly string? _contentType;
    private bool _consumed;

    public AsyncEnumerableContent(IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _asyncChunks = chunks;
        _contentType = contentType;
    }

    public AsyncEnumerableContent(IAsyncEnumerable<byte[]> chunks, string? contentType = null)
        : this(AsMemory(chunks), contentType) { }

    public AsyncEnumerableContent(IEnumerable<ReadOnlyMemory<byte>> chunks, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        _chunks = chunks;
        _contentType = contentType;
        IsReplayable = chunks is ICollection<ReadOnlyMemory<byte>> or IReadOnlyCollection<ReadOnlyMemory<byte>>;
    }

    public AsyncEnumerableContent(IEnumerable<byte[]> chunks, string? contentType = null)
        : this(chunks.Select(static c => (ReadOnlyMemory<byte>)c), contentType)
    {
        IsReplayable = chunks is ICollection<byte[]> or IReadOnlyCollection<byte[]>;
    }

    public override long? Length => null;
    public override string? ContentType => _contentType;
    public override bool IsReplayable { get; }

    public override string Source => "a sequence of chunks";

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken cancellationToken = default)
    {
        if (!IsReplayable)
        {
            if (_consumed) throw new StreamConsumedException();
            _consumed = true;
        }
        return _asyncChunks is not null
            ? SkipEmptyAsync(_asyncChunks, cancellationToken)
            : SkipEmpty(_chunks!, cancellationToken);
    }

    private static IAsyncEnumerable<ReadOnlyMemory<byte>> AsMemory(IAsyncEnumerable<byte[]> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return Convert(chunks);

        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Convert(
            IAsyncEnumerable<byte[]> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (byte[] chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false)) yield return chunk;
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> SkipEmptyAsync(
        IAsyncEnumerable<ReadOnlyMemory<byte>> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (ReadOnlyMemory<byte> chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!chunk.IsEmpty) yield return chunk;
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> SkipEmpty(
        IEnumerable<ReadOnlyMemory<byte>> chunks, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (ReadOnlyMemory<byte> chunk in chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!chunk.IsEmpty) yield return chunk;
        }
    }
}
