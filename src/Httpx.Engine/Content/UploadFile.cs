using System.Runtime.CompilerServices;

namespace Httpx;

/// <summary>
/// A file opened to be sent as a request body (a multipart form's file, a cmdlet's -InFile): for reading, shared for
/// writing and deleting. On Windows, FileShare.Read refused a file another program has open for writing (a service's
/// log) with "being used by another process", where Python's open() (and so HTTPX) and curl share it (the C runtime's
/// _SH_DENYNO); Delete lets that program rotate its log meanwhile. On Linux and macOS the share mode only chooses a
/// shared or exclusive flock, the same for both.
/// </summary>
public static class UploadFile
{
    /// <summary>Opens <paramref name="path"/> for reading, shared as above.</summary>
    public static FileStream Open(string path, int bufferSize = 4096, FileOptions options = FileOptions.None) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, options);

    /// <summary>
    /// The bytes of the file at <paramref name="path"/> in chunks, the file opened for this read and closed after it: a
    /// body given by its path (<see cref="FileContent"/>, a multipart file) holds no open file, and reads it again when sent again.
    /// </summary>
    internal static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var file = Open(path, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            await foreach (var chunk in StreamChunks.ReadAsync(file, cancellationToken).ConfigureAwait(false))
                yield return chunk;
        }
    }
}
