namespace Httpx.Tests.Client;

/// <summary>Cookies through a client and the real server (HTTPX's tests/client/test_cookies.py and more).</summary>
public class CookieTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public CookieTests(ServerFixture f) => _f = f;

    private string Http => _f.Server.HttpUrl;
    private string OtherHost => Http.Replace("127.0.0.1", "localhost");

    private static string? Sent(Response r, string name) => r.Json()!["cookies"]![name]?.ToString();

    private static string SetRaw(params string[] headers) =>
        "/cookies/set-raw?" + string.Join("&", headers.Select(h => "h=" + Uri.EscapeDataString(h)));

    [Fact]
    public void Client_cookies_are_sent_and_response_cookies_persist_in_the_jar()
    {
        using var client = new Httpx.Client(new ClientOptions { Cookies = new Dictionary<string, string> { ["preset"] = "p" } });
        client.Get(Http + SetRaw("session=abc; Path=/"));
        var r = client.Get(Http + "/cookies");
        Assert.Equal("p", Sent(r, "preset"));
        Assert.Equal("abc", Sent(r, "session"));
        Assert.Equal("abc", client.Cookies["session"]);
    }

    [Fact]
    public void A_response_lists_the_cookies_it_sets_scoped_to_its_URL()
    {
        using var client = new Httpx.Client();
        client.Cookies.Set("older", "1");
        var r = client.Get(Http + SetRaw("chocolate=chip; Path=/cookies", "gone=x; Max-Age=0"));
        Assert.Equal("chip", r.Cookies["chocolate"]);
        var cookie = Assert.Single(r.Cookies);
        Assert.Equal(("chocolate", "127.0.0.1", "/cookies"), (cookie.Name, cookie.Domain, cookie.Path));
        Assert.False(r.Cookies.Contains("older"));
        Assert.Empty(client.Get(Http + "/cookies").Cookies);
    }

    [Fact]
    public void Request_cookies_go_with_that_request_only_and_win_over_the_jar()
    {
        using var client = new Httpx.Client();
        client.Cookies.Set("shared", "from-jar");
        var r = client.Get(Http + "/cookies", new RequestOptions { Cookies = new Dictionary<string, string> { ["once"] = "1", ["shared"] = "from-request" } });
        Assert.Equal("1", Sent(r, "once"));
        Assert.Equal("from-request", Sent(r, "shared"));
        Assert.False(client.Cookies.Contains("once"));
        Assert.Equal("from-jar", client.Cookies["shared"]);
        Assert.Null(Sent(client.Get(Http + "/cookies"), "once"));
    }

    [Fact]
    public void A_request_cookie_goes_alone_over_a_jar_cookie_of_its_name_that_a_server_set()
    {
        // The server's cookie is the host's only, the one given for the request is for any host: two cookies to the jar,
        // one name to the user, and the one given is sent alone (HTTPX would send both, "shared=from-jar; shared=from-request").
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("shared=from-jar; Path=/"));
        var r = client.Get(Http + "/cookies", new RequestOptions { Cookies = new Dictionary<string, string> { ["shared"] = "from-request" } });
        Assert.Equal("shared=from-request", r.Request.Headers["Cookie"]);
        Assert.Equal("from-jar", client.Cookies["shared"]);
    }

    [Fact]
    public void A_Cookie_header_given_by_hand_is_sent_as_it_is_not_replaced_by_the_jar()
    {
        var byHand = new Dictionary<string, string> { ["Cookie"] = "mine=explicit" };
        using var client = new Httpx.Client();
        client.Cookies.Set("jarred", "1");
        var r = client.Get(Http + "/cookies", new RequestOptions { Headers = byHand });
        Assert.Equal("explicit", Sent(r, "mine"));
        Assert.Null(Sent(r, "jarred"));
        // As HTTPX: cookies given for the request do not go into a header given by hand either.
        r = client.Get(Http + "/cookies", new RequestOptions { Headers = byHand, Cookies = new Dictionary<string, string> { ["once"] = "1" } });
        Assert.Equal("explicit", Sent(r, "mine"));
        Assert.Null(Sent(r, "once"));
        Assert.Equal("1", Sent(client.Get(Http + "/cookies"), "jarred"));

        using var withHeader = new Httpx.Client(new ClientOptions { Headers = byHand });
        withHeader.Cookies.Set("jarred", "1");
        r = withHeader.Get(Http + "/cookies");
        Assert.Equal("explicit", Sent(r, "mine"));
        Assert.Null(Sent(r, "jarred"));
    }

    [Fact]
    public void A_cookie_set_without_a_value_is_sent_back_as_its_name()
    {
        // 'Set-Cookie: flag' (no '='): Python's cookiejar (HTTPX) keeps it and sends 'flag', as browsers do; it was
        // dropped, and the server never saw it again.
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("flag; Path=/", "sid=1; Path=/"));
        Assert.Equal("flag; sid=1", EchoJson.Header(client.Get(Http + "/anything/x").Json()!, "Cookie"));
        Assert.True(client.Cookies.Contains("flag"));
    }

    [Fact]
    public void Host_only_cookie_is_not_sent_to_another_host()
    {
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("hostonly=1; Path=/"));
        Assert.Equal("1", Sent(client.Get(Http + "/cookies"), "hostonly"));
        Assert.Null(Sent(client.Get(OtherHost + "/cookies"), "hostonly"));
    }

    [Fact]
    public void Domain_attribute_for_another_domain_is_refused()
    {
        using var client = new Httpx.Client();
        client.Get(OtherHost + SetRaw("evil=1; Domain=example.com", "ok=1"));
        Assert.False(client.Cookies.Contains("evil"));
        Assert.True(client.Cookies.Contains("ok"));
    }

    [Fact]
    public void Domain_attribute_loses_one_leading_dot_only()
    {
        // RFC 6265 5.2.3 drops the one leading dot; "..localhost" then names no domain of the host, and Python's
        // cookiejar refuses it too.
        using var client = new Httpx.Client();
        client.Get(OtherHost + SetRaw("one=1; Domain=.localhost; Path=/", "two=1; Domain=..localhost; Path=/"));
        var sent = client.Get(OtherHost + "/cookies");
        Assert.Equal("1", Sent(sent, "one"));
        Assert.Null(Sent(sent, "two"));
        Assert.False(client.Cookies.Contains("two"));
    }

    [Fact]
    public void Path_scoped_cookie_goes_only_under_its_path()
    {
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("scoped=1; Path=/cookies/path/a"));
        Assert.Equal("1", Sent(client.Get(Http + "/cookies/path/a"), "scoped"));
        Assert.Equal("1", Sent(client.Get(Http + "/cookies/path/a/deeper"), "scoped"));
        Assert.Null(Sent(client.Get(Http + "/cookies/path/ab"), "scoped"));
        Assert.Null(Sent(client.Get(Http + "/cookies"), "scoped"));
    }

    [Fact]
    public void A_Path_goes_with_a_URL_that_escapes_it_otherwise_as_in_Python()
    {
        // Python's cookiejar (HTTPX) compares escaped paths ('%7e' is '%7E', a space is '%20'); here '/~user'-style and
        // spaced paths were compared as written, and the cookie never went back to the URL the user wrote.
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("tilde=1; Path=/anything/%7euser", "spaced=1; Path=/anything/a b"));
        Assert.Equal("tilde=1", EchoJson.Header(client.Get(Http + "/anything/%7Euser/x").Json()!, "Cookie"));
        Assert.Equal("spaced=1", EchoJson.Header(client.Get(Http + "/anything/a b/x").Json()!, "Cookie"));
        Assert.Null(EchoJson.Header(client.Get(Http + "/anything/x").Json()!, "Cookie"));
    }

    [Fact]
    public void A_server_cookie_whose_name_holds_a_space_or_a_comma_is_kept_and_sent_back()
    {
        // 'Set-Cookie: foo bar=baz' (the http-state suite's name0030): RFC 6265 5.2 takes all before the first '=' as the
        // name, and browsers, curl and Python's cookiejar (HTTPX) keep it and send 'foo bar=baz'. The jar dropped it,
        // because a name given by hand with a space or a comma is refused (most often a value typed into the name).
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("foo bar=baz; Path=/", "a,b=1; Path=/"));
        var r = client.Get(Http + "/cookies");
        Assert.Equal("baz", Sent(r, "foo bar"));
        Assert.Equal("1", Sent(r, "a,b"));
        // Replaced (the jar re-creates the cookie with the first one's creation time) and deleted as any other.
        client.Get(Http + SetRaw("foo bar=new; Path=/", "a,b=; Max-Age=0; Path=/"));
        r = client.Get(Http + "/cookies");
        Assert.Equal("new", Sent(r, "foo bar"));
        Assert.Null(Sent(r, "a,b"));
        Assert.Single(client.Cookies.Jar);
    }

    [Fact]
    public void Default_path_is_the_directory_of_the_request()
    {
        using var client = new Httpx.Client();
        // No Path attribute: the default path of /cookies/set-raw is /cookies.
        client.Get(Http + SetRaw("d=1"));
        var cookie = Assert.Single(client.Cookies.Jar, c => c.Name == "d");
        Assert.Equal("/cookies", cookie.Path);
        Assert.True(cookie.HostOnly);
        Assert.Equal("1", Sent(client.Get(Http + "/cookies/path/a"), "d"));
        Assert.DoesNotContain("d=1", client.Get(Http + "/get").Json()!["headers"]!.ToJsonString());
    }

    [Fact]
    public void Secure_cookie_is_only_sent_over_https_and_not_accepted_from_http()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _f.Server.CaPemPath });
        client.Get(Http + SetRaw("fromhttp=1; Secure; Path=/"));
        Assert.False(client.Cookies.Contains("fromhttp"));

        // localhost over https sets it; the same host over plain http does not get it back.
        var https = _f.Server.HttpsUrl;
        client.Get(https + SetRaw("s=1; Secure; Path=/"));
        Assert.Equal("1", Sent(client.Get(https + "/cookies"), "s"));
        var httpLocalhost = "http://localhost:" + new Url(Http).Port;
        Assert.Null(Sent(client.Get(httpLocalhost + "/cookies"), "s"));
    }

    [Fact]
    public void HttpOnly_cookie_is_kept_and_sent()
    {
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("h=1; HttpOnly; Path=/"));
        Assert.True(Assert.Single(client.Cookies.Jar).HttpOnly);
        Assert.Equal("1", Sent(client.Get(Http + "/cookies"), "h"));
    }

    [Fact]
    public void Expiry_in_the_past_and_max_age_zero_delete_the_cookie()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        client.Get(Http + "/cookies/set?a=1&b=2");
        Assert.Equal(2, client.Cookies.Count);
        var r = client.Get(Http + "/cookies/delete?a");
        Assert.Null(Sent(r, "a"));
        Assert.Equal("2", Sent(r, "b"));
        client.Get(Http + SetRaw("b=x; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Path=/"));
        Assert.Equal(0, client.Cookies.Count);
    }

    [Fact]
    public void A_max_age_too_negative_for_a_long_still_deletes_the_cookie()
    {
        // RFC 6265 5.2.2: any delta-seconds <= 0 expires the cookie (Python's cookiejar too); one below long.MinValue
        // was taken as "too large" and kept the session cookie for 400 days.
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("session=abc; Path=/"));
        client.Get(Http + SetRaw("session=; Max-Age=-99999999999999999999; Path=/"));
        Assert.Equal(0, client.Cookies.Count);
        Assert.Null(Sent(client.Get(Http + "/cookies"), "session"));
    }

    [Fact]
    public void Max_age_wins_over_expires()
    {
        using var client = new Httpx.Client();
        client.Get(Http + SetRaw("m=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=3600; Path=/"));
        var cookie = Assert.Single(client.Cookies.Jar);
        Assert.True(cookie.Expires > DateTimeOffset.UtcNow);
        Assert.Equal("1", Sent(client.Get(Http + "/cookies"), "m"));
    }

    [Fact]
    public void Jar_round_trips_through_a_cookies_txt_file_between_clients()
    {
        var path = Path.Combine(Path.GetTempPath(), "httpx-cookies-" + Guid.NewGuid().ToString("N") + ".txt");
        try
        {
            using (var first = new Httpx.Client())
            {
                first.Get(Http + SetRaw("kept=yes; Max-Age=3600; Path=/; HttpOnly", "session=s1; Path=/"));
                first.Cookies.Save(path);
            }
            using var second = new Httpx.Client(new ClientOptions { Cookies = Httpx.Cookies.Load(path) });
            var r = second.Get(Http + "/cookies");
            Assert.Equal("yes", Sent(r, "kept"));
            Assert.Equal("s1", Sent(r, "session"));
            Assert.Null(Sent(second.Get(OtherHost + "/cookies"), "kept"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
