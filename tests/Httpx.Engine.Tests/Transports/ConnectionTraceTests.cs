using System.Net;
using System.Net.Sockets;
using Httpx.Tests.Proxies;

namespace Httpx.Tests.Transports;

/// <summary>
/// The connection events a request's "trace" extension is told of, as httpcore's (what httpx -v prints its "* Connecting
/// to" lines from): a connect, its address, the TLS handshake; none for a request that reuses a pooled connection.
/// </summary>
public class ConnectionTraceTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ConnectionTraceTests(ServerFixture f) => _server = f.Server;

    // Events are recorded in the order they come (a connection's come from the thread that sets it up).
    private sealed class Recorder
    {
        private readonly List<(string Name, object Info)> _events = [];
        public RequestTrace Trace => (name, info) => { lock (_events) _events.Add((name, info)); };
        public List<(string Name, object Info)> Events { get { lock (_events) return _events.ToList(); } }
        public List<string> Names => Events.Select(e => e.Name).ToList();
        public T Info<T>(string name) => (T)Events.Single(e => e.Name == name).Info;
        public void Clear() { lock (_events) _events.Clear(); }
    }

    private static RequestOptions Traced(Recorder recorder) =>
        new() { Extensions = new Dictionary<string, object?> { ["trace"] = recorder.Trace } };

    private static int PortOf(string url) => new Uri(url).Port;

    [Fact]
    public void Http11_connect_is_traced_before_the_request_and_a_reused_connection_is_not()
    {
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var recorder = new Recorder();
        client.Get(_server.HttpUrl + "/get", Traced(recorder)).Read();
        Assert.Equal(new[]
        {
            RequestTraceEvents.Sending, RequestTraceEvents.ConnectTcpStarted, RequestTraceEvents.ConnectTcpComplete,
            RequestTraceEvents.Received,
        }, recorder.Names);
        Assert.Equal(new ConnectTcpStartedInfo("127.0.0.1", PortOf(_server.HttpUrl), null), recorder.Info<ConnectTcpStartedInfo>(RequestTraceEvents.ConnectTcpStarted));
        var connected = recorder.Info<ConnectTcpCompleteInfo>(RequestTraceEvents.ConnectTcpComplete);
        Assert.Equal(("127.0.0.1", PortOf(_server.HttpUrl)), (connected.RemoteAddress, connected.RemotePort));
        Assert.Equal("127.0.0.1", connected.LocalAddress);
        Assert.NotEqual(0, connected.LocalPort);

        // The same client's next request goes over the pooled connection: nothing to connect, nothing traced.
        recorder.Clear();
        client.Get(_server.HttpUrl + "/get", Traced(recorder)).Read();
        Assert.Equal(new[] { RequestTraceEvents.Sending, RequestTraceEvents.Received }, recorder.Names);
    }

    [Fact]
    public void Https_with_h2_traces_the_handshake_with_its_version_cipher_alpn_and_certificate()
    {
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath, TrustEnv = false });
        var recorder = new Recorder();
        var response = client.Get(_server.HttpsUrl + "/get", Traced(recorder));
        Assert.Equal("HTTP/2", response.HttpVersion);
        Assert.Equal(new[]
        {
            RequestTraceEvents.Sending, RequestTraceEvents.ConnectTcpStarted, RequestTraceEvents.ConnectTcpComplete,
            RequestTraceEvents.StartTlsComplete, RequestTraceEvents.Received,
        }, recorder.Names);
        Assert.Equal(new ConnectTcpStartedInfo("localhost", PortOf(_server.HttpsUrl), null), recorder.Info<ConnectTcpStartedInfo>(RequestTraceEvents.ConnectTcpStarted));
        var tls = recorder.Info<StartTlsCompleteInfo>(RequestTraceEvents.StartTlsComplete);
        Assert.Contains(tls.TlsVersion, new[] { "TLSv1.2", "TLSv1.3" });
        Assert.StartsWith("TLS_", tls.CipherSuite);
        Assert.Equal("h2", tls.AlpnProtocol);
        Assert.Equal("CN=localhost", tls.ServerCertificate!.Subject);
        Assert.True(tls.ServerCertificate.NotAfter > DateTime.Now);

        recorder.Clear();
        client.Get(_server.HttpsUrl + "/get", Traced(recorder));
        Assert.Equal(new[] { RequestTraceEvents.Sending, RequestTraceEvents.Received }, recorder.Names);
    }

    [Fact]
    public void Https_over_http11_only_traces_no_alpn_protocol()
    {
        // .NET offers no ALPN when HTTP/2 is off (httpcore offers "http/1.1"): none was chosen, and the trace says so.
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false });
        var recorder = new Recorder();
        Assert.Equal("HTTP/1.1", client.Get(_server.HttpsUrl + "/get", Traced(recorder)).HttpVersion);
        Assert.Null(recorder.Info<StartTlsCompleteInfo>(RequestTraceEvents.StartTlsComplete).AlpnProtocol);

        // Offered h2 and http/1.1, a server that speaks HTTP/1.1 alone chooses it.
        using var http2 = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath, TrustEnv = false });
        recorder.Clear();
        Assert.Equal("HTTP/1.1", http2.Get(_server.Http1HttpsUrl + "/get", Traced(recorder)).HttpVersion);
        Assert.Equal("http/1.1", recorder.Info<StartTlsCompleteInfo>(RequestTraceEvents.StartTlsComplete).AlpnProtocol);
    }

    [Fact]
    public void H2c_traces_the_connect_and_no_handshake()
    {
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true, TrustEnv = false });
        var recorder = new Recorder();
        Assert.Equal("HTTP/2", client.Get(_server.H2cUrl + "/get", Traced(recorder)).HttpVersion);
        Assert.Equal(new[]
        {
            RequestTraceEvents.Sending, RequestTraceEvents.ConnectTcpStarted, RequestTraceEvents.ConnectTcpComplete,
            RequestTraceEvents.Received,
        }, recorder.Names);
    }

    [Fact]
    public void A_unix_socket_connect_is_traced_with_its_path()
    {
        using var client = new Httpx.Client(new ClientOptions { Uds = _server.UnixSocketPath, TrustEnv = false });
        var recorder = new Recorder();
        Assert.Equal(200, client.Get("http://localhost/get", Traced(recorder)).StatusCode);
        Assert.Equal(new[]
        {
            RequestTraceEvents.Sending, RequestTraceEvents.ConnectUnixSocketStarted, RequestTraceEvents.ConnectUnixSocketComplete,
            RequestTraceEvents.Received,
        }, recorder.Names);
        Assert.All(recorder.Events.Skip(1).Take(2), e => Assert.Equal(new ConnectUnixSocketInfo(_server.UnixSocketPath), e.Info));
    }

    [Fact]
    public void A_refused_connect_is_traced_as_started_once_per_attempt_before_the_error()
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false, Retries = 1 });
        var recorder = new Recorder();
        Assert.Throws<ConnectException>(() => client.Get($"http://127.0.0.1:{port}/", Traced(recorder)));
        Assert.Equal(new[] { RequestTraceEvents.Sending, RequestTraceEvents.ConnectTcpStarted, RequestTraceEvents.ConnectTcpStarted }, recorder.Names);
        Assert.Equal(new ConnectTcpStartedInfo("127.0.0.1", port, null), recorder.Events[1].Info);
    }

    [Fact]
    public void A_url_password_never_reaches_the_connect_events()
    {
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var recorder = new Recorder();
        client.Get(_server.HttpUrl.Replace("://", "://user:s3cret@", StringComparison.Ordinal) + "/get", Traced(recorder));
        Assert.Equal("127.0.0.1", recorder.Info<ConnectTcpStartedInfo>(RequestTraceEvents.ConnectTcpStarted).Host);
        Assert.DoesNotContain("s3cret", string.Join("\n", recorder.Events.Where(e => e.Name.StartsWith("connection.", StringComparison.Ordinal)).Select(e => e.Info.ToString())));
    }

    [SkippableFact]
    public void Through_a_forwarding_proxy_the_connect_goes_to_the_proxy_and_says_so()
    {
        ProxyServers.Require(ProxyServers.Squid);
        var proxy = new Proxy(ProxyServers.Squid);
        using var client = new Httpx.Client(new ClientOptions { Proxy = ProxyServers.Squid, TrustEnv = false });
        var recorder = new Recorder();
        client.Get(_server.HttpUrl + "/get", Traced(recorder));
        Assert.Equal(new ConnectTcpStartedInfo(proxy.Url.Host, proxy.Port, proxy.Display), recorder.Info<ConnectTcpStartedInfo>(RequestTraceEvents.ConnectTcpStarted));
        Assert.Equal(proxy.Port, recorder.Info<ConnectTcpCompleteInfo>(RequestTraceEvents.ConnectTcpComplete).RemotePort);
    }

    [SkippableFact]
    public void Through_a_connect_tunnel_the_handshake_is_the_origins()
    {
        ProxyServers.Require(ProxyServers.Squid);
        var proxy = new Proxy(ProxyServers.Squid);
        using var client = new Httpx.Client(new ClientOptions { Proxy = ProxyServers.Squid, Verify = _server.CaPemPath, TrustEnv = false });
        var recorder = new Recorder();
        client.Get(_server.HttpsUrl + "/get", Traced(recorder));
        Assert.Equal(new[]
        {
            RequestTraceEvents.Sending, RequestTraceEvents.ConnectTcpStarted, RequestTraceEvents.ConnectTcpComplete,
            RequestTraceEvents.StartTlsComplete, RequestTraceEvents.Received,
        }, recorder.Names);
        Assert.Equal(new ConnectTcpStartedInfo(proxy.Url.Host, proxy.Port, proxy.Display), recorder.Info<ConnectTcpStartedInfo>(RequestTraceEvents.ConnectTcpStarted));
        Assert.Equal("CN=localhost", recorder.Info<StartTlsCompleteInfo>(RequestTraceEvents.StartTlsComplete).ServerCertificate!.Subject);
    }

    [SkippableFact]
    public void Through_socks5_the_connect_goes_to_the_proxy()
    {
        ProxyServers.Require(ProxyServers.Socks5);
        var proxy = new Proxy(ProxyServers.Socks5);
        using var client = new Httpx.Client(new ClientOptions { Proxy = ProxyServers.Socks5, TrustEnv = false });
        var recorder = new Recorder();
        client.Get(_server.HttpUrl + "/get", Traced(recorder));
        Assert.Equal(new ConnectTcpStartedInfo(proxy.Url.Host, proxy.Port, proxy.Display), recorder.Info<ConnectTcpStartedInfo>(RequestTraceEvents.ConnectTcpStarted));
    }

    [Fact]
    public async Task A_connection_set_going_for_a_request_that_went_out_on_another_tells_its_trace_nothing_more()
    {
        // The handler's pool (.NET 6+): a request waiting for a connection sets one going, but goes out on whichever is
        // free first, and the new one serves a later request. httpcore's trace only ever sees the connection its request
        // uses; here the TLS handshake of that other connection finished after the request had its answer, and was told
        // to its trace then (an item's next hop under -Verbose, with the lines of a connection it never used).
        using var certificate = SelfSignedCertificate.ForLoopback();
        var hold1 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held1 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold2 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondHandshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new TestServer.ScriptedServer(async connection =>
        {
            // The second connection's handshake waits until the test lets it go. Each wait ends when the server is
            // disposed, so a test that fails before it lets go leaves no script waiting.
            if (connection.Number == 2) await secondHandshake.Task.WaitAsync(connection.Stopping);
            using var tls = new System.Net.Security.SslStream(connection.Stream);
            try
            {
                await tls.AuthenticateAsServerAsync(new System.Net.Security.SslServerAuthenticationOptions { ServerCertificate = certificate });
                var head = new List<byte>();
                var buffer = new byte[1];
                while (await tls.ReadAsync(buffer) > 0)
                {
                    head.Add(buffer[0]);
                    if (head.Count < 4 || head[^1] != '\n' || head[^3] != '\n') continue;
                    var text = System.Text.Encoding.ASCII.GetString(head.ToArray());
                    head.Clear();
                    if (text.StartsWith("GET /hold1", StringComparison.Ordinal))
                    {
                        held1.TrySetResult();
                        await hold1.Task.WaitAsync(connection.Stopping);
                    }
                    if (text.StartsWith("GET /hold2", StringComparison.Ordinal)) await hold2.Task.WaitAsync(connection.Stopping);
                    await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException) { }
        });
        var url = $"https://127.0.0.1:{server.Port}";
        using var client = new Httpx.Client(new ClientOptions { Verify = false, TrustEnv = false });
        // The first connection, busy with a held request.
        var first = client.GetAsync(url + "/hold1");
        await held1.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The second request waits, and sets a second connection going: connected, its handshake held.
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new Recorder();
        RequestTrace trace = (name, info) =>
        {
            recorder.Trace(name, info);
            if (name == RequestTraceEvents.ConnectTcpComplete) connected.TrySetResult();
        };
        var waiting = client.GetAsync(url + "/get", new RequestOptions { Extensions = new Dictionary<string, object?> { ["trace"] = trace } });
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The first connection comes free first: the waiting request goes out on it and has its answer.
        hold1.SetResult();
        Assert.Equal("ok", (await first).Text);
        Assert.Equal("ok", (await waiting).Text);
        // The first connection busy again, a third request takes the second once its handshake is done: by its answer the
        // handler has told the second connection's set-up to whoever it tells.
        var busy = client.GetAsync(url + "/hold2");
        var third = client.GetAsync(url + "/get");
        secondHandshake.SetResult();
        Assert.Equal("ok", (await third).Text);
        hold2.SetResult();
        await busy;
        Assert.Equal(2, server.Accepted);
        Assert.Equal(RequestTraceEvents.Received, recorder.Names[^1]);
        Assert.DoesNotContain(RequestTraceEvents.StartTlsComplete, recorder.Names);
    }

    [Theory]
    [InlineData(RequestTraceEvents.ConnectTcpStarted, false)]
    [InlineData(RequestTraceEvents.ConnectTcpComplete, false)]
    [InlineData(RequestTraceEvents.StartTlsComplete, true)]
    public void An_exception_of_the_trace_reaches_the_caller_as_it_is_and_the_client_goes_on(string failingEvent, bool https)
    {
        // As httpcore's trace calls: an exception there is the caller's own, not a failed connect ("Could not connect to
        // 127.0.0.1:port: mine", a ConnectError for a connection that had connected).
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false, Retries = 1 });
        var url = (https ? _server.HttpsUrl : _server.HttpUrl) + "/get";
        var calls = 0;
        RequestTrace trace = (name, _) =>
        {
            if (name != failingEvent) return;
            calls++;
            throw new InvalidOperationException("the trace's own");
        };
        var e = Assert.Throws<InvalidOperationException>(() => client.Get(url, new RequestOptions { Extensions = new Dictionary<string, object?> { ["trace"] = trace } }));
        Assert.Equal("the trace's own", e.Message);
        Assert.Equal(1, calls);
        Assert.Equal(200, client.Get(url).StatusCode);
    }
}
