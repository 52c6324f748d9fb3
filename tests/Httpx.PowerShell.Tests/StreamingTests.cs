namespace Httpx.PowerShell.Tests;

public class StreamingTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public StreamingTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void Stopping_the_pipeline_early_ends_an_endless_stream()
    {
        // /stream-lines/0 never ends: the script only gets past the loop if the stop cancels the download.
        var result = _ps.Run("""
            $n = 0
            do { Invoke-Httpx "$base/stream-lines/0" -Stream Lines | ForEach-Object { $_; if (++$n -ge 5) { break } } } while ($false)
            'after'
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(6, result.Output.Count);
        Assert.Equal("after", result.Output[5].BaseObject);
    }

    [Fact]
    public void An_idle_watch_that_times_out_keeps_its_events_and_the_error_says_how_much_came_and_how_to_wait_longer()
    {
        // A Kubernetes-style watch: an event, then minutes of quiet. The error said only "Timed out after 1 s waiting for
        // more of the response body": not that the events before it came whole, nor how to switch the limit off.
        var result = _ps.Run("""
            Invoke-Httpx "$base/ndjson/0?delay_ms=30000" -Stream JsonLines -Timeout @{ Read = 1 } | ForEach-Object { $_.i }
            """);
        Assert.Equal(new object[] { 1L }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("Timed out after 1 s waiting for more of the response body, 27 bytes into it; a body or stream that can pause longer"
            + " needs a longer read timeout, or none: -Timeout @{ Read = 0 } (GET http://", error.ToString());
    }

    [Theory]
    [InlineData("Lines", "stream-lines/0")]
    [InlineData("ServerSentEvents", "sse/0")]
    [InlineData("Raw", "stream-lines/0")]
    public void A_downstream_stop_like_Select_Object_First_ends_an_endless_stream_and_the_script_goes_on(string mode, string path)
    {
        var result = _ps.Run($$"""
            $items = Invoke-Httpx "$base/{{path}}" -Stream {{mode}} | Select-First 3
            $items.Count
            'after'
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { 3, "after" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    [InlineData("text/plain; charset=latin-1", null)] // the charset by its Python name, as HTTPX reads it
    [InlineData("text/plain", "latin-1")] // the client's -DefaultEncoding
    public void The_start_of_a_cut_error_body_is_decoded_as_the_response_s_text_is(string contentType, string? defaultEncoding)
    {
        // The module decoded the cut start with .NET's Encoding.GetEncoding, which knows no "latin-1": it fell back to
        // UTF-8, and "café" read "caf\uFFFD".
        var result = _ps.Run($$"""
            $body = [byte[]](@(0x63, 0x61, 0x66, 0xE9, 0x0A) + @(0x2E) * 70000)
            $mock = New-HttpxMockTransport {
                [Httpx.Response]::new(503, @{ 'Content-Type' = '{{contentType}}' }, $null, [NullString]::Value, [NullString]::Value, $null, [IO.MemoryStream]::new($body))
            }
            $c = New-HttpxClient -Transport $mock {{(defaultEncoding is null ? "" : $"-DefaultEncoding '{defaultEncoding}'")}}
            Invoke-Httpx 'https://api.invalid/feed' -Client $c -Stream Lines
            """);
        var error = Assert.Single(result.Errors);
        const string start = "503 Service Unavailable from GET https://api.invalid/feed: café ...";
        Assert.Equal(start, error.ToString()[..start.Length]);
        Assert.EndsWith("(the body is longer than 64 KB: only that much was read)", error.ToString());
    }

    [Theory]
    [InlineData("stream-lines/20000?status=503")] // 200 KB: read whole, the error came after all of it
    [InlineData("stream-lines/0?status=503")] // endless: read whole, the error never came
    public void A_streamed_error_reads_only_the_start_of_its_body_for_the_message_and_says_so(string path)
    {
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/{{path}}" -Stream Lines
            'after'
            """, within: TimeSpan.FromMinutes(2)); // the endless body, read whole, ran till the server's cap
        Assert.Equal("after", Assert.Single(result.Output).BaseObject);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("503 Service Unavailable from GET ", error.ToString());
        Assert.Contains(": line 1 line 2 line 3", error.ToString());
        Assert.EndsWith("(the body is longer than 64 KB: only that much was read)", error.ToString());
    }

    [Fact]
    public void The_response_of_a_streamed_error_whose_body_was_read_only_in_part_says_so_when_its_body_is_read()
    {
        // HTTPX's ResponseNotRead said to call Read(), which then raised StreamConsumed: the API's error was out of reach.
        var result = _ps.Run("""
            try { Invoke-Httpx "$base/stream-lines/0?status=503" -Stream Lines -ErrorAction Stop }
            catch { $e = $_ }
            $e.Exception.BodyStart.Length
            try { $e.Exception.Response.Json() } catch { $_.Exception.GetType().Name; $_.Exception.Message }
            try { $null = $e.Exception.Response.Text } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(65536, output[0]);
        Assert.Equal("ResponseNotReadException", output[1]);
        Assert.StartsWith("Only the first 65536 bytes of this body were read (", (string)output[2]);
        Assert.EndsWith("(Invoke-Httpx -SkipHttpErrorCheck).", (string)output[2]);
        Assert.Equal("Httpx.ResponseNotRead", output[3]);
    }

    [Fact]
    public void RaiseForStatus_does_not_read_a_successful_stream_ahead_of_its_output()
    {
        // -RaiseForStatus read the whole body first, so an endless stream wrote nothing, ever.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/stream-lines/0" -Stream Lines -RaiseForStatus | Select-First 3) -join ','
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("line 1,line 2,line 3", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Server_sent_events_arrive_as_event_objects()
    {
        var result = _ps.Run("""
            $n = 0
            do { Invoke-Httpx "$base/sse/0" -Stream ServerSentEvents | ForEach-Object { $_; if (++$n -ge 3) { break } } } while ($false)
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.Equal("Httpx.ServerSentEvent", result.Output[0].BaseObject.GetType().FullName);
        Assert.NotEqual("", result.Output[0].Properties["Data"].Value);
    }

    [Fact]
    public void An_event_as_text_is_httpx_sse_repr_on_one_line()
    {
        var result = _ps.Run("""
            $events = Invoke-Httpx "$base/sse/1" -Stream ServerSentEvents
            "$($events[0])"
            "$($events[1])"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            """ServerSentEvent(event='tick', data='{"i": 1}', id='1', retry=1000)""",
            @"ServerSentEvent(event='multi', data='first line\nsecond line\nthird line', id='1')",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_lines_arrive_as_PowerShell_objects()
    {
        var result = _ps.Run("""Invoke-Httpx "$base/ndjson/3" -Stream JsonLines | ForEach-Object { $_.GetType().Name }""");
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "PSCustomObject", "PSCustomObject", "PSCustomObject" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_lines_and_event_data_keep_an_unescaped_line_separator()
    {
        // U+2028 is a line break to -Stream Lines (as httpx's iter_lines) but not to NDJSON or text/event-stream.
        var result = _ps.Run("""
            $body = "{`"t`":`"a`u{2028}b`"}`n{`"t`":`"ok`"}`n"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $body }.GetNewClosure())
            Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream JsonLines | ForEach-Object { $_.t.Length }
            (Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream Lines).Count
            $sse = "data: {`"t`":`"a`u{2028}b`"}`n`n"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $sse -Headers @{ 'Content-Type' = 'text/event-stream' } }.GetNewClosure())
            (Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream ServerSentEvents).Data.Length
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 3, 2, 3, 11 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_events_Json_gives_PowerShell_objects_as_a_responses_does()
    {
        // httpx-sse's sse.json(): $_.Json().a must read the property, as $response.Json().a does.
        var result = _ps.Run("""
            $sse = "data: {`"a`":1,`"b`":[2,3],`"c`":{`"d`":`"x`"}}`n`nid: 7`ndata: not json`n`n"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $sse -Headers @{ 'Content-Type' = 'text/event-stream' } }.GetNewClosure())
            $events = Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream ServerSentEvents
            $j = $events[0].Json()
            $j.GetType().Name; $j.a; $j.b.Count; $j.c.d
            try { $events[1].Json() } catch { $_.Exception.GetType().Name; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { "PSCustomObject", 1L, 2, "x", "DecodingException" }, output[..5]);
        // The event named (its name, id, and the start of its data), where "the event" did not say which one.
        Assert.StartsWith("The data of event 'message' (id '7') with data 'not json' is not valid JSON: ", (string)output[5]);
    }

    [Fact]
    public void Server_sent_events_of_a_response_that_is_no_event_stream_are_an_error_not_nothing()
    {
        // An API's JSON error sent with a 200 wrote no event and no error: what the server said was lost.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Json @{ error = 'quota exceeded' } })
            $n = @(Invoke-Httpx 'https://feed.invalid/one', 'https://feed.invalid/two' -Client $c -Stream ServerSentEvents).Count
            $n
            """);
        Assert.Equal(0, Assert.Single(result.Output).BaseObject);
        Assert.Equal(2, result.Errors.Count);
        var error = result.Errors[0];
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("https://feed.invalid/one", error.TargetObject);
        Assert.Contains("not a server-sent event stream: it has Content-Type 'application/json'", error.ToString());
    }

    [Fact]
    public void A_stream_refused_before_its_body_is_read_gives_its_connection_back_to_the_client()
    {
        // The event stream is refused on its Content-Type, before a byte of the body is read: the command closes the
        // response, or the client's only connection stayed taken and its next request waited for the pool in vain.
        // The pool timeout is a hang guard only.
        var result = _ps.Run("""
            $c = New-HttpxClient -MaxConnections 1 -Timeout @{ Read = 10; Pool = 10 }
            Invoke-Httpx "$base/json" -Client $c -Stream ServerSentEvents
            (Invoke-Httpx "$base/get" -Client $c).StatusCode
            Close-HttpxClient $c
            """);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_malformed_JSON_line_is_one_error_naming_its_line_and_byte_after_the_lines_before_it()
    {
        var result = _ps.Run("""
            $body = "{`"a`":1}`n`n{`"a`": nope}`n{`"a`":4}`n"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $body }.GetNewClosure())
            Invoke-Httpx 'https://feed.invalid/items' -Client $c -Stream JsonLines | ForEach-Object { $_.a }
            """);
        Assert.Equal(new object[] { 1L }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("https://feed.invalid/items", error.TargetObject);
        Assert.StartsWith("Line 3 of the response to GET https://feed.invalid/items is not valid JSON at byte 8 of the line (Content-Type text/plain; charset=utf-8): ", error.ToString());
        Assert.DoesNotContain("LineNumber: 0", error.ToString());
    }

    [Fact]
    public void A_JSON_line_in_latin_1_is_an_error_naming_its_byte_not_a_record_with_a_replaced_character()
    {
        // JSON lines are UTF-8: "café" in latin-1 came out as "caf\uFFFD" with no error, where -As Json refuses it.
        var result = _ps.Run("""
            $body = [byte[]](@([Text.Encoding]::ASCII.GetBytes('{"t":"ok"}' + "`n" + '{"t":"caf')) + 0xE9 + [Text.Encoding]::ASCII.GetBytes('"}' + "`n"))
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content $body -Headers @{ 'Content-Type' = 'application/x-ndjson; charset=iso-8859-1' } }.GetNewClosure())
            Invoke-Httpx 'https://feed.invalid/items' -Client $c -Stream JsonLines | ForEach-Object { $_.t }
            """);
        Assert.Equal(new object[] { "ok" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("https://feed.invalid/items", error.TargetObject);
        Assert.Equal("Line 2 of the response to GET https://feed.invalid/items is not valid JSON: byte 0xE9 at byte 10 of the line is not UTF-8, " +
            "which JSON lines are (Content-Type application/x-ndjson; charset=iso-8859-1).", error.ToString());
    }

    [Fact]
    public void Lines_text_and_bytes_stream_the_whole_body()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/stream-lines/4" -Stream Lines | ForEach-Object { 1 }).Count
            (Invoke-Httpx "$base/bytes/100000?chunked=1&chunk=1000" -Stream Bytes | ForEach-Object { $_.Length } | ForEach-Object -Begin { $t = 0 } -Process { $t += $_ } -End { $t })
            (Invoke-Httpx "$base/html" -Stream Text) -join '' -match '<html'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 4, 100000, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_line_ended_by_a_carriage_return_is_written_before_the_stream_goes_quiet()
    {
        // "line 1\r", then nothing for ten minutes: the line waited for a possible \n, and the read timeout ended the
        // stream with it unwritten.
        var result = _ps.Run("""
            Invoke-Httpx "$base/stream-lines/2?ending=cr&delay_ms=600000" -Stream Lines -Timeout @{ Read = 1 }
            """);
        Assert.Equal(new object[] { "line 1" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.StartsWith("Httpx.ReadTimeout", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Lines_keep_their_spaces_and_tabs_and_lose_only_the_line_break_as_HTTPX_iter_lines()
    {
        // HTTPX's iter_lines() splits on line breaks and keeps everything else: a fixed-width record's trailing spaces,
        // a TSV line's empty last field.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text "id  `r`nname`t`n  x" })
            Invoke-Httpx 'https://api.invalid/' -Client $c -Stream Lines | ForEach-Object { "[$_]" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "[id  ]", "[name\t]", "[  x]" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Raw_streams_the_body_as_it_came_over_the_wire_without_content_decoding()
    {
        // HTTPX's iter_raw(): the gzip bytes the server sent (they start 1f 8b and add up to its Content-Length),
        // where -Stream Bytes (iter_bytes) gives them decoded.
        var result = _ps.Run("""
            $chunks = Invoke-Httpx "$base/encoding/gzip" -Stream Raw
            $raw = [byte[]]($chunks | ForEach-Object { $_ })
            '{0:x2}{1:x2}' -f $raw[0], $raw[1]
            $raw.Length -eq [int](Invoke-Httpx "$base/encoding/gzip").Headers['Content-Length']
            $decoded = [byte[]](Invoke-Httpx "$base/encoding/gzip" -Stream Bytes | ForEach-Object { $_ })
            $decoded.Length -gt $raw.Length
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "1f8b", true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void The_error_of_a_raw_stream_quotes_its_body_decoded_and_SkipHttpErrorCheck_writes_it_as_sent()
    {
        // The message is for a person to read: the gzip error page quoted as its text, as for the other modes; the
        // body itself, with -SkipHttpErrorCheck, is the gzip bytes that -Stream Raw asks for.
        var result = _ps.Run("""
            $packed = [IO.MemoryStream]::new()
            $gzip = [IO.Compression.GZipStream]::new($packed, [IO.Compression.CompressionMode]::Compress)
            $text = [Text.Encoding]::UTF8.GetBytes('{"error": "quota exceeded"}')
            $gzip.Write($text, 0, $text.Length)
            $gzip.Dispose()
            $body = $packed.ToArray()
            $mock = New-HttpxMockTransport {
                New-HttpxResponse 500 -Headers @{ 'Content-Encoding' = 'gzip'; 'Content-Type' = 'application/json' } -Stream ([IO.MemoryStream]::new($body))
            }.GetNewClosure()
            $c = New-HttpxClient -Transport $mock
            Invoke-Httpx 'https://api.invalid/quota' -Client $c -Stream Raw
            $raw = [byte[]](Invoke-Httpx 'https://api.invalid/quota' -Client $c -Stream Raw -SkipHttpErrorCheck | ForEach-Object { $_ })
            [Convert]::ToBase64String($raw) -eq [Convert]::ToBase64String($body)
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("""500 Internal Server Error from GET https://api.invalid/quota: {"error": "quota exceeded"}""", error.ToString());
        Assert.Equal(true, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_raw_stream_of_a_body_already_read_is_StreamConsumed_as_in_HTTPX()
    {
        // HTTPX: Response(200, content=b"...") is read when made, and its iter_raw() raises StreamConsumed where
        // iter_bytes() gives the content. New-HttpxResponse -Content is such a response; -Stream gives a raw one.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content ([byte[]](1, 2, 3)) })
            Invoke-Httpx 'https://api.invalid/' -Client $c -Stream Raw
            (Invoke-Httpx 'https://api.invalid/' -Client $c -Stream Bytes) -join ','
            $s = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Stream ([IO.MemoryStream]::new([byte[]](4, 5, 6))) })
            (Invoke-Httpx 'https://api.invalid/' -Client $s -Stream Raw) -join ','
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.StreamConsumed,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(new object[] { "1,2,3", "4,5,6" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_stream_of_an_error_status_is_an_error_unless_SkipHttpErrorCheck()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/status/500" -Stream Lines
            (Invoke-Httpx "$base/status/500" -Stream Lines -SkipHttpErrorCheck | ForEach-Object { 1 }).Count -ge 0
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(true, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Server_sent_events_carry_Event_Data_Id_and_Retry()
    {
        var result = _ps.Run("""Invoke-Httpx "$base/sse/1" -Stream ServerSentEvents | ForEach-Object { "$($_.Event)|$($_.Data)|$($_.Id)|$($_.Retry)" }""");
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "tick|{\"i\": 1}|1|1000", "multi|first line\nsecond line\nthird line|1|" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    [InlineData("Lines", "unbroken/0", "A line runs past 16777216 characters (16 MiB) without its end")]
    [InlineData("JsonLines", "unbroken/0?type=application/x-ndjson", "A line runs past 16777216 bytes (16 MiB) without its end")]
    [InlineData("ServerSentEvents", "unbroken/0?type=text/event-stream&unit=data:%20xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx%0A", "An event's data runs past 16777216 characters (16 MiB) without its end")]
    public void An_endless_line_or_event_is_a_DecodingError_at_16_MiB_not_a_body_held_whole(string mode, string path, string said)
    {
        // /unbroken/0 never sends a line break (or the blank line that ends an event): the stream was held whole until
        // .NET's OutOfMemoryException, an Httpx.UnexpectedError, after more than 2 GB of memory.
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/{{path}}" -Stream {{mode}}
            'after'
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(_ps.Server.HttpUrl + "/" + path, error.TargetObject);
        Assert.StartsWith(said + $" in the response to GET {_ps.Server.HttpUrl}/unbroken/0", error.Exception.Message);
        Assert.Equal("after", Assert.Single(result.Output).BaseObject);
    }
}
