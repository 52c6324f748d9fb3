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
    public async Task A_101_returns_at_once_with_an_empty_body_and_its_connection_as_network_stream()
    {
        using var transport = new HttpTransport();
        // Before, the client read the open connection as the body until this read timeout: a ReadTimeout, no 101.
        using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        using var r = client.Get(_server.RawTcpUrl + "/upgrade-echo", new RequestOptions { Headers = UpgradeHeaders });
        Assert.Equal(101, r.StatusCode);
        Assert.Equal("Switching Protocols", r.ReasonPhrase);
        Assert.Empty(r.Content);
        Assert.Equal("", r.Text);

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
    public async Task Closing_a_101_closes_its_connection_also_after_its_extensions_were_read()
    {
        using var transport = new HttpTransport();
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        // A hook or a log that reads another extension: before, any read of Extensions handed the connection over, and
        // closing the response then left it open, unreachable to whoever closed it.
        var r = client.Get(_server.RawTcpUrl + "/upgrade-echo", new RequestOptions { Headers = UpgradeHeaders });
        Assert.Equal("HTTP/1.1", r.Extensions["http_version"]);
        Assert.Equal(1, transport.OpenConnections);
        r.Dispose();
        Assert.Equal(0, transport.OpenConnections);

        // As httpcore: network_stream is the response's connection, used while the response is open and closed with it.
        var used = client.Get(_server.RawTcpUrl + "/upgrade-echo", new RequestOptions { Headers = UpgradeHeaders });
        var upgraded = Assert.IsAssignableFrom<Stream>(used.Extensions["network_stream"]);
        Assert.Equal("ready", ReadLine(upgraded));
        await used.DisposeAsync();
        Assert.Equal(0, transport.OpenConnections);
    }

    [Fact]
    public async Task A_streamed_101_has_no_body_and_closing_it_untaken_closes_the_connection()
    {
        using var transport = new HttpTransport();
        await using var client = new Httpx.Client(new ClientOptions { Transport = transport, Timeout = new Timeout(5) });
        var r = client.Stream("GET", _server.RawTcpUrl + "/upgrade-echo", new RequestOptions { Headers = UpgradeHeaders });
        Assert.Equal(101, r.StatusCode);
        Assert.Empty(r.IterRaw());
        Assert.Equal(1, transport.OpenConnections);
        await r.DisposeAsync();
        Assert.Equal(0, transport.OpenConnections);
    }
}
