namespace Httpx.PowerShell;

/// <summary>
/// -Verbose for one pipeline item, as <c>httpx -v</c> prints it: each hop (redirects, auth steps) with its request head
/// as it went out and its response head, written as the response arrives, secrets masked (<see cref="HttpLog"/>). The
/// request is taken when it is sent: an auth flow changes the same request for its next step, and a response's history
/// would show the headers of the last step on the first. Given to the engine as the request's "trace" extension.
/// A hop whose request opened a connection first shows what happened on it, as httpx -v does ("* Connecting to ...",
/// "* Connected to ...", the TLS handshake and the server's certificate: <see cref="ConnectionLog"/>); a hop that reused a
/// pooled connection shows none, which is how a user sees reuse.
/// </summary>
internal sealed class VerboseTrace
{
    private readonly AsyncPipelineCmdlet _cmdlet;
    // The hop in flight: its request, and its headers as sent. Hops of one item are sequential, but a connection's
    // events come from the thread that sets it up: these are read and written under the lock.
    private readonly object _lock = new();
    private Request? _sent;
    private Headers? _sentHeaders;
    // What the hop's connection has done so far, in httpx -v's words; and whether it was still being set up (a connect
    // begun and not done, or a TLS handshake not done), so that a failure there had not sent the request.
    private List<string>? _connectionLines;
    private bool _connecting;

    public VerboseTrace(AsyncPipelineCmdlet cmdlet)
    {
        _cmdlet = cmdlet;
        Callback = OnEvent;
    }

    public RequestTrace Callback { get; }

    /// <summary>The request's extensions with this trace added (a copy: the caller's stay as they are).</summary>
    public Dictionary<string, object?> AddTo(IDictionary<string, object?>? extensions) =>
        new(extensions ?? new Dictionary<string, object?>()) { ["trace"] = Callback };

    private void OnEvent(string eventName, object info)
    {
        switch (eventName, info)
        {
            case (RequestTraceEvents.Sending, Request request):
                lock (_lock)
                {
                    _sent = request;
                    _sentHeaders = request.Headers.Copy();
                    _connectionLines = null;
                    _connecting = false;
                }
                break;
            case (RequestTraceEvents.Received, Response response):
                Request? sent;
                lock (_lock) sent = _sent;
                WriteSent(response.HttpVersion, HttpLog.FormatResponse(response), sent is null ? null : TransportOf(sent.Url));
                break;
            default:
                OnConnectionEvent(eventName, info);
                break;
        }
    }

    // Kept for the hop in flight, to go before its request head. A connection whose request has had its answer (the
    // handler gave that request another connection that came free first) has no hop to go with: its lines are dropped.
    private void OnConnectionEvent(string eventName, object info)
    {
        var lines = ConnectionLog.Format(eventName, info);
        // The certificate is a copy made for this event, ours to dispose once its lines are written.
        if (info is StartTlsCompleteInfo { ServerCertificate: { } certificate }) certificate.Dispose();
        if (lines.Count == 0) return;
        lock (_lock)
        {
            if (_sent is null) return;
            (_connectionLines ??= []).AddRange(lines);
            _connecting = eventName switch
            {
                RequestTraceEvents.ConnectTcpStarted or RequestTraceEvents.ConnectUnixSocketStarted => true,
                // Over TLS the connection is ready once its handshake is done (through a proxy's tunnel too); through a
                // SOCKS proxy once it has made its connection, and through an https:// proxy once its TLS is done.
                RequestTraceEvents.ConnectTcpComplete or RequestTraceEvents.ConnectUnixSocketComplete =>
                    _sent.Url.Scheme == "https" || TransportOf(_sent.Url)?.Options.Proxy is { IsSocks: true } or { Url.Scheme: "https" },
                _ => false,
            };
        }
    }

    /// <summary>The client the item's requests go through, once it is known: it says which HTTP versions they can use.</summary>
    public Client? Client { get; set; }

