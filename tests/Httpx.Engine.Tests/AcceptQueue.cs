using System.Net;
using System.Net.Sockets;

namespace Httpx.Tests;

/// <summary>
/// A connect that never completes, on loopback only: connections that fill a listener's accept queue (the listener made
/// with the smallest backlog and never accepting). Linux then drops further SYNs, so the next connect to the port hangs
/// until the client's own connect timeout fires. Disposing closes the connections.
/// </summary>
public sealed class AcceptQueue : IDisposable
{
    private readonly List<Socket> _fillers = [];

    private AcceptQueue() { }

    /// <summary>Connects to <paramref name="port"/> until a connect does not complete (the queue is full).</summary>
    public static AcceptQueue Fill(int port)
    {
        var queue = new AcceptQueue();
        for (var i = 0; i < 64; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            // Waiting here only detects the full queue; nothing is asserted on it.
            if (!s.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromSeconds(1)))
            {
                s.Dispose();
                return queue;
            }
            queue._fillers.Add(s);
        }
        queue.Dispose();
        throw new InvalidOperationException("The accept queue never filled up, so a hanging connect cannot be made here.");
    }

    public void Dispose()
    {
        foreach (var s in _fillers) s.Dispose();
    }
}
