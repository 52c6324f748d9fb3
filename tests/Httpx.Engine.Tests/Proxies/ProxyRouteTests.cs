namespace Httpx.Tests.Proxies;

/// <summary>Route selection (HTTPX's tests/client/test_proxies.py): which proxy, if any, a URL goes through, and why.</summary>
public class ProxyRouteTests
{
    private const string P = "http://127.0.0.1:3128";

    private static Httpx.Client ClientWith(object? proxy, Dictionary<string, string?>? environment = null, bool trustEnv = true) =>
        new(new ClientOptions { Proxy = proxy, TrustEnv = trustEnv }, environment ?? new Dictionary<string, string?>());

    [Theory]
    [InlineData("http://example.com", "all://", true)]
    [InlineData("http://example.com", "http://", true)]
    [InlineData("http://example.com", "https://", false)]
    [InlineData("http://example.com", "all://example.com", true)]
    [InlineData("http://example.com", "http://example.com", true)]
    [InlineData("http://example.com", "all://*example.com", true)]
    [InlineData("http://www.example.com", "all://*example.com", true)]
    [InlineData("http://wwwexample.com", "all://*example.com", false)]
    [InlineData("http://www.example.com", "all://*.example.com", true)]
    [InlineData("http://example.com", "all://*.example.com", false)]
    [InlineData("http://example.com:8080", "all://*:8080", true)]
    [InlineData("http://example.com", "all://*:8080", false)]
    [InlineData("http://example.com", "all://example.com:443", false)]
    [InlineData("http://example.com:443", "http://example.com", true)]
    [InlineData("http://example.com:80", "http://example.com", true)]
    [InlineData("https://example.com:8443", "https://example.com:8443", true)]
    [InlineData("http://10.1.2.3", "all://10.0.0.0/8", true)]
    [InlineData("http://11.1.2.3", "all://10.0.0.0/8", false)]
    // The range's own host bits do not count, as in curl's NO_PROXY (its CIDR match masks both sides): 10.1.2.3/12 is
    // 10.0.0.0 to 10.15.255.255.
    [InlineData("http://10.9.8.7", "all://10.1.2.3/12", true)]
    [InlineData("http://10.16.0.1", "all://10.1.2.3/12", false)]
    [InlineData("http://[fd00::1]", "all://[fd00::]/8", true)]
    [InlineData("http://[::1]", "all://[0:0:0:0:0:0:0:1]", true)]
    [InlineData("http://[0:0::1]:8080", "all://[::1]", true)]
    [InlineData("http://[FD00::1]", "all://[fd00:0::1]", true)]
    [InlineData("http://[::2]", "all://[::1]", false)]
    // An address without a zone matches it on any interface, as curl's NO_PROXY compares the URL's host without its
    // zone; one with a zone matches that zone only (RFC 6874's "%25" or written bare), as HTTPX and Go compare it.
    [InlineData("http://[fe80::1%25eth0]", "all://[fe80::1]", true)]
    [InlineData("http://[fe80::1%25eth0]", "all://[fe80::1%eth0]", true)]
    [InlineData("http://[fe80::1%eth0]", "all://[fe80::1%25eth0]", true)]
    [InlineData("http://[fe80::1]", "all://[fe80::1%25eth0]", false)]
    [InlineData("http://[fe80::1%25eth1]", "all://[fe80::1%25eth0]", false)]
    [InlineData("http://[fe80::1%25eth0]", "all://[fe80::%25eth0]/64", true)]
    [InlineData("http://[fe80::1%25eth1]", "all://[fe80::%25eth0]/64", false)]
    [InlineData("http://example.com.", "all://example.com", true)]
    [InlineData("http://www.example.com.:8080", "all://*example.com", true)]
    [InlineData("http://www.example.com.", "all://*.example.com", true)]
    [InlineData("http://example.com.", "all://*.example.com", false)]
    [InlineData("http://example.com", "all://example.com.", true)]
    [InlineData("http://www.example.com", "all://*.example.com.", true)]
    [InlineData("http://www.example.com.", "all://*example.com.", true)]
    [InlineData("http://example.com", "all://*.example.com.", false)]
    // An international name matches in either spelling, unicode or punycode, on either side (Go's NO_PROXY and curl's
    // compare the punycode; HTTPX compared its unicode URL host with the pattern as written, and so a punycode
    // "*xn--..." pattern, the form curl's documentation asks for, never matched).
    [InlineData("http://bücher.example", "all://bücher.example", true)]
    [InlineData("http://xn--bcher-kva.example", "all://bücher.example", true)]
    [InlineData("http://bücher.example", "all://xn--bcher-kva.example", true)]
    [InlineData("http://bücher.example", "all://*xn--bcher-kva.example", true)]
    [InlineData("http://www.xn--bcher-kva.example", "all://*xn--bcher-kva.example", true)]
    [InlineData("http://www.bücher.example", "all://*.bücher.example", true)]
    [InlineData("http://bücher.example", "all://*.bücher.example", false)]
    [InlineData("http://xn--bcher-kva.example", "all://*bücher.example", true)]
    [InlineData("http://bucher.example", "all://*bücher.example", false)]
    // The wildcard alone is every host, whatever follows it ("all://*/bücher" matched nothing: its '*' was taken off to
    // encode a name that was not there).
    [InlineData("http://example.com", "all://*/bücher", true)]
    public void Every_pattern_form(string url, string pattern, bool proxied)
    {
        using var client = ClientWith(new Dictionary<string, string?> { [pattern] = P });
        var route = client.ProxyFor(new Url(url));
        Assert.Equal(proxied ? P : null, route.Proxy);
        Assert.Equal(proxied ? pattern : null, route.Pattern);
        Assert.Equal(proxied, !route.IsDirect);
    }

