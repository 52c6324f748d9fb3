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
}
