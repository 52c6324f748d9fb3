namespace Httpx.Tests.Proxies;

/// <summary>HTTPX's <c>httpx.Proxy</c>: URL forms, credentials, and errors that name the value without its password.</summary>
public class ProxyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:3128", "http", 3128)]
    [InlineData("http://proxy.example", "http", 80)]
    [InlineData("https://proxy.example", "https", 443)]
    [InlineData("socks4://127.0.0.1", "socks4", 1080)]
    [InlineData("socks4a://127.0.0.1:9050", "socks4a", 9050)]
    [InlineData("socks5://127.0.0.1:1080", "socks5", 1080)]
    [InlineData("socks5h://[::1]:1080/", "socks5h", 1080)]
    public void Accepts_every_supported_scheme(string url, string scheme, int port)
    {
        var proxy = new Proxy(url);
        Assert.Equal(scheme, proxy.Url.Scheme);
        Assert.Equal(port, proxy.Port);
        Assert.Null(proxy.Username);
    }

    [Fact]
    public void The_list_of_proxy_schemes_refuses_a_change()
    {
        // PowerShell indexes through IList: [Httpx.Proxy]::Schemes[0] = 'ftp' wrote into the array every proxy URL is
        // checked against, and every http:// proxy of the session was refused from then on.
        var schemes = Assert.IsAssignableFrom<IList<string>>(Proxy.Schemes);
        Assert.Throws<NotSupportedException>(() => schemes[0] = "ftp");
        Assert.Equal("http", Proxy.Schemes[0]);
        Assert.Equal("http", new Proxy("http://127.0.0.1:3128").Url.Scheme);
    }

    [Fact]
    public void Credentials_come_from_the_userinfo_percent_decoded_and_leave_the_url()
    {
        var proxy = new Proxy("http://us%40er:p%3Ass%20word@127.0.0.1:3128");
        Assert.Equal("us@er", proxy.Username);
        Assert.Equal("p:ss word", proxy.Credential!.Password);
        Assert.Equal("", proxy.Url.UserInfo);
        Assert.Equal("http://us%40er:[secure]@127.0.0.1:3128", proxy.Display);
        Assert.DoesNotContain("p%3Ass", proxy.ToString());
        Assert.DoesNotContain("p:ss", proxy.ToString());
    }

    [Fact]
    public void Explicit_auth_and_headers()
    {
        var proxy = new Proxy("http://127.0.0.1:3128", auth: ("user", "secret"), headers: new Dictionary<string, string> { ["X-Proxy"] = "1" });
        Assert.Equal("user", proxy.Username);
        Assert.True(proxy.HasPassword);
        Assert.Equal("1", proxy.Headers["X-Proxy"]);
        Assert.Equal("Proxy('http://user:[secure]@127.0.0.1:3128', headers=[X-Proxy])", proxy.ToString());
    }

    [Fact]
    public void The_headers_of_an_http_proxy_are_refused_for_an_https_url_as_its_CONNECT_cannot_carry_them()
    {
        // httpcore sends them on the CONNECT; .NET's handler builds the CONNECT itself and takes no headers. A proxy's
        // header (a routing or licence token) dropped without a word is refused instead, before anything connects.
        var proxy = new Proxy("http://127.0.0.1:1", headers: new Dictionary<string, string> { ["X-Proxy-Token"] = "t" });
        using var client = new Httpx.Client(new ClientOptions { Proxy = proxy, TrustEnv = false });
        var e = Assert.Throws<ProxyException>(() => client.Get("https://example.com/"));
        Assert.Equal("Cannot send the headers of proxy http://127.0.0.1:1 on the CONNECT tunnel to example.com:443: " +
            ".NET's SocketsHttpHandler builds the CONNECT request itself and takes no extra headers (GET https://example.com/)", e.Message);
    }

    [Fact]
    public void The_headers_are_a_copy_of_those_given_and_cannot_be_changed_once_the_proxy_is_made()
    {
        // Transports read them on every forwarded request: a later change applied to some calls and not others.
        var given = new Headers([new("X-Proxy", "1")]);
        var proxy = new Proxy("http://user:secret@127.0.0.1:3128", headers: given);
        given.Set("X-Proxy", "2");
        Assert.Equal("1", proxy.Headers["X-Proxy"]);
        Assert.True(proxy.Headers.IsReadOnly);
        var e = Assert.Throws<InvalidOperationException>(() => proxy.Headers.Set("X-Proxy", "3"));
        Assert.Equal("The headers of proxy http://user:[secure]@127.0.0.1:3128 cannot be changed once it is made: make a new proxy with the headers you want ([Httpx.Proxy]::new(url, $null, headers)).", e.Message);
        Assert.Throws<InvalidOperationException>(() => proxy.Headers.Add("X-Other", "1"));
        Assert.Throws<InvalidOperationException>(() => proxy.Headers.Remove("X-Proxy"));
        Assert.Throws<InvalidOperationException>(() => proxy.Headers.Update(new Headers([new("X-Proxy", "4")])));
        Assert.Equal("1", proxy.Headers["X-Proxy"]);
        var copy = proxy.Headers.Copy();
        copy.Set("X-Proxy", "5");
        Assert.False(copy.IsReadOnly);
    }

    [Fact]
    public void Credentials_in_the_proxy_URL_win_over_an_auth_given_with_it()
    {
        // HTTPX's Proxy: `if url.username or url.password: auth = (url.username, url.password)`.
        var proxy = new Proxy("http://urluser:urlpw@127.0.0.1:3128", auth: ("explicit", "e"));
        Assert.Equal("urluser", proxy.Username);
        Assert.Equal("Proxy('http://urluser:[secure]@127.0.0.1:3128')", proxy.ToString());
        Assert.Equal("explicit", new Proxy("http://127.0.0.1:3128", auth: ("explicit", "e")).Username);
    }

    [Fact]
    public void A_scheme_less_proxy_with_a_password_is_refused_without_showing_it()
    {
        var e = Assert.Throws<ArgumentException>(() => new Proxy("pu:SETPW2@127.0.0.1:3128"));
        Assert.DoesNotContain("SETPW2", e.Message);
        Assert.Contains("pu:[secure]@127.0.0.1:3128", e.Message);
    }

    [Theory]
    [InlineData("ftp://user:hunter2@proxy.example:21", "Unknown scheme 'ftp'")]
    [InlineData("127.0.0.1:3128", "has no scheme")]
    [InlineData("http://user:hunter2@proxy.example:3128/path", "must not have a path")]
    [InlineData("http://user:hunter2@proxy.example:99999", "Invalid proxy URL")]
    [InlineData("http://", "no host")]
    [InlineData("http://user:hunter2@:80", "Proxy URL 'http://user:[secure]@:80' has no host")]
    [InlineData("http://user:hunter2@[proxy.example", "Invalid IPv6 address '[proxy.example': the '[' is not closed")]
    // Hosts HTTPX's URL model takes (percent-encoded) but no connection can reach: refused when the proxy is made.
    [InlineData("http://user:hunter2@exa mple.proxy.example:3128", "has a host that cannot be connected to: 'exa%20mple.proxy.example'")]
    public void An_invalid_proxy_is_an_error_naming_it_without_the_password(string url, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new Proxy(url));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        if (url.Contains("proxy.example", StringComparison.Ordinal)) Assert.Contains("proxy.example", error.Message);
    }

    [Theory]
    [InlineData("http://user:1234/hunter2@proxy.example:3128")]
    [InlineData("http://user:12#hunter2@proxy.example:3128")]
    [InlineData("http://user:hunter2/x@proxy.example:3128")]
    [InlineData("http://user:hunter2?x@proxy.example:3128")]
    public void A_password_holding_a_slash_question_mark_or_hash_is_refused_saying_to_percent_encode_it(string url)
    {
        // Masked, the value reads as a valid proxy ('http://user:[secure]@proxy.example:3128'): "must not have a path",
        // or for a password with letters "Invalid port '[secure]'", named nothing to change.
        var error = Assert.Throws<ArgumentException>(() => new Proxy(url));
        Assert.Contains("has an '@' after its address: percent-encode a '/', '?' or '#' in the password (%2F, %3F, %23).", error.Message);
        Assert.Contains("http://user:[secure]@proxy.example:3128", error.Message);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_header_that_is_not_ascii_is_refused_when_the_proxy_is_made()
    {
        var error = Assert.Throws<ArgumentException>(() => new Proxy("http://127.0.0.1:3128", headers: new Dictionary<string, string> { ["X-Team"] = "Zürich" }));
        Assert.Contains("'X-Team'", error.Message);
        Assert.Contains("not ASCII", error.Message);
    }

    [Fact]
    public void From_takes_strings_urls_uris_and_proxies()
    {
        var proxy = new Proxy("http://127.0.0.1:1");
        Assert.Same(proxy, Proxy.From(proxy));
        Assert.Equal("http", Proxy.From(new Url("http://127.0.0.1:1")).Url.Scheme);
        Assert.Equal("socks5", Proxy.From(new Uri("socks5://127.0.0.1:1")).Url.Scheme);
        Assert.Contains("System.Int32", Assert.Throws<ArgumentException>(() => Proxy.From(42)).Message);
    }

    [Fact]
    public void The_handler_gets_socks5_for_socks5h_and_an_explicit_port()
    {
        Assert.Equal("socks5://127.0.0.1:1080/", new Proxy("socks5h://127.0.0.1").HandlerUri.ToString());
        Assert.Equal(new Uri("http://[::1]:80/"), new Proxy("http://[::1]").HandlerUri);
        Assert.True(new Proxy("socks5://a").ResolvesNamesLocally);
        Assert.False(new Proxy("socks5h://a").ResolvesNamesLocally);
    }
}
