using System.Net;
using System.Net.Sockets;
using Httpx.Transports;

namespace Httpx.Tests.Transports;

/// <summary>
/// An HTTP/1.0 answer ends its connection's use; the transport learns the version only once the handler hands it the
/// response, and by then the handler may have given the connection to another request (an empty body, Content-Length: 0,
/// a HEAD or a 204, puts it back in its pool before the response is handed over). That request's connection is left alone.
/// </summary>
public class ConnectionTrackerTests
{
    [Fact]
    public async Task An_HTTP_1_0_answer_does_not_close_a_connection_another_exchange_has_claimed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tracker = new ConnectionTracker(null, TimeSpan.Zero);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accepted = listener.AcceptSocketAsync();
        await socket.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var connection = tracker.Track(socket);
        using var server = await accepted;
        Assert.True(connection.MarkReady());
        using var timer = new ExchangeTimer(new Timeout(30), CancellationToken.None);
        using var message = new EngineRequestMessage(HttpMethod.Get, new Uri("http://127.0.0.1/"), timer, new Request("GET", "http://127.0.0.1/"));
        var first = new ExchangeConnection(message);
        var second = new ExchangeConnection(message);

        ConnectionTracker.CurrentExchange.Value = first;
        await connection.WriteAsync(new byte[] { 1 });     // the first request
        ConnectionTracker.CurrentExchange.Value = second;
        await connection.WriteAsync(new byte[] { 2 });     // the handler gave the connection to the next request
        Assert.Same(connection, second.Connection);

        tracker.MarkLastExchange(connection, first);       // the first request's answer turns out to be HTTP/1.0
        tracker.OnIdle(connection, first);                 // and its (empty) body has been read

        await connection.WriteAsync(new byte[] { 3 });     // the second request's connection still works
        var got = new byte[3];
        var length = 0;
        while (length < 3) length += await server.ReceiveAsync(got.AsMemory(length), SocketFlags.None);
        Assert.Equal(new byte[] { 1, 2, 3 }, got);
        Assert.Equal(1, tracker.OpenConnections);
    }
}
