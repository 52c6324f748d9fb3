using System.Net.Sockets;

namespace Httpx.Transports;

/// <summary>
/// A connection through a SOCKS5 proxy, which keeps the first bytes the proxy sends while the handler sets it up, until
/// it is ready: .NET 8 (PowerShell 7.4) says only that the proxy "failed to connect to the destination", not the reply
/// code that says why, which <see cref="ProxyRouting.SocksRefusal"/> then reads from these. A type of its own so that
/// other connections' reads go straight to the socket.
/// </summary>
internal sealed class Socks5ConnectionStream(Socket socket, ConnectionTracker tracker) : TrackedConnectionStream(socket, tracker)
{
    // The method choice (2 bytes), the credentials' answer (2) and the start of the CONNECT reply, with room to spare.
    private const int Kept = 16;
    private byte[]? _kept = new byte[Kept];
    private int _length;

    /// <summary>What the proxy sent while the connection was set up; empty once it is ready.</summary>
    internal override ReadOnlyMemory<byte> SocksReplies => _kept is { } kept ? kept.AsMemory(0, _length) : default;

    internal override bool MarkReady()
    {
        _kept = null;
        return base.MarkReady();
    }

    // The handler reads a proxy's SOCKS replies through these two (ReadAtLeast and ReadAtLeastAsync).
    public override int Read(Span<byte> buffer)
    {
        var read = base.Read(buffer);
        Keep(buffer[..read]);
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _kept is null ? base.ReadAsync(buffer, cancellationToken) : ReadAndKeepAsync(buffer, cancellationToken);

    private async ValueTask<int> ReadAndKeepAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Keep(buffer.Span[..read]);
        return read;
    }

    private void Keep(ReadOnlySpan<byte> read)
    {
        if (_kept is not { } kept) return;
        var room = Math.Min(read.Length, kept.Length - _length);
        read[..room].CopyTo(kept.AsSpan(_length));
        _length += room;
    }
}
