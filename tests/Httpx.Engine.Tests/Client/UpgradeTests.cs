using System.Text;

namespace Httpx.Tests.Client;

/// <summary>
/// A 101 Switching Protocols answer, as httpcore gives it: the response comes back at once with an empty body, and the
/// upgraded connection is its "network_stream" extension, a Stream the caller reads, writes and disposes.
/// </summary>
public class UpgradeTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public UpgradeTests(ServerFixture f) => _server = f.Server;

    private static readonly Dictionary<string, string> UpgradeHeaders = new() { ["Connection"] = "Upgrade", ["Upgrade"] = "echo" };

    private static string ReadLine(Stream stream)
    {
        var line = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) is not (-1 or '\n')) line.Add((byte)b);
        return Encoding.ASCII.GetString(line.ToArray());
    }

    [Fact]
    public async Task A_non_streamed_101_returns_at_once_with_an_empty_body_and_its_connection_closed_with_it()
    {
        using var transport = new HttpTransport();
        // Before f834a92, the client read the open connection as the body until this read timeout: a ReadTimeout, no 101.
        using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        var options = new RequestOptions { Headers = UpgradeHeaders };
        // As in HTTPX: a non-streamed request reads the response and closes it, a 101's connection with it. Before, each
        // kept a socket open until .NET collected a response nobody disposed (1, 2, 3 here).
        var responses = new List<Response>
        {
            client.Get(_server.RawTcpUrl + "/upgrade-echo", options),
            await client.GetAsync(_server.RawTcpUrl + "/upgrade-echo", options),
            client.Send(client.BuildRequest("GET", _server.RawTcpUrl + "/upgrade-echo", options)),
        };
        foreach (var r in responses)
        {
            Assert.Equal(101, r.StatusCode);
            Assert.Equal("Switching Protocols", r.ReasonPhrase);
            Assert.Empty(r.Content);
            Assert.Equal("", r.Text);
            Assert.True(r.IsClosed);
        }
        Assert.Equal(0, transport.OpenConnections);

        // Its network_stream is there, closed: not a live-looking stream that reads as the server's hang-up.
        var closed = Assert.IsAssignableFrom<Stream>(responses[0].Extensions["network_stream"]);
        Assert.False(closed.CanRead);
        Assert.False(closed.CanWrite);
        var e = Assert.Throws<ObjectDisposedException>(() => closed.ReadByte());
        Assert.Contains("closed with its response", e.Message);
        Assert.Throws<ObjectDisposedException>(() => closed.Write("ping\n"u8));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await closed.ReadExactlyAsync(new byte[1]));
    }

    [Fact]
    public async Task A_streamed_101_s_network_stream_talks_the_new_protocol_until_it_is_disposed()
    {
        using var transport = new HttpTransport();
        using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        using var r = client.Stream("GET", _server.RawTcpUrl + "/upgrade-echo", new RequestOptions { Headers = UpgradeHeaders });
        Assert.Equal(101, r.StatusCode);
        Assert.Equal("Switching Protocols", r.ReasonPhrase);

        await using var upgraded = Assert.IsAssignableFrom<Stream>(r.Extensions["network_stream"]);
        // What the server sent with the 101's head comes first, then the new protocol both ways.
        Assert.Equal("ready", ReadLine(upgraded));
        upgraded.Write("ping\n"u8);
        Assert.Equal("ping", ReadLine(upgraded));
        await upgraded.WriteAsync("pong\n"u8.ToArray());
        Assert.Equal("pong", ReadLine(upgraded));

        // The upgraded connection never carries another request: the next one opens a connection of its own.
        Assert.Equal(200, client.Get(_server.RawTcpUrl + "/no-reason").StatusCode);
        upgraded.Write("still\n"u8);
        Assert.Equal("still", ReadLine(upgraded));
        Assert.Equal(1, transport.OpenConnections);
        await upgraded.DisposeAsync();
        Assert.Equal(0, transport.OpenConnections);
    }

    [Fact]
    public async Task Closing_a_streamed_101_closes_its_connection_also_after_its_extensions_were_read()
    {
        using var transport = new HttpTransport();
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        var options = new RequestOptions { Headers = UpgradeHeaders };
        // A hook or a log that reads another extension: before 341851e, any read of Extensions handed the connection
        // over, and closing the response then left it open, unreachable to whoever closed it.
        var r = await client.StreamAsync("GET", _server.RawTcpUrl + "/upgrade-echo", options);
        Assert.Equal("HTTP/1.1", r.Extensions["http_version"]);
        Assert.Equal(1, transport.OpenConnections);
        r.Dispose();
        Assert.Equal(0, transport.OpenConnections);

        // As httpcore: network_stream is the response's connection, used while the response is open and closed with it.
        var used = await client.SendAsync(client.BuildRequest("GET", _server.RawTcpUrl + "/upgrade-echo", options), stream: true);
        var upgraded = Assert.IsAssignableFrom<Stream>(used.Extensions["network_stream"]);
        Assert.Equal("ready", ReadLine(upgraded));
        await used.DisposeAsync();
        Assert.Equal(0, transport.OpenConnections);
        Assert.Throws<ObjectDisposedException>(() => upgraded.Write("ping\n"u8));
    }

    [Fact]
    public async Task A_streamed_101_has_no_body_and_reading_it_closes_the_connection_as_HTTPX_closes_a_read_response()
    {
        using var transport = new HttpTransport();
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        var r = client.Stream("GET", _server.RawTcpUrl + "/upgrade-echo", new RequestOptions { Headers = UpgradeHeaders });
        Assert.Equal(101, r.StatusCode);
        Assert.Equal(1, transport.OpenConnections);
        // Before f834a92 this waited for the read timeout; the body is empty, and its end closes the response.
        Assert.Empty(r.IterRaw());
        Assert.True(r.IsClosed);
        Assert.Equal(0, transport.OpenConnections);
        await r.DisposeAsync();
        Assert.Equal(0, transport.OpenConnections);
    }
}
