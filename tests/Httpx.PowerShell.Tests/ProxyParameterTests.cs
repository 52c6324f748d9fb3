namespace Httpx.PowerShell.Tests;

/// <summary>
/// -Proxy on Invoke-Httpx and New-HttpxClient against the real squid proxies that .ci/start-proxies runs on loopback
/// (HTTPX_TEST_SQUID, HTTPX_TEST_SQUID_AUTH override them). Set-HttpxProxy has its own tests.
/// </summary>
public sealed class ProxyParameterTests : IClassFixture<PowerShellFixture>
{
    private static readonly string Squid = Env("HTTPX_TEST_SQUID", "http://127.0.0.1:3128");

    /// <summary>Squid requiring Basic auth: user proxyuser, password proxypass.</summary>
    private static readonly string SquidAuth = Env("HTTPX_TEST_SQUID_AUTH", "http://127.0.0.1:3129");

    private readonly PowerShellFixture _ps;
    public ProxyParameterTests(PowerShellFixture ps) => _ps = ps;

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;

    private static string WithCredentials(string proxy, string password) =>
        proxy.Replace("://", $"://proxyuser:{password}@", StringComparison.Ordinal);

    private static Dictionary<string, object?> Proxies(string password = "proxypass") => new()
    {
        ["squid"] = Squid,
        ["squidAuth"] = WithCredentials(SquidAuth, password),
    };

    [Fact]
    public void The_proxy_schemes_and_the_completers_lists_are_not_the_sessions_to_change()
    {
        // [Httpx.Proxy]::Schemes was an array: writing into it refused every http:// proxy of the session. The
        // completers' arrays were public too (completion of every runspace of the process).
        var result = _ps.Run("""
            try { [Httpx.Proxy]::Schemes[0] = 'ftp'; 'changed' } catch { 'refused' }
            [Httpx.Proxy]::Schemes[0]
            [Httpx.Proxy]::new('http://127.0.0.1:3128').Url.Scheme
            $null -eq [Httpx.PowerShell.HttpMethodCompleter]::Methods
            $null -eq [Httpx.PowerShell.HeaderCompleter]::Names
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "refused", "http", "http", "True", "True" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void Invoke_Httpx_Proxy_sends_through_squid()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/get" -Proxy $squid -As Json).headers.Via
            (Invoke-Httpx "$base/get" -As Json).headers.Via
            """, Proxies());
        Assert.Empty(result.Errors);
        Assert.Contains("squid", (string)result.Output[0].BaseObject, StringComparison.OrdinalIgnoreCase);
        Assert.Null(result.Output[1]);
    }

    [Fact]
    public void Verbose_shows_the_absolute_url_a_forwarding_proxy_is_sent_and_the_path_through_a_tunnel()
    {
        var result = _ps.Run("""
            $hostPort = ([uri]$base).Authority
            Invoke-Httpx "http://user:urlsecret@$hostPort/get?a=1#frag" -Proxy $squidAuth -RaiseForStatus -Verbose > $null
            Invoke-Httpx "$https/get?b=2" -Proxy $squidAuth -Verify $ca -RaiseForStatus -Verbose > $null
            Invoke-Httpx "$base/get?c=3" -Proxy 'socks5h://127.0.0.1:1080' -RaiseForStatus -Verbose > $null
            Invoke-Httpx "$base/get?d=4" -RaiseForStatus -Verbose > $null
            """, Proxies());
        Assert.Empty(result.Errors);
        Assert.Equal(new[]
        {
            // What goes on the wire (curl -v shows the same): the absolute form to a forwarding proxy, without the URL's
            // credentials or fragment; the origin form in a CONNECT or SOCKS tunnel, and direct.
            $"> GET {_ps.Server.HttpUrl}/get?a=1 HTTP/1.1",
            "> GET /get?b=2 HTTP/1.1",
            "> GET /get?c=3 HTTP/1.1",
            "> GET /get?d=4 HTTP/1.1",
        }, result.Verbose.Where(v => v.StartsWith("> GET ", StringComparison.Ordinal)).ToArray());
        var text = string.Join("\n", result.Verbose);
        Assert.DoesNotContain("urlsecret", text);
        Assert.DoesNotContain("proxypass", text);
    }

