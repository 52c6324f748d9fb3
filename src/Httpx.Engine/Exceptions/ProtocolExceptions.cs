namespace Httpx;

/// <summary>HTTPX's <c>ProtocolError</c>: the protocol was violated.</summary>
public abstract class ProtocolException : TransportException
{
    protected ProtocolException(string message, Request? request, Exception? innerException)
        : base(message, request, innerException) { }
}

/// <summary>The client violated the protocol (for example an invalid header value it was asked to send).</summary>
public class LocalProtocolException : ProtocolException
{
    public LocalProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "LocalProtocolError";
}

/// <summary>The server violated the protocol (malformed status line or headers, truncated body, ...).</summary>
public class RemoteProtocolException : ProtocolException
{
    public RemoteProtocolException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "RemoteProtocolError";

    /// <summary>
    /// The failure ended the set-up of the request's connection (the proxy's answer to its CONNECT), before the request
    /// went out: unlike a ConnectException or ProxyException, the type alone does not say so, and -Verbose showed the
    /// head of a request never sent.
    /// </summary>
    internal bool BeforeSending { get; init; }
}
