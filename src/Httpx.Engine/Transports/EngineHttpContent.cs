using System.Net;

namespace Httpx.Transports;

/// <summary>
/// Hands a <see cref="RequestContent"/> to the handler chunk by chunk, arming the write timeout for each chunk's write
/// (not while the content makes the chunk) and the read timeout once the body is sent. Content-Length comes from the
/// content when known; else from the caller's Content-Length header, which the body must then match (HTTPX's h11 checks
/// it too: LocalProtocolError); else the handler sends the body chunked.
/// </summary>
internal sealed class EngineHttpContent : HttpContent
{
    private readonly RequestContent _content;
    private readonly ExchangeTimer _timer;
    private readonly Request _request;

    public EngineHttpContent(RequestContent content, ExchangeTimer timer, Request request)
    {
        _content = content;
        _timer = timer;
        _request = request;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Checked here rather than left to the handler, whose own check reads as the connection or the server failing
        // (and over HTTP/2 it has none). The content's own length too: a file measured when the request was built may
        // have grown or shrunk since (a live log), and h11 refuses that body as any other.
        var measured = _content.Length;
        var declared = measured ?? Headers.ContentLength;
        long sent = 0;
        var chunks = _content.ReadChunksAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var _ = chunks.ConfigureAwait(false);
        while (true)
        {
            // The body's source takes the time it needs: only the writes are timed. Paused only when the source has to
            // wait (an in-memory body or a buffered chunk is there at once): two timer changes per chunk otherwise. What
            // the source throws is its own failure, not the connection's (BodySourceFailure); the engine's own
            // (StreamConsumed) and a cancellation go as they are. Awaited here, not in a helper method: a helper's
            // await that has to wait (a file read) would allocate its state machine for every chunk.
            bool more;
            try
            {
                var next = chunks.MoveNextAsync();
                if (!next.IsCompleted) _timer.Pause();
                more = await next.ConfigureAwait(false);
            }
            catch (LocalProtocolException e) when (!e.HasRequest)
            {
                // The content's own length check (a multipart file that changed size) names the body, not the request.
                throw new LocalProtocolException($"{e.Message} ({_request.Describe()})", _request);
            }
            catch (Exception e) when (RequestContent.IsSourceFailure(e))
            {
                // Marked with the body and the request (RequestContent.MarkFailure): the exception itself goes out
                // unchanged, and a caller (the module's error record) can still name the file and the URL.
                _content.MarkFailure(e, _request);
                throw new BodySourceFailure(e);
            }
            if (!more) break;
            var chunk = chunks.Current;
            sent += chunk.Length;
            if (sent > declared)
                throw new LocalProtocolException(measured is null
                    ? $"Too much data for the declared Content-Length: the request body is longer than the Content-Length header's {declared} bytes ({_request.Describe()})"
                    : $"Too much data for the declared Content-Length: the request body {_content} grew while it was sent, past the {declared} bytes measured when the request was built; nothing more was sent ({_request.Describe()})", _request);
            _timer.Enter(ExchangePhase.Write);
            await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        if (sent < declared)
            throw new LocalProtocolException(measured is null
                ? $"Too little data for the declared Content-Length: the request body ended after {sent} of the Content-Length header's {declared} bytes ({_request.Describe()})"
                : $"Too little data for the declared Content-Length: the request body {_content} shrank while it was sent, ending after {sent} of the {declared} bytes measured when the request was built ({_request.Describe()})", _request);
        _timer.Enter(ExchangePhase.Write);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _timer.Enter(ExchangePhase.Read);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _content.Length ?? -1;
        return _content.Length is not null;
    }
}
