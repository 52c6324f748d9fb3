using System.Buffers;
using System.Runtime.CompilerServices;

namespace Httpx;

/// <summary>Reads a stream as a sequence of chunks without loading it into memory.</summary>
internal static class StreamChunks
{
    /// <summary>HTTPX's <c>CHUNK_SIZE</c> for file-like request bodies.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Yields the stream's remaining bytes. One pooled buffer serves the whole read, so each chunk is only
    /// valid until the next one is requested (the transport writes a chunk before asking for the next).
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                yield return buffer.AsMemory(0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
