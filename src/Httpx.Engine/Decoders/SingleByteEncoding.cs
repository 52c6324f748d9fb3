using System.Text;

namespace Httpx;

/// <summary>
/// One of Python's single-byte codecs (cp1251, iso8859_7, koi8_u, mac_roman...), decoding byte for byte as Python
/// does with errors='replace': from its table of 256 characters (<see cref="PythonCodecs"/>), U+FFFD where Python's
/// codec has none. .NET's code pages of the same names differ in places (windows-1252 gives U+0081 for 0x81, where
/// Python has no character; its iso-8859-7 gives U+02BD for 0xA1 where Python gives U+2018), and HTTPX decodes
/// with Python's. Encoding text maps each character back, '?' for one the codec cannot write: a response body is
/// only ever decoded, so that direction is only for completeness.
/// </summary>
internal sealed class SingleByteEncoding : Encoding
{
    private readonly string _name;
    private readonly string _chars;
    private readonly Lazy<Dictionary<char, byte>> _bytes;

    /// <param name="name">The Python codec's name, which is also <see cref="WebName"/>.</param>
    /// <param name="chars">The character of each byte value, 256 of them.</param>
    public SingleByteEncoding(string name, string chars)
    {
        if (chars.Length != 256) throw new ArgumentException($"A single-byte codec maps 256 byte values, not {chars.Length}.", nameof(chars));
        _name = name;
        _chars = chars;
        _bytes = new(() =>
        {
            var map = new Dictionary<char, byte>();
            for (int b = 255; b >= 0; b--)
                if (chars[b] != '\uFFFD') map[chars[b]] = (byte)b;
            return map;
        });
    }

    public override string WebName => _name;

    public override string EncodingName => _name;

    public override bool IsSingleByte => true;

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetCharCount(ReadOnlySpan<byte> bytes) => bytes.Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        if (chars.Length < bytes.Length) throw new ArgumentException("The character buffer is too small.", nameof(chars));
        string table = _chars;
        for (int i = 0; i < bytes.Length; i++) chars[i] = table[bytes[i]];
        return bytes.Length;
    }

    public override string GetString(byte[] bytes, int index, int count) =>
        string.Create(count, (Table: _chars, Bytes: bytes, Index: index), static (chars, state) =>
        {
            var source = state.Bytes.AsSpan(state.Index, chars.Length);
            for (int i = 0; i < source.Length; i++) chars[i] = state.Table[source[i]];
        });

    public override int GetMaxCharCount(int byteCount) => byteCount;

    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        var map = _bytes.Value;
        for (int i = 0; i < charCount; i++)
            bytes[byteIndex + i] = map.TryGetValue(chars[charIndex + i], out byte b) || map.TryGetValue('?', out b) ? b : (byte)0x3F;
        return charCount;
    }

    public override int GetMaxByteCount(int charCount) => charCount;
}
