using System.Text;

namespace Httpx.Tests.Decoders;

/// <summary>JSON lines split as bytes, fed chunk by chunk: the same line breaks as the protocol lines of <see cref="LineDecoder"/>.</summary>
public class Utf8LineDecoderTests
{
    private static List<string> Lines(params byte[][] chunks)
    {
        var decoder = new Utf8LineDecoder();
        var lines = new List<byte[]>();
        foreach (var chunk in chunks) decoder.Decode(chunk, lines);
        decoder.Flush(lines);
        return lines.Select(line => Encoding.UTF8.GetString(line)).ToList();
    }

    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Lines_end_at_line_feeds_carriage_returns_and_both_across_chunks()
    {
        Assert.Equal(["a", "", "b", "c"], Lines(B("a\n\nb\nc")));
        Assert.Equal(["a", "", "b", "c"], Lines(B("a\r\rb\rc\r")));
        Assert.Equal(["a", "", "b", "c"], Lines(B("a\r"), B("\n\r\nb\r\nc\r\n")));
        Assert.Equal(["12345", "foo bar baz"], Lines(B("12345\n"), B("foo "), B("bar "), B("baz\n")));
        Assert.Equal(["a", ""], Lines(B("a\n\r")));
    }

    [Fact]
    public void A_carriage_return_ends_its_line_at_once_and_a_line_feed_in_a_later_chunk_is_the_rest_of_it()
    {
        var decoder = new Utf8LineDecoder();
        var lines = new List<byte[]>();
        decoder.Decode(B("{}\r"), lines);
        Assert.Single(lines); // not held until the next chunk comes
        decoder.Decode(B(""), lines);
        decoder.Decode(B("\n{}\n"), lines);
        decoder.Flush(lines);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void Other_line_breaks_and_a_character_cut_between_chunks_stay_in_the_line()
    {
        var e = B("é"); // C3 A9
        Assert.Equal(["x\u2028\u0085\fé", "y"], Lines([.. B("x\u2028\u0085\f"), e[0]], [e[1], .. B("\ny")]));
    }

    [Fact]
    public void A_byte_order_mark_is_dropped_at_the_start_of_the_body_only_however_the_chunks_cut_it()
    {
        Assert.Equal(["{}", "\uFEFF{}"], Lines([0xEF, 0xBB], [0xBF, .. B("{}\n\uFEFF{}")]));
    }

    [Fact]
    public void Every_cut_of_a_body_into_chunks_gives_the_same_lines_as_the_whole_body()
    {
        // A mark, each line break, a line break right after a 2-, 3- and 4-byte character, and blank lines: cut at every
        // byte position into two chunks, into three, and fed a byte at a time.
        byte[] body = [0xEF, 0xBB, 0xBF, .. B("{\"a\":\"é\"}\r\n{\"b\":\"€\"}\r{\"c\":\"😀\"}\n\r\n\r{\"d\":\"\u2028\"}\r\n")];
        List<string> expected = ["{\"a\":\"é\"}", "{\"b\":\"€\"}", "{\"c\":\"😀\"}", "", "", "{\"d\":\"\u2028\"}"];
        Assert.Equal(expected, Lines(body));
        for (int i = 0; i <= body.Length; i++)
        {
            Assert.Equal(expected, Lines(body[..i], body[i..]));
            for (int j = i; j <= body.Length; j++) Assert.Equal(expected, Lines(body[..i], body[i..j], body[j..]));
        }
        Assert.Equal(expected, Lines([.. body.Select(b => new[] { b })]));
    }

    [Fact]
    public void A_line_of_exactly_the_limit_in_bytes_passes_with_its_CRLF_split_across_chunks()
    {
        // As LineDecoder's characters: 16 MiB of bytes is still a line, one byte more is refused.
        var max = StreamedLineLimit.MaxLength;
        var line = Assert.Single(Lines(new byte[max - 1], [0, (byte)'\r'], B("\n")));
        Assert.Equal(max, line.Length);
        var e = Assert.Throws<DecodingException>(() => Lines(new byte[max], [0, (byte)'\r'], B("\n")));
        Assert.StartsWith($"A line runs past {max} bytes", e.Message);
    }
}
