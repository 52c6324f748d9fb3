using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Httpx.Tests.Client;

namespace Httpx.Tests.Transports;

/// <summary>The default transport's options over real sockets: retries, local address, unix socket, client certificate, verify.</summary>
public class HttpTransportOptionsTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public HttpTransportOptionsTests(ServerFixture f) => _server = f.Server;

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (var c = e.InnerException; c is not null; c = c.InnerException) yield return c;
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(2, "after 3 attempts")]
    public void Retries_against_a_refused_port_end_in_ConnectException_saying_how_many_attempts(int retries, string? attempts)
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client(new ClientOptions { Retries = retries });
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://127.0.0.1:{port}/"));
        Assert.Contains($"Connection refused by 127.0.0.1:{port}", e.Message);
        if (attempts is null) Assert.DoesNotContain("attempts", e.Message);
        else Assert.Contains(attempts, e.Message);
        // The socket's own error is still there underneath.
        Assert.Contains(Causes(e), c => c is System.Net.Sockets.SocketException);
    }

    // The wait before each new attempt is httpcore's exponential_backoff(0.5): none before the second attempt, then
    // 0.5 s doubling. Read from the schedule rather than timed: a test that measured the waits would race the machine.
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(3, 2.0)]
    public void Retries_wait_as_httpcore_does_none_then_half_a_second_doubling(int failedAttempt, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Httpx.Transports.ConnectionFactory.Backoff(failedAttempt));

    // A kept-alive connection closed without a response: the handler sends a request without a body again on a new
    // connection (its own resend, not one of ours). Its connect counted on from the first connection's, so the refused
    // resend read "Connection refused ..., after 2 attempts" with no retries at all (and with Retries 1 the resend got no
    // retry of its own: that case checks that its count is still its own attempts, not fewer).
    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "after 2 attempts")]
    public async Task A_resend_after_a_connection_closed_without_a_response_has_its_own_connect_attempts(int retries, string? attempts)
    {
        string? head = null;
        await using var server = new TestServer.ScriptedServer(async connection =>
        {
            await connection.ReadHeadAsync();
            await connection.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            head = await connection.ReadHeadAsync();
            connection.Server.StopListening(); // refused from now on, before the client learns that this connection closed
            connection.Socket.Shutdown(SocketShutdown.Both);
        }, maxConnections: 1);
        var port = server.Port;
        using var client = new Httpx.Client(new ClientOptions { Retries = retries, TrustEnv = false });
        var url = $"http://127.0.0.1:{port}/get";
        Assert.Equal(200, (await client.GetAsync(url)).StatusCode); // the connection is kept alive
        var e = await Assert.ThrowsAnyAsync<HttpException>(() => client.GetAsync(url));
        await server.FirstServed.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.NotNull(head); // the kept-alive connection did carry the second request
        Assert.IsType<ConnectException>(e);
        Assert.Contains($"Connection refused by 127.0.0.1:{port}", e.Message);
        if (attempts is null) Assert.DoesNotContain("attempts", e.Message);
        else Assert.Contains(attempts, e.Message);
    }

    // HTTPX does not retry connections through a proxy; here -Retries covers the connect to the proxy too (the help says so).
    [Fact]
    public void Retries_cover_the_connect_to_a_proxy_and_the_error_names_the_proxy()
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client(new ClientOptions { Retries = 1, Proxy = $"http://127.0.0.1:{port}", TrustEnv = false });
        var e = Assert.Throws<ConnectException>(() => client.Get("http://example.invalid/"));
        Assert.Contains($"proxy http://127.0.0.1:{port}", e.Message);
        Assert.Contains("after 2 attempts", e.Message);
    }

    // httpcore's connect step retries start_tls with the TCP connect (HTTPX: tests of HTTPTransport(retries=...)): a
    // connection that connects but fails its TLS handshake is retried under the same budget.
    [Theory]
    [InlineData(FlakyTcpFront.Failure.Close, 0)]
    [InlineData(FlakyTcpFront.Failure.Close, 1)]
    [InlineData(FlakyTcpFront.Failure.Silence, 0)]
    [InlineData(FlakyTcpFront.Failure.Silence, 1)]
    public async Task A_failed_TLS_handshake_is_retried_as_a_failed_connect_is(FlakyTcpFront.Failure failure, int retries)
    {
        await using var front = new FlakyTcpFront(new Url(_server.HttpsUrl).Port!.Value, failing: 1, failure);
        using var client = new Httpx.Client(new ClientOptions
        {
            Verify = _server.CaPemPath, TrustEnv = false, Retries = retries, Timeout = new Timeout(10) { Connect = 2 },
        });
        var url = $"https://localhost:{front.Port}/get";
        if (retries == 0)
        {
            var e = await Assert.ThrowsAnyAsync<HttpException>(() => client.GetAsync(url));
            Assert.IsType(failure == FlakyTcpFront.Failure.Close ? typeof(ConnectException) : typeof(ConnectTimeoutException), e);
            Assert.DoesNotContain("attempts", e.Message);
            Assert.Equal(1, front.Accepted);
        }
        else
        {
            var response = await client.GetAsync(url);
            Assert.Equal(200, response.StatusCode);
            Assert.Equal(2, front.Accepted);
        }
    }

    // The handler goes on with a connection attempt whose request was cancelled, under its own connect timeout (off):
    // a handshake our connect limit gave up on stayed pending, and under HTTP/2 or a connection limit the retry (or the
    // next request) waited behind it until its read limit, a ReadTimeout "waiting for the response".
    [Theory]
    [InlineData(true, null)]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    public async Task A_stalled_handshake_is_retried_on_a_new_connection_over_HTTP_2_and_under_a_connection_limit(bool http2, int? maxConnections)
    {
        await using var front = new FlakyTcpFront(new Url(_server.HttpsUrl).Port!.Value, failing: 1, FlakyTcpFront.Failure.Silence);
        using var client = new Httpx.Client(new ClientOptions
        {
            Verify = _server.CaPemPath, TrustEnv = false, Retries = 1, Http2 = http2,
            Limits = new Limits { MaxConnections = maxConnections }, Timeout = new Timeout(6) { Connect = 2 },
        });
        var response = await client.GetAsync($"https://localhost:{front.Port}/get");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, front.Accepted);
    }

    [Fact]
    public async Task After_a_handshake_timeout_the_next_request_under_a_connection_limit_gets_a_connection()
    {
        await using var front = new FlakyTcpFront(new Url(_server.HttpsUrl).Port!.Value, failing: 1, FlakyTcpFront.Failure.Silence);
        using var client = new Httpx.Client(new ClientOptions
        {
            Verify = _server.CaPemPath, TrustEnv = false, Limits = new Limits { MaxConnections = 1 }, Timeout = new Timeout(6) { Connect = 2 },
        });
        var url = $"https://localhost:{front.Port}/get";
        await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync(url));
        Assert.Equal(200, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(2, front.Accepted);
    }

    [Fact]
    public async Task Handshake_failures_use_up_the_retries_and_the_error_says_how_many_attempts()
    {
        await using var front = new FlakyTcpFront(new Url(_server.HttpsUrl).Port!.Value, failing: 3, FlakyTcpFront.Failure.Close);
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false, Retries = 1 });
        var url = $"https://localhost:{front.Port}/get";
        var e = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync(url));
        Assert.StartsWith($"TLS handshake with localhost:{front.Port} failed: ", e.Message);
        Assert.EndsWith($", after 2 attempts (GET {url})", e.Message);
        Assert.NotNull(e.Request);
        Assert.Equal(2, front.Accepted);
    }

    [Fact]
    public async Task A_certificate_that_fails_verification_is_retried_as_httpcore_does()
    {
        // httpcore maps ssl.SSLCertVerificationError (an OSError) to ConnectError in start_tls, inside its retry loop: a
        // balancer with one backend serving a wrong certificate may send the next connection to a good one.
        await using var front = new FlakyTcpFront(new Url(_server.WrongHostHttpsUrl).Port!.Value, failing: 0, FlakyTcpFront.Failure.Close);
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false, Retries = 1 });
        var url = $"https://localhost:{front.Port}/get";
        var e = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync(url));
        Assert.Contains(", after 2 attempts (GET ", e.Message);
        Assert.Equal(2, front.Accepted);
    }

    [Fact]
    public async Task Local_address_is_the_source_of_the_connection()
    {
        // 127.0.0.2 is loopback on Linux too; the default source would be 127.0.0.1, so this can fail.
        await using var server = new TestServer.ScriptedServer(ServeRemoteAddressAsync);
        using var client = new Httpx.Client(new ClientOptions { LocalAddress = IPAddress.Parse("127.0.0.2") });
        var response = await client.GetAsync($"{server.Url}/");
        Assert.Equal("127.0.0.2", response.Text);
        await server.FirstServed.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_local_address_not_on_this_machine_is_a_ConnectException_naming_it()
    {
        // 192.0.2.1 (TEST-NET-1) is on no interface: binding to it fails before anything is sent.
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client(new ClientOptions { LocalAddress = IPAddress.Parse("192.0.2.1") });
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://127.0.0.1:{port}/"));
        Assert.Contains($"Cannot connect to 127.0.0.1:{port} from the local address 192.0.2.1", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", "[::1]", "IPv4")]
    [InlineData("::1", "127.0.0.1", "IPv6")]
    public void A_local_address_of_the_other_family_than_the_host_says_so_not_that_the_host_does_not_resolve(string local, string host, string family)
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client(new ClientOptions { LocalAddress = IPAddress.Parse(local) });
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://{host}:{port}/"));
        Assert.DoesNotContain("Could not resolve", e.Message);
        // Without IPv6 on the machine, binding to ::1 fails first: the error names the address all the same.
        Assert.Contains($"from the local address {local}", e.Message);
        if (Socket.OSSupportsIPv6) Assert.Contains($"has no {family} address", e.Message);
    }

    [Fact]
    public void A_local_address_of_the_other_family_than_a_names_addresses_says_so_not_that_the_name_does_not_resolve()
    {
        // localhost of a hosts file with 127.0.0.1 only, from ::1: glibc's lookup in IPv6 says the name does not exist,
        // and the error said "Could not resolve host 'localhost'". Where localhost has an IPv6 address too, the request
        // goes to it and is refused.
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client(new ClientOptions { LocalAddress = IPAddress.IPv6Loopback });
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://localhost:{port}/"));
        Assert.DoesNotContain("Could not resolve", e.Message);
        if (Socket.OSSupportsIPv6 && Dns.GetHostAddresses("localhost").All(a => a.AddressFamily != AddressFamily.InterNetworkV6))
            Assert.StartsWith($"Cannot connect to localhost:{port} from the local address ::1: 'localhost' has no IPv6 address", e.Message);
        // A name that does not exist still says so.
        e = Assert.Throws<ConnectException>(() => client.Get($"http://no-such-host.invalid:{port}/"));
        Assert.StartsWith("Could not resolve host 'no-such-host.invalid'", e.Message);
    }

    /// <summary>Answers one request with the peer's address as the body.</summary>
    private static async Task ServeRemoteAddressAsync(TestServer.ScriptedConnection connection)
    {
        if (await connection.ReadHeadAsync() is null) return;
        var body = ((IPEndPoint)connection.Socket.RemoteEndPoint!).Address.ToString();
        await connection.SendAsync($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        connection.CloseSend();
    }

    [Fact]
    public void Unix_domain_socket()
    {
        using var client = new Httpx.Client(new ClientOptions { Uds = _server.UnixSocketPath });
        var r = client.Get("http://localhost/get?via=uds");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("uds", r.Json()!["args"]!["via"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Unix_domain_socket_is_not_sent_to_the_environments_proxy()
    {
        // HTTP_PROXY set for the machine routed a Unix socket client's requests to the proxy, reached through the socket
        // (in HTTPX a socket comes only with a given transport, which leaves the environment's proxies out).
        var environment = new Dictionary<string, string?> { ["HTTP_PROXY"] = "http://127.0.0.1:1", ["ALL_PROXY"] = "http://127.0.0.1:1" };
        using var client = new Httpx.Client(new ClientOptions { Uds = _server.UnixSocketPath }, environment);
        Assert.Empty(client.ProxyMounts);
        var r = client.Get("http://localhost/get?via=uds");
        Assert.Equal("uds", r.Json()!["args"]!["via"]![0]!.GetValue<string>());
        Assert.Equal("/get?via=uds", r.Json()!["raw_target"]!.GetValue<string>());   // origin form: no proxy in between
    }

    [Fact]
    public void Unix_domain_socket_with_a_proxy_is_refused_naming_both_without_the_password()
    {
        // The proxy was reached through the socket (httpcore's proxy pool drops uds without a word instead).
        var e = Assert.Throws<ArgumentException>(() => new HttpTransport(new HttpTransportOptions { Uds = "/run/docker.sock", Proxy = new Proxy("http://ops:s3cret@proxy.example:3128") }));
        Assert.StartsWith("A Unix socket ('/run/docker.sock') takes every connection of a transport, so it cannot be used with a proxy (http://ops:[secure]@proxy.example:3128): give one or the other.", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions { Uds = "/run/docker.sock", Proxy = "http://proxy.example:3128" }));
        Assert.Contains("cannot be used with a proxy", e.Message);
    }

    [Fact]
    public void Unix_domain_socket_that_does_not_exist_is_ConnectException_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.sock");
        using var client = new Httpx.Client(new ClientOptions { Uds = path });
        var e = Assert.Throws<ConnectException>(() => client.Get("http://localhost/get"));
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("does not exist", e.Message);
        // No local address was given (.NET reports ENOENT as AddressNotAvailable).
        Assert.DoesNotContain("local address", e.Message);
    }

    [Fact]
    public void Unix_domain_socket_that_is_a_folder_is_ConnectException_saying_so()
    {
        var path = Directory.CreateTempSubdirectory("httpx-uds-").FullName;
        try
        {
            using var client = new Httpx.Client(new ClientOptions { Uds = path });
            var e = Assert.Throws<ConnectException>(() => client.Get("http://localhost/get"));
            Assert.Contains($"Cannot connect to unix socket '{path}': it is a folder, not a socket", e.Message);
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    [Fact]
    public void Unix_domain_socket_path_of_a_file_with_content_is_ConnectException_saying_it_is_no_socket()
    {
        // The system refuses the connect (ECONNREFUSED), and the error said "Connection refused by unix socket", as of a
        // socket whose server is down. A socket (here one bound and never listening, reached through a link) still reads so.
        var folder = Directory.CreateTempSubdirectory("httpx-uds-").FullName;
        try
        {
            var file = Path.Combine(folder, "config.json");
            File.WriteAllText(file, "{}\n");
            using var client = new Httpx.Client(new ClientOptions { Uds = file });
            var e = Assert.Throws<ConnectException>(() => client.Get("http://localhost/get"));
            Assert.StartsWith($"Cannot connect to unix socket '{file}': it is a file of 3 bytes, not a socket", e.Message);

            var deafPath = Path.Combine(folder, "deaf.sock");
            using var deaf = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            deaf.Bind(new UnixDomainSocketEndPoint(deafPath));
            var link = Path.Combine(folder, "link.sock");
            File.CreateSymbolicLink(link, deafPath);
            using var linked = new Httpx.Client(new ClientOptions { Uds = link });
            e = Assert.Throws<ConnectException>(() => linked.Get("http://localhost/get"));
            Assert.StartsWith($"Connection refused by unix socket '{link}'", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Unix_domain_socket_path_longer_than_the_system_takes_is_refused_when_the_transport_is_made()
    {
        // Refused only at the first connect before, as a .NET argument error put on the URL's host: "Could not connect to
        // localhost:80: The path '...' is of an invalid length ... (Parameter 'path')". Linux takes 107 bytes and a NUL.
        var longest = "/tmp/" + new string('a', 97) + ".sock";
        Assert.Equal(107, longest.Length);
        using (new HttpTransport(new HttpTransportOptions { Uds = longest })) { }
        var e = Assert.Throws<ArgumentException>(() => new HttpTransport(new HttpTransportOptions { Uds = longest[..5] + "b" + longest[5..] }));
        Assert.Equal("uds", e.ParamName);
        Assert.StartsWith($"The Unix socket path '/tmp/b{longest[5..]}' is 108 bytes long, and a socket path on this system holds at most {(OperatingSystem.IsMacOS() ? 103 : 107)}: give a shorter path to the socket (a symbolic link to it will do).", e.Message);
        // Counted in bytes, as the system holds them: 50 two-byte characters.
        e = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions { Uds = "/tmp/" + new string('\u00e9', 50) + ".sock" }));
        Assert.Contains("is 110 bytes long", e.Message);
        e = Assert.Throws<ArgumentException>(() => new HttpTransport(new HttpTransportOptions { Uds = "" }));
        Assert.StartsWith("The Unix socket path is empty: give the path of the socket file.", e.Message);
    }

    [Fact]
    public void Unix_domain_socket_url_without_a_host_is_refused_saying_to_write_one()
    {
        // It went on to the handler, which failed on the empty host as on a name that does not resolve ("Could not
        // resolve host ''"), though nothing is looked up over a socket; curl refuses it too ("No host part in the URL").
        using var client = new Httpx.Client(new ClientOptions { Uds = _server.UnixSocketPath });
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get("http:///get?via=uds"));
        Assert.Equal("Request URL has no host: 'http:///get?via=uds'. Over a Unix socket the host is only sent in the Host header, but a request needs one: write one, as 'http://localhost/get?via=uds'.", e.Message);
        Assert.Equal("uds", client.Get("http://localhost/get?via=uds").Json()!["args"]!["via"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Unix_domain_socket_file_nobody_listens_on_is_a_refused_connection()
    {
        // The file is there but nothing accepts on it (bound, never listening: as a server that hangs), so it is not
        // reported as missing. (.NET removes the file when the socket is disposed.)
        var path = Path.Combine(Path.GetTempPath(), $"deaf-{Guid.NewGuid():N}.sock");
        using var deaf = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        deaf.Bind(new UnixDomainSocketEndPoint(path));
        using var client = new Httpx.Client(new ClientOptions { Uds = path });
        var e = Assert.Throws<ConnectException>(() => client.Get("http://localhost/get"));
        Assert.Contains($"Connection refused by unix socket '{path}'", e.Message);
    }

    [Fact]
    public void Client_certificate_from_pem_files()
    {
        // PEM-loaded keys are ephemeral; SslStream on Linux wants a key it can hand to OpenSSL, hence the PKCS#12 round trip.
        using var pem = X509Certificate2.CreateFromPemFile(_server.ClientCertPemPath, _server.ClientKeyPemPath);
        using var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, ClientCertificate = certificate });
        var r = client.Get(_server.ClientCertHttpsUrl + "/client-cert");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(certificate.Thumbprint, r.Json()!["thumbprint"]!.GetValue<string>());
    }

    [Fact]
    public void Client_certificate_over_h2()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(_server.ClientPfxPath, TestServer.TestServerHost.ClientPfxPassword);
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath, ClientCertificate = certificate });
        var r = client.Get(_server.ClientCertHttpsUrl + "/client-cert");
        Assert.Equal("HTTP/2", r.HttpVersion);
        Assert.Equal(certificate.Thumbprint, r.Json()!["thumbprint"]!.GetValue<string>());
    }

    [Fact]
    public void No_client_certificate_where_one_is_required_is_a_transport_error()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath });
        // With TLS 1.3 the server rejects the missing certificate after the client has finished its handshake, so .NET
        // sees the connection end before the response (RemoteProtocolError) rather than a handshake failure.
        var e = Assert.ThrowsAny<TransportException>(() => client.Get(_server.ClientCertHttpsUrl + "/client-cert"));
        Assert.True(e.HasRequest);
    }

    [Fact]
    public void Verify_takes_certificates_as_well_as_a_path()
    {
        using var byCert = new Httpx.Client(new ClientOptions { Verify = _server.CaCertificate });
        Assert.Equal(200, byCert.Get(_server.HttpsUrl + "/get").StatusCode);
        using var byTransport = new Httpx.Client(new ClientOptions { Transport = new HttpTransport(new HttpTransportOptions { Verify = _server.CaPemPath }) });
        Assert.Equal(200, byTransport.Get(_server.HttpsUrl + "/get").StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_bundle_of_the_root_alone_verifies_a_server_that_sends_its_intermediate_CA(bool http2)
    {
        // The usual public chain: the bundle holds the root, the server sends its leaf and the intermediate that issued
        // it. The chain built against the bundle has to take the intermediate from what the server sent.
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, Http2 = http2 });
        var r = client.Get(_server.IntermediateHttpsUrl + "/get");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(http2 ? "HTTP/2" : "HTTP/1.1", r.HttpVersion);
    }

    [Fact]
    public void Verify_with_a_missing_bundle_is_rejected_naming_the_path()
    {
        var e = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions { Verify = "/no/such/ca.pem" }));
        Assert.Contains("/no/such/ca.pem", e.Message);
    }

    [Fact]
    public void Verify_with_a_file_or_folder_holding_no_certificate_is_refused_as_the_verify_argument_naming_the_path()
    {
        // The module makes the refused value the target of its error from the argument's name: "verify", never "path".
        var folder = Directory.CreateTempSubdirectory("httpx-verify-").FullName;
        var file = Path.Combine(folder, "not-a-ca.pem");
        try
        {
            File.WriteAllText(file, "not a certificate");
            var byFile = Assert.Throws<ArgumentException>(() => new HttpTransport(new HttpTransportOptions { Verify = file, TrustEnv = false }));
            Assert.Equal("verify", byFile.ParamName);
            Assert.Contains(file, byFile.Message);
            File.Delete(file);
            var byFolder = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions { Verify = folder }));
            Assert.Equal("verify", byFolder.ParamName);
            Assert.Contains(folder, byFolder.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // PowerShell calls init accessors as setters: $transport.Options.Retries = 3 was accepted and shown, while the
    // transport kept the handler, pool and limits it had built from the options when it was made. HTTPX's transport
    // keeps no options object to change. A change is refused, naming the setting and saying to make a new transport.
    private static Exception SetAsPowerShellDoes(object target, string property, object? value)
    {
        var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => target.GetType().GetProperty(property)!.SetValue(target, value));
        return e.InnerException!;
    }

    [Fact]
    public void A_transports_options_refuse_a_change_after_it_is_made_and_it_keeps_its_settings()
    {
        using var refusedPort = TestServer.RefusedPort.Reserve();
        var port = refusedPort.Port;
        var given = new HttpTransportOptions { Limits = new Limits { MaxConnections = 3 }, TrustEnv = false };
        using var transport = new HttpTransport(given);
        var e = SetAsPowerShellDoes(transport.Options, "Retries", 2);
        Assert.Equal("A transport's settings are fixed when it is made, so its Options.Retries is not changed here: make a new transport with the setting (New-HttpxTransport -Retries, or [Httpx.HttpTransport]::new() with [Httpx.HttpTransportOptions] set up first).",
            Assert.IsType<InvalidOperationException>(e).Message);
        e = SetAsPowerShellDoes(transport.Options.Limits, "MaxConnections", 1);
        Assert.Equal("A transport's settings are fixed when it is made, so its Options.Limits.MaxConnections is not changed here: make a new transport with the limit (New-HttpxTransport -MaxConnections).",
            Assert.IsType<InvalidOperationException>(e).Message);
        // Each refusal names New-HttpxTransport's parameter for the setting, which is not always the property's name.
        foreach (var (name, value, parameter) in new (string, object?, string)[]
                 {
                     ("Http1", false, "New-HttpxTransport -NoHttp1, or"), ("Http2", true, "New-HttpxTransport -Http2, or"),
                     ("Verify", false, "New-HttpxTransport -Verify or -NoVerify, or"), ("TrustEnv", true, "New-HttpxTransport -NoTrustEnv, or"),
                     ("ClientCertificate", null, "New-HttpxTransport -Certificate, or"), ("Uds", "/tmp/x.sock", "New-HttpxTransport -UnixSocket, or"),
                     ("Proxy", null, "New-HttpxTransport -Proxy, or"), ("LocalAddress", IPAddress.Loopback, "New-HttpxTransport -LocalAddress, or"),
                     ("Limits", new Limits(), "New-HttpxTransport -MaxConnections, -MaxKeepAliveConnections, -KeepAliveExpiry, or"),
                     // New-HttpxTransport has no timeout: only the engine's way is named.
                     ("DefaultTimeout", new Timeout(1), "["),
                 })
            Assert.Contains($"Options.{name} is not changed here: make a new transport with the setting ({parameter}", SetAsPowerShellDoes(transport.Options, name, value).Message);
        Assert.Equal(0, transport.Options.Retries);
        Assert.Equal(3, transport.Options.Limits.MaxConnections);
        // It still sends with what it was made with: one attempt, no "after 2 attempts".
        using var client = new Httpx.Client(new ClientOptions { Transport = transport });
        var refused = Assert.Throws<ConnectException>(() => client.Get($"http://127.0.0.1:{port}/"));
        Assert.DoesNotContain("attempts", refused.Message);
        // What the caller gave is the caller's, as before; copies made with C#'s with are new options to set up.
        typeof(HttpTransportOptions).GetProperty("Retries")!.SetValue(given, 1);
        typeof(Limits).GetProperty("MaxConnections")!.SetValue(given.Limits, 1);
        Assert.Equal(2, (transport.Options with { Retries = 2 }).Retries);
        Assert.Equal(1, (transport.Options.Limits with { MaxConnections = 1 }).MaxConnections);
        Assert.Equal(0, transport.Options.Retries);
        Assert.Equal(3, transport.Options.Limits.MaxConnections);
    }
}
