using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Httpx.Transports;

/// <summary>
/// What HttpTransport does itself for a request through a proxy, around what SocketsHttpHandler does natively
/// (forwarding, CONNECT tunnels, SOCKS handshakes, proxy authentication).
/// </summary>
internal static class ProxyRouting
{
    /// <summary>
    /// The URI to hand to the handler. For socks5:// (local name resolution, as curl means it) a host name is resolved
    /// here and the IP sent, because the handler's SOCKS5 always sends names for the proxy to resolve (socks5h).
    /// </summary>
    public static async Task<Uri> TargetAsync(Proxy proxy, Request request, Timeout timeout, CancellationToken cancellationToken)
    {
        var url = request.Url;
        if (url.Scheme == "https" && !proxy.IsSocks && proxy.Headers.Count > 0)
            throw new ProxyException(
                $"Cannot send the headers of proxy {proxy.Named} on the CONNECT tunnel to {UrlComponents.Bracketed(url.RawHost)}:{url.EffectivePort}: " +
                $".NET's SocketsHttpHandler builds the CONNECT request itself and takes no extra headers ({request.Describe()})", request);

        var uri = HttpTransport.TargetUri(request, UrlComponents.WithoutZone(url.RawHost));
        if (!ResolvesHere(proxy, url)) return uri;

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout.ToTimeSpan(timeout.Connect));
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(url.RawHost, cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectTimeoutException($"Timed out after {ExceptionMapper.Seconds(timeout.Connect)} resolving '{url.RawHost}' for the socks5:// proxy {proxy.Named} ({request.Describe()})", request, e);
        }
        catch (SocketException e)
        {
            throw new ConnectException($"Could not resolve host '{url.RawHost}': {e.Message} (socks5:// resolves names on this machine; socks5h:// lets the proxy resolve them) ({request.Describe()})", request, e);
        }
        // SOCKS servers often listen and connect on IPv4 only: prefer it, as curl's resolver order usually does.
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ConnectException($"Could not resolve host '{url.RawHost}': no addresses ({request.Describe()})", request);
        // Not UriBuilder: its Uri would canonicalise the path and query again.
        return HttpTransport.TargetUri(request, address.ToString());
    }

    /// <summary>
    /// Whether <see cref="TargetAsync"/> resolves <paramref name="url"/>'s host here and hands the handler its IP: a host
    /// name through a socks5:// proxy. (socks4 names are resolved by the handler when it connects, its pool still keyed
    /// on the name.)
    /// </summary>
    public static bool ResolvesHere(Proxy proxy, Url url) => proxy.Url.Scheme == "socks5" && !IPAddress.TryParse(url.RawHost, out _);

    /// <summary>
    /// A 407 to a request forwarded through an HTTP(S) proxy is the proxy's answer, not the server's: HTTPX raises
    /// ProxyError. (Over a CONNECT tunnel or SOCKS, a refusal is an exception from the handler already.)
    /// </summary>
    public static ProxyException? RejectedByProxy(Proxy proxy, Request request, HttpResponseMessage message)
    {
        if (proxy.IsSocks || request.Url.Scheme != "http" || message.StatusCode != HttpStatusCode.ProxyAuthenticationRequired) return null;
        var challenge = string.Join(", ", message.Headers.ProxyAuthenticate.Select(h => h.Scheme));
        message.Dispose();
        return new ProxyException(
            $"Proxy {proxy.Named} answered {Rejection(proxy)}" +
            (challenge.Length > 0 ? $" (it offers {challenge})" : "") + $" ({request.Describe()})", request);
    }

    /// <summary>
    /// A CONNECT answered with <paramref name="status"/>: the status and its reason, as httpcore's ProxyError names them
    /// ("403 Forbidden", "503 Service Unavailable"), and for a 407 what it means. The handler drops the proxy's own
    /// response, reason phrase included, so the standard phrase is given.
    /// </summary>
    public static string TunnelRefusal(Proxy proxy, int status) => status == (int)HttpStatusCode.ProxyAuthenticationRequired
        ? Rejection(proxy)
        : $"{status} {StatusCodes.ReasonPhrase(status)}".TrimEnd();

    /// <summary>
    /// The status a proxy answered a CONNECT with, or null when the failure was not such an answer. .NET 9 and later put
    /// it on the exception; .NET 8 (PowerShell 7.4) only in its text ("... failed with status code '403'."), English
    /// only, as every .NET text: read from there, else that runtime gave .NET's words for every refusal, a 407 too.
    /// </summary>
    public static int? TunnelStatus(HttpRequestException refusal)
    {
        if (refusal.StatusCode is { } status) return (int)status;
        var said = TunnelStatusText.Match(refusal.Message);
        return said.Success ? int.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    // SR.net_http_proxy_tunnel_returned_failure_status_code: "The proxy tunnel request to proxy '{0}' failed with status code '{1}'."
    private static readonly System.Text.RegularExpressions.Regex TunnelStatusText =
        new(@"^The proxy tunnel request to proxy '[^']*' failed with status code '([1-5][0-9][0-9])'", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// What a SOCKS proxy's refusal (the handler's SocksException, <paramref name="socks"/>) means, in the terms of a 407
    /// and of httpcore's ProxyError: credentials missing or refused, or the CONNECT's reply code (RFC 1928 6) said as
    /// words; null for anything else, whose .NET text stays. .NET ships these texts in English only, and only .NET 9 and
    /// later append the reply code: on .NET 8 (PowerShell 7.4) it is read from <paramref name="replies"/>, what the proxy
    /// sent while the tunnel was set up (<see cref="TrackedConnectionStream.SocksReplies"/>). SOCKS4 has no credentials:
    /// see <see cref="Socks4Refusal"/>.
    /// </summary>
    public static string? SocksRefusal(Proxy proxy, Exception socks, ReadOnlySpan<byte> replies = default)
    {
        if (!proxy.IsSocks || socks.GetType().Name != "SocksException") return null;
        var message = socks.Message;
        if (!proxy.IsSocks5) return Socks4Refusal(message);
        if (message.StartsWith("SOCKS server did not return a suitable authentication method", StringComparison.Ordinal))
            return proxy.Username is null
                ? "it requires authentication and no credentials were given"
                : "it accepts neither user name and password nor no authentication";
        if (message.StartsWith("Failed to authenticate with the SOCKS server", StringComparison.Ordinal))
            return $"it rejected the credentials of user '{proxy.Username}'";
        var reply = SocksReplyCode.Match(message);
        if (!reply.Success) return null;
        var code = reply.Groups[1].Success
            ? Convert.ToByte(reply.Groups[1].Value, 16)
            : Socks5ConnectReplyCode(replies);
        var meaning = code switch
        {
            0x01 => "general SOCKS server failure",
            0x02 => "its rules do not allow this connection",
            0x03 => "could not connect: network unreachable",
            0x04 => "could not connect: host unreachable",
            0x05 => "could not connect: connection refused",
            0x06 => "could not connect: TTL expired",
            0x07 => "it does not support the CONNECT command",
            0x08 => "it does not support the address type",
            _ => null,
        };
        return meaning is null ? null : $"{meaning} (SOCKS5 reply 0x{code:X2})";
    }

    /// <summary>
    /// A SOCKS4 (socks4a) proxy's refusal said as curl says it, where .NET's text was a SOCKS5 one: its reply 0x5D (an
    /// identd on this machine that reports another user than the one sent) read "Failed to authenticate with the SOCKS
    /// server" of a proxy given no credentials, and 0x5B "failed to connect to the destination" of a request the proxy's
    /// rules may have refused. .NET 8 gives no code for 0x5B and 0x5C: said as 0x5B, the usual one.
    /// </summary>
    private static string? Socks4Refusal(string message)
    {
        if (message.StartsWith("Failed to authenticate with the SOCKS server", StringComparison.Ordinal))
            return "it rejected the request: the client program and identd report different user-ids (SOCKS4 reply 0x5D)";
        var reply = SocksReplyCode.Match(message);
        if (!reply.Success) return null;
        return (reply.Groups[1].Success ? Convert.ToByte(reply.Groups[1].Value, 16) : (byte)0x5B) switch
        {
            0x5B => "it rejected the request or could not connect (SOCKS4 reply 0x5B)",
            0x5C => "it rejected the request: it cannot connect to identd on this machine (SOCKS4 reply 0x5C)",
            _ => null,
        };
    }

    // SR.net_socks_connection_failed: "SOCKS server failed to connect to the destination.", to which .NET 9 and later
    // append " Received error code 0x05."
    private static readonly System.Text.RegularExpressions.Regex SocksReplyCode =
        new(@"^SOCKS server failed to connect to the destination\.(?: Received error code 0x([0-9A-Fa-f]{2}))?", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// The reply code of a SOCKS5 proxy's answer to CONNECT, from what it sent: its method choice (VER METHOD), then, for
    /// user name and password (method 2), its answer to them (VER STATUS, RFC 1929 2), then the CONNECT reply (VER REP
    /// ...), whose second byte is the code. Null if that reply is not there.
    /// </summary>
    internal static byte? Socks5ConnectReplyCode(ReadOnlySpan<byte> replies)
    {
        if (replies.Length < 2 || replies[0] != 5) return null;
        var connectReply = replies[1] == 2 ? 4 : 2;
        return replies.Length >= connectReply + 2 && replies[connectReply] == 5 ? replies[connectReply + 1] : null;
    }

    /// <summary>
    /// What a 407 from <paramref name="proxy"/> means, for a forwarded request and a refused CONNECT tunnel alike:
    /// whose credentials were refused, or that none were given.
    /// </summary>
    public static string Rejection(Proxy proxy) => "407 Proxy Authentication Required: " + (proxy.Username is null
        ? "it requires authentication and no credentials were given"
        : $"it rejected the credentials of user '{proxy.Username}'");
}
