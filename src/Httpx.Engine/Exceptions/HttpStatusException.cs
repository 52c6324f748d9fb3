namespace Httpx;

/// <summary>HTTPX's <c>HTTPStatusError</c>, raised by <see cref="Response.RaiseForStatus"/> for 4xx and 5xx responses.</summary>
public class HttpStatusException : HttpException
{
    public HttpStatusException(string message, Request request, Response response)
        : base(message, request) => Response = response;

    public Response Response { get; }

    public override string ErrorName => "HTTPStatusError";
}
