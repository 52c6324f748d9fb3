using System.Net;
using System.Net.Sockets;
using Httpx.TestServer;

namespace Httpx.Tests.Proxies;

/// <summary>
/// The request's timeouts over a proxy's CONNECT tunnel (an https URL through an HTTP proxy): the handler sets the tunnel
/// up with a CONNECT request of its own, so the request's limits reach it only through the engine.
/// </summary>
public class ProxyTimeoutTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ProxyTimeoutTests(ServerFixture f) => _server = f.Server;

    [Fact]
    public async Task The_requests_connect_limit_times_the_connect_to_the_proxy_of_a_tunnel()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var fillers = AcceptQueue.Fill(port);
        await using var client = new Httpx.Client(new ClientOptions { Proxy = $"http://127.0.0.1:{port}", TrustEnv = false, Timeout = new Timeout(10) });
        var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync("https://example.com/", new RequestOptions { Timeout = new Timeout(10) { Connect = 0.2 } }));
        Assert.StartsWith($"Timed out after 0.2 s connecting to proxy http://127.0.0.1:{port}", e.Message);
    }

    [SkippableFact]
    public async Task The_TLS_handshake_through_a_tunnel_is_timed_by_the_connect_limit()
    {
        ProxyServers.Require(ProxyServers.Squid);
        using var origin = ScriptedServer.Silent();
        var port = origin.Port;
        await using var client = new Httpx.Client(new ClientOptions { Proxy = ProxyServers.Squid, TrustEnv = false, Timeout = new Timeout(10) { Connect = 0.3 } });
        var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync($"https://127.0.0.1:{port}/"));
        Assert.Equal(
            $"Timed out after 0.3 s setting up the connection to 127.0.0.1:{port} through proxy {ProxyServers.Squid}: the proxy took the connection, but the CONNECT tunnel or the TLS handshake with the server did not complete (GET https://127.0.0.1:{port}/)",
            e.Message);
        await origin.FirstAccepted.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("http", "https://example.com/", "the CONNECT tunnel or the TLS handshake with the server")]
    [InlineData("https", "http://example.com/", "the TLS handshake with the proxy")]
    [InlineData("https", "https://example.com/", "the TLS handshake with the proxy, the CONNECT tunnel or the TLS handshake with the server")]
    [InlineData("socks5h", "http://example.com/", "the SOCKS handshake")]
    [InlineData("socks5h", "https://example.com/", "the SOCKS handshake or the TLS handshake with the server")]
    public async Task A_proxy_that_takes_the_connection_and_never_answers_is_a_connect_timeout_naming_it(string scheme, string url, string steps)
    {
        using var proxy = ScriptedServer.Silent();
        var port = proxy.Port;
        await using var client = new Httpx.Client(new ClientOptions { Proxy = $"{scheme}://127.0.0.1:{port}", TrustEnv = false, Timeout = new Timeout(10) { Connect = 0.3 } });
        var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync(url));
        var origin = new Url(url);
        Assert.Equal(
            $"Timed out after 0.3 s setting up the connection to example.com:{origin.EffectivePort} through proxy {scheme}://127.0.0.1:{port}: the proxy took the connection, but {steps} did not complete (GET {url})",
            e.Message);
        await proxy.FirstAccepted.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task The_read_limit_does_not_time_a_tunnel_being_set_up()
    {
        // Only the request, once it went out through the tunnel: a proxy slow to answer its CONNECT is a connect timeout.
        // The read limit is shorter than the connect limit, and both time from the tunnel's start if the read limit
        // timed it, so that one would run out first whatever the load. It is 2 s, not 0.2 s: until the handler asks for
        // the tunnel's connection the read limit is the only one running (ExchangeTimer), and on a busy machine the
        // handler's hops to get there took longer than 0.2 s (a ReadTimeout in 2 of 3 runs).
        using var proxy = ScriptedServer.Silent();
        var port = proxy.Port;
        await using var client = new Httpx.Client(new ClientOptions { Proxy = $"http://127.0.0.1:{port}", TrustEnv = false, Timeout = new Timeout(2) { Connect = 3 } });
        var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync("https://example.com/"));
        Assert.StartsWith("Timed out after 3 s setting up the connection to example.com:443 through proxy", e.Message);
        await proxy.FirstAccepted.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task After_a_request_gave_up_on_a_tunnel_the_next_one_is_timed_by_its_own_connect_limit()
    {
        // The handler tries the given-up tunnel again on its own, for nobody: that attempt went untimed against a proxy
        // that never answers, and the next request to the origin waited behind it until its read limit (a ReadTimeout
        // "waiting for the response"). Each request here has its own limits, as each call of Invoke-Httpx has.
        // The read limit is 2 s, not the connect limit: the next request waits behind that attempt until the previous
        // request's connect limit gives it up, and only its own connection's set-up starts its connect phase, so with
        // equal limits (0.3 s, then 0.4 s) it had 0.1 s to get there, and under load its read limit ran out first (a
        // ReadTimeout after 0.4 s, once in a loaded run). Under 5 s: the handler drops an attempt whose request went
        // away after 5 s of its own, so a read limit of 5 s or more would no longer see an untimed attempt.
        using var proxy = ScriptedServer.Silent();
        var port = proxy.Port;
        await using var client = new Httpx.Client(new ClientOptions { Proxy = $"http://127.0.0.1:{port}", TrustEnv = false, Timeout = new Timeout(30) });
        foreach (var connect in new[] { 0.3, 0.4, 0.5 })
        {
            var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() =>
                client.GetAsync("https://example.com/", new RequestOptions { Timeout = new Timeout(2) { Connect = connect } }));
            Assert.StartsWith($"Timed out after {connect} s setting up the connection to example.com:443 through proxy", e.Message);
        }
    }

    [Fact]
    public async Task A_request_that_takes_over_a_given_up_tunnel_gets_the_retries_of_one_that_set_up_its_own()
    {
        // The handler's attempt again for a request that gave up is taken over by the next request to the origin
        // (TunnelWaiters.Adopt): counted as no connect attempt of that request, it was not retried, a ConnectTimeout after
        // 1 attempt where the calls before and after it made 2 (Retries 1) against the same hung proxy.
        using var proxy = ScriptedServer.Silent();
        await using var client = new Httpx.Client(new ClientOptions { Proxy = $"http://127.0.0.1:{proxy.Port}", TrustEnv = false, Timeout = new Timeout(30) { Connect = 0.3 }, Retries = 1 });
        for (var call = 1; call <= 4; call++)
        {
            var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync("https://example.com/"));
            Assert.EndsWith("did not complete, after 2 attempts (GET https://example.com/)", e.Message);
        }
    }
}
