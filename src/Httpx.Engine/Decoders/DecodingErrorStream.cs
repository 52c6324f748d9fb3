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
        $"Error decoding response body with Content-Encoding '{encoding}': {e.Message}" + (request is null ? "" : $" ({request.Describe()})"),
        request, e);
}
