using System.Text;

namespace Httpx;

/// <summary>
/// Request and response heads as <c>httpx -v</c> prints them ("&gt; GET /path HTTP/1.1", "&lt; HTTP/1.1 200 OK"), with
/// Authorization, Proxy-Authorization, cookies and URL passwords masked. For verbose output and logs.
/// </summary>
public static class HttpLog
{
    /// <summary>"&gt; GET /path HTTP/1.1".</summary>
    public static string RequestLine(Request request, string httpVersion) => $"> {request.Method} {request.Url.RawPath} {httpVersion}";

    /// <summary>The request's header lines, taken now (a request that an auth flow changes later keeps these).</summary>
    public static List<string> FormatRequestHeaders(Request request) =>
        request.Headers.Raw.Select(h => $"> {h.Key}: {Headers.Redact(h.Key, RedactUrlsIn(h.Key, h.Value))}").ToList();

    public static IEnumerable<string> FormatResponse(Response response)
    {
        yield return $"< {response.HttpVersion} {response.StatusCode} {response.ReasonPhrase}";
        foreach (var (name, value) in response.Headers.Raw)
            yield return $"< {name}: {Headers.Redact(name, RedactUrlsIn(name, value))}";
    }

    /// <summary>One line: "HTTP Request: GET https://example.org/ "HTTP/1.1 200 OK"", as HTTPX logs at INFO.</summary>
    public static string Summary(Response response) =>
        $"HTTP Request: {response.Request.Describe()} \"{response.HttpVersion} {response.StatusCode} {response.ReasonPhrase}\"";

    // Headers whose value is a URL, which may carry a password.
    private static readonly HashSet<string> UrlHeaders = new(StringComparer.OrdinalIgnoreCase) { "Referer", "Location", "Content-Location" };

    private static string RedactUrlsIn(string name, string value) => UrlHeaders.Contains(name) ? UrlPasswords.Hide(value) : value;

    public static string Join(IEnumerable<string> lines) => new StringBuilder().AppendJoin('\n', lines).ToString();
}
