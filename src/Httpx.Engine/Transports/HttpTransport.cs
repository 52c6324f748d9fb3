using System.Net;
using System.Net.Http;
using System.Net.Security;
using Httpx.Transports;

namespace Httpx;

/// <summary>
/// HTTPX's <c>HTTPTransport</c> over .NET's <see cref="SocketsHttpHandler"/>: HTTP/1.1, HTTP/2 (ALPN, or h2c with prior
/// knowledge), pooling, TLS and proxies come from the handler; redirects, cookies, decompression and credentials are
/// switched off there because the client owns them (credentials only come back for NTLM/Negotiate, see
/// <see cref="HandlerAuth"/>). Timeouts and pool limits are enforced here, on top.
/// </summary>
public sealed class HttpTransport : ITransport
{
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpTransportOptions _options;
    private readonly PoolGate _gate;
    private readonly Http2OriginSlots? _http2Slots; // under a connection limit, with HTTP/2 offered
    private readonly ConnectionTracker _connections;
    private readonly TunnelWaiters? _tunnelWaiters; // with an HTTP proxy: requests waiting for a CONNECT tunnel
    private volatile bool _disposed;
    private const int MaxRefusedAttempts = 1000;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;

    public HttpTransport() : this(new HttpTransportOptions()) { }

    public HttpTransport(HttpTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Read once, here: later changes to the options would be shown by Options and ignored, so they are refused.
        options = HttpTransportOptions.FixedCopy(options);
        if (!options.Http1 && !options.Http2)
            throw new ArgumentException("At least one of Http1 and Http2 must be enabled.", nameof(options));
        // Every connection goes to the socket, so the proxy would be reached through it, or (as httpcore's proxy pool
        // does, dropping uds without a word) the socket ignored: either way not what one of the two settings asked for.
        if (options.Uds is { } uds && options.Proxy is { } proxy)
            throw new ArgumentException($"A Unix socket ('{uds}') takes every connection of a transport, so it cannot be used with a proxy ({proxy.Display}): give one or the other.", "proxy");
        if (options.Uds is { } socketPath) CheckSocketPath(socketPath);
        _options = options;
        _gate = new PoolGate(options.Limits.MaxConnections);
        if (options.Http2 && options.Limits.MaxConnections is not null) _http2Slots = new Http2OriginSlots(_gate, http2Only: !options.Http1);
        _connections = new ConnectionTracker(KeptAlive(options.Limits), options.IdleTrimDelay) { Proxy = options.Proxy };
        (_version, _versionPolicy) = (options.Http1, options.Http2) switch
        {
            (true, true) => (HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower),
            (false, true) => (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact),
            _ => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
        };
        if (options.Proxy is { IsSocks: false }) _tunnelWaiters = new TunnelWaiters();
        _invoker = new HttpMessageInvoker(CreateHandler(options, _connections, _tunnelWaiters), disposeHandler: true);
    }

    /// <summary>
    /// Refuses a Unix socket path no connect can use. The system holds it in a fixed buffer (sun_path: 108 bytes on Linux
    /// and Windows, 104 on macOS and the BSDs, its NUL included), and .NET refused a longer one only at the first connect,
    /// as an argument error read as the URL's host's ("Could not connect to docker:80: The path ... is of an invalid
    /// length ... (Parameter 'path')"). curl says "Unix socket path too long" and Python "AF_UNIX path too long".
    /// </summary>
    private static void CheckSocketPath(string path)
    {
        if (path.Length == 0) throw new ArgumentException("The Unix socket path is empty: give the path of the socket file.", "uds");
        try
        {
            _ = new System.Net.Sockets.UnixDomainSocketEndPoint(path);
        }
        catch (ArgumentOutOfRangeException)
        {
            var most = OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 103 : 107;
            throw new ArgumentException(
                $"The Unix socket path '{path}' is {System.Text.Encoding.UTF8.GetByteCount(path)} bytes long, and a socket path on this system holds at most {most}: give a shorter path to the socket (a symbolic link to it will do).", "uds");
        }
    }

