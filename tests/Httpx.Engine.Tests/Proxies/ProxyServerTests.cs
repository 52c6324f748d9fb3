using Httpx.TestServer;

namespace Httpx.Tests.Proxies;

/// <summary>Requests through real proxy servers on loopback: squid (HTTP forwarding, CONNECT, Basic auth) and dante (SOCKS5).</summary>
public class ProxyServerTests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public ProxyServerTests(ServerFixture fixture) => _server = fixture.Server;

    private Httpx.Client Through(object proxy) =>
        new(new ClientOptions { Proxy = proxy, Verify = _server.CaPemPath, TrustEnv = false });

    private static string Header(Response response, string name) =>
        response.Json()!["headers"]![name]?.ToJsonString() ?? "";

    [SkippableFact]
    public void Http_request_is_forwarded_by_squid()
    {
        ProxyServers.Require(ProxyServers.Squid);
        using var client = Through(ProxyServers.Squid);
        var response = client.Get(_server.HttpUrl + "/get?via=squid");
        Assert.Equal(200, response.StatusCode);
        Assert.Contains("squid", Header(response, "Via"));
        Assert.Contains("squid", response.Json()!["args"]!["via"]!.ToJsonString());
    }

    [SkippableFact]
    public void An_environment_proxy_with_a_path_is_used_without_it()
    {
        // HTTPS_PROXY=http://proxy:3128/some/path was an error that stopped every call, where HTTPX, Python's urllib,
        // curl and Go all connect to proxy:3128 and ignore the rest: the variable is shared with every tool.
        ProxyServers.Require(ProxyServers.SquidAuth);
        var proxy = ProxyServers.WithCredentials(ProxyServers.SquidAuth, ProxyServers.User, ProxyServers.Password) + "/some/path?x=1#top";
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath },
            new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy, ["HTTPS_PROXY"] = proxy });
        var route = client.ProxyFor(new Url(_server.HttpsUrl));
        Assert.Equal(ProxyServers.SquidAuth.Replace("://", $"://{ProxyServers.User}:[secure]@", StringComparison.Ordinal), route.Proxy);
        Assert.Equal("environment variable HTTPS_PROXY", route.Reason);
        var forwarded = client.Get(_server.HttpUrl + "/get");
        Assert.Equal(200, forwarded.StatusCode);
        Assert.Contains("squid", Header(forwarded, "Via"));
        Assert.Equal(200, client.Get(_server.HttpsUrl + "/get").StatusCode);
    }

    [SkippableFact]
    public void Http2_only_client_through_a_forwarding_proxy_is_not_told_of_a_TLS_handshake()
    {
        // An http:// URL through an HTTP proxy is forwarded over HTTP/1.1: with HTTP/1.1 off the handler refuses it
        // before any connection, so no TLS handshake took place and none may be blamed.
        ProxyServers.Require(ProxyServers.Squid);
        using var client = new Httpx.Client(new ClientOptions { Proxy = ProxyServers.Squid, TrustEnv = false, Http1 = false, Http2 = true });
        var error = Assert.ThrowsAny<HttpxException>(() => client.Get(_server.HttpUrl + "/get"));
        Assert.DoesNotContain("TLS", error.Message);
        Assert.Contains("forwards an http:// request over HTTP/1.1, and HTTP/1.1 is switched off", error.Message);
        Assert.Contains(_server.HttpUrl + "/get", error.Message);
    }

    [SkippableFact]
    public void Https_request_goes_through_a_squid_connect_tunnel()
    {
        ProxyServers.Require(ProxyServers.Squid);
        using var client = Through(ProxyServers.Squid);
        var response = client.Get(_server.HttpsUrl + "/get");
        Assert.Equal(200, response.StatusCode);
        // End-to-end TLS: squid sees only the tunnel, so it cannot add Via.
        Assert.Equal("", Header(response, "Via"));
    }

    [SkippableFact]
    public void Proxy_basic_auth_from_the_url_works_for_forwarding_and_tunnels()
    {
        ProxyServers.Require(ProxyServers.SquidAuth);
        using var client = Through(ProxyServers.WithCredentials(ProxyServers.SquidAuth, ProxyServers.User, ProxyServers.Password));
        var forwarded = client.Get(_server.HttpUrl + "/get");
        Assert.Equal(200, forwarded.StatusCode);
        Assert.Contains("squid", Header(forwarded, "Via"));
        // The proxy's credentials are for the proxy: the server never sees them.
        Assert.Equal("", Header(forwarded, "Proxy-Authorization"));
        Assert.Equal(200, client.Get(_server.HttpsUrl + "/get").StatusCode);
    }

    [Fact]
    public async Task A_CONNECT_carries_the_proxys_credentials_from_the_start()
    {
        // As httpcore's and curl's CONNECT: the handler sent Proxy-Authorization only in answer to a 407, one more round
        // trip for every tunnel and a 407 in the proxy's log for each. This proxy refuses with a 403, which gets no second try.
        var heads = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var proxy = new ScriptedServer(async connection =>
        {
            while (await connection.ReadHeadAsync() is { } head)
            {
                heads.Enqueue(head);
                await connection.SendAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            }
        });
        await using var client = Through($"http://proxyuser:p%40ss%3Aw@127.0.0.1:{proxy.Port}");
        var error = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("https://127.0.0.1:9/x"));
        Assert.Contains("403 Forbidden", error.Message);
        var connect = Assert.Single(heads);
        Assert.StartsWith("CONNECT 127.0.0.1:9 HTTP/1.1\r\n", connect);
        Assert.Contains("\r\nProxy-Authorization: Basic " + Convert.ToBase64String("proxyuser:p@ss:w"u8), connect);
    }

    [Theory]
    [InlineData("/truncated", "Server disconnected without sending the complete response body through proxy {0}: received 10 bytes, expected 100")]
    [InlineData("/reset-mid-body", "The connection broke while reading the response through proxy {0}: ")]
    public void A_response_body_cut_through_a_proxy_names_the_proxy_without_the_password(string path, string expected)
    {
        // The raw server forwards nothing: as the proxy, it answers the forwarded request itself and cuts its body. Once
        // the request was on its way the message named the server alone, where a proxy that cuts long transfers is a
        // usual cause.
        var proxy = _server.RawTcpUrl.Replace("://", "://user:cut-secret@", StringComparison.Ordinal);
        using var client = Through(proxy);
        var error = Assert.ThrowsAny<HttpxException>(() => client.Get(_server.RawTcpUrl + path));
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, _server.RawTcpUrl.Replace("://", "://user:[secure]@", StringComparison.Ordinal)), error.Message);
        Assert.EndsWith($"(GET {_server.RawTcpUrl}{path})", error.Message);
        Assert.DoesNotContain("cut-secret", error.ToString());
    }

    [SkippableTheory]
    [InlineData("/delay/3000", "waiting for the response through proxy")]
    [InlineData("/drip?chunks=2&delay_ms=3000", "waiting for more of the response body through proxy")]
    public void A_read_timeout_through_a_proxy_names_the_proxy_without_the_password(string path, string expected)
    {
        // The wait may be the proxy's (squid holding a slow origin's answer): it was said as the server's alone.
        ProxyServers.Require(ProxyServers.Squid);
        var proxy = ProxyServers.Squid.Replace("://", "://user:slow-secret@", StringComparison.Ordinal);
        using var client = new Httpx.Client(new ClientOptions { Proxy = proxy, TrustEnv = false, Timeout = new Timeout(5) { Read = 0.5 } });
        var error = Assert.Throws<ReadTimeoutException>(() => client.Get(_server.HttpUrl + path));
        // A body's timeout goes on, after the proxy, with how much of the body came and how to wait longer.
        Assert.Contains($"{expected} {ProxyServers.Squid.Replace("://", "://user:[secure]@", StringComparison.Ordinal)}", error.Message);
        Assert.EndsWith($" (GET {_server.HttpUrl}{path})", error.Message);
        Assert.DoesNotContain("slow-secret", error.ToString());
    }

    [SkippableFact]
    public void Proxy_auth_given_to_a_Proxy_object_works()
    {
        ProxyServers.Require(ProxyServers.SquidAuth);
        using var client = Through(new Proxy(ProxyServers.SquidAuth, auth: (ProxyServers.User, ProxyServers.Password)));
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
    }

    [SkippableFact]
    public void A_forwarded_request_carries_the_proxys_headers_unless_it_sets_the_same_header_itself()
    {
        // As httpcore's forwarding: the proxy's header is added only where the request has none of that name; with both
        // sent, the request's own value did not win.
        ProxyServers.Require(ProxyServers.Squid);
        using var client = Through(new Proxy(ProxyServers.Squid, headers: new Dictionary<string, string> { ["X-Proxy-Tag"] = "ops" }));
        Assert.Equal("[\"ops\"]", Header(client.Get(_server.HttpUrl + "/get"), "X-Proxy-Tag"));
        var own = client.Get(_server.HttpUrl + "/get", new RequestOptions { Headers = new Dictionary<string, string> { ["X-Proxy-Tag"] = "mine" } });
        Assert.Equal("[\"mine\"]", Header(own, "X-Proxy-Tag"));
    }

    [SkippableFact]
    public void A_407_on_a_forwarded_request_is_a_ProxyException_naming_the_proxy_without_the_password()
    {
        ProxyServers.Require(ProxyServers.SquidAuth);
        using var client = Through(ProxyServers.WithCredentials(ProxyServers.SquidAuth, ProxyServers.User, "wrong-secret"));
        var error = Assert.Throws<ProxyException>(() => client.Get(_server.HttpUrl + "/get"));
        Assert.Equal("ProxyError", error.ErrorName);
        Assert.Contains(new Uri(ProxyServers.SquidAuth).Authority, error.Message);
        Assert.Contains("407", error.Message);
        Assert.Contains(ProxyServers.User, error.Message);
        Assert.DoesNotContain("wrong-secret", error.Message);

        using var anonymous = Through(ProxyServers.SquidAuth);
        var noCredentials = Assert.Throws<ProxyException>(() => anonymous.Get(_server.HttpUrl + "/get"));
        Assert.Contains("no credentials", noCredentials.Message);
    }

    [SkippableFact]
    public void A_refused_connect_tunnel_is_a_ProxyException_naming_the_proxy_without_the_password()
    {
        ProxyServers.Require(ProxyServers.SquidAuth);
        using var client = Through(ProxyServers.WithCredentials(ProxyServers.SquidAuth, ProxyServers.User, "wrong-secret"));
        var error = Assert.Throws<ProxyException>(() => client.Get(_server.HttpsUrl + "/get"));
        Assert.Contains(new Uri(ProxyServers.SquidAuth).Authority, error.Message);
        Assert.Contains("407 Proxy Authentication Required", error.Message);
        Assert.DoesNotContain("wrong-secret", error.Message);
        // Said as for a forwarded request: whose credentials were refused, or that none were given.
        Assert.Contains($"it rejected the credentials of user '{ProxyServers.User}'", error.Message);

        using var anonymous = Through(ProxyServers.SquidAuth);
        var noCredentials = Assert.Throws<ProxyException>(() => anonymous.Get(_server.HttpsUrl + "/get"));
        Assert.Contains("407 Proxy Authentication Required: it requires authentication and no credentials were given", noCredentials.Message);
    }

    [SkippableTheory]
    [InlineData("10.255.255.1", 443, "403 Forbidden")]         // squid's rules allow loopback destinations only
    [InlineData("127.0.0.1", 9, "503 Service Unavailable")]    // nothing listens there: squid cannot connect
    public void A_connect_tunnel_the_proxy_refuses_is_a_ProxyException_naming_its_status_and_reason(string host, int port, string status)
    {
        // As httpcore's ProxyError for a CONNECT that is not answered 2xx ("403 Permission Denied"): the status and its
        // reason, where the message was .NET's "failed with status code '403'."" (the code alone, and a stray quote).
        ProxyServers.Require(ProxyServers.Squid);
        using var client = Through(ProxyServers.Squid);
        var url = port == 443 ? $"https://{host}/get" : $"https://{host}:{port}/get";
        var error = Assert.Throws<ProxyException>(() => client.Get(url));
        Assert.Equal($"Proxy {ProxyServers.Squid} refused to open a tunnel to {host}:{port}: {status} (GET {url})", error.Message);
    }

    [SkippableFact]
    public void Socks5_through_dante_to_http_and_https()
    {
        ProxyServers.Require(ProxyServers.Socks5);
        using var client = Through(ProxyServers.Socks5);
        var response = client.Get(_server.HttpUrl + "/get");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("", Header(response, "Via"));
        Assert.Equal(200, client.Get(_server.HttpsUrl + "/get").StatusCode);
    }

    [SkippableTheory]
    [InlineData("127.0.0.1", 9, "could not connect: connection refused (SOCKS5 reply 0x05)")]              // nothing listens there
    [InlineData("10.255.255.1", 443, "its rules do not allow this connection (SOCKS5 reply 0x02)")]   // dante passes loopback only
    public void A_socks5_connect_the_proxy_refuses_is_a_ProxyException_saying_what_its_reply_means(string host, int port, string why)
    {
        // As httpcore's ProxyError ("Proxy Server could not connect: Connection refused."), where the message was .NET's
        // "failed to connect to the destination. Received error code 0x05.", which leaves the code to be looked up.
        ProxyServers.Require(ProxyServers.Socks5);
        using var client = Through(ProxyServers.Socks5);
        var url = port == 443 ? $"https://{host}/get" : $"https://{host}:{port}/get";
        var error = Assert.Throws<ProxyException>(() => client.Get(url));
        Assert.Equal($"Proxy {ProxyServers.Socks5} failed to open a tunnel to {host}:{port}: {why} (GET {url})", error.Message);
    }

    [SkippableFact]
    public void A_socks5_proxy_URL_without_a_port_goes_to_1080_and_its_errors_say_so()
    {
        // socks5://host is port 1080, as in httpcore (socks5 and socks5h) and curl: dante answers there. Its errors named
        // 'socks5://127.0.0.1', which leaves a user whose proxy listens on 9050 or 1081 to guess the port that was tried.
        ProxyServers.Require(ProxyServers.Socks5);
        Skip.IfNot(new Uri(ProxyServers.Socks5).Port == 1080, $"the SOCKS5 proxy ({ProxyServers.Socks5}) is not on port 1080");
        var host = new Uri(ProxyServers.Socks5).Host;
        using var client = Through($"socks5://{host}");
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
        var error = Assert.Throws<ProxyException>(() => client.Get("https://127.0.0.1:9/get"));
        Assert.Equal($"Proxy socks5://{host} on its default port 1080 failed to open a tunnel to 127.0.0.1:9: could not connect: connection refused (SOCKS5 reply 0x05) (GET https://127.0.0.1:9/get)", error.Message);
    }

    [Fact]
    public async Task A_socks5_proxy_refusing_the_authentication_says_whose_credentials_or_that_none_were_given()
    {
        // As a 407 from an HTTP proxy says it; httpcore's ProxyError names the method asked for and the one offered.
        await using var socks = new MiniSocks5Server(account: ("sockuser", "pw"));
        using (var anonymous = Through($"socks5://127.0.0.1:{socks.Port}"))
        {
            var error = Assert.Throws<ProxyException>(() => anonymous.Get(_server.HttpUrl + "/get"));
            Assert.StartsWith($"Proxy socks5://127.0.0.1:{socks.Port} failed to open a tunnel to 127.0.0.1:", error.Message);
            Assert.Contains(": it requires authentication and no credentials were given (GET ", error.Message);
        }
        using var wrong = Through($"socks5://sockuser:bad-secret@127.0.0.1:{socks.Port}");
        var rejected = Assert.Throws<ProxyException>(() => wrong.Get(_server.HttpUrl + "/get"));
        Assert.Contains(": it rejected the credentials of user 'sockuser' (GET ", rejected.Message);
        Assert.DoesNotContain("bad-secret", rejected.ToString());
    }

    [Fact]
    public async Task A_socks5_connect_refused_after_authentication_says_what_its_reply_means()
    {
        // The reply code comes after the method choice and the credentials' answer: the one that matters is the CONNECT's
        // (.NET 8 does not say it; the engine reads it from what the proxy sent). Asynchronous, where dante's are not.
        await using var socks = new MiniSocks5Server(account: ("sockuser", "pw"));
        using var client = Through($"socks5://sockuser:pw@127.0.0.1:{socks.Port}");
        var error = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("https://127.0.0.1:9/get"));
        Assert.EndsWith(" failed to open a tunnel to 127.0.0.1:9: could not connect: connection refused (SOCKS5 reply 0x05) (GET https://127.0.0.1:9/get)", error.Message);
    }

    [Theory]
    [InlineData(0x5D, "it rejected the request: the client program and identd report different user-ids (SOCKS4 reply 0x5D)")]
    [InlineData(0x5B, "it rejected the request or could not connect (SOCKS4 reply 0x5B)")]
    public async Task A_socks4_refusal_says_what_its_reply_means(byte code, string why)
    {
        // SOCKS4 has no credentials: its reply 0x5D is an identd that reports another user, which .NET reports with the
        // text of a SOCKS5 authentication failure ("it rejected the credentials of user ''" for a proxy given none, then
        // .NET's "Failed to authenticate with the SOCKS server."); 0x5B was .NET's "SOCKS server failed to connect to the
        // destination. Received error code 0x5B.". Said as curl says them, as a SOCKS5 refusal is.
        await using var server = new TestServer.ScriptedServer(async connection =>
        {
            var request = new byte[512];
            var length = 0;
            // VN CD DSTPORT DSTIP USERID NUL: read up to the NUL after the 8 fixed bytes.
            // A client that closes first fails the test through FirstServed (it spun on empty reads until disposed).
            while (length <= 8 || Array.IndexOf(request, (byte)0, 8, length - 8) < 0)
            {
                var read = await connection.Socket.ReceiveAsync(request.AsMemory(length), System.Net.Sockets.SocketFlags.None, connection.Stopping);
                if (read == 0) throw new InvalidDataException($"The client closed after {length} bytes, before its SOCKS4 request ended.");
                length += read;
            }
            await connection.SendAsync(new byte[] { 0, code, 0, 0, 0, 0, 0, 0 });
        }, maxConnections: 1);
        var port = server.Port;
        using var client = Through($"socks4://127.0.0.1:{port}");
        var error = await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync("http://127.0.0.1:9/get"));
        await server.FirstServed.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal($"Proxy socks4://127.0.0.1:{port} failed to open a tunnel to 127.0.0.1:9: {why} (GET http://127.0.0.1:9/get)", error.Message);
    }

    [SkippableFact]
    public void The_raw_target_goes_through_squid_forwarding_and_a_socks5_resolved_here()
    {
        // Forwarding sends the absolute form; socks5:// resolves localhost here and sends to the IP. Either way the
        // server gets the URL's raw path and query, not a canonicalised one (%7e, %zz kept).
        const string target = "/anything/%7e/x?q=%zz";
        ProxyServers.Require(ProxyServers.Squid);
        using (var squid = Through(ProxyServers.Squid))
        {
            var forwarded = squid.Get(_server.HttpUrl + target);
            Assert.Contains("squid", Header(forwarded, "Via"));
            Assert.EndsWith(target, forwarded.Json()!["raw_target"]!.GetValue<string>());
        }
        ProxyServers.Require(ProxyServers.Socks5);
        using var socks = Through(ProxyServers.Socks5);
        Assert.Equal(target, socks.Get(_server.HttpsUrl + target).Json()!["raw_target"]!.GetValue<string>());   // https://localhost:PORT
    }

    [SkippableFact]
    public void Socks5h_through_dante_lets_the_proxy_resolve_localhost()
    {
        ProxyServers.Require(ProxyServers.Socks5);
        using var client = Through(ProxyServers.Socks5.Replace("socks5://", "socks5h://", StringComparison.Ordinal));
        Assert.Equal(200, client.Get(_server.HttpsUrl + "/get").StatusCode);   // https://localhost:PORT
    }

    [SkippableFact]
    public void Socks4_through_dante_resolves_localhost_here()
    {
        // (dante 1.4.2 refuses socks4a names here, curl's too: socks4a is tested against MiniSocks5Server.)
        ProxyServers.Require(ProxyServers.Socks5);
        using var client = Through(ProxyServers.Socks5.Replace("socks5://", "socks4://", StringComparison.Ordinal));
        Assert.Equal(200, client.Get(_server.HttpsUrl + "/get").StatusCode);
    }

    [SkippableFact]
    public async Task Https_proxy_speaks_tls_to_the_proxy_itself()
    {
        ProxyServers.Require(ProxyServers.Squid);
        await using var relay = new TlsProxyRelay(ProxyServers.Squid);
        var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection { _server.CaCertificate, relay.Certificate };
        using var client = new Httpx.Client(new ClientOptions { Proxy = relay.Url, Verify = roots, TrustEnv = false });
        var forwarded = client.Get(_server.HttpUrl + "/get");
        Assert.Equal(200, forwarded.StatusCode);
        Assert.Contains("squid", Header(forwarded, "Via"));
        Assert.Equal(200, client.Get(_server.HttpsUrl + "/get").StatusCode);

        // The proxy's certificate is checked like a server's.
        using var untrusting = new Httpx.Client(new ClientOptions { Proxy = relay.Url, Verify = _server.CaPemPath, TrustEnv = false });
        var error = Assert.Throws<ConnectException>(() => untrusting.Get(_server.HttpUrl + "/get"));
        Assert.Contains("not trusted", error.Message);
    }

    [SkippableFact]
    public async Task Tunnelled_connections_are_kept_alive_only_as_the_limits_allow()
    {
        // As LimitsTests' direct case: with MaxKeepAliveConnections = 0 each connection closes once its response is read.
        // A CONNECT tunnel's kept all of them open (the engine never learnt which exchange a tunnel carried).
        ProxyServers.Require(ProxyServers.Squid);
        using var transport = new HttpTransport(new HttpTransportOptions
        {
            Proxy = new Proxy(ProxyServers.Squid), Verify = _server.CaPemPath, Limits = new Limits { MaxKeepAliveConnections = 0 },
        });
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, TrustEnv = false });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await client.GetAsync(_server.HttpsUrl + "/get")).StatusCode);
            Assert.Equal(0, transport.OpenConnections);
        }
    }

    [SkippableFact]
    public async Task A_tunnelled_request_the_handler_sends_again_gets_its_tunnel()
    {
        // With MaxKeepAliveConnections 0 the pool closes each connection after its response, and the handler at times hands
        // one to the next request before it sees it closed: that request is sent again by the handler, on a new tunnel and
        // with its headers already written, so that by its timer it no longer waits for a connection: its tunnel must still
        // be set up for it (once, it was refused). Many at once, to several origins, for the race; limits that a loaded
        // machine does not reach.
        ProxyServers.Require(ProxyServers.Squid);
        using var transport = new HttpTransport(new HttpTransportOptions
        {
            Proxy = new Proxy(ProxyServers.Squid), Verify = _server.CaPemPath, Limits = new Limits { MaxKeepAliveConnections = 0 },
        });
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, TrustEnv = false, Timeout = new Timeout(30) });
        var port = new Uri(_server.HttpsUrl).Port;
        string[] origins = [$"https://localhost:{port}", $"https://127.0.0.1:{port}", $"https://localhost.:{port}"];
        for (var round = 0; round < 12; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
            {
                try { return (await client.GetAsync($"{origins[i % origins.Length]}/delay/{i % 5 * 20}")).StatusCode.ToString(); }
                catch (HttpException e) { return e.Message; }
            }));
            Assert.True(results.All(r => r == "200"), string.Join("\n", results.Where(r => r != "200")));
        }
    }

    [SkippableTheory]
    [InlineData("squid", "localhost")]      // CONNECT tunnel
    [InlineData("socks5h", "localhost")]    // the name sent to dante
    [InlineData("socks5", "127.0.0.1")]     // an IP: nothing to resolve here
    [InlineData("socks4", "localhost")]     // the handler resolves it when it connects
    public async Task Http2_requests_through_a_proxy_to_an_origin_still_connecting_share_its_one_connection(string proxyKind, string host)
    {
        // As LimitsTests' direct case: with one connection allowed, 20 requests to an https origin that speaks HTTP/2 go
        // out together on the one connection its first request makes; the server holds each until all 20 are in flight.
        // Through socks5:// with an IP they went one at a time (every socks5:// request took a connection slot of its own),
        // and those behind the first met their pool timeout.
        var proxy = proxyKind == "squid" ? ProxyServers.Squid
            : ProxyServers.Socks5.Replace("socks5://", proxyKind + "://", StringComparison.Ordinal);
        ProxyServers.Require(proxy);
        const int n = 20;
        var key = Guid.NewGuid().ToString("N");
        using var transport = new HttpTransport(new HttpTransportOptions
        {
            Http2 = true, Verify = _server.CaPemPath, Proxy = new Proxy(proxy), Limits = new Limits { MaxConnections = 1 },
        });
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(30) { Pool = 10 } });
        var origin = _server.HttpsUrl.Replace("localhost", host, StringComparison.Ordinal);
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(_ =>
            client.GetAsync($"{origin}/inflight?wait_for={n}&timeout_ms=20000&key={key}")));
        Assert.All(results, r => Assert.Equal("HTTP/2", r.HttpVersion));
        Assert.All(results, r => Assert.True(r.Json()!["reached"]!.GetValue<bool>()));
        Assert.Single(results.Select(r => r.Json()!["connection"]!.GetValue<string>()).Distinct());
    }

    [SkippableFact]
    public async Task Http2_requests_through_socks5_to_a_name_resolved_here_take_a_connection_each()
    {
        // A name resolved here may give another IP next time, and the handler would open another connection for it: so
        // these requests are not counted as one connection, and with one allowed they go one at a time (as the help says).
        var proxy = ProxyServers.Socks5;
        ProxyServers.Require(proxy);
        var key = Guid.NewGuid().ToString("N");
        using var transport = new HttpTransport(new HttpTransportOptions
        {
            Http2 = true, Verify = _server.CaPemPath, Proxy = new Proxy(proxy), Limits = new Limits { MaxConnections = 1 },
        });
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(30) });
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.GetAsync($"{_server.HttpsUrl}/inflight?wait_for=2&timeout_ms=300&key={key}")));   // https://localhost:PORT
        Assert.All(results, r => Assert.Equal("HTTP/2", r.HttpVersion));
        Assert.All(results, r => Assert.Equal(1, r.Json()!["in_flight_max"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Socks5_resolves_names_here_and_socks5h_sends_them_to_the_proxy()
    {
        await using var socks = new MiniSocks5Server();
        var url = _server.HttpsUrl + "/get";   // https://localhost:PORT, certificate for localhost

        using (var local = Through($"socks5://127.0.0.1:{socks.Port}"))
            Assert.Equal(200, local.Get(url).StatusCode);   // TLS still checks the name "localhost"
        Assert.True(socks.Requests.TryDequeue(out var resolvedHere));
        Assert.Equal(("ipv4", "127.0.0.1"), (resolvedHere.AddressType, resolvedHere.Host));

        using (var remote = Through($"socks5h://127.0.0.1:{socks.Port}"))
            Assert.Equal(200, remote.Get(url).StatusCode);
        Assert.True(socks.Requests.TryDequeue(out var resolvedThere));
        Assert.Equal(("domain", "localhost"), (resolvedThere.AddressType, resolvedThere.Host));
    }

    // socks4:// and socks5:// resolve the name here and connect to the address: the request must still name the URL's
    // host (a virtual host's), not the address it went to. (socks5:// hands the handler a URL with the IP, so the name
    // goes back in as the Host header.)
    [Theory]
    [InlineData("socks4")]
    [InlineData("socks5")]
    public async Task A_proxy_that_resolves_the_name_here_keeps_it_in_the_Host_header(string scheme)
    {
        await using var socks = new MiniSocks5Server();
        var url = _server.HttpUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/anything";
        using var client = Through($"{scheme}://127.0.0.1:{socks.Port}");
        Assert.True(new Proxy($"{scheme}://127.0.0.1:{socks.Port}").ResolvesNamesLocally);

        var response = client.Get(url);

        Assert.True(socks.Requests.TryDequeue(out var address));
        Assert.Equal(("ipv4", "127.0.0.1"), (address.AddressType, address.Host));
        Assert.Contains($"\"{new Uri(url).Authority}\"", Header(response, "Host"));
    }

    [Fact]
    public async Task Socks4_sends_an_address_and_socks4a_sends_the_name()
    {
        await using var socks = new MiniSocks5Server();
        var url = _server.HttpsUrl + "/get";   // https://localhost:PORT

        using (var v4 = Through($"socks4://127.0.0.1:{socks.Port}"))
            Assert.Equal(200, v4.Get(url).StatusCode);
        Assert.True(socks.Requests.TryDequeue(out var address));
        Assert.Equal(("ipv4", "127.0.0.1"), (address.AddressType, address.Host));

        using (var v4a = Through($"socks4a://127.0.0.1:{socks.Port}"))
            Assert.Equal(200, v4a.Get(url).StatusCode);
        Assert.True(socks.Requests.TryDequeue(out var name));
        Assert.Equal(("socks4a-domain", "localhost"), (name.AddressType, name.Host));
    }

    [Fact]
    public async Task Socks4_sends_the_urls_user_name_as_its_user_id()
    {
        await using var socks = new MiniSocks5Server();
        using (var named = Through($"socks4://ops-bot@127.0.0.1:{socks.Port}"))
            Assert.Equal(200, named.Get(_server.HttpUrl + "/get").StatusCode);
        using (var anonymous = Through($"socks4a://127.0.0.1:{socks.Port}"))
            Assert.Equal(200, anonymous.Get(_server.HttpUrl + "/get").StatusCode);
        Assert.Equal(["ops-bot", ""], socks.Socks4UserIds);
    }

    [Fact]
    public async Task Socks5_username_and_password_authentication()
    {
        await using var socks = new MiniSocks5Server(account: ("sockuser", "s3cret:pass"));
        using (var client = Through($"socks5://sockuser:s3cret%3Apass@127.0.0.1:{socks.Port}"))
        {
            var response = client.Get(_server.HttpUrl + "/get");
            Assert.Equal(200, response.StatusCode);
        }

        using var wrong = Through($"socks5://sockuser:bad-secret@127.0.0.1:{socks.Port}");
        var error = Assert.Throws<ProxyException>(() => wrong.Get(_server.HttpUrl + "/get"));
        Assert.Contains($"127.0.0.1:{socks.Port}", error.Message);
        Assert.DoesNotContain("bad-secret", error.Message);
        Assert.Contains("sockuser", socks.RejectedUsers);
    }

    [Fact]
    public async Task Socks5h_sends_the_name_and_authenticates_with_username_and_password()
    {
        await using var socks = new MiniSocks5Server(account: ("sockuser", "pw"));
        using var client = Through($"socks5h://sockuser:pw@127.0.0.1:{socks.Port}");
        Assert.Equal(200, client.Get(_server.HttpUrl.Replace("127.0.0.1", "localhost") + "/get").StatusCode);
        Assert.True(socks.Requests.TryDequeue(out var request));
        Assert.Equal(("domain", "localhost"), (request.AddressType, request.Host));
        Assert.Empty(socks.RejectedUsers);
    }

    [Fact]
    public void A_proxy_that_is_down_is_a_ConnectException_naming_it_and_the_request_without_the_password()
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = Through($"http://user:down-secret@127.0.0.1:{port}");
        var error = Assert.Throws<ConnectException>(() => client.Get(_server.HttpUrl + "/get"));
        // It says that the proxy refused, not the server the request was for, and which request failed.
        Assert.Contains($"Connection refused by proxy http://user:[secure]@127.0.0.1:{port}", error.Message);
        Assert.Contains($"(GET {_server.HttpUrl}/get)", error.Message);
        Assert.DoesNotContain("down-secret", error.ToString());
        Assert.True(error.HasRequest);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    [InlineData("socks5h")]
    public void A_proxy_host_that_does_not_resolve_is_a_ConnectException_saying_it_is_the_proxys(string scheme)
    {
        // A typo in HTTPS_PROXY read as "Could not resolve host 'proxy.invalid'", which a user checks against the URL
        // requested, not the proxy (curl: "Could not resolve proxy").
        using var client = Through($"{scheme}://user:dns-secret@no-such-proxy.invalid:3128");
        var error = Assert.Throws<ConnectException>(() => client.Get(_server.HttpUrl + "/get"));
        Assert.StartsWith($"Could not resolve host 'no-such-proxy.invalid' of proxy {scheme}://user:[secure]@no-such-proxy.invalid:3128: ", error.Message);
        Assert.Contains($"(GET {_server.HttpUrl}/get)", error.Message);
        Assert.DoesNotContain("dns-secret", error.ToString());
    }

    [Fact]
    public void Requests_a_mapping_sends_direct_go_direct()
    {
        using var client = Through(new Dictionary<string, string?> { ["all://"] = "http://127.0.0.1:9", ["http://127.0.0.1"] = null });
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
    }
}
