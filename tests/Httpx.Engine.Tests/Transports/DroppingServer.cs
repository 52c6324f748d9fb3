using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Httpx.Tests.Transports;

/// <summary>
/// A raw HTTP/1.1 server that answers each request it reads as its script says, by the request's number (0-based, over
/// all connections): answer, answer and close the connection (FIN), close without answering (FIN), reset (RST) without
/// answering, or reset half-way through the body. It records every request it read in full, body included, so that a
/// test can say how many times a request reached it.
/// </summary>
public sealed class DroppingServer : IDisposable
{
    public enum Step { Answer, AnswerThenClose, Close, Reset, ResetMidBody }

    private readonly TestServer.ScriptedServer _server;
    private readonly Step[] _script;
    private readonly List<(string RequestLine, byte[] Body)> _received = [];
    private int _next;

    public DroppingServer(params Step[] script)
    {
        _script = script;
        _server = new TestServer.ScriptedServer(connection => ServeAsync(connection.Socket));
        Url = _server.Url + "/";
    }

    public string Url { get; }

    public IReadOnlyList<Step> Script => _script;

    /// <summary>The connections accepted so far, those on which the client sent nothing included.</summary>
    public int Accepted => _server.Accepted;

    /// <summary>Released once each time a connection has been closed by an AnswerThenClose step.</summary>
    public SemaphoreSlim ClosedAfterAnswer { get; } = new(0);

    /// <summary>The requests read so far: request line and body (de-chunked).</summary>
    public (string RequestLine, byte[] Body)[] Received { get { lock (_received) return [.. _received]; } }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var reader = new Reader(socket);
        try
        {
            while (await reader.HeadAsync() is { } head)
            {
                var lines = head.Split("\r\n");
                var body = await reader.BodyAsync(lines);
                int number;
                lock (_received) { _received.Add((lines[0], body)); number = _next++; }
                switch (number < _script.Length ? _script[number] : Step.Answer)
                {
                    case Step.Answer:
                        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), SocketFlags.None);
                        break;
                    case Step.AnswerThenClose:
                        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray(), SocketFlags.None);
                        socket.Shutdown(SocketShutdown.Send);
                        ClosedAfterAnswer.Release();
                        // Reads on until the client closes its side: whatever it still sent is counted.
                        continue;
                    case Step.Close:
                        return;
                    case Step.Reset:
                        socket.LingerState = new LingerOption(true, 0);
                        return;
                    case Step.ResetMidBody:
                        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"u8.ToArray(), SocketFlags.None);
                        socket.LingerState = new LingerOption(true, 0);
                        return;
                }
            }
        }
        catch (SocketException) { }
    }

    public void Dispose() => _server.Dispose();

    private sealed class Reader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public async Task<string?> HeadAsync()
        {
            while (true)
            {
                var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
                if (at >= 0)
                {
                    var head = Encoding.Latin1.GetString(_buffer, _start, at);
                    _start += at + 4;
                    return head;
                }
                if (!await FillAsync()) return null;
            }
        }

        public async Task<byte[]> BodyAsync(string[] lines)
        {
            var length = 0;
            var chunked = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':');
                var name = line[..colon].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[(colon + 1)..].Trim());
                if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = true;
            }
            if (!chunked) return await TakeAsync(length);
            var body = new List<byte>();
            while (true)
            {
                var size = Convert.ToInt32((await LineAsync()).Split(';')[0], 16);
                if (size == 0) { await LineAsync(); return [.. body]; }
                body.AddRange(await TakeAsync(size));
                await LineAsync();
            }
        }

        private async Task<string> LineAsync()
        {
            while (true)
            {
                var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
                if (at >= 0)
                {
                    var line = Encoding.Latin1.GetString(_buffer, _start, at);
                    _start += at + 2;
                    return line;
                }
                if (!await FillAsync()) throw new SocketException((int)SocketError.ConnectionReset);
            }
        }

        private async Task<byte[]> TakeAsync(int count)
        {
            while (_end - _start < count)
                if (!await FillAsync()) throw new SocketException((int)SocketError.ConnectionReset);
            var taken = _buffer.AsSpan(_start, count).ToArray();
            _start += count;
            return taken;
        }

        private async Task<bool> FillAsync()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (_end, _start) = (_end - _start, 0);
            }
            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
            _end += read;
            return read > 0;
        }
    }
}
