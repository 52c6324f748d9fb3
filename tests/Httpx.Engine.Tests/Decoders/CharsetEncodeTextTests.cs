namespace Httpx.Tests.Decoders;

/// <summary>Charset.EncodeText: a text body in the charset its Content-Type names (the module's string -Content).</summary>
public class CharsetEncodeTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("text/plain; charset=latin-1")]
    [InlineData("text/plain; charset=utf-16")]
    public void Half_of_a_surrogate_pair_is_refused_naming_it_not_sent_as_U_FFFD(string? contentType)
    {
        // Text cut inside an emoji: UTF-8 sent EF BF BD for it without a word, and latin-1's error named U+FFFD, a
        // character the text did not have. Python's encoders refuse it ("surrogates not allowed"), as HTTPX does.
        var error = Assert.Throws<ArgumentException>(() => Charset.EncodeText("ok é a😀"[..7], contentType));
        Assert.StartsWith("The text has half of a surrogate pair (U+D83D) at character 6, text cut inside a character such as an emoji, which cannot be encoded in ", error.Message);
        Assert.EndsWith(contentType?.Contains("charset") == true ? "names. (Parameter 'text')" : "UTF-8. (Parameter 'text')", error.Message);
        // A whole pair is a character like any other.
        Assert.Equal([0x61, 0xF0, 0x9F, 0x98, 0x80], Charset.EncodeText("a😀", null));
    }
}
