using System.Text;

namespace Httpx.Tests.Auth;

/// <summary>
/// A challenge that sets a cookie: the flow's retry carries it (as HTTPX's DigestAuth copies the 401's cookies), next
/// to the cookies the request already had. The test server's /basic-auth?set_cookie= only accepts a retry that sends it back.
/// </summary>
public class AuthChallengeCookieTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public AuthChallengeCookieTests(ServerFixture f) => _f = f;

    /// <summary>Sends the request as it is, and on a 401 retries it with Basic credentials.</summary>
    private sealed class BasicAfterChallenge : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return request;
            if (context.Response!.StatusCode != 401) yield break;
            request.Headers.Set("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass")));
            yield return request;
        }
    }

    [Fact]
    public void The_retry_sends_the_cookie_the_challenge_set()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new BasicAfterChallenge() });
        var r = client.Get($"{_f.Server.HttpUrl}/basic-auth/user/pass?set_cookie=session%3Dabc");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(401, Assert.Single(r.History).StatusCode);
        Assert.Equal("session=abc", r.Request.Headers["Cookie"]);
        Assert.Equal("abc", client.Cookies["session"]);
    }

    [Fact]
    public void The_retry_keeps_the_request_cookies_and_takes_the_new_value_of_a_reset_one()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new BasicAfterChallenge() });
        var r = client.Get($"{_f.Server.HttpUrl}/basic-auth/user/pass?set_cookie=session%3Dnew", new RequestOptions
        {
            Cookies = new Dictionary<string, string> { ["mine"] = "1", ["session"] = "old" },
        });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("mine=1; session=new", r.Request.Headers["Cookie"]);
    }

    [Fact]
    public void The_retry_sends_a_cookie_the_challenge_set_without_a_value_as_its_name()
    {
        // 'Set-Cookie: flag' goes back as 'flag' (Python's cookiejar, HTTPX, browsers), on the retry too: the server
        // here takes only that exact text, and 'flag=' is another cookie to it (Python's SimpleCookie reads it so).
        using var client = new Httpx.Client(new ClientOptions { Auth = new BasicAfterChallenge() });
        var r = client.Get($"{_f.Server.HttpUrl}/basic-auth/user/pass?set_cookie=flag", new RequestOptions
        {
            Cookies = new Dictionary<string, string> { ["mine"] = "1" },
        });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("mine=1; flag", r.Request.Headers["Cookie"]);
    }

    [Fact]
    public void The_retry_leaves_out_a_cookie_the_challenge_set_for_another_path()
    {
        // The 401's cookies go by the jar's rules (HTTPX's DigestAuth copies them through a Cookies jar): one scoped to
        // another path does not go with the retry; the one for this path does.
        var challenge = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\nSet-Cookie: other=1; Path=/other\r\nSet-Cookie: here=2; Path=/\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        var ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        var answered = 0;
        using var server = new TestServer.ScriptedServer(async connection =>
        {
            while (await connection.ReadHeadAsync() is not null) await connection.SendAsync(Interlocked.Increment(ref answered) == 1 ? challenge : ok);
        });
        using var client = new Httpx.Client(new ClientOptions { Auth = new BasicAfterChallenge() });
        var r = client.Get(server.Url + "/login");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("here=2", r.Request.Headers["Cookie"]);
    }

    [Fact]
    public void Without_the_cookie_the_server_refuses_the_retry()
    {
        // Guards the endpoint: the first test passes only because the cookie went back.
        using var client = new Httpx.Client();
        var r = client.Get($"{_f.Server.HttpUrl}/basic-auth/user/pass?set_cookie=session%3Dabc", new RequestOptions { Auth = ("user", "pass") });
        Assert.Equal(401, r.StatusCode);
    }
}
