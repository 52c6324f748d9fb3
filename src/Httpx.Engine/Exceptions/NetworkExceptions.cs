namespace Httpx;

/// <summary>HTTPX's <c>NetworkError</c>: the connection failed.</summary>
public abstract class NetworkException : TransportException
{
    protected NetworkException(string message, Request? request, Exception? innerException)
        : base(message, request, innerException) { }
}

/// <summary>Failed to establish a connection: refused, unreachable, DNS failure, TLS failure.</summary>
public class ConnectException : NetworkException
{
    public ConnectException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ConnectError";
}

/// <summary>Failed to receive data from the network (the connection broke while reading).</summary>
public class ReadException : NetworkException
{
    public ReadException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ReadError";
}

/// <summary>Failed to send data through the network.</summary>
public class WriteException : NetworkException
{
    public WriteException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "WriteError";
}

/// <summary>Failed to close a connection.</summary>
public class CloseException : NetworkException
{
    public CloseException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "CloseError";
}
