using Step = Httpx.Tests.Transports.DroppingServer.Step;

namespace Httpx.Tests.Transports;

/// <summary>
/// A server (or a load balancer) closes a kept-alive connection whenever it likes: before the next request, just after
/// reading it, or half-way through its answer. A request is never sent twice when the server may have acted on it, and
/// never lost: httpcore raises (RemoteProtocolError, ReadError) and sends nothing again. .NET's handler sends a request
/// without a body again on a new connection when the connection ends before any byte of the answer; the engine lets it
/// do so only for the methods HTTP calls idempotent (RFC 9110 9.2.2), which a client may repeat without asking.
/// </summary>
public class KeptAliveConnectionLossTests
{
    private static async Task<Response> SendSecondAsync(DroppingServer server, string method, object? content, bool sync)
    {
        await using var client = new Httpx.Client(new ClientOptions());
        if (sync)
        {
            // The sync API: the handler's synchronous path polls the socket before reuse, the async one reads ahead.
            Assert.Equal(200, client.Get(server.Url).StatusCode);
            if (server.Script[0] == Step.AnswerThenClose) await server.ClosedAfterAnswer.WaitAsync();
            return client.Request(method, server.Url, new RequestOptions { Content = content });
        }
        Assert.Equal(200, (await client.GetAsync(server.Url)).StatusCode);
        if (server.Script[0] == Step.AnswerThenClose) await server.ClosedAfterAnswer.WaitAsync();
        return await client.RequestAsync(method, server.Url, new RequestOptions { Content = content });
    }

    private static string[] SecondAndLater(DroppingServer server) => [.. server.Received.Skip(1).Select(r => $"{r.RequestLine} [{r.Body.Length}]")];

