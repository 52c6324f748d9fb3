using System.Text.Json.Nodes;

namespace Httpx.Tests.Client;

/// <summary>HTTPX's tests/client/test_redirects.py, against the real test server, plus our https→http refusal.</summary>
public class RedirectTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public RedirectTests(ServerFixture f) => _f = f;

    private string Http => _f.Server.HttpUrl;

    // The same server under another origin: same port, other host name.
    private string OtherOrigin => Http.Replace("127.0.0.1", "localhost");

    // The echo gives each header as an array of its values.
    private static string? Header(JsonNode echo, string name) =>
        echo["headers"]!.AsObject().FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?[0]?.ToString();

    private static string RedirectTo(string url, int status) => $"/redirect-to?url={Uri.EscapeDataString(url)}&status_code={status}";

    [Fact]
    public void A_host_that_only_looks_like_the_origin_is_another_origin()
    {
        // "xn--example-" decodes to "example": shown as example.com, a redirect to it kept the Authorization header.
        var seen = new List<Request>();
        using var client = new Httpx.Client(new ClientOptions
        {
            FollowRedirects = true,
            Auth = ("user", "secret"),
            Transport = new MockTransport(request =>
            {
                seen.Add(request);
                return seen.Count == 1
                    ? new Response(302, headers: new Dictionary<string, string> { ["Location"] = "http://xn--example-.com/steal" })
                    : new Response(200);
            }),
        });
        client.Get("http://example.com/");
        Assert.Equal("xn--example-.com", seen[1].Url.Host);
        Assert.Null(seen[1].Headers.Get("Authorization"));
        Assert.NotNull(seen[0].Headers.Get("Authorization"));
    }

    [Fact]
    public void A_Location_in_curls_user_password_at_host_form_does_not_show_its_password()
    {
        // curl's "user:password@host" form: a scheme "u" and a path that cannot follow a host. It used to escape as
        // InvalidUrlException (the caller's mistake, by HTTPX's classes), quoting the path with the password in it.
        // Read as a URL in the scheme "u" with no host, it is refused as one (RedirectLocationTests), the password masked.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(Http + RedirectTo("u:LOCPW5@127.0.0.1:1/x", 302)));
        Assert.StartsWith("The 302 redirect points to 'u:[secure]@127.0.0.1:1/x', in the 'u:' scheme", e.Message);
        Assert.True(!e.Message.Contains("LOCPW5"), e.Message);
    }

    [Fact]
    public void A_Location_with_an_unclosed_IPv6_host_is_the_servers_error_naming_the_location_and_the_request()
    {
        // HTTPX's RemoteProtocolError("Invalid URL in location header: ...", request=request): the request that was
        // redirected is attached, and the message says what is wrong with the Location as the server sent it.
        using var client = new Httpx.Client(new ClientOptions
        {
            FollowRedirects = true,
            Transport = new MockTransport(_ => new Response(302, headers: new Dictionary<string, string> { ["Location"] = "http://[::1/x" })),
        });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get("http://example.com/start"));
        Assert.Equal("Invalid URL in the Location header of a 302 redirect: Invalid IPv6 address '[::1': the '[' is not closed by ']' in URL 'http://[::1/x'", e.Message);
        Assert.Equal("http://example.com/start", e.Request.Url.ToString());
    }

    [Fact]
    public void Redirects_are_not_followed_by_default_and_next_request_points_on()
    {
        using var client = new Httpx.Client();
        var r = client.Get(Http + "/redirect/3");
        Assert.Equal(302, r.StatusCode);
        Assert.Empty(r.History);
        Assert.NotNull(r.NextRequest);
        Assert.Equal("GET", r.NextRequest!.Method);
        Assert.Equal(Http + "/redirect/2", r.NextRequest.Url.ToString());

        var next = client.Send(r.NextRequest);
        Assert.Equal(Http + "/redirect/1", next.NextRequest!.Url.ToString());
    }

    [Fact]
    public void Client_follows_when_asked_and_keeps_the_history_in_order()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Get(Http + "/redirect/3");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(Http + "/get", r.Url.ToString());
        Assert.Null(r.NextRequest);
        Assert.Equal(new[] { "/redirect/3", "/redirect/2", "/redirect/1" }, r.History.Select(h => h.Url.RawPath));
        Assert.All(r.History, h => Assert.Equal(302, h.StatusCode));
        Assert.Equal(new[] { "/redirect/3", "/redirect/2" }, r.History[2].History.Select(h => h.Url.RawPath));
    }

    [Fact]
    public void Request_option_overrides_the_client_setting_both_ways()
    {
        using var following = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        Assert.Equal(302, following.Get(Http + "/redirect/1", new RequestOptions { FollowRedirects = false }).StatusCode);
        using var plain = new Httpx.Client();
        Assert.Equal(200, plain.Get(Http + "/redirect/1", new RequestOptions { FollowRedirects = true }).StatusCode);
    }

    [Fact]
    public void A_host_header_of_mine_survives_a_redirect_on_the_same_origin_and_not_to_another()
    {
        // As HTTPX: a virtual host named in Host stays while the redirect stays on the server; another origin gets its own.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var host = new RequestOptions { Headers = new Dictionary<string, string> { ["Host"] = "virtual.example" } };
        var same = client.Get(Http + RedirectTo("/anything", 302), host).Json()!;
        Assert.Equal("virtual.example", Header(same, "Host"));
        var other = client.Get(Http + RedirectTo(OtherOrigin + "/anything", 302), host).Json()!;
        Assert.Equal(new Uri(OtherOrigin).Authority, Header(other, "Host"));
    }

    [Fact]
    public void A_post_redirected_as_get_drops_its_body_and_framing_but_keeps_its_content_type_in_the_request()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Post(Http + RedirectTo("/anything", 303), new RequestOptions { Json = new { a = 1 } });
        Assert.Equal("GET", r.Request.Method);
        Assert.Equal("application/json", r.Request.Headers["Content-Type"]);
        Assert.False(r.Request.Headers.ContainsKey("Content-Length"));
        Assert.Equal("", r.Json()!["body"]!.GetValue<string>());
    }

    [Fact]
    public void A_streamed_post_redirected_as_get_sends_no_chunked_framing()
    {
        // A body of unknown length goes chunked; the GET it becomes has no body, so nor the Transfer-Encoding that framed
        // it (HTTPX's _redirect_headers drops both framing headers): kept, the GET went out with a chunked empty body.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Post(Http + RedirectTo("/anything", 303), new RequestOptions { Content = new[] { "ab"u8.ToArray(), "cd"u8.ToArray() }.Select(b => b) });
        var echo = r.Json()!;
        Assert.Equal("GET", echo["method"]!.ToString());
        Assert.False(r.Request.Headers.ContainsKey("Transfer-Encoding"));
        Assert.Null(Header(echo, "Transfer-Encoding"));
        Assert.False(echo["chunked"]!.GetValue<bool>());
        Assert.Equal("", echo["body"]!.ToString());
    }

    [Fact]
    public void Too_many_redirects_raise()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, MaxRedirects = 2 });
        Assert.Equal(200, client.Get(Http + "/redirect/2").StatusCode);
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get(Http + "/redirect/3"));
        Assert.Equal("TooManyRedirects", e.ErrorName);
        Assert.Contains("2", e.Message);
    }

    [Theory]
    [InlineData("/relative-redirect/3")]
    [InlineData("/absolute-redirect/3")]
    [InlineData("/redirect/2?absolute=true")]
    [InlineData("/redirect-scheme-relative")]
    public void Relative_absolute_and_scheme_relative_locations_resolve(string path)
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Get(Http + path);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(Http + "/get", r.Json()!["url"]!.ToString());
    }

    [Theory]
    [InlineData("POST", 301, "GET")]
    [InlineData("POST", 302, "GET")]
    [InlineData("PUT", 302, "GET")]
    [InlineData("DELETE", 302, "GET")]
    [InlineData("PUT", 301, "PUT")]
    [InlineData("PUT", 303, "GET")]
    [InlineData("POST", 303, "GET")]
    [InlineData("POST", 307, "POST")]
    [InlineData("PUT", 308, "PUT")]
    public void Method_is_rewritten_as_the_status_says(string method, int status, string expected)
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Request(method, Http + RedirectTo("/anything", status), new RequestOptions { Content = "payload" });
        var echo = r.Json()!;
        Assert.Equal(expected, echo["method"]!.ToString());
        // A kept method keeps its body; a rewritten one sends none (and no Content-Length for it).
        Assert.Equal(expected == method ? "payload" : "", echo["body"]!.ToString());
        if (expected != method) Assert.Null(Header(echo, "Content-Length"));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(303)]
    public void Head_stays_head_on_302_and_303(int status)
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Head(Http + RedirectTo("/get", status));
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("HEAD", r.Request.Method);
    }

    [Fact]
    public void A_one_shot_body_on_307_is_a_clear_error_not_an_empty_body()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        using var body = new OneShotStream("streamed body"u8.ToArray());
        var url = Http + RedirectTo("/anything", 307);
        // HTTPX's class for it (it raises StreamConsumed when the transport reads the body again).
        var e = Assert.Throws<StreamConsumedException>(() => client.Post(url, new RequestOptions { Content = body }));
        Assert.Contains("POST request to " + url, e.Message);
        Assert.Contains("307 redirect to " + Http + "/anything", e.Message);
        Assert.Contains("Read it into memory first", e.Message);
    }

    [Fact]
    public void A_one_shot_body_on_303_is_dropped_with_the_method_not_an_error()
    {
        // The GET it becomes sends no body, so that one cannot be sent again does not matter (HTTPX follows it too).
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        using var body = new OneShotStream("streamed body"u8.ToArray());
        var echo = client.Post(Http + RedirectTo("/anything", 303), new RequestOptions { Content = body }).Json()!;
        Assert.Equal("GET", echo["method"]!.ToString());
        Assert.Equal("", echo["body"]!.ToString());
    }

    [Fact]
    public void A_seekable_stream_is_replayed_on_308()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        using var body = new MemoryStream("seekable"u8.ToArray());
        var r = client.Put(Http + RedirectTo("/anything", 308), new RequestOptions { Content = body });
        Assert.Equal("seekable", r.Json()!["body"]!.ToString());
    }

    [Fact]
    public void Fragment_is_carried_to_a_location_without_one()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Get(Http + "/redirect/1#section");
        Assert.Equal("section", r.Url.Fragment);
        var own = client.Get(Http + RedirectTo("/get#other", 302) + "#section");
        Assert.Equal("other", own.Url.Fragment);
    }

    [Fact]
    public void Authorization_is_kept_on_the_same_origin_and_dropped_across_origins()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Auth = ("user", "pass") });
        var same = client.Get(Http + RedirectTo("/anything", 302)).Json()!;
        Assert.StartsWith("Basic ", Header(same, "Authorization"));

        var cross = client.Get(Http + RedirectTo(OtherOrigin + "/anything", 302));
        Assert.Equal(OtherOrigin + "/anything", cross.Url.ToString());
        Assert.Null(Header(cross.Json()!, "Authorization"));

        // Other port, same host: another origin too.
        var otherPort = client.Get(Http + RedirectTo(_f.Server.H2cUrl + "/anything", 302),
            new RequestOptions { FollowRedirects = false });
        Assert.False(otherPort.NextRequest!.Headers.ContainsKey("Authorization"));
    }

    [Theory]
    [InlineData("https://example.org/target", true)]       // HTTPX's _is_https_redirect: the same site, upgraded
    [InlineData("https://example.org:8443/target", false)] // another port: another origin
    [InlineData("https://www.example.org/target", false)]
    public void Authorization_follows_an_upgrade_to_https_on_the_same_host_and_default_ports(string location, bool kept)
    {
        var seen = new List<Request>();
        using var client = new Httpx.Client(new ClientOptions
        {
            FollowRedirects = true,
            Transport = new MockTransport(request =>
            {
                seen.Add(request);
                return seen.Count == 1 ? new Response(301, headers: new Dictionary<string, string> { ["Location"] = location }) : new Response(200);
            }),
        });
        client.Get("http://example.org/start", new RequestOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" } });
        Assert.Equal(kept, seen[1].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void Url_credentials_do_not_follow_a_redirect_to_another_origin()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var withUser = Http.Replace("http://", "http://user:secret@");
        var same = client.Get(withUser + RedirectTo("/anything", 302)).Json()!;
        Assert.StartsWith("Basic ", Header(same, "Authorization"));
        var cross = client.Get(withUser + RedirectTo(OtherOrigin + "/anything", 302)).Json()!;
        Assert.Null(Header(cross, "Authorization"));
    }

    [Fact]
    public void Https_to_http_is_refused_unless_allowed()
    {
        var https = _f.Server.HttpsUrl;
        var url = https + RedirectTo(Http + "/get", 302);
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Verify = _f.Server.CaPemPath });
        var e = Assert.Throws<InsecureRedirectException>(() => client.Get(url));
        Assert.Equal("InsecureRedirect", e.ErrorName);
        Assert.IsAssignableFrom<RequestException>(e);
        Assert.Contains(url, e.Message);
        Assert.Contains(Http + "/get", e.Message);

        Assert.Equal(200, client.Get(url, new RequestOptions { AllowInsecureRedirects = true }).StatusCode);
        using var allowing = new Httpx.Client(new ClientOptions { FollowRedirects = true, Verify = _f.Server.CaPemPath, AllowInsecureRedirects = true });
        Assert.Equal(200, allowing.Get(url).StatusCode);

        // Not following: nothing is refused, the caller sees where it would go.
        var notFollowed = client.Get(url, new RequestOptions { FollowRedirects = false });
        Assert.Equal(Http + "/get", notFollowed.NextRequest!.Url.ToString());
    }

    [Fact]
    public void Insecure_redirect_message_redacts_passwords()
    {
        var https = _f.Server.HttpsUrl.Replace("https://", "https://user:hunter2@");
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Verify = _f.Server.CaPemPath });
        var e = Assert.Throws<InsecureRedirectException>(() => client.Get(https + RedirectTo(Http + "/get", 302)));
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Contains(https.Replace(":hunter2@", ":[secure]@"), e.Message); // still names where it came from, masked
    }

    [Fact]
    public void Http_to_https_is_followed()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Verify = _f.Server.CaPemPath });
        var r = client.Get(Http + RedirectTo(_f.Server.HttpsUrl + "/get", 302));
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("https", r.Url.Scheme);
    }

    [Fact]
    public void Cookies_of_every_hop_are_stored_and_sent_on_the_next()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        var r = client.Get(Http + "/cookies/set?hop=1");
        Assert.Equal("1", r.Json()!["cookies"]!["hop"]!.ToString());
        Assert.Single(r.History);
        Assert.Equal("1", client.Cookies["hop"]);

        // A hop that is not followed still stores its cookies.
        using var notFollowing = new Httpx.Client();
        var first = notFollowing.Get(Http + "/cookies/set?unfollowed=yes");
        Assert.Equal(302, first.StatusCode);
        Assert.Equal("yes", notFollowing.Cookies["unfollowed"]);
        Assert.Equal("unfollowed=yes", first.NextRequest!.Headers["Cookie"]);
    }

    [Fact]
    public void Cookie_header_is_recomputed_per_hop_for_the_new_host()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        client.Get(Http + "/cookies/set?mine=1");
        var cross = client.Get(Http + RedirectTo(OtherOrigin + "/cookies", 302));
        Assert.Empty(cross.Json()!["cookies"]!.AsObject());
        Assert.Equal("1", client.Get(Http + RedirectTo("/cookies", 302)).Json()!["cookies"]!["mine"]!.ToString());
    }

    [Fact]
    public void A_Cookie_header_given_by_hand_is_not_carried_to_the_next_hop_the_jar_decides_there()
    {
        // HTTPX's _redirect_headers drops the Cookie header: the next hop gets the jar's cookies for its URL.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true });
        client.Cookies.Set("jarred", "1");
        var r = client.Get(Http + RedirectTo("/cookies", 302), new RequestOptions { Headers = new Dictionary<string, string> { ["Cookie"] = "mine=explicit" } });
        var sent = r.Json()!["cookies"]!.AsObject();
        Assert.Equal("1", sent["jarred"]!.ToString());
        Assert.False(sent.ContainsKey("mine"));
    }

    // HTTPX's test_redirects.py cases that the real-server tests above do not already cover, against a mock handler as
    // HTTPX's own ("redirects" there): what the client does with a Location no test server sends.
    private static Httpx.Client FollowingMockClient(Func<Request, Response> handler) =>
        new(new ClientOptions { FollowRedirects = true, Transport = new MockTransport(handler) });

    private static Response RedirectResponse(int status, object location) =>
        new(status, headers: new Dictionary<string, object> { ["location"] = location });

    [Fact]
    public void A_Location_with_a_scheme_and_no_host_goes_to_the_requests_host()
    {
        // HTTPX's test_malformed_redirect: "https://:443/" keeps the request's host (its expected
        // "https://example.org:443/" is equal to this: URL drops a default port).
        using var client = FollowingMockClient(request => request.Url.Path == "/malformed_redirect"
            ? RedirectResponse(303, "https://:443/") : new Response(200));
        var r = client.Get("http://example.org/malformed_redirect");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("https://example.org/", r.Url.ToString());
        Assert.Single(r.History);
    }

    [Fact]
    public void A_Location_whose_host_is_not_a_host_name_is_the_servers_error()
    {
        // HTTPX's test_invalid_redirect: the Location's bytes are UTF-8 for "https://😇/".
        using var client = FollowingMockClient(request => request.Url.Path == "/invalid_redirect"
            ? RedirectResponse(303, System.Text.Encoding.UTF8.GetBytes("https://\U0001F607/")) : new Response(200));
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get("http://example.org/invalid_redirect"));
        Assert.StartsWith("Invalid URL in the Location header of a 303 redirect", e.Message);
    }

    [Fact]
    public void The_default_limit_follows_20_redirects_and_refuses_a_21st_and_a_loop()
    {
        // HTTPX's test_multiple_redirects, test_too_many_redirects and test_redirect_loop, with the default MaxRedirects.
        using var client = FollowingMockClient(request =>
        {
            if (request.Url.Path == "/redirect_loop") return RedirectResponse(303, "/redirect_loop");
            var count = int.Parse(request.Url.Params.Get("count") ?? "0");
            return count == 0 ? new Response(200) : RedirectResponse(303, "/multiple_redirects" + (count > 1 ? $"?count={count - 1}" : ""));
        });
        var r = client.Get("https://example.org/multiple_redirects?count=20");
        Assert.Equal("https://example.org/multiple_redirects", r.Url.ToString());
        Assert.Equal(20, r.History.Count);
        Assert.Throws<TooManyRedirectsException>(() => client.Get("https://example.org/multiple_redirects?count=21"));
        Assert.Throws<TooManyRedirectsException>(() => client.Get("https://example.org/redirect_loop"));
    }

    [Fact]
    public void A_redirect_to_another_host_sends_that_hosts_Host_header()
    {
        // HTTPX's test_cross_subdomain_redirect: the handler redirects until the Host header names the new host.
        using var client = FollowingMockClient(request => request.Headers["Host"] != "www.example.org"
            ? RedirectResponse(308, "https://www.example.org/cross_subdomain") : new Response(200));
        var r = client.Get("https://example.com/cross_subdomain");
        Assert.Equal("https://www.example.org/cross_subdomain", r.Url.ToString());
        Assert.Single(r.History);
    }

    [Fact]
    public void A_cookie_a_redirect_sets_is_sent_on_the_next_hop_and_one_it_expires_is_not()
    {
        // HTTPX's test_redirect_cookie_behavior: a login that sets the session, a logout that expires it, each by a 303.
        using var client = FollowingMockClient(request => request.Url.Path switch
        {
            "/" => new Response(200, content: request.Headers.Get("Cookie") is null ? "Not logged in"u8.ToArray() : "Logged in"u8.ToArray()),
            "/login" => new Response(303, headers: new Dictionary<string, string>
            {
                ["location"] = "/",
                ["set-cookie"] = "session=eyJ1c2VybmFtZSI6ICJ0b21; path=/; Max-Age=1209600; httponly; samesite=lax",
            }),
            _ => new Response(303, headers: new Dictionary<string, string>
            {
                ["location"] = "/",
                ["set-cookie"] = "session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax",
            }),
        });
        Assert.Equal("Not logged in", client.Get("https://example.com/").Text);
        Assert.Equal("Logged in", client.Post("https://example.com/login").Text);
        Assert.Equal("Logged in", client.Get("https://example.com/").Text);
        Assert.Equal("Not logged in", client.Post("https://example.com/logout").Text);
        Assert.Equal("Not logged in", client.Get("https://example.com/").Text);
    }

    [Fact]
    public void A_Location_in_a_scheme_no_transport_sends_is_followed_to_the_transports_refusal()
    {
        // HTTPX's test_redirect_custom_scheme: the client does not refuse "market:" itself; the transport does, as
        // HTTPX's mock handler and its HTTPTransport raise UnsupportedProtocol for a scheme they cannot send.
        using var client = FollowingMockClient(request => request.Url.Scheme is "http" or "https"
            ? RedirectResponse(301, "market://details?id=42")
            : throw new UnsupportedProtocolException($"Scheme '{request.Url.Scheme}' not supported."));
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Post("https://example.org/redirect_custom_scheme"));
        Assert.Equal("Scheme 'market' not supported.", e.Message);
    }

    /// <summary>A stream that can be read once and cannot seek, like a network or pipe stream.</summary>
    private sealed class OneShotStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
