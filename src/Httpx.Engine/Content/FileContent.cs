namespace Httpx;

/// <summary>
/// A body read from a file by its path, opened each time the body is sent and closed after, as a multipart file given by
/// its path is: a request built now and sent later holds no open file (New-HttpxRequest -InFile held one per request
/// built, until the garbage collector closed it), and it sends the file as it is when sent. Its length is the file's
/// when the content is made (Content-Length); a file whose size changes before it is sent fails the transport's check
/// of that length.
/// </summary>
public sealed class FileContent : RequestContent
{
    private readonly string? _contentType;

    /// <summary>The body of the file at <paramref name="path"/>; a missing file is refused here, as opening it was.</summary>
    public FileContent(string path, string? contentType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        FilePath = Path.GetFullPath(path);
        // Measured as a multipart file given by its path is: a missing file fails here.
        Length = new FileInfo(FilePath).Length;
        _contentType = contentType;
    }

    /// <summary>The file's full path.</summary>
    public string FilePath { get; }

    public override long? Length { get; }
    public override string? ContentType => _contentType;
    public override bool IsReplayable => true;

    /// <summary>As a FileStream body shows: the file's name and its length.</summary>
    public override string ToString() => $"<file {Path.GetFileName(FilePath)}, {Length} bytes>";

    public override string Source => $"file '{FilePath}'";

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken cancellationToken = default) =>
        UploadFile.ReadChunksAsync(FilePath, cancellationToken);
}