    [Theory]
    [InlineData("LOCK", false)]
    [InlineData("LOCK", true)]
    [InlineData("NOTIFY", false)]
    public async Task A_request_without_a_body_whose_method_is_not_idempotent_is_not_sent_again_when_the_server_closes_after_reading_it(string method, bool sync)
    {
        // The server read the request and may have acted on it: .NET's handler sent it again on a new connection (the
        // server saw it twice) and the second answer came back as if nothing had happened.
        using var server = new DroppingServer(Step.Answer, Step.Close);
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => SendSecondAsync(server, method, null, sync));
        Assert.Equal([$"{method} / HTTP/1.1 [0]"], SecondAndLater(server));
        Assert.StartsWith("Server disconnected without sending a response", e.Message);
        Assert.EndsWith($"({method} {server.Url})", e.Message);
        // Refused before a connection for it was opened: the server saw an accepted connection that sent nothing.
        Assert.Equal(1, server.Accepted);
    }

    public static TheoryData<string, bool> Bodies => new()
    {
        { "bytes", false }, { "bytes", true }, { "empty", false }, { "stream", false }, { "stream", true }, { "generator", false },
    };

    private static object? Body(string kind) => kind switch
    {
        "bytes" => "hello",
        "empty" => null, // a POST sends Content-Length: 0, as in HTTPX
        "stream" => new NonSeekableStream("hello"u8.ToArray()),
        _ => Chunks(),
    };

    private static async IAsyncEnumerable<byte[]> Chunks()
    {
        yield return "hel"u8.ToArray();
        await Task.Yield();
        yield return "lo"u8.ToArray();
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_POST_is_not_sent_again_when_the_server_closes_after_reading_it(string body, bool sync)
    {
        using var server = new DroppingServer(Step.Answer, Step.Close);
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => SendSecondAsync(server, "POST", Body(body), sync));
        Assert.Equal([$"POST / HTTP/1.1 [{(body == "empty" ? 0 : 5)}]"], SecondAndLater(server));
        Assert.StartsWith("Server disconnected without sending", e.Message);
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("GET", true)]
    [InlineData("DELETE", false)]
    public async Task An_idempotent_request_without_a_body_is_sent_again_on_a_new_connection_when_the_server_closes_after_reading_it(string method, bool sync)
    {
        // httpcore raises RemoteProtocolError here; .NET's handler sends it again, which RFC 9110 9.2.2 allows for
        // idempotent methods, and which is what a stale kept-alive connection mostly is. Kept, and documented.
        using var server = new DroppingServer(Step.Answer, Step.Close);
        var r = await SendSecondAsync(server, method, null, sync);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal([$"{method} / HTTP/1.1 [0]", $"{method} / HTTP/1.1 [0]"], SecondAndLater(server));
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("GET", true)]
    [InlineData("HEAD", false)]
    public async Task An_idempotent_request_on_a_new_connection_that_the_server_closes_after_reading_it_goes_out_once(string method, bool sync)
    {
        // Not a stale kept-alive connection: the server read the request and closed. The handler sent it three more
        // times, each on a new connection the server closed the same way, and the error came after four requests;
        // httpcore raises at once, and curl ("Empty reply from server") sends it once too.
        using var server = new DroppingServer(Step.Close, Step.Close, Step.Close, Step.Close);
        await using var client = new Httpx.Client(new ClientOptions());
        var e = sync
            ? Assert.Throws<RemoteProtocolException>(() => client.Request(method, server.Url))
            : await Assert.ThrowsAsync<RemoteProtocolException>(() => client.RequestAsync(method, server.Url));
        Assert.StartsWith("Server disconnected without sending a response", e.Message);
        Assert.Equal([$"{method} / HTTP/1.1"], server.Received.Select(r => r.RequestLine));
        // The handler's resend is refused before it opens a connection: one that sent nothing was a second accept.
        Assert.Equal(1, server.Accepted);
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("GET", true)]
    public async Task An_idempotent_request_sent_again_after_a_kept_alive_connection_closed_goes_out_at_most_twice(string method, bool sync)
    {
        // Sent again after the kept-alive connection ended, it goes out on a new one; that one's server closing it too
        // ends the exchange, as for a first request on a new connection.
        using var server = new DroppingServer(Step.Answer, Step.Close, Step.Close, Step.Close, Step.Close);
        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => SendSecondAsync(server, method, null, sync));
        Assert.StartsWith("Server disconnected without sending a response", e.Message);
        Assert.Equal([$"{method} / HTTP/1.1 [0]", $"{method} / HTTP/1.1 [0]"], SecondAndLater(server));
        // The kept-alive connection, and the new one of the resend; no third that sends nothing.
        Assert.Equal(2, server.Accepted);
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("POST", true)]
    [InlineData("LOCK", false)]
    public async Task A_request_after_the_server_closed_the_idle_connection_goes_out_once_on_a_new_one(string method, bool sync)
    {
        // The server's FIN is there before the request is sent: the handler sees it (as httpcore checks the socket is
        // readable) and opens a new connection; the request reaches the server once and is answered.
        using var server = new DroppingServer(Step.AnswerThenClose);
        var r = await SendSecondAsync(server, method, method == "POST" ? "hello" : null, sync);
        Assert.Equal(200, r.StatusCode);
        Assert.Equal([$"{method} / HTTP/1.1 [{(method == "POST" ? 5 : 0)}]"], SecondAndLater(server));
    }

    [Theory]
    [InlineData("GET", false)]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    public async Task A_reset_after_the_server_read_the_request_is_a_ReadError_and_nothing_is_sent_again(string method, bool sync)
    {
        using var server = new DroppingServer(Step.Answer, Step.Reset);
        var e = await Assert.ThrowsAsync<ReadException>(() => SendSecondAsync(server, method, method == "POST" ? "hello" : null, sync));
        Assert.Single(SecondAndLater(server));
        Assert.Contains("Connection reset by peer", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_reset_half_way_through_the_answer_is_a_ReadError_and_nothing_is_sent_again(bool sync)
    {
        using var server = new DroppingServer(Step.Answer, Step.ResetMidBody);
        var e = await Assert.ThrowsAsync<ReadException>(() => SendSecondAsync(server, "GET", null, sync));
        Assert.Single(SecondAndLater(server));
        Assert.Contains("Connection reset by peer", e.Message);
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
