namespace Httpx.PowerShell.Tests;

/// <summary>
/// -Verbose shows what happened on the connection a request opened, in httpx -v's words, before its request head; a
/// request over a reused connection shows none. Each test makes its own client: the module's shared pool may already
/// hold a connection to the test server.
/// </summary>
public class VerboseConnectionTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public VerboseConnectionTests(PowerShellFixture ps) => _ps = ps;

    private static int PortOf(string url) => new Uri(url).Port;

    [Fact]
    public void Verbose_shows_the_connect_before_the_request_head_and_nothing_for_a_reused_connection()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient
            try
            {
                $null = Invoke-Httpx "$base/get" -Client $c -Verbose
                $null = Invoke-Httpx "$base/get" -Client $c -Verbose
            }
            finally { Close-HttpxClient $c }
            """);
        Assert.Empty(result.Errors);
        var port = PortOf(_ps.Server.HttpUrl);
        Assert.Equal(new[] { "* Connecting to '127.0.0.1'", $"* Connected to '127.0.0.1' on port {port}", "> GET /get HTTP/1.1" },
            result.Verbose.Take(3).ToArray());
        // The second call went over the pooled connection: its request head follows the first response directly.
        var second = result.Verbose.FindLastIndex(v => v == "> GET /get HTTP/1.1");
        Assert.NotEqual(2, second);
        Assert.StartsWith("< ", result.Verbose[second - 1]);
        Assert.Equal(2, result.Verbose.Count(v => v.StartsWith("* Connect", StringComparison.Ordinal)));
    }

    [Fact]
    public void Verbose_shows_the_TLS_handshake_ALPN_and_the_server_certificate_as_httpx_v_does()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Http2 -Verify $ca
            try { $null = Invoke-Httpx "$https/get" -Client $c -Verbose } finally { Close-HttpxClient $c }
            """);
        Assert.Empty(result.Errors);
        var v = result.Verbose;
        Assert.Equal("* Connecting to 'localhost'", v[0]);
        Assert.Matches(@"^\* Connected to '(127\.0\.0\.1|::1)' on port " + PortOf(_ps.Server.HttpsUrl) + "$", v[1]);
        Assert.Matches(@"^\* SSL established using 'TLSv1\.[23]' / 'TLS_[A-Z0-9_]+'$", v[2]);
        Assert.Equal("* Selected ALPN protocol: 'h2'", v[3]);
        Assert.Equal("* Server certificate:", v[4]);
        var head = v.IndexOf("> GET /get HTTP/2");
        Assert.Equal(new[] { "*   subject:", "*     commonName: 'localhost'", "*   issuer:", "*     commonName: 'Httpx Test CA'" }, v.Skip(5).Take(4).ToArray());
        var certificate = v.Skip(5).Take(head - 5).ToList();
        Assert.Contains(certificate, l => l.StartsWith("*   serialNumber: '", StringComparison.Ordinal));
        Assert.Contains(certificate, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\*   notAfter: '[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d \d{4} GMT'$"));
        Assert.Equal(new[] { "*   subjectAltName:", "*     DNS: 'localhost'", "*     IP Address: '127.0.0.1'", "*     IP Address: '0:0:0:0:0:0:0:1'" },
            certificate.SkipWhile(l => l != "*   subjectAltName:").ToArray());
    }

    [Fact]
    public void Verbose_over_h2c_shows_the_connect_and_no_handshake()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Http2 -NoHttp1
            try { $null = Invoke-Httpx "$h2c/get" -Client $c -Verbose } finally { Close-HttpxClient $c }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "* Connecting to '127.0.0.1'", $"* Connected to '127.0.0.1' on port {PortOf(_ps.Server.H2cUrl)}", "> GET /get HTTP/2" },
            result.Verbose.Take(3).ToArray());
    }

    [Fact]
    public void Verbose_names_the_unix_socket_connected_to()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxTransport -UnixSocket $uds)
            try { $null = Invoke-Httpx 'http://localhost/get' -Client $c -Verbose } finally { Close-HttpxClient $c }
            """, new Dictionary<string, object?> { ["uds"] = _ps.Server.UnixSocketPath });
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { $"* Connecting to unix socket '{_ps.Server.UnixSocketPath}'", $"* Connected to unix socket '{_ps.Server.UnixSocketPath}'", "> GET /get HTTP/1.1" },
            result.Verbose.Take(3).ToArray());
    }

    [Fact]
    public void A_refused_connect_shows_where_it_went_and_no_request_head()
    {
        // As httpx -v and curl -v: the connect is shown before the error; the request never went out.
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        var result = _ps.Run($$"""
            $null = Invoke-Httpx 'http://127.0.0.1:{{port}}/get' -Verbose
            """);
        Assert.StartsWith("Httpx.ConnectError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new[] { "* Connecting to '127.0.0.1'" }, result.Verbose.ToArray());
    }

    [Fact]
    public void A_failed_TLS_handshake_shows_the_connect_and_no_request_head()
    {
        // The server's certificate is not trusted without -Verify: the handshake fails, nothing is sent.
        var result = _ps.Run("""
            $c = New-HttpxClient
            try { $null = Invoke-Httpx "$https/get" -Client $c -Verbose } finally { Close-HttpxClient $c }
            """);
        Assert.StartsWith("Httpx.ConnectError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(2, result.Verbose.Count);
        Assert.Equal("* Connecting to 'localhost'", result.Verbose[0]);
        Assert.StartsWith("* Connected to ", result.Verbose[1]);
    }

    [Fact]
    public void A_password_in_the_url_never_shows_in_the_connection_lines()
    {
        var url = _ps.Server.HttpUrl.Replace("http://", "http://user:hunter2@", StringComparison.Ordinal);
        var result = _ps.Run($$"""
            $c = New-HttpxClient
            try { $null = Invoke-Httpx '{{url}}/get' -Client $c -Verbose } finally { Close-HttpxClient $c }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("* Connecting to '127.0.0.1'", result.Verbose[0]);
        Assert.DoesNotContain("hunter2", string.Join("\n", result.Verbose));
    }

    [Fact]
    public void Through_a_CONNECT_tunnel_the_connect_is_the_proxys_and_the_handshake_the_servers()
    {
        var proxy = Proxies.SquidAuthWithPassword;
        var result = _ps.Run($$"""
            $c = New-HttpxClient -Proxy '{{proxy}}' -Verify $ca
            try { $null = Invoke-Httpx "$https/get" -Client $c -Verbose } finally { Close-HttpxClient $c }
            """);
        Assert.Empty(result.Errors);
        var v = result.Verbose;
        Assert.Equal(new[] { "* Proxy: http://proxyuser:[secure]@127.0.0.1:3129", "* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port 3129" }, v.Take(3).ToArray());
        Assert.StartsWith("* SSL established using ", v[3]);
        Assert.Equal("*     commonName: 'localhost'", v[7]);
        Assert.Contains("> GET /get HTTP/1.1", v);
        Assert.DoesNotContain(Proxies.Password, string.Join("\n", v));
    }

    [Fact]
    public void A_CONNECT_the_proxy_closes_without_answering_shows_the_connect_to_the_proxy_and_no_request_head()
    {
        // The proxy reads the CONNECT and closes: a RemoteProtocolError, which -Verbose took for a failure after the
        // request went out, and showed "> GET /x HTTP/1.1" and its headers, of a request never sent.
        using var proxy = new TestServer.ScriptedServer(async connection =>
        {
            await connection.ReadHeadAsync();
            connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        });
        var result = _ps.Run($$"""
            $null = Invoke-Httpx https://127.0.0.1:9/x -Proxy 'http://127.0.0.1:{{proxy.Port}}' -Verbose
            """);
        Assert.StartsWith("Httpx.RemoteProtocolError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        // One connect: the handler sent its CONNECT again on new connections, and the request again, 16 in all.
        Assert.Equal([$"* Proxy: http://127.0.0.1:{proxy.Port}", "* Connecting to '127.0.0.1'", $"* Connected to '127.0.0.1' on port {proxy.Port}"], result.Verbose);
        Assert.Equal(1, proxy.Accepted);
    }

    [Fact]
    public void A_socks_connect_the_proxy_refuses_shows_the_connect_to_the_proxy_and_no_request_head()
    {
        // dante answers the SOCKS5 CONNECT to a closed port with a refusal: the request never went out, over http:// too
        // (the TCP connect to the proxy is not the end of the set-up, as it is for an http:// URL straight to the server).
        var result = _ps.Run("""
            $null = Invoke-Httpx "http://127.0.0.1:$refusedPort/get" -Proxy 'socks5h://127.0.0.1:1080' -Verbose
            """);
        Assert.StartsWith("Httpx.ProxyError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new[] { "* Proxy: socks5h://127.0.0.1:1080", "* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port 1080" }, result.Verbose.ToArray());
    }
}
