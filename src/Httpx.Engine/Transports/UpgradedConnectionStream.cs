namespace Httpx.Transports;

/// <summary>
/// The connection of a 101 Switching Protocols answer, handed to the caller as the response's "network_stream"
/// extension (httpcore's HTTP11UpgradeStream): read and write the new protocol on it, dispose it to close the
/// connection. The handler has detached the connection from its pool (it never carries another request); what it
/// read past the 101's head comes first. Reads and writes have no timeout of their own: the caller's token decides.
/// </summary>
internal sealed class UpgradedConnectionStream(HttpResponseMessage message, Stream connection) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => connection.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => connection.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        connection.ReadAsync(buffer, offset, count, cancellationToken);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        connection.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => connection.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => connection.Write(buffer);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        connection.WriteAsync(buffer, offset, count, cancellationToken);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        connection.WriteAsync(buffer, cancellationToken);

    public override void Flush() => connection.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => connection.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    // The response message owns the handler's stream over the connection: disposing it closes the socket.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            connection.Dispose();
            message.Dispose();
        }
        base.Dispose(disposing);
    }
}
