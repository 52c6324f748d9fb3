using System.Net.Sockets;

namespace Httpx.Transports;

/// <summary>
/// A connection to an HTTP proxy opened for the handler's CONNECT (a tunnel to an https origin), which notes whether the
/// proxy closed it before sending a byte: the handler then sends its CONNECT again on a new connection, and the request
/// again with new CONNECTs of its own (one GET made 16), where httpcore and curl send one CONNECT and fail. The connection
/// factory refuses that second connect (<see cref="ConnectionFactory"/>); a CONNECT sent again after an answer (a 407
/// whose proxy closed the connection, answered with credentials) still goes out. Through an https:// proxy the bytes
/// are its TLS handshake's, which count as an answer: a TLS proxy that closes after it keeps the handler's tries. A type
/// of its own so that other connections' reads go straight to the socket; here, once a byte came, a read is one check more.
/// </summary>
internal sealed class TunnelConnectionStream(Socket socket, ConnectionTracker tracker) : TrackedConnectionStream(socket, tracker)
{
    private const int Waiting = 0, Answered = 1, ClosedUnanswered = 2;
    private int _answer;

    /// <summary>The proxy closed the connection before sending any byte (no answer to the CONNECT at all).</summary>
    internal bool ClosedBeforeAnswer => Volatile.Read(ref _answer) == ClosedUnanswered;

    // The handler reads the proxy's answer through these two (plain HTTP to the proxy; over TLS, SslStream does).
    public override int Read(Span<byte> buffer) => Noted(base.Read(buffer), buffer.Length);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _answer) == Answered ? base.ReadAsync(buffer, cancellationToken) : ReadAndNoteAsync(buffer, cancellationToken);

    private async ValueTask<int> ReadAndNoteAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Noted(await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    private int Noted(int read, int asked)
    {
        // A read of no bytes (the handler's wait for data) says nothing of an answer; one that asked for bytes and got
        // none is the end of the connection.
        if (asked > 0 && Volatile.Read(ref _answer) == Waiting)
            Interlocked.CompareExchange(ref _answer, read > 0 ? Answered : ClosedUnanswered, Waiting);
        return read;
    }
}
