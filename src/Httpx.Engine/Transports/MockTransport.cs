namespace Httpx;

/// <summary>
/// HTTPX's <c>MockTransport</c>: answers every request with a handler function, without a network.
/// The request body is read first, so the handler can inspect <see cref="Request.Content"/>.
/// </summary>
public sealed class MockTransport : ITransport
{
    private readonly Func<Request, CancellationToken, Task<Response>> _handler;

    public MockTransport(Func<Request, Response> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = (request, _) => Task.FromResult(handler(request));
    }

    public MockTransport(Func<Request, Task<Response>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = (request, _) => handler(request);
    }

    public MockTransport(Func<Request, CancellationToken, Task<Response>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handler = handler;
    }

    public async Task<Response> HandleRequestAsync(Request request, CancellationToken cancellationToken = default)
    {
        await request.ReadAsync(cancellationToken).ConfigureAwait(false);
        var response = await _handler(request, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The mock transport's handler returned no response for {request}.");
        return response;
    }

    public void Dispose() { }
}
