namespace Httpx.Tests.Decoders;

/// <summary>The cases of HTTPX 0.28's tests/test_decoders.py for iter_lines, fed chunk by chunk.</summary>
public class LineDecoderTests
{
    private static List<string> Lines(params string[] chunks) => Lines(new LineDecoder(), chunks);

    private static List<string> Lines(LineDecoder decoder, params string[] chunks)
    {
        var lines = new List<string>();
        foreach (string chunk in chunks) decoder.Decode(chunk, lines);
        decoder.Flush(lines);
        return lines;
    }

    [Fact]
    public void NoText() => Assert.Empty(Lines(""));

    [Fact]
    public void NewLines()
    {
        Assert.Equal(["a", "", "b", "c"], Lines("", "a\n\nb\nc"));
        Assert.Equal(["12345", "foo bar baz"], Lines("", "12345\n", "foo ", "bar ", "baz\n"));
    }

    [Fact]
    public void CarriageReturns()
    {
        Assert.Equal(["a", "", "b", "c"], Lines("", "a\r\rb\rc"));
        Assert.Equal(["a", "", "b", "c"], Lines("", "a\r\rb\rc\r"));
        Assert.Equal(["12345", "foo bar baz"], Lines("", "12345\r", "foo ", "bar ", "baz\r"));
    }

    [Fact]
    public void CarriageReturnNewLines()
    {
        Assert.Equal(["a", "", "b", "c"], Lines("", "a\r\n\r\nb\r\nc"));
        Assert.Equal(["a", "", "b", "c"], Lines("", "a\r\n\r\nb\r\nc\r\n"));
        Assert.Equal(["a", "", "b", "c"], Lines("", "a\r", "\n\r\nb\r\nc"));
        Assert.Equal(["12345", "foo bar baz"], Lines("", "12345\r\n", "foo bar baz\r\n"));
    }

    [Fact]
    public void A_line_ends_at_a_carriage_return_that_ends_a_chunk_and_a_line_feed_after_it_is_the_same_break()
    {
        // HTTPX holds the \r in case a \n follows: a log's last line waited for more data, and was lost when the
        // stream then broke. The lines are HTTPX's all the same.
        var decoder = new LineDecoder();
        var lines = new List<string>();

        decoder.Decode("a\r", lines);
        Assert.Equal(["a"], lines);
        decoder.Decode("", lines);
        decoder.Decode("\nb\r", lines);
        decoder.Decode("\r", lines);
        decoder.Flush(lines);
        Assert.Equal(["a", "b", ""], lines);
    }

    [Fact]
    public void OtherUnicodeLineBreaksSplitLikeSplitlines() =>
        Assert.Equal(["a", "b", "c", "d", "e"], Lines("a\u2028b\u000bc", "\u0085d\u000ce"));

    [Fact]
    public void ProtocolLinesEndOnlyAtLineFeedsAndCarriageReturns()
    {
        var decoder = new LineDecoder(protocolLines: true);
        Assert.Equal(["a\u2028b\u000bc", "\u0085d\u000ce\u2029", "f"], Lines(decoder, "a\u2028b\u000bc\r", "\n\u0085d\u000ce\u2029\r", "f"));
    }

    [Fact]
    public void A_protocol_line_ends_at_its_carriage_return_without_waiting_for_the_next_chunk()
    {
        // An event on a quiet stream ("data: a\r\r") was held until more data came: the \r waited for a possible \n.
        var decoder = new LineDecoder(protocolLines: true);
        var lines = new List<string>();
        decoder.Decode("data: a\r\r", lines);
        Assert.Equal(["data: a", ""], lines);
        // A \n that follows in the next chunk (even after an empty one) belongs to that line break, not a new line.
        lines.Clear();
        decoder.Decode("data: b\r", lines);
        decoder.Decode("", lines);
        decoder.Decode("\n\r", lines);
        decoder.Decode("\n", lines);
        decoder.Flush(lines);
        Assert.Equal(["data: b", ""], lines);
    }

    [Fact]
    public void LoneCarriageReturnAtTheEndIsAnEmptyLastLine() =>
        Assert.Equal(["a", ""], Lines("a\n\r"));

    // The limit counts a line's characters, not its line break: a line of exactly the limit whose \r\n (or \r) is split
    // across two chunks is a line, in either kind of lines; one character more is refused.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_line_of_exactly_the_limit_passes_with_its_CRLF_split_across_chunks(bool protocolLines)
    {
        var max = StreamedLineLimit.MaxLength;
        var line = Assert.Single(Lines(new LineDecoder(protocolLines), new string('x', max - 1), "x\r", "\n"));
        Assert.Equal(max, line.Length);
        var e = Assert.Throws<DecodingException>(() => Lines(new LineDecoder(protocolLines), new string('x', max), "x\r", "\n"));
        Assert.StartsWith($"A line runs past {max} characters", e.Message);
    }
}