    [Fact]
    public void Verbose_lists_the_proxy_headers_and_masked_Proxy_Authorization_a_forwarded_request_carries()
    {
        // The transport adds them to a request it forwards; -Verbose listed the request's own headers only, where curl -v
        // shows "Proxy-Authorization: Basic ...". Through a tunnel the request itself carries neither.
        var result = _ps.Run("""
            $c = New-HttpxClient -Proxy ([Httpx.Proxy]::new($squidAuth, $null, @{ 'X-Proxy-Tag' = 'ops' })) -NoTrustEnv
            try {
                Invoke-Httpx "$base/get" -Client $c -RaiseForStatus -Verbose > $null
                Invoke-Httpx "$base/get" -Client $c -Headers @{ 'X-Proxy-Tag' = 'mine' } -RaiseForStatus -Verbose > $null
            }
            finally { Close-HttpxClient $c }
            Invoke-Httpx "$https/get" -Proxy $squidAuth -Verify $ca -RaiseForStatus -Verbose > $null
            """, Proxies());
        Assert.Empty(result.Errors);
        var heads = result.Verbose.Where(v => v.StartsWith("> ", StringComparison.Ordinal)).ToArray();
        int second = Array.FindIndex(heads, 1, h => h.StartsWith("> GET ", StringComparison.Ordinal));
        Assert.Equal(["> X-Proxy-Tag: ops", "> Proxy-Authorization: [secure]"], heads[1..second].TakeLast(2));
        // A header the request sets itself wins over the proxy's, as sent.
        Assert.Equal(["> X-Proxy-Tag: mine", "> Proxy-Authorization: [secure]"],
            heads[(second + 1)..].TakeWhile(h => !h.StartsWith("> GET ", StringComparison.Ordinal)).Where(h => h.Contains("Proxy", StringComparison.Ordinal)));
        var text = string.Join("\n", result.Verbose);
        Assert.Equal(2, text.Split("Proxy-Authorization").Length - 1);
        Assert.DoesNotContain("proxypass", text);
        Assert.DoesNotContain(Convert.ToBase64String("proxyuser:proxypass"u8.ToArray()), text);
    }

    [Fact]
    public void A_proxys_headers_cannot_be_changed_once_it_is_made_and_its_client_sends_those_it_was_made_with()
    {
        // They were a live, mutable list: a change after the client was made applied to its forwarded requests (and
        // raced those in flight), where HTTPX's transport keeps the headers the proxy had when the client was made.
        var result = _ps.Run("""
            $proxy = [Httpx.Proxy]::new($squidAuth, $null, @{ 'X-Proxy-Tag' = 'ops' })
            $c = New-HttpxClient -Proxy $proxy -NoTrustEnv
            try {
                try { $proxy.Headers['X-Proxy-Tag'] = 'changed' } catch { $_.Exception.GetBaseException().GetType().Name; $_.Exception.GetBaseException().Message }
                try { $proxy.Headers.'X-Other' = 'x' } catch { $_.Exception.GetBaseException().GetType().Name }
                try { $proxy.Headers.Remove('X-Proxy-Tag') } catch { $_.Exception.GetBaseException().GetType().Name }
                $proxy.Headers.IsReadOnly
                $copy = $proxy.Headers.Copy(); $copy['X-Proxy-Tag'] = 'new'; $copy['X-Proxy-Tag']
                Invoke-Httpx "$base/get" -Client $c -RaiseForStatus -Verbose > $null
            }
            finally { Close-HttpxClient $c }
            """, Proxies());
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        Assert.Equal("InvalidOperationException", output[0]);
        Assert.Equal(
            $"The headers of proxy {WithCredentials(SquidAuth, "[secure]")} cannot be changed once it is made: make a new proxy with the headers you want ([Httpx.Proxy]::new(url, $null, headers)).",
            output[1]);
        Assert.Equal(["InvalidOperationException", "InvalidOperationException", "True", "new"], output[2..]);
        Assert.Contains("> X-Proxy-Tag: ops", result.Verbose);
    }

