using System.IO.Compression;

namespace Httpx;

/// <summary>
/// 'deflate' as servers really send it: RFC 1950 zlib data, or raw RFC 1951 deflate data from servers that got the
/// specification wrong. HTTPX tries zlib and falls back to raw deflate; here the first two bytes are sniffed
/// for a zlib header (compression method 8, header checksum divisible by 31) on the first read.
/// </summary>
internal sealed class DeflateDecodingStream(Stream raw) : ReadOnlyStream
{
    private readonly byte[] _header = new byte[2];
    private Stream? _decoder;

    public override int Read(Span<byte> buffer)
    {
        if (_decoder is null)
        {
            int count = 0, read;
            while (count < _header.Length && (read = raw.Read(_header, count, _header.Length - count)) > 0) count += read;
            Start(count);
        }
        return _decoder!.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_decoder is null)
        {
            int count = 0, read;
            while (count < _header.Length
                && (read = await raw.ReadAsync(_header.AsMemory(count), cancellationToken).ConfigureAwait(false)) > 0)
            {
                count += read;
            }
            Start(count);
        }
        return await _decoder!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) (_decoder ?? raw).Dispose();
        base.Dispose(disposing);
    }

    private void Start(int headerLength)
    {
        var source = new PrefixedStream(_header.AsMemory(0, headerLength), raw);
        _decoder = IsZlibHeader(headerLength)
            ? new ZLibStream(source, CompressionMode.Decompress)
            : new DeflateStream(source, CompressionMode.Decompress);
    }

    private bool IsZlibHeader(int headerLength) =>
        headerLength == 2 && (_header[0] & 0x0F) == 8 && ((_header[0] << 8) | _header[1]) % 31 == 0;
}