    /// <summary>
    /// After a failure: the request that got no response, if one was sent. Its version is known for a transport that
    /// speaks HTTP/2 alone (h2c prior knowledge, or -Http2 -NoHttp1 over TLS), else taken as HTTP/1.1 (ALPN's answer
    /// is not known without a response). <paramref name="failure"/> is what the item failed with.
    /// </summary>
    public void WriteUnanswered(Exception failure)
    {
        Request? sent;
        bool connecting;
        lock (_lock) (sent, connecting) = (_sent, _connecting);
        if (sent is null) return;
        var transport = TransportOf(sent.Url);
        var http2Only = transport is { Options.Http1: false };
        // Forwarded by a proxy, a request goes over HTTP/1.1 only: an HTTP/2-only transport refuses it before connecting,
        // so there is no request head to show (the error says why), only the proxy it was meant for. A connection that
        // failed while it was set up (refused, a TLS handshake that failed) sent no request either: its "* Connecting
        // to ..." lines come before the error, as httpx -v and curl -v show them, with no request head. Only when the
        // failure is the set-up's: the handler may have sent the request on another connection that came free meanwhile
        // (the one being set up then tells the trace no more), and a read error there followed a request that went out.
        // A failure the engine marks as its connection's set-up's (the proxy's answer to the CONNECT) says so by itself.
        // A URL no transport takes (ftp://, no scheme, no host) is refused before any connection: nothing went out.
        var setUpFailed = (connecting && failure is ConnectException or ConnectTimeoutException or ProxyException)
            || failure is RemoteProtocolException { BeforeSending: true } or UnsupportedProtocolException;
        var neverSent = setUpFailed || http2Only && transport!.Options.Proxy is { } proxy && proxy.Forwards(sent.Url);
        WriteSent(http2Only ? "HTTP/2" : "HTTP/1.1", [], transport, sent: !neverSent);
    }

    /// <summary>
    /// After a -Download: the file written, as curl says where it saved and Invoke-WebRequest -Verbose names the file;
    /// with a folder the name came from the response, and nothing else in the trace says which file it was.
    /// </summary>
    public void WriteSaved(DownloadResult result) =>
        _cmdlet.Post(() => _cmdlet.WriteVerbose(
            $"* Saved {result.Length} bytes to {result.Path}{(result.Resumed ? " (resumed)" : "")}"));

    // The transport that serves the hop's URL (its HTTP versions and its proxy: -Proxy, the client's, Set-HttpxProxy's
    // or the environment's); the module's shared pool chooses that transport by URL itself.
    private HttpTransport? TransportOf(Url url)
    {
        var transport = Client?.TransportFor(url);
        if (transport is IRoutingTransport routing) transport = routing.TransportFor(url);
        return transport as HttpTransport;
    }

    // The hop in flight's request head, then what followed it; on the pipeline thread, in order with the item's other
    // output (at once when the exchange runs there).
    private void WriteSent(string httpVersion, IEnumerable<string> after, HttpTransport? transport, bool sent = true)
    {
        Request? request;
        Headers? headers;
        List<string>? connectionLines;
        lock (_lock)
        {
            (request, headers, connectionLines) = (_sent, _sentHeaders, _connectionLines);
            _sent = null;
            _connectionLines = null;
        }
        if (request is null) return;
        var lines = new List<string>();
        // As curl -v says which proxy it connects to (password masked): one line before the request head, none when direct.
        var proxy = transport?.Options.Proxy;
        if (proxy is not null) lines.Add($"* Proxy: {proxy.Display}");
        // The connection the hop's request opened (to the proxy, through one), before the request that went over it.
        if (connectionLines is not null) lines.AddRange(connectionLines);
        if (sent)
        {
            // Through a forwarding proxy the request line carries the absolute URL, as sent.
            lines.Add(HttpLog.RequestLine(request, httpVersion, proxy));
            // With the proxy's headers and masked Proxy-Authorization that the transport adds to a forwarded request.
            lines.AddRange(HttpLog.FormatRequestHeaders(headers!, httpVersion, proxy, request.Url));
        }
        lines.AddRange(after);
        _cmdlet.Post(() => { foreach (var line in lines) _cmdlet.WriteVerbose(line); });
    }
}
