namespace Httpx.Transports;

/// <summary>
/// The connection factory's refusal of a second connection for a CONNECT its proxy closed without answering
/// (<see cref="TunnelConnectionStream"/>): raised inside the handler, which knows no request, and mapped to the
/// RemoteProtocolException that names the proxy (<see cref="ExceptionMapper"/>), as a first CONNECT's end is.
/// </summary>
internal sealed class UnansweredConnectException()
    : IOException("The proxy closed the connection without answering the CONNECT; it is not sent again.");
