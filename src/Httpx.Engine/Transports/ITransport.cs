namespace Httpx;

/// <summary>
/// The seam between the client and the network (HTTPX's <c>BaseTransport</c>/<c>AsyncBaseTransport</c>): turn one
/// request into one response whose body is still unread. Redirects, auth, cookies and decoding live above it.
/// </summary>
public interface ITransport : IDisposable
{
    /// <summary>Sends <paramref name="request"/> and returns as soon as the response headers have arrived.</summary>
    Task<Response> HandleRequestAsync(Request request, CancellationToken cancellationToken = default);
}
