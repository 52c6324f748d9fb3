namespace Httpx;

/// <summary>HTTPX's <c>StreamError</c>: a stream was used in a way that is not allowed.</summary>
public abstract class StreamException : HttpxException
{
    protected StreamException(string message) : base(message) { }
}

/// <summary>The stream was already read (streaming content can be read once).</summary>
public class StreamConsumedException : StreamException
{
    public StreamConsumedException() : base(
        "Attempted to read or stream some content, but the content has already been streamed. " +
        "For requests, this could be due to passing a generator as request content, and then receiving a redirect " +
        "response or a secondary request as part of an authentication flow. For responses, this could be due to " +
        "attempting to stream the response content more than once.") { }

    /// <summary>With a message that names the case (a redirect that would send a one-shot body again).</summary>
    public StreamConsumedException(string message) : base(message) { }

    public override string ErrorName => "StreamConsumed";
}

/// <summary>The response was closed before its content was read.</summary>
public class StreamClosedException : StreamException
{
    public StreamClosedException() : base("Attempted to read or stream content, but the stream has been closed.") { }

    public override string ErrorName => "StreamClosed";
}

/// <summary>Content was accessed on a streaming response before <c>Read()</c>.</summary>
public class ResponseNotReadException : StreamException
{
    public ResponseNotReadException() : base(
        "Attempted to access streaming response content, without having called `Read()`.") { }

    /// <summary>With a message that names the case (a body that was saved to a file, where Read() cannot bring it back).</summary>
    public ResponseNotReadException(string message) : base(message) { }

    public override string ErrorName => "ResponseNotRead";
}

/// <summary>Content was accessed on a streaming request before <c>Read()</c>.</summary>
public class RequestNotReadException : StreamException
{
    public RequestNotReadException() : base(
        "Attempted to access streaming request content, without having called `Read()`.") { }

    public override string ErrorName => "RequestNotRead";
}
