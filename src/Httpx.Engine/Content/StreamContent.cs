namespace Httpx;

/// <summary>
/// A body read from a <see cref="Stream"/> in 64 KiB chunks. A seekable stream has a known length (what remains
/// from its position when the content was created) and is replayed by seeking back there; any other stream is
/// sent chunked and can be read once. The caller keeps ownership of the stream. Each chunk is only valid until
/// the next one is requested.
/// </summary>
public sealed class StreamContent : RequestContent
{
    private readonly Stream _stream;
    private readonly string? _contentType;
    private readonly long _start;
    private bool _consumed;

    public StreamContent(Stream stream, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // Which stream and why: "The stream is not readable." alone did not say that a file given again after a using block
        // had been closed, nor that one opened with OpenWrite was the wrong one.
        if (!stream.CanRead)
            throw new ArgumentException($"The body's {SourceOf(stream)} cannot be read: {(stream.CanWrite ? "it was opened for writing only" : "it is closed (disposed)")}.", nameof(stream));
        _stream = stream;
        _contentType = contentType;
        if (stream.CanSeek)
        {
            _start = stream.Position;
            Length = Math.Max(0, stream.Length - _start);
        }
    }

    public override long? Length { get; }
    public override string? ContentType => _contentType;
    public override bool IsReplayable => _stream.CanSeek;

    /// <summary>A file's body by the file's name (a FileInfo body is sent from a FileStream), else as any stream's.</summary>
    public override string ToString() => _stream is FileStream file
        ? Length is { } length ? $"<file {Path.GetFileName(file.Name)}, {length} bytes>" : $"<file {Path.GetFileName(file.Name)}>"
        : base.ToString();

    /// <summary>A file by its path, any other stream by its type (what a user passed: a GZipStream, a stream of their own).</summary>
    public override string Source => SourceOf(_stream);

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken cancellationToken = default)
    {
        if (_stream.CanSeek)
        {
            _stream.Position = _start;
        }
        else
        {
            if (_consumed) throw new StreamConsumedException();
            _consumed = true;
        }
        return StreamChunks.ReadAsync(_stream, cancellationToken);
    }
}
