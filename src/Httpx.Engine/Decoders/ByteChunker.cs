namespace Httpx;

/// <summary>
/// Re-cuts a byte stream into chunks of a fixed size (HTTPX's ByteChunker, for iter_bytes and iter_raw with a
/// chunk size): every chunk but the last has exactly that size. Without a size, each non-empty input is one chunk.
/// </summary>
public sealed class ByteChunker
{
    private readonly int? _chunkSize;
    private byte[]? _pending;
    private int _pendingLength;

    public ByteChunker(int? chunkSize = null)
    {
        if (chunkSize is <= 0) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be positive.");
        _chunkSize = chunkSize;
    }

    /// <summary>Adds to <paramref name="chunks"/> every chunk that <paramref name="content"/> completes.</summary>
    public void Decode(ReadOnlySpan<byte> content, ICollection<byte[]> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (_chunkSize is not int size)
        {
            if (!content.IsEmpty) chunks.Add(content.ToArray());
            return;
        }
        while (!content.IsEmpty)
        {
            // Fill the chunk being built; each chunk handed out is a fresh array the caller may keep.
            _pending ??= new byte[size];
            int count = Math.Min(size - _pendingLength, content.Length);
            content[..count].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += count;
            content = content[count..];
            if (_pendingLength == size)
            {
                chunks.Add(_pending);
                _pending = null;
                _pendingLength = 0;
            }
        }
    }

    /// <summary>Adds the last, shorter chunk if bytes are left over.</summary>
    public void Flush(ICollection<byte[]> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (_pendingLength == 0) return;
        chunks.Add(_pending.AsSpan(0, _pendingLength).ToArray());
        _pending = null;
        _pendingLength = 0;
    }
}
