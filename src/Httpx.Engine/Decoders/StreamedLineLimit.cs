namespace Httpx;

/// <summary>
/// The longest line that a stream of lines holds (IterLines, server-sent events, JSON lines), and the longest data of
/// one event: 16 MiB, in characters (bytes for JSON lines). Past it the stream raises <see cref="DecodingException"/>.
/// </summary>
/// <remarks>
/// HTTPX has no such limit: its LineDecoder (and httpx-sse's) holds text until a line break comes. A body without one
/// (a binary file, or a broken or hostile server's endless line or endless event) was then held whole: a 1 GB one took
/// 2.3 GB of memory and ended in .NET's OutOfMemoryException ("Insufficient memory to continue the execution of the
/// program"), an endless one before. Reading a body as lines is how a script keeps memory flat on an endless stream, so
/// it holds one line of bounded length. 16 MiB is ten times the largest object Kubernetes stores (etcd's 1.5 MB),
/// whose watch streams are the largest JSON lines an ops script reads; a body with longer lines is read as text or byte
/// chunks, or downloaded.
/// </remarks>
internal static class StreamedLineLimit
{
    public const int MaxLength = 16 * 1024 * 1024;

    /// <summary>The decoder's error: <paramref name="what"/> ("A line", "An event's data") ran past the limit in <paramref name="unit"/>.</summary>
    public static DecodingException Exceeded(string what, string unit) =>
        new($"{what} runs past {MaxLength} {unit} (16 MiB) without its end");

    /// <summary>The decoder's error <paramref name="exceeded"/> naming the response it came from, as raised to the caller.</summary>
    public static DecodingException Of(Response response, DecodingException exceeded)
    {
        var request = response.HasRequest ? response.Request : null;
        var of = request is null ? "the response" : $"the response to {request.Describe()}";
        return new DecodingException(
            $"{exceeded.Message} in {of}: a stream of lines or events holds one at a time, none longer than that, so that its memory stays flat. " +
            "Read such a body as text or byte chunks, or download it.", request, exceeded);
    }
}
