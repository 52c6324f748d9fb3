using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.Transports;

/// <summary>
/// The handler's ConnectCallback: opens the TCP (or Unix socket) connection itself so that the engine applies the
/// per-request connect timeout, the local address, and HTTPX's connect retries with exponential backoff.
/// </summary>
internal sealed class ConnectionFactory
{
    private readonly HttpTransportOptions _options;
    private readonly ConnectionTracker _tracker;
    private readonly TunnelWaiters? _tunnelWaiters; // with an HTTP proxy

    public ConnectionFactory(HttpTransportOptions options, ConnectionTracker tracker, TunnelWaiters? tunnelWaiters)
    {
        _options = options;
        _tracker = tracker;
        _tunnelWaiters = tunnelWaiters;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        // The connection to the proxy that a CONNECT tunnel goes through is opened for the handler's own CONNECT message:
        // its request is then an exchange waiting for that tunnel (TunnelWaiters). That exchange's limits time it (the
        // TCP connect to the proxy, then the CONNECT and the TLS handshake through the tunnel under the connect limit),
        // as they time a connection made straight to the server: with the transport's default and the request's read
        // limit instead, a proxy that was down read as a server that did not answer. Once per connection, never per request.
        var message = context.InitialRequestMessage as EngineRequestMessage ?? TunnelOwner(context.InitialRequestMessage);
        // A connection the handler opens to send again what may not be (a request, a CONNECT) is refused before it exists.
        var tunnel = context.InitialRequestMessage is not EngineRequestMessage;
        if (tunnel) RefuseUnansweredConnectAgain(context.InitialRequestMessage);
        if (message is not null) RefuseResend(message);
        if (tunnel) WithProxyCredentials(context.InitialRequestMessage);
        var timer = message?.Timer;
        var timeout = timer?.Timeout ?? _options.DefaultTimeout;
        timer?.EnterConnect();
        // The budget is the request's, not this call's: a TLS handshake that failed on an earlier attempt's connection
        // (HttpTransport retries it) has used attempts too, as httpcore's one retry loop covers connect and start_tls.
        // But a connection of this message that was set up ended that sequence: a second connect for it is the handler
        // sending it again (that connection, kept alive, closed without a response), with a budget and an attempt count
        // of its own. So is a second connect for a tunnel's CONNECT, set up or not: the handler sends its CONNECT again
        // by itself after a 407 on a connection the proxy closed (not after no answer: RefuseUnansweredConnectAgain).
        // Those tries are the handler's, not the client's Retries:
        // counted as such, they used up the request's budget and a refusal read "after 9 attempts" with Retries 0.
        // Only a message's second connect gets here with OpenedConnection set.
        var first = message?.OpenedConnection is { IsReady: true } || (tunnel && message?.OpenedConnection is not null) ? 0 : message?.ConnectAttempts ?? 0;
        // The connection's trace is its request's: without one (the usual case) this is all it costs.
        var trace = message?.Request.Trace is { } requestTrace ? new ConnectionTrace(requestTrace, message.Timer) : null;
        for (var attempt = first; ; attempt++)
        {
            try
            {
                var connection = await ConnectOnceAsync(context.DnsEndPoint, timeout, trace, tunnel, cancellationToken).ConfigureAwait(false);
                if (connection is TunnelConnectionStream opened) context.InitialRequestMessage.Options.Set(TunnelConnection, opened);
                if (message is not null)
                {
                    message.OpenedConnection = connection;
                    message.ConnectAttempts = attempt + 1;
                }
                // Connected: the handler's TLS handshake (or proxy CONNECT) comes next, still under the connect limit;
                // the wait for the response starts in PlaintextFilter, once the connection is ready for the request.
                timer?.EnterHandshake();
                // A tunnel no request waits for (see TunnelOwner) is timed by itself: given up on after the connect limit
                // of the request that set it going, as that request would have, so that no request waits behind it.
                // The next request to the origin takes it over (TunnelWaiters.Adopt) and times it by its own limit from then.
                if (tunnel && timer is not { AwaitsResponse: true })
                {
                    if (_tunnelWaiters is not null && TunnelWaiters.AuthorityOf(context.InitialRequestMessage) is { } authority)
                        _tunnelWaiters.AddOrphan(authority, connection);
                    GiveUpUnlessReady(connection, timeout, _tunnelWaiters);
                }
                return connection;
            }
            catch (HttpException e) when (e is ConnectException or ConnectTimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= _options.Retries)
                {
                    if (attempt == 0) throw;
                    throw AfterAttempts(e, attempt + 1);
                }
                var delay = Backoff(attempt);
                if (delay != TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The connection a CONNECT message was last sent on, kept in the message (one dictionary per new tunnel).
    private static readonly HttpRequestOptionsKey<TunnelConnectionStream> TunnelConnection = new("Httpx.TunnelConnection");

    /// <summary>
    /// The handler sends its CONNECT (<paramref name="connect"/>) again on a new connection when the proxy closed the
    /// last one before any byte of an answer, up to three times, and then the request again, with new CONNECTs of its
    /// own: one GET made 16 CONNECTs. httpcore and curl send one and fail: refused here, before the second connection
    /// is opened, with the error that names the proxy (<see cref="ExceptionMapper"/>). A CONNECT sent again after an
    /// answer (a 407 on a connection the proxy then closed) goes out.
    /// </summary>
    private static void RefuseUnansweredConnectAgain(HttpRequestMessage connect)
    {
        if (connect.Options.TryGetValue(TunnelConnection, out var last) && last.ClosedBeforeAnswer)
            throw new UnansweredConnectException();
    }

    /// <summary>
    /// The handler sending a request again on a new connection (<paramref name="message"/>'s request went out on an
    /// HTTP/1.1 connection that ended before any byte of the answer) when it may not be (<see cref="ExchangeConnection.MayBeResent"/>):
    /// refused before the connection is opened, where TrackedConnectionStream's refusal came after it, and the server
    /// saw a connection that sent nothing. A resend onto a pooled connection is still refused there. Once per new
    /// connection: a first connect finds its exchange with no connection yet.
    /// </summary>
    private static void RefuseResend(EngineRequestMessage message)
    {
        if (ConnectionTracker.CurrentExchange.Value is { } exchange && ReferenceEquals(exchange.Message, message)
            && exchange.RefuseResend() is { } refused)
            throw refused;
    }

    /// <summary>
    /// The handler's CONNECT message (<paramref name="connect"/>) carries the proxy's Basic credentials from the start, as
    /// httpcore's and curl's CONNECT do, and as this transport's forwarded requests do: the handler sends them only in
    /// answer to a 407, one more round trip for every tunnel, and a 407 in the proxy's log for each. Added here, before
    /// the connection it is sent on exists; a CONNECT the handler sends on a connection opened for another still gets a
    /// 407 and the handler's answer to it, as before. Once per new tunnel, nothing per request.
    /// </summary>
    private void WithProxyCredentials(HttpRequestMessage connect)
    {
        if (_options.Proxy is { IsSocks: false, BasicAuthorization: { } credentials } && connect.Method == HttpMethod.Connect
            && !connect.Headers.Contains("Proxy-Authorization"))
            connect.Headers.TryAddWithoutValidation("Proxy-Authorization", credentials);
    }

    /// <summary>
    /// The exchange a tunnel the handler sets up with <paramref name="connect"/> (its CONNECT message) is for: one waiting
    /// for it (<see cref="TunnelWaiters"/>), else the one whose execution context the handler connects on. That one no
    /// longer waits when it gave up on its tunnel and the handler tries again for nobody: then the tunnel is timed by
    /// itself (<see cref="GiveUpUnlessReady"/>).
    /// </summary>
    private EngineRequestMessage? TunnelOwner(HttpRequestMessage connect)
    {
        var onContext = ConnectionTracker.CurrentExchange.Value;
        return _tunnelWaiters?.For(TunnelWaiters.AuthorityOf(connect), onContext) ?? onContext?.Message;
    }

    // Not refused: a request the list took for one that no longer waits would have failed with it. Untimed, it held the
    // next request to the origin behind it (the handler counts it as that request's connection attempt).
    // Not while a request that adopted it waits for it: that request's own connect limit times it then.
    private static void GiveUpUnlessReady(TrackedConnectionStream connection, Timeout timeout, TunnelWaiters? waiters)
    {
        if (timeout.Connect is null) return;
        _ = Task.Delay(Timeout.ToTimeSpan(timeout.Connect)).ContinueWith(_ =>
        {
            if (waiters?.IsAdopted(connection) != true) connection.ShutDownIfNotReady();
        }, TaskScheduler.Default);
    }

    /// <summary>HTTPX's wait after the failed attempt <paramref name="failedAttempt"/> (0 for the first): 0 s, then 0.5 s doubling.</summary>
    internal static TimeSpan Backoff(int failedAttempt) =>
        failedAttempt == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(0.5 * Math.Pow(2, failedAttempt - 1));

    /// <summary>
    /// The last attempt's failure, saying that there were others: without it, an error after retries reads as one try.
    /// With <paramref name="request"/>, the count goes before the message's closing "(GET url)", which the transport's
    /// messages end with.
    /// </summary>
    internal static HttpException AfterAttempts(HttpException last, int attempts, Request? request = null)
    {
        var text = last.Message;
        var target = request is null ? null : $" ({request.Describe()})";
        var message = target is not null && text.EndsWith(target, StringComparison.Ordinal)
            ? $"{text[..^target.Length]}, after {attempts} attempts{target}"
            : $"{text}, after {attempts} attempts";
        return last is ConnectTimeoutException
            ? new ConnectTimeoutException(message, request, last.InnerException)
            : new ConnectException(message, request, last.InnerException);
    }

    /// <summary>
    /// The handler's PlaintextStreamFilter: called when a new connection is ready for requests (after TLS, if any). The
    /// request that opened it now waits for its response, under the read limit, and the connection's writes are requests.
    /// </summary>
    public static ValueTask<Stream> PlaintextFilter(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        if (context.InitialRequestMessage is EngineRequestMessage message)
        {
            // Over TLS the plaintext stream is the SslStream (the origin's, through a CONNECT tunnel too): its handshake is done.
            // Only while the request waits for a connection (see ConnectionTrace).
            if (context.PlaintextStream is SslStream tls && message.Request.Trace is { } trace && message.Timer.AwaitsConnection)
                new ConnectionTrace(trace, message.Timer).Tell(RequestTraceEvents.StartTlsComplete, TlsEstablished(tls));
            // What goes over it from now on are requests (not a TLS handshake, a proxy's CONNECT or a SOCKS greeting).
            // Its request's connect limit ran out first and shut it down: a failed set-up, not a connection for the pool.
            if (ConnectionUnder(context.PlaintextStream, message) is { } connection)
            {
                if (context.PlaintextStream is SslStream asked && ClientCertificateRequest.WasAsked(asked)) connection.ClientCertificateRequested = true;
                connection.CarriesHttp2 = context.NegotiatedHttpVersion.Major == 2;
                if (!connection.MarkReady())
                    throw new IOException("The connection's set-up was given up on (its connect limit ran out), and it was closed.");
            }
            message.Timer.EnterConnected();
            message.NegotiatingOrigin?.Negotiated(http2: context.NegotiatedHttpVersion.Major == 2);
        }
        return ValueTask.FromResult(context.PlaintextStream);
    }

    /// <summary>
    /// The connection a new connection's plaintext stream runs over: the stream itself, or the one under its TLS. Through a
    /// CONNECT tunnel the handler's own stream is in between, and the connection is the tunnel whose set-up (the CONNECT,
    /// then the TLS handshake through it) last read or wrote on this thread: the handler calls the filter straight after
    /// the handshake's last step, on the thread that step completed on. Failing that (a step that completed elsewhere),
    /// the tunnel whose set-up last wrote on this flow. Not the message's OpenedConnection: a tunnel set going on one
    /// request's flow may be timed by another waiting request (<see cref="TunnelOwner"/>), whose OpenedConnection it then
    /// is. Marked ready when that other request's own tunnel was, its TLS handshake was still going: its writes read as a
    /// request of the exchange on its flow, refused as a resend, and the request waiting for the tunnel failed (GETs
    /// through squid with MaxKeepAliveConnections 0). The flow alone picked wrong when the handler set up several tunnels
    /// on one flow (it starts one for a waiting request from wherever a connection of the origin closes): 9 of 35,000
    /// set-ups in a probe that compared each pick with the tunnel under the TLS stream, against none for the thread with the
    /// flow as its fallback (the thread alone had no tunnel, or one already set up, for 4).
    /// </summary>
    private static TrackedConnectionStream? ConnectionUnder(Stream plaintext, EngineRequestMessage message)
    {
        if (plaintext is TrackedConnectionStream plain) return plain;
        // Taken whatever the connection: a tunnel noted here is forgotten once a filter ran after it.
        var lastStep = TunnelConnectionStream.TakeLastSetUpStep();
        // A connection straight to the server or through SOCKS: its message's own (the filter's message opened it).
        if (message.OpenedConnection is { } opened and not TunnelConnectionStream) return opened;
        return lastStep ?? ConnectionTracker.CurrentExchange.Value?.SettingUp ?? message.OpenedConnection;
    }

    /// <summary>
    /// The handler's RequestHeaderEncodingSelector, which it asks for each header as it writes a request's headers on the
    /// connection the request goes out on (HTTP/1.1 and HTTP/2 alike): the one place that says, on HTTP/2, that a
    /// request is being sent, and on which connection. From then on the exchange waits for its response under the read
    /// limit, whatever a connection opened for it is still doing. (On HTTP/1.1 the connection's first write of the
    /// request says the same; an HTTP/2 request's frames are written by the connection's own loop.) The encoding is the
    /// handler's default (null), but UTF-8 for Cookie and Authorization (<see cref="Headers.IsUtf8Header"/>).
    /// </summary>
    public static System.Text.Encoding? RequestHeadersWritten(string headerName, HttpRequestMessage request)
    {
        (request as EngineRequestMessage)?.Timer.Sent();
        return Headers.IsUtf8Header(headerName) ? System.Text.Encoding.UTF8 : null;
    }

    // What the trace is told of a finished handshake, in the words httpx -v prints (Python's ssl names the versions).
    private static StartTlsCompleteInfo TlsEstablished(SslStream tls)
    {
#pragma warning disable SYSLIB0039, CS0618 // the old versions are named, not enabled
        var version = tls.SslProtocol switch
        {
            SslProtocols.Tls13 => "TLSv1.3",
            SslProtocols.Tls12 => "TLSv1.2",
            SslProtocols.Tls11 => "TLSv1.1",
            SslProtocols.Tls => "TLSv1",
            SslProtocols.Ssl3 => "SSLv3",
            var other => other.ToString(),
        };
#pragma warning restore SYSLIB0039, CS0618
        var alpn = tls.NegotiatedApplicationProtocol;
        // A copy: the connection's own certificate goes with the connection.
        var certificate = tls.RemoteCertificate is { } remote ? new X509Certificate2(remote) : null;
        return new StartTlsCompleteInfo(version, tls.NegotiatedCipherSuite.ToString(), alpn.Protocol.IsEmpty ? null : alpn.ToString(), certificate);
    }

    // An address as Python shows a peer's: an IPv4 peer of a dual-mode socket is its IPv4 address, not ::ffff:a.b.c.d.
    private static (string Address, int Port) AddressOf(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip => ((ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString(), ip.Port),
        null => ("", 0),
        var other => (other.ToString() ?? "", 0),
    };

    private async Task<TrackedConnectionStream> ConnectOnceAsync(DnsEndPoint endPoint, Timeout timeout, ConnectionTrace? trace, bool tunnel, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout.ToTimeSpan(timeout.Connect));
        Socket? socket = null;
        // A transport with a proxy connects to nothing else: say so, for a proxy that is down reads like the server.
        var where = _options.Uds is { } uds ? $"unix socket '{uds}'"
            : _options.Proxy is { } proxy ? $"proxy {proxy.Named}"
            : $"{endPoint.Host}:{endPoint.Port}";
        if (trace is not null)
        {
            // As httpcore's: each attempt starts anew, and a connect that fails has shown where it went.
            if (_options.Uds is { } socketPath) trace.Tell(RequestTraceEvents.ConnectUnixSocketStarted, new ConnectUnixSocketInfo(socketPath));
            else trace.Tell(RequestTraceEvents.ConnectTcpStarted, new ConnectTcpStartedInfo(endPoint.Host, endPoint.Port, _options.Proxy?.Display));
        }
        try
        {
            if (_options.Uds is { } path)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token).ConfigureAwait(false);
            }
            else if (_options.LocalAddress is { } local)
            {
                socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync((EndPoint?)Unspecified(endPoint) ?? new DnsEndPoint(endPoint.Host, endPoint.Port, local.AddressFamily), cts.Token).ConfigureAwait(false);
            }
            else if (Unspecified(endPoint) is { } any)
            {
                socket = new Socket(any.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(any, cts.Token).ConfigureAwait(false);
            }
            else
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            }
            if (trace is not null)
            {
                if (_options.Uds is { } connectedPath) trace.Tell(RequestTraceEvents.ConnectUnixSocketComplete, new ConnectUnixSocketInfo(connectedPath));
                else if (trace.Wanted)
                {
                    var (remote, remotePort) = AddressOf(socket.RemoteEndPoint);
                    var (local, localPort) = AddressOf(socket.LocalEndPoint);
                    trace.Tell(RequestTraceEvents.ConnectTcpComplete, new ConnectTcpCompleteInfo(remote, remotePort, local, localPort));
                }
            }
            return _tracker.Track(socket, socks5: _options.Proxy is { IsSocks5: true }, tunnel: tunnel);
        }
        // A connect cut short by our timer surfaces as OperationCanceledException or, while .NET walks the resolved
        // addresses, as SocketException(OperationAborted): both are the connect timeout.
        catch (Exception e) when (e is OperationCanceledException or SocketException && cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket?.Dispose();
            throw new ConnectTimeoutException($"Timed out after {ExceptionMapper.Seconds(timeout.Connect)} connecting to {where}", null, e);
        }
        catch (SocketException e)
        {
            socket?.Dispose();
            throw new ConnectException(DescribeSocketError(e, where, endPoint.Host, _options.Uds, _options.Uds is null ? _options.Proxy : null, _options.LocalAddress), null, e);
        }
        catch
        {
            socket?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// 0.0.0.0 or [::] (what a development server prints it listens on) as an address to connect to. HTTPX and curl
    /// hand it to the system, which on Linux and macOS connects to this machine (and refuses elsewhere); .NET's name
    /// resolution refuses it outright with an ArgumentException ("... (Parameter 'hostName')"), so it goes to the
    /// system as an IP end point.
    /// </summary>
    private static IPEndPoint? Unspecified(DnsEndPoint endPoint) =>
        IPAddress.TryParse(endPoint.Host, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            ? new IPEndPoint(address, endPoint.Port)
            : null;

    // RFC 1035's 255 octets on the wire, written out without the root: 253 characters.
    private const int MaxHostNameLength = 253;

    private static string DescribeSocketError(SocketException e, string where, string host, string? uds, Proxy? proxy, IPAddress? local) => e.SocketErrorCode switch
    {
        // .NET reports a missing socket file (ENOENT) as AddressNotAvailable, which would read as a local-address problem.
        // Only looked at once the connect has failed.
        // A folder is not a file either, but it does exist: "does not exist" sent the user looking for a typo.
        _ when uds is not null && Directory.Exists(uds) => $"Cannot connect to {where}: it is a folder, not a socket",
        _ when uds is not null && !File.Exists(uds) => $"Cannot connect to {where}: the socket file does not exist",
        // A socket's size is 0: a file with content is none, which the system's "Connection refused" (curl's and
        // Python's too) hid, sending the user to restart a service that was never there. An empty file still reads as refused.
        _ when uds is not null && FileSize(uds) is > 0 and var size => $"Cannot connect to {where}: it is a file of {size} bytes, not a socket",
        // The host is looked up in the local address's family only: an IPv4 host from an IPv6 local address (or the
        // reverse) has no address there, which read as a host that does not resolve ("Could not resolve host '127.0.0.1'").
        SocketError.NoData when local is not null && uds is null => NoAddressInFamily(e, where, host, local),
        // glibc says a name of the hosts file that has no address in that family (localhost as 127.0.0.1 only, from
        // -LocalAddress ::1) does not exist (EAI_NONAME): "Could not resolve host 'localhost'". It is told apart from a
        // name that does not exist by one more lookup, in any family, made only here.
        SocketError.HostNotFound when local is not null && uds is null && HasAddresses(host) => NoAddressInFamily(e, where, host, local),
        SocketError.ConnectionRefused => $"Connection refused by {where}",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => Unresolved(host, proxy, e.Message),
        // .NET's resolver refuses a name longer than 255 characters before asking the system, and the connect said only
        // "Unknown socket error" (curl and Python's getaddrinfo: it does not resolve). A DNS name is at most 253.
        SocketError.SocketError when uds is null && host.Length > MaxHostNameLength =>
            Unresolved(host, proxy, $"it is {host.Length} characters long, and a host name has at most {MaxHostNameLength}"),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{where} is unreachable: {e.Message}",
        SocketError.TimedOut => $"Connecting to {where} timed out in the operating system: {e.Message}",
        // The address named: the system's "Cannot assign requested address" does not say which (one not on this machine).
        SocketError.AddressNotAvailable when uds is null && local is not null => $"Cannot connect to {where} from the local address {local}: {e.Message}",
        SocketError.AddressNotAvailable when uds is null => $"Cannot connect to {where} from the local address: {e.Message}",
        // The system's "Invalid argument" alone (HTTPX's and curl's message too) did not say that the zone was the
        // problem: a link-local address is on every interface's link, so the system must be told which one.
        SocketError.InvalidArgument when uds is null && proxy is null && LinkLocalWithoutInterface(host) is { } zone => zone.Length == 0
            ? $"Cannot connect to {where}: a link-local address needs the network interface to use, written as a zone after '%25' (as in [fe80::1%25eth0]): {e.Message}"
            : $"Cannot connect to {where}: the zone '{zone}' names no network interface of this machine: {e.Message}",
        _ => $"Could not connect to {where}: {e.Message}",
    };

    /// <summary>The size of the file at a socket path, through symbolic links (a link's own size is its target's name); 0 for a socket.</summary>
    private static long FileSize(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (file.LinkTarget is not null && File.ResolveLinkTarget(path, returnFinalTarget: true) is FileInfo target) file = target;
            return file.Exists ? file.Length : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string NoAddressInFamily(SocketException e, string where, string host, IPAddress local) =>
        $"Cannot connect to {where} from the local address {local}: '{host}' has no {(local.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} address ({e.Message})";

    private static bool HasAddresses(string host)
    {
        try
        {
            return Dns.GetHostAddresses(host).Length != 0;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return false;
        }
    }

    // The proxy's host named as such when there is one: its name alone read as the requested URL's (a typo in HTTPS_PROXY).
    private static string Unresolved(string host, Proxy? proxy, string why) =>
        $"Could not resolve host '{host}'{(proxy is null ? "" : $" of proxy {proxy.Named}")}: {why}";

    /// <summary>
    /// For an IPv6 link-local host that names no interface the system knows, its zone as written ("" when it has none);
    /// null for any other host. Only looked at once a connect has failed.
    /// </summary>
    private static string? LinkLocalWithoutInterface(string host)
    {
        var bare = host.Trim('[', ']');
        if (!IPAddress.TryParse(bare, out var address) || !address.IsIPv6LinkLocal || address.ScopeId != 0) return null;
        var percent = bare.IndexOf('%');
        return percent < 0 ? "" : bare[(percent + 1)..];
    }
}
