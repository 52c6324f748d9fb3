namespace Httpx;

/// <summary>A body held in memory: bytes or text encoded as UTF-8. Replayable.</summary>
public sealed class ByteArrayContent : BufferedContent
{
    public ByteArrayContent(ReadOnlyMemory<byte> bytes, string? contentType = null) : base(bytes, contentType) { }
}
