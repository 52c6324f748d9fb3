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

    // The handler reads the proxy's answer through these two (plain HTTP to the proxy; over TLS, SslStream does), and
    // the TLS handshake's replies through the tunnel.
    public override int Read(Span<byte> buffer) => Noted(base.Read(buffer), buffer.Length);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Volatile.Read(ref _answer) == Answered && IsReady ? base.ReadAsync(buffer, cancellationToken) : ReadAndNoteAsync(buffer, cancellationToken);

    private async ValueTask<int> ReadAndNoteAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Noted(await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    private int Noted(int read, int asked)
    {
        // A read of no bytes (the handler's wait for data) says nothing of an answer; one that asked for bytes and got
        // none is the end of the connection.
        if (asked > 0 && Volatile.Read(ref _answer) == Waiting)
            Interlocked.CompareExchange(ref _answer, read > 0 ? Answered : ClosedUnanswered, Waiting);
        NoteSetUpStep();
        return read;
    }

    // A set-up write that had to wait for the socket: its handshake goes on on the thread it completes on.
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = base.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully || IsReady ? write : NoteWhenWritten(write);
    }

    private async ValueTask NoteWhenWritten(ValueTask write)
    {
        await write.ConfigureAwait(false);
        NoteSetUpStep();
    }

    /// <summary>
    /// The tunnel whose set-up (its CONNECT, then the TLS handshake through it) last read or wrote on this thread. The
    /// handler runs a set-up's last step (the handshake's last read or write) and its PlaintextFilter in one go, on the
    /// thread that step completes on, so this names the tunnel the filter is called for; the flow's note
    /// (<see cref="ExchangeConnection.SettingUp"/>) is shared by every set-up the handler starts on one request's flow.
    /// </summary>
    [ThreadStatic]
    private static TunnelConnectionStream? t_lastSetUpStep;

    private void NoteSetUpStep()
    {
        if (!IsReady) t_lastSetUpStep = this;
    }

    /// <summary>A write of its set-up: noted for this thread, and for the exchange on this flow.</summary>
    internal void NoteSetUpWrite()
    {
        t_lastSetUpStep = this;
        if (ConnectionTracker.CurrentExchange.Value is { } exchange) exchange.SettingUp = this;
    }

    /// <summary>
    /// The tunnel whose set-up last read or wrote on this thread, if it is still being set up; forgotten here, so that a
    /// later filter on this thread does not find it.
    /// </summary>
    internal static TunnelConnectionStream? TakeLastSetUpStep()
    {
        var last = t_lastSetUpStep;
        t_lastSetUpStep = null;
        return last is { IsSettingUp: true } ? last : null;
    }
}
