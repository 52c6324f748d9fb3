namespace Httpx;

/// <summary>HTTPX's <c>HTTPError</c>: base of <see cref="RequestException"/> and <see cref="HttpStatusException"/>.</summary>
public abstract class HttpException : HttpxException
{
    private Request? _request;

    protected HttpException(string message, Request? request, Exception? innerException = null)
        : base(message, innerException) => _request = request;

    /// <summary>The request that failed. Raises <see cref="InvalidOperationException"/> when none was attached, as HTTPX does.</summary>
    public Request Request
    {
        get => _request ?? throw new InvalidOperationException("The .Request property has not been set.");
        internal set => _request = value;
    }

    public bool HasRequest => _request is not null;
}
