using System.Net.Http;

namespace Httpx.Transports;

/// <summary>
/// The handler's request message, carrying its exchange's timer to the connection factory (which applies the
/// connect timeout of the request that made a connection), and its request (whose "trace" extension is told about a
/// connection it opens). Fields of our own rather than entries in <see cref="HttpRequestMessage.Options"/>, which is
/// a dictionary made for each request that uses it.
/// </summary>
internal sealed class EngineRequestMessage(HttpMethod method, Uri target, ExchangeTimer timer, Request request) : HttpRequestMessage(method, target)
{
    public ExchangeTimer Timer { get; } = timer;

    /// <summary>
    /// The request this message sends. Only read when the message opens a connection (its trace extension is looked up
    /// then): a request that reuses a pooled connection pays for no lookup.
    /// </summary>
    public Request Request { get; } = request;

    /// <summary>The connection the connection factory opened for this request: PlaintextFilter marks it ready for requests.</summary>
    public TrackedConnectionStream? OpenedConnection { get; set; }

    /// <summary>
    /// Connection attempts made for this request so far, the one that connected included: set by the connection factory,
    /// carried to the next message when HttpTransport retries a failed TLS handshake, so both count against one budget.
    /// </summary>
    public int ConnectAttempts { get; set; }

    /// <summary>
    /// The origin whose protocol this request learns, as the first to it (<see cref="Http2OriginSlots"/>): the connection
    /// made for it tells ALPN's answer in PlaintextFilter, and the requests waiting for that answer go on at once.
    /// </summary>
    public Http2OriginSlots.Origin? NegotiatingOrigin { get; set; }
}