    [Fact]
    public void The_most_specific_pattern_wins_and_null_means_direct()
    {
        using var client = ClientWith(new System.Collections.Hashtable
        {
            ["all://"] = P,
            ["https://"] = "socks5://127.0.0.1:1080",
            ["all://*.internal.example"] = null,
            ["https://api.internal.example:8443"] = "http://127.0.0.1:3129",
        });
        Assert.Equal(P, client.ProxyFor(new Url("http://example.com")).Proxy);
        Assert.Equal("socks5://127.0.0.1:1080", client.ProxyFor(new Url("https://example.com")).Proxy);
        var direct = client.ProxyFor(new Url("https://www.internal.example"));
        Assert.True(direct.IsDirect);
        Assert.Equal("Proxy pattern 'all://*.internal.example' is set to no proxy", direct.Reason);
        Assert.Equal("http://127.0.0.1:3129", client.ProxyFor(new Url("https://api.internal.example:8443")).Proxy);
    }

    [Fact]
    public void A_single_proxy_covers_everything_and_hides_its_password()
    {
        using var client = ClientWith("http://user:secret@127.0.0.1:3128");
        var route = client.ProxyFor(new Url("https://example.com/x"));
        Assert.Equal("all://", route.Pattern);
        Assert.Equal("http://user:[secure]@127.0.0.1:3128", route.Proxy);
        Assert.Equal("Proxy option", route.Reason);
        Assert.DoesNotContain("secret", route.ToString());
    }

    [Fact]
    public void A_relative_url_is_routed_as_it_is_sent_joined_to_the_base_url()
    {
        using var client = new Httpx.Client(
            new ClientOptions { BaseUrl = "https://api.example.com/v1/", Proxy = new Dictionary<string, string?> { ["https://"] = P } },
            new Dictionary<string, string?>());
        var route = client.ProxyFor(new Url("/status"));
        Assert.Equal(("https://api.example.com/v1/status", "https://", P), (route.Url, route.Pattern, route.Proxy));
        // The transport a request for "/status" is sent with: the proxy's, as the route says.
        Assert.Same(client.TransportFor(new Url("https://api.example.com/")), client.TransportFor(client.BuildRequest("GET", "/status").Url));
    }

    private const string RelativeHint = " It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).";

    [Fact]
    public void A_url_without_a_scheme_and_no_base_url_to_join_has_no_route_as_it_cannot_be_sent()
    {
        // It was routed as written, through the all:// proxy here, where sending it is UnsupportedProtocol.
        using var client = ClientWith(new Dictionary<string, string?> { ["all://"] = P });
        var routed = Assert.Throws<UnsupportedProtocolException>(() => client.ProxyFor(new Url("/status")));
        var sent = Assert.Throws<UnsupportedProtocolException>(() => client.Get("/status"));
        Assert.Equal("Request URL is missing an 'http://' or 'https://' protocol: '/status'." + RelativeHint, routed.Message);
        Assert.Equal(sent.Message, routed.Message);
    }

