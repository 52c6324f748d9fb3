namespace Httpx.Tests.Streaming;

/// <summary>The WHATWG event stream interpretation, fed line by line: which blank lines dispatch an event, and with what.</summary>
public class ServerSentEventDecoderTests
{
    private static List<ServerSentEvent> Events(params string[] lines)
    {
        var decoder = new ServerSentEventDecoder();
        var events = new List<ServerSentEvent>();
        foreach (var line in lines)
            if (decoder.Decode(line) is { } sse) events.Add(sse);
        return events;
    }

    [Fact]
    public void Keep_alive_comments_and_extra_blank_lines_after_an_id_are_not_events()
    {
        // httpx-sse #35: the sticky last event id made every later blank line an empty event.
        var events = Events("id: 7", "data: hello", "", ": ping", "", "", "data: next", "");
        Assert.Equal([new ServerSentEvent("message", "hello", "7", null), new ServerSentEvent("message", "next", "7", null)], events);
    }

    // An error names an event by its data's first 60 characters; an emoji across the cut is left out whole, where the
    // message showed its first half escaped ('\ud83d').
    [Fact]
    public void An_event_named_in_an_error_has_its_data_cut_before_an_emoji_not_inside_it()
    {
        var data = new string('d', 59) + "\U0001F600 and more";
        Assert.Equal($"event 'tick' (id '7') with data '{new string('d', 59)}'...", new ServerSentEvent("tick", data, "7", null).Describe());
    }

    [Fact]
    public void An_event_reads_as_httpx_sse_repr_on_one_line()
    {
        var events = Events("event: tick", "id: 1", "retry: 1000", "data: {\"i\": 1}", "", "data: first", "data: it's second", "");
        Assert.Equal("ServerSentEvent(event='tick', data='{\"i\": 1}', id='1', retry=1000)", events[0].ToString());
        Assert.Equal("ServerSentEvent(event='message', data=\"first\\nit's second\", id='1')", events[1].ToString());
        Assert.Equal("ServerSentEvent(event='message')", new ServerSentEvent("message", "", "", null).ToString());
    }

    [Fact]
    public void An_empty_data_field_is_still_data()
    {
        var sse = Assert.Single(Events("data:", ""));
        Assert.Equal("", sse.Data);
        Assert.Equal(["a\n\nb"], Events("data: a", "data", "data: b", "").Select(e => e.Data));
    }

    [Fact]
    public void A_block_without_data_dispatches_nothing_and_resets_the_event_type()
    {
        var sse = Assert.Single(Events("event: update", "id: 3", "", "data: x", ""));
        Assert.Equal(new ServerSentEvent("message", "x", "3", null), sse);
    }

    [Fact]
    public void A_retry_without_data_goes_with_the_next_event()
    {
        var events = Events("retry: 5000", "", "data: a", "", "data: b", "");
        Assert.Equal([5000, null], events.Select(e => e.Retry));
    }

    [Fact]
    public void A_retry_of_digits_too_large_for_an_int_is_the_longest_retry_and_anything_else_is_ignored()
    {
        // WHATWG: a retry field of only ASCII digits sets the reconnection time. "99999999999" (about three years) is
        // the longest time we can hold, not ignored (as before) and never a negative number.
        var events = Events("retry: 99999999999", "data: a", "", "retry: -5", "data: b", "", "retry: 1e3", "data: c", "",
            "retry: +5", "data: d", "", "retry:", "data: e", "", "retry: 0042", "data: f", "");
        Assert.Equal([int.MaxValue, null, null, null, null, 42], events.Select(e => e.Retry));
    }

    // Data lines join with \n, counted in the limit; the first line has none before it, so data of exactly the limit in
    // one line is an event, and one character more is refused.
    [Fact]
    public void Data_of_exactly_the_limit_is_an_event_and_one_character_more_is_refused()
    {
        var max = StreamedLineLimit.MaxLength;
        Assert.Equal(max, Assert.Single(Events("data: " + new string('x', max), "")).Data.Length);
        Assert.Equal(max, Assert.Single(Events("data: " + new string('x', max - 2), "data: x", "")).Data.Length);
        Assert.Throws<DecodingException>(() => Events("data: " + new string('x', max - 1), "data: x", ""));
    }
}
