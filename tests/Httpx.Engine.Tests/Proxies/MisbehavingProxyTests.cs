namespace Httpx.Tests.Proxies;

/// <summary>
/// What a user reads when the proxy itself misbehaves while it sets up a CONNECT tunnel (an https URL through an HTTP
/// proxy): the exception type is httpcore's for the same failure, and the message names the proxy (without its
/// password), not the server, which nothing reached.
/// </summary>
public class MisbehavingProxyTests
{
    private static Httpx.Client Through(string proxy, int retries = 0) =>
        new(new ClientOptions { Proxy = proxy, TrustEnv = false, Timeout = new Timeout(10), Retries = retries });

    [Fact]
    public async Task A_proxy_that_closes_before_answering_the_CONNECT_is_a_RemoteProtocolException_naming_it()
    {
        // httpcore: RemoteProtocolError("Server disconnected without sending a response."), which names nobody.
        using var proxy = new MisbehavingProxy("");
        await using var client = Through(proxy.Url.Replace("://", "://user:closed-secret@"));
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal($"Proxy http://user:[secure]@127.0.0.1:{proxy.Port} closed the connection without answering the CONNECT to 127.0.0.1:9 (GET https://127.0.0.1:9/x)", e.Message);
        Assert.DoesNotContain("closed-secret", e.ToString());
    }

    [Fact]
    public async Task A_proxy_that_closes_in_the_middle_of_its_CONNECT_answer_is_named()
    {
        using var proxy = new MisbehavingProxy("HTTP/1.1 200 Conn");
        await using var client = Through(proxy.Url);
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal($"Proxy {proxy.Url} closed the connection without answering the CONNECT to 127.0.0.1:9 (GET https://127.0.0.1:9/x)", e.Message);
    }

    [Fact]
    public async Task A_proxy_answering_the_CONNECT_with_no_HTTP_is_named()
    {
        // httpcore: RemoteProtocolError (h11 refuses the status line).
        using var proxy = new MisbehavingProxy("SSH-2.0-OpenSSH_9.0\r\n");
        await using var client = Through(proxy.Url);
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal($"Proxy {proxy.Url} sent an invalid answer to the CONNECT to 127.0.0.1:9: Received an invalid status line: 'SSH-2.0-OpenSSH_9.0'. (GET https://127.0.0.1:9/x)", e.Message);
    }

