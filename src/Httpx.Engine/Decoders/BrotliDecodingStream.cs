using System.Buffers;
using System.IO.Compression;

namespace Httpx;

/// <summary>
/// 'br' decoded with .NET's <see cref="BrotliDecoder"/>, which, unlike BrotliStream, says whether the compressed
/// data reached its end: a body that stops before it (a connection closed early, with no length to tell) is
/// <see cref="InvalidDataException"/>, a DecodingError, rather than a shorter body that reads as complete. Data after
/// the end is ignored, as BrotliStream does.
/// </summary>
internal sealed class BrotliDecodingStream(Stream raw) : ReadOnlyStream
{
    private BrotliDecoder _decoder;
    private byte[]? _input = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int _start, _end;
    private bool _done, _rawEnded;
    private bool _readAny; // any compressed byte at all

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (Decode(buffer, out var written)) return written;
            Fill(raw.Read(Input().Span));
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (Decode(buffer.Span, out var written)) return written;
            Fill(await raw.ReadAsync(Input(), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Decodes what is buffered into <paramref name="buffer"/>; false when more input is needed first.</summary>
    private bool Decode(Span<byte> buffer, out int written)
    {
        written = 0;
        if (_done || buffer.IsEmpty) return true;
        ObjectDisposedException.ThrowIf(_input is null, this);
        var status = _decoder.Decompress(_input.AsSpan(_start, _end - _start), buffer, out var consumed, out written);
        _start += consumed;
        switch (status)
        {
            case System.Buffers.OperationStatus.Done:
                _done = true;
                return true;
            case System.Buffers.OperationStatus.InvalidData:
                throw new InvalidDataException("The brotli data is invalid.");
            case System.Buffers.OperationStatus.DestinationTooSmall:
                return true;
            default: // NeedMoreData
                if (written > 0) return true;
                if (_rawEnded)
                {
                    // An empty body decodes to nothing, as HTTPX's; one that stops inside the data is cut short.
                    if (!_readAny) { _done = true; return true; }
                    throw new InvalidDataException("The brotli data ended before its end: the body was cut short.");
                }
                return false;
        }
    }

    /// <summary>The free part of the input buffer, after moving what is left to its start.</summary>
    private Memory<byte> Input()
    {
        if (_start > 0)
        {
            _input.AsSpan(_start, _end - _start).CopyTo(_input);
            _end -= _start;
            _start = 0;
        }
        return _input.AsMemory(_end);
    }

    private void Fill(int read)
    {
        if (read == 0) _rawEnded = true;
        else _readAny = true;
        _end += read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
            if (_input is { } input) ArrayPool<byte>.Shared.Return(input);
            _input = null;
            raw.Dispose();
        }
        base.Dispose(disposing);
    }
}
