using Step = Httpx.Tests.Transports.Http2RefusingServer.Step;

namespace Httpx.Tests.Transports;

/// <summary>
/// HTTP/2 tells the client when a request was not processed: a GOAWAY whose last stream id is below the request's
/// stream, or the stream reset with REFUSED_STREAM (RFC 9113 8.7: "the request has not been processed", so it can be
/// retried, whatever its method). .NET's handler sends such a request again on a new stream, and the engine lets it,
/// for a POST too; httpcore raises RemoteProtocolError instead. A body that can be read again is sent whole again; a
/// stream or generator read by the first send cannot be, and the request fails rather than send part of a body.
/// </summary>
public class Http2UnprocessedStreamTests
{
    private static async IAsyncEnumerable<byte[]> Chunks()
    {
        yield return "hel"u8.ToArray();
        await Task.Yield();
        yield return "lo"u8.ToArray();
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    private static async Task<Response> SendSecondAsync(Http2RefusingServer server, string method, object? content)
    {
        await using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        Assert.Equal(200, (await client.GetAsync(server.Url)).StatusCode);
        return await client.RequestAsync(method, server.Url, new RequestOptions { Content = content });
    }

    [Theory]
    [InlineData(Step.RefuseStream, "POST")]
    [InlineData(Step.RefuseStream, "LOCK")]
    [InlineData(Step.GoAwayBelow, "POST")]
    [InlineData(Step.GoAwayBelow, "LOCK")]
    public async Task A_request_the_server_did_not_process_is_sent_again_whole(Step step, string method)
    {
        using var server = new Http2RefusingServer(Step.Answer, step);
        var r = await SendSecondAsync(server, method, method == "POST" ? "hello" : null);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("HTTP/2", r.HttpVersion);
        var body = method == "POST" ? "hello" : "";
        Assert.Equal([body, body], server.Received.Skip(1).Select(b => System.Text.Encoding.ASCII.GetString(b)));
    }

    [Theory]
    [InlineData(Step.RefuseStream)]
    [InlineData(Step.GoAwayBelow)]
    public async Task The_first_request_of_a_connection_the_server_did_not_process_is_sent_again(Step step)
    {
        // The request that opened the connection: its new connection is set up on its own flow.
        using var server = new Http2RefusingServer(step);
        await using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var r = await client.PostAsync(server.Url, new RequestOptions { Content = "hello" });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(["hello", "hello"], server.Received.Select(b => System.Text.Encoding.ASCII.GetString(b)));
    }

    [Theory]
    [InlineData(Step.RefuseStream, "stream")]
    [InlineData(Step.RefuseStream, "generator")]
    [InlineData(Step.GoAwayBelow, "stream")]
    [InlineData(Step.GoAwayBelow, "generator")]
    public async Task A_body_read_once_is_not_sent_again_in_part(Step step, string kind)
    {
        using var server = new Http2RefusingServer(Step.Answer, step);
        object content = kind == "stream" ? new NonSeekableStream("hello"u8.ToArray()) : Chunks();
        var e = await Assert.ThrowsAsync<StreamConsumedException>(() => SendSecondAsync(server, "POST", content));
        Assert.Contains("by an earlier send of this request", e.Message);
        Assert.Equal(["hello"], server.Received.Skip(1).Select(b => System.Text.Encoding.ASCII.GetString(b)));
    }
}
