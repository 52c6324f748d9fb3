namespace Httpx;

/// <summary>
/// The event names a <see cref="RequestTrace"/> is called with, as httpcore names them. The connection events come from a
/// connection the request opened (none for a request that reuses a pooled one, which is how a trace sees reuse), in this
/// order, on the thread that sets the connection up; each attempt of a connect that is retried starts anew. A connection
/// opened for one request may go on to serve another: its events go to the request that opened it, as httpcore's do, but
/// only while that request waits for a connection. The handler may send it on another connection that came free first
/// (and give the new one to a later request): from then on that request's trace hears nothing more of the new one, so no
/// event reaches a trace after its request went out or had its answer.
/// </summary>
public static class RequestTraceEvents
{
    /// <summary>
    /// A TCP connect begins: <see cref="ConnectTcpStartedInfo"/> (the host and port connected to: the proxy's, through a proxy).
    /// A connect that fails is followed by the request's error, with no other event.
    /// </summary>
    public const string ConnectTcpStarted = "connection.connect_tcp.started";

    /// <summary>The TCP connection is made: <see cref="ConnectTcpCompleteInfo"/> (the remote and local addresses and ports).</summary>
    public const string ConnectTcpComplete = "connection.connect_tcp.complete";

    /// <summary>A connect to the transport's Unix domain socket begins: <see cref="ConnectUnixSocketInfo"/>.</summary>
    public const string ConnectUnixSocketStarted = "connection.connect_unix_socket.started";

    /// <summary>The Unix domain socket is connected: <see cref="ConnectUnixSocketInfo"/>.</summary>
    public const string ConnectUnixSocketComplete = "connection.connect_unix_socket.complete";

    /// <summary>
    /// The TLS handshake with the origin is done (through a proxy's CONNECT tunnel too): <see cref="StartTlsCompleteInfo"/>
    /// (TLS version, cipher suite, ALPN protocol, the server's certificate). A handshake that fails raises the request's
    /// error instead.
    /// </summary>
    public const string StartTlsComplete = "connection.start_tls.complete";

    /// <summary>A hop's request goes out: the <see cref="Request"/> as sent.</summary>
    public const string Sending = "send_request_headers.started";

    /// <summary>A hop's response head is in: the <see cref="Response"/>.</summary>
    public const string Received = "receive_response_headers.complete";
}
