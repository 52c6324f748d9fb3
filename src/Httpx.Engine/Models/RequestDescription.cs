namespace Httpx;

/// <summary>
/// How messages, logs and error records name a request: its method and URL, "GET https://example.org/path", with any
/// password in the URL shown as "[secure]".
/// </summary>
public static class RequestDescription
{
    /// <summary>"METHOD URL" (e.g. "GET https://user:[secure]@example.org/path"), safe for messages and logs.</summary>
    public static string Describe(this Request request) => $"{request.Method} {request.Url.ToRedactedString()}";
}
