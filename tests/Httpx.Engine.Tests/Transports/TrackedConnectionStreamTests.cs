using System.Net;
using System.Net.Sockets;
using Httpx.Transports;

namespace Httpx.Tests.Transports;

/// <summary>
/// A connection whose set-up (TLS, a proxy tunnel) its request gave up on is shut down, unless the set-up has ended: the
/// handler may then have given it to another request (over HTTP/2, to all of the origin's). The two are one decision.
/// Checked then shut, a set-up ending in between left a connection being closed in the handler's hands, marked ready.
/// </summary>
public class TrackedConnectionStreamTests
{
    /// <summary>A tracked connection to <paramref name="listener"/>, and the server's end of it.</summary>
    internal static async Task<(TrackedConnectionStream Ours, Socket Server)> ConnectAsync(TcpListener listener, ConnectionTracker tracker)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accepted = listener.AcceptSocketAsync();
        await socket.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return (tracker.Track(socket), await accepted);
    }

    [Fact]
    public async Task A_connection_given_up_on_is_not_taken_as_ready_and_one_ready_is_not_shut_down()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tracker = new ConnectionTracker(null, TimeSpan.Zero);
        Task<(TrackedConnectionStream Ours, Socket Server)> Connect() => ConnectAsync(listener, tracker);

        // Given up on in its set-up: shut down, and the set-up's end that comes after is refused.
        var (givenUp, server1) = await Connect();
        using (givenUp)
        using (server1)
        {
            givenUp.ShutDownIfNotReady();
            Assert.False(givenUp.MarkReady());
            Assert.Equal(0, await server1.ReceiveAsync(new byte[1], SocketFlags.None)); // the server sees the close
        }

        // Set up first: left open for the request the handler gives it.
        var (ready, server2) = await Connect();
        using (ready)
        using (server2)
        {
            Assert.True(ready.MarkReady());
            ready.ShutDownIfNotReady();
            await ready.WriteAsync(new byte[] { 42 });
            var got = new byte[1];
            Assert.Equal(1, await server2.ReceiveAsync(got, SocketFlags.None));
            Assert.Equal(42, got[0]);
        }
    }
}

/// <summary>
/// The handler sends an exchange again on another connection: refused between two HTTP/1.1 connections for a request
/// that may not be repeated (the server may have acted on it), let through when the first was HTTP/2's, whose re-sends
/// are of streams the server said it did not process (GOAWAY, REFUSED_STREAM, HTTP_1_1_REQUIRED and its move to HTTP/1.1).
/// </summary>
public class TrackedConnectionStreamResendTests
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task A_resend_on_an_HTTP_1_1_connection_is_refused_only_after_an_HTTP_1_1_one(bool firstCarriesHttp2, bool refused)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var tracker = new ConnectionTracker(null, TimeSpan.Zero);
        async Task<(TrackedConnectionStream Ours, Socket Server)> Connect()
        {
            var (ours, server) = await TrackedConnectionStreamTests.ConnectAsync(listener, tracker);
            Assert.True(ours.MarkReady());
            return (ours, server);
        }
        var (first, server1) = await Connect();
        var (second, server2) = await Connect();
        using (first) using (server1) using (second) using (server2)
        {
            first.CarriesHttp2 = firstCarriesHttp2;
            // A POST's exchange (not idempotent) that went out on the first connection; only its Connection is read here.
            var exchange = new ExchangeConnection(null!) { Connection = first };
            ConnectionTracker.CurrentExchange.Value = exchange;
            try
            {
                if (refused)
                {
                    await Assert.ThrowsAsync<IOException>(() => second.WriteAsync(new byte[] { 42 }).AsTask());
                    Assert.True(exchange.ResendRefused);
                }
                else
                {
                    await second.WriteAsync(new byte[] { 42 });
                    var got = new byte[1];
                    Assert.Equal(1, await server2.ReceiveAsync(got, SocketFlags.None));
                    Assert.False(exchange.ResendRefused);
                }
            }
            finally { ConnectionTracker.CurrentExchange.Value = null; }
        }
    }
}
