using static Httpx.Tests.EchoJson;

namespace Httpx.Tests.Transports;

/// <summary>
/// The request target on the wire is the URL's raw path and query, byte for byte, as HTTPX sends <c>raw_path</c>:
/// nothing is decoded, re-encoded or normalised on the way (a canonicalising System.Uri would).
/// </summary>
public class RequestTargetTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public RequestTargetTests(ServerFixture f) => _server = f.Server;

    // Each of these was sent changed before: /anything/b, /anything/AB, /anything/~, ?x=%25zz, /anything/a/b.
    public static TheoryData<string> Targets() => new()
    {
        "/anything/a/%2E%2E/b",
        "/anything/%41%42",
        "/anything/%7e",
        "/anything?x=%zz",
        "/anything/a\\b",
        "/anything/a%2Fb?q=%2f&r=%7E",
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Http11_sends_the_raw_path_and_query(string target)
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.HttpUrl + target);
        Assert.Equal(target, r.Request.Url.RawPath);
        Assert.Equal(target, Str(r.Json()!, "raw_target"));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Http2_sends_the_raw_path_and_query(string target)
    {
        await using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var r = await client.GetAsync(_server.H2cUrl + target);
        Assert.Equal("HTTP/2", r.HttpVersion);
        Assert.Equal(target, Str(r.Json()!, "raw_target"));
    }

    [Fact]
    public void Userinfo_and_fragment_stay_off_the_wire()
    {
        using var client = new Httpx.Client();
        var url = _server.HttpUrl.Replace("http://", "http://user:secret@") + "/anything/%7e?q=%zz#frag";
        var r = client.Get(url);
        Assert.Equal("/anything/%7e?q=%zz", Str(r.Json()!, "raw_target"));
        // The credentials became Basic auth instead.
        Assert.StartsWith("Basic ", Header(r.Json()!, "Authorization"));
        // .NET leaves them off the wire itself; the handler's message is given none either, as whatever traces or
        // logs an HttpRequestMessage (a DiagnosticListener, an OpenTelemetry exporter) shows its RequestUri.
        var plain = client.BuildRequest("GET", _server.HttpUrl.Replace("http://", "http://user:secret@") + "/anything");
        Assert.Contains("user:secret@", plain.Url.ToUnredactedString());
        Assert.Equal($"{_server.HttpUrl}/anything", HttpTransport.TargetUri(plain).OriginalString);
    }

    [Fact]
    public void Digest_uri_matches_a_raw_target()
    {
        // The server rejects a uri= that differs from the request line's target; both come from the raw path now.
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var r = client.Get(_server.HttpUrl + "/digest-auth/auth/user/pass/MD5?x=%zz&y=%7e");
        Assert.Equal(200, r.StatusCode);
        Assert.Contains("uri=\"/digest-auth/auth/user/pass/MD5?x=%zz&y=%7e\"", r.Request.Headers["Authorization"]);
    }
}
