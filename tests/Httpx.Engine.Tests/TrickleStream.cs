namespace Httpx.Tests;

/// <summary>Delivers its bytes a few at a time (<paramref name="pieceSize"/> per read at most), like a network stream, to exercise partial reads.</summary>
internal sealed class TrickleStream(byte[] data, int pieceSize = 7) : Stream
{
    private readonly MemoryStream _data = new(data);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(Span<byte> buffer) => _data.Read(buffer[..Math.Min(buffer.Length, pieceSize)]);
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
