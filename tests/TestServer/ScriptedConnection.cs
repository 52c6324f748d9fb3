using System.Net.Sockets;
using System.Text;

namespace Httpx.TestServer;

/// <summary>One connection a <see cref="ScriptedServer"/> accepted, with the steps its scripts are made of.</summary>
public sealed class ScriptedConnection
{
    private NetworkStream? _stream;

    internal ScriptedConnection(ScriptedServer server, Socket socket, int number, CancellationToken stopping)
    {
        Server = server;
        Socket = socket;
        Number = number;
        Stopping = stopping;
    }

    /// <summary>The server that accepted it (a script may stop it listening).</summary>
    public ScriptedServer Server { get; }

    public Socket Socket { get; }

    /// <summary>1 for the first connection the server accepted, 2 for the next...</summary>
    public int Number { get; }

    /// <summary>Cancelled when the server is disposed.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>The connection as a stream (for TLS), not owning the socket.</summary>
    public NetworkStream Stream => _stream ??= new NetworkStream(Socket, ownsSocket: false);

    /// <summary>Reads the request head up to its blank line (Latin-1); null when the client closed first.</summary>
    public Task<string?> ReadHeadAsync() => RequestHead.ReadAsync(Socket, Stopping);

    public async Task SendAsync(byte[] bytes) => await Socket.SendAsync(bytes, SocketFlags.None, Stopping);

    public Task SendAsync(string ascii) => SendAsync(Encoding.ASCII.GetBytes(ascii));

    /// <summary>Ends the server's side (FIN); the client can still send.</summary>
    public void CloseSend() => Socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads and drops what the client sends until it closes its side. Closing a socket with unread bytes
    /// would reset the connection (RST) and could destroy an answer before the client reads it.</summary>
    public async Task DrainAsync()
    {
        var sink = new byte[16 * 1024];
        while (await Socket.ReceiveAsync(sink, SocketFlags.None, Stopping) > 0) { }
    }

    /// <summary>Holds the connection open, reading nothing, until the server is disposed.</summary>
    public async Task HoldAsync()
    {
        try { await Task.Delay(Timeout.Infinite, Stopping); }
        catch (OperationCanceledException) { }
    }
}
