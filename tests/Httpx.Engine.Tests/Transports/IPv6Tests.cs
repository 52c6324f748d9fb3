using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Httpx.TestServer;
using Httpx.Tests.Proxies;

namespace Httpx.Tests.Transports;

/// <summary>
/// IPv6 literals end to end over real sockets, against the test server's [::1] listeners: the Host header, the
/// certificate checked by IP address, HTTP/2, redirects, cookies, zones and an HTTP proxy that is an IPv6 literal.
/// Skipped where the machine has no ::1.
/// </summary>
public class IPv6Tests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public IPv6Tests(ServerFixture fixture) => _server = fixture.Server;

    private string Http => _server.HttpIPv6Url ?? throw new SkipException("this machine has no ::1");
    private string Https => _server.HttpsIPv6Url ?? throw new SkipException("this machine has no ::1");
    private string Zoned => _server.HttpIPv6ZonedUrl ?? throw new SkipException("this machine has no ::1");
    private static int PortOf(string url) => new Uri(url).Port;

    private static string Header(Response response, string name) =>
        response.Json()!["headers"]![name]?[0]?.GetValue<string>() ?? "";

    [SkippableFact]
    public void A_request_to_an_ipv6_literal_sends_its_host_in_brackets()
    {
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var response = client.Get(Http + "/get");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal($"[::1]:{PortOf(Http)}", Header(response, "Host"));
        Assert.Equal(Http + "/get", response.Url.ToString());
    }

    [SkippableTheory]
    [InlineData(false, "HTTP/1.1")]
    [InlineData(true, "HTTP/2")]
    public void Https_to_an_ipv6_literal_checks_the_certificate_by_its_address(bool http2, string version)
    {
        // The leaf names 127.0.0.1 and ::1 as IP addresses (and localhost): verification matches the literal there.
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, Http2 = http2, TrustEnv = false });
        var response = client.Get(Https + "/get");
        Assert.Equal(version, response.HttpVersion);
        Assert.Equal($"[::1]:{PortOf(Https)}", Header(response, "Host"));
    }

    [SkippableFact]
    public void A_protocol_relative_redirect_to_an_ipv6_literal_is_followed_and_keeps_auth_on_the_same_origin()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, TrustEnv = false });
        var location = $"//[::1]:{PortOf(Http)}/get";
        var response = client.Get($"{Http}/redirect-to?url={Uri.EscapeDataString(location)}",
            new RequestOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" } });
        Assert.Equal(Http + "/get", response.Url.ToString());
        Assert.Single(response.History);
        Assert.Equal("Bearer t", Header(response, "Authorization"));
    }

    [SkippableFact]
    public void A_redirect_from_an_ipv6_literal_to_another_host_drops_auth()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, TrustEnv = false });
        var response = client.Get($"{Http}/redirect-to?url={Uri.EscapeDataString(_server.HttpUrl + "/get")}",
            new RequestOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" } });
        Assert.Equal(_server.HttpUrl + "/get", response.Url.ToString());
        Assert.Equal("", Header(response, "Authorization"));
    }

    [SkippableFact]
    public void Cookies_set_by_an_ipv6_host_are_its_own_and_go_back_to_it_alone()
    {
        // RFC 6265 and curl: no domain cookies for an IP address; a Domain equal to the host ('::1') is a host-only
        // cookie, a bracketed one ('[::1]') names no domain of the host and is refused. Python's cookiejar (HTTPX)
        // refuses 'Domain=::1' and keeps 'Domain=[::1]' as '.[::1]' without ever sending it.
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var set = string.Join("&", new[] { "a=1; Path=/", "b=2; Domain=::1; Path=/", "c=3; Domain=[::1]; Path=/" }
            .Select(h => "h=" + Uri.EscapeDataString(h)));
        client.Get($"{Http}/cookies/set-raw?{set}");
        Assert.Equal(new[] { "a", "b" }, client.Cookies.Jar.Select(c => c.Name).Order());
        Assert.All(client.Cookies.Jar, c => Assert.True(c.HostOnly));
        Assert.Equal("a=1; b=2", Header(client.Get(Http + "/get"), "Cookie"));
        Assert.Equal("", Header(client.Get(_server.HttpUrl + "/get"), "Cookie"));
    }

    [SkippableFact]
    public async Task A_zone_written_as_rfc_6874_has_it_percent_encoded_connects_through_that_interface()
    {
        // "[fe80::...%25eth0]" is the zone "eth0": .NET's Uri kept "25eth0", an interface the system does not have, and
        // the connect failed ("Invalid argument"). curl connects so; HTTPX hands "fe80::...%25eth0" to the resolver,
        // which fails. A link-local address needs its zone (a loopback one does not): a one-answer server on one.
        var (listener, bare, zone) = LinkLocalListener();
        using var _ = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var url = $"http://[{bare}%25{zone}]:{port}/get";
        var served = AnswerOnceAsync(listener, head => head.Split("\r\n")
            .First(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))[5..].Trim());
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var response = await client.GetAsync(url);
        await served;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(url, response.Url.ToString());
        // RFC 6874 section 4: the zone means nothing to the server and is not sent.
        Assert.Equal($"[{bare}]:{port}", response.Text);
    }

    [SkippableFact]
    public void The_host_header_of_a_url_with_a_zone_is_the_one_sent_without_the_zone()
    {
        // RFC 6874 section 4, as curl and the handler send it. HTTPX puts its netloc, zone and all, in Host (and sends it):
        // here the request's headers show what went on the wire.
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var response = client.Get(Zoned + "/get");
        var host = $"[::1]:{PortOf(Http)}";
        Assert.Equal(host, Header(response, "Host"));
        Assert.Equal(host, response.Request.Headers.Get("Host"));
        Assert.Equal(Zoned + "/get", response.Url.ToString());
    }

    [SkippableFact]
    public async Task A_socks5_proxy_that_resolves_names_here_sends_no_zone_in_the_host_header()
    {
        // socks5:// (names resolved on this machine) sets Host itself whenever the target it hands the handler differs from
        // the URL's host, and a zone taken off the target (the proxy cannot use it) made it differ: the Host made from the
        // URL went out with its zone, which Kestrel answers with 400.
        await using var socks = new MiniSocks5Server();
        using var client = new Httpx.Client(new ClientOptions { Proxy = $"socks5://127.0.0.1:{socks.Port}", TrustEnv = false });
        var response = await client.GetAsync(Zoned + "/get");
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(("ipv6", "::1", PortOf(Http)), Assert.Single(socks.Requests));
        Assert.Equal($"[::1]:{PortOf(Http)}", Header(response, "Host"));
    }

    [SkippableFact]
    public async Task A_proxy_at_a_link_local_address_with_a_zone_is_connected_through_that_interface()
    {
        // As a target URL's zone: the proxy's Uri kept "%25" and the system looked for an interface "25eth0" ("Invalid
        // argument"), where the same host as a target connected. A one-answer HTTP proxy on a link-local address.
        var (listener, bare, zone) = LinkLocalListener();
        using var _ = listener;
        var proxy = $"http://[{bare}%25{zone}]:{((IPEndPoint)listener.LocalEndpoint).Port}";
        var served = AnswerOnceAsync(listener, head => head[..head.IndexOf("\r\n", StringComparison.Ordinal)]);
        using var client = new Httpx.Client(new ClientOptions { Proxy = proxy, TrustEnv = false });
        var response = await client.GetAsync("http://example.invalid/path");
        await served;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("GET http://example.invalid/path HTTP/1.1", response.Text);
    }

    // A listener on an IPv6 link-local address of an interface that is up, with the address without its zone and the
    // zone: the interface's name when it is a plain one (eth0), as users write it, else its index, which every system takes.
    private static (TcpListener Listener, string Address, string Zone) LinkLocalListener()
    {
        var linkLocal = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(a => (Interface: i, a.Address)))
            .FirstOrDefault(x => x.Address.IsIPv6LinkLocal);
        Skip.If(linkLocal.Address is null, "no interface has an IPv6 link-local address");
        var listener = new TcpListener(linkLocal.Address, 0);
        try { listener.Start(); }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new SkipException($"cannot listen on {linkLocal.Address}: {e.Message}");
        }
        var zone = linkLocal.Interface.Name.All(char.IsAsciiLetterOrDigit) ? linkLocal.Interface.Name : linkLocal.Address.ScopeId.ToString();
        return (listener, new IPAddress(linkLocal.Address.GetAddressBytes()).ToString(), zone);
    }

    // Takes one connection and answers its request with 200 and what answer makes of the request head as the body.
    private static Task AnswerOnceAsync(TcpListener listener, Func<string, string> answer) => Task.Run(async () =>
    {
        using var socket = await listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket);
        var body = answer((await TestServer.RequestHead.ReadAsync(socket))!);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
    });

    [SkippableTheory]
    [InlineData("http://[fe80::1]:9/", "a link-local address needs the network interface to use")]
    [InlineData("http://[fe80::1%25no-such-interface]:9/", "the zone 'no-such-interface' names no network interface of this machine")]
    public void A_link_local_address_without_a_known_interface_says_so(string url, string expected)
    {
        // The system's "Invalid argument" alone was the message (HTTPX's and curl's too).
        _ = Http;
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = false });
        var error = Assert.Throws<ConnectException>(() => client.Get(url));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("https://[fe80::1%25eth0]:9/get")]
    [InlineData("https://[fe80::1%eth0]:9/get")]
    public async Task A_proxy_never_sees_the_zone_of_an_ipv6_target(string url)
    {
        // RFC 6874 section 4: a client or proxy MUST remove a zone from an outgoing URI, as it means something on the
        // sending machine only. The handler drops it from a forwarded request line and Host, but wrote the CONNECT line
        // and its Host as 'CONNECT [fe80::1%eth0]:9', a zone the proxy cannot use, in a form that is no valid authority.
        // A proxy on 127.0.0.1 that answers 407: no IPv6 is needed.
        var served = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var proxy = new TestServer.ScriptedServer(async c =>
        {
            served.TrySetResult((await c.ReadHeadAsync())?.Split("\r\n") ?? []);
            await c.SendAsync("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        });
        using var client = new Httpx.Client(new ClientOptions { Proxy = proxy.Url, TrustEnv = false });
        await Assert.ThrowsAsync<ProxyException>(() => client.GetAsync(url));
        var head = await served.Task;
        Assert.Equal("CONNECT [fe80::1]:9 HTTP/1.1", head[0]);
        Assert.Contains("Host: [fe80::1]:9", head);
    }

    [SkippableFact]
    public void An_http_proxy_that_is_an_ipv6_literal_forwards_and_tunnels_to_ipv6_literals()
    {
        // squid listens on 127.0.0.1: a front on [::1] relays to it, so that the proxy URL is http://[::1]:port. The
        // targets go bracketed in the request line and the CONNECT ('CONNECT [::1]:port'); httpcore (HTTPX) writes
        // them bare ('CONNECT ::1:port'), which squid refuses (400).
        ProxyServers.Require(ProxyServers.Squid);
        _ = Http;
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var squidPort = PortOf(ProxyServers.Squid);
        var front = Task.Run(async () =>
        {
            var sessions = new List<Task>();
            try
            {
                while (true)
                {
                    var accepted = await listener.AcceptSocketAsync(stop.Token);
                    sessions.Add(Task.Run(async () => { using (accepted) await LoopbackRelay.RelayAsync(accepted, squidPort, stop.Token); }));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
            await Task.WhenAll(sessions);
        });
        try
        {
            var proxy = $"http://[::1]:{((IPEndPoint)listener.LocalEndpoint).Port}";
            using var client = new Httpx.Client(new ClientOptions { Proxy = proxy, Verify = _server.CaPemPath, TrustEnv = false });
            var forwarded = client.Get(Http + "/get");
            Assert.Equal(200, forwarded.StatusCode);
            Assert.Contains("squid", Header(forwarded, "Via"));
            Assert.Equal($"[::1]:{PortOf(Http)}", Header(forwarded, "Host"));
            var tunnelled = client.Get(Https + "/get");
            Assert.Equal(200, tunnelled.StatusCode);
            Assert.Equal($"[::1]:{PortOf(Https)}", Header(tunnelled, "Host"));
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            front.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
