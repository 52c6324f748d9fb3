namespace Httpx.TestServer;

/// <summary>
/// A user's forward-only stream whose reads fail after <c>goodReads</c> chunks, as a file on a failing disk: with
/// <c>failure</c> when given, else an IOException "Input/output error". Shared by the engine's and the module's tests of
/// a request body whose own source fails while it is sent.
/// </summary>
public sealed class FailingStream(int goodReads, Exception? failure = null) : Stream
{
    private int _reads;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) =>
        ++_reads > goodReads ? throw failure ?? new IOException("Input/output error") : count;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
