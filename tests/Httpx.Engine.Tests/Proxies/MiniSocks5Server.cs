using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Httpx.TestServer;

namespace Httpx.Tests.Proxies;

/// <summary>
/// A small SOCKS server on a loopback port (SOCKS5: RFC 1928 CONNECT, RFC 1929 user/password; SOCKS4 and 4a CONNECT),
/// for what dante cannot do here: username/password against a test account (dante checks system accounts), socks4a
/// names (dante refuses them), and recording what the client asked for (a domain name or an IP), to tell socks5://
/// (names resolved by the client) from socks5h://.
/// </summary>
public sealed class MiniSocks5Server : IAsyncDisposable
{
    private readonly ScriptedServer _server;
    private readonly (string User, string Password)? _account;

    public MiniSocks5Server((string User, string Password)? account = null)
    {
        _account = account;
        _server = new ScriptedServer(connection => ServeAsync(connection.Stream, connection.Stopping));
    }

    public int Port => _server.Port;

    /// <summary>Every CONNECT target in arrival order: ("domain", "localhost"), ("ipv4", "127.0.0.1") or ("ipv6", "::1"), with the port.</summary>
    public ConcurrentQueue<(string AddressType, string Host, int Port)> Requests { get; } = new();

    /// <summary>The user id of every SOCKS4 and 4a request, in arrival order ("" when the client sent none).</summary>
    public ConcurrentQueue<string> Socks4UserIds { get; } = new();

    /// <summary>User names that failed authentication.</summary>
    public ConcurrentQueue<string> RejectedUsers { get; } = new();

    // The server (ScriptedServer) closes the connection when this returns, and ends quietly a session whose client went
    // away mid-handshake (an I/O, socket or cancellation error; EndOfStreamException is an IOException).
    private async Task ServeAsync(NetworkStream stream, CancellationToken stopping)
    {
        var head = await ReadAsync(stream, 2);
        if (head[0] == 4)
        {
            await ServeSocks4Async(stream, head[1], stopping);
            return;
        }
        if (head[0] != 5) return;
        var methods = await ReadAsync(stream, head[1]);
        var wanted = _account is null ? (byte)0x00 : (byte)0x02;
        if (!methods.Contains(wanted))
        {
            await stream.WriteAsync(new byte[] { 5, 0xFF });
            return;
        }
        await stream.WriteAsync(new byte[] { 5, wanted });
        if (_account is { } account)
        {
            var version = await ReadAsync(stream, 2);
            var user = Encoding.UTF8.GetString(await ReadAsync(stream, version[1]));
            var passwordLength = (await ReadAsync(stream, 1))[0];
            var password = Encoding.UTF8.GetString(await ReadAsync(stream, passwordLength));
            var ok = user == account.User && password == account.Password;
            await stream.WriteAsync(new byte[] { 1, ok ? (byte)0 : (byte)1 });
            if (!ok)
            {
                RejectedUsers.Enqueue(user);
                return;
            }
        }

        var request = await ReadAsync(stream, 4);
        string type, host;
        switch (request[3])
        {
            case 1: type = "ipv4"; host = new IPAddress(await ReadAsync(stream, 4)).ToString(); break;
            case 4: type = "ipv6"; host = new IPAddress(await ReadAsync(stream, 16)).ToString(); break;
            case 3: type = "domain"; host = Encoding.ASCII.GetString(await ReadAsync(stream, (await ReadAsync(stream, 1))[0])); break;
            default: return;
        }
        var portBytes = await ReadAsync(stream, 2);
        var port = portBytes[0] << 8 | portBytes[1];
        Requests.Enqueue((type, host, port));

        // SOCKS5 reply 5 when it cannot: connection refused.
        await RelayAsync(stream, host, port, refused: [5, 5, 0, 1, 0, 0, 0, 0, 0, 0], granted: [5, 0, 0, 1, 0, 0, 0, 0, 0, 0], stopping);
    }

    /// <summary>SOCKS4 CONNECT; an address 0.0.0.x (x &gt; 0) means a host name follows the user id (SOCKS4a).</summary>
    private async Task ServeSocks4Async(NetworkStream stream, byte command, CancellationToken stopping)
    {
        var portBytes = await ReadAsync(stream, 2);
        var address = await ReadAsync(stream, 4);
        Socks4UserIds.Enqueue(await ReadNullTerminatedAsync(stream));
        var port = portBytes[0] << 8 | portBytes[1];
        string type, host;
        if (address[0] == 0 && address[1] == 0 && address[2] == 0 && address[3] != 0)
        {
            type = "socks4a-domain";
            host = await ReadNullTerminatedAsync(stream);
        }
        else
        {
            type = "ipv4";
            host = new IPAddress(address).ToString();
        }
        if (command != 1) return;
        Requests.Enqueue((type, host, port));

        // SOCKS4 reply 0x5B when it cannot: rejected or failed.
        await RelayAsync(stream, host, port, refused: [0, 0x5B, 0, 0, 0, 0, 0, 0], granted: [0, 0x5A, 0, 0, 0, 0, 0, 0], stopping);
    }

    // Connects to the target (a name over IPv4, an IPv6 address over IPv6) and relays both ways; the reply says whether
    // it could (the version's own bytes).
    private static async Task RelayAsync(NetworkStream stream, string host, int port, byte[] refused, byte[] granted, CancellationToken stopping)
    {
        var address = IPAddress.TryParse(host, out var ip) ? ip
            : (await Dns.GetHostAddressesAsync(host)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        using var upstream = new TcpClient(address.AddressFamily);
        try
        {
            await upstream.ConnectAsync(address, port);
        }
        catch (SocketException)
        {
            await stream.WriteAsync(refused);
            return;
        }
        await stream.WriteAsync(granted);
        var remote = upstream.GetStream();
        await Task.WhenAny(stream.CopyToAsync(remote, stopping), remote.CopyToAsync(stream, stopping));
    }

    private static async Task<string> ReadNullTerminatedAsync(NetworkStream stream)
    {
        var bytes = new List<byte>();
        while ((await ReadAsync(stream, 1))[0] is var b && b != 0) bytes.Add(b);
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    private static async Task<byte[]> ReadAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
