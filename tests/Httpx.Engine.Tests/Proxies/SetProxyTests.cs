using Httpx.TestServer;

namespace Httpx.Tests.Proxies;

/// <summary>
/// Client.SetProxy: an existing client's proxies replaced (HTTPX fixes them at construction; the PowerShell module's
/// Set-HttpxProxy -Client needs to change them), through the real squid on loopback.
/// </summary>
public class SetProxyTests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public SetProxyTests(ServerFixture fixture) => _server = fixture.Server;

    private static string Via(Response response) => response.Json()!["headers"]!["Via"]?.ToJsonString() ?? "";

    [SkippableFact]
    public void A_direct_client_is_switched_to_squid_then_back_to_direct()
    {
        ProxyServers.Require(ProxyServers.Squid);
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        Assert.Equal("", Via(client.Get(_server.HttpUrl + "/get")));

        client.SetProxy(ProxyServers.Squid, "test");
        Assert.Contains("squid", Via(client.Get(_server.HttpUrl + "/get")));
        var mount = Assert.Single(client.ProxyMounts);
        Assert.Equal(("all://", ProxyServers.Squid, "test"), (mount.Pattern.Pattern, mount.Proxy!.Display, mount.Source));

        client.SetProxy(null);
        Assert.Equal("", Via(client.Get(_server.HttpUrl + "/get")));
        Assert.Empty(client.ProxyMounts);
        Assert.Equal("no proxy configured", client.ProxyFor(new Url(_server.HttpUrl)).Reason);
    }

    [SkippableFact]
    public void Routes_with_null_send_their_urls_direct()
    {
        ProxyServers.Require(ProxyServers.Squid);
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var host = new Url(_server.HttpUrl).Host;
        client.SetProxy(new Dictionary<string, object?> { ["all://"] = ProxyServers.Squid, [$"all://{host}"] = null }, "test");

        Assert.Equal("", Via(client.Get(_server.HttpUrl + "/get")));
        var route = client.ProxyFor(new Url(_server.HttpUrl + "/get"));
        Assert.True(route.IsDirect);
        Assert.Equal($"test pattern 'all://{host}' is set to no proxy", route.Reason);
        Assert.Equal(ProxyServers.Squid, client.ProxyFor(new Url("http://example.com")).Proxy);
    }

    [Fact]
    public async Task Replaced_proxy_transports_are_disposed_and_mounts_stay()
    {
        var mock = new MockTransport(_ => new Response(204));
        using var client = new Httpx.Client(
            new ClientOptions { Proxy = "http://127.0.0.1:3128", Mounts = new Dictionary<string, ITransport?> { ["http://mocked.example"] = mock } },
            new Dictionary<string, string?>());
        var old = client.TransportFor(new Url("http://example.com"));
        Assert.IsType<HttpTransport>(old);

        client.SetProxy("socks5://127.0.0.1:1080");
        Assert.NotSame(old, client.TransportFor(new Url("http://example.com")));
        Assert.Equal("socks5://127.0.0.1:1080", client.ProxyFor(new Url("http://example.com")).Proxy);
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => old.HandleRequestAsync(new Request("GET", "http://example.com")));
        Assert.Same(mock, client.TransportFor(new Url("http://mocked.example")));
        Assert.Equal(204, (await client.GetAsync("http://mocked.example")).StatusCode);
    }

    [Fact]
    public void Clearing_goes_back_to_the_environment()
    {
        var environment = new Dictionary<string, string?> { ["HTTPS_PROXY"] = "http://127.0.0.1:3128" };
        using var client = new Httpx.Client(new ClientOptions(), environment);
        client.SetProxy("socks5://127.0.0.1:1080", "Set-HttpxProxy");
        Assert.Equal("Set-HttpxProxy", client.ProxyFor(new Url("https://example.com")).Reason);

        client.SetProxy(null);
        var mount = Assert.Single(client.ProxyMounts);
        Assert.Equal(("https://", "environment variable HTTPS_PROXY"), (mount.Pattern.Pattern, mount.Source));
        Assert.Equal("http://127.0.0.1:3128", client.ProxyFor(new Url("https://example.com")).Proxy);
    }

    [Theory]
    [InlineData("ftp://user:hunter2@proxy.example:21", "'ftp://user:[secure]@proxy.example:21'")]
    [InlineData("http://user:hunter2@proxy.example:notaport", null)]
    [InlineData("proxy.example:3128", null)]
    public void An_invalid_proxy_changes_nothing_and_hides_the_password(string bad, string? shown)
    {
        using var client = new Httpx.Client(new ClientOptions { Proxy = "http://127.0.0.1:3128" }, new Dictionary<string, string?>());
        var e = Assert.ThrowsAny<ArgumentException>(() => client.SetProxy(new Dictionary<string, object?> { ["https://"] = bad }));
        Assert.DoesNotContain("hunter2", e.ToString());
        if (shown is not null) Assert.Contains(shown, e.Message);
        Assert.Equal("http://127.0.0.1:3128", client.ProxyFor(new Url("https://example.com")).Proxy);
    }

    [Fact]
    public void A_closed_client_refuses()
    {
        var client = new Httpx.Client(new ClientOptions(), new Dictionary<string, string?>());
        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => client.SetProxy("http://127.0.0.1:3128"));
    }

    [SkippableFact]
    public void Removing_a_route_keeps_the_others_and_their_connections()
    {
        ProxyServers.Require(ProxyServers.Squid);
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var host = new Url(_server.HttpUrl).Host;
        client.SetProxy(new Dictionary<string, object?> { ["all://"] = ProxyServers.Squid, [$"all://{host}"] = null }, "test");
        Assert.Equal("", Via(client.Get(_server.HttpUrl + "/get")));
        var squid = client.TransportFor(new Url("http://example.com"));

        // Any case of scheme and host names the route.
        Assert.True(client.RemoveProxyRoute($"ALL://{host.ToUpperInvariant()}"));
        Assert.Contains("squid", Via(client.Get(_server.HttpUrl + "/get")));
        Assert.Same(squid, client.TransportFor(new Url(_server.HttpUrl)));
        Assert.Equal("all://", Assert.Single(client.ProxyMounts).Pattern.Pattern);
        Assert.False(client.RemoveProxyRoute($"all://{host}"));
    }

    [Fact]
    public async Task Removing_the_last_route_goes_direct_not_back_to_the_environment()
    {
        var environment = new Dictionary<string, string?> { ["ALL_PROXY"] = "http://127.0.0.1:3128" };
        var mock = new MockTransport(_ => new Response(204));
        using var client = new Httpx.Client(
            new ClientOptions { Mounts = new Dictionary<string, ITransport?> { ["http://mocked.example"] = mock } }, environment);
        client.SetProxy(new Dictionary<string, object?> { ["https://"] = "socks5://127.0.0.1:1080", ["http://"] = "http://u:hunter2@127.0.0.1:3128" }, "test");
        var socks = client.TransportFor(new Url("https://example.com"));
        var http = client.TransportFor(new Url("http://example.com"));

        Assert.True(client.RemoveProxyRoute("http://"));
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => http.HandleRequestAsync(new Request("GET", "http://example.com")));
        Assert.Same(socks, client.TransportFor(new Url("https://example.com")));
        Assert.True(client.ProxyFor(new Url("http://example.com")).IsDirect);

        Assert.True(client.RemoveProxyRoute("https://"));
        Assert.Empty(client.ProxyMounts);
        Assert.True(client.ProxyFor(new Url("https://example.com")).IsDirect);
        Assert.Same(mock, client.TransportFor(new Url("http://mocked.example")));
        Assert.False(client.RemoveProxyRoute("all://"));
        Assert.Throws<ArgumentException>(() => client.RemoveProxyRoute("https"));

        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => client.RemoveProxyRoute("all://"));
    }
}
