namespace Httpx.Tests.Downloads;

/// <summary>
/// A client whose mock transport gives every request one answer, as a server meets a download: a 200, or a 206 with
/// its Content-Range. The requests it got go into <c>sent</c> when given (the Range and Accept-Encoding a resume asked
/// for, or that nothing was sent).
/// </summary>
internal static class AnsweringClient
{
    public static Httpx.Client With(int status, string body, string? contentRange = null, List<Request>? sent = null) =>
        new(new ClientOptions
        {
            Transport = new MockTransport(request =>
            {
                sent?.Add(request);
                var headers = contentRange is null
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { ["Content-Range"] = contentRange };
                return new Response(status, headers: headers, content: body);
            }),
        });
}
