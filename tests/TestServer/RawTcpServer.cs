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
/// <item>/reset-mid-body: Content-Length: 100 and 10 body bytes, then a reset (RST), as a peer that crashed mid-download.</item>
/// <item>/reset-on-upload: a reset (RST) as soon as the request head is read, while the client is still sending its body.</item>
/// </list>
/// Every connection carries one request and is closed after it.
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
            var head = await RequestHead.ReadAsync(socket, timeout.Token);
            if (head is null)
            {
                return;
            }
            var requestLine = head[..Math.Max(0, head.IndexOf("\r\n", StringComparison.Ordinal))];
            var parts = requestLine.Split(' ');
            var target = parts.Length > 1 ? parts[1] : "/";
            // A request forwarded by a proxy names the absolute URL (GET http://host/path): this server can stand in for
            // an HTTP proxy, /echo-raw then showing what a client sends to one.
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") target = absolute.PathAndQuery;
            var path = target.Split('?')[0];
            if (path is "/reset-mid-body" or "/reset-on-upload")
            {
                if (path == "/reset-mid-body")
                    await socket.SendAsync(Ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n0123456789"), SocketFlags.None, timeout.Token);
                Reset(socket);
                return;
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
                "/close-delimited" => Ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nbody until close"),
                "/echo-raw" => Response200(Encoding.Latin1.GetBytes(head)),
                "/latin1-header" => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nX-Name: Jos\u00e9\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
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

    // Closing with a zero linger time sends RST instead of FIN: the peer's next read or write fails with a reset.
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static byte[] Response200(byte[] body)
    {
        var headers = Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return [.. headers, .. body];
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
