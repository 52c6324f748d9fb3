using System.Net;
using System.Net.Sockets;

namespace Httpx.TestServer;

/// <summary>
/// Relays one accepted connection to a loopback port byte for byte, both ways, until either side closes or the token is
/// cancelled: for fronts that stand before Kestrel (one connection only, failing the first ones...). A broken session
/// ends only itself.
/// </summary>
public static class LoopbackRelay
{
    public static async Task RelayAsync(Socket accepted, int upstreamPort, CancellationToken cancellationToken)
    {
        try
        {
            using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, cancellationToken);
            await using var fromClient = new NetworkStream(accepted, ownsSocket: false);
            await using var toServer = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAny(fromClient.CopyToAsync(toServer, cancellationToken), toServer.CopyToAsync(fromClient, cancellationToken));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException)
        {
        }
    }
}
