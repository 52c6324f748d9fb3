namespace Httpx;

/// <summary>
/// One rendered part of a multipart body: its delimiter line and headers, then either in-memory data (a form
/// field) or a file whose bytes are read when the body is sent.
/// </summary>
internal sealed class MultipartPart(byte[] head, ReadOnlyMemory<byte> data, MultipartFile? file)
{
    public byte[] Head { get; } = head;
    public ReadOnlyMemory<byte> Data { get; } = data;
    public MultipartFile? File { get; } = file;

    /// <summary>Head plus data, or null when the file's size is unknown.</summary>
    public long? Length => File is null ? Head.Length + Data.Length : Head.Length + File.DataLength;
}
