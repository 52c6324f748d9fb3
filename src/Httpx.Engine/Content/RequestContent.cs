namespace Httpx;

/// <summary>
/// A request body as the transport sends it: a sequence of chunks, with a length when it is known
/// (Content-Length) or none (chunked transfer encoding). HTTPX's request <c>stream</c>.
/// </summary>
public abstract class RequestContent
{
    /// <summary>The body's length in bytes, or null when it is only known by reading it (sent chunked).</summary>
    public abstract long? Length { get; }

    /// <summary>The Content-Type this content implies (form, multipart with its boundary, JSON), or null.</summary>
    public virtual string? ContentType => null;

    /// <summary>
    /// True when the content can be read again from the start, so that a 307/308 redirect or an auth retry
    /// can send it again. A one-shot stream is not replayable until it has been buffered with <see cref="Request.Read"/>.
    /// </summary>
    public abstract bool IsReplayable { get; }

    /// <summary>Yields the body's chunks in order. Throws <see cref="StreamConsumedException"/> on a second read of a one-shot body.</summary>
    public abstract IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken cancellationToken = default);

    /// <summary>The whole body as bytes when it is already in memory (no I/O needed), else null.</summary>
    public virtual ReadOnlyMemory<byte>? BufferedBytes => null;

    /// <summary>
    /// What the body is, without reading it ("&lt;5 bytes&gt;", "&lt;stream of 5 bytes&gt;", "&lt;stream&gt;"): for a
    /// request's display, where <see cref="Request.Content"/> of an unread stream throws and showed as empty.
    /// </summary>
    public override string ToString() => BufferedBytes is { } bytes ? $"<{bytes.Length} bytes>"
        : Length is { } length ? $"<stream of {length} bytes>" : "<stream>";

    /// <summary>
    /// What the body is read from, for a message about that source failing while the body is sent: "file '/data/a.bin'",
    /// "stream System.IO.Compression.GZipStream", "a sequence of chunks", "file '/data/a.csv' (field 'doc' of the multipart form)".
    /// </summary>
    public virtual string Source => "its content";

    /// <summary>A stream as <see cref="Source"/> names it: a file by its path, any other by its type (a GZipStream, a user's own).</summary>
    internal static string SourceOf(Stream stream) => stream is FileStream file ? $"file '{file.Name}'" : $"stream {stream.GetType().FullName}";

    /// <summary>
    /// <see cref="Exception.Data"/> keys on an exception that the body's own source threw while the body was sent, or
    /// read into memory before (an auth flow's <see cref="Request.ReadAsync"/>): a file's read error, a stream or a
    /// sequence of chunks that threw, which the engine lets through as it is, as
    /// HTTPX does: <see cref="FailedSourceKey"/> holds the body's <see cref="Source"/>, <see cref="FailedRequestKey"/>
    /// the <see cref="Request"/> being sent, so that a caller can say which body of which request failed.
    /// </summary>
    public const string FailedSourceKey = "Httpx.RequestBodySource";

    /// <inheritdoc cref="FailedSourceKey"/>
    public const string FailedRequestKey = "Httpx.RequestBodyRequest";

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown while the body was read, is its source's own failure: not the
    /// engine's (StreamConsumed, a length check) nor a cancellation, which go as they are.
    /// </summary>
    internal static bool IsSourceFailure(Exception exception) => exception is not (HttpxException or OperationCanceledException);

    /// <summary>
    /// Marks <paramref name="failure"/>, which this body's source threw while <paramref name="request"/> sent or read
    /// it, with <see cref="FailedSourceKey"/> and <see cref="FailedRequestKey"/>. Only when something failed: nothing is
    /// added to a request that succeeds. The mark is extra: an exception whose Data is read-only (Data is virtual)
    /// goes out unmarked, never replaced by the NotSupportedException of marking it.
    /// </summary>
    internal void MarkFailure(Exception failure, Request request)
    {
        var data = failure.Data;
        if (data.IsReadOnly) return;
        try
        {
            data[FailedSourceKey] = Source;
            data[FailedRequestKey] = request;
        }
        catch (NotSupportedException)
        {
            // A dictionary of the exception's own that refuses without saying it is read-only: left unmarked.
        }
    }

    /// <summary>An empty body: no Content-Length header is sent for it on GET-like requests.</summary>
    public static RequestContent Empty { get; } = new ByteArrayContent(ReadOnlyMemory<byte>.Empty);
}
