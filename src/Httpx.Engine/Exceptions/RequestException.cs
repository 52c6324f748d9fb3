namespace Httpx;

/// <summary>HTTPX's <c>RequestError</c>: something went wrong while sending a request or receiving its response.</summary>
public class RequestException : HttpException
{
    public RequestException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "RequestError";
}

/// <summary>HTTPX's <c>TransportError</c>: a failure in the transport layer.</summary>
public class TransportException : RequestException
{
    public TransportException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "TransportError";
}

/// <summary>HTTPX's <c>UnsupportedProtocol</c>: the URL's scheme is not http or https, or no transport is mounted for it.</summary>
public class UnsupportedProtocolException : TransportException
{
    public UnsupportedProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "UnsupportedProtocol";

    /// <summary>A URL with no scheme (a path, with no base URL to join it to): refused when sent, and when routed (Client.ProxyFor).</summary>
    internal static UnsupportedProtocolException MissingProtocol(Url url, Request? request = null) =>
        new($"Request URL is missing an 'http://' or 'https://' protocol: '{url.ToWrittenRedactedString()}'.{AddressHint(url)}{RelativeHint(url)}", request);

    /// <summary>
    /// '/items?page=2', '?page=2', '../items': a relative reference, as a Link header's next URL often is (HTTPX's
    /// response.links leaves it as written), which a paging loop sent as it came and was told only of a protocol.
    /// </summary>
    private static string RelativeHint(Url url) =>
        url.Scheme.Length == 0 && url.RawHost.Length == 0 && url.RawPath is ['/' or '?', ..] or ['.', ..]
            ? " It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's)."
            : "";

    /// <summary>
    /// '127.0.0.1:9100/metrics' or '[::1]:8080/' (an IP address, a port if any, then a path, a query or nothing) has no
    /// scheme to read, as in HTTPX, where 'localhost:9100' reads as the scheme 'localhost' and gets <see cref="HostAndPortHint"/>:
    /// the same hint, for the same slip.
    /// </summary>
    private static string AddressHint(Url url)
    {
        if (url.Scheme.Length != 0 || url.RawHost.Length != 0) return "";
        var written = url.RawPath;
        var end = written.IndexOfAny(['/', '?']);
        var authority = end < 0 ? written : written[..end];
        var colon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        var host = colon > 0 ? authority[..colon] : authority;
        var port = colon > 0 ? authority[(colon + 1)..] : "";
        var isAddress = host.StartsWith('[') ? host.EndsWith(']') && System.Net.IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            : host.Count(c => c == '.') == 3 && System.Net.IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        return isAddress && (colon <= 0 || port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit))
            ? $" For the address {host}{(colon > 0 ? $" on port {port}" : "")}, write 'http://{written}' (or https://)."
            : "";
    }

    /// <summary>A scheme HttpTransport does not speak (ftp://, say): refused when sent, and when routed to an HttpTransport (Client.ProxyFor).</summary>
    internal static UnsupportedProtocolException UnsupportedScheme(Url url, Request? request = null) =>
        new($"Request URL has an unsupported protocol '{url.Scheme}://': '{url.ToRedactedString()}'.{HostAndPortHint(url)}{UnixSocketHint(url)}", request);

    /// <summary>
    /// A Unix socket written as a URL: Docker's DOCKER_HOST form (unix:///var/run/docker.sock) or requests-unixsocket's
    /// (http+unix://%2Fvar%2Frun%2Fdocker.sock/info). HTTPX and curl take the socket as a connection setting, which a
    /// message naming only the unsupported 'unix://' did not tell.
    /// </summary>
    private static string UnixSocketHint(Url url)
    {
        if (url.Scheme is not ("unix" or "http+unix" or "https+unix")) return "";
        // The socket of unix: is named when a path segment ends in .sock, where the socket ends and the request's path
        // begins (a base URL joins a path on: unix:///var/run/docker.sock/containers/json). The host of http+unix: is
        // lowercased, as every host is, so it is not named.
        var path = url.Scheme == "unix" && url.RawHost.Length == 0 ? url.Path : "";
        var end = 0;
        // The first segment that ends in .sock, not the first ".sock": a folder may hold one (/home/ops/.sockets/api.sock).
        for (var at = path.IndexOf(".sock", StringComparison.Ordinal); at > 0 && end == 0; at = path.IndexOf(".sock", at + 1, StringComparison.Ordinal))
            if (at + ".sock".Length == path.Length || path[at + ".sock".Length] == '/') end = at + ".sock".Length;
        var named = end > 0;
        var socket = named ? $" '{path[..end]}'" : "";
        var target = named && end < path.Length ? path[end..] : "/...";
        return $" A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket{socket}, HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost{target}).";
    }

    /// <summary>
    /// 'localhost:8080/x' reads as the scheme 'localhost' and the path '8080/x', as in HTTPX, where curl takes it as a host
    /// and port: with nothing after the colon but a port number (and a path or query), the message says what to write.
    /// </summary>
    private static string HostAndPortHint(Url url)
    {
        if (url.RawHost.Length != 0) return "";
        var path = url.RawPath.AsSpan();
        var digits = 0;
        while (digits < path.Length && char.IsAsciiDigit(path[digits])) digits++;
        return digits is > 0 and <= 5 && (digits == path.Length || path[digits] is '/' or '?')
            ? $" For the host '{url.Scheme}' on port {path[..digits]}, write 'http://{url.ToRedactedString()}' (or https://)."
            : "";
    }
}

/// <summary>HTTPX's <c>ProxyError</c>: the proxy refused or failed the request (407, refused tunnel, SOCKS failure).</summary>
public class ProxyException : TransportException
{
    public ProxyException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ProxyError";
}

/// <summary>HTTPX's <c>DecodingError</c>: the response body could not be decoded with its Content-Encoding.</summary>
public class DecodingException : RequestException
{
    public DecodingException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "DecodingError";
}

/// <summary>HTTPX's <c>TooManyRedirects</c>.</summary>
public class TooManyRedirectsException : RequestException
{
    public TooManyRedirectsException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "TooManyRedirects";
}
