namespace Httpx.Tests.Transports;

/// <summary>HTTPX's mount patterns pick the most specific transport: ports first, then longer hosts, then schemes.</summary>
public class MountsTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public MountsTests(ServerFixture f) => _server = f.Server;

    private static MockTransport Named(string name) => new(_ => new Response(200, text: name));

    private static Httpx.Client ClientWithMounts() => new(new ClientOptions
    {
        Transport = Named("default"),
        Mounts = new Dictionary<string, ITransport?>
        {
            ["all://"] = Named("all"),
            ["https://"] = Named("https"),
            ["all://*example.com"] = Named("*example.com"),
            ["all://*.example.com"] = Named("*.example.com"),
            ["all://*:1234"] = Named("*:1234"),
            ["http://specific.org"] = Named("http://specific.org"),
        },
    });

    [Theory]
    [InlineData("http://other.org/", "all")]
    [InlineData("https://other.org/", "https")]
    [InlineData("http://example.com/", "*example.com")]
    [InlineData("https://example.com/", "*example.com")]
    [InlineData("http://www.example.com/", "*.example.com")]
    [InlineData("https://a.b.example.com/", "*.example.com")]
    [InlineData("http://notexample.com/", "all")]
    [InlineData("http://other.org:1234/", "*:1234")]
    [InlineData("https://www.example.com:1234/", "*:1234")]
    [InlineData("http://specific.org/", "http://specific.org")]
    [InlineData("https://specific.org/", "https")]
    public void Most_specific_mount_wins(string url, string expected)
    {
        using var client = ClientWithMounts();
        Assert.Equal(expected, client.Get(url).Text);
    }

    [Theory]
    // A scheme's default port in a pattern is the port the request connects to, written or not. HTTPX drops it from the
    // pattern, so that "https://example.org:443" matched every port and "all://example.org:443" no https:// URL.
    [InlineData("https://example.org/", "https://example.org:443")]
    [InlineData("https://example.org:8443/", "https://example.org")]
    [InlineData("http://example.org:443/", "all://example.org:443")]
    [InlineData("http://example.org/", "http://example.org:80")]
    public void A_default_port_in_a_pattern_is_the_port_the_url_connects_to(string url, string expected)
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = Named("default"),
            Mounts = new Dictionary<string, ITransport?>
            {
                ["https://example.org:443"] = Named("https://example.org:443"),
                ["https://example.org"] = Named("https://example.org"),
                ["all://example.org:443"] = Named("all://example.org:443"),
                ["http://example.org:80"] = Named("http://example.org:80"),
            },
        });
        Assert.Equal(expected, client.Get(url).Text);
    }

    [Fact]
    public void A_mount_on_port_443_for_every_scheme_takes_https_urls_that_do_not_write_the_port()
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = Named("default"),
            Mounts = new Dictionary<string, ITransport?> { ["all://"] = Named("all"), ["all://example.org:443"] = Named("example.org:443") },
        });
        Assert.Equal("example.org:443", client.Get("https://example.org/").Text);
        Assert.Equal("all", client.Get("http://example.org/").Text);
    }

    [Fact]
    public void Unmatched_urls_use_the_default_transport()
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = Named("default"),
            Mounts = new Dictionary<string, ITransport?> { ["https://"] = Named("https") },
        });
        Assert.Equal("default", client.Get("http://example.org/").Text);
        Assert.Equal("https", client.Get("https://example.org/").Text);
    }

    [Fact]
    public void A_null_mount_means_the_real_default_transport()
    {
        // Everything is mocked except the test server, which goes over the network.
        var port = new Url(_server.HttpUrl).Port;
        using var client = new Httpx.Client(new ClientOptions
        {
            Mounts = new Dictionary<string, ITransport?>
            {
                ["all://"] = Named("mocked"),
                [$"http://127.0.0.1:{port}"] = null,
            },
        });
        Assert.Equal("mocked", client.Get("http://elsewhere.example/").Text);
        var real = client.Get(_server.HttpUrl + "/get");
        Assert.Equal("GET", real.Json()!["method"]!.GetValue<string>());
        Assert.Equal("HTTP/1.1", real.HttpVersion);
    }

    [Fact]
    public void A_plain_scheme_key_is_rejected_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions
        {
            Mounts = new Dictionary<string, ITransport?> { ["https"] = Named("x") },
        }));
        Assert.Contains("\"https://\"", e.Message);
    }

    [Theory]
    [InlineData("*.corp.example", "instead of \"*.corp.example\", use \"all://*.corp.example\"")]
    [InlineData("10.0.0.0/8", "instead of \"10.0.0.0/8\", use \"all://10.0.0.0/8\"")]
    [InlineData("all://.corp.example", "'all://.corp.example' has a host that starts with '.', which no URL's host does: \"all://*.corp.example\" routes its subdomains, \"all://*corp.example\" the domain and its subdomains.")]
    [InlineData("https://.corp.example:8443", "\"https://*.corp.example:8443\" routes its subdomains, \"https://*corp.example:8443\" the domain")]
    public void A_host_written_as_NO_PROXY_writes_it_is_refused_naming_its_route_pattern(string key, string expected)
    {
        // HTTPX says to add "://" to any key without it ("*.corp.example://", refused in turn), and takes a host with a
        // leading dot, which matches no URL: the route served nothing, silently.
        var e = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions
        {
            TrustEnv = false,
            Proxy = new Dictionary<string, object?> { [key] = "http://127.0.0.1:3128" },
        }));
        Assert.Contains(expected, e.Message);
        Assert.Equal(key, e.Data[UrlPattern.RefusedPatternKey]);
    }

    [Theory]
    [InlineData("https")]                          // a plain scheme: ArgumentException
    [InlineData("all://10.0.0.0/99")]              // a prefix past the address: ArgumentException
    [InlineData("http://host.example:notaport")]   // no URL: InvalidUrlException
    public void A_refused_key_is_on_the_error_so_a_caller_can_name_it_among_many(string key)
    {
        // Among good keys, in both mappings: the caller (a cmdlet) names the key at fault from the error alone.
        var mounts = Assert.ThrowsAny<Exception>(() => new Httpx.Client(new ClientOptions
        {
            Mounts = new Dictionary<string, ITransport?> { ["all://"] = Named("a"), [key] = Named("x"), ["https://"] = null },
        }));
        Assert.Equal(key, mounts.Data[UrlPattern.RefusedPatternKey]);
        var proxies = Assert.ThrowsAny<Exception>(() => new Httpx.Client(new ClientOptions
        {
            TrustEnv = false,
            Proxy = new Dictionary<string, object?> { ["all://"] = null, [key] = "http://127.0.0.1:3128" },
        }));
        Assert.Equal(key, proxies.Data[UrlPattern.RefusedPatternKey]);
    }

    [Fact]
    public void A_closed_transport_is_refused_where_it_is_given_not_at_the_first_request()
    {
        // A shared transport disposed by mistake was taken as Transport or a mount, and only the first request said
        // "Cannot send a request, as the transport has been closed."
        var closed = new HttpTransport(new HttpTransportOptions { Retries = 1 });
        closed.Dispose();
        var given = Assert.Throws<ObjectDisposedException>(() => new Httpx.Client(new ClientOptions { Transport = closed }));
        Assert.Equal(nameof(HttpTransport), given.ObjectName);
        Assert.Contains("client's transport, HttpTransport(http1=True, http2=False, retries=1), has been closed", given.Message);
        var mounted = Assert.Throws<ObjectDisposedException>(() => new Httpx.Client(new ClientOptions
        {
            Mounts = new Dictionary<string, ITransport?> { ["all://"] = Named("open"), ["https://"] = closed },
        }));
        Assert.Contains("mount 'https://', HttpTransport(http1=True, http2=False, retries=1), has been closed", mounted.Message);
        Assert.Equal("https://", mounted.Data[UrlPattern.RefusedPatternKey]);
        // A MockTransport has nothing to close (HTTPX's close() is a no-op there): still taken, and still answers.
        var mock = Named("mock");
        mock.Dispose();
        using var client = new Httpx.Client(new ClientOptions { Transport = mock });
        Assert.Equal("mock", client.Get("http://example.com/").Text);
    }

    [Fact]
    public void TransportFor_exposes_the_choice()
    {
        var https = Named("https");
        using var client = new Httpx.Client(new ClientOptions { Mounts = new Dictionary<string, ITransport?> { ["https://"] = https } });
        Assert.Same(https, client.TransportFor(new Url("https://example.org/")));
        Assert.IsType<HttpTransport>(client.TransportFor(new Url("http://example.org/")));
    }
}
