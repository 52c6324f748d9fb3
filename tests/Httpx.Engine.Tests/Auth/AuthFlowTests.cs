namespace Httpx.Tests.Auth;

/// <summary>Custom auth flows and which auth wins (HTTPX's tests/client/test_auth.py).</summary>
public class AuthFlowTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public AuthFlowTests(ServerFixture f) => _f = f;

    /// <summary>Fetches a token with a first request, reads it from that response's body, then sends the real request with it.</summary>
    private sealed class TokenFetchingAuth(string tokenUrl) : Httpx.Auth
    {
        public override bool RequiresResponseBody => true;

        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return new Request("POST", tokenUrl, content: "token-from-server");
            var token = context.Response!.Json()!["body"]!.ToString();
            request.Headers.Set("Authorization", "Bearer " + token);
            yield return request;
        }
    }

    [Fact]
    public void Custom_flow_sends_two_requests_and_reads_the_first_response_body()
    {
        using var client = new Httpx.Client();
        var r = client.Get(_f.Server.HttpUrl + "/bearer", new RequestOptions { Auth = new TokenFetchingAuth(_f.Server.HttpUrl + "/post") });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("token-from-server", r.Json()!["token"]!.ToString());
        var first = Assert.Single(r.History);
        Assert.Equal("/post", first.Url.Path);
        Assert.Equal("token-from-server", first.Json()!["body"]!.ToString());
    }

    [Fact]
    public void Request_auth_overrides_client_auth()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = ("user", "wrong") });
        var url = _f.Server.HttpUrl + "/basic-auth/user/pass";
        Assert.Equal(401, client.Get(url).StatusCode);
        Assert.Equal(200, client.Get(url, new RequestOptions { Auth = new BasicAuth("user", "pass") }).StatusCode);
    }

    [Fact]
    public void A_NetworkCredential_with_a_domain_sends_Basic_as_DOMAIN_backslash_user()
    {
        // The module's -Auth sends 'CORP\ada' for this credential; the engine's own conversion dropped the domain.
        using var client = new Httpx.Client(new ClientOptions { Auth = new System.Net.NetworkCredential("ada", "pw", "CORP") });
        var r = client.Get(_f.Server.HttpUrl + "/basic-auth/CORP%5Cada/pw");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("CORP\\ada", r.Json()!["user"]!.ToString());
        var bare = client.Get(_f.Server.HttpUrl + "/basic-auth/ada/pw",
            new RequestOptions { Auth = new System.Net.NetworkCredential("ada", "pw", "") });
        Assert.Equal(200, bare.StatusCode);
    }

    [Fact]
    public void A_NetworkCredential_without_a_user_name_or_password_is_no_auth()
    {
        // CredentialCache.DefaultNetworkCredentials (the logon account) and new NetworkCredential() sent
        // 'Authorization: Basic Og==', an empty user and password; an empty user with a password stays Basic (':token').
        using var client = new Httpx.Client(new ClientOptions { Auth = System.Net.CredentialCache.DefaultNetworkCredentials });
        Assert.Null(client.Auth);
        var r = client.Get(_f.Server.HttpUrl + "/get", new RequestOptions { Auth = new System.Net.NetworkCredential() });
        Assert.False(r.Request.Headers.ContainsKey("Authorization"));
        var token = client.Get(_f.Server.HttpUrl + "/get",
            new RequestOptions { Auth = new System.Net.NetworkCredential("", "t0ken") });
        Assert.Equal("Basic " + Convert.ToBase64String(":t0ken"u8.ToArray()), token.Request.Headers.Get("Authorization"));
    }

    [Fact]
    public void Auth_None_turns_the_clients_auth_off_and_leaves_the_urls_credentials()
    {
        // HTTPX: client.get(url, auth=None) (test_auth_disable_per_request); NoAuth, HTTPX's Auth(), sends nothing.
        using var client = new Httpx.Client(new ClientOptions { Auth = ("user", "pass") });
        var url = _f.Server.HttpUrl + "/basic-auth/user/pass";
        Assert.Equal(401, client.Get(url, new RequestOptions { Auth = Httpx.Auth.None }).StatusCode);
        var withCredentials = url.Replace("http://", "http://user:pass@");
        using var wrong = new Httpx.Client(new ClientOptions { Auth = ("user", "wrong") });
        Assert.Equal(200, wrong.Get(withCredentials, new RequestOptions { Auth = Httpx.Auth.None }).StatusCode);
        Assert.Equal(401, wrong.Get(withCredentials, new RequestOptions { Auth = NoAuth.Instance }).StatusCode);
        // Client(auth=None) too.
        using var none = new Httpx.Client(new ClientOptions { Auth = Httpx.Auth.None });
        Assert.Equal(200, none.Get(withCredentials).StatusCode);
    }

    [Fact]
    public void Basic_credentials_outside_ASCII_are_sent_as_UTF_8()
    {
        // HTTPX's BasicAuth joins to_bytes(username) and to_bytes(password): UTF-8. Latin-1 (RFC 7617's legacy default)
        // sent 'j\xfcrgen', which a UTF-8 server reads as neither name.
        using var client = new Httpx.Client();
        var r = client.Get(_f.Server.HttpUrl + "/basic-auth/j%C3%BCrgen/p%C3%A4ss", new RequestOptions { Auth = ("j\u00FCrgen", "p\u00E4ss") });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("j\u00FCrgen", r.Json()!["user"]!.ToString());
    }

    [Theory]
    [InlineData(":t0ken", ":t0ken")]
    [InlineData("t0ken", "t0ken:")]
    public void A_url_with_only_a_password_or_only_a_user_sends_Basic_with_the_other_empty(string userInfo, string credentials)
    {
        // HTTPX's _build_request_auth: 'if username or password', so https://:token@host sends ':token' and
        // https://token@host (a token as the user name, as GitHub's URLs take one) sends 'token:'.
        using var client = new Httpx.Client();
        var r = client.Get(_f.Server.HttpUrl.Replace("http://", $"http://{userInfo}@") + "/get");
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)), r.Request.Headers.Get("Authorization"));
    }

    /// <summary>Signs the body, as request-signing schemes do: it must see the bytes before the request is sent.</summary>
    private sealed class BodyHashingAuth : Httpx.Auth
    {
        public override bool RequiresRequestBody => true;

        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            request.Headers.Set("X-Body-SHA256", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(request.Content)));
            yield return request;
        }
    }

    [Fact]
    public void A_flow_that_requires_the_request_body_reads_a_streamed_body_and_the_server_still_gets_it_whole()
    {
        // HTTPX's requires_request_body: the client reads the body before the flow starts; unread, a generator's body
        // raised RequestNotRead in the flow.
        static IEnumerable<byte[]> Chunks()
        {
            yield return "part one, "u8.ToArray();
            yield return "part two"u8.ToArray();
        }
        using var client = new Httpx.Client();
        var r = client.Post(_f.Server.HttpUrl + "/post", new RequestOptions { Content = Chunks(), Auth = new BodyHashingAuth() });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("part one, part two", r.Json()!["body"]!.ToString());
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("part one, part two"u8)), r.Request.Headers.Get("X-Body-SHA256"));
    }

    /// <summary>Sends a request of its own at each step, as HTTPX's RepeatAuth sends one request again: the first is redirected.</summary>
    private sealed class NewRequestPerStepAuth : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return new Request("GET", "http://example.org/moved");
            yield return new Request("GET", "http://example.org/step");
            yield return request;
        }
    }

    [Fact]
    public void Each_step_of_a_flow_has_the_steps_before_it_as_history_without_their_redirects()
    {
        // HTTPX's test_auth_history: resp1.history == [], resp2.history == [resp1]. A step's redirects are not part of it:
        // HTTPX sets each step's history to the flow's steps before it.
        using var client = new Httpx.Client(new ClientOptions
        {
            FollowRedirects = true,
            Transport = new MockTransport(request => request.Url.Path == "/moved"
                ? new Response(302, headers: new Dictionary<string, string> { ["Location"] = "/step" })
                : new Response(200, text: request.Url.Path)),
        });
        var r = client.Get("http://example.org/final", new RequestOptions { Auth = new NewRequestPerStepAuth() });
        Assert.Equal("/final", r.Text);
        Assert.Equal(new[] { "/step", "/step" }, r.History.Select(h => h.Url.Path));
        Assert.Empty(r.History[0].History);
        Assert.Same(r.History[0], Assert.Single(r.History[1].History));
    }
}
