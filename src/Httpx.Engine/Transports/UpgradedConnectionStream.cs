namespace Httpx.Transports;

/// <summary>
/// The connection of a 101 Switching Protocols answer, handed to the caller as the response's "network_stream"
/// extension (httpcore's HTTP11UpgradeStream): read and write the new protocol on it, dispose it to close the
/// connection. The handler has detached the connection from its pool (it never carries another request); what it
/// read past the 101's head comes first. Reads and writes have no timeout of their own: the caller's token decides.
/// </summary>
internal sealed class UpgradedConnectionStream(HttpResponseMessage message, Stream connection) : Stream
{
    // Closed with its response (a non-streamed 101 is, once read), it must not look live: the handler's closed stream
    // still said CanRead, read 0 bytes as if the server had hung up, and a write raised an IOException. Every use of a
    // closed one raises ObjectDisposedException, as a closed .NET stream does.
    private volatile bool _disposed;

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    private const string Closed = "The upgraded connection of this 101 Switching Protocols is closed: it was disposed, or closed with its " +
        "response (a request that is not streamed reads its response and closes it, as in HTTPX; send it with Client.Stream to talk the new protocol).";

    private Stream Connection
    {
        get
        {
            if (_disposed) throw new ObjectDisposedException("network_stream", Closed);
            return connection;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Connection.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => Connection.Read(buffer);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Connection.ReadAsync(buffer, offset, count, cancellationToken);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Connection.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Connection.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => Connection.Write(buffer);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Connection.WriteAsync(buffer, offset, count, cancellationToken);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Connection.WriteAsync(buffer, cancellationToken);

    public override void Flush() => Connection.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => Connection.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    // The response message owns the handler's stream over the connection: disposing it closes the socket.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed = true;
            connection.Dispose();
            message.Dispose();
        }
        base.Dispose(disposing);
    }
}
