using System.Net;

namespace Httpx.Tests.Auth;

/// <summary>
/// NTLM and Negotiate run by the handler against the test server's MS-NLMP/SPNEGO endpoints, which check the user,
/// the domain and (through the NTLMv2 response) the password of the type-3 message.
/// </summary>
public class NtlmNegotiateTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public NtlmNegotiateTests(ServerFixture f) => _f = f;

    private string Http => _f.Server.HttpUrl;

    /// <summary>The same server under another origin: http://localhost:PORT instead of http://127.0.0.1:PORT.</summary>
    private string OtherOrigin => Http.Replace("127.0.0.1", "localhost");

    [Fact]
    public void Ntlm_authenticates_with_user_password_and_domain()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new NtlmAuth("alice", "s3cret", "CORP") });
        var r = client.Get($"{Http}/ntlm/alice/s3cret/CORP");
        Assert.Equal(200, r.StatusCode);
        var json = r.Json()!;
        Assert.Equal("NTLM", json["scheme"]!.ToString());
        Assert.Equal("alice", json["user"]!.ToString());
        Assert.Equal("CORP", json["domain"]!.ToString());
        // The handshake happens inside the handler, on one connection: the client sees one exchange.
        Assert.Empty(r.History);
    }

    [Fact]
    public void Ntlm_from_a_network_credential_posts_a_body()
    {
        using var client = new Httpx.Client();
        var r = client.Post($"{Http}/ntlm/bob/pw", new RequestOptions
        {
            Content = "replayed after the challenge",
            Auth = new NtlmAuth(new NetworkCredential("bob", "pw")),
        });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("bob", r.Json()!["user"]!.ToString());
    }

    [Fact]
    public void Ntlm_with_a_wrong_password_gets_the_401()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new NtlmAuth("alice", "wrong", "CORP") });
        var r = client.Get($"{Http}/ntlm/alice/s3cret/CORP");
        Assert.Equal(401, r.StatusCode);
        Assert.False(r.Json()!["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public void Negotiate_authenticates_through_spnego_with_ntlm()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new NegotiateAuth("carol", "pa55", "CORP") });
        var r = client.Get($"{Http}/negotiate/carol/pa55/CORP");
        Assert.Equal(200, r.StatusCode);
        var json = r.Json()!;
        Assert.Equal("Negotiate", json["scheme"]!.ToString());
        Assert.Equal("carol", json["user"]!.ToString());
        Assert.Equal("CORP", json["domain"]!.ToString());
    }

    [Fact]
    public void Credentials_do_not_follow_a_redirect_to_another_origin()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new NtlmAuth("alice", "s3cret", "CORP"), FollowRedirects = true });
        var target = Uri.EscapeDataString($"{OtherOrigin}/ntlm/alice/s3cret/CORP");
        var r = client.Get($"{Http}/redirect-to?url={target}");
        Assert.Equal(401, r.StatusCode);
        Assert.StartsWith(OtherOrigin, r.Url.ToString());
        // The other origin's challenge got no answer at all: no Authorization header reached it.
        Assert.Null(r.Json()!["authorization"]);
        Assert.Equal(302, Assert.Single(r.History).StatusCode);
    }

    [Fact]
    public void Credentials_do_not_follow_a_redirect_to_another_origin_served_by_another_transport()
    {
        // The other origin mounted on a transport of its own, as a NO_PROXY host next to a proxied one: the handler made
        // there for the redirected request must hold no credentials (the mark names the origin it was made for).
        using var other = new HttpTransport();
        using var client = new Httpx.Client(new ClientOptions
        {
            Auth = new NtlmAuth("alice", "s3cret", "CORP"),
            FollowRedirects = true,
            Mounts = new Dictionary<string, ITransport?> { [OtherOrigin] = other },
        });
        var target = Uri.EscapeDataString($"{OtherOrigin}/ntlm/alice/s3cret/CORP");
        var r = client.Get($"{Http}/redirect-to?url={target}");
        Assert.Equal(401, r.StatusCode);
        Assert.StartsWith(OtherOrigin, r.Url.ToString());
        Assert.Null(r.Json()!["authorization"]);
    }

    [Fact]
    public void Credentials_follow_a_redirect_within_the_origin()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new NtlmAuth("alice", "s3cret", "CORP"), FollowRedirects = true });
        var r = client.Get($"{Http}/redirect-to?url={Uri.EscapeDataString("/ntlm/alice/s3cret/CORP")}");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("alice", r.Json()!["user"]!.ToString());
    }

    [Fact]
    public void Needs_a_transport_with_a_handler()
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(_ => new Response(200)),
            Auth = new NegotiateAuth(),
        });
        var e = Assert.Throws<NotSupportedException>(() => client.Get("http://example.test/"));
        Assert.Contains("Negotiate", e.Message);
        Assert.Contains("MockTransport", e.Message);
    }

    [Fact]
    public void Shows_the_account_but_never_the_password()
    {
        var shown = new NtlmAuth("alice", "s3cret", "CORP").ToString();
        Assert.Contains("alice", shown);
        Assert.Contains("CORP", shown);
        Assert.DoesNotContain("s3cret", shown);
        Assert.Equal("NegotiateAuth(default credentials)", new NegotiateAuth().ToString());
        Assert.True(new NegotiateAuth(CredentialCache.DefaultNetworkCredentials).UsesDefaultCredentials);
    }

    [Fact]
    public void Rejects_an_empty_user_name()
    {
        var e = Assert.Throws<ArgumentException>(() => new NtlmAuth("", "pw"));
        Assert.Contains("user name", e.Message);
    }
}
