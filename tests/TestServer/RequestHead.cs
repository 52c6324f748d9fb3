using System.Net.Sockets;
using System.Text;

namespace Httpx.TestServer;

/// <summary>Reading an HTTP request's head off a raw socket, for the hand-written servers of the raw-TCP endpoints and tests.</summary>
public static class RequestHead
{
    private const int MaxHead = 64 * 1024;

    /// <summary>Reads until CRLFCRLF; the head is returned as Latin-1 so every byte survives. Null when the peer closes first.</summary>
    public static async Task<string?> ReadAsync(Socket socket, CancellationToken cancellationToken = default) =>
        (await ReadWithRestAsync(socket, cancellationToken)).Head;

    /// <summary>As <see cref="ReadAsync"/>, with the bytes read past the head (an HTTP/2 client's frames after its preface).</summary>
    public static async Task<(string? Head, byte[] After)> ReadWithRestAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[MaxHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return (null, []);
            }
            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end + 4), buffer[(end + 4)..length]);
            }
        }
        return (null, []);
    }
}
