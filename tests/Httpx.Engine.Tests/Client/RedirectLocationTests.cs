namespace Httpx.Tests.Client;

/// <summary>
/// The Location values real servers send (behind load balancers and SSO), against the test server: none, one that is
/// empty or two, one that is no URL, in a scheme no transport sends, with backslashes, a loop. HTTPX 0.28.1, curl and
/// browsers (WHATWG URL, Fetch) were run against the same values; where this departs from HTTPX the test says why.
/// </summary>
public class RedirectLocationTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public RedirectLocationTests(ServerFixture f) => _f = f;

    private string Http => _f.Server.HttpUrl;

    // Each location is a Location header of its own.
    private string RedirectTo(params string[] locations) =>
        Http + "/redirect-to?" + string.Join("&", locations.Select(l => "url=" + Uri.EscapeDataString(l)));

    private static Httpx.Client Following(int maxRedirects = 20) => new(new ClientOptions { FollowRedirects = true, MaxRedirects = maxRedirects });

    [Fact]
    public void A_redirect_not_followed_whose_Location_is_no_URL_is_returned_with_no_next_request()
    {
        // HTTPX builds the next request before it looks at follow_redirects, so that a malformed Location raises even
        // for a caller who only wanted to see the 3xx (encode/httpx#3706, open; curl fixed the same in curl/curl#3364).
        using var client = new Httpx.Client();
        var r = client.Get(RedirectTo("http://[bad"));
        Assert.Equal(302, r.StatusCode);
        Assert.Equal("http://[bad", r.Headers["Location"]);
        Assert.Null(r.NextRequest);
    }

    [Fact]
    public void An_empty_Location_is_the_servers_error_when_followed_not_a_loop_to_the_same_URL()
    {
        // HTTPX joins "" to the request's URL and requests it again until TooManyRedirects; curl does not follow.
        using (var client = Following())
        {
            var e = Assert.Throws<RemoteProtocolException>(() => client.Get(RedirectTo("")));
            Assert.Equal("The Location header of a 302 redirect is empty: there is no URL to follow.", e.Message);
            Assert.Equal("/redirect-to", e.Request.Url.Path);
        }
        using (var client = new Httpx.Client())
        {
            var r = client.Get(RedirectTo(""));
            Assert.Equal(302, r.StatusCode);
            Assert.Null(r.NextRequest);
        }
    }

    [Fact]
    public void Two_different_Location_headers_are_the_servers_error_naming_both()
    {
        // HTTPX joins them (", ") into one URL on the same host ("/get,%20/anything"); Fetch makes it a network error
        // (Chrome's ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION) and requests raises InvalidHeader: following either could
        // be the wrong one. Passwords in them are masked.
        using (var client = Following())
        {
            var e = Assert.Throws<RemoteProtocolException>(() => client.Get(RedirectTo("/get", "http://u:LOCPW7@127.0.0.1:1/anything")));
            Assert.Equal("The 302 redirect has 2 different Location headers, '/get' and 'http://u:[secure]@127.0.0.1:1/anything': " +
                "which one to follow is not known.", e.Message);
        }
        using (var client = new Httpx.Client())
        {
            var r = client.Get(RedirectTo("/get", "/anything"));
            Assert.Equal(302, r.StatusCode);
            Assert.Equal(new[] { "/get", "/anything" }, r.Headers.GetList("Location"));
            Assert.Null(r.NextRequest);
        }
    }

    [Fact]
    public void The_same_Location_twice_is_followed()
    {
        // A proxy that adds the header its backend already sent: one target, no doubt (Fetch and Chrome follow it too).
        using var client = Following();
        var r = client.Get(RedirectTo("/get", "/get"));
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("/get", r.Url.Path);
    }

    [Fact]
    public void A_comma_in_one_Location_header_is_part_of_the_URL_not_two_Locations()
    {
        // Commas are legal in URLs: HTTPX goes to "/get,%20/anything" and so do browsers (only two header lines are
        // refused). Splitting on it would refuse a Location such as "/list?ids=1,2".
        using var client = Following();
        var r = client.Get(RedirectTo("/anything?ids=1,2, 3"));
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("/anything", r.Url.Path);
        Assert.Equal("ids=1,2,%203", r.Url.Query);
    }

    [Theory]
    [InlineData("data:text/plain,hi", "data")]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("about:blank", "about")]
    public void A_Location_in_another_scheme_without_a_host_is_refused_naming_the_scheme_and_the_Location(string location, string scheme)
    {
        // HTTPX gives a hostless URL the request's host, meant for "https://:443/" (encode/httpx#771): "file:///etc/passwd"
        // became file://127.0.0.1/etc/passwd in its error, and "data:text/plain,hi" an InvalidURL about its path.
        using var client = Following();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(RedirectTo(location)));
        Assert.Equal($"The 302 redirect points to '{location}', in the '{scheme}:' scheme, which is not sent: only http and https are.", e.Message);
        Assert.Equal("/redirect-to", e.Request.Url.Path);

        // Not followed, it is the caller's 3xx to read.
        using var plain = new Httpx.Client();
        var r = plain.Get(RedirectTo(location));
        Assert.Equal(location, r.Headers["Location"]);
        Assert.Null(r.NextRequest);
    }

    [Fact]
    public void A_Location_in_another_scheme_with_a_host_goes_to_the_transport_which_names_the_scheme()
    {
        // As HTTPX: a transport mounted for the scheme could send it; HttpTransport refuses it.
        using var client = Following();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(RedirectTo("ftp://127.0.0.1:1/x")));
        Assert.Equal("Request URL has an unsupported protocol 'ftp://': 'ftp://127.0.0.1:1/x'.", e.Message);
    }

    [Theory]
    [InlineData("/\\evil.example", "/\\evil.example")]
    [InlineData("\\\\evil.example\\x", "/\\\\evil.example\\x")]
    [InlineData("\\/evil.example", "/\\/evil.example")]
    public void A_backslash_in_a_Location_is_a_path_character_so_the_redirect_stays_on_the_host(string location, string path)
    {
        // Browsers read "\" as "/" in http URLs (WHATWG), so "/\evil.example" goes to evil.example there: a server that
        // only checks that a Location starts with "/" sends its users away. HTTPX and curl keep it in the path, as here:
        // never a host the server did not name. (The test server answers 404 for the path.)
        using var client = Following();
        var r = client.Get(RedirectTo(location));
        Assert.Single(r.History);
        Assert.Equal("127.0.0.1", r.Url.Host);
        Assert.Equal(new Uri(Http).Port, r.Url.Port);
        Assert.Equal(path, r.Url.Path);
    }

    [Fact]
    public void Too_many_redirects_says_when_the_chain_came_back_to_a_URL_it_had_requested()
    {
        // HTTPX says "Exceeded maximum allowed redirects."; a loop (a redirect to itself, an SSO that sends the user
        // back and forth) is said as such, with the URL it came back to. It is still followed to the limit, as in HTTPX:
        // a server may redirect to the same URL once, after it has set a cookie. "#again" is the same URL again.
        using var client = Following(maxRedirects: 3);
        var start = RedirectTo("#again");
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get(start));
        Assert.Equal($"Exceeded the maximum of 3 redirects (the next, not sent: GET {start}#again): it came back to {start}, " +
            "which had redirected it already: a redirect loop.", e.Message);

        var chain = Assert.Throws<TooManyRedirectsException>(() => client.Get(Http + "/redirect/5"));
        // /redirect/5 to /redirect/2 were sent; /redirect/1 was not ("last:" read as if it had been).
        Assert.Equal($"Exceeded the maximum of 3 redirects (the next, not sent: GET {Http}/redirect/1).", chain.Message);
    }

    [Fact]
    public void Too_many_redirects_does_not_call_one_redirect_back_to_the_same_URL_a_loop()
    {
        // A login page that sets its cookie and redirects to itself answers 200 the second time: the limit (0 here) was
        // reached before that request was sent, so nothing shows a loop. Only a URL that redirected away twice is one.
        var sent = 0;
        using var client = new Httpx.Client(new ClientOptions
        {
            FollowRedirects = true,
            MaxRedirects = 0,
            Transport = new MockTransport(request =>
            {
                sent++;
                return request.Headers.ContainsKey("Cookie")
                    ? new Response(200)
                    : new Response(302, headers: new Dictionary<string, string> { ["Location"] = "/login", ["Set-Cookie"] = "sid=1" });
            }),
        });
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get("http://sso.example/login"));
        Assert.Equal("Exceeded the maximum of 0 redirects (the next, not sent: GET http://sso.example/login).", e.Message);
        Assert.Equal(1, sent);

        // The same server with a limit of 1 gets its 200: the pattern is legitimate.
        client.Cookies.Clear();
        var r = client.Get("http://sso.example/login", new RequestOptions { MaxRedirects = 1 });
        Assert.Equal(200, r.StatusCode);
    }
}
