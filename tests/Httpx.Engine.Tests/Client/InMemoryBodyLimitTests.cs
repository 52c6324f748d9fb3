using System.Globalization;

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

    [Fact]
    public void A_byte_order_mark_the_charset_drops_is_not_counted_as_a_character_of_the_text()
    {
        // Python's "utf-16" reads the mark and drops it: 100 characters after it are 100, at the limit, not 101.
        var text = new string('x', 100);
        var body = (byte[])[0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(text)];
        using var limits = InMemoryBodyLimits.Lower(bytes: int.MaxValue, chars: 100);
        var response = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=utf-16" }, content: body);
        Assert.Equal(text, response.Text);
    }

    [Fact]
    public async Task ReadAtMost_with_room_for_more_than_memory_holds_is_ResponseTooLarge_as_Read_is()
    {
        // RaiseForStatusAsync(maxBodyLength) reads through it: a length past the limit read the body as Read does,
        // past .NET's largest array ("Stream was too long").
        using var limits = InMemoryBodyLimits.Lower(bytes: 1000, chars: int.MaxValue);
        using var client = new Httpx.Client();
        await using var response = await client.StreamAsync("GET", _server.HttpUrl + "/bytes/5000?chunked=1");
        var e = await Assert.ThrowsAsync<ResponseTooLargeException>(() => response.ReadAtMostAsync(1_000_000));
        Assert.StartsWith($"The body of the response to GET {_server.HttpUrl}/bytes/5000?chunked=1 is too large to hold in memory: more than 1,000 bytes once decoded (", e.Message);
        Assert.True(response.IsClosed);
    }

    [Fact]
    public async Task ReadAtMost_int_MaxValue_reads_a_body_whole_and_RaiseForStatusAsync_keeps_it()
    {
        // maxLength + 1 overflowed to a negative read size: ArgumentOutOfRangeException, which RaiseForStatusAsync let through.
        using var client = new Httpx.Client();
        await using (var response = await client.StreamAsync("GET", _server.HttpUrl + "/bytes/5000?chunked=1"))
        {
            var (start, whole) = await response.ReadAtMostAsync(int.MaxValue);
            Assert.True(whole);
            Assert.Equal(5000, start.Length);
        }
        await using (var response = await client.StreamAsync("GET", _server.HttpUrl + "/status/404"))
        {
            var e = await Assert.ThrowsAsync<HttpStatusException>(() => response.RaiseForStatusAsync(int.MaxValue));
            Assert.Equal("{\"status\":404}", e.BodyText);
        }
    }

    [Fact]
    public void An_error_body_too_long_for_one_string_is_ResponseTooLarge_from_BodyText_as_from_Text()
    {
        // BodyText (the module's error excerpt) decoded it whole with .NET's GetString: OutOfMemoryException.
        using var limits = InMemoryBodyLimits.Lower(bytes: int.MaxValue, chars: 100);
        var response = new Response(500, content: System.Text.Encoding.ASCII.GetBytes(new string('x', 500)), request: new Request("GET", "https://api.example.org/x"));
        var error = Assert.Throws<HttpStatusException>(() => response.RaiseForStatus());
        var e = Assert.Throws<ResponseTooLargeException>(() => error.BodyText);
        Assert.Equal("The body of the response to GET https://api.example.org/x is too long to hold as one string: 500 bytes decode to 500 characters of utf-8, more than the 100 a string can hold; read it in pieces (IterBytes, IterText, IterLines) or save it to a file instead.", e.Message);
    }
    [Fact]
    public async Task The_sizes_are_grouped_with_commas_in_every_culture()
    {
        // N0 in the current culture: "more than 1.000 bytes" in a German session, a decimal to the English around it.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE"); // this test's flow only
        using var client = new Httpx.Client();
        using (InMemoryBodyLimits.Lower(bytes: 1000, chars: int.MaxValue))
        {
            var e = await Assert.ThrowsAsync<ResponseTooLargeException>(() => client.GetAsync(_server.HttpUrl + "/bytes/5000?chunked=1"));
            Assert.Contains("more than 1,000 bytes once decoded (", e.Message);
        }
        using var limits = InMemoryBodyLimits.Lower(bytes: int.MaxValue, chars: 100);
        var text = Assert.Throws<ResponseTooLargeException>(() => new Response(200, content: new byte[5000]).Text);
        Assert.Contains("5,000 bytes decode to 5,000 characters of utf-8, more than the 100 a string can hold", text.Message);
    }
}
