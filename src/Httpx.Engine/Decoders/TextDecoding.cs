using System.Text;

namespace Httpx;

/// <summary>
/// Decodes a body to text chunk by chunk (HTTPX's TextDecoder): a character split across chunks is completed by
/// the next chunk, invalid bytes become U+FFFD (errors='replace'). As Python's "utf-8" codec, a UTF-8 byte order
/// mark is not removed: it is decoded as U+FEFF. Python's "utf-16", "utf-32" and "utf-8-sig" drop it: <see cref="Charset"/>
/// gives encodings for those names that do (a mark split across chunks too).
/// </summary>
public sealed class TextDecoding
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly Decoder _decoder;
    private char[] _chars = new char[256];

    /// <param name="encoding">The body's encoding (see <see cref="Charset"/>); null for UTF-8.</param>
    public TextDecoding(Encoding? encoding = null)
    {
        Encoding = encoding ?? Utf8;
        _decoder = Encoding.GetDecoder();
        _decoder.Fallback = new DecoderReplacementFallback("\uFFFD");
    }

    public Encoding Encoding { get; }

    /// <summary>The text the bytes complete; bytes of an unfinished character are kept for the next call.</summary>
    public string Decode(ReadOnlySpan<byte> bytes) => Convert(bytes, flush: false);

    /// <summary>The text of any bytes still held at the end of the body (U+FFFD for an unfinished character).</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(ReadOnlySpan<byte> bytes, bool flush)
    {
        // The worst case for these bytes, plus room for a character left unfinished by the previous chunk.
        int capacity = Encoding.GetMaxCharCount(bytes.Length + 4);
        if (_chars.Length < capacity) _chars = new char[Math.Max(capacity, _chars.Length * 2)];
        int count = _decoder.GetChars(bytes, _chars, flush);
        return count == 0 ? "" : new string(_chars, 0, count);
    }
}
