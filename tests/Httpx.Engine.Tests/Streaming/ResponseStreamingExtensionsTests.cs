namespace Httpx.Tests.Streaming;

/// <summary>Server-sent events and JSON lines read from a whole body, as a stream's last chunk leaves them.</summary>
public class ResponseStreamingExtensionsTests
{
    private static Response EventStream(string body) =>
        new(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/event-stream" }, content: body);

    [Theory]
    [InlineData("application/json", "{\"error\":\"quota exceeded\"}")]
    [InlineData("text/html; charset=utf-8", "<html>Sign in</html>")]
    [InlineData(null, "data: x\n\n")]
    public void A_body_that_is_not_an_event_stream_is_an_error_not_an_empty_stream(string? contentType, string body)
    {
        // As httpx-sse's iter_sse: an API's JSON error with a 200, or a proxy's login page, read as events gave no
        // event and no error, and what the server said was lost.
        var headers = contentType is null ? null : new Dictionary<string, string> { ["Content-Type"] = contentType };
        var response = new Response(200, headers: headers, content: body) { Request = new Request("GET", "https://user:pw@feed.example/events") };
        var e = Assert.Throws<DecodingException>(() => response.IterServerSentEvents().ToList());
        Assert.Contains(contentType is null ? "no Content-Type" : $"Content-Type '{contentType}'", e.Message);
        Assert.Contains("text/event-stream", e.Message);
        Assert.DoesNotContain("pw@", e.Message);
        Assert.Same(response.Request, e.Request);
        Assert.Equal(body, response.Text); // the body is still there to be read
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("Text/Event-Stream; charset=utf-8")]
    public void An_event_stream_is_known_by_its_media_type_in_any_case_with_parameters(string contentType)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = contentType };
        Assert.Single(new Response(200, headers: headers, content: "data: x\n\n").IterServerSentEvents());
    }

    [Theory]
    [InlineData("text/event-stream", "text/event-stream")]
    [InlineData("text/event-stream", "text/event-stream; charset=utf-8")]
    public void An_event_stream_whose_Content_Type_a_proxy_repeated_is_still_one(string first, string second)
    {
        // An app server and a reverse proxy in front of it both setting Content-Type: the header reads
        // "text/event-stream, text/event-stream; charset=utf-8", and httpx-sse (a substring test) takes it.
        var headers = new Headers(new[] { new KeyValuePair<string, string>("Content-Type", first), new KeyValuePair<string, string>("Content-Type", second) });
        Assert.Single(new Response(200, headers: headers, content: "data: x\n\n").IterServerSentEvents());
        var notEvents = new Headers(new[] { new KeyValuePair<string, string>("Content-Type", "application/json"), new KeyValuePair<string, string>("Content-Type", "text/html") });
        Assert.Throws<DecodingException>(() => new Response(200, headers: notEvents, content: "{}").IterServerSentEvents().ToList());
    }

    [Fact]
    public void An_event_the_stream_ends_in_before_its_blank_line_is_not_dispatched()
    {
        var events = EventStream("data: complete\n\ndata: cut off\n").IterServerSentEvents().ToList();
        Assert.Equal(["complete"], events.Select(e => e.Data));
        Assert.Empty(EventStream("id: 1\ndata: no blank line").IterServerSentEvents());
    }

    [Fact]
    public void Events_and_JSON_lines_are_UTF_8_with_a_leading_byte_order_mark_dropped()
    {
        // WHATWG: an event stream is always UTF-8, BOM stripped. The BOM made the first field "\uFEFFdata", and the
        // first event was lost; a charset in Content-Type turned é into Ã©.
        byte[] Body(string text) => [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)];
        var latin1 = new Dictionary<string, string> { ["Content-Type"] = "text/event-stream; charset=iso-8859-1" };
        var sse = Assert.Single(new Response(200, headers: latin1, content: Body("data: é\n\n")).IterServerSentEvents());
        Assert.Equal("é", sse.Data);
        var json = Assert.Single(new Response(200, content: Body("{\"a\":1}\n")).IterJsonLines());
        Assert.Equal(1, json!["a"]!.GetValue<int>());
    }

    [Fact]
    public void A_malformed_JSON_line_is_named_by_its_line_and_byte_not_by_the_parsers_line_zero()
    {
        // The parser sees one line at a time: its "LineNumber: 0" read as a contradiction of "Line 3". Byte 8 is the o of
        // nope, the first that cannot be JSON.
        var response = new Response(200, content: "{\"a\":1}\n\n{\"a\": nope}\n{\"a\":4}\n") { Request = new Request("GET", "https://u:pw@feed.example/items") };
        var items = new List<System.Text.Json.Nodes.JsonNode?>();
        var e = Assert.Throws<DecodingException>(() => { foreach (var item in response.IterJsonLines()) items.Add(item); });
        Assert.Single(items);
        Assert.True(e.Message.StartsWith("Line 3 of the response to GET https://u:[secure]@feed.example/items is not valid JSON at byte 8 of the line (no Content-Type): ", StringComparison.Ordinal), e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
        Assert.DoesNotContain("BytePositionInLine", e.Message);
        Assert.Same(response.Request, e.Request);
    }

    [Fact]
    public void A_last_JSON_line_without_a_newline_is_read_and_numbered_after_the_others()
    {
        // The decoder's flush at the end of the body: read byte by byte, and in one piece.
        foreach (var pieceSize in new[] { 1, 64 })
        {
            var items = new Response(200, stream: new TrickleStream("{\"a\":1}\n\n{\"b\":2}"u8.ToArray(), pieceSize)).IterJsonLines().ToList();
            Assert.Equal(["{\"a\":1}", "{\"b\":2}"], items.Select(i => i!.ToJsonString()));
            var e = Assert.Throws<DecodingException>(() => new Response(200, stream: new TrickleStream("{\"a\":1}\n\n{\"b\": no"u8.ToArray(), pieceSize)).IterJsonLines().ToList());
            Assert.StartsWith("Line 3 of the response", e.Message);
        }
    }

    [Fact]
    public void A_JSON_line_that_is_not_UTF_8_is_an_error_naming_its_line_and_byte_not_a_replaced_character()
    {
        // JSON lines are UTF-8 whatever the charset says: a latin-1 "café" was read as "caf\uFFFD", the é lost without a
        // word, where -As Json refuses the same bytes. The lines before it are still read.
        byte[] body = [.. "{\"a\":1}\n{\"t\":\"caf"u8, 0xE9, .. "\"}\n{\"a\":3}\n"u8];
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-ndjson; charset=iso-8859-1" };
        var response = new Response(200, headers: headers, content: body) { Request = new Request("GET", "https://feed.example/items") };
        var items = new List<System.Text.Json.Nodes.JsonNode?>();
        var e = Assert.Throws<DecodingException>(() => { foreach (var item in response.IterJsonLines()) items.Add(item); });
        Assert.Single(items);
        Assert.Equal("Line 2 of the response to GET https://feed.example/items is not valid JSON: byte 0xE9 at byte 10 of the line " +
            "is not UTF-8, which JSON lines are (Content-Type application/x-ndjson; charset=iso-8859-1).", e.Message);
        Assert.Same(response.Request, e.Request);
    }

    [Fact]
    public void A_body_that_is_not_JSON_lines_is_named_by_its_Content_Type_as_with_As_Json()
    {
        // A proxy's login page or an HTML error page sent with a 200: "Line 1 ... '<' is an invalid start of a value" said
        // nothing of what came instead; -As Json and -Stream ServerSentEvents name the Content-Type.
        var response = new Response(200, html: "<html>Sign in</html>\n") { Request = new Request("GET", "https://feed.example/items") };
        var e = Assert.Throws<DecodingException>(() => response.IterJsonLines().ToList());
        Assert.StartsWith("Line 1 of the response to GET https://feed.example/items is not valid JSON at byte 1 of the line (Content-Type text/html; charset=utf-8): ", e.Message);
    }

    [Theory]
    [InlineData("\u00A0")] // a no-break space
    [InlineData("\f")]
    [InlineData("\v")]
    [InlineData("\u2028")]
    public void A_line_of_whitespace_JSON_does_not_allow_is_an_error_not_a_skipped_blank_line(string whitespace)
    {
        // Only JSON's own whitespace (space, tab) makes a blank line: a line of another kind was skipped without a word,
        // where -As Json and every JSON parser call it invalid, and a mangled record vanished from the stream.
        var response = new Response(200, content: $"1\n \t\n{whitespace}\n2\n");
        var items = new List<System.Text.Json.Nodes.JsonNode?>();
        var e = Assert.Throws<DecodingException>(() => { foreach (var item in response.IterJsonLines()) items.Add(item); });
        Assert.Single(items);
        Assert.StartsWith("Line 3 of the response is not valid JSON", e.Message);
    }

    [Fact]
    public void A_JSON_line_may_hold_an_unescaped_line_separator()
    {
        // JSON allows U+2028 unescaped in a string; str.splitlines would cut the line there.
        var items = new Response(200, text: "{\"t\":\"a\u2028b\"}\n{\"t\":\"ok\"}\n").IterJsonLines().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("a\u2028b", items[0]!["t"]!.GetValue<string>());
        Assert.Equal(3, items[0]!["t"]!.GetValue<string>().Length);
        Assert.Equal("ok", items[1]!["t"]!.GetValue<string>());
    }

    [Fact]
    public void Event_data_may_hold_an_unescaped_line_separator()
    {
        var sse = Assert.Single(EventStream("data: {\"t\":\"a\u2028b\"}\r\n\r\n").IterServerSentEvents());
        Assert.Equal("{\"t\":\"a\u2028b\"}", sse.Data);
        Assert.Equal("a\u2028b", sse.Json()!["t"]!.GetValue<string>());
    }

    [Fact]
    public void A_JSON_line_and_event_data_keep_the_last_value_of_a_repeated_key()
    {
        var line = Assert.Single(new Response(200, text: "{\"a\":1,\"a\":2}\n").IterJsonLines());
        Assert.Equal(2, line!["a"]!.GetValue<int>());
        var sse = Assert.Single(EventStream("data: {\"a\":1,\"a\":3}\n\n").IterServerSentEvents());
        Assert.Equal(3, sse.Json()!["a"]!.GetValue<int>());
    }

    [Fact]
    public void JSON_lines_read_a_byte_at_a_time_are_the_records_of_the_whole_body_and_a_latin_1_byte_is_still_found()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{\"a\":\"é\"}\r\n{\"b\":\"€\"}\r\n\r\n{\"c\":\"😀\"}\r{\"t\":\"caf"u8, 0xE9, .. "\"}\r\n"u8];
        var response = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "application/x-ndjson" },
            stream: new TrickleStream(body, pieceSize: 1)) { Request = new Request("GET", "https://feed.example/items") };
        var items = new List<string>();
        var e = Assert.Throws<DecodingException>(() => { foreach (var item in response.IterJsonLines()) items.Add(string.Concat(item!.AsObject().Select(p => p.Key + "=" + p.Value))); });
        Assert.Equal(["a=é", "b=€", "c=😀"], items);
        Assert.StartsWith("Line 5 of the response to GET https://feed.example/items is not valid JSON: byte 0xE9 at byte 10 of the line is not UTF-8", e.Message);
    }

    [Fact]
    public void An_event_stream_still_reads_a_byte_that_is_not_UTF_8_as_a_replacement_character()
    {
        // WHATWG's event stream decodes with replacement: only JSON lines refuse such a byte.
        byte[] body = [.. "data: caf"u8, 0xE9, .. "\n\n"u8];
        var response = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/event-stream" }, stream: new TrickleStream(body, pieceSize: 1));
        Assert.Equal("caf\uFFFD", Assert.Single(response.IterServerSentEvents()).Data);
    }
}
