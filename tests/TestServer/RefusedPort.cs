using System.Net;
using System.Net.Sockets;

namespace Httpx.TestServer;

/// <summary>Loopback ports for tests of connects that fail.</summary>
public static class RefusedPort
{
    /// <summary>A loopback port with nothing listening: bound, then released, so connects to it are refused.</summary>
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