    public HttpTransportOptions Options => _options;

    /// <summary>
    /// The error of a request sent, or waiting for a connection, after the transport was closed (PowerShell:
    /// Httpx.TransportClosed). A client does not dispose a transport it was given (others may share it).
    /// </summary>
    internal static ObjectDisposedException Closed() => new(nameof(HttpTransport), "Cannot send a request, as the transport has been closed.");

    /// <summary>Whether <see cref="Dispose"/> has closed it: a client refuses to be made over a closed transport.</summary>
    internal bool IsClosed => _disposed;

    /// <summary>Requests waiting for a connection from the pool (MaxConnections all in use).</summary>
    internal int RequestsWaitingForConnection => _gate.Waiting;

    /// <summary>Connections this transport has open right now (in use or idle in the pool).</summary>
    public int OpenConnections => _connections.OpenConnections;

    /// <summary>
    /// The settings a user chose, as HTTPX's HTTPTransport(...) call would read: HTTP versions always, the others when set.
    /// "$transport" and a client's text were the bare type name. The proxy's password is masked by its own text, a
    /// client certificate named by its subject.
    /// </summary>
    public override string ToString()
    {
        var parts = new List<string> { $"http1={(_options.Http1 ? "True" : "False")}", $"http2={(_options.Http2 ? "True" : "False")}" };
        switch (_options.Verify)
        {
            case false: parts.Add("verify=False"); break;
            case string path: parts.Add($"verify={Internal.PythonRepr.Of(path)}"); break;
            case true: break;
            default: parts.Add("verify=<custom>"); break;
        }
        if (!_options.TrustEnv) parts.Add("trust_env=False");
        if (_options.ClientCertificate is { } cert) parts.Add($"cert={Internal.PythonRepr.Of(cert.Subject)}");
        if (_options.Proxy is { } proxy) parts.Add($"proxy={proxy}");
        if (_options.Uds is { } uds) parts.Add($"uds={Internal.PythonRepr.Of(uds)}");
        if (_options.LocalAddress is { } local) parts.Add($"local_address='{local}'");
        if (_options.Retries != 0) parts.Add($"retries={_options.Retries}");
        return $"HttpTransport({string.Join(", ", parts)})";
    }