    [Fact]
    public void A_scheme_the_http_transport_cannot_send_has_no_route_but_a_mounted_transport_may_serve_it()
    {
        // ftp://x/ was shown going direct (or through the all:// proxy), where sending it is UnsupportedProtocol.
        using var direct = ClientWith(null);
        using var proxied = ClientWith(new Dictionary<string, string?> { ["all://"] = P });
        foreach (var client in new[] { direct, proxied })
        {
            var routed = Assert.Throws<UnsupportedProtocolException>(() => client.ProxyFor(new Url("ftp://x/")));
            var sent = Assert.Throws<UnsupportedProtocolException>(() => client.Get("ftp://x/"));
            Assert.Equal("Request URL has an unsupported protocol 'ftp://': 'ftp://x/'.", routed.Message);
            Assert.Equal(sent.Message, routed.Message);
        }
        // A mock or custom transport, as the default or mounted for the scheme, may serve it: routed to it.
        var mock = new MockTransport(_ => new Response(200));
        using var mocked = new Httpx.Client(new ClientOptions { Transport = mock, TrustEnv = false });
        Assert.True(mocked.ProxyFor(new Url("ftp://x/")).IsDirect);
        using var mounted = new Httpx.Client(new ClientOptions { TrustEnv = false, Mounts = new Dictionary<string, ITransport?> { ["ftp://"] = mock } });
        Assert.Equal("ftp://", mounted.ProxyFor(new Url("ftp://x/")).Pattern);
        Assert.Equal(200, mounted.Get("ftp://x/").StatusCode);
    }

    [Fact]
    public void No_proxy_configured_is_direct()
    {
        using var client = ClientWith(null);
        var route = client.ProxyFor(new Url("http://example.com"));
        Assert.True(route.IsDirect);
        Assert.Equal("no proxy configured", route.Reason);
    }

    [Fact]
    public void Environment_proxies_and_no_proxy_forms()
    {
        var environment = new Dictionary<string, string?>
        {
            ["HTTP_PROXY"] = "http://127.0.0.1:3128",
            ["https_proxy"] = "socks5h://127.0.0.1:1080",
            ["NO_PROXY"] = "localhost, 10.0.0.0/8, 192.168.1.5, ::1, .internal.example, example.org",
        };
        using var client = ClientWith(null, environment);
        var http = client.ProxyFor(new Url("http://example.com"));
        Assert.Equal(("http://", "http://127.0.0.1:3128", "environment variable HTTP_PROXY"), (http.Pattern, http.Proxy, http.Reason));
        Assert.Equal("environment variable https_proxy", client.ProxyFor(new Url("https://example.com")).Reason);

        foreach (var (url, entry) in new[]
        {
            ("http://localhost:8080/x", "localhost"),
            ("http://10.20.30.40", "10.0.0.0/8"),
            ("https://192.168.1.5", "192.168.1.5"),
            ("http://[::1]:81", "::1"),
            ("http://a.internal.example", ".internal.example"),
            ("http://example.org", "example.org"),
            ("http://www.example.org", "example.org"),
        })
        {
            var route = client.ProxyFor(new Url(url));
            Assert.True(route.IsDirect, url);
            Assert.Equal($"NO_PROXY match '{entry}'", route.Reason);
        }
        Assert.False(client.ProxyFor(new Url("http://internal.example")).IsDirect);    // ".internal.example": subdomains only
        Assert.False(client.ProxyFor(new Url("http://notexample.org")).IsDirect);
        Assert.False(client.ProxyFor(new Url("http://192.168.1.6")).IsDirect);
    }

    [Fact]
    public void The_environment_is_ignored_without_TrustEnv_with_a_transport_or_with_an_explicit_proxy()
    {
        var environment = new Dictionary<string, string?> { ["ALL_PROXY"] = "http://127.0.0.1:3128" };
        using (var untrusting = ClientWith(null, environment, trustEnv: false))
            Assert.True(untrusting.ProxyFor(new Url("http://example.com")).IsDirect);
        using (var explicitProxy = ClientWith("socks5://127.0.0.1:1080", environment))
            Assert.Equal("socks5://127.0.0.1:1080", explicitProxy.ProxyFor(new Url("http://example.com")).Proxy);
        using var mock = new Httpx.Client(new ClientOptions { Transport = new MockTransport(_ => new Response(200)) }, environment);
        Assert.True(mock.ProxyFor(new Url("http://example.com")).IsDirect);
    }

