using System.Text;

namespace Httpx;

/// <summary>
/// Request and response heads as <c>httpx -v</c> prints them ("&gt; GET /path HTTP/1.1", "&lt; HTTP/1.1 200 OK"), with
/// secrets (<see cref="SecretHeaderNames"/>) and URL passwords masked. For verbose output and logs.
/// </summary>
public static class HttpLog
{
    /// <summary>"&gt; GET /path HTTP/1.1".</summary>
    public static string RequestLine(Request request, string httpVersion) => $"> {request.Method} {request.Url.RawPath} {httpVersion}";

    /// <summary>
    /// The request line as it goes on the wire through <paramref name="proxy"/> (null: direct): a forwarded request
    /// carries the absolute URL ("&gt; GET http://example.org/path HTTP/1.1", as curl -v shows it), built as the handler
    /// writes it: scheme, host and any non-default port, then the path and query; never the URL's user or password.
    /// </summary>
    public static string RequestLine(Request request, string httpVersion, Proxy? proxy) => proxy is not null && proxy.Forwards(request.Url)
        ? $"> {request.Method} http://{request.Url.HostHeader}{request.Url.RawPath} {httpVersion}"
        : RequestLine(request, httpVersion);

    /// <summary>
    /// Request header lines as they went out over <paramref name="httpVersion"/>. Give a copy taken when the request was
    /// sent (<see cref="Headers.Copy"/>): an auth flow changes the same request for its next step.
    /// </summary>
    public static IEnumerable<string> FormatRequestHeaders(Headers headers, string httpVersion) => HeaderLines('>', headers.Raw, httpVersion);

    /// <summary>
    /// As <see cref="FormatRequestHeaders(Headers, string)"/>, through <paramref name="proxy"/> (null: direct): a request
    /// it forwards also carries the proxy's headers and Proxy-Authorization, added by the transport, listed as curl -v
    /// lists them (the credentials masked).
    /// </summary>
    public static IEnumerable<string> FormatRequestHeaders(Headers headers, string httpVersion, Proxy? proxy, Url url) =>
        proxy is not null && proxy.Forwards(url)
            ? HeaderLines('>', headers.Raw.Concat(proxy.ForwardedHeaders(headers)), httpVersion)
            : FormatRequestHeaders(headers, httpVersion);

    public static IEnumerable<string> FormatResponse(Response response) =>
        HeaderLines('<', response.Headers.Raw, response.HttpVersion).Prepend($"< {response.HttpVersion} {response.StatusCode} {Printable(response.ReasonPhrase)}");

    // HTTP/2 and later carry names in lower case (the handler gives known response headers their HTTP/1.1 casing), and
    // httpx -v prints them so: "host: example.org" over HTTP/2, "Host: example.org" over HTTP/1.1.
    private static IEnumerable<string> HeaderLines(char direction, IEnumerable<KeyValuePair<string, string>> headers, string httpVersion)
    {
        var lowerCase = !httpVersion.StartsWith("HTTP/1", StringComparison.Ordinal);
        foreach (var (name, value) in headers)
            yield return $"{direction} {(lowerCase ? name.ToLowerInvariant() : name)}: {Printable(Headers.Redact(name, value))}";
    }

    /// <summary>
    /// Text a server sent (a reason phrase, a header value, an error page's excerpt) as logs and messages show it: its
    /// control characters (ESC, BEL, a backspace, the C1 CSI 0x9b read as Latin-1) written raw would drive the terminal
    /// it is read on (clear it, retitle it, overwrite lines), and a CR or LF would break the line. Each is shown as \xNN,
    /// a tab, CR and LF as \t, \r and \n; text without any is returned as it is. The one escaping of server text for
    /// display: the transport's error details (.NET's words quoting what the server sent) use it too.
    /// </summary>
    public static string Printable(string text)
    {
        // char.IsControl's ranges, C0 with DEL and C1, checked without an enumerator.
        var span = text.AsSpan();
        if (span.IndexOfAnyInRange('\0', '\x1f') < 0 && span.IndexOfAnyInRange('\x7f', '\x9f') < 0) return text;
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                case char control when char.IsControl(control): builder.Append("\\x").Append(((int)control).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>One line: "HTTP Request: GET https://example.org/ "HTTP/1.1 200 OK"", as HTTPX logs at INFO.</summary>
    public static string Summary(Response response) =>
        $"HTTP Request: {response.Request.Describe()} \"{response.HttpVersion} {response.StatusCode} {Printable(response.ReasonPhrase)}\"";

    public static string Join(IEnumerable<string> lines) => new StringBuilder().AppendJoin('\n', lines).ToString();
}
