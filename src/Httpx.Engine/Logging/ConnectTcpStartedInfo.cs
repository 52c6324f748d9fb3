namespace Httpx;

/// <summary>
/// The info of <see cref="RequestTraceEvents.ConnectTcpStarted"/>: the host (a name or an IP address, never a URL's user
/// or password) and port the transport connects to. Through a proxy that is the proxy's, and <paramref name="Proxy"/>
/// names it as <see cref="Proxy.Display"/> does (its password masked); null when the connection goes direct.
/// </summary>
public sealed record ConnectTcpStartedInfo(string Host, int Port, string? Proxy);
