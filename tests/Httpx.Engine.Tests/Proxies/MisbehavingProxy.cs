using System.Net;
using System.Net.Sockets;
using System.Text;

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

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Reply[] _replies;
    private int _accepted;

    public MisbehavingProxy(string answer) : this(new Reply(answer)) { }

    public MisbehavingProxy(params Reply[] replies)
    {
        _replies = replies;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            var n = Interlocked.Increment(ref _accepted);
            _ = AnswerAsync(socket, _replies[Math.Min(n, _replies.Length) - 1]);
        }
    }

    private async Task AnswerAsync(Socket socket, Reply reply)
    {
        using (socket)
        {
            try
            {
                var head = new List<byte>();
                var buffer = new byte[4096];
                while (reply.ReadsRequest && !EndsHead(head))
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0) return;
                    head.AddRange(buffer.AsSpan(0, n).ToArray());
                }
                if (reply.Answer.Length > 0) await socket.SendAsync(Encoding.ASCII.GetBytes(reply.Answer), SocketFlags.None, _stop.Token);
                if (reply.Reset) socket.LingerState = new LingerOption(true, 0);
                else socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception) { }
        }
    }

    private static bool EndsHead(List<byte> head) =>
        head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
