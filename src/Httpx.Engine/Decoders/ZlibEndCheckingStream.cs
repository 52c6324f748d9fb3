namespace Httpx;

/// <summary>
/// A .NET zlib-family decoder (GZipStream, ZLibStream, DeflateStream) that fails when the compressed data stops before
/// its end. Those streams end quietly when their input does, so a body cut short inside its data (a close-delimited
/// body, or a server that sends a Content-Length for what it had) read as complete and shorter: a downloaded artifact
/// silently truncated. .NET does not say whether the inflater finished (its detection was reverted, dotnet/runtime
/// #72742), so it is found from how the decoder reads its input:
/// <list type="bullet">
/// <item>zlib and raw deflate read nothing more once their data has ended: a decoder that met the end of the input
/// stopped before the end of its data.</item>
/// <item>gzip reads on after each member, looking for another one, so it meets the end of the input either way. It is
/// then offered one byte that cannot start a member (0x00): a finished decoder leaves it unread as trailing data and
/// asks for nothing more; an unfinished one takes it as data and then asks for more, or writes, or fails. What this
/// probe decodes is never returned.</item>
/// </list>
/// An empty body decodes to nothing, as in HTTPX. The error is an <see cref="EndOfStreamException"/>, which
/// <see cref="DecodingErrorStream"/> turns into a DecodingError naming the encoding and the request.
/// </summary>
internal sealed class ZlibEndCheckingStream : ReadOnlyStream
{
    private readonly Input _input;
    private readonly Stream _decoder;
    private readonly string _format;
    private readonly bool _readsPastEnd;
    private bool _ended;

    /// <param name="raw">The compressed body.</param>
    /// <param name="decoderOver">Makes the decoder over the stream it is given (which reads <paramref name="raw"/>).</param>
    /// <param name="format">The format's name for the message: "gzip", "deflate".</param>
    /// <param name="readsPastEnd">Whether the decoder reads on after its data has ended (gzip: another member?).</param>
    public ZlibEndCheckingStream(Stream raw, Func<Stream, Stream> decoderOver, string format, bool readsPastEnd)
    {
        _input = new Input(raw);
        _decoder = decoderOver(_input);
        _format = format;
        _readsPastEnd = readsPastEnd;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_ended) return 0;
        int read = _decoder.Read(buffer);
        if (read == 0 && !buffer.IsEmpty) End();
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended) return 0;
        int read = await _decoder.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        // The probe reads no network: the input has ended, and only the probe byte is left to give.
        if (read == 0 && !buffer.IsEmpty) End();
        return read;
    }

    private void End()
    {
        _ended = true;
        if (!_input.Ended || _input.Count == 0) return;
        if (_readsPastEnd)
        {
            _input.OfferProbe();
            int decoded;
            try
            {
                decoded = _decoder.Read(new byte[64]);
            }
            catch (InvalidDataException)
            {
                decoded = -1;
            }
            if (decoded == 0 && !_input.ReadAfterProbe) return;
        }
        throw new EndOfStreamException($"The {_format} data ended before its end: the body was cut short.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _decoder.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _decoder.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The compressed body as the decoder reads it: whether it reached its end, and the probe after it.</summary>
    private sealed class Input(Stream raw) : ReadOnlyStream
    {
        private bool _probeOffered, _probeTaken;

        public long Count { get; private set; }
        public bool Ended { get; private set; }
        public bool ReadAfterProbe { get; private set; }

        public void OfferProbe() => _probeOffered = true;

        public override int Read(Span<byte> buffer) => Ended ? AfterEnd(buffer) : Counted(raw.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Ended ? AfterEnd(buffer.Span) : Counted(await raw.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        private int Counted(int read)
        {
            if (read == 0) Ended = true;
            Count += read;
            return read;
        }

        private int AfterEnd(Span<byte> buffer)
        {
            if (!_probeOffered || buffer.IsEmpty) return 0;
            if (_probeTaken)
            {
                ReadAfterProbe = true;
                return 0;
            }
            _probeTaken = true;
            buffer[0] = 0x00;
            return 1;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) raw.Dispose();
            base.Dispose(disposing);
        }
    }
}
