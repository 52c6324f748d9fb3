using System.Management.Automation;
namespace Httpx.PowerShell.Tests;

/// <summary>New-HttpxMockTransport: clients that answer from a scriptblock, with no network.</summary>
public class MockTransportTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public MockTransportTests(PowerShellFixture ps) => _ps = ps;

    private static object?[] Values(PowerShellResult result) => result.Output.Select(o => o?.BaseObject).ToArray();

    [Fact]
    public void A_mock_answers_with_New_HttpxResponse()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Json @{ ok = $true } })
            $r = Invoke-Httpx 'https://api.invalid/health' -Client $c
            $r.StatusCode
            $r.Headers['content-type']
            $r.Json().ok
            $r.Request.Url.ToString()
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, "application/json", true, "https://api.invalid/health" }, Values(result));
    }

    [Fact]
    public void Json_with_a_byte_order_mark_or_in_utf16_is_parsed_by_As_Json_and_Json()
    {
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                if ($Request.Url.Path -eq '/bom') { New-HttpxResponse 200 -Content ([byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes('{"n":1}')) }
                else { New-HttpxResponse 200 -Content ([Text.Encoding]::BigEndianUnicode.GetBytes('{"n":2}')) }
            }
            $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport $mock
            (Invoke-Httpx /bom -Client $c -As Json).n
            (Invoke-Httpx /utf16 -Client $c).Json().n
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 1L, 2L }, Values(result));
    }

    [Fact]
    public void A_Latin_1_JSON_body_is_a_DecodingError_naming_the_request_and_the_byte()
    {
        // It was Httpx.UnexpectedError, "Cannot transcode invalid UTF-8 JSON text to UTF-16 string.", naming nothing.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content ([Text.Encoding]::Latin1.GetBytes('{"name":"café"}')) })
            Invoke-Httpx 'https://api.invalid/legacy' -Client $c -As Json
            """);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("GET https://api.invalid/legacy", error.Exception.Message);
        Assert.Contains("0xE9 at position 12", error.Exception.Message);
    }

    [Fact]
    public void A_body_of_only_whitespace_is_null_with_As_Json_as_an_empty_body_is_and_as_ConvertFrom_Json_reads_it()
    {
        // A newline for "nothing" (as many servers send): it was an Httpx.DecodingError ("does not contain any JSON tokens").
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                switch ($Request.Url.Path) {
                    '/empty'   { New-HttpxResponse 200 }
                    '/newline' { New-HttpxResponse 200 -Content "`r`n" }
                    '/bom'     { New-HttpxResponse 200 -Content ([byte[]](0xEF, 0xBB, 0xBF, 0x20, 0x09)) }
                }
            }
            $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport $mock
            foreach ($path in '/empty', '/newline', '/bom') { $value = Invoke-Httpx $path -Client $c -As Json; "$path $($null -eq $value)" }
            # Json() stays HTTPX's json(): no JSON at all is an error there.
            (Invoke-Httpx /newline -Client $c).Json()
            """);
        Assert.Equal(new object[] { "/empty True", "/newline True", "/bom True" }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.Contains("is not valid JSON", error.Exception.Message);
    }

    [Fact]
    public void A_string_cut_in_the_middle_of_an_emoji_is_read_as_pythons_json_loads_reads_it()
    {
        // JSON.stringify's "\ud83d" for half an emoji: it was Httpx.UnexpectedError ("missing low surrogate").
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content ([Text.Encoding]::UTF8.GetBytes('{"preview":"hi \ud83d"}')) })
            (Invoke-Httpx 'https://api.invalid/post' -Client $c -As Json).preview.Length
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 4 }, Values(result));
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value_as_ConvertFrom_Json_and_keys_differing_in_case_are_a_DecodingError()
    {
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                if ($Request.Url.Path -eq '/dup') { New-HttpxResponse 200 -Content ([Text.Encoding]::UTF8.GetBytes('{"a":1,"a":2}')) }
                else { New-HttpxResponse 200 -Content ([Text.Encoding]::UTF8.GetBytes('{"a":1,"A":2}')) }
            }
            $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport $mock
            (Invoke-Httpx /dup -Client $c -As Json).a
            (Invoke-Httpx /dup -Client $c).Json().a
            Invoke-Httpx /case -Client $c -As Json
            """);
        Assert.Equal(new object[] { 2L, 2L }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.DecodingError,", error.FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("{\"id\":1,\"\":\"x\"}", "an empty key")]
    [InlineData("{\"psobject\":1}", "the key 'psobject', a name PowerShell reserves")]
    [InlineData("{\"PSTypeNames\":[\"a\"]}", "the key 'PSTypeNames', a name PowerShell reserves")]
    [InlineData("{\"PsBase\":{}}", "the key 'PsBase', a name PowerShell reserves")] // the shortest reserved name
    [InlineData("{\"id\":1,\"ID\":2}", "keys that differ only in case ('ID')")]
    public void A_key_no_PowerShell_property_can_be_named_is_a_DecodingError_naming_it(string json, string named)
    {
        // As ConvertFrom-Json refuses these keys. Before: "" was a bare ArgumentException ('the value of argument "name"
        // is not valid'), psobject PowerShell's own error (not a DecodingError), PSTypeNames "keys that differ only in case".
        var result = _ps.Run($$"""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content ([Text.Encoding]::UTF8.GetBytes('{{json}}')) })
            Invoke-Httpx 'https://api.invalid/items' -Client $c -As Json
            Invoke-Httpx 'https://api.invalid/items' -Client $c -Stream JsonLines
            try { (Invoke-Httpx 'https://api.invalid/items' -Client $c).Json() } catch { $_.Exception.GetType().Name }
            """);
        Assert.Equal(new object[] { "DecodingException" }, Values(result));
        Assert.Equal(2, result.Errors.Count);
        foreach (var error in result.Errors)
        {
            Assert.StartsWith("Httpx.DecodingError,", error.FullyQualifiedErrorId);
            Assert.Contains($"The JSON object has {named}", error.Exception.Message);
            // What to do instead: the case one did not say.
            Assert.EndsWith("; read it as text, or as JSON nodes with $r.psbase.Json().", error.Exception.Message);
        }
    }

    [Fact]
    public void The_handler_sees_the_request_and_can_answer_with_a_hashtable()
    {
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                switch ($Request.Url.Path) {
                    '/users/1' { @{ StatusCode = 200; Json = [pscustomobject]@{ id = 1; method = $Request.Method; body = [Text.Encoding]::UTF8.GetString($Request.Content) } } }
                    default    { @{ StatusCode = 404; Text = 'no such user'; Headers = @{ 'X-Reason' = 'missing' } } }
                }
            }
            $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport $mock
            $user = Invoke-Httpx /users/1 POST -Content 'hello' -Client $c -As Json
            "$($user.id) $($user.method) $($user.body)"
            $missing = Invoke-Httpx /users/2 -Client $c
            "$($missing.StatusCode) $($missing.Text) $($missing.Headers['x-reason'])"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "1 POST hello", "404 no such user missing" }, Values(result));
    }

    [Fact]
    public void A_hashtable_answers_keys_are_read_in_any_case_and_a_Text_that_is_no_string_as_its_text()
    {
        // As any PowerShell hashtable's keys: @{ statuscode = 404 } is the answer @{ StatusCode = 404 } is.
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                if ($Request.Url.Path -eq '/lower') { @{ statuscode = 404; TEXT = 'gone'; headers = @{ 'X-Reason' = 'missing' } } }
                else { @{ Text = 42 } }
            }
            $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport $mock
            $r = Invoke-Httpx /lower -Client $c
            "$($r.StatusCode) $($r.Text) $($r.Headers['x-reason'])"
            $r = Invoke-Httpx /count -Client $c
            "$($r.Text) $($r.Headers['Content-Type'])"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "404 gone missing", "42 text/plain; charset=utf-8" }, Values(result));
    }

    [Fact]
    public void The_handler_runs_in_the_session_so_it_can_count_requests_and_redirects_still_work()
    {
        var result = _ps.Run("""
            $script:seen = 0
            $mock = New-HttpxMockTransport {
                param($Request)
                $script:seen++
                if ($Request.Url.Path -eq '/old') { New-HttpxResponse 301 -Headers @{ Location = '/new' } }
                else { New-HttpxResponse 200 -Text "at $($Request.Url.Path)" }
            }
            $c = New-HttpxClient -Transport $mock -FollowRedirects
            $r = Invoke-Httpx 'https://site.invalid/old' -Client $c
            $r.Text
            $r.History.Count
            $script:seen
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "at /new", 1, 2 }, Values(result));
    }

    [Fact]
    public void A_mock_that_simulates_a_slow_server_shows_the_time_in_ElapsedMs()
    {
        // The response New-HttpxResponse made was read as it was made, and its clock stopped there: 0 ms after any wait.
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                $clock = [Diagnostics.Stopwatch]::StartNew()
                [Threading.Thread]::Sleep(100)   # the runspace has no Start-Sleep
                $script:waited = $clock.Elapsed.TotalMilliseconds
                New-HttpxResponse 200 -Text 'slow'
            }
            $r = Invoke-Httpx 'https://slow.invalid/' -Client (New-HttpxClient -Transport $mock)
            $r.ElapsedMs -ge [Math]::Round($script:waited, 1)   # ElapsedMs is rounded to 0.1 ms: round alike
            $r.Elapsed.TotalMilliseconds -ge $script:waited
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true }, Values(result));
    }

    [Fact]
    public void One_response_made_beforehand_answers_every_request_and_each_answer_keeps_its_own_url()
    {
        // The same object came back for each request: $first.Url was the last request's, and $first -eq $second.
        var result = _ps.Run("""
            $ok = New-HttpxResponse 200 -Json @{ ok = $true }
            $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport (New-HttpxMockTransport { $ok })
            $first = Invoke-Httpx /one -Client $c
            $second = Invoke-Httpx /two -Client $c
            $all = '/a', '/b' | Invoke-Httpx -Client $c -ThrottleLimit 2
            $first.Url.ToString(), $second.Url.ToString(), [object]::ReferenceEquals($first, $second)
            ($all | ForEach-Object { $_.Url.Path }) -join ','
            $second.Json().ok
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "https://api.invalid/one", "https://api.invalid/two", false, "/a,/b", true }, Values(result));
    }

    [Fact]
    public void A_hashtable_answers_bad_body_is_named_by_its_keys_and_the_bad_byte_by_its_place_and_value()
    {
        // They spoke of New-HttpxResponse's parameters (-Content, -Text...), which the script never used, and "must
        // hold bytes" did not say which item was not one.
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                switch ($Request.Url.Path) {
                    '/two'   { @{ Text = 'a'; Json = @{ a = 1 } } }
                    '/bytes' { @{ Content = @(104, 105, 256) } }
                    default  { @{ Content = 1.5 } }
                }
            }
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            '/two', '/bytes', '/number' | Invoke-Httpx -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.ErrorDetails.Message }
            """);
        Assert.Equal(new object[]
        {
            "A response hashtable takes at most one body: Content, Text, Html, Json or Stream.",
            "Content as an array must hold bytes (numbers 0 to 255): item 2 is 256.",
            "Content must be a string or a byte array, not a System.Double.",
        }, Values(result));
    }

    [Fact]
    public void A_hashtable_answers_Stream_and_HttpVersion_are_checked_when_it_answers_and_named_by_their_keys()
    {
        // A closed stream is refused when the handler answers, not when a client reads the body, and a stream is a body
        // as Text is; the version is read in any case and spacing, and one that is none is named with the four there are.
        var result = _ps.Run("""
            $closed = [IO.MemoryStream]::new([byte[]](104, 105)); $closed.Dispose()
            $mock = New-HttpxMockTransport {
                param($Request)
                switch ($Request.Url.Path) {
                    '/closed'  { @{ Stream = $closed } }
                    '/text'    { @{ Stream = 'hi' } }
                    '/two'     { @{ Stream = [IO.MemoryStream]::new([byte[]](104, 105)); Text = 'hi' } }
                    '/version' { @{ HttpVersion = 'HTTP/1.2'; Text = 'x' } }
                    default    { @{ HttpVersion = ' http/2 '; Text = 'x' } }
                }
            }.GetNewClosure()
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            (Invoke-Httpx /spaced -Client $c).HttpVersion
            '/closed', '/text', '/two', '/version' | Invoke-Httpx -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.ErrorDetails.Message }
            """);
        Assert.Equal(new object[]
        {
            "HTTP/2",
            "Stream must be a readable stream: this one cannot be read (closed, or opened for writing only).",
            "Stream must be a System.IO.Stream, not a System.String: give bytes or a string as Content.",
            "A response hashtable takes at most one body: Content, Text, Html, Json or Stream.",
            "HttpVersion 'HTTP/1.2' is not an HTTP version: use HTTP/1.0, HTTP/1.1, HTTP/2, HTTP/3.",
        }, Values(result));
    }

    [Fact]
    public void A_hashtable_answers_bad_Json_is_named_by_its_key_as_its_other_bodies_are()
    {
        // Its messages spoke of a -Json parameter the script never used, where Content and Stream were named by key.
        var result = _ps.Run("""
            $cycle = @{}; $cycle.self = $cycle
            $mock = New-HttpxMockTransport {
                param($Request)
                if ($Request.Url.Path -eq '/text') { @{ Json = '{"id":' } } else { @{ Json = $cycle } }
            }
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            '/text', '/cycle' | Invoke-Httpx -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.FullyQualifiedErrorId; $_.ErrorDetails.Message }
            """);
        var values = Values(result);
        Assert.Equal(4, values.Length);
        Assert.All(new[] { values[0], values[2] }, id => Assert.StartsWith("Httpx.ScriptBlockError,", (string)id!));
        Assert.StartsWith("The Json text is not valid JSON: ", (string)values[1]!);
        Assert.Equal("The Json value refers to itself (a cycle through a Hashtable); JSON cannot represent it.", values[3]);
    }

    [Fact]
    public void A_hashtable_answers_NaN_or_a_token_that_is_no_JSON_value_named_by_its_key_as_its_other_Json_errors()
    {
        // These two said "The -Json value ..." of a script that used no -Json parameter.
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                if ($Request.Url.Path -eq '/nan') { @{ Json = @{ a = [double]::NaN } } } else { @{ Json = @{ p = [Newtonsoft.Json.Linq.JProperty]::new('a', 1) } } }
            }
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            '/nan', '/token' | Invoke-Httpx -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.ErrorDetails.Message }
            try { $null = New-HttpxResponse 200 -Json @{ a = [double]::PositiveInfinity } } catch { $_.Exception.Message }
            """);
        var values = Values(result);
        Assert.Equal(3, values.Length);
        Assert.Equal("The Json value contains NaN, which JSON cannot represent.", values[0]);
        Assert.StartsWith("The Json value holds a Newtonsoft.Json.Linq.JProperty whose text is not a JSON value: ", (string)values[1]!);
        Assert.StartsWith("The -Json value contains Infinity, which JSON cannot represent.", (string)values[2]!);
    }

    [Fact]
    public void Throwing_an_Httpx_exception_simulates_that_failure()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) throw [Httpx.ConnectTimeoutException]::new('simulated timeout', $Request) })
            Invoke-Httpx 'https://slow.invalid/' -Client $c
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ConnectTimeout,", error.FullyQualifiedErrorId);
        Assert.Contains("simulated timeout", error.Exception.Message);
    }

    [Fact]
    public void A_failed_Pester_assertion_in_a_handler_or_hook_is_thrown_so_that_the_test_fails()
    {
        // Pester's Should throws an ErrorRecord with the id PesterAssertionFailed (as thrown here: the runspace has no
        // Pester) and fails a test only on what is thrown. Written as the request's non-terminating error, a Should in a
        // mock handler that failed left the test green. A thrown string is still the request's error.
        var result = _ps.Run("""
            $assert = { param($Request) if ($Request.Url.Path -eq '/3') { throw [Management.Automation.ErrorRecord]::new([Exception]"Expected 'PUT', but got '$($Request.Method)'.", 'PesterAssertionFailed', 'InvalidResult', $null) } }
            $answered = [Collections.Generic.List[string]]::new()
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) & $assert $Request; $answered.Add($Request.Url.Path); New-HttpxResponse 200 })
            try { 1..5 | ForEach-Object { "https://api.invalid/$_" } | Invoke-Httpx -Client $c -ErrorAction SilentlyContinue | Out-Null; 'not thrown' }
            catch { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
            $answered -contains '/5'
            $h = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 }) -OnRequest { & $assert $_ }
            try { Invoke-Httpx 'https://api.invalid/3' -Client $h -ErrorAction SilentlyContinue; 'not thrown' } catch { $_.FullyQualifiedErrorId }
            $s = New-HttpxClient -Transport (New-HttpxMockTransport { throw 'backend down' })
            Invoke-Httpx 'https://api.invalid/3' -Client $s; 'went on'
            """);
        Assert.Equal(new object[] { "PesterAssertionFailed: Expected 'PUT', but got 'GET'.", false, "PesterAssertionFailed", "went on" }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ScriptBlockError,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_simulated_failure_is_the_last_error_in_dollar_Error()
    {
        // PowerShell records the block's throw in $Error and skips a second record of the same exception right after
        // it: $Error[0] was the block's record (id 'simulated timeout'), not Invoke-Httpx's.
        var result = _ps.Run("""
            $Error.Clear()
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) throw [Httpx.ConnectTimeoutException]::new('simulated timeout', $Request) })
            Invoke-Httpx 'https://slow.invalid/' -Client $c -ErrorAction SilentlyContinue
            $Error.Count
            $Error[0].FullyQualifiedErrorId
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Output[0].BaseObject);
        Assert.StartsWith("Httpx.ConnectTimeout,", (string)result.Output[1].BaseObject);
    }

    [Fact]
    public void A_hook_whose_method_call_fails_leaves_one_record_in_dollar_Error_as_a_throw_does()
    {
        // $_.RaiseForStatus() in a hook: PowerShell recorded the block's MethodInvocationException (id
        // HttpStatusException) besides Invoke-Httpx's record of the same failure, two records for one failed request,
        // where a thrown engine exception leaves one.
        var result = _ps.Run("""
            $Error.Clear()
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($r) New-HttpxResponse -StatusCode 503 }) -OnResponse { $_.RaiseForStatus() }
            Invoke-Httpx 'https://api.invalid/' -Client $c -ErrorAction SilentlyContinue
            $Error.Count
            $Error[0].FullyQualifiedErrorId
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(1, result.Output[0].BaseObject);
        Assert.StartsWith("Httpx.HTTPStatusError,", (string)result.Output[1].BaseObject);
    }

    [Fact]
    public void A_handler_that_returns_no_response_fails_the_request_with_a_clear_message()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) 'not a response' })
            Invoke-Httpx 'https://x.invalid/a' -Client $c
            $c2 = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Status = 200 } })
            Invoke-Httpx 'https://x.invalid/b' -Client $c2
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("returned no response", result.Errors[0].Exception.Message);
        Assert.Contains("https://x.invalid/a", result.Errors[0].Exception.Message);
        Assert.Contains("Unknown response key 'Status'", result.Errors[1].Exception.Message);
        // What the block returned is the user's error, as what it throws is: Httpx.ScriptBlockError, InvalidResult.
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.ScriptBlockError,", e.FullyQualifiedErrorId));
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category));
    }

    [Fact]
    public void The_request_is_dollar_underscore_in_the_handler_as_in_a_request_hook()
    {
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport { if ($_.Url.Path -eq '/a') { New-HttpxResponse 200 -Text "a by $($_.Method)" } else { New-HttpxResponse 404 } }
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            (Invoke-Httpx /a POST -Client $c).Text
            (Invoke-Httpx /b -Client $c).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "a by POST", 404 }, Values(result));
    }

    [Fact]
    public void The_message_for_no_response_says_what_the_handler_output_instead()
    {
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport {
                param($Request)
                switch ($Request.Url.Path) {
                    '/object' { [pscustomobject]@{ StatusCode = 200; Text = 'hi' } }
                    '/string' { 'not a response'; 42 }
                    default   { $null }
                }
            }
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            '/object', '/string', '/null' | ForEach-Object { Invoke-Httpx $_ -Client $c }
            """);
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("https://x.invalid/object')> (it output a PSCustomObject):", result.Errors[0].Exception.Message);
        Assert.Contains("https://x.invalid/string')> (it output a String, an Int32):", result.Errors[1].Exception.Message);
        Assert.Contains("https://x.invalid/null')> (it output nothing):", result.Errors[2].Exception.Message);
    }

    [Fact]
    public void A_hashtable_whose_StatusCode_is_no_status_code_is_the_handlers_error_naming_the_value()
    {
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport { param($Request) @{ StatusCode = $Request.Url.Path.Trim('/'); Text = 'x' } }
            $c = New-HttpxClient -BaseUrl 'https://x.invalid' -Transport $mock
            (Invoke-Httpx /404 -Client $c).StatusCode
            (Invoke-Httpx /999 -Client $c).StatusCode
            Invoke-Httpx /NotFound -Client $c
            Invoke-Httpx /42 -Client $c
            """);
        Assert.Equal(new object[] { 404, 999 }, Values(result));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.ScriptBlockError,", e.FullyQualifiedErrorId));
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category));
        Assert.Equal("StatusCode 'NotFound' is not a status code: a response hashtable takes a number from 100 to 999.", result.Errors[0].ToString());
        Assert.Equal("StatusCode '42' is not a status code: a response hashtable takes a number from 100 to 999.", result.Errors[1].ToString());
    }

    [Fact]
    public void A_hashtable_whose_StatusCode_is_null_is_the_handlers_error_not_a_200()
    {
        // A misspelt or unset variable ($staus) answered 200 OK, as if the key were left out: a test of the 404 path passed on the 200 one.
        var result = _ps.Run("""
            $status = 404
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ StatusCode = $staus; Text = 'gone' } })
            Invoke-Httpx 'https://x.invalid/item' -Client $c
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Text = 'default' } })
            (Invoke-Httpx 'https://x.invalid/item' -Client $c).StatusCode
            """);
        Assert.Equal(new object[] { 200 }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ScriptBlockError,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Equal("StatusCode is $null, which is no status code: a response hashtable takes a number from 100 to 999, or no StatusCode key for 200.", error.ToString());
    }

    [Fact]
    public void A_commands_empty_output_in_a_hashtable_answer_is_null_as_for_Invoke_Httpx()
    {
        // A key filled from a command that wrote nothing holds AutomationNull, which PowerShell (and -Json, -Data, -Params)
        // treat as $null: Json went out as a JSON null body, Content and Headers were refused as a PSCustomObject, Text
        // was an empty text/plain body and StatusCode 'not a status code' (''), where $null in each says what it says.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport {
                @{ StatusCode = 201; Json = $(if ($false) { 1 }); Content = $(if ($false) { 1 }); Text = $(if ($false) { 1 }); Headers = $(if ($false) { 1 }) } })
            $r = Invoke-Httpx 'https://x.invalid/' -Client $c
            "$($r.StatusCode) [$($r.Headers['Content-Type'])] [$($r.Text)]"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ StatusCode = $(if ($false) { 1 }) } })
            Invoke-Httpx 'https://x.invalid/' -Client $c
            """);
        Assert.Equal(new object[] { "201 [] []" }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.Equal("StatusCode is $null, which is no status code: a response hashtable takes a number from 100 to 999, or no StatusCode key for 200.", error.ToString());
    }

    [Fact]
    public void The_handler_given_by_name_runs_on_the_pipeline_thread_also_when_requests_run_concurrently()
    {
        var result = _ps.Run("""
            $thread = [Environment]::CurrentManagedThreadId
            $script:elsewhere = 0
            $mock = New-HttpxMockTransport -ScriptBlock {
                param($Request)
                if ([Environment]::CurrentManagedThreadId -ne $thread) { $script:elsewhere++ }
                New-HttpxResponse 200 -Text $Request.Url.Path
            }
            $c = New-HttpxClient -Transport $mock
            (1..8 | ForEach-Object { "https://mock.invalid/$_" } | Invoke-Httpx -Client $c -ThrottleLimit 4 | ForEach-Object { $_.Text }).Count
            $script:elsewhere
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 8, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