    private static SocketsHttpHandler CreateHandler(HttpTransportOptions options, ConnectionTracker tracker, TunnelWaiters? tunnelWaiters)
    {
        var verification = TlsVerification.From(options.TrustEnv ? EnvironmentTls.Verify(options.Verify, EnvironmentProxies.ProcessEnvironment()) : options.Verify);
        var handler = new SocketsHttpHandler
        {
            // The client owns these semantics (history, iter_raw, auth flows), so the handler must not.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Null except on a client's HandlerAuth variant (NTLM/Negotiate are bound to a connection, so only the
            // handler can run them); that cache holds one origin and one scheme, and redirects stay the client's.
            Credentials = options.Credentials,
            PreAuthenticate = false,
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new ProxyWebProxy(options.Proxy),
            DefaultProxyCredentials = null,
            MaxConnectionsPerServer = options.Limits.MaxConnections ?? int.MaxValue,
            PooledConnectionIdleTimeout = Timeout.ToTimeSpan(options.Limits.KeepAliveExpiry),
            // KeepAliveExpiry 0 is httpcore's "every idle connection has expired": no reuse. The handler checks its idle
            // timeout only from its cleanup timer (and, a zero one, only without MaxConnectionsPerServer), so under a
            // connection limit back-to-back requests kept one connection; a zero lifetime closes it as it is returned,
            // HTTP/2 included. Other values leave the lifetime off, so the usual checkout does no more work.
            PooledConnectionLifetime = options.Limits.KeepAliveExpiry == 0 ? TimeSpan.Zero : System.Threading.Timeout.InfiniteTimeSpan,
            // A response closed before its body is read closes its connection, as in httpcore, unless the rest is
            // already buffered. By default the handler drains up to 1 MB for up to 2 s to keep the connection, and
            // under MaxConnections the next request waited for that drain on its read timer (a ReadTimeout).
            MaxResponseDrainSize = 0,
            // A response head of up to 100 KB, as httpcore reads (h11_max_incomplete_event_size): .NET's default of
            // 64 KB refused a large Set-Cookie or Content-Security-Policy that HTTPX takes. In KB; HTTP/2 header lists too.
            MaxResponseHeadersLength = 100,
            // The connection factory applies each request's own connect timeout and raises ConnectTimeout; a handler-wide
            // limit would race it and surface as a plain ConnectError (and ignore per-request values).
            ConnectTimeout = System.Threading.Timeout.InfiniteTimeSpan,
            // Under a connection limit one HTTP/2 connection per origin, which Http2OriginSlots counts as one; the handler
            // would open more whenever a server's stream limit is reached, and nothing would count them.
            EnableMultipleHttp2Connections = options.Limits.MaxConnections is null,
            ConnectCallback = new ConnectionFactory(options, tracker, tunnelWaiters).ConnectAsync,
            PlaintextStreamFilter = ConnectionFactory.PlaintextFilter,
            RequestHeaderEncodingSelector = ConnectionFactory.RequestHeadersWritten,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = verification.Validate,
                ClientCertificates = options.ClientCertificate is null ? null : new System.Security.Cryptography.X509Certificates.X509CertificateCollection { options.ClientCertificate },
                // Only with a certificate: a selection callback turns off TLS session resumption (ClientCertificateRequest).
                LocalCertificateSelectionCallback = options.ClientCertificate is null ? null : ClientCertificateRequest.Selector(options.ClientCertificate),
            },
        };
        return handler;
    }

    public async Task<Response> HandleRequestAsync(Request request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // One still using a transport after its owner disposed it is told so, where the pool's gate said only that a
        // SemaphoreSlim was disposed.
        if (_disposed) throw Closed();
        var url = request.Url;
        if (url.Scheme.Length == 0) throw UnsupportedProtocolException.MissingProtocol(url, request);
        if (url.Scheme is not ("http" or "https"))
            throw UnsupportedProtocolException.UnsupportedScheme(url, request);
        // Over a Unix socket too: the handler needs a host for the request's Uri, and such a URL failed there as a host
        // that does not resolve ("Could not resolve host ''"), nothing having been looked up. curl refuses it as well.
        if (url.Host.Length == 0)
            throw new UnsupportedProtocolException($"Request URL has no host: '{url.ToWrittenRedactedString()}'.{(_options.Uds is null ? "" : $" Over a Unix socket the host is only sent in the Host header, but a request needs one: write one, as '{url.Scheme}://localhost{url.RawPath}'.")}", request);

        var timeout = request.SendingTimeout ?? _options.DefaultTimeout;
        var sharesHttp2Slot = SharesHttp2Slot(request);
        var lease = (sharesHttp2Slot ? await _http2Slots!.EnterAsync(url, timeout, request, cancellationToken).ConfigureAwait(false) : null)
            ?? await _gate.AcquireAsync(timeout, request, cancellationToken).ConfigureAwait(false);
        var timer = new ExchangeTimer(timeout, cancellationToken);
        HttpResponseMessage? message = null;
        try
        {
            var target = _options.Proxy is { } proxy
                ? await ProxyRouting.TargetAsync(proxy, request, timeout, cancellationToken).ConfigureAwait(false)
                : TargetUri(request);
            ExchangeConnection exchange;
            // The first request to an https origin that may speak HTTP/2: its connection's ALPN answer lets those waiting go.
            var negotiating = lease?.Origin is { IsNegotiating: true } origin ? origin : null;
            var connectAttempts = 0;
            // Through a CONNECT tunnel: the connection factory learns from _tunnelWaiters which request a tunnel is for.
            var tunnelWaiters = _tunnelWaiters is not null && !_options.Proxy!.Forwards(url) ? _tunnelWaiters : null;
            for (var attempt = 1; ; attempt++)
            {
                using var outgoing = BuildMessage(request, timer, target);
                if (negotiating is not null) outgoing.NegotiatingOrigin = negotiating;
                outgoing.ConnectAttempts = connectAttempts;
                exchange = new ExchangeConnection(outgoing) { HandlerAuth = _options.Credentials is not null, Idempotent = IsIdempotent(outgoing.Method) };
                ConnectionTracker.CurrentExchange.Value = exchange;
                timer.Enter(ExchangePhase.Read);
                Exception failure;
                tunnelWaiters?.Add(exchange);
                // A tunnel the handler is still setting up for a request that gave up: this request waits for it, timed
                // by its connect limit as a tunnel of its own would be (its set-up is its connection's, not a response).
                tunnelWaiters?.Adopt(exchange);
                try
                {
                    message = SendsSynchronously(outgoing)
                        ? _invoker.Send(outgoing, timer.Token)
                        : await _invoker.SendAsync(outgoing, timer.Token).ConfigureAwait(false);
                    break;
                }
                // The handler picked a connection the pool had just closed; nothing was sent, so send it again. Each
                // refusal takes one closed connection out of the handler's pool, so this ends.
                catch (HttpRequestException) when (exchange.RefusedBeforeSending && attempt <= MaxRefusedAttempts)
                {
                    connectAttempts = outgoing.ConnectAttempts; // connects this attempt made count against the retries
                    continue;
                }
                // The connection ended after the request went out and before any byte of the answer, and the request is
                // not one to send twice (see ExchangeConnection.MayBeResent): httpcore's error for that connection's end.
                // Unless the transport was closed under it (below): the connection ended because it was closed, not by its server.
                catch (HttpRequestException e) when (exchange.ResendRefused && !timer.Fired(cancellationToken) && !_disposed)
                {
                    throw ClientCertificateAsked(ExceptionMapper.DisconnectedBeforeAnswer(request, e, _options.Proxy), exchange, request);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = ExceptionMapper.Timeout(timer.FiredPhase, timeout, request, e, inHandshake: timer.InHandshake, proxy: _options.Proxy);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The request's own trace threw while told of its connection: its exception, not a failed connect.
                    ConnectionTrace.Failed.Rethrow(e);
                    // So did the body's source (a file that could not be read): its exception, not a broken connection.
                    BodySourceFailure.RethrowSource(e);
                    // Closed while this request got its slot: the disposed handler's ObjectDisposedException says less.
                    if (_disposed) throw Closed();
                    // Our timer firing aborts the connection; the handler may then report the broken I/O rather than a
                    // cancellation (its synchronous path can): it is still the timeout.
                    failure = timer.Fired(cancellationToken)
                        ? ExceptionMapper.Timeout(timer.FiredPhase, timeout, request, e, inHandshake: timer.InHandshake, proxy: _options.Proxy)
                        : ExceptionMapper.Map(e, request, timer.Phase, _options.Proxy, http2Only: !_options.Http1,
                            socksReplies: outgoing.OpenedConnection?.SocksReplies ?? default, inHandshake: timer.InHandshake,
                            answerUnreadBeforeBody: exchange.Connection is { CarriesHttp2: false } && outgoing.Headers.ExpectContinue != true);
                    if (!timer.Fired(cancellationToken)) failure = ClientCertificateAsked(failure, exchange, request);
                }
                finally
                {
                    tunnelWaiters?.Remove(exchange);
                }
                // A connection that connected but failed its handshake (TLS, mostly) before the request went out: httpcore
                // retries start_tls in the same loop as the TCP connect, so it is retried here under the same budget and
                // backoff (the connection factory retries the TCP connect itself, and counts on from connectAttempts).
                connectAttempts = outgoing.ConnectAttempts;
                // Our connect limit ran out in the handshake of the connection opened for this request: close it, or the
                // handler keeps it pending and the next attempt (or request) to the origin waits behind it, under
                // MaxConnections or HTTP/2, until its read limit (a ReadTimeout).
                if (failure is ConnectTimeoutException && timer.InHandshake) outgoing.OpenedConnection?.ShutDownIfNotReady();
                if (failure is not (ConnectException or ConnectTimeoutException) || !timer.InHandshake || connectAttempts == 0)
                    throw failure;
                if (connectAttempts > _options.Retries)
                    throw connectAttempts == 1 ? failure : ConnectionFactory.AfterAttempts((HttpException)failure, connectAttempts, request);
                var delay = ConnectionFactory.Backoff(connectAttempts - 1);
                if (delay != TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                // A timer that fired stays fired: the next attempt gets a fresh one, with the full connect limit.
                timer.Dispose();
                timer = new ExchangeTimer(timeout, cancellationToken);
            }
            timer.Stop();
            // An HTTP/1.0 answer ends its connection's use, as in httpcore (h11 keeps no HTTP/1.0 connection alive, even
            // with "Connection: keep-alive"); the handler would send the next request on it, which a server that keeps the
            // socket open but serves one request per connection never answers.
            if (message.Version == HttpVersion.Version10 && exchange.Connection is { } oneShot) _connections.MarkLastExchange(oneShot, exchange);
            if (_options.Proxy is { } used && ProxyRouting.RejectedByProxy(used, request, message) is { } rejected)
                throw rejected;
            if (ResponseHeadRules.Refusal(message, request, out var contentLength) is { } refused)
                throw refused;

            if (lease is not null && sharesHttp2Slot) lease = ShareHttp2Slot(url, message.Version, lease);

            // The handler's content hands its stream over at once: the synchronous call saves a Task per response.
            var body = message.Content.ReadAsStream(cancellationToken);
            // A 101's "body" is the upgraded connection itself, open for as long as the server keeps it: read as a body
            // it kept a non-streaming request waiting until its read timeout. As httpcore, the body is empty and the
            // connection is the response's network_stream extension, closed with the response (a streamed one's to use).
            var upgraded = message.StatusCode == HttpStatusCode.SwitchingProtocols ? new UpgradedConnectionStream(message, body) : null;
            var response = new Response(
                (int)message.StatusCode,
                ResponseHeaders(message),
                upgraded is null
                    ? new ResponseBodyStream(message, contentLength, body, request, timer, lease, exchange, _connections)
                    : new ResponseBodyStream(null, null, Stream.Null, request, timer, lease, exchange, _connections),
                request,
                VersionName(message.Version),
                // HTTP/2 has no reason phrase: the getter would give .NET's standard phrase, where HTTPX gives its own.
                message.Version.Major == 1 ? message.ReasonPhrase : null);
            if (upgraded is not null) response.NetworkStream = upgraded;
            return response;
        }
        catch
        {
            message?.Dispose();
            timer.Dispose();
            // Failed before its origin's protocol was known: those waiting to share its connection make their own.
            if (lease?.Origin is { IsNegotiating: true } unanswered) unanswered.Unanswered();
            lease?.Release();
            throw;
        }
    }

    // A failure on the connection opened for this exchange, whose server asked for a client certificate, said so (the
    // TLS alert that refuses it is not reported). Not on a pooled connection: its certificate was taken before. With
    // its resend refused, the connection the request went out on (new, not kept alive) is the one whose server closed
    // it, whichever connection was opened for the exchange.
    private Exception ClientCertificateAsked(Exception failure, ExchangeConnection exchange, Request request) =>
        _options.ClientCertificate is { } given
            && (exchange.Message.OpenedConnection is { ClientCertificateRequested: true } opened && (exchange.Connection is null || exchange.Connection == opened)
                || exchange.ResendRefused && exchange.Connection is { ClientCertificateRequested: true } && !exchange.OnKeptAliveConnection)
            ? ClientCertificateRequest.Explain(failure, given, request)
            : failure;

    // Whether the request goes over its origin's one HTTP/2 connection. Not when it names another Host (the handler keys
    // its connections on the TLS name too, and opens another) or when a socks5:// proxy is given the IP of a name resolved
    // here, which may change: it may then open a connection of its own, and takes a slot for it. An IP in the URL, or a
    // name the handler resolves itself (socks4), keeps the handler's one connection for the origin, so those share.
    private bool SharesHttp2Slot(Request request) =>
        _http2Slots is not null && (_options.Proxy is not { } proxy || !ProxyRouting.ResolvesHere(proxy, request.Url))
        && (request.Headers.Get("Host") is not { } host || host.Equals(request.Url.HostHeader, StringComparison.OrdinalIgnoreCase));

    // After the answer's version is known: an HTTP/2 answer to a request that took a gate slot hands the slot to its
    // origin (later requests there share it); an HTTP/1.1 answer to a share marks the origin HTTP/1.1 (gate slots each).
    // A share answered in HTTP/2 whose origin was still negotiating (its connection was made by another request, so
    // PlaintextFilter did not tell) settles it; the common case, a known HTTP/2 origin, costs two reads and no lock.
    private PoolGate.Lease ShareHttp2Slot(Url url, Version version, PoolGate.Lease lease)
    {
        if (version.Major == 2)
        {
            if (lease.IsGateSlot) return _http2Slots!.Adopt(url, lease);
            if (lease.Origin is { IsNegotiating: true } origin) origin.Negotiated(http2: true);
            return lease;
        }
        if (!lease.IsGateSlot) Http2OriginSlots.AnsweredInHttp1(lease);
        return lease;
    }

    /// <summary>
    /// The URL as the handler takes it: without userinfo, since the client has already turned URL credentials into auth
    /// and a password kept in <c>RequestUri</c> would show wherever the message is logged or traced; and with the path
    /// and query left exactly as <see cref="Url.RawPath"/> has them, because HTTPX sends <c>raw_path</c> byte for byte
    /// (a canonicalising Uri would send <c>/a/%2E%2E/b</c> as <c>/b</c>, <c>/%7e</c> as <c>/~</c>, and a Digest
    /// <c>uri=</c> would no longer match the request line). <paramref name="host"/> replaces the host (a socks5://
    /// target resolved here). HTTPX's URL model accepts some hosts (a space, say, percent-encoded) that no network can
    /// reach; .NET refuses them here. HTTPX (httpcore) looks such a name up and fails, a ConnectError: so it is here,
    /// naming the host as written (decoded: "a b", not "a%20b") without looking it up.
    /// </summary>
    internal static Uri TargetUri(Request request, string? host = null)
    {
        var url = request.Url;
        host ??= UrlComponents.ZoneDecoded(url.RawHost);
        var text = host is null
            ? url.RequestUriText
            : $"{url.Scheme}://{UrlComponents.Bracketed(host)}:{url.EffectivePort}{url.RawPath}";
        try
        {
            return new Uri(text, RawTarget);
        }
        catch (UriFormatException e)
        {
            throw new ConnectException(
                $"Could not resolve host '{PercentEncoding.Unquote(url.Host)}': it is not a valid host name (.NET: {e.Message}) ({request.Describe()})", request, e);
        }
    }

    // SocketsHttpHandler writes such a Uri's PathAndQuery as it is, on HTTP/1.1 (origin and absolute form) and HTTP/2.
    private static readonly UriCreationOptions RawTarget = new() { DangerousDisablePathAndQueryCanonicalization = true };

    // Around an IPv6 host in Uri.Host.
    private static readonly char[] Brackets = ['[', ']'];

    private EngineRequestMessage BuildMessage(Request request, ExchangeTimer timer, Uri target)
    {
        var message = new EngineRequestMessage(
            // Parse hands back the shared instance for standard methods (no allocation, and the handler's fast paths
            // compare by reference); other methods get a new one as before.
            HttpMethod.Parse(request.Method), target, timer, request)
        {
            Version = _version,
            VersionPolicy = _versionPolicy,
        };

        var body = request.Stream;
        var hasBody = body.Length != 0 || request.Headers.ContainsKey("Content-Length");
        if (hasBody) message.Content = new EngineHttpContent(body, timer, request);

        var defaultHost = request.Url.HostHeader;
        // A socks5:// target resolved here is sent to its IP: the Host header keeps the name (the handler uses it for TLS SNI too).
        // Only such a proxy changes the target's host (TargetUri keeps the URL's), so only then is it compared.
        var resolved = _options.Proxy is { ResolvesNamesLocally: true } &&
            !target.Host.AsSpan().Trim(Brackets).Equals(request.Url.RawHost, StringComparison.OrdinalIgnoreCase);
        // The handler writes Host, Transfer-Encoding and Content-Length itself from the URL and the content. A Host of
        // the caller's goes in before any other header, as the handler's own does and as HTTPX writes it: the handler
        // sends headers in the order they were added, and RFC 9110 7.2 wants Host first.
        var hasHost = false;
        foreach (var (name, value) in request.Headers.RawList)
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                hasHost = true;
                // RFC 9112 3.2: with a host in the URL, Host must be that authority. HTTPX's h11 sends "Host: " as given;
                // .NET's typed header takes "" as none and would send the URL's host, another value than the caller's.
                if (string.IsNullOrWhiteSpace(value))
                    throw new LocalProtocolException($"The Host header is empty, which HTTP forbids when the URL has a host (RFC 9112 3.2): leave it out to send the URL's '{defaultHost}' ({request.Describe()})", request);
                Headers.ValidateRequestValue(name, value);
                if (resolved || !value.Equals(defaultHost, StringComparison.OrdinalIgnoreCase)) SetHost(message, value, request);
            }
        // Every request is made with one; only a caller who removed it gets here. HTTPX's h11 refuses such a request
        // ("Missing mandatory Host: header", the example of LocalProtocolError in HTTPX's docs), and over HTTP/2 httpcore
        // fails looking for the Host it sends as :authority (an IndexError); the handler would write the URL's host back
        // in without a word, sending what the caller had taken out.
        if (!hasHost)
            throw new LocalProtocolException($"The request has no Host header, which HTTP requires ({request.Describe()})", request);
        foreach (var (name, value) in request.Headers.RawList)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            Headers.ValidateRequestValue(name, value);
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // The caller's "chunked" is kept, as HTTPX's h11 frames the body chunked whenever the header says so (and
                // curl -H 'Transfer-Encoding: chunked' too): the handler then drops the body's Content-Length, which
                // HTTPX sends alongside, a message RFC 9112 6.2 forbids. h11 refuses any other coding, so it is refused
                // here, where it was dropped without a word. HTTP/2 has no chunked coding: an HTTP/2-only client sends
                // the body's length as httpcore's h2 does (an ALPN-negotiated one is framed before the version is known).
                if (!value.Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
                    throw new LocalProtocolException($"The Transfer-Encoding header says '{value}', but only chunked is supported, as in HTTPX ({request.Describe()})", request);
                if (_options.Http1)
                {
                    // It frames a body, an empty one too ("0" and the blank line): made here rather than looked for
                    // ahead of this loop, which every bodyless request would pay for.
                    message.Content ??= new EngineHttpContent(body, timer, request);
                    message.Headers.TransferEncodingChunked = true;
                }
                continue;
            }
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && body.Length is { } length)
            {
                // The handler writes the body's own length; a caller's header saying otherwise is refused, as HTTPX's h11
                // refuses it, rather than corrected without a word.
                if (!SaysLength(value, length))
                    throw new LocalProtocolException($"The Content-Length header says '{value}' but the request body has {length} bytes ({request.Describe()})", request);
                continue;
            }
            if (message.Headers.TryAddWithoutValidation(name, value)) continue;
            // A content header (Content-Type, Expires...) on a request without a body, as some APIs want on a GET or a
            // DELETE: HTTPX sends it as given. The handler sends such headers only with a body, so the request gets an
            // empty one (which adds Content-Length: 0) rather than losing the header.
            message.Content ??= new EngineHttpContent(body, timer, request);
            if (message.Content.Headers.TryAddWithoutValidation(name, value)) continue;
            throw new LocalProtocolException($"Header '{name}' cannot be sent with this request.", request);
        }
        // The proxy's headers and credentials on a forwarded request (the handler would send credentials only in answer
        // to a 407: a second round trip for every request, and never to a proxy that does not ask).
        if (_options.Proxy is { } proxy && proxy.Forwards(request.Url))
            foreach (var (name, value) in proxy.ForwardedHeaders(request.Headers))
                message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    /// <summary>
    /// HTTPX sends any Host value as given; the handler takes only one its typed header parses (a space, a path or a
    /// user name in it is refused), and an unparsed one would go out next to the URL's. So such a value is the client's
    /// protocol error, naming it (a "user:password@host" masked) and the request, rather than a bare FormatException.
    /// </summary>
    private static void SetHost(HttpRequestMessage message, string value, Request request)
    {
        try
        {
            message.Headers.Host = value;
        }
        catch (FormatException e)
        {
            throw new LocalProtocolException($"The Host header {UrlParser.Display(UrlPasswords.Hide(value))} cannot be sent: it is not a host and optional port ({request.Describe()})", request, e);
        }
    }

    /// <summary>
    /// A sync API call (Client.Get...) that reached the handler on its own thread sends with the handler's synchronous
    /// HTTP/1.1 path, as HttpClient.Send does: the caller blocks either way, and this spares a thread-pool hop per
    /// request. Only without a body (our content streams asynchronously), without HTTP/2 (which has no sync path), and
    /// on the plain direct path: proxies and handler-run auth (NTLM/Negotiate) keep the async send they are tested with.
    /// </summary>
    private bool SendsSynchronously(HttpRequestMessage message) =>
        Internal.SyncOverAsync.IsBlockingCaller && message.Content is null && message.Version == HttpVersion.Version11 &&
        _options.Proxy is null && _options.Credentials is null;

    /// <summary>
    /// The idle connections kept: never more than MaxConnections, as httpcore caps max_keepalive_connections at
    /// max_connections. The handler's own cap is per server, so with MaxConnections 1 a request to a second host left
    /// two connections open.
    /// </summary>
    private static int? KeptAlive(Limits limits) => (limits.MaxConnections, limits.MaxKeepAliveConnections) switch
    {
        ({ } connections, { } keepAlive) => Math.Min(connections, keepAlive),
        (var connections, var keepAlive) => keepAlive ?? connections,
    };

    // RFC 9110 9.2.2: the methods whose request may be repeated, as the same request twice has the effect of one.
    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace ||
        method == HttpMethod.Put || method == HttpMethod.Delete;

    private static bool SaysLength(string contentLength, long length) =>
        long.TryParse(contentLength, System.Globalization.NumberStyles.AllowLeadingWhite | System.Globalization.NumberStyles.AllowTrailingWhite,
            System.Globalization.CultureInfo.InvariantCulture, out var declared) && declared == length;

    private static Headers ResponseHeaders(HttpResponseMessage message)
    {
        // Sized to the header names the response has: one list, filled without regrowing unless a name repeats.
        var headers = new Headers(capacity: message.Headers.NonValidated.Count + message.Content.Headers.NonValidated.Count);
        foreach (var (name, values) in message.Headers.NonValidated)
            foreach (var value in values) headers.AddTrusted(name, value);
        foreach (var (name, values) in message.Content.Headers.NonValidated)
            foreach (var value in values) headers.AddTrusted(name, value);
        return ResponseHeaderDecoding.AsHttpxReadsThem(headers);
    }

    private static string VersionName(Version version) => version.Major switch
    {
        2 => "HTTP/2",
        3 => "HTTP/3",
        _ => version.Minor == 0 ? "HTTP/1.0" : "HTTP/1.1",
    };

    public void Dispose()
    {
        _disposed = true;
        _invoker.Dispose();
        _connections.Dispose();
        _gate.Dispose();
        _http2Slots?.Close();
    }
}
