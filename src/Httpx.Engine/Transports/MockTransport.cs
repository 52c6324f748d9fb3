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

    // As HTTPX's MockTransport(handler) call reads; it was the bare type name, which New-HttpxMockTransport showed.
    public override string ToString() => "MockTransport(handler)";

    public async Task<Response> HandleRequestAsync(Request request, CancellationToken cancellationToken = default)
    {
        await request.ReadAsync(cancellationToken).ConfigureAwait(false);
        var response = await _handler(request, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The mock transport's handler returned no response for {request}.");
        return AnsweredBefore(response, request) ? response.CopyRead() : response;
    }

    /// <summary>
    /// A response with an unread stream body (<c>New-HttpxResponse -Stream</c> made once, outside the handler) that was
    /// handed out before: handed out again, the second request read the stream the first had not read yet, took over
    /// the first answer's Url, and either got a broken body or failed with HTTPX's generic StreamConsumed message.
    /// Refused as StreamConsumed (what HTTPX raises when such a body is read again), naming both requests.
    /// </summary>
    private static StreamConsumedException StreamHandedOutAgain(Response response, Request request) => new(
        $"The mock transport's handler returned, for {request}, the response with a stream body that it had returned" +
        (response.HasRequest ? $" for {response.Request}" : " before") +
        ": a stream is read once, so make the stream and the response in the handler, one per request.");

    /// <summary>
    /// Whether the handler returned a response that a transport already handed out, or a client received for another
    /// request: one made once and returned for every request (<c>$ok = New-HttpxResponse 200; New-HttpxMockTransport
    /// { $ok }</c>, a common way to write a test). The client sets a response's request, history and elapsed time, so
    /// handing the same object out again changed the earlier answer too (its Url became the later request's); each
    /// gets a copy. The first hand-out is claimed here, at once: the client sets the Request only later, and a second
    /// request in flight (-ThrottleLimit) got the same object in between. A body still unread (a stream) can be read
    /// only once, so such a response is handed out once, as it is (<see cref="StreamHandedOutAgain"/>).
    /// </summary>
    private static bool AnsweredBefore(Response response, Request request)
    {
        if (response.IsRead) return !response.TryClaimHandOut() || (response.HasRequest && !ReferenceEquals(response.Request, request));
        // An unread body cannot be copied: only its first hand-out is taken (a request of its own given with it is fine).
        if (!response.TryClaimHandOut()) throw StreamHandedOutAgain(response, request);
        return false;
    }

    public void Dispose() { }
}
