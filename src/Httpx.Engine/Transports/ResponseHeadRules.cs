using System.Net.Http;

namespace Httpx.Transports;

/// <summary>
/// The rules of HTTPX's h11 for a response head that the handler takes: a head h11 refuses with RemoteProtocolError,
/// which the handler would hand on as a response with a status no HTTP status can be, or whose body is not the one sent
/// (framing it reads otherwise). These only look at values the handler has already parsed; the framing stays the handler's.
/// </summary>
internal static class ResponseHeadRules
{
    /// <summary>
    /// A response that has no body whatever its headers say: to a HEAD, or a 204 or 304 (RFC 9112 6.3; a 1xx is no final
    /// response). Its Content-Length says what a GET would have sent.
    /// </summary>
    public static bool HasNoBody(string? method, int statusCode) => method == "HEAD" || statusCode is 204 or 304;

    /// <summary>
    /// The error for a head HTTPX refuses, or null when it is sound; with the body's length by its Content-Length (null
    /// when it has none), read here once for the body stream's checks.
    /// </summary>
    public static RemoteProtocolException? Refusal(HttpResponseMessage message, Request request, out long? contentLength)
    {
        contentLength = null;
        // The handler takes any three digits; h11 refuses a status under 100 (no InformationalResponse or Response can
        // be one), and no HTTP status is one. Three digits were sent, so "099" is what the server wrote.
        if ((int)message.StatusCode < 100)
            return new RemoteProtocolException($"The server sent an invalid status code '{(int)message.StatusCode:000}': status codes start at 100 ({request.Describe()})", request);
        if (ReadContentLength(message, out contentLength) is { } invalid)
            return new RemoteProtocolException($"The server sent an invalid Content-Length header {Display(invalid)}: the body's length is unknown ({request.Describe()})", request);
        if (message.Version.Major == 1 && UnsupportedTransferEncoding(message) is { } coding)
            return new RemoteProtocolException($"The server sent an unsupported Transfer-Encoding {Display(coding)}: only 'chunked' is supported ({request.Describe()})", request);
        return null;
    }

    /// <summary>
    /// A Transfer-Encoding other than 'chunked' (in any case), its codings joined, or null when there is none or it is
    /// that. The handler takes off a chunked coding wherever it stands in the list and hands on what the other codings
    /// made as if it were the body (gzip's bytes for "gzip, chunked"; without chunked, everything up to the close); h11
    /// refuses every other coding. 'chunked' said more than once passes, where h11 refuses it: servers and proxies that
    /// add the header again send it over a body chunked once (encode/httpx#1862, left open, its maintainer calling
    /// such leniency reasonable), which the handler reads right, as curl and browsers do.
    /// </summary>
    private static string? UnsupportedTransferEncoding(HttpResponseMessage message)
    {
        if (!message.Headers.NonValidated.TryGetValues("Transfer-Encoding", out var values)) return null;
        // One value per coding once the handler has parsed the header (its framing asks for it), one per line before
        // (a HEAD's, a 204's): each line's codings, empty ones skipped as the handler's parsing skips them. The common
        // lone 'chunked' allocates nothing.
        var chunked = false;
        foreach (var value in values)
            foreach (var coding in new CommaParts(value))
            {
                if (coding.Equals("chunked", StringComparison.OrdinalIgnoreCase)) chunked = true;
                else if (!coding.IsEmpty) return string.Join(", ", values);
            }
        return chunked ? null : string.Join(", ", values);
    }

    /// <summary>
    /// A Content-Length the handler could not read (it then reads the body to the connection's end, as if there were
    /// none): not a non-negative integer, or values that disagree. HTTPX's h11 refuses such a response; the value, or
    /// null when it is sound or absent, with the length when it is sound (null when there is none).
    /// </summary>
    private static string? ReadContentLength(HttpResponseMessage message, out long? length)
    {
        length = null;
        if (!message.Content.Headers.NonValidated.TryGetValues("Content-Length", out var values)) return null;
        foreach (var value in values)
            foreach (var part in new CommaParts(value))
            {
                if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                    || (length is { } seen && seen != parsed))
                    return value;
                length = parsed;
            }
        return null;
    }

    /// <summary>
    /// The comma-separated parts of a header line, each trimmed, an empty one too ("2," is "2" and ""), without a string
    /// per part: this runs for every response.
    /// </summary>
    private ref struct CommaParts(string line)
    {
        private ReadOnlySpan<char> _rest = line;
        private bool _done;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly CommaParts GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_done) return false;
            var comma = _rest.IndexOf(',');
            Current = (comma < 0 ? _rest : _rest[..comma]).Trim();
            if (comma < 0) _done = true;
            else _rest = _rest[(comma + 1)..];
            return true;
        }
    }

    private static string Display(string value) => UrlParser.Display(Internal.ShortText.Cut(value, 40));
}
