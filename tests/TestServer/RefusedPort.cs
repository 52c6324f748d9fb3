using System.Net;
using System.Net.Sockets;

namespace Httpx.TestServer;

/// <summary>
/// A loopback port that refuses connections for as long as this is held: a socket bound to it that never listens.
/// Connects to a bound port with no listener are refused (RST) as to a free one, and while it stays bound neither
/// another listener's bind to port 0 nor a client's ephemeral port can take it; a port bound and released at once (as
/// the copies this replaced did) could be handed to a test running alongside before the connect, which then connected.
/// </summary>
public sealed class RefusedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    private RefusedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>Binds a fresh port; dispose to release it.</summary>
    public static RefusedPort Reserve() => new();

    public int Port { get; }

    public void Dispose() => _socket.Dispose();
}
