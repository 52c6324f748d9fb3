using System.Net;

namespace Httpx.Transports;

/// <summary>
/// Hands a <see cref="RequestContent"/> to the handler chunk by chunk, arming the write timeout for each chunk and the
/// read timeout once the body is sent. Content-Length comes from the content when known; otherwise the handler sends
/// the body chunked.
/// </summary>
internal sealed class EngineHttpContent : HttpContent
{
    private readonly RequestContent _content;
    private readonly ExchangeTimer _timer;

    public EngineHttpContent(RequestContent content, ExchangeTimer timer)
    {
        _content = content;
        _timer = timer;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await foreach (var chunk in _content.ReadChunksAsync(cancellationToken).ConfigureAwait(false))
        {
            _timer.Enter(ExchangePhase.Write);
            await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
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
