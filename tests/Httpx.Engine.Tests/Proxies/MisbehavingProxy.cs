using System.Net.Sockets;

namespace Httpx.Tests.Proxies;

/// <summary>
/// A loopback "proxy" that answers its connections the wrong way, each as scripted: the n-th connection gets the n-th
/// <see cref="Reply"/>, the last one every connection after. Counts the connections it took, so a test can see how many
/// times the client tried.
/// </summary>
public sealed class MisbehavingProxy : IDisposable
{
    /// <summary>
    /// Reads the request head (a CONNECT, or a forwarded request) unless <paramref name="ReadsRequest"/> is false, sends
    /// <paramref name="Answer"/>, then closes: with a reset (RST) when <paramref name="Reset"/> is set, else a FIN.
    /// </summary>
    public sealed record Reply(string Answer, bool Reset = false, bool ReadsRequest = true);

    private readonly TestServer.ScriptedServer _server;
    private readonly Reply[] _replies;

    public MisbehavingProxy(string answer) : this(new Reply(answer)) { }

    public MisbehavingProxy(params Reply[] replies)
    {
        _replies = replies;
        _server = new TestServer.ScriptedServer(c => AnswerAsync(c, _replies[Math.Min(c.Number, _replies.Length) - 1]));
    }

    public int Port => _server.Port;

    public string Url => _server.Url;

    public int Accepted => _server.Accepted;

    private static async Task AnswerAsync(TestServer.ScriptedConnection connection, Reply reply)
    {
        if (reply.ReadsRequest && await connection.ReadHeadAsync() is null) return;
        if (reply.Answer.Length > 0) await connection.SendAsync(reply.Answer);
        if (reply.Reset) connection.Socket.LingerState = new LingerOption(true, 0);
        else connection.Socket.Shutdown(SocketShutdown.Both);
    }

    public void Dispose() => _server.Dispose();
}
