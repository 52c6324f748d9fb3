namespace Httpx;

/// <summary>HTTPX's <c>HTTPStatusError</c>, raised by <see cref="Response.RaiseForStatus"/> for 4xx and 5xx responses.</summary>
public class HttpStatusException : HttpException
{
    public HttpStatusException(string message, Request request, Response response)
        : base(message, request) => Response = response;

    public Response Response { get; }

    /// <summary>
    /// The first bytes of an error body too long to read whole (<see cref="Response.RaiseForStatusAsync"/>), all that
    /// was read of it; null when the response's body was read whole, or not at all.
    /// </summary>
    public byte[]? BodyStart { get; init; }

    /// <summary>
    /// <see cref="BodyStart"/> decoded as the response's <see cref="Response.Text"/> is (its charset, else the client's
    /// default encoding, Python's codec names included); null when <see cref="BodyStart"/> is. A character cut at the
    /// end reads as U+FFFD.
    /// </summary>
    public string? BodyStartText => BodyStart is null ? null : Response.Decoded(BodyStart);

    /// <summary>
    /// What was read of the body (<see cref="BodyStartText"/>, else the whole body) as text, for a message; null when
    /// nothing was read. Decoded as <see cref="Response.Text"/> would be, without reading it: HTTPX lets a caller set
    /// <see cref="Response.Encoding"/> until Text is read, and a message about the error must not take that away. A body
    /// too long for one string is <see cref="ResponseTooLargeException"/>, as its Text is.
    /// </summary>
    public string? BodyText => BodyStartText ?? (Response.IsRead ? Response.Decoded(Response.Content) : null);

    public override string ErrorName => "HTTPStatusError";
}
