using Httpx.Tests;

namespace Httpx.Tests.Client;

public class SmokeTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public SmokeTests(ServerFixture f) => _f = f;

    [Fact]
    public void Get_over_http1()
    {
        using var client = new Httpx.Client();
        var r = client.Get(_f.Server.HttpUrl + "/get?a=1");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("HTTP/1.1", r.HttpVersion);
        Assert.Equal("GET", r.Json()!["method"]!.GetValue<string>());
    }

    [Fact]
    public void Get_over_h2_and_h2c()
    {
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _f.Server.CaPemPath });
        var r = client.Get(_f.Server.HttpsUrl + "/get");
        Assert.Equal("HTTP/2", r.HttpVersion);
        using var h2c = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        Assert.Equal("HTTP/2", h2c.Get(_f.Server.H2cUrl + "/get").HttpVersion);
    }

    [Fact]
    public void Post_json_and_stream_lines()
    {
        using var client = new Httpx.Client();
        var r = client.Post(_f.Server.HttpUrl + "/post", new RequestOptions { Json = new { a = 1 } });
        Assert.Equal(1, r.Json()!["json"]!["a"]!.GetValue<int>());
        using var s = client.Stream("GET", _f.Server.HttpUrl + "/stream-lines/3");
        Assert.Equal(new[] { "line 1", "line 2", "line 3" }, s.IterLines().ToArray());
    }
}