    [Fact]
    public async Task A_proxy_that_closes_before_answering_a_forwarded_request_is_named_not_the_server()
    {
        // An http:// URL goes to the proxy as a request for it to forward: "Server disconnected without sending a complete
        // response" named nobody but read as the server's doing, which nothing had reached (a proxy URL naming a SOCKS
        // port, as dante closes an HTTP request so).
        using var proxy = new MisbehavingProxy("");
        await using var client = Through(proxy.Url.Replace("://", "://user:forward-secret@"));
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => client.GetAsync("http://127.0.0.1:9/x"));
        Assert.Equal($"Proxy http://user:[secure]@127.0.0.1:{proxy.Port} disconnected without sending a response to the request it was to forward (GET http://127.0.0.1:9/x)", e.Message);
        Assert.DoesNotContain("forward-secret", e.ToString());
    }

    [Fact]
    public async Task A_proxy_answering_a_forwarded_request_with_no_HTTP_is_named()
    {
        using var proxy = new MisbehavingProxy("SSH-2.0-OpenSSH_9.0\r\n");
        await using var client = Through(proxy.Url);
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => client.GetAsync("http://127.0.0.1:9/x"));
        Assert.Equal($"Proxy {proxy.Url} sent an invalid HTTP response to the request it was to forward: Received an invalid status line: 'SSH-2.0-OpenSSH_9.0'. (GET http://127.0.0.1:9/x)", e.Message);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_proxy_that_closes_without_answering_the_CONNECT_gets_one_CONNECT(bool credentials, bool sync)
    {
        // httpcore and curl send one CONNECT and fail. .NET's handler sent its CONNECT again on new connections, and the
        // request again with new CONNECTs of its own: one GET made 16 CONNECTs, each on a connection of its own.
        var connects = 0;
        using var proxy = new TestServer.ScriptedServer(async connection =>
        {
            if (await connection.ReadHeadAsync() is { } head && head.StartsWith("CONNECT ", StringComparison.Ordinal)) Interlocked.Increment(ref connects);
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });
        await using var client = Through(credentials ? proxy.Url.Replace("://", "://user:once-secret@") : proxy.Url, retries: 2);
        var e = sync
            ? Assert.Throws<RemoteProtocolException>(() => client.Get("https://127.0.0.1:9/x"))
            : await Assert.ThrowsAsync<RemoteProtocolException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal(1, Volatile.Read(ref connects));
        Assert.Equal(1, proxy.Accepted);
        var named = credentials ? $"http://user:[secure]@127.0.0.1:{proxy.Port}" : proxy.Url;
        Assert.Equal($"Proxy {named} closed the connection without answering the CONNECT to 127.0.0.1:9 (GET https://127.0.0.1:9/x)", e.Message);
        Assert.DoesNotContain("once-secret", e.ToString());
    }

    [Fact]
    public async Task A_CONNECT_answered_with_a_407_on_a_connection_the_proxy_closes_is_sent_again_on_a_new_one()
    {
        // Not a CONNECT without an answer: the handler answers the 407 with the credentials on a new connection, which
        // the refusal of unanswered CONNECTs leaves alone.
        var heads = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var proxy = new TestServer.ScriptedServer(async connection =>
        {
            if (await connection.ReadHeadAsync() is not { } head) return;
            heads.Enqueue(head);
            await connection.SendAsync(connection.Number == 1
                ? "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                : "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });
        await using var client = Through(proxy.Url.Replace("://", "://user:pw@"));
        var e = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Contains("403 Forbidden", e.Message);
        Assert.Equal(2, heads.Count);
        Assert.All(heads, head => Assert.StartsWith("CONNECT 127.0.0.1:9 HTTP/1.1\r\n", head));
    }

    [SkippableFact]
    public async Task A_proxy_URL_without_a_port_goes_to_port_80_and_its_errors_say_so()
    {
        // http://proxy is port 80, as in HTTPX (the scheme's default): its 407 and its refusal named 'http://127.0.0.1',
        // and a user whose proxy listens on 3128 or 8080 could not tell which port had been tried.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 80);
        System.Net.Sockets.SocketError? cannot = null;
        try { listener.Start(); }
        catch (System.Net.Sockets.SocketException e) { cannot = e.SocketErrorCode; }
        Skip.If(cannot is not null, $"port 80 of 127.0.0.1 cannot be listened on here ({cannot})");
        await using var client = Through("http://user:port-secret@127.0.0.1");
        var answering = AnswerEachAsync(listener, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"p\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        try
        {
            var e = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("https://127.0.0.1:9/x"));
            Assert.StartsWith("Proxy http://user:[secure]@127.0.0.1 on its default port 80 refused to open a tunnel to 127.0.0.1:9: 407 Proxy Authentication Required", e.Message);
        }
        finally
        {
            listener.Stop();
            await answering;
        }
        var refused = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal("Connection refused by proxy http://user:[secure]@127.0.0.1 on its default port 80 (GET https://127.0.0.1:9/x)", refused.Message);
        Assert.DoesNotContain("port-secret", refused.ToString());
    }

    // Answers the request head of each connection it accepts with answer, and closes it, until the listener stops.
    private static async Task AnswerEachAsync(System.Net.Sockets.TcpListener listener, string answer)
    {
        while (true)
        {
            System.Net.Sockets.Socket socket;
            try { socket = await listener.AcceptSocketAsync(); }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            using (socket)
            {
                if (await TestServer.RequestHead.ReadAsync(socket) is null) continue;
                await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(answer), System.Net.Sockets.SocketFlags.None);
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
            }
        }
    }

    [Fact]
    public async Task A_proxy_that_resets_the_connection_of_a_CONNECT_is_named_not_the_server()
    {
        using var proxy = new MisbehavingProxy(new MisbehavingProxy.Reply("", Reset: true));
        await using var client = Through(proxy.Url);
        var e = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.StartsWith($"Could not connect to 127.0.0.1:9 through proxy {proxy.Url}: ", e.Message);
    }

    [Fact]
    public async Task A_proxy_that_closes_the_tunnel_after_its_200_is_named_in_the_TLS_failure()
    {
        // httpcore: ConnectError from the TLS handshake ("EOF occurred in violation of protocol").
        using var proxy = new MisbehavingProxy("HTTP/1.1 200 Connection established\r\n\r\n");
        await using var client = Through(proxy.Url);
        var e = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.StartsWith($"TLS handshake with 127.0.0.1:9 through proxy {proxy.Url} failed: ", e.Message);
    }

    [Theory]
    [InlineData("HTTPS_PROXY")]
    [InlineData("https_proxy")]
    [InlineData("ALL_PROXY")]
    public async Task A_failure_of_an_environment_proxy_names_the_variable_it_came_from(string variable)
    {
        // The user never typed that proxy: "Connection refused by proxy http://127.0.0.1:1" sent them looking for it in
        // their script. curl -v says "Uses proxy env variable https_proxy"; httpx says nothing of it.
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        await using var client = new Httpx.Client(new ClientOptions(), new Dictionary<string, string?> { [variable] = $"http://user:env-secret@127.0.0.1:{port}" });
        var e = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal($"Connection refused by proxy http://user:[secure]@127.0.0.1:{port} (from the environment variable {variable}) (GET https://127.0.0.1:9/x)", e.Message);
        Assert.DoesNotContain("env-secret", e.ToString());
    }

    [Fact]
    public async Task A_CONNECT_refused_by_an_environment_proxy_names_the_variable()
    {
        using var proxy = new MisbehavingProxy("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        await using var client = new Httpx.Client(new ClientOptions(), new Dictionary<string, string?> { ["HTTPS_PROXY"] = proxy.Url });
        var e = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Equal($"Proxy {proxy.Url} (from the environment variable HTTPS_PROXY) refused to open a tunnel to 127.0.0.1:9: 403 Forbidden (GET https://127.0.0.1:9/x)", e.Message);
    }

    [Fact]
    public async Task A_CONNECT_to_an_IPv6_origin_is_sent_for_its_request()
    {
        // The handler's CONNECT names an IPv6 origin in brackets ("[::1]:9", as its Host), as TunnelWaiters must to find
        // the request waiting for that tunnel (once, it refused such tunnels before any byte went to the proxy).
        using var proxy = new MisbehavingProxy("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        await using var client = Through(proxy.Url);
        var e = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("https://[::1]:9/x"));
        Assert.Equal($"Proxy {proxy.Url} refused to open a tunnel to [::1]:9: 403 Forbidden (GET https://[::1]:9/x)", e.Message);
        Assert.Equal(1, proxy.Accepted);
    }
}
