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

    [Fact]
    public void EmptyInput()
    {
        var decoder = new TextDecoding();
        Assert.Equal("", decoder.Decode([]));
        Assert.Equal("", decoder.Flush());
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8", "utf-8")]
    [InlineData("text/plain; charset=\"ISO-8859-1\"", "iso-8859-1")]
    [InlineData("text/plain;CHARSET=latin-1", "iso-8859-1")]
    [InlineData("text/plain; charset=utf8", "utf-8")]
    [InlineData("text/plain; format=flowed; charset=windows-1251", "windows-1251")]
    [InlineData("text/plain; charset=euc-jp", "euc-jp")]
    [InlineData("text/plain; charset=cp1252", "windows-1252")]
    // Aliases from .NET's own table (not the code-pages provider's), one with Python's underscore.
    [InlineData("text/plain; charset=latin1", "iso-8859-1")]
    [InlineData("text/plain; charset=ucs-2", "utf-16")]
    [InlineData("text/plain; charset=UTF_16BE", "utf-16BE")]
    public void CharsetIsFoundInTheContentType(string contentType, string expected) =>
        Assert.Equal(expected, Charset.FromContentType(contentType)?.WebName);

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=")]
    [InlineData("text/plain; charset=not-a-real-charset")]
    public void MissingOrUnknownCharsetIsNull(string? contentType) => Assert.Null(Charset.FromContentType(contentType));

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