    [Fact]
    public void A_given_transport_with_a_proxy_is_the_route_of_the_urls_it_serves()
    {
        using var viaProxy = new HttpTransport(new HttpTransportOptions { Proxy = new Proxy("http://user:secret@127.0.0.1:3128") });
        using var direct = new HttpTransport(new HttpTransportOptions());
        using var client = new Httpx.Client(
            new ClientOptions { Transport = viaProxy, Mounts = new Dictionary<string, ITransport?> { ["all://direct.example"] = direct } },
            new Dictionary<string, string?>());
        var route = client.ProxyFor(new Url("http://example.com"));
        Assert.False(route.IsDirect);
        Assert.Equal("http://user:[secure]@127.0.0.1:3128", route.Proxy);
        Assert.Equal("the client's transport goes through its proxy", route.Reason);
        Assert.True(client.ProxyFor(new Url("http://direct.example")).ViaCustomTransport);
        Assert.Null(client.ProxyFor(new Url("http://direct.example")).Proxy);

        using var mounted = new Httpx.Client(
            new ClientOptions { Mounts = new Dictionary<string, ITransport?> { ["https://"] = viaProxy } }, new Dictionary<string, string?>());
        var https = mounted.ProxyFor(new Url("https://example.com"));
        Assert.Equal(("https://", "http://user:[secure]@127.0.0.1:3128", true), (https.Pattern, https.Proxy, https.ViaCustomTransport));
        Assert.Equal("mount 'https://' uses a HttpTransport through its proxy", https.Reason);
    }

