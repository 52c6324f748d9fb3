namespace Httpx.Tests.Client;

/// <summary>
/// A body too large to hold in memory (past .NET's largest array, or its longest string as text) is a
/// ResponseTooLarge naming the size, the request and the way out, where .NET said "Stream was too long" or
/// "Insufficient memory". The limits are lowered for each test's own flow (InMemoryBodyLimits.Lower), so that a few KB
/// reach them.
/// </summary>
public class InMemoryBodyLimitTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public InMemoryBodyLimitTests(ServerFixture f) => _server = f.Server;

    [Theory]
    [InlineData("/encoding/gzip")] // decoded: a few KB inflating past the limit, as a gzip bomb does past 2 GB
    [InlineData("/bytes/5000?chunked=1")]
    [InlineData("/bytes/2000")] // a small Content-Length, read straight into an array of that size
    public async Task A_body_read_whole_past_the_limit_is_ResponseTooLarge_naming_the_limit_and_the_request(string path)
    {
        using var limits = InMemoryBodyLimits.Lower(bytes: 1000, chars: int.MaxValue);
        using var client = new Httpx.Client();
        var e = await Assert.ThrowsAsync<ResponseTooLargeException>(() => client.GetAsync(_server.HttpUrl + path));
        Assert.Equal("ResponseTooLarge", e.ErrorName);
        Assert.IsAssignableFrom<RequestException>(e);
        Assert.StartsWith($"The body of the response to GET {_server.HttpUrl}{path} is too large to hold in memory: more than 1,000 bytes once decoded (", e.Message);
        Assert.EndsWith("read when it was stopped); read it in pieces (IterBytes, IterText, IterLines) or save it to a file instead.", e.Message);
        Assert.Equal(_server.HttpUrl + path, e.Request.Url.ToString());
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read_and_one_past_it_is_not()
    {
        using var client = new Httpx.Client();
        using (InMemoryBodyLimits.Lower(bytes: 5000, chars: int.MaxValue))
            Assert.Equal(5000, (await client.GetAsync(_server.HttpUrl + "/bytes/5000?chunked=1")).Content.Length);
        using (InMemoryBodyLimits.Lower(bytes: 4999, chars: int.MaxValue))
            await Assert.ThrowsAsync<ResponseTooLargeException>(() => client.GetAsync(_server.HttpUrl + "/bytes/5000?chunked=1"));
    }

    [Fact]
    public async Task A_streamed_response_read_whole_is_refused_and_closed_but_can_be_read_in_pieces()
    {
        using var limits = InMemoryBodyLimits.Lower(bytes: 1000, chars: int.MaxValue);
        using var client = new Httpx.Client();
        await using (var response = await client.StreamAsync("GET", _server.HttpUrl + "/bytes/5000?chunked=1"))
        {
            var e = Assert.Throws<ResponseTooLargeException>(() => response.Read());
            Assert.Contains($"GET {_server.HttpUrl}/bytes/5000?chunked=1", e.Message);
            Assert.True(response.IsClosed);
        }
        // The same body in pieces has no such limit.
        await using (var response = await client.StreamAsync("GET", _server.HttpUrl + "/bytes/5000?chunked=1"))
        {
            long total = 0;
            await foreach (var chunk in response.IterBytesAsync()) total += chunk.Length;
            Assert.Equal(5000, total);
        }
    }

    [Fact]
    public async Task Text_longer_than_a_string_can_hold_is_ResponseTooLarge_and_the_bytes_stay()
    {
        using var limits = InMemoryBodyLimits.Lower(bytes: int.MaxValue, chars: 100);
        using var client = new Httpx.Client();
        var response = await client.GetAsync(_server.HttpUrl + "/bytes/500");
        var e = Assert.Throws<ResponseTooLargeException>(() => response.Text);
        Assert.Equal($"The body of the response to GET {_server.HttpUrl}/bytes/500 is too long to hold as one string: 500 bytes decode to 500 characters of utf-8, more than the 100 a string can hold; read it in pieces (IterBytes, IterText, IterLines) or save it to a file instead.", e.Message);
        Assert.Equal(500, response.Content.Length);
    }

    [Fact]
    public async Task Text_of_more_bytes_than_the_limit_that_decode_to_fewer_characters_is_read()
    {
        // The encoding/sample body is UTF-8 with multi-byte characters: fewer characters than bytes.
        using var client = new Httpx.Client();
        var expected = (await client.GetAsync(_server.HttpUrl + "/encoding/sample")).Text;
        var bytes = System.Text.Encoding.UTF8.GetByteCount(expected);
        Assert.True(bytes > expected.Length);
        using var limits = InMemoryBodyLimits.Lower(bytes: int.MaxValue, chars: expected.Length);
        Assert.Equal(expected, (await client.GetAsync(_server.HttpUrl + "/encoding/sample")).Text);
    }
}
