namespace Httpx.PowerShell.Tests;

/// <summary>New-HttpxResponse: in-memory responses with HTTPX's body and header rules.</summary>
public class ResponseCmdletTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ResponseCmdletTests(PowerShellFixture ps) => _ps = ps;

    private static object?[] Values(PowerShellResult result) => result.Output.Select(o => o?.BaseObject).ToArray();

    [Fact]
    public void Status_codes_are_there_by_name_as_HTTPX_codes_with_their_phrases_and_classes()
    {
        // httpx.codes.NOT_FOUND, codes.get_reason_phrase(418), codes.is_error(503), for a script's checks of a status.
        var result = _ps.Run("""
            $r = New-HttpxResponse 404
            $r.StatusCode -eq [Httpx.Codes]::NotFound
            $r.StatusCode -eq [Httpx.Codes]::OK
            [int][Httpx.Codes]::ImATeapot
            [Httpx.StatusCodes]::ReasonPhrase([Httpx.Codes]::ImATeapot)
            [Httpx.StatusCodes]::IsError(503)
            [Httpx.StatusCodes]::IsSuccess(404)
            switch ((New-HttpxResponse 429).StatusCode) { ([int][Httpx.Codes]::TooManyRequests) { 'slow down' } default { 'other' } }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { true, false, 418, "I'm a teapot", true, false, "slow down" }, Values(result));
    }

    [Fact]
    public void A_mocked_stream_body_is_read_as_it_is_consumed_by_Stream_Lines_and_Download_and_an_HTTP_2_answer_says_so()
    {
        // HTTPX's Response(200, stream=..., extensions={"http_version": b"HTTP/2", "reason_phrase": b"..."}): the body is
        // read only when the client consumes it, so a script's -Stream and -Download code can be tested offline.
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                $body = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes("one`ntwo`n"))
                New-HttpxResponse 200 -Stream $body -Headers @{ 'Content-Type' = 'text/plain' } -HttpVersion HTTP/2 -ReasonPhrase 'Fine'
            }
            $c = New-HttpxClient -Transport $mock
            (Invoke-Httpx 'https://api.invalid/tail' -Client $c -Stream Lines) -join '|'
            $path = [IO.Path]::Combine([IO.Path]::GetTempPath(), "$([guid]::NewGuid()).txt")
            Invoke-Httpx 'https://api.invalid/file' -Client $c -Download $path
            [IO.File]::ReadAllText($path); [IO.File]::Delete($path)
            $r = Invoke-Httpx 'https://api.invalid/' -Client $c -Verbose
            "$($r.HttpVersion) $($r.ReasonPhrase) $($r.Text.Length)"
            $unread = New-HttpxResponse 200 -Stream ([IO.MemoryStream]::new([byte[]](104, 105)))
            $unread.IsStreamConsumed; $unread.Read().Length
            (New-HttpxResponse 200 -HttpVersion 'http/1.0').HttpVersion
            $h = New-HttpxMockTransport { @{ Stream = [IO.MemoryStream]::new([byte[]](104, 105)); HttpVersion = 'HTTP/2'; ReasonPhrase = '' } }
            $hr = Invoke-Httpx 'https://api.invalid/' -Client (New-HttpxClient -Transport $h)
            "$($hr.Text) $($hr.HttpVersion) [$($hr.ReasonPhrase)]"
            try { New-HttpxResponse 200 -Stream 'not a stream' } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "one|two", "one\ntwo\n", "HTTP/2 Fine 8", false, 2, "HTTP/1.0", "hi HTTP/2 []",
            "CannotConvertArgumentNoMessage,Httpx.PowerShell.Commands.NewHttpxResponseCommand",
        }, Values(result));
        Assert.Contains(result.Verbose, v => v.Contains("< HTTP/2 200 Fine", StringComparison.Ordinal));
    }

    // A body stream written as a PowerShell class, as a test's endless or failing body is (PowerShell has no generators):
    // its Read is script, and notes the thread it runs on.
    private const string ScriptedBodyClass = """
        class ScriptedBody : System.IO.Stream {
            [int]$Sent = 0; [int]$Lines; [string]$Tag; [bool]$Stall; [Collections.Generic.HashSet[int]]$Threads
            ScriptedBody([int]$lines, [string]$tag, [bool]$stall, $threads) { $this.Lines = $lines; $this.Tag = $tag; $this.Stall = $stall; $this.Threads = $threads }
            [bool] get_CanRead() { return $true }
            [bool] get_CanSeek() { return $false }
            [bool] get_CanWrite() { return $false }
            [long] get_Length() { throw [NotSupportedException]::new() }
            [long] get_Position() { return 0 }
            [void] set_Position([long]$value) {}
            [void] Flush() {}
            [long] Seek([long]$offset, [IO.SeekOrigin]$origin) { return 0 }
            [void] SetLength([long]$value) {}
            [void] Write([byte[]]$buffer, [int]$offset, [int]$count) {}
            [int] Read([byte[]]$buffer, [int]$offset, [int]$count) {
                $null = $this.Threads.Add([Environment]::CurrentManagedThreadId)
                if ($this.Sent -ge $this.Lines) {
                    if ($this.Stall) { throw [Httpx.ReadTimeoutException]::new("no line after $($this.Sent)") }
                    return 0
                }
                $this.Sent++
                $line = [Text.Encoding]::UTF8.GetBytes("$($this.Tag) $($this.Sent)`n")
                [Array]::Copy($line, 0, $buffer, $offset, $line.Length)
                return $line.Length
            }
        }

        """;

    [Fact]
    public void A_body_stream_of_a_PowerShell_class_is_read_on_the_pipeline_thread_also_by_concurrent_downloads()
    {
        // The engine read it on the thread pool: three -ThrottleLimit downloads ran its script at once, with the mock
        // handler, in one runspace, and two failed ("Unable to cast ... FunctionMemberAst", "Stream does not support
        // reading") with half-written .partial files.
        var result = _ps.Run(ScriptedBodyClass + """
            $threads = [Collections.Generic.HashSet[int]]::new()
            $mock = New-HttpxMockTransport {
                param($Request)
                $name = $Request.Url.Path.Trim('/')
                New-HttpxResponse 200 -Stream ([ScriptedBody]::new(40, $name, $false, $threads)) -Headers @{ 'Content-Disposition' = "attachment; filename=$name.txt" }
            }
            $c = New-HttpxClient -Transport $mock
            $folder = [IO.Directory]::CreateDirectory([IO.Path]::Combine([IO.Path]::GetTempPath(), [guid]::NewGuid().ToString())).FullName
            try {
                'a', 'b', 'c' | ForEach-Object { "https://files.invalid/$_" } | Invoke-Httpx -Client $c -ThrottleLimit 3 -Download $folder
                $names = [string[]]([IO.Directory]::GetFiles($folder) | ForEach-Object { [IO.Path]::GetFileName($_) }); [Array]::Sort($names); $names -join ','
                [IO.File]::ReadAllLines([IO.Path]::Combine($folder, 'b.txt'))[39]
            } finally { [IO.Directory]::Delete($folder, $true) }
            (1..3 | ForEach-Object { "https://files.invalid/l$_" } | Invoke-Httpx -Client $c -ThrottleLimit 3 -Stream Lines).Count
            $threads -join ','
            [Environment]::CurrentManagedThreadId
            """);
        Assert.Empty(result.Errors);
        var values = Values(result);
        Assert.Equal(new object[] { "a.txt,b.txt,c.txt", "b 40", 120 }, values[..3]);
        Assert.Equal(values[4]!.ToString(), values[3]);
    }

    [Fact]
    public void A_PowerShell_class_body_that_throws_an_Httpx_exception_fails_the_request_with_that_error()
    {
        // As a handler's throw: a simulated ReadTimeoutException mid-body is Httpx.ReadTimeout (a retry's trigger), not
        // the RuntimeException PowerShell wraps a class method's exception in (Httpx.UnexpectedError); a thrown string
        // is the user's script's failure.
        var result = _ps.Run(ScriptedBodyClass + """
            $threads = [Collections.Generic.HashSet[int]]::new()
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Stream ([ScriptedBody]::new(2, 'tick', $true, $threads)) })
            Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream Lines
            """);
        Assert.Equal(new object[] { "tick 1", "tick 2" }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ReadTimeout,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal("no line after 2", error.ToString());
    }

    [Fact]
    public void Links_read_a_paginated_APIs_Link_header_by_rel()
    {
        var result = _ps.Run("""
            $r = New-HttpxResponse 200 -Headers @{ Link = '<https://api.example/items?page=3>; rel="next", <https://api.example/items?page=1>; rel="prev"' }
            $r.Links.next.url; $r.Links['prev'].url; $r.Links.Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "https://api.example/items?page=3", "https://api.example/items?page=1", 2 }, Values(result));
    }

    [Fact]
    public void Links_are_read_by_rel_and_parameter_in_any_case_as_a_hashtable_is()
    {
        // Invoke-WebRequest's RelationLink and a hashtable find 'Next' for 'next'; the rel keeps its spelling.
        var result = _ps.Run("""
            $r = New-HttpxResponse 200 -Headers @{ Link = '<https://api.example/items?page=3>; rel="next", <https://api.example/items?page=9>; rel="Last"' }
            $r.Links.Next.Url; $r.Links['LAST'].url; $r.Links.last.URL; $r.Links.Keys -join ','
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "https://api.example/items?page=3", "https://api.example/items?page=9", "https://api.example/items?page=9", "next,Last",
        }, Values(result));
    }

    [Fact]
    public void Json_text_and_html_bodies_set_content_type_and_length()
    {
        var result = _ps.Run("""
            $j = New-HttpxResponse 201 -Json ([pscustomobject]@{ id = 42 })
            "$($j.StatusCode) $($j.Headers['content-type']) $($j.Headers['content-length']) $($j.Text)"
            $t = New-HttpxResponse 200 -Text 'héllo'
            "$($t.Headers['content-type']) $($t.Headers['content-length']) $($t.Text)"
            (New-HttpxResponse 200 -Html '<p>hi</p>').Headers['content-type']
            # In HTTPX's order, after the given headers: Content-Type came first.
            (New-HttpxResponse 200 -Json @{ id = 1 } -Headers @{ 'X-Id' = '1' }).Headers.Keys -join ','
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "201 application/json 9 {\"id\":42}",
            "text/plain; charset=utf-8 6 héllo",
            "text/html; charset=utf-8",
            "x-id,content-length,content-type",
        }, Values(result));
    }

    [Fact]
    public void An_empty_text_or_reason_phrase_and_a_status_up_to_999_are_taken_as_HTTPX_takes_them()
    {
        // httpx.Response(200, text="") is an empty text/plain body, and Response(799) a response (codes 100 to 999);
        // an empty reason phrase is the one an HTTP/2 server's answer has.
        var result = _ps.Run("""
            $t = New-HttpxResponse 200 -Text ''
            "[$($t.Text)] $($t.Headers['content-type']) $($t.Headers['content-length'])"
            (New-HttpxResponse 200 -Html '').Headers['content-type']
            $r = New-HttpxResponse 799 -ReasonPhrase ''
            "$($r.StatusCode) [$($r.ReasonPhrase)]"
            try { New-HttpxResponse 1000 } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "[] text/plain; charset=utf-8 0", "text/html; charset=utf-8", "799 []",
            "ParameterArgumentValidationError,Httpx.PowerShell.Commands.NewHttpxResponseCommand",
        }, Values(result));
    }

    [Fact]
    public void A_string_given_as_Json_is_JSON_text_as_Invoke_Httpx_takes_it()
    {
        // A body copied from an API's documentation: the object it spells, not a JSON string holding it.
        var result = _ps.Run("""
            $r = New-HttpxResponse 200 -Json '{"id": 1, "tags": ["a"]}'
            "$($r.Json().id) $($r.Json().tags[0]) $($r.Headers['content-type']) $($r.Headers['content-length'])"
            (New-HttpxResponse 200 -Json '"just text"').Json()
            $mock = New-HttpxMockTransport { @{ Json = '[1, 2]' } }
            (Invoke-Httpx 'https://api.invalid/' -Client (New-HttpxClient -Transport $mock) -As Json) -join ','
            try { New-HttpxResponse 200 -Json '{id: 1}' } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "1 a application/json 24", "just text", "1,2", "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxResponseCommand",
        }, Values(result));
    }

    [Fact]
    public void Content_takes_bytes_or_a_string_and_headers_are_kept()
    {
        var result = _ps.Run("""
            $r = New-HttpxResponse 200 -Content ([byte[]](1, 2, 3)) -Headers @{ 'Content-Type' = 'application/octet-stream'; 'X-Many' = @('a', 'b') }
            "$($r.Content -join ',') $($r.Headers['content-type']) $($r.Headers.GetList('x-many') -join '|')"
            (New-HttpxResponse 200 -Content @(104, 105)).Text
            try { New-HttpxResponse 200 -Content @(1, 300) } catch { $_.Exception.Message }
            try { New-HttpxResponse 200 -Content @(1, 'one') } catch { $_.Exception.Message }
            (New-HttpxResponse 204).Content.Length
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "1,2,3 application/octet-stream a|b", "hi", "-Content as an array must hold bytes (numbers 0 to 255): item 1 is 300. (Parameter 'Content')",
            "-Content as an array must hold bytes (numbers 0 to 255): item 1 is 'one'. (Parameter 'Content')", 0,
        }, Values(result));
    }

    [Fact]
    public void A_responses_Length_reads_its_Content_Length_as_digits_in_every_culture()
    {
        // As the transport reads the header (digits only): read in the current culture, a mock response's "+5" was a
        // Length of 5 under en-US and ignored under ar-SA (whose plus sign carries an Arabic letter mark).
        var result = _ps.Run("""
            foreach ($culture in 'en-US', 'ar-SA') {
                [cultureinfo]::CurrentCulture = $culture
                (New-HttpxResponse 200 -Headers @{ 'Content-Length' = '+5' } -Content 'abc').Length
                (New-HttpxResponse 200 -Headers @{ 'Content-Length' = '5' } -Content 'abc').Length
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 3L, 5L, 3L, 5L }, Values(result));
    }

    [Fact]
    public void A_response_with_its_request_can_raise_for_status()
    {
        var result = _ps.Run("""
            $req = New-HttpxRequest 'https://api.invalid/thing'
            $r = $req | New-HttpxResponse 503 -Text 'down'
            $r.IsServerError
            try { $r.RaiseForStatus() } catch { $_.Exception.GetType().Name; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(true, result.Output[0].BaseObject);
        Assert.Equal("HttpStatusException", result.Output[1].BaseObject);
        Assert.Contains("503", (string)result.Output[2].BaseObject);
    }

    [Fact]
    public void A_bad_header_or_content_has_the_parameter_as_its_target_as_Invoke_Httpx_has()
    {
        // The target was the engine's C# parameter name ('name', 'value', 'headers', 'content'), which no cmdlet has.
        var result = _ps.Run("""
            foreach ($make in { New-HttpxResponse 200 -Headers @{ 'a b' = 1 } }, { New-HttpxResponse 200 -Headers @{ X = "a`r`nb" } },
                { New-HttpxResponse 200 -Headers @{ X = $null } }, { New-HttpxResponse 200 -Headers @{ X = @{ a = 1 } } },
                { New-HttpxResponse 200 -Content 1, 2, 999 }, { New-HttpxResponse 200 -Content ([datetime]::Now) }) {
                try { & $make } catch { "$($_.FullyQualifiedErrorId) $($_.TargetObject)" }
            }
            """);
        Assert.Empty(result.Errors);
        const string id = "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxResponseCommand";
        Assert.Equal(new object[] { $"{id} Headers", $"{id} Headers", $"{id} Headers", $"{id} Headers", $"{id} Content", $"{id} Content" }, Values(result));
    }

    [Fact]
    public void A_stream_that_cannot_be_read_is_refused_when_the_response_is_built()
    {
        // Not when a client reads the body, with the stream's own error far from the New-HttpxResponse that took it.
        var result = _ps.Run("""
            $closed = [IO.MemoryStream]::new([byte[]](104, 105)); $closed.Dispose()
            try { New-HttpxResponse 200 -Stream $closed } catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxResponseCommand", "Stream",
            "-Stream must be a readable stream: this one cannot be read (closed, or opened for writing only).",
        }, Values(result));
    }

    [Fact]
    public void Invalid_status_codes_and_content_are_refused_naming_the_value()
    {
        var result = _ps.Run("""
            try { New-HttpxResponse 42 } catch { $_.FullyQualifiedErrorId }
            try { New-HttpxResponse 200 -Content @{ a = 1 } } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.StartsWith("ParameterArgumentValidationError", (string)result.Output[0].BaseObject);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxResponseCommand", result.Output[1].BaseObject);
        Assert.Contains("Hashtable", (string)result.Output[2].BaseObject);
    }
}
