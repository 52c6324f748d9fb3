namespace Httpx.PowerShell.Tests;

/// <summary>New-HttpxTransport: transport settings that reach the network (Unix socket, HTTP/2, h2c, TLS trust).</summary>
public class TransportCmdletTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public TransportCmdletTests(PowerShellFixture ps) => _ps = ps;

    private static object?[] Values(PowerShellResult result) => result.Output.Select(o => o?.BaseObject).ToArray();

    [Fact]
    public void SkipCertificateCheck_is_the_alias_of_NoVerify_as_on_the_other_cmdlets()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$https/get" -Client (New-HttpxClient -Transport (New-HttpxTransport -SkipCertificateCheck))).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    [InlineData("-Http2", "Http2")]
    [InlineData("-SkipCertificateCheck", "NoVerify")]
    [InlineData("-Verify $ca", "Verify")]
    [InlineData("-MaxConnections 3", "MaxConnections")]
    [InlineData("-MaxKeepAliveConnections 3", "MaxKeepAliveConnections")]
    [InlineData("-KeepAliveExpiry 10", "KeepAliveExpiry")]
    public void New_HttpxClient_refuses_a_transport_setting_next_to_Transport_which_would_ignore_it(string setting, string parameter)
    {
        // HTTPX ignores them without a word: a client made with -Http2 spoke HTTP/1.1, one with -NoVerify still checked.
        var result = _ps.Run($$"""
            try { New-HttpxClient -Transport (New-HttpxTransport) {{setting}}; 'made' } catch { $_ }
            """);
        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(parameter, error.TargetObject);
        Assert.Equal($"-{parameter} cannot be combined with -Transport: it sets up the transport the client would make, and -Transport replaces it; set it on New-HttpxTransport.", error.ToString());
    }

    [Fact]
    public void With_Proxy_the_transport_settings_next_to_Transport_configure_the_proxy_s_transport()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxTransport) -Proxy 'http://127.0.0.1:3128' -Http2
            $c.GetType().Name
            $c.TransportFor([Httpx.Url]'http://example.org/').Options.Http2
            Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { "Client", true }, Values(result));
    }

    [Fact]
    public void UnixSocket_sends_requests_over_the_socket()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxTransport -UnixSocket $uds)
            $j = Invoke-Httpx 'http://localhost/get' -Client $c -As Json
            $j.method
            Close-HttpxClient $c
            """, new Dictionary<string, object?> { ["uds"] = _ps.Server.UnixSocketPath });
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "GET" }, Values(result));
    }

    [Fact]
    public void Http2_over_TLS_with_a_CA_file_and_h2c_without_HTTP1()
    {
        var result = _ps.Run("""
            $tls = New-HttpxClient -Transport (New-HttpxTransport -Http2 -Verify $ca)
            (Invoke-Httpx "$https/get" -Client $tls).HttpVersion
            $prior = New-HttpxClient -Transport (New-HttpxTransport -Http2 -NoHttp1)
            (Invoke-Httpx "$h2c/get" -Client $prior).HttpVersion
            $h1 = New-HttpxClient -Transport (New-HttpxTransport -Verify $ca)
            (Invoke-Httpx "$https/get" -Client $h1).HttpVersion
            $tls, $prior, $h1 | Close-HttpxClient
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "HTTP/2", "HTTP/2", "HTTP/1.1" }, Values(result));
    }

    [Fact]
    public void Without_the_CA_the_test_server_is_untrusted_and_NoVerify_skips_the_check()
    {
        var result = _ps.Run("""
            $strict = New-HttpxClient -Transport (New-HttpxTransport)
            Invoke-Httpx "$https/get" -Client $strict
            $lax = New-HttpxClient -Transport (New-HttpxTransport -NoVerify)
            (Invoke-Httpx "$https/get" -Client $lax).StatusCode
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ConnectError,", error.FullyQualifiedErrorId);
        Assert.Equal(new object[] { 200 }, Values(result));
    }

    [Fact]
    public void Retries_cover_the_TLS_handshake_and_the_error_says_how_many_attempts()
    {
        // The test server's certificate is untrusted without its CA: each attempt connects and fails its handshake.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxTransport -Retries 1)
            Invoke-Httpx "$https/get" -Client $c
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ConnectError,", error.FullyQualifiedErrorId);
        Assert.Contains("TLS certificate verification failed", error.Exception.Message);
        Assert.EndsWith($", after 2 attempts (GET {_ps.Server.HttpsUrl}/get)", error.Exception.Message);
    }

    [Fact]
    public void Pool_limits_and_retries_reach_the_transport()
    {
        var result = _ps.Run("""
            $t = New-HttpxTransport -MaxConnections 3 -MaxKeepAliveConnections 1 -KeepAliveExpiry 2.5 -Retries 2 -LocalAddress 127.0.0.1
            "$($t.Options.Limits.MaxConnections) $($t.Options.Limits.MaxKeepAliveConnections) $($t.Options.Limits.KeepAliveExpiry) $($t.Options.Retries) $($t.Options.LocalAddress)"
            $c = New-HttpxClient -Transport $t
            (Invoke-Httpx "$base/get" -Client $c).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "3 1 2.5 2 127.0.0.1", 200 }, Values(result));
    }

    [Fact]
    public void A_transports_options_refuse_a_change_naming_the_setting_and_keep_what_it_was_made_with()
    {
        // $t.Options.Retries = 3 was accepted and shown ("$t" said retries=3) while the transport kept sending with
        // what it was made with.
        var result = _ps.Run("""
            $t = New-HttpxTransport -MaxConnections 3
            try { $t.Options.Retries = 3; 'changed' } catch { $_.FullyQualifiedErrorId; $_.Exception.InnerException.Message }
            try { $t.Options.Limits.MaxConnections = 1; 'changed' } catch { $_.Exception.InnerException.Message }
            try { $t.Options.Uds = '/tmp/x.sock'; 'changed' } catch { $_.Exception.InnerException.Message }
            "$t"; "$($t.Options.Limits.MaxConnections)"
            (Invoke-Httpx "$base/get" -Client (New-HttpxClient -Transport $t)).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "ExceptionWhenSetting",
            "A transport's settings are fixed when it is made, so its Options.Retries is not changed here: make a new transport with the setting (New-HttpxTransport -Retries, or [Httpx.HttpTransport]::new() with [Httpx.HttpTransportOptions] set up first).",
            "A transport's settings are fixed when it is made, so its Options.Limits.MaxConnections is not changed here: make a new transport with the limit (New-HttpxTransport -MaxConnections).",
            "A transport's settings are fixed when it is made, so its Options.Uds is not changed here: make a new transport with the setting (New-HttpxTransport -UnixSocket, or [Httpx.HttpTransport]::new() with [Httpx.HttpTransportOptions] set up first).",
            "HttpTransport(http1=True, http2=False)", "3", 200,
        }, Values(result));
    }

    [Fact]
    public void KeepAliveExpiry_takes_a_TimeSpan_as_Timeout_does()
    {
        // -KeepAliveExpiry took seconds only: [timespan]'0:0:30' was 'Cannot convert the "00:00:30" value of type
        // "System.TimeSpan" to type "System.Nullable`1[System.Double]"', where -Timeout takes one.
        var result = _ps.Run("""
            (New-HttpxTransport -KeepAliveExpiry ([timespan]'0:0:30')).Options.Limits.KeepAliveExpiry
            $c = New-HttpxClient -KeepAliveExpiry ([timespan]::FromSeconds(2.5))
            $c.TransportFor([Httpx.Url]::new("$base/")).Options.Limits.KeepAliveExpiry
            (Invoke-Httpx "$base/get" -Client $c).StatusCode
            Close-HttpxClient $c
            try { New-HttpxClient -KeepAliveExpiry ([timespan]'-0:0:1') } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 30.0, 2.5, 200, "ParameterArgumentValidationError,Httpx.PowerShell.Commands.NewHttpxClientCommand" }, Values(result)[..4]);
        Assert.EndsWith("-1 is not a limit: give 0 or more, or $null for no expiry.", (string)Values(result)[4]!);
    }

    [Fact]
    public void NoVerify_with_Verify_is_refused_by_every_cmdlet_that_takes_them()
    {
        var result = _ps.Run("""
            try { Invoke-Httpx "$https/get" -NoVerify -Verify ./ca.pem } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { New-HttpxClient -NoVerify -Verify ./ca.pem } catch { $_.FullyQualifiedErrorId }
            try { New-HttpxRequest "$https/get" -NoVerify -Verify ./ca.pem } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Give either -NoVerify or -Verify './ca.pem', not both. (Parameter 'Verify')",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand",
        }, Values(result));
    }

    [Fact]
    public void Bad_settings_are_errors_naming_the_value()
    {
        var result = _ps.Run("""
            try { New-HttpxTransport -NoVerify -Verify ./ca.pem } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { New-HttpxTransport -NoHttp1 } catch { $_.Exception.Message }
            try { New-HttpxTransport -Verify ./no-such-ca.pem } catch { $_.Exception.Message }
            try { New-HttpxTransport -LocalAddress not-an-ip } catch { $_.FullyQualifiedErrorId }
            try { New-HttpxTransport -Proxy 'ftp://user:hunter2@proxy.invalid:21' } catch { $_.Exception.Message }
            """);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxTransportCommand", result.Output[0].BaseObject);
        Assert.Contains("./ca.pem", (string)result.Output[1].BaseObject);
        Assert.Contains("-Http2", (string)result.Output[2].BaseObject);
        Assert.Contains("no-such-ca.pem", (string)result.Output[3].BaseObject);
        Assert.StartsWith("CannotConvertArgument", (string)result.Output[4].BaseObject);
        Assert.Contains("'ftp'", (string)result.Output[5].BaseObject);
        Assert.DoesNotContain("hunter2", (string)result.Output[5].BaseObject);
    }

    [Fact]
    public void A_unix_socket_with_a_proxy_is_refused_naming_both()
    {
        // The proxy was reached through the socket, which HTTPX's proxy pool would have ignored without a word.
        var result = _ps.Run("""
            try { New-HttpxTransport -UnixSocket $uds -Proxy 'http://ops:s3cret@proxy.example:3128'; 'made' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """, new Dictionary<string, object?> { ["uds"] = _ps.Server.UnixSocketPath });
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxTransportCommand", "http://ops:[secure]@proxy.example:3128",
            $"A Unix socket ('{_ps.Server.UnixSocketPath}') takes every connection of a transport, so it cannot be used with a proxy (http://ops:[secure]@proxy.example:3128): give one or the other. (Parameter 'proxy')",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_unix_socket_path_longer_than_the_system_takes_is_refused_naming_it()
    {
        // A relative path is measured as it resolves. Before, the transport was made and every request failed with
        // "Could not connect to localhost:80: The path '...' is of an invalid length ... (Parameter 'path')".
        var result = _ps.Run("""
            $before = $ExecutionContext.SessionState.Path.CurrentLocation
            $null = $ExecutionContext.SessionState.Path.SetLocation([IO.Path]::GetTempPath())
            try { New-HttpxTransport -UnixSocket ('s' * 120); 'made' } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; $_.Exception.Message }
            finally { $null = $ExecutionContext.SessionState.Path.SetLocation($before.Path) }
            """);
        Assert.Empty(result.Errors);
        var path = Path.Combine(Path.GetTempPath(), new string('s', 120));
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxTransportCommand", "InvalidArgument", "UnixSocket",
            $"The Unix socket path '{path}' is {path.Length} bytes long, and a socket path on this system holds at most {(OperatingSystem.IsMacOS() ? 103 : 107)}: give a shorter path to the socket (a symbolic link to it will do). (Parameter 'uds')",
        }, Values(result));
    }

    [Fact]
    public void A_unix_socket_written_as_a_url_is_told_to_go_to_UnixSocket_and_the_next_url_goes_on()
    {
        // DOCKER_HOST's form pasted as the URL: HTTPX says only that 'unix://' is unsupported.
        var result = _ps.Run("""
            $out = 'unix:///var/run/docker.sock', "$base/get" | Invoke-Httpx -ErrorVariable failure -ErrorAction SilentlyContinue
            $out.StatusCode
            $failure[0].FullyQualifiedErrorId
            "$($failure[0])"
            """);
        Assert.Equal(new object[]
        {
            200, "Httpx.UnsupportedProtocol,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "Request URL has an unsupported protocol 'unix://': 'unix:/var/run/docker.sock'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket '/var/run/docker.sock', HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/...).",
        }, Values(result));
    }

    [Fact]
    public void A_unix_socket_path_of_another_provider_is_refused()
    {
        // variable:s.sock connected to the process's working folder's s.sock, a socket nobody named.
        var result = _ps.Run("""
            try { New-HttpxTransport -UnixSocket variable:s.sock; 'made' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxTransportCommand", "UnixSocket",
            "-UnixSocket 'variable:s.sock' is a path of the Variable provider: give a path in the file system. (Parameter 'UnixSocket')",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
