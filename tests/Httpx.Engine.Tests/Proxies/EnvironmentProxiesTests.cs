namespace Httpx.Tests.Proxies;

/// <summary>HTTPX's <c>get_environment_proxies()</c> (tests/test_utils.py) on a given environment.</summary>
public class EnvironmentProxiesTests
{
    private static Dictionary<string, string?> Env(params (string Name, string? Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);

    private static Dictionary<string, string?> Mounts(Dictionary<string, string?> environment) =>
        EnvironmentProxies.From(environment).ToDictionary(m => m.Pattern, m => m.ProxyUrl);

    [Fact]
    public void Nothing_set_means_no_proxies() => Assert.Empty(Mounts(Env(("PATH", "/bin"))));

    [Fact]
    public void Http_https_and_all_proxy_mount_their_schemes_and_get_http_when_schemeless()
    {
        var mounts = Mounts(Env(("HTTP_PROXY", "http://127.0.0.1"), ("HTTPS_PROXY", "127.0.0.1:3128"), ("ALL_PROXY", "socks5://127.0.0.1:1080"), ("FTP_PROXY", "x")));
        Assert.Equal(new Dictionary<string, string?>
        {
            ["http://"] = "http://127.0.0.1",
            ["https://"] = "http://127.0.0.1:3128",
            ["all://"] = "socks5://127.0.0.1:1080",
        }, mounts);
    }

    [Fact]
    public void Lowercase_wins_and_an_empty_lowercase_variable_removes_the_setting()
    {
        Assert.Equal("http://lower:1", Mounts(Env(("HTTP_PROXY", "http://upper:1"), ("http_proxy", "http://lower:1")))["http://"]);
        Assert.Empty(Mounts(Env(("HTTPS_PROXY", "http://upper:1"), ("https_proxy", ""))));
        Assert.Equal("http://upper:1", Mounts(Env(("HTTPS_PROXY", "http://upper:1"), ("HTTPS_PROXY_X", "")))["https://"]);
        var source = EnvironmentProxies.From(Env(("http_proxy", "http://lower:1"))).Single();
        Assert.Equal("http_proxy", source.Variable);
    }

    [Fact]
    public void Under_cgi_uppercase_HTTP_PROXY_is_ignored()
    {
        Assert.Empty(Mounts(Env(("HTTP_PROXY", "http://attacker:1"), ("REQUEST_METHOD", "GET"))));
        Assert.Single(Mounts(Env(("http_proxy", "http://ok:1"), ("REQUEST_METHOD", "GET"))));
    }

    [Theory]
    [InlineData("localhost", "all://localhost")]
    [InlineData("LocalHost", "all://LocalHost")]
    [InlineData("127.0.0.1", "all://127.0.0.1")]
    [InlineData("192.168.0.0/16", "all://192.168.0.0/16")]
    [InlineData("::1", "all://[::1]")]
    [InlineData("fd00::/8", "all://[fd00::]/8")]
    [InlineData("[::1]", "all://[::1]")]
    [InlineData("example.com", "all://*example.com")]
    [InlineData(".example.com", "all://*.example.com")]
    [InlineData("*.example.com", "all://*.example.com")]
    [InlineData("http://github.com", "http://github.com")]
    [InlineData("example.com.", "all://*example.com")]
    [InlineData("localhost.", "all://localhost")]
    [InlineData("*.", "all://*.")]
    public void No_proxy_entries_become_direct_mounts(string entry, string pattern)
    {
        var mounts = Mounts(Env(("HTTP_PROXY", "http://p:1"), ("NO_PROXY", $" {entry} ,")));
        Assert.True(mounts.ContainsKey(pattern), string.Join(", ", mounts.Keys));
        Assert.Null(mounts[pattern]);
    }

    [Fact]
    public void No_proxy_entries_are_separated_by_commas_or_whitespace_as_in_curl_before_8_9()
    {
        var environment = Env(("HTTP_PROXY", "http://p:1"), ("NO_PROXY", "localhost 10.0.0.0/8\texample.com, .internal"));
        Assert.Equal(
            new[] { "http://", "all://localhost", "all://10.0.0.0/8", "all://*example.com", "all://*.internal" },
            EnvironmentProxies.From(environment).Select(m => m.Pattern));
        using var client = new Httpx.Client(new ClientOptions(), environment);
        var route = client.ProxyFor(new Url("http://10.1.2.3/"));
        Assert.True(route.IsDirect);
        Assert.Equal("NO_PROXY match '10.0.0.0/8'", route.Reason);
    }

    [Fact]
    public void An_ipv6_no_proxy_entry_matches_its_address_however_either_side_writes_it()
    {
        using var client = new Httpx.Client(new ClientOptions(), Env(("HTTP_PROXY", "http://p:1"), ("NO_PROXY", "0:0:0:0:0:0:0:1")));
        var route = client.ProxyFor(new Url("http://[::1]:8080/"));
        Assert.True(route.IsDirect);
        Assert.Equal("NO_PROXY match '0:0:0:0:0:0:0:1'", route.Reason);
        Assert.False(client.ProxyFor(new Url("http://[::2]/")).IsDirect);
    }

    [Fact]
    public void An_ipv6_no_proxy_entry_with_a_zone_matches_that_zone_only()
    {
        // NO_PROXY=fe80::1%eth0 matched fe80::1 on every interface, and without one. curl never matches such an entry
        // (its address parser refuses the zone), so the request goes to the proxy, which cannot reach a link of this
        // machine; HTTPX and Go match it as written.
        using var client = new Httpx.Client(new ClientOptions(), Env(("HTTP_PROXY", "http://p:1"), ("NO_PROXY", "fe80::1%eth0")));
        var route = client.ProxyFor(new Url("http://[fe80::1%25eth0]:8080/"));
        Assert.True(route.IsDirect);
        Assert.Equal("NO_PROXY match 'fe80::1%eth0'", route.Reason);
        Assert.False(client.ProxyFor(new Url("http://[fe80::1%25eth1]/")).IsDirect);
        Assert.False(client.ProxyFor(new Url("http://[fe80::1]/")).IsDirect);
    }

    [Theory]
    [InlineData("bücher.example")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData(".bücher.example")]
    [InlineData("*.xn--bcher-kva.example")]
    public void An_international_no_proxy_entry_matches_its_hosts_in_unicode_or_punycode(string entry)
    {
        // "bücher.example" was an error that stopped every request (HTTPX's too: IDNA refuses the '*' it puts before
        // the name), and "xn--bcher-kva.example", the form curl asks for, matched no host at all. Go takes both.
        using var client = new Httpx.Client(new ClientOptions(), Env(("HTTP_PROXY", "http://p:1"), ("NO_PROXY", $"localhost,{entry}")));
        foreach (var url in new[] { "http://www.bücher.example/", "http://www.xn--bcher-kva.example/" })
        {
            var route = client.ProxyFor(new Url(url));
            Assert.True(route.IsDirect, url);
            Assert.Equal($"NO_PROXY match '{entry}'", route.Reason);
        }
        Assert.False(client.ProxyFor(new Url("http://www.bucher.example/")).IsDirect);
    }

    [Fact]
    public void No_proxy_star_turns_every_proxy_off() =>
        Assert.Empty(Mounts(Env(("HTTP_PROXY", "http://p:1"), ("ALL_PROXY", "http://p:2"), ("no_proxy", "example.com,*"))));
}