    [Fact]
    public void A_mount_replaces_the_proxy_of_the_same_pattern()
    {
        var mock = new MockTransport(_ => new Response(204));
        using var client = new Httpx.Client(
            new ClientOptions { Proxy = new Dictionary<string, object?> { ["all://"] = P, ["http://example.com"] = P }, Mounts = new Dictionary<string, ITransport?> { ["http://example.com"] = mock } },
            new Dictionary<string, string?>());
        var route = client.ProxyFor(new Url("http://example.com"));
        Assert.True(route.ViaCustomTransport);
        Assert.Null(route.Proxy);
        Assert.Same(mock, client.TransportFor(new Url("http://example.com")));
        Assert.Equal(204, client.Get("http://example.com").StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("*.☃.example")]
    public void A_no_proxy_entry_that_makes_no_pattern_is_an_error_naming_the_variable_and_the_entry(string entry)
    {
        var environment = new Dictionary<string, string?> { ["HTTPS_PROXY"] = P, ["no_proxy"] = $"localhost, {entry}" };
        var error = Assert.Throws<ArgumentException>(() => ClientWith(null, environment));
        Assert.StartsWith($"The environment variable no_proxy holds an entry that is not a host, domain, IP range or URL pattern: '{entry}' (", error.Message);
        // The variable, not a C# parameter, was wrong: no "(Parameter 'pattern')" in the middle of the message.
        Assert.DoesNotContain("(Parameter ", error.Message);
    }

    [Theory]
    [InlineData("all://*.☃.example", "'☃.example': codepoint U+2603 at position 1 of '☃' not allowed in URL 'all://*.☃.example'")]
    [InlineData("all://*☃.example:8080", "'☃.example': codepoint U+2603 at position 1 of '☃' not allowed in URL 'all://*☃.example:8080'")]
    [InlineData("https://*.bücher.☃", "'bücher.☃': codepoint U+2603 at position 1 of '☃' not allowed in URL 'https://*.bücher.☃'")]
    public void An_international_pattern_IDNA_refuses_is_an_error_naming_what_it_refuses(string pattern, string named)
    {
        // The wildcard is no part of the name IDNA encodes: the error blamed it ("codepoint U+002A ... of '*' not
        // allowed"), which told the user to drop the one character that was right.
        var error = Assert.Throws<InvalidUrlException>(() => new UrlPattern(pattern));
        Assert.Equal($"Invalid IDNA hostname {named}", error.Message);
        Assert.Equal(pattern, error.Data[UrlPattern.RefusedPatternKey]);
        var fromEnvironment = Assert.Throws<ArgumentException>(() => ClientWith(null, new Dictionary<string, string?> { ["HTTPS_PROXY"] = P, ["NO_PROXY"] = "☃.example" }));
        Assert.EndsWith("'☃.example' (Invalid IDNA hostname '☃.example': codepoint U+2603 at position 1 of '☃' not allowed in URL 'all://*☃.example')", fromEnvironment.Message);
    }

    [Fact]
    public void A_wildcard_user_name_is_no_wildcard_host()
    {
        // Taken off to encode the name, the '*' of a userinfo left "all://@bücher.example", a pattern without credentials.
        var error = Assert.Throws<ArgumentException>(() => new UrlPattern("all://*@bücher.example"));
        Assert.Contains("holds a user name or password", error.Message);
    }

    [Theory]
    [InlineData("http://user:hunter2@internal.example")]
    [InlineData("http://user:hunter2@[::1")]
    [InlineData("http://user:hunter2@.corp.example")]  // a host starting with '.' is refused too, quoting the pattern
    public void A_no_proxy_entry_with_a_password_is_refused_without_showing_it(string entry)
    {
        // The entry was quoted as written: the password of a URL-pattern entry (refused, as every route pattern with
        // credentials is) was in the message, though the pattern quoted after it was masked.
        var environment = new Dictionary<string, string?> { ["HTTPS_PROXY"] = P, ["NO_PROXY"] = $"localhost,{entry}" };
        var error = Assert.Throws<ArgumentException>(() => ClientWith(null, environment));
        Assert.StartsWith($"The environment variable NO_PROXY holds an entry that is not a host, domain, IP range or URL pattern: '{entry.Replace("hunter2", "[secure]")}' (", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Equal("NO_PROXY", error.Data[EnvironmentProxies.VariableKey]);
        Assert.DoesNotContain("hunter2", new EnvironmentProxy(entry, null, "NO_PROXY", entry).ToString());
    }

    [Theory]
    [InlineData("http://proxy.example:3128/some/path", "http://proxy.example:3128")]
    [InlineData("proxy.example:3128/", "http://proxy.example:3128")]
    [InlineData("socks5h://u:hunter2@proxy.example:1080/x?y=1#z", "socks5h://u:[secure]@proxy.example:1080")]
    public void An_environment_proxy_is_its_address_whatever_path_follows_it(string value, string proxy)
    {
        // Refused before ("must not have a path"), stopping every call: HTTPX, urllib, curl and Go ignore the path.
        using var client = ClientWith(null, new Dictionary<string, string?> { ["HTTPS_PROXY"] = value });
        Assert.Equal(proxy, client.ProxyFor(new Url("https://example.com/")).Proxy);
        // A -Proxy value is the user's own to correct: still refused.
        Assert.Throws<ArgumentException>(() => ClientWith(value));
    }

    [Theory]
    [InlineData("http://user:1234/hunter2@proxy.example:3128")]
    [InlineData("http://user:12?hunter2@proxy.example:3128")]
    [InlineData("http://user:12#hunter2@proxy.example:3128")]
    [InlineData("http://proxy.example:3128/?u=a@b.example:99")]
    [InlineData("http://user:hunter2/x@proxy.example:3128")]
    public void An_environment_proxy_with_an_at_sign_after_its_address_is_refused_without_showing_the_password(string value)
    {
        // A password holding '/', '?' or '#' unencoded ends the address early: "http://user:1234/hunter2@proxy:3128" is
        // the host "user" on port 1234, and with the path dropped the proxy was shown as "http://user:1234", the
        // password's first characters, and tried. Refused, as before paths were taken, with the password masked.
        var error = Assert.Throws<ArgumentException>(() => ClientWith(null, new Dictionary<string, string?> { ["HTTPS_PROXY"] = value }));
        Assert.Contains("has an '@' after its address", error.Message);
        Assert.Equal("HTTPS_PROXY", error.Data[EnvironmentProxies.VariableKey]);
        // Ordinal: under th-TH a culture's comparison ignores punctuation, and ":12'" was found in ":3128' has".
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":1234", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":12'", error.Message, StringComparison.Ordinal);
        // As a -Proxy value it is refused for its path, and was quoted whole, password and all.
        Assert.DoesNotContain("hunter2", Assert.Throws<ArgumentException>(() => new Proxy(value)).Message);
    }

    [Theory]
    [InlineData("ftp://user:hunter2@proxy.example:21/x", "Unknown scheme 'ftp' for proxy URL 'ftp://user:[secure]@proxy.example:21/x'")]
    [InlineData("http://user:hunter2@/x", "Proxy URL 'http://user:[secure]@/x' has no host.")]
    public void An_environment_proxy_with_a_path_that_is_no_proxy_is_quoted_as_written(string value, string message)
    {
        // The path was dropped before the value was checked: the error quoted 'ftp://user:[secure]@proxy.example/', a
        // value without the port and path the user wrote.
        var error = Assert.Throws<ArgumentException>(() => ClientWith(null, new Dictionary<string, string?> { ["HTTPS_PROXY"] = value }));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Bad_proxy_settings_are_errors_naming_them()
    {
        Assert.Contains("\"http\"", Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, string?> { ["http"] = P })).Message);
        var badEnvironment = new Dictionary<string, string?> { ["HTTPS_PROXY"] = "ftp://user:hunter2@proxy.example" };
        var error = Assert.Throws<ArgumentException>(() => ClientWith(null, badEnvironment));
        Assert.Contains("HTTPS_PROXY", error.Message);
        Assert.Contains("proxy.example", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain("(Parameter ", error.Message);
        // The port as written, the scheme's default one too.
        var withPort = Assert.Throws<ArgumentException>(() => ClientWith(null, new Dictionary<string, string?> { ["HTTPS_PROXY"] = "ftp://user:hunter2@proxy.example:21" }));
        Assert.Contains("'ftp://user:[secure]@proxy.example:21'", withPort.Message);
        Assert.Contains("'http://proxy.example:80/path'", Assert.Throws<ArgumentException>(() => new Proxy("http://proxy.example:80/path")).Message);
    }

    [Theory]
    [InlineData("http://user:hunter2@proxy.example:3128")]
    [InlineData("all://user@internal.example")]
    public void A_pattern_with_credentials_is_refused_without_showing_the_password(string pattern)
    {
        // Such a key is a proxy URL written in the pattern's place: taken, its password was listed by Get-HttpxProxy
        // and Set-HttpxProxy -Verbose as written.
        var error = Assert.Throws<ArgumentException>(() => new UrlPattern(pattern));
        Assert.Contains("holds a user name or password", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Equal(pattern, error.Data[UrlPattern.RefusedPatternKey]);
        Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, string?> { [pattern] = null }));
    }

