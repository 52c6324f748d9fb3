namespace Httpx;

/// <summary>
/// The info of <see cref="RequestTraceEvents.ConnectTcpComplete"/>: the address and port connected to (the server's, or
/// the proxy's: the name the connect started with, resolved) and the local address and port the connection goes out from.
/// </summary>
public sealed record ConnectTcpCompleteInfo(string RemoteAddress, int RemotePort, string LocalAddress, int LocalPort);
