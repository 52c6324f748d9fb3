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
        new($"Request URL is missing an 'http://' or 'https://' protocol: '{url.ToWrittenRedactedString()}'.", request);

    /// <summary>A scheme HttpTransport does not speak (ftp://, say): refused when sent, and when routed to an HttpTransport (Client.ProxyFor).</summary>
    internal static UnsupportedProtocolException UnsupportedScheme(Url url, Request? request = null) =>
        new($"Request URL has an unsupported protocol '{url.Scheme}://': '{url.ToRedactedString()}'.{HostAndPortHint(url)}", request);

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
