namespace Httpx.PowerShell;

/// <summary>
/// The error record's exception when the request body's own source failed while the body was sent: a file that could
/// not be read half-way (-InFile, a FileInfo or stream as -Content), a stream of the user's whose Read threw. The
/// engine lets the source's exception through as it is, as HTTPX does, marked with the body and the request
/// (RequestContent.FailedSourceKey); its message ("Input/output error") named neither the file nor the URL, and its
/// category read as a network write. This one names both, reads as a ReadError of the user's source, and keeps the
/// source's exception as its inner one. An IOException, so that <c>catch [System.IO.IOException]</c> still takes it.
/// </summary>
public sealed class RequestBodyReadException : IOException
{
    private RequestBodyReadException(string message, Exception source, Request request) : base(message, source) => Request = request;

    /// <summary>The request whose body failed (after redirects, the hop that was being sent).</summary>
    public Request Request { get; }

    /// <summary>The exception for <paramref name="exception"/> if it is a body source's failure, else null.</summary>
    internal static RequestBodyReadException? Of(Exception exception) =>
        exception is not RequestBodyReadException
        && exception.Data[RequestContent.FailedSourceKey] is string source
        && exception.Data[RequestContent.FailedRequestKey] is Request request
            ? new($"Could not read the request body from {source} while sending it ({request.Describe()}): {exception.Message}", exception, request)
            : null;
}
