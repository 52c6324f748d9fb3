using ZstdSharp;

namespace Httpx;

/// <summary>
/// Wraps one decoder so that corrupt input surfaces as a <see cref="DecodingException"/> naming the encoding
/// (HTTPX's DecodingError), whatever exception type the underlying decompressor uses for it, and the response's
/// request when there is one ("... (GET https://host/path)", as every other error of an exchange).
/// </summary>
internal sealed class DecodingErrorStream(Stream decoder, string encoding, Request? request) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decoder.Read(buffer);
        }
        catch (Exception e) when (IsDecodingError(e))
        {
            throw Translate(e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDecodingError(e))
        {
            throw Translate(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) decoder.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await decoder.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // zlib streams throw InvalidDataException, BrotliStream InvalidOperationException, ZstdSharp ZstdException
    // for corrupt data and EndOfStreamException for a truncated frame.
    private static bool IsDecodingError(Exception e) => e is InvalidDataException or ZstdException or EndOfStreamException
        || (e is InvalidOperationException && e is not ObjectDisposedException);

    private DecodingException Translate(Exception e) => new(
        $"Error decoding response body with Content-Encoding '{encoding}': {Reason(e)}" + (request is null ? "" : $" ({request.Describe()})"),
        request, e);

    // .NET's zlib streams say "The archive entry was compressed using an unsupported compression method." for any corrupt
    // data (zlib's Z_DATA_ERROR: a bad header, a bad block, a wrong checksum), which reads as a codec the client lacks;
    // zlib's own reason is not exposed, so the message says what is known. The exception keeps .NET's as its inner one.
    private string Reason(Exception e) => e is InvalidDataException && encoding is "gzip" or "x-gzip" or "deflate"
        ? $"the body is not valid {encoding} data (corrupt, or not compressed as its Content-Encoding says)."
        : e.Message;
}
