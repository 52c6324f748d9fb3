using System.Text;

namespace Httpx.Tests.Decoders;

public class TextDecodingTests
{
    private static string DecodeChunks(TextDecoding decoder, params byte[][] chunks) =>
        string.Concat(chunks.Select(c => decoder.Decode(c))) + decoder.Flush();

    [Fact]
    public void MultiByteCharactersSplitAcrossChunksAreJoined()
    {
        // HTTPX's test_text_decoder case: トラベル split mid-character.
        byte[][] chunks = [[0xe3, 0x83], [0x88, 0xe3, 0x83, 0xa9], [0xe3], [0x83, 0x99, 0xe3, 0x83, 0xab]];
        var decoder = new TextDecoding();

        Assert.Equal("", decoder.Decode(chunks[0]));
        Assert.Equal("トラ", decoder.Decode(chunks[1]));
        Assert.Equal("", decoder.Decode(chunks[2]));
        Assert.Equal("ベル", decoder.Decode(chunks[3]));
        Assert.Equal("", decoder.Flush());
    }

    [Fact]
    public void EmojiSplitByteByByte()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("a😀b");
        Assert.Equal("a😀b", DecodeChunks(new TextDecoding(), bytes.Select(b => new[] { b }).ToArray()));
    }

    [Fact]
    public void ShiftJisFromContentTypeSplitAcrossChunks()
    {
        var decoder = new TextDecoding(Charset.FromContentType("text/html; charset=shift-jis"));
        Assert.Equal("トラベル", DecodeChunks(decoder, [0x83, (byte)'g'], [0x83], [0x89, 0x83, (byte)'x', 0x83, 0x8b]));
    }

    [Fact]
    public void InvalidBytesAndUnfinishedCharactersBecomeReplacementCharacters()
    {
        Assert.Equal("a\uFFFDb", DecodeChunks(new TextDecoding(), [(byte)'a', 0xff, (byte)'b']));
        Assert.Equal("a\uFFFD", DecodeChunks(new TextDecoding(), [(byte)'a', 0xe3, 0x83]));
    }

    [Fact]
    public void Utf8ByteOrderMarkIsKeptAsPythonsUtf8Codec()
    {
        Assert.Equal("\uFEFFhi", DecodeChunks(new TextDecoding(Encoding.UTF8), [0xef, 0xbb], [0xbf, (byte)'h', (byte)'i']));
    }

    [Theory]
    [InlineData("utf-16", new byte[] { 0xFF, 0xFE, (byte)'h', 0, (byte)'i', 0 }, "hi")]
    [InlineData("utf-16", new byte[] { 0xFE, 0xFF, 0, (byte)'h', 0, (byte)'i' }, "hi")] // the mark gives the byte order
    [InlineData("utf-16", new byte[] { (byte)'h', 0, (byte)'i', 0 }, "hi")]             // none: little-endian
    [InlineData("utf16", new byte[] { 0xFF, 0xFE, (byte)'h', 0 }, "h")]
    [InlineData("utf-32", new byte[] { 0xFF, 0xFE, 0, 0, (byte)'h', 0, 0, 0 }, "h")]
    [InlineData("utf-32", new byte[] { 0, 0, 0xFE, 0xFF, 0, 0, 0, (byte)'h' }, "h")]
    [InlineData("utf-32", new byte[] { (byte)'h', 0, 0, 0 }, "h")]
    [InlineData("utf-8-sig", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i' }, "hi")]
    [InlineData("utf_8_sig", new byte[] { (byte)'h', (byte)'i' }, "hi")]
    // Python's codecs with a fixed byte order keep the mark as U+FEFF, as "utf-8" does.
    [InlineData("utf-16le", new byte[] { 0xFF, 0xFE, (byte)'h', 0 }, "\uFEFFh")]
    [InlineData("utf-32be", new byte[] { 0, 0, 0xFE, 0xFF, 0, 0, 0, (byte)'h' }, "\uFEFFh")]
    public void ByteOrderMarkIsDroppedForUtf16Utf32AndUtf8SigAsPythonsCodecs(string charset, byte[] bytes, string expected)
    {
        var encoding = Charset.FromName(charset)!;
        Assert.Equal(expected, encoding.GetString(bytes));
        // Streamed a byte at a time, so that the mark is split across chunks.
        Assert.Equal(expected, DecodeChunks(new TextDecoding(encoding), bytes.Select(b => new[] { b }).ToArray()));
    }

    [Fact]
    public void A_split_byte_order_mark_is_counted_as_it_is_decoded()
    {
        // Response.IterText asks the decoder for the count before the characters; a count must not use up the mark.
        var decoder = Charset.FromName("utf-16")!.GetDecoder();
        byte[] bytes = [0xFE, 0xFF, 0, (byte)'o', 0, (byte)'k'];
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            byte[] chunk = [b];
            var chars = new char[decoder.GetCharCount(chunk, flush: false)];
            Assert.Equal(chars.Length, decoder.GetChars(chunk, chars, flush: false));
            text.Append(chars);
        }
        Assert.Equal(0, decoder.GetCharCount([], flush: true));
        Assert.Equal("ok", text.ToString());
    }

    [Fact]
    public void EmptyInput()
    {
        var decoder = new TextDecoding();
        Assert.Equal("", decoder.Decode([]));
        Assert.Equal("", decoder.Flush());
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8", "utf-8")]
    // Python's codec names, by any of the names codecs.lookup takes.
    [InlineData("text/plain; charset=\"ISO-8859-1\"", "latin_1")]
    [InlineData("text/plain;CHARSET=latin-1", "latin_1")]
    [InlineData("text/plain; charset=latin1", "latin_1")]
    [InlineData("text/plain; charset=utf8", "utf-8")]
    [InlineData("text/plain; format=flowed; charset=windows-1251", "cp1251")]
    [InlineData("text/plain; charset=cp1251", "cp1251")]
    [InlineData("text/plain; charset=cp1252", "cp1252")]
    [InlineData("text/plain; charset=iso8859_15", "iso8859_15")]
    [InlineData("text/plain; charset=mac-roman", "mac_roman")]
    [InlineData("text/plain; charset=UTF_16BE", "utf-16BE")]
    [InlineData("text/plain; charset=euc-jp", "euc-jp")]
    [InlineData("text/plain; charset=cp932", "shift_jis")]
    // Python's codecs that read a byte order mark keep their names.
    [InlineData("text/plain; charset=utf-16", "utf-16")]
    [InlineData("text/plain; charset=utf-32", "utf-32")]
    [InlineData("text/plain; charset=UTF_8_SIG", "utf-8-sig")]
    public void CharsetIsFoundInTheContentType(string contentType, string expected) =>
        Assert.Equal(expected, Charset.FromContentType(contentType)?.WebName);

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=")]
    [InlineData("text/plain; charset=not-a-real-charset")]
    // Names .NET knows and Python does not: HTTPX reads them as unknown, and falls back to UTF-8.
    [InlineData("text/plain; charset=ucs-2")]
    [InlineData("text/plain; charset=x-mac-cyrillic")]
    // Python's codecs that are not character sets.
    [InlineData("text/plain; charset=base64")]
    [InlineData("text/plain; charset=unicode_escape")]
    public void MissingOrUnknownCharsetIsNull(string? contentType) => Assert.Null(Charset.FromContentType(contentType));

    [Theory]
    // Each as Python's codec decodes it (bytes.decode(name, 'replace')), where .NET's code page of the same name differs.
    [InlineData("cp1252", new byte[] { 0x81, 0x80 }, "\uFFFD\u20AC")]
    [InlineData("iso-8859-7", new byte[] { 0xA1, 0xE1 }, "\u2018\u03B1")]
    [InlineData("koi8-u", new byte[] { 0xAE }, "\u255D")]
    [InlineData("mac_roman", new byte[] { 0xBD }, "\u03A9")]
    [InlineData("cp864", new byte[] { 0x25 }, "\u066A")]
    [InlineData("cp1251", new byte[] { 0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2 }, "Привет")]
    [InlineData("cp037", new byte[] { 0xC8, 0x85, 0x93, 0x93, 0x96 }, "Hello")]
    [InlineData("ascii", new byte[] { 0x61, 0xE9 }, "a\uFFFD")]
    public void SingleByteCharsetsDecodeAsPythonsCodecs(string charset, byte[] bytes, string expected)
    {
        Assert.Equal(expected, Charset.FromName(charset)!.GetString(bytes));
        var decoder = new TextDecoding(Charset.FromName(charset));
        Assert.Equal(expected, string.Concat(bytes.Select(b => decoder.Decode([b]))) + decoder.Flush());
    }

    [Fact]
    public void A_UTF_7_body_is_decoded_as_HTTPX_does_although_NET_refuses_the_name()
    {
        var response = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=utf-7" },
            content: System.Text.Encoding.ASCII.GetBytes("Hi Mom -+Jjo--!"));
        Assert.Equal("Hi Mom -\u263A-!", response.Text);
    }

    [Fact]
    public void CharsetEncodingsReplaceUndecodableBytesWithU_FFFD() =>
        Assert.Equal("a\uFFFD", Charset.FromName("ascii")!.GetString([(byte)'a', 0xff]));
}
