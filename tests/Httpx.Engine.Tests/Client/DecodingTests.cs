using System.IO.Compression;

namespace Httpx.Tests.Client;

/// <summary>Content-Encoding undone on real responses; IterRaw leaves it alone.</summary>
public class DecodingTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public DecodingTests(ServerFixture f) => _server = f.Server;

    private string Sample(Httpx.Client client) => client.Get(_server.HttpUrl + "/encoding/sample").Text;

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("deflate", "deflate")]
    [InlineData("deflate-raw", "deflate")]
    [InlineData("br", "br")]
    [InlineData("zstd", "zstd")]
    [InlineData("identity", "identity")]
    public void Every_encoding_decodes_to_the_sample(string variant, string header)
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.HttpUrl + "/encoding/" + variant);
        Assert.Equal(header, r.Headers["Content-Encoding"]);
        Assert.Equal(Sample(client), r.Text);
    }

    [Theory]
    [InlineData("gzip,br")]
    [InlineData("deflate,zstd,gzip")]
    [InlineData("br,identity,deflate")]
    public void Stacked_encodings_are_undone_in_reverse_order(string stack)
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.HttpUrl + "/encoding/stacked?e=" + stack);
        Assert.Equal(Sample(client), r.Text);
    }

    [Fact]
    public void Decoding_over_h2()
    {
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath });
        var r = client.Get(_server.HttpsUrl + "/encoding/br");
        Assert.Equal("HTTP/2", r.HttpVersion);
        Assert.Equal(Sample(client), r.Text);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    [InlineData("zstd")]
    public void Malformed_bodies_raise_DecodingException_with_the_request(string encoding)
    {
        using var client = new Httpx.Client();
        var e = Assert.Throws<DecodingException>(() => client.Get(_server.HttpUrl + "/encoding/malformed?e=" + encoding));
        Assert.Equal("DecodingError", e.ErrorName);
        Assert.True(e.HasRequest);
        Assert.Contains("/encoding/malformed", e.Request.Url.ToString());
        Assert.StartsWith($"Error decoding response body with Content-Encoding '{encoding}': ", e.Message);
        Assert.EndsWith($" (GET {_server.HttpUrl}/encoding/malformed?e={encoding})", e.Message);
    }

    [Fact]
    public void Malformed_body_raises_while_streaming_too()
    {
        using var client = new Httpx.Client();
        using var s = client.Stream("GET", _server.HttpUrl + "/encoding/malformed?e=gzip");
        Assert.Throws<DecodingException>(() => s.IterBytes().ToList());
    }

    [Fact]
    public void IterRaw_returns_the_compressed_bytes()
    {
        using var client = new Httpx.Client();
        using var s = client.Stream("GET", _server.HttpUrl + "/encoding/gzip");
        var raw = s.IterRaw().SelectMany(c => c).ToArray();
        Assert.Equal(long.Parse(s.Headers["Content-Length"]), raw.Length);
        Assert.Equal(0x1f, raw[0]); // gzip magic
        Assert.Equal(0x8b, raw[1]);
        using var gunzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var reader = new StreamReader(gunzip);
        Assert.Equal(Sample(client), reader.ReadToEnd());
    }

    [Fact]
    public void Six_stacked_encodings_are_a_DecodingException_as_curl_and_urllib3_decode_at_most_five()
    {
        using var client = new Httpx.Client();
        Assert.Equal(Sample(client), client.Get(_server.HttpUrl + "/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip").Text);
        var e = Assert.Throws<DecodingException>(() => client.Get(_server.HttpUrl + "/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip,gzip"));
        Assert.StartsWith("The response's Content-Encoding lists 6 content codings ('gzip, gzip, gzip, gzip, gzip, gzip'): at most 5 are decoded", e.Message);
        Assert.EndsWith($"(GET {_server.HttpUrl}/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip,gzip)", e.Message);
        // The way round it, named for the engine and for Invoke-Httpx, whose users meet this message too.
        Assert.Contains("Read the body undecoded with IterRaw (Invoke-Httpx -Stream Raw) if you need it.", e.Message);
        // The raw bytes are still there to read.
        using var s = client.Stream("GET", _server.HttpUrl + "/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip,gzip");
        Assert.Equal(0x1f, s.IterRaw().SelectMany(c => c).First());
    }

    /// <summary>The refusal comes before a byte is read: the message's advice, IterRaw, works on the response at hand.</summary>
    [Fact]
    public void A_streamed_body_refused_for_its_codings_can_still_be_read_raw()
    {
        using var client = new Httpx.Client();
        using var s = client.Stream("GET", _server.HttpUrl + "/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip,gzip");
        Assert.Throws<DecodingException>(() => s.Read());
        Assert.False(s.IsStreamConsumed);
        Assert.Equal(0x1f, s.IterRaw().SelectMany(c => c).First());
    }

    /// <summary>As curl counts: every Content-Encoding line together (urllib3 too), empty entries not (urllib3 counts those).</summary>
    [Fact]
    public void The_codings_of_all_header_lines_count_together_and_empty_entries_do_not()
    {
        var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionMode.Compress)) gzip.Write("hi"u8);
        var body = gzipped.ToArray();
        using var server = new TestServer.ScriptedServer(async c =>
        {
            var head = await c.ReadHeadAsync();
            var codings = head!.Contains("/lines") ? "Content-Encoding: gzip, gzip, gzip\r\nContent-Encoding: identity, identity, identity" : "Content-Encoding: gzip,,,, ,,";
            await c.SendAsync($"HTTP/1.1 200 OK\r\n{codings}\r\nContent-Length: {body.Length}\r\n\r\n");
            await c.SendAsync(body);
        });
        // A client each: a connection serves one response here.
        using (var client = new Httpx.Client())
        {
            var e = Assert.Throws<DecodingException>(() => client.Get(server.Url + "/lines"));
            Assert.StartsWith("The response's Content-Encoding lists 6 content codings ('gzip, gzip, gzip, identity, identity, identity')", e.Message);
        }
        using (var client = new Httpx.Client()) Assert.Equal("hi", client.Get(server.Url + "/empties").Text);
    }

    /// <summary>Thousands of layers stacked one decoder per coding and overflowed the stack on the first read: the process died.</summary>
    [Fact]
    public void Thousands_of_listed_encodings_are_refused_before_any_decoder_is_stacked()
    {
        var header = "HTTP/1.1 200 OK\r\nContent-Encoding: " + string.Join(",", Enumerable.Repeat("gzip", 5000)) + "\r\nContent-Length: 1\r\n\r\nx";
        using var server = new TestServer.ScriptedServer(async c =>
        {
            await c.ReadHeadAsync();
            await c.SendAsync(header);
        });
        using var client = new Httpx.Client();
        var e = Assert.Throws<DecodingException>(() => client.Get(server.Url + "/"));
        Assert.StartsWith("The response's Content-Encoding lists 5000 content codings ('gzip,gzip,", e.Message);
        Assert.Contains("...'): at most 5 are decoded", e.Message);
    }

    [Fact]
    public void Unknown_encodings_are_passed_through()
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.HttpUrl + "/response-headers?Content-Encoding=x-custom");
        Assert.Equal(200, r.StatusCode);
        Assert.NotEmpty(r.Content);
    }
}
