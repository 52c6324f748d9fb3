namespace Httpx;

/// <summary>
/// The info of <see cref="RequestTraceEvents.ConnectUnixSocketStarted"/> and <see cref="RequestTraceEvents.ConnectUnixSocketComplete"/>:
/// the path of the transport's Unix domain socket.
/// </summary>
public sealed record ConnectUnixSocketInfo(string Path);
