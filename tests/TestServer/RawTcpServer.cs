using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Httpx.TestServer;

/// <summary>
/// A tiny TCP server on 127.0.0.1 that answers with deliberately broken HTTP, which Kestrel
/// would never produce. It reads the request head up to the blank line, then by path:
/// <list type="bullet">
/// <item>/bad-status: "HTTP/1.1 abc" then close.</item>
/// <item>/bad-header: a status line then a header line without a colon.</item>
/// <item>/truncated: Content-Length: 100 but only 10 body bytes, then close.</item>
/// <item>/bad-content-length: Content-Length: abc, then a body that ends at close.</item>
/// <item>/close-before-headers: close without a byte.</item>
/// <item>/close-delimited: a valid HTTP/1.1 response with neither Content-Length nor chunking; the body ends at close.</item>
/// <item>/echo-raw: 200 with the request head exactly as received (header names, casing and order intact).</item>
/// <item>/latin1-header: 200 with a header value carrying a Latin-1 byte (X-Name: Jos\xe9), which Kestrel would refuse to send.</item>
/// <item>/utf8-header: 302 with UTF-8 bytes in a header (X-Name: José) and in its Location (/café).</item>
/// <item>/raw-disposition-utf8 and /raw-disposition-latin1: 200 with Content-Disposition: attachment; filename="café.txt"
/// with the é as raw UTF-8 bytes (\xc3\xa9), and as one Latin-1 byte (\xe9), and a 2-byte body.</item>
/// <item>/reset-mid-body: Content-Length: 100 and 10 body bytes, then a reset (RST), as a peer that crashed mid-download.</item>
/// <item>/reset-on-upload: a reset (RST) as soon as the request head is read, while the client is still sending its body.</item>
/// <item>/413-on-upload: as soon as the request head is read, 413 Payload Too Large ("too big") with Connection: close, then
/// a reset without reading the body, as a server that refuses an upload by its head and closes at once.</item>
/// <item>/chunked-truncated: a chunked body whose first chunk comes, then close without the last chunk.</item>
/// <item>/bad-chunk-size: a chunked body whose chunk size is no hex number.</item>
/// <item>/bad-chunk-extension: a chunked body whose chunk size is written as C's hex ("0x2"), which the handler reads as
/// a size 0 followed by a chunk extension that is none.</item>
/// <item>/status-below-100: "HTTP/1.1 099 Low", a three-digit status no HTTP status can be.</item>
/// <item>/transfer-encoding?v=gzip,chunked&amp;v=...: 200 with one Transfer-Encoding header line per v, as given; a
/// chunked body ("ok") when a value names chunked, else "ok" ended by the close.</item>
/// <item>/close-after-status: a status line, then close before the headers end.</item>
/// <item>/no-reason and /custom-reason: 200 with an empty reason phrase, and with "All Good".</item>
/// <item>/control-header: 200 whose reason phrase and an X-Evil header carry terminal escape sequences (ESC, BEL, a
/// backspace and the C1 CSI byte 0x9b), as a hostile server could send.</item>
/// <item>/utf8-cookie: a Set-Cookie whose value has UTF-8 bytes (u=café).</item>
/// <item>/lines-then-truncated: Content-Length: 100 and "line1\nline2\npart", then close: lines that came before a break.</item>
/// <item>/longer-than-content-length: Content-Length: 2 and "okEXTRA", then close.</item>
/// <item>/endless-headers: a status line, then header lines for as long as the client reads them.</item>
/// <item>/large-header: 200 whose head (status line to blank line) is 100 KB in all, nearly all of it one X-Large header.</item>
/// <item>/upgrade-echo: 101 Switching Protocols with "ready\n" in the same packet, then echoes what it receives until
/// the client closes (a WebSocket endpoint keeps its connection open the same way).</item>
/// <item>/keep-then-drop?key=K: 200 "ok" on a connection kept alive; the next request on that connection (head and
/// Content-Length body read in full) is left unanswered and the connection closed (FIN), as a server that dropped an
/// idle kept-alive connection just as the request came. /keep-then-drop-count?key=K says how many requests to
/// /keep-then-drop?key=K reached the server (one sent again on a new connection counts twice).</item>
/// </list>
/// HTTP/2 with prior knowledge (h2c, the PRI preface): each request's :path decides (.NET's HPACK encoder sends it as
/// plain bytes, never Huffman-coded): /h2-goaway is answered with GOAWAY (INTERNAL_ERROR) and the connection closed,
/// /h2-reset-mid-body with a 200, a DATA frame ("line1\n") and then RST_STREAM (INTERNAL_ERROR), /h2-short-body and
/// /h2-long-body with a 200 whose Content-Length is 100 and 2 and a DATA frame of 10 bytes that ends the stream, any other
/// path (/h2-reset) with RST_STREAM (INTERNAL_ERROR) on its stream.
/// Every HTTP/1.1 connection carries one request and is closed after it.
/// </summary>
internal sealed class RawTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var (head, rest) = await RequestHead.ReadWithRestAsync(socket, timeout.Token);
            if (head is null)
            {
                return;
            }
            if (head.StartsWith("PRI * HTTP/2.0", StringComparison.Ordinal))
            {
                await ServeHttp2Async(socket, rest, timeout.Token);
                return;
            }
            var requestLine = head[..Math.Max(0, head.IndexOf("\r\n", StringComparison.Ordinal))];
            var parts = requestLine.Split(' ');
            var target = parts.Length > 1 ? parts[1] : "/";
            // A request forwarded by a proxy names the absolute URL (GET http://host/path): this server can stand in for
            // an HTTP proxy, /echo-raw then showing what a client sends to one.
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") target = absolute.PathAndQuery;
            var path = target.Split('?')[0];
            if (path == "/keep-then-drop")
            {
                await KeepThenDropAsync(socket, head, rest, QueryValues(target, "key").FirstOrDefault() ?? "", timeout.Token);
                return;
            }
            if (path is "/reset-mid-body" or "/reset-on-upload" or "/413-on-upload")
            {
                if (path == "/reset-mid-body")
                    await socket.SendAsync(Ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123456789"), SocketFlags.None, timeout.Token);
                if (path == "/413-on-upload")
                    await socket.SendAsync(Ascii("HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntoo big"), SocketFlags.None, timeout.Token);
                Reset(socket);
                return;
            }
            if (path == "/upgrade-echo")
            {
                await socket.SendAsync(Ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nready\n"), SocketFlags.None, timeout.Token);
                var echo = new byte[16 * 1024];
                int received;
                while ((received = await socket.ReceiveAsync(echo, SocketFlags.None, timeout.Token)) > 0)
                    await socket.SendAsync(echo.AsMemory(0, received), SocketFlags.None, timeout.Token);
                return;
            }
            if (path == "/endless-headers")
            {
                await socket.SendAsync(Ascii("HTTP/1.1 200 OK\r\n"), SocketFlags.None, timeout.Token);
                var filler = Ascii($"X-Filler: {new string('x', 1000)}\r\n");
                // Until the client gives up and closes (a send then fails) or the server's time for it runs out.
                while (true) await socket.SendAsync(filler, SocketFlags.None, timeout.Token);
            }
            byte[] answer = path switch
            {
                "/bad-status" => Ascii("HTTP/1.1 abc\r\n\r\n"),
                "/bad-header" => Ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nThis line has no colon\r\n\r\nok"),
                "/utf8-cookie" => Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nSet-Cookie: u=caf\u00e9; Path=/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                "/no-reason" => Ascii("HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                "/custom-reason" => Ascii("HTTP/1.1 200 All Good\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                "/bad-content-length" => Ascii("HTTP/1.1 200 OK\r\nContent-Length: abc\r\nConnection: close\r\n\r\nhello"),
                "/truncated" => Ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123456789"),
                "/close-before-headers" => [],
                "/chunked-truncated" => Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"),
                "/bad-chunk-size" => Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
                "/bad-chunk-extension" => Ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nok\r\n0\r\n\r\n"),
                "/transfer-encoding" => TransferEncoded(QueryValues(target, "v")),
                "/status-below-100" => Ascii("HTTP/1.1 099 Low\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                "/close-after-status" => Ascii("HTTP/1.1 200 OK\r\n"),
                "/lines-then-truncated" => Ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nline1\nline2\npart"),
                "/longer-than-content-length" => Ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nokEXTRA"),
                "/large-header" => LargeHead(),
                "/close-delimited" => Ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nbody until close"),
                "/echo-raw" => Response200(Encoding.Latin1.GetBytes(head)),
                "/keep-then-drop-count" => Response200(Ascii(KeepThenDropCount(QueryValues(target, "key").FirstOrDefault() ?? "").ToString(System.Globalization.CultureInfo.InvariantCulture))),
                "/latin1-header" => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nX-Name: Jos\u00e9\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                "/control-header" => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\u001b[2J\r\nX-Evil: a\u001b]0;pwned\u0007b\bc\u009b31md\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                "/raw-disposition-utf8" => Encoding.UTF8.GetBytes("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"caf\u00e9.txt\"\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                "/raw-disposition-latin1" => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"caf\u00e9.txt\"\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"),
                "/utf8-header" => Encoding.UTF8.GetBytes("HTTP/1.1 302 Found\r\nX-Name: Jos\u00e9\r\nLocation: /caf\u00e9\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                _ => Ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"),
            };
            if (answer.Length > 0)
            {
                await socket.SendAsync(answer, SocketFlags.None, timeout.Token);
            }
            // Half-close, then drain what the client still sends (e.g. a body we never read):
            // closing with unread data would send RST and could destroy the answer before it is read.
            socket.Shutdown(SocketShutdown.Send);
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            drain.CancelAfter(TimeSpan.FromSeconds(2));
            var sink = new byte[16 * 1024];
            while (await socket.ReceiveAsync(sink, SocketFlags.None, drain.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client left or the server is stopping: nothing to report.
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> KeepThenDropRequests = new();

    private static int KeepThenDropCount(string key) => KeepThenDropRequests.GetValueOrDefault(key);

    // The first request of the connection is answered and the connection kept; the second is read in full, counted and
    // left without an answer: the connection is closed (FIN, nothing unread, so no RST).
    private static async Task KeepThenDropAsync(Socket socket, string head, byte[] rest, string key, CancellationToken cancellationToken)
    {
        KeepThenDropRequests.AddOrUpdate(key, 1, (_, n) => n + 1);
        await socket.SendAsync(Ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), SocketFlags.None, cancellationToken);
        // The first request's body, if any, is not read: this endpoint is for bodyless first requests.
        var (next, after) = rest.Length > 0 ? (null, rest) : await RequestHead.ReadWithRestAsync(socket, cancellationToken);
        if (next is null) return;
        KeepThenDropRequests.AddOrUpdate(key, 1, (_, n) => n + 1);
        var length = next.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var sink = new byte[16 * 1024];
        for (var read = after.Length; read < length;)
        {
            var n = await socket.ReceiveAsync(sink, SocketFlags.None, cancellationToken);
            if (n == 0) return;
            read += n;
        }
        socket.Shutdown(SocketShutdown.Both);
    }

    // HTTP/2 frame types and the error code this server sends.
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, GoAway = 0x7;
    private const byte EndStream = 0x1, EndHeaders = 0x4;
    // HPACK: ":status: 200" is entry 8 of the static table, sent as an indexed field.
    private const byte Status200 = 0x88;
    private const int InternalError = 0x2;

    /// <summary>
    /// Reads the client's frames after its preface ("PRI * HTTP/2.0\r\n\r\n" was the head; "SM\r\n\r\n" comes first in
    /// <paramref name="received"/>) until its first HEADERS frame, then answers as its path asks.
    /// </summary>
    private static async Task ServeHttp2Async(Socket socket, byte[] received, CancellationToken cancellationToken)
    {
        await socket.SendAsync(Frame(Settings, 0, []), SocketFlags.None, cancellationToken);
        var buffer = new List<byte>(received.Skip(6));
        var chunk = new byte[16 * 1024];
        while (true)
        {
            while (buffer.Count >= 9)
            {
                var length = (buffer[0] << 16) | (buffer[1] << 8) | buffer[2];
                if (buffer.Count < 9 + length) break;
                var (type, stream) = (buffer[3], ((buffer[5] & 0x7f) << 24) | (buffer[6] << 16) | (buffer[7] << 8) | buffer[8]);
                var payload = buffer.GetRange(9, length).ToArray();
                buffer.RemoveRange(0, 9 + length);
                if (type != Headers) continue;
                if (payload.AsSpan().IndexOf("/h2-goaway"u8) >= 0)
                {
                    await socket.SendAsync(Frame(GoAway, 0, [.. BigEndian(stream), .. BigEndian(InternalError), .. "going away"u8]), SocketFlags.None, cancellationToken);
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
                if (payload.AsSpan().IndexOf("/h2-short-body"u8) >= 0 || payload.AsSpan().IndexOf("/h2-long-body"u8) >= 0)
                {
                    var contentLength = payload.AsSpan().IndexOf("/h2-short-body"u8) >= 0 ? "100"u8 : "2"u8;
                    await socket.SendAsync(Frame(Headers, stream, [Status200, .. LiteralField("content-length"u8, contentLength)], EndHeaders), SocketFlags.None, cancellationToken);
                    await socket.SendAsync(Frame(Data, stream, [.. "0123456789"u8], EndStream), SocketFlags.None, cancellationToken);
                    continue;
                }
                if (payload.AsSpan().IndexOf("/h2-reset-mid-body"u8) >= 0)
                {
                    await socket.SendAsync(Frame(Headers, stream, [Status200], EndHeaders), SocketFlags.None, cancellationToken);
                    await socket.SendAsync(Frame(Data, stream, [.. "line1\n"u8]), SocketFlags.None, cancellationToken);
                }
                await socket.SendAsync(Frame(RstStream, stream, BigEndian(InternalError)), SocketFlags.None, cancellationToken);
            }
            var read = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken);
            if (read == 0) return;
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
    }

    private static byte[] Frame(byte type, int stream, byte[] payload, byte flags = 0) =>
        [(byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, type, flags, .. BigEndian(stream), .. payload];

    // HPACK: a literal field without indexing and with a new name, neither Huffman-coded (short ones: one length byte).
    private static byte[] LiteralField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        [0x00, (byte)name.Length, .. name, (byte)value.Length, .. value];

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    // Closing with a zero linger time sends RST instead of FIN: the peer's next read or write fails with a reset.
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    // 100 KB exactly from the status line to the blank line: httpcore reads a head that size (h11_max_incomplete_event_size).
    private static byte[] LargeHead()
    {
        const string start = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\nX-Large: ";
        return Ascii(start + new string('x', 100 * 1024 - start.Length - 4) + "\r\n\r\n");
    }

    private static byte[] Response200(byte[] body)
    {
        var headers = Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return [.. headers, .. body];
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] TransferEncoded(string[] values)
    {
        var chunked = values.Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        var lines = string.Concat(values.Select(v => $"Transfer-Encoding: {v}\r\n"));
        return Ascii($"HTTP/1.1 200 OK\r\n{lines}Connection: close\r\n\r\n{(chunked ? "2\r\nok\r\n0\r\n\r\n" : "ok")}");
    }

    // The values of one query parameter, percent-decoded, in order.
    private static string[] QueryValues(string target, string name) =>
        target.Split('?') is [_, var query, ..]
            ? query.Split('&').Where(p => p.StartsWith(name + "=", StringComparison.Ordinal)).Select(p => Uri.UnescapeDataString(p[(name.Length + 1)..])).ToArray()
            : [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
