using System.Text;

namespace Httpx;

/// <summary>
/// Python's "utf-16", "utf-32" and "utf-8-sig" codecs, for decoding: a byte order mark at the start is read and
/// dropped, and for UTF-16 and UTF-32 it also gives the byte order (without one, little-endian: Python's native order on
/// the machines .NET runs on). .NET's decoders keep a mark as U+FEFF, which is what Python's "utf-8", "utf-16-le" and
/// the other codecs with a fixed byte order do, so only these three names get this encoding (see <see cref="Charset"/>).
/// Encoding text goes to the default byte order without a mark; <see cref="Charset.EncodeText(string, string?)"/> puts <see cref="Mark"/>
/// before it, as Python's encoders of these names do.
/// </summary>
internal sealed class ByteOrderMarkEncoding : Encoding
{
    private readonly string _name;
    private readonly Encoding _default;
    private readonly (byte[] Mark, Encoding Encoding)[] _marks;

    /// <param name="name">The Python codec name, which is also <see cref="WebName"/> (Response.Encoding shows it).</param>
    /// <param name="default">The encoding of text without a mark.</param>
    /// <param name="marks">Each byte order mark and the encoding of the text after it.</param>
    public ByteOrderMarkEncoding(string name, Encoding @default, params (byte[] Mark, Encoding Encoding)[] marks)
        : base(@default.CodePage, @default.EncoderFallback, @default.DecoderFallback)
    {
        _name = name;
        _default = @default;
        _marks = marks;
    }

    public override string WebName => _name;

    /// <summary>The mark of the default byte order, which Python's encoder of this name writes first.</summary>
    internal byte[] Mark => _marks[0].Mark;

    public override string EncodingName => _name;

    /// <summary>The encoding of the text after the mark that <paramref name="start"/> begins with, and the mark's length.</summary>
    private (Encoding Encoding, int MarkLength) Choose(ReadOnlySpan<byte> start)
    {
        foreach (var (mark, encoding) in _marks)
            if (start.StartsWith(mark)) return (encoding, mark.Length);
        return (_default, 0);
    }

    /// <summary>Whether <paramref name="start"/> settles which mark (if any) the text begins with: false while it could still be the beginning of one.</summary>
    private bool Settles(ReadOnlySpan<byte> start, bool flush)
    {
        if (flush) return true;
        foreach (var (mark, _) in _marks)
            if (start.Length < mark.Length && mark.AsSpan().StartsWith(start)) return false;
        return true;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes.AsSpan(index, count));

    public override int GetCharCount(ReadOnlySpan<byte> bytes)
    {
        var (encoding, skip) = Choose(bytes);
        return encoding.GetCharCount(bytes[skip..]);
    }

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        var (encoding, skip) = Choose(bytes);
        return encoding.GetChars(bytes[skip..], chars);
    }

    public override string GetString(byte[] bytes, int index, int count)
    {
        var (encoding, skip) = Choose(bytes.AsSpan(index, count));
        return encoding.GetString(bytes, index + skip, count - skip);
    }

    public override int GetMaxCharCount(int byteCount) =>
        _marks.Aggregate(_default.GetMaxCharCount(byteCount), (max, m) => Math.Max(max, m.Encoding.GetMaxCharCount(byteCount)));

    public override int GetByteCount(char[] chars, int index, int count) => _default.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        _default.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetMaxByteCount(int charCount) => _default.GetMaxByteCount(charCount);

    public override Decoder GetDecoder() => new MarkDecoder(this);

    public override bool Equals(object? value) => value is ByteOrderMarkEncoding other && other._name == _name;

    public override int GetHashCode() => _name.GetHashCode(StringComparison.Ordinal);

    /// <summary>
    /// Decodes chunk by chunk: the first bytes are held until they settle whether the text begins with a mark (a mark
    /// may be split across chunks), then everything goes to the decoder of the encoding they chose.
    /// </summary>
    private sealed class MarkDecoder(ByteOrderMarkEncoding owner) : Decoder
    {
        private readonly byte[] _held = new byte[4]; // longer than any mark: unsettled bytes are always fewer
        private int _heldCount;
        private Decoder? _inner;

        public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes.AsSpan(index, count), flush: false);

        public override int GetCharCount(byte[] bytes, int index, int count, bool flush) => GetCharCount(bytes.AsSpan(index, count), flush);

        public override int GetCharCount(ReadOnlySpan<byte> bytes, bool flush)
        {
            if (_inner is not null) return _inner.GetCharCount(bytes, flush);
            // A count changes no state: what GetChars would decode, with a decoder of its own.
            ReadOnlySpan<byte> start = _heldCount == 0 ? bytes : HeldAnd(bytes);
            if (!owner.Settles(start, flush)) return 0;
            var (encoding, skip) = owner.Choose(start);
            return NewInner(encoding).GetCharCount(start[skip..], flush);
        }

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
            GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush: false);

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex, bool flush) =>
            GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex), flush);

        public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars, bool flush)
        {
            if (_inner is null)
            {
                // Only the first chunk or two of a body come here; the copy is made only when bytes were held.
                ReadOnlySpan<byte> start = _heldCount == 0 ? bytes : HeldAnd(bytes);
                if (!owner.Settles(start, flush))
                {
                    start.CopyTo(_held);
                    _heldCount = start.Length;
                    return 0;
                }
                var (encoding, skip) = owner.Choose(start);
                _inner = NewInner(encoding);
                _heldCount = 0;
                bytes = start[skip..];
            }
            var count = _inner.GetChars(bytes, chars, flush);
            // As .NET's decoders: flushed, the decoder is ready for a new text, which may begin with a mark again.
            if (flush) _inner = null;
            return count;
        }

        private byte[] HeldAnd(ReadOnlySpan<byte> bytes) => [.. _held.AsSpan(0, _heldCount), .. bytes];

        public override void Reset()
        {
            _inner = null;
            _heldCount = 0;
        }

        // A fallback set on this decoder (TextDecoding sets one) applies to the decoder that does the work.
        private Decoder NewInner(Encoding encoding)
        {
            var inner = encoding.GetDecoder();
            if (Fallback is { } fallback) inner.Fallback = fallback;
            return inner;
        }
    }
}
