using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Httpx.Transports;

/// <summary>
/// Maps what .NET's HTTP stack throws to HTTPX's exception hierarchy, keeping the original as the inner exception
/// and naming the request (URL redacted) in the message.
/// </summary>
internal static class ExceptionMapper
{
    // body: for a failure while reading the body, how much of it came, which a body cut short names as h11 does.
    // socksReplies: what a SOCKS5 proxy sent while the request's connection was set up (TrackedConnectionStream.SocksReplies).
    // inHandshake: the failure came after the TCP connect (to the proxy, with one) and before the request went out, while
    // the connection was set up: through an HTTP(S) proxy to an https URL, that is the proxy's CONNECT tunnel.
    // answerUnreadBeforeBody: the request went over HTTP/1.1 without Expect: 100-continue, where the handler reads no answer
    // before the whole body is sent.
    public static Exception Map(Exception exception, Request request, ExchangePhase phase, Proxy? proxy = null, bool http2Only = false, BodyRead? body = null,
        ReadOnlyMemory<byte> socksReplies = default, bool inHandshake = false, bool answerUnreadBeforeBody = false)
    {
        var target = request.Describe();
        if (FindHttpx(exception) is { } known)
        {
            // Raised inside the handler, which knows no request (the connection factory, the TLS certificate check):
            // rebuilt around what the handler threw, naming the request as every other message does; the original
            // failure stays reachable through the inner exceptions.
            if (!ReferenceEquals(known, exception) && known is HttpException { HasRequest: false })
            {
                switch (known)
                {
                    case ConnectException:
                        return new ConnectException($"{known.Message} ({target})", request, exception);
                    case ConnectTimeoutException:
                        return new ConnectTimeoutException($"{known.Message} ({target})", request, exception);
                }
            }
            if (known is HttpException http && !http.HasRequest) http.Request = request;
            return known;
        }

        var hostPort = HostPort(request.Url);
        var detail = Detail(Innermost(exception));
        // Through a proxy nothing connects to the server itself: "Could not connect to host:443" sent the user to a server
        // that was never reached, when the proxy broke the connection.
        var reached = proxy is null ? hostPort : $"{hostPort} through proxy {proxy.Named}";
        // Once the request is on its way, the connection that breaks is the proxy's (a forwarded request) or runs through it
        // (a tunnel): a proxy that cuts long transfers or idle tunnels is a usual cause, so it is named with the break.
        var via = Via(proxy);
        // A CONNECT answer that ended or was no HTTP: the handler reads it as any response, and said the server had
        // disconnected or sent an invalid response, of a server nothing had reached. httpcore raises the same
        // RemoteProtocolError for it (naming no one); the proxy is named.
        var inTunnel = inHandshake && proxy is { IsSocks: false } && request.Url.Scheme == "https";
        // The connection factory refused the handler's second connection for a CONNECT (TunnelConnectionStream): the
        // request is in its connect phase again then, but what failed is the first one's CONNECT.
        if (proxy is { IsSocks: false } && Find<UnansweredConnectException>(exception) is not null) return UnansweredConnect(exception, request, proxy, hostPort, target);

        // HTTP/2's own errors (a GOAWAY, an RST_STREAM, or data the handler refused), before the headers or in the body:
        // httpcore's RemoteProtocolError. .NET's detail says which; "invalid response" would misname a server that ended
        // a stream or connection on purpose. HTTP_1_1_REQUIRED is a server saying it does not speak HTTP/2 there (an
        // HTTP/1.1-only Kestrel answers an h2c preface so), which is what a user of an HTTP/2-only client needs to read.
        if (Find<HttpProtocolException>(exception) is { } h2)
            return new RemoteProtocolException(h2.ErrorCode == Http11Required
                ? $"{hostPort} does not speak HTTP/2 here, it requires HTTP/1.1: {detail} ({target})"
                : $"HTTP/2 error from the server{InBody(body)}: {detail} ({target})", request, exception);

        // RFC 9113 3.4: a server's preface is its SETTINGS frame. A connection that ended before it is httpcore's
        // RemoteProtocolError("Server disconnected"); .NET says only that "the server did not complete the HTTP/2
        // handshake", over a ResponseEnded, a disposed SslStream or socket (ReadError's detail), or nothing, as its read
        // raced the close, and the first read as an invalid response.
        if (HasMessage(exception, Http2NotEstablished))
            return new RemoteProtocolException($"Server disconnected before completing the HTTP/2 handshake (no SETTINGS frame came from {hostPort}) ({target})", request, exception);

        if (exception is HttpRequestException hre)
        {
            switch (hre.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError:
                    return new ConnectException($"Could not resolve host '{request.Url.RawHost}': {detail} ({target})", request, exception);
                case HttpRequestError.ConnectionError:
                    return new ConnectException($"Could not connect to {reached}: {detail} ({target})", request, exception);
                case HttpRequestError.SecureConnectionError:
                    return TlsFailure(exception, request, hostPort, detail, target, proxy, http2Only);
                // The proxy answered the CONNECT with a status that is not 2xx. .NET's own text only gives the code (and a
                // stray quote): say the status as httpcore's ProxyError does, and for a 407 what it means.
                case HttpRequestError.ProxyTunnelError when proxy is not null && ProxyRouting.TunnelStatus(hre) is { } refused:
                    return new ProxyException(
                        $"Proxy {proxy.Named} refused to open a tunnel to {hostPort}: {ProxyRouting.TunnelRefusal(proxy, refused)} ({target})", request, exception);
                case HttpRequestError.ProxyTunnelError when proxy is { IsSocks: true } && ProxyRouting.SocksRefusal(proxy, Innermost(exception), socksReplies.Span) is { } why:
                    return new ProxyException($"Proxy {proxy.Named} failed to open a tunnel to {hostPort}: {why} ({target})", request, exception);
                case HttpRequestError.ProxyTunnelError:
                    return new ProxyException(proxy is null
                        ? $"The proxy refused to open a tunnel to {hostPort}: {detail} ({target})"
                        : $"Proxy {proxy.Named} failed to open a tunnel to {hostPort}: {detail} ({target})", request, exception);
                // Only an HTTP/2-only transport asks for an exact version. Over https the TLS handshake did not agree on
                // h2 (the server offers HTTP/1.1 or no ALPN at all); an http:// request through an HTTP proxy is
                // forwarded over HTTP/1.1 and refused before any connection. Said in the user's terms; the handler's own
                // words ("... version policy RequestVersionExact ...") stay in the inner exception.
                case HttpRequestError.VersionNegotiationError:
                    return new ConnectException((request.Url.Scheme, proxy) switch
                    {
                        ("https", _) => $"{hostPort} does not speak HTTP/2 (the TLS handshake did not agree on h2), and HTTP/1.1 is switched off for this client ({target})",
                        (_, { IsSocks: false }) => $"Proxy {proxy.Named} forwards an http:// request over HTTP/1.1, and HTTP/1.1 is switched off for this client ({target})",
                        _ => $"{hostPort} cannot be reached over HTTP/2 ({detail}), and HTTP/1.1 is switched off for this client ({target})",
                    }, request, exception);
                case HttpRequestError.ResponseEnded when inTunnel:
                    return UnansweredConnect(exception, request, proxy!, hostPort, target);
                // An http:// request through an HTTP proxy goes to the proxy, which answers it: "Server disconnected" sent
                // the user to a server nothing had reached (a proxy URL naming a SOCKS or other port, a proxy that drops it).
                case HttpRequestError.ResponseEnded when proxy?.Forwards(request.Url) == true:
                    return new RemoteProtocolException($"Proxy {proxy!.Named} disconnected without sending a complete response to the request it was to forward ({target})", request, exception);
                case HttpRequestError.ResponseEnded:
                    return new RemoteProtocolException($"Server disconnected without sending a complete response ({target})", request, exception);
                case HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse when inTunnel:
                    return new RemoteProtocolException($"Proxy {proxy!.Named} sent an invalid answer to the CONNECT to {hostPort}: {detail} ({target})", request, exception) { BeforeSending = true };
                case HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse when proxy?.Forwards(request.Url) == true:
                    return new RemoteProtocolException($"Proxy {proxy!.Named} sent an invalid HTTP response to the request it was to forward: {detail} ({target})", request, exception);
                case HttpRequestError.HttpProtocolError:
                case HttpRequestError.InvalidResponse:
                    return new RemoteProtocolException($"The server sent an invalid HTTP response: {detail} ({target})", request, exception);
                case HttpRequestError.ConfigurationLimitExceeded:
                    return new RemoteProtocolException($"The server's response exceeded a limit: {detail} ({target})", request, exception);
            }
        }

        if (exception is HttpIOException hio)
        {
            return hio.HttpRequestError switch
            {
                HttpRequestError.ResponseEnded => new RemoteProtocolException($"Server disconnected without sending the complete response body{via}{CutShort(body)} ({target})", request, exception),
                HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError =>
                    new RemoteProtocolException($"The server sent an invalid response body: {detail} ({target})", request, exception),
                _ => new ReadException($"The connection broke while reading the response{via}: {detail} ({target})", request, exception),
            };
        }

        if (Find<AuthenticationException>(exception) is not null)
            return TlsFailure(exception, request, hostPort, detail, target, proxy, http2Only);

        if (Find<SocketException>(exception) is { } socket && phase == ExchangePhase.Connect)
            return new ConnectException($"Could not connect to {reached}: {socket.Message} ({target})", request, exception);

        // The handler refusing what the server sent with no I/O failure underneath (an HTTP/1.1 server answering an
        // HTTP/2 preface with its 400, say): the server broke the protocol, the connection did not break.
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.Unknown, InnerException: null } && phase == ExchangePhase.Read)
            return new RemoteProtocolException($"The server did not answer as the protocol requires: {detail} ({target})", request, exception);

        if (Find<IOException>(exception) is not null || Find<SocketException>(exception) is not null || exception is HttpRequestException)
        {
            return phase switch
            {
                ExchangePhase.Connect => new ConnectException($"Could not connect to {reached}: {detail} ({target})", request, exception),
                // A server that refuses an upload by its head (413, 401) may answer and close without reading the body:
                // httpcore then reads that answer, but over HTTP/1.1 the handler reads none before the body is sent,
                // unless the request asks the server for a go-ahead first (curl sends Expect: 100-continue for uploads).
                ExchangePhase.Write when answerUnreadBeforeBody => new WriteException(
                    $"The connection broke while sending the request body{via}: {detail}. The server closed it before reading the whole body; if it refused the upload (413, 401), its answer comes back when the request has the header 'Expect: 100-continue' ({target})",
                    request, exception),
                ExchangePhase.Write => new WriteException($"The connection broke while sending the request{via}: {detail} ({target})", request, exception),
                _ => new ReadException($"The connection broke while reading the response{via}: {detail} ({target})", request, exception),
            };
        }
        return exception;
    }

    private static RemoteProtocolException UnansweredConnect(Exception exception, Request request, Proxy proxy, string hostPort, string target) =>
        new($"Proxy {proxy.Named} closed the connection without answering the CONNECT to {hostPort} ({target})", request, exception) { BeforeSending = true };

    private static string Via(Proxy? proxy) => proxy is null ? "" : $" through proxy {proxy.Named}";

    /// <summary>
    /// Where in the body a stream reset came: a watch or event stream the server (or a proxy) reset said nothing of what
    /// had come, where an HTTP/1.1 one cut short says it (<see cref="CutShort"/>).
    /// </summary>
    private static string InBody(BodyRead? body) => body is { } read
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" after {read.Received:N0} bytes of the response body")
        : "";

    /// <summary>How much of a body came before the close, as h11 says it: ": received 10 bytes, expected 100".</summary>
    private static string CutShort(BodyRead? body) => body switch
    {
        { Chunked: true } read => $": received {read.Received} bytes of a chunked body, whose end never came",
        { Expected: { } expected } read => $": received {read.Received} bytes, expected {expected}",
        _ => "",
    };

    /// <summary>
    /// The connection a request went out on ended before any byte of its answer, and the request was not one to send
    /// again (ExchangeConnection.MayBeResent): httpcore's RemoteProtocolError for that connection's end.
    /// </summary>
    public static RemoteProtocolException DisconnectedBeforeAnswer(Request request, Exception exception, Proxy? proxy) =>
        // A forwarded request's connection is the proxy's, which nothing said had reached the server (see Map).
        proxy?.Forwards(request.Url) == true
            ? new($"Proxy {proxy.Named} disconnected without sending a response to the request it was to forward ({request.Describe()})", request, exception)
            : new($"Server disconnected without sending a response{Via(proxy)} ({request.Describe()})", request, exception);

    /// <summary>
    /// A failed TLS handshake. A reply that is no TLS record at all is, nearly always, a plain-HTTP server on that port
    /// (https:// to an http:// port); .NET calls it "Cannot determine the frame size or a corrupted frame was received",
    /// which does not say so. Its own words stay in the inner exception. Through an https:// proxy the handshake of an
    /// http:// request is the proxy's, and an https:// request has the proxy's and then, through it, the server's: the
    /// proxy is named, and its scheme is the one to check (HTTPS_PROXY=https://... for a plain-HTTP proxy is the usual slip).
    /// An HTTP/2-only transport offers ALPN h2 alone; a server that speaks HTTP/1.1 only and takes part in ALPN (Kestrel,
    /// nginx) ends the handshake with the no_application_protocol alert, which OpenSSL words as "tlsv1 alert no
    /// application protocol" (Windows: "No common application protocol exists..."): said as what it means, as
    /// VersionNegotiationError is for a server without ALPN.
    /// </summary>
    private static ConnectException TlsFailure(Exception exception, Request request, string hostPort, string detail, string target, Proxy? proxy, bool http2Only)
    {
        var viaTlsProxy = proxy is { Url.Scheme: "https" };
        // Through a plain proxy the handshake is the server's, over the proxy's tunnel, which may be what broke (a proxy
        // that answered its CONNECT with 200 and closed): the proxy is named with it.
        var peer = proxy is null ? hostPort
            : !viaTlsProxy ? $"{hostPort} through proxy {proxy.Named}"
            : request.Url.Scheme == "http" ? $"proxy {proxy.Named}" : $"proxy {proxy.Named} or, through it, with {hostPort}";
        if (http2Only && request.Url.Scheme == "https" && detail.Contains("application protocol", StringComparison.OrdinalIgnoreCase))
            return new ConnectException($"TLS handshake with {peer} failed: {hostPort} does not speak HTTP/2 (it refused ALPN h2: {detail}), and HTTP/1.1 is switched off for this client ({target})", request, exception);
        if (Find<AuthenticationException>(exception) is not { InnerException: null, Message: NotTlsReply })
            return new ConnectException($"TLS handshake with {peer} failed: {detail} ({target})", request, exception);
        var check = !viaTlsProxy ? "the URL's scheme" : request.Url.Scheme == "http" ? "the proxy's scheme" : "the proxy's scheme, or the URL's,";
        return new ConnectException($"TLS handshake with {peer} failed: the server did not answer in TLS (it may speak plain HTTP on this port: is {check} meant to be http://?) ({target})", request, exception);
    }

    // SslStream's text (SR.net_frame_read_size) for a handshake reply that is no TLS record; .NET ships it in English only.
    private const string NotTlsReply = "Cannot determine the frame size or a corrupted frame was received.";

    // SR.net_http_http2_connection_not_established; .NET ships it in English only.
    private const string Http2NotEstablished = "An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake.";

    private static bool HasMessage(Exception exception, string message)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e.Message.StartsWith(message, StringComparison.Ordinal)) return true;
        return false;
    }

    // RFC 9113 section 7: HTTP_1_1_REQUIRED.
    private const long Http11Required = 0xd;

    /// <summary>
    /// The HTTPX timeout for a phase whose timer fired. <paramref name="bodyReceived"/>: a read timeout after the status and
    /// headers came, and that many bytes of the body, said so, as "waiting for the response" read as if the server had
    /// not answered at all.
    /// <paramref name="inHandshake"/>: the connect limit ran out after the TCP connect, in what sets the connection up
    /// before a request can go out on it (TLS; through <paramref name="proxy"/>, its TLS, CONNECT tunnel or SOCKS
    /// handshake), said so: "connecting to" alone sends an engineer to the firewall, when the port answered and only TLS
    /// did not (a plain TCP service on it, a TLS terminator that hangs), as Python's "The handshake operation timed out"
    /// says; and through a proxy it named the server, which nothing had connected to.
    /// </summary>
    public static HttpTimeoutException Timeout(ExchangePhase phase, Timeout timeout, Request request, Exception inner, long? bodyReceived = null,
        bool inHandshake = false, Proxy? proxy = null)
    {
        var target = request.Describe();
        return phase switch
        {
            // Where the wait was: the TCP connect to the proxy had been made (the factory names the proxy when it is not).
            ExchangePhase.Connect when inHandshake && proxy is not null && ProxyHandshake(proxy, request.Url) is { } steps => new ConnectTimeoutException(
                $"Timed out after {Seconds(timeout.Connect)} setting up the connection to {HostPort(request.Url)} through proxy {proxy.Named}: the proxy took the connection, but {steps} did not complete ({target})", request, inner),
            ExchangePhase.Connect when inHandshake && proxy is null && request.Url.Scheme == "https" => new ConnectTimeoutException(
                $"Timed out after {Seconds(timeout.Connect)} in the TLS handshake with {HostPort(request.Url)}: the connection was made, but the server did not complete TLS ({target})", request, inner),
            ExchangePhase.Connect => new ConnectTimeoutException($"Timed out after {Seconds(timeout.Connect)} connecting to {HostPort(request.Url)} ({target})", request, inner),
            // Named with the proxy, as a broken connection is: the wait may be the proxy's (one that holds a slow answer).
            ExchangePhase.Write => new WriteTimeoutException($"Timed out after {Seconds(timeout.Write)} sending the request body{Via(proxy)} ({target})", request, inner),
            // In a body: how much of it came (a watch's events were received, and the stream was not cut short), and
            // how to wait on a stream that may stay quiet longer, as it ran into the default limit.
            _ when bodyReceived is { } received => new ReadTimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Timed out after {Seconds(timeout.Read)} waiting for more of the response body{Via(proxy)}, {received:N0} bytes into it; a body or stream that can pause longer needs a longer read timeout, or none: {ReadTimeoutException.NoReadLimit} ({target})"), request, inner),
            _ => new ReadTimeoutException($"Timed out after {Seconds(timeout.Read)} waiting for the response{Via(proxy)} ({target})", request, inner),
        };
    }

    /// <summary>
    /// What sets up a connection to <paramref name="url"/> through <paramref name="proxy"/> once the proxy has taken the
    /// TCP connection, in order ("the SOCKS5 handshake or the TLS handshake with the server"); null when nothing does
    /// (an http:// URL forwarded by an http:// proxy).
    /// </summary>
    private static string? ProxyHandshake(Proxy proxy, Url url)
    {
        var steps = new List<string>(3);
        if (proxy.Url.Scheme == "https") steps.Add("the TLS handshake with the proxy");
        if (proxy.IsSocks) steps.Add("the SOCKS handshake");
        else if (url.Scheme == "https") steps.Add("the CONNECT tunnel");
        if (url.Scheme == "https") steps.Add("the TLS handshake with the server");
        return steps.Count switch
        {
            0 => null,
            1 => steps[0],
            _ => string.Join(", ", steps.Take(steps.Count - 1)) + " or " + steps[^1],
        };
    }

    // "[::1]:8443", as the connection factory names it: "::1:8443" does not say where the address ends.
    private static string HostPort(Url url) => $"{UrlComponents.Bracketed(url.RawHost)}:{url.EffectivePort}";

    /// <summary>
    /// A timeout in seconds as a message names it: "2.5 s", "0.2 s", and under a second three significant digits
    /// ("0.0004 s"), where three decimals showed a 0.0004 s timeout as "0 s".
    /// </summary>
    public static string Seconds(double? seconds) => seconds switch
    {
        null => "no limit",
        { } s when s is 0 or >= 1 => s.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s",
        // Rounded to three significant digits and written in plain decimals ("G3" writes 0.00001 as "1E-05").
        { } s => Math.Round(s, Math.Clamp(2 - (int)Math.Floor(Math.Log10(Math.Abs(s))), 0, 15))
            .ToString("0.###############", System.Globalization.CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>
    /// .NET's words for a failure, as a message quotes them: without the " (InvalidResponse)" that HttpIOException
    /// appends (the name of a .NET enum, beside our own "(GET url)"), and with a chunk size that is no number, or a chunk
    /// extension that is none, shown as the text the server sent ('zz'), where .NET shows its bytes in hex ('7A-7A'). A
    /// line .NET quotes keeps no CR of its CRLF, and other control characters the server sent are escaped: a bare CR in a
    /// message sent the console's cursor back, and what followed it overwrote the start of the line.
    /// </summary>
    private static string Detail(Exception innermost)
    {
        var message = innermost.Message;
        if (innermost is HttpIOException io && message.EndsWith($" ({io.HttpRequestError})", StringComparison.Ordinal))
            message = message[..^$" ({io.HttpRequestError})".Length];
        // The chunk line's bytes read as Latin-1 (one char per byte), escaped with the rest of the message below.
        message = ChunkLineInHex.Replace(message, m => "'" + string.Concat(m.Groups[1].Value.Split('-')
            .Select(b => (char)Convert.ToByte(b, 16))) + "'");
        return HttpLog.Printable(message.Replace("\r'", "'", StringComparison.Ordinal));
    }

    // SR.net_http_invalid_response_chunk_header_invalid: "Received chunk header length could not be parsed: '{0}'." and
    // SR.net_http_invalid_response_chunk_extension_invalid: "Received an invalid chunk extension: '{0}'.", {0} being
    // BitConverter.ToString of the bytes (the line, or what follows the size in it).
    private static readonly System.Text.RegularExpressions.Regex ChunkLineInHex =
        new(@"(?<=(?:chunk header length could not be parsed|invalid chunk extension): )'([0-9A-F]{2}(?:-[0-9A-F]{2})*)'", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static HttpxException? FindHttpx(Exception exception) => Find<HttpxException>(exception);

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is T t) return t;
        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
