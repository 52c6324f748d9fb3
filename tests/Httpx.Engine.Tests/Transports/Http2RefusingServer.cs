using System.Net;
using System.Net.Sockets;

namespace Httpx.Tests.Transports;

/// <summary>
/// A raw h2c server (prior knowledge) that deals with each request it has read in full (its HEADERS and, for a body,
/// every DATA frame up to END_STREAM) as its script says, by the request's number over all connections: answer (a 200
/// without a body), refuse the stream (RST_STREAM REFUSED_STREAM), or send GOAWAY whose last stream id is below the
/// request's stream (the server says it did not process it) and close the connection. It records each request's body.
/// </summary>
public sealed class Http2RefusingServer : IDisposable
{
    public enum Step { Answer, RefuseStream, GoAwayBelow }

    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7;
    private const byte EndStream = 0x1, EndHeaders = 0x4, Status200 = 0x88;
    private const int NoError = 0x0, RefusedStream = 0x7;

    private readonly TestServer.ScriptedServer _server;
    private readonly Step[] _script;
    private readonly List<byte[]> _received = [];
    private int _next;

    public Http2RefusingServer(params Step[] script)
    {
        _script = script;
        _server = new TestServer.ScriptedServer(connection => ServeAsync(connection.Socket));
        Url = _server.Url + "/";
    }

    public string Url { get; }

    /// <summary>Each request read in full, in order: its body.</summary>
    public byte[][] Received { get { lock (_received) return [.. _received]; } }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        try
        {
            await socket.SendAsync(Frame(Settings, 0, []), SocketFlags.None);
            var buffer = new List<byte>();
            var bodies = new Dictionary<int, List<byte>>();
            var chunk = new byte[64 * 1024];
            var prefaceSkipped = false;
            while (true)
            {
                var read = await socket.ReceiveAsync(chunk, SocketFlags.None);
                if (read == 0) return;
                buffer.AddRange(chunk.AsSpan(0, read).ToArray());
                if (!prefaceSkipped)
                {
                    if (buffer.Count < 24) continue;
                    buffer.RemoveRange(0, 24); // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
                    prefaceSkipped = true;
                }
                while (buffer.Count >= 9)
                {
                    var length = (buffer[0] << 16) | (buffer[1] << 8) | buffer[2];
                    if (buffer.Count < 9 + length) break;
                    var (type, flags, stream) = (buffer[3], buffer[4], ((buffer[5] & 0x7f) << 24) | (buffer[6] << 16) | (buffer[7] << 8) | buffer[8]);
                    var payload = buffer.GetRange(9, length).ToArray();
                    buffer.RemoveRange(0, 9 + length);
                    if (type == Headers) bodies[stream] = [];
                    else if (type == Data && bodies.TryGetValue(stream, out var body)) body.AddRange(payload);
                    else continue;
                    if ((flags & EndStream) == 0) continue;
                    int number;
                    lock (_received) { _received.Add([.. bodies[stream]]); number = _next++; }
                    switch (number < _script.Length ? _script[number] : Step.Answer)
                    {
                        case Step.Answer:
                            await socket.SendAsync(Frame(Headers, stream, [Status200], EndHeaders | EndStream), SocketFlags.None);
                            break;
                        case Step.RefuseStream:
                            await socket.SendAsync(Frame(RstStream, stream, BigEndian(RefusedStream)), SocketFlags.None);
                            break;
                        case Step.GoAwayBelow:
                            await socket.SendAsync(Frame(GoAway, 0, [.. BigEndian(Math.Max(0, stream - 2)), .. BigEndian(NoError)]), SocketFlags.None);
                            socket.Shutdown(SocketShutdown.Both);
                            return;
                    }
                }
            }
        }
        catch (SocketException) { }
    }

    private static byte[] Frame(byte type, int stream, byte[] payload, byte flags = 0) =>
        [(byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type, flags, .. BigEndian(stream), .. payload];

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    public void Dispose() => _server.Dispose();
}
