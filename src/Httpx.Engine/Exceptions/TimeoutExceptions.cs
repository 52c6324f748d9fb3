namespace Httpx;

/// <summary>HTTPX's <c>TimeoutException</c>: base of the four timeout kinds.</summary>
public abstract class HttpTimeoutException : TransportException
{
    protected HttpTimeoutException(string message, Request? request, Exception? innerException)
        : base(message, request, innerException) { }
}

/// <summary>Timed out while connecting (TCP connect and TLS handshake).</summary>
public class ConnectTimeoutException : HttpTimeoutException
{
    public ConnectTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ConnectTimeout";
}

/// <summary>Timed out waiting for the response headers or for a chunk of the body.</summary>
public class ReadTimeoutException : HttpTimeoutException
{
    public ReadTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ReadTimeout";

    /// <summary>
    /// How a body's read timeout is switched off, as a body's timeout message ends: the module's replaces it with its
    /// own parameter. An idle watch or event stream (quiet for minutes) runs into the default 5 s.
    /// </summary>
    internal const string NoReadLimit = "Timeout.Read = null";
}

/// <summary>Timed out sending a chunk of the request body.</summary>
public class WriteTimeoutException : HttpTimeoutException
{
    public WriteTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "WriteTimeout";
}

/// <summary>Timed out waiting for a connection from the pool (see <see cref="Limits.MaxConnections"/>).</summary>
public class PoolTimeoutException : HttpTimeoutException
{
    public PoolTimeoutException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "PoolTimeout";
}