    [Fact]
    public void A_routes_refused_proxy_is_named_by_the_routes_pattern_among_many()
    {
        // The error said only "not System.Int32" or the proxy URL: among many routes, nothing said which one to fix.
        var number = Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, object?> { ["all://"] = P, ["all://*.corp"] = 3128 }));
        Assert.Equal("Proxy pattern 'all://*.corp': A proxy must be a URL string, a Url, a Uri or a Proxy, not System.Int32. (Parameter 'proxy')", number.Message);
        Assert.Equal("all://*.corp", number.Data[UrlPattern.RefusedPatternKey]);
        var scheme = Assert.Throws<ArgumentException>(() => ClientWith(new Dictionary<string, object?> { ["https://"] = "ftp://user:hunter2@x", ["all://"] = null }));
        Assert.StartsWith("Proxy pattern 'https://': Unknown scheme 'ftp' for proxy URL 'ftp://user:[secure]@x'", scheme.Message);
        Assert.DoesNotContain("hunter2", scheme.Message);
        Assert.Equal("https://", scheme.Data[UrlPattern.RefusedPatternKey]);
        // Set later (Set-HttpxProxy), the source names it.
        using var client = ClientWith(null, trustEnv: false);
        var set = Assert.Throws<ArgumentException>(() => client.SetProxy(new Dictionary<string, object?> { ["all://*.corp"] = 3128 }, "Set-HttpxProxy"));
        Assert.StartsWith("Set-HttpxProxy pattern 'all://*.corp': ", set.Message);
    }
}