    [Fact]
    public void Verbose_shows_no_request_head_for_an_http_request_an_http2_only_client_cannot_forward_through_a_proxy()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Http2 -NoHttp1 -Proxy $squidAuth -NoTrustEnv
            try { Invoke-Httpx "$base/get" -Client $c -Verbose } finally { Close-HttpxClient $c }
            """, Proxies());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ConnectError,", error.FullyQualifiedErrorId);
        Assert.Contains("forwards an http:// request over HTTP/1.1, and HTTP/1.1 is switched off", error.Exception.Message);
        // Never sent: the proxy it was meant for, and no "> GET / HTTP/2" head.
        Assert.Equal(new[] { $"* Proxy: {WithCredentials(SquidAuth, "[secure]")}" }, result.Verbose.ToArray());
    }

    [Fact]
    public void An_https_call_tunnels_through_the_proxy()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$https/get" -Proxy $squid -Verify $ca
            $r.StatusCode; $null -eq $r.Json().headers.Via
            """, Proxies());
        Assert.Empty(result.Errors);
        // CONNECT: squid relays the TLS bytes and cannot add a Via header.
        Assert.Equal(new object[] { 200, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_client_made_with_Proxy_uses_it_for_every_call_and_credentials_in_the_URL_authenticate()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -Proxy $squidAuth
            (Invoke-Httpx '/get' -Client $c -As Json).headers.Via
            (Invoke-Httpx '/anything' -Client $c -As Json).headers.Via
            Close-HttpxClient $c
            """, Proxies());
        Assert.Empty(result.Errors);
        Assert.All(result.Output, o => Assert.Contains("squid", (string)o.BaseObject, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, result.Output.Count);
    }

    [Fact]
    public void A_wrong_proxy_password_is_a_ProxyError_naming_the_proxy_without_the_password()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/get" -Proxy $squidAuth -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category.ToString(); $e[0].Exception.Message; "$($e[0])"
            $c = New-HttpxClient -Proxy $squidAuth
            try { Invoke-Httpx "$https/get" -Client $c -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """, Proxies("wrong-s3cret"));
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal("Httpx.ProxyError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Equal("ConnectionError", output[1]);
        Assert.Equal("Httpx.ProxyError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[4]);
        foreach (var message in new[] { output[2], output[3], output[5] })
        {
            Assert.Contains("407", message);
            Assert.Contains(new Uri(SquidAuth).Authority, message);
            Assert.DoesNotContain("wrong-s3cret", message);
        }
    }

    [Fact]
    public void An_invalid_Proxy_stops_the_command_once_naming_it_without_its_password()
    {
        var result = _ps.Run("""
            try { "$base/get", "$base/get" | Invoke-Httpx -Proxy 'ftp://user:hunter2@proxy.invalid:21' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(2, output.Length); // one error for the command, not one per piped URL
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Contains("proxy.invalid", output[1]);
        Assert.DoesNotContain("hunter2", output[1]);
    }

    [Fact]
    public void A_hashtable_given_where_one_proxy_URL_goes_is_refused_naming_where_routes_go()
    {
        // Routes by pattern are New-HttpxClient -Proxy's and Set-HttpxProxy -Routes'; a hashtable here became the proxy
        // URL 'System.Collections.Hashtable', refused for having no scheme.
        var result = _ps.Run("""
            $routes = @{ 'all://' = 'http://proxy.internal:3128' }
            try { Invoke-Httpx "$base/get" -Proxy $routes } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { Set-HttpxProxy $routes } catch { $_.FullyQualifiedErrorId }
            try { New-HttpxTransport -Proxy $routes } catch { $_.FullyQualifiedErrorId }
            """);
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(4, output.Length);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Contains("-Proxy here takes one proxy URL, not a hashtable", output[1]);
        Assert.Contains("Set-HttpxProxy -Routes", output[1]);
        Assert.DoesNotContain("System.Collections.Hashtable", output[1]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.SetHttpxProxyCommand", output[2]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxTransportCommand", output[3]);
    }

    [Fact]
    public void An_Httpx_Url_given_as_Proxy_keeps_its_password()
    {
        // PowerShell turned the Url into its text, password masked: the proxy was asked with '[secure]' and refused.
        var result = _ps.Run($$"""
            $good = [Httpx.Url]::new('{{Httpx.PowerShell.Tests.Proxies.SquidAuthWithPassword}}')
            $wrong = [Httpx.Url]::new('{{Httpx.PowerShell.Tests.Proxies.SquidAuthWithPassword.Replace(Httpx.PowerShell.Tests.Proxies.Password, "wrongpass")}}')
            foreach ($proxy in $good, $wrong) {
                try { (Invoke-Httpx "$base/get" -Proxy $proxy -NoTrustEnv -ErrorAction Stop).StatusCode } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, "Httpx.ProxyError" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_Httpx_Proxy_object_given_where_one_proxy_URL_goes_is_refused_naming_where_it_goes()
    {
        // It became its text "Proxy('http://...', headers=[...])", refused as a proxy URL with no scheme.
        var result = _ps.Run("""
            $proxy = [Httpx.Proxy]::new($squidAuth, $null, @{ 'X-Proxy-Tag' = 'ops' })
            try { Invoke-Httpx "$base/get" -Proxy $proxy } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { Set-HttpxProxy -Proxy $proxy } catch { $_.FullyQualifiedErrorId }
            try { New-HttpxTransport -Proxy $proxy } catch { $_.FullyQualifiedErrorId }
            """, Proxies());
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(4, output.Length);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Contains($"-Proxy here takes one proxy URL, not an Httpx.Proxy object ({WithCredentials(SquidAuth, "[secure]")})", output[1]);
        Assert.Contains("New-HttpxClient -Proxy", output[1]);
        Assert.DoesNotContain("no scheme", output[1]);
        Assert.DoesNotContain("proxypass", output[1]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.SetHttpxProxyCommand", output[2]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxTransportCommand", output[3]);
    }

    [Fact]
    public void A_dotnet_WebProxy_given_where_one_proxy_URL_goes_is_refused_saying_to_give_its_address()
    {
        // Scripts written for WebClient or WebRequest.DefaultWebProxy build a System.Net.WebProxy: it became the proxy URL
        // 'System.Net.WebProxy', refused as having no scheme, a URL the user never wrote.
        var result = _ps.Run("""
            $web = [System.Net.WebProxy]::new('http://ops:hunter2@proxy.internal:3128')
            try { Invoke-Httpx "$base/get" -Proxy $web } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { Set-HttpxProxy -Proxy $web } catch { $_.FullyQualifiedErrorId }
            try { New-HttpxTransport -Proxy $web } catch { $_.FullyQualifiedErrorId }
            try { Invoke-Httpx "$base/get" -Proxy ([System.Net.Http.HttpClient]::DefaultProxy) } catch { $_.Exception.Message }
            """);
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(5, output.Length);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Contains("-Proxy here takes one proxy URL, not a System.Net.WebProxy: give its address ('http://ops:[secure]@proxy.internal:3128", output[1]);
        Assert.DoesNotContain("no scheme", output[1]);
        Assert.DoesNotContain("hunter2", output[1]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.SetHttpxProxyCommand", output[2]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxTransportCommand", output[3]);
        Assert.Contains("-Proxy here takes one proxy URL, not a System.Net.Http.", output[4]);
        Assert.Contains("give the proxy's URL, with any credentials in it", output[4]);
    }

    [Fact]
    public void A_download_cut_through_a_proxy_names_the_proxy_without_the_password()
    {
        // The raw server, as the proxy, answers the forwarded request itself and resets the connection mid-body: the
        // error named the server alone once the request was on its way.
        var result = _ps.Run("""
            $proxy = $raw -replace '://', '://user:cut-secret@'
            $file = [IO.Path]::Combine([IO.Path]::GetTempPath(), "cut-$([guid]::NewGuid()).bin")
            Invoke-Httpx "$raw/reset-mid-body" -Proxy $proxy -Download $file -Timeout 10
            [IO.File]::Delete("$file.partial")
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ReadError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        var proxy = _ps.Server.RawTcpUrl.Replace("://", "://user:[secure]@", StringComparison.Ordinal);
        Assert.StartsWith($"The connection broke while reading the response through proxy {proxy}: ", error.Exception.Message);
        Assert.DoesNotContain("cut-secret", $"{error} {error.Exception} {error.ErrorDetails?.Message}");
    }

    [Fact]
    public void A_proxy_that_is_down_is_a_ConnectError_naming_the_proxy_and_the_request_without_the_password()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/get" -Proxy "http://user:hunter2@127.0.0.1:$refusedPort" -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId; $e[0].Exception.Message; "$($e[0].TargetObject)"; $refusedPort
            """);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        var (id, message, target, port) = (output[0], output[1], output[2], output[3]);
        Assert.Equal("Httpx.ConnectError,Httpx.PowerShell.Commands.InvokeHttpxCommand", id);
        Assert.StartsWith($"Connection refused by proxy http://user:[secure]@127.0.0.1:{port}", message);
        Assert.EndsWith($"(GET {target})", message);
        Assert.DoesNotContain("hunter2", message + target);
    }

    [Fact]
    public void A_proxy_that_never_sets_up_the_tunnel_is_a_ConnectTimeout_after_each_calls_connect_limit()
    {
        // The shared pool's transports time nothing themselves: the tunnel's set-up was timed by the call's read limit
        // alone, and a proxy that hung read as a server that did not answer ("waiting for the response", ReadTimeout).
        using var proxy = TestServer.ScriptedServer.Silent();
        var port = proxy.Port;
        // The next call through the same proxy (the shared pool's transport) is timed by its own limit too: the handler
        // tries the given-up tunnel again for nobody, and that call waited behind it until its read limit.
        var result = _ps.Run("""
            foreach ($connect in 0.3, 0.4) {
                Invoke-Httpx https://example.com/ -Proxy "http://user:hunter2@127.0.0.1:$port" -Timeout @{ Connect = $connect; Read = 30 } -ErrorVariable e -ErrorAction SilentlyContinue
                $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category; $e[0].Exception.Message
            }
            """, new Dictionary<string, object?> { ["port"] = port });
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Httpx.ConnectTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[3 * i]);
            Assert.Equal("OperationTimeout", output[3 * i + 1]);
            Assert.Equal(
                $"Timed out after {(i == 0 ? "0.3" : "0.4")} s setting up the connection to example.com:443 through proxy http://user:[secure]@127.0.0.1:{port}: the proxy took the connection, but the CONNECT tunnel or the TLS handshake with the server did not complete (GET https://example.com/)",
                output[3 * i + 2]);
        }
    }

    [Fact]
    public void A_proxy_that_never_sets_up_the_tunnel_is_a_ConnectTimeout_on_every_call_when_the_read_limit_is_shorter()
    {
        // The handler tries the given-up tunnel again for nobody, and the next call waits for that attempt instead of
        // opening its own: it was timed by its read limit, and the second or third call read as a server that did not
        // answer (ReadTimeout after 0.3 s "waiting for the response") where the first got a ConnectTimeout.
        using var proxy = TestServer.ScriptedServer.Silent();
        var result = _ps.Run("""
            foreach ($i in 1..4) {
                Invoke-Httpx https://example.com/ -Proxy "http://127.0.0.1:$port" -Timeout @{ Connect = 1; Read = 0.3 } -ErrorVariable e -ErrorAction SilentlyContinue
                $e[0].FullyQualifiedErrorId
            }
            """, new Dictionary<string, object?> { ["port"] = proxy.Port });
        Assert.Equal(Enumerable.Repeat("Httpx.ConnectTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", 4), result.Output.Select(o => o.BaseObject.ToString()));
    }

    // A proxy that reads each request head (a CONNECT, or a request to forward) and closes without a word.
    private static TestServer.ScriptedServer ProxyClosingAfterEachHead() => new(async connection =>
    {
        await connection.ReadHeadAsync();
        connection.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
    });

    [Fact]
    public void A_proxy_URL_without_a_port_is_named_with_the_port_it_went_to()
    {
        // socks5://host is port 1080 (httpcore's and curl's default; dante listens there): 'Proxy socks5://127.0.0.1
        // failed ...' left a user whose proxy listens on 9050 or 1081 to guess the port that was tried.
        var result = _ps.Run("""
            Invoke-Httpx https://127.0.0.1:9/x -Proxy socks5://127.0.0.1 -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId; $e[0].Exception.Message
            """);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        Assert.Equal("Httpx.ProxyError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Equal(
            "Proxy socks5://127.0.0.1 on its default port 1080 failed to open a tunnel to 127.0.0.1:9: could not connect: connection refused (SOCKS5 reply 0x05) (GET https://127.0.0.1:9/x)",
            output[1]);
    }

    [Fact]
    public void A_proxy_that_closes_before_answering_the_CONNECT_is_a_RemoteProtocolError_naming_it()
    {
        // It read "Server disconnected without sending a complete response", of a server nothing had reached.
        using var proxy = ProxyClosingAfterEachHead();
        var port = proxy.Port;
        var result = _ps.Run("""
            Invoke-Httpx https://127.0.0.1:9/x -Proxy "http://user:hunter2@127.0.0.1:$port" -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category; $e[0].Exception.Message
            """, new Dictionary<string, object?> { ["port"] = port });
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Equal("ProtocolError", output[1]);
        Assert.Equal(
            $"Proxy http://user:[secure]@127.0.0.1:{port} closed the connection without answering the CONNECT to 127.0.0.1:9 (GET https://127.0.0.1:9/x)",
            output[2]);
    }

    [Fact]
    public void A_proxy_that_closes_before_answering_a_forwarded_request_is_a_RemoteProtocolError_naming_it()
    {
        // An http:// URL is a request for the proxy to forward: the error said "Server disconnected without sending a
        // complete response", of a server nothing had reached (an http:// proxy URL naming a SOCKS port does this).
        using var proxy = ProxyClosingAfterEachHead();
        var port = proxy.Port;
        var result = _ps.Run("""
            'http://127.0.0.1:9/x', 'http://127.0.0.1:9/y' | Invoke-Httpx -Proxy "http://user:hunter2@127.0.0.1:$port" -ErrorVariable e -ErrorAction SilentlyContinue
            $e.Count; $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category; "$($e[0].TargetObject)"; $e[0].Exception.Message
            """, new Dictionary<string, object?> { ["port"] = port });
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        Assert.Equal("2", output[0]);
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[1]);
        Assert.Equal("ProtocolError", output[2]);
        Assert.Equal("http://127.0.0.1:9/x", output[3]);
        Assert.Equal(
            $"Proxy http://user:[secure]@127.0.0.1:{port} disconnected without sending a response to the request it was to forward (GET http://127.0.0.1:9/x)",
            output[4]);
    }
}
