using System.Management.Automation;

namespace Httpx.PowerShell.Tests;

public class InvokeHttpxTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public InvokeHttpxTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void A_GET_writes_the_response_object()
    {
        var result = _ps.Run("$r = Invoke-Httpx \"$base/get\"; $r.StatusCode; $r.ToString(); $r.Headers['content-type']; $r.Request.Method");
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, "<Response [200 OK]>", "application/json", "GET" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_101_is_written_at_once_with_its_connection_closed_as_HTTPX_closes_a_non_streamed_response()
    {
        // Before f834a92, the open connection was read as the body until -Timeout: Httpx.ReadTimeout, no response.
        // Before this, each 101 kept its socket open until .NET collected the response (OpenConnections 1, 2, 3).
        var result = _ps.Run("""
            $t = New-HttpxTransport
            $c = New-HttpxClient -Transport $t
            foreach ($i in 1..3) {
                $r = Invoke-Httpx "$raw/upgrade-echo" -Headers @{ Connection = 'Upgrade'; Upgrade = 'echo' } -Client $c -Timeout 10
                $t.OpenConnections
            }
            $r.StatusCode; $r.Content.Length; $r.Text; $r.IsClosed
            try { $r.Extensions['network_stream'].ReadByte() } catch { $_.Exception.InnerException.GetType().Name }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 0, 0, 0, 101, 0, "", true, "ObjectDisposedException" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_streamed_101_from_Client_Stream_talks_the_new_protocol_on_network_stream_until_it_is_disposed()
    {
        // The way the help gives to use an upgraded connection from PowerShell.
        var result = _ps.Run("""
            $t = New-HttpxTransport
            $c = New-HttpxClient -Transport $t
            $r = $c.Stream('GET', "$raw/upgrade-echo", @{ Headers = @{ Connection = 'Upgrade'; Upgrade = 'echo' } })
            $s = $r.Extensions['network_stream']
            try {
                $reader = [IO.StreamReader]::new($s)
                $reader.ReadLine()
                $ping = [Text.Encoding]::ASCII.GetBytes("ping`n")
                $s.Write($ping, 0, $ping.Length)
                $reader.ReadLine()
                $t.OpenConnections
            } finally { $r.Dispose() }
            $t.OpenConnections
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "ready", "ping", 1, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_101_s_connection_is_closed_also_when_a_hook_read_its_extensions()
    {
        // Before 341851e, reading any extension (here a hook's) kept the connection open after $r.Dispose(); now the
        // non-streamed 101 is closed before it is written, whoever read its extensions.
        var result = _ps.Run("""
            $t = New-HttpxTransport
            $c = New-HttpxClient -Transport $t -OnResponse { $null = $_.Extensions['http_version'], $_.Extensions['network_stream'] }
            $r = Invoke-Httpx "$raw/upgrade-echo" -Headers @{ Connection = 'Upgrade'; Upgrade = 'echo' } -Client $c -Timeout 10
            $r.StatusCode; $t.OpenConnections
            $r.Dispose()
            $t.OpenConnections
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 101, 0, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_101_not_written_as_a_response_has_its_connection_closed()
    {
        // -As Text, Bytes or Json write the body, and an error is raised for a 101 unless -SkipHttpErrorCheck: the
        // response is never seen, and before, its upgraded connection stayed open with no way to reach or close it.
        var result = _ps.Run("""
            $t = New-HttpxTransport
            $c = New-HttpxClient -Transport $t
            $h = @{ Connection = 'Upgrade'; Upgrade = 'echo' }
            $null = Invoke-Httpx "$raw/upgrade-echo" -Headers $h -Client $c -Timeout 10 -As Text -SkipHttpErrorCheck
            $t.OpenConnections
            Invoke-Httpx "$raw/upgrade-echo" -Headers $h -Client $c -Timeout 10 -As Json
            $t.OpenConnections
            Invoke-Httpx "$raw/upgrade-echo" -Headers $h -Client $c -Timeout 10 -RaiseForStatus
            $t.OpenConnections
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(new object[] { 0, 0, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_response_url_converts_to_a_System_Uri_with_its_password()
    {
        var result = _ps.Run("""
            ([uri](Invoke-Httpx "$base/get?a=1").Url).Query
            ([uri][Httpx.Url]'https://u:p%40ss@example.org/x').UserInfo
            ([uri][Httpx.Url]'/relative').IsAbsoluteUri
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "?a=1", "u:p%40ss", false }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_System_Uri_is_taken_as_written_not_as_its_unescaped_text()
    {
        // A Uri's ToString() unescapes "%41" to "A" and "%7C" to "|", and its "%2e%2e" segment climbs a level: a
        // different request target. Given or piped, it is read as its original text, as HTTPX would read that text.
        var result = _ps.Run("""
            (New-HttpxRequest ([uri]'https://example.org/a%41%7Cb/%2e%2e/c')).Url.RawPath
            ([uri]'https://example.org/x%41' | New-HttpxRequest).Url.RawPath
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "/a%41%7Cb/%2e%2e/c", "/x%41" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_url_with_whitespace_around_it_is_sent_trimmed_as_Invoke_WebRequest_does()
    {
        // A pasted URL or a line of a CRLF file: it was sent as "%20https://..." (refused as missing a scheme) or
        // refused for its CR. An Httpx.Url keeps HTTPX's behaviour (no trimming: the space is escaped).
        var result = _ps.Run("""
            (Invoke-Httpx " $base/get " -As Json).url
            (Invoke-Httpx "`t$base/get?a=1`r`n" -As Json).url
            (Invoke-Httpx ([uri]" $base/get ")).Url.Path
            (New-HttpxRequest "$base/get`r").Url.Path
            "$([Httpx.Url]'https://example.org/get ')"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "/get", "/get?a=1", "/get", "/get", "https://example.org/get%20" },
            result.Output.Select(o => o.BaseObject.ToString()!.Replace(_ps.Server.HttpUrl, "")).ToArray());
    }

    [Fact]
    public void A_url_of_only_whitespace_is_an_error_also_with_a_base_url_not_the_base_url_itself()
    {
        // Trimmed to '', it was taken as '' (the base URL itself, as HTTPX's client.get("")): a blank line of a CRLF
        // file ("`r") or a cell of spaces sent a request to the API's root without a word. Before the trimming it was
        // refused ("`r") or sent to "<base>%20%20". Only an explicit '' means the base URL.
        var result = _ps.Run("""
            Invoke-Httpx '  ' -BaseUrl "$base/anything/v1"
            New-HttpxRequest "`r" -BaseUrl "$base/anything/v1"
            $c = New-HttpxClient -BaseUrl "$base/anything/v1"
            "`t", "$base/status/204" | Invoke-Httpx -Client $c | ForEach-Object { $_.StatusCode }
            [pscustomobject]@{ Name = 'web1'; Url = ' ' } | Invoke-Httpx -Client $c
            (Invoke-Httpx '' -Client $c -As Json).path
            """);
        Assert.Equal(new object[] { 204, "/anything/v1/" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.All(result.Errors.Take(3), e => Assert.Contains("-Uri is only whitespace", e.ToString()));
        Assert.Contains("the Url property of the piped object with the properties Name, Url holds no URL", result.Errors[3].ToString());
        Assert.Equal("web1", ((PSObject)result.Errors[3].TargetObject).Properties["Name"].Value);
    }

    [Fact]
    public void Uri_takes_any_collection_of_urls_as_items()
    {
        var result = _ps.Run("""
            $set = [Collections.Generic.HashSet[string]]::new()
            $null = $set.Add("$base/get?i=1"); $null = $set.Add("$base/get?i=2")
            (Invoke-Httpx $set -As Json | ForEach-Object { $_.args.i[0] }) -join ','
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("1,2", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_hashtable_body_is_refused_pointing_to_Params_for_a_GET_Data_and_Json()
    {
        // Invoke-WebRequest puts a GET's hashtable -Body in the query string: the advice named only -Data, which turns
        // that GET into a POST of a form.
        var result = _ps.Run("""
            Invoke-Httpx "$base/get" -Body @{ q = 1 }
            Invoke-Httpx "$base/post" -Method Post -Body ([ordered]@{ a = 1 })
            Invoke-Httpx "$base/post" -Body ([pscustomobject]@{ a = 1 })
            """);
        Assert.Equal(3, result.Errors.Count);
        foreach (var error in result.Errors.Take(2))
        {
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Contains("Invoke-WebRequest's hashtable -Body is -Params here for a GET (it went in the query string) and -Data for a POST (form fields); -Json sends it as a JSON body.", error.Exception.Message);
        }
        Assert.Contains("System.Collections.Specialized.OrderedDictionary", result.Errors[1].Exception.Message);
        Assert.Contains("use -Data for form fields", result.Errors[2].Exception.Message);
    }

    [Fact]
    public void A_file_read_as_lines_or_bytes_for_the_body_is_refused_pointing_to_Get_Content_Raw_and_InFile()
    {
        // -Body (Get-Content $file), -Raw forgotten, is a list of strings, or with -AsByteStream of bytes: the refusal said
        // to use -Data or -Json, away from what was meant, the file's text or bytes. Other lists keep that advice.
        var result = _ps.Run("""
            Invoke-Httpx "$base/post" -Body @('line 1', 'line 2', 'line 3')
            Invoke-Httpx "$base/post" -Body ([object[]][byte[]](104, 105))
            Invoke-Httpx "$base/post" -Body @('a', 1)
            """);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.Equal("Content", result.Errors[0].TargetObject);
        Assert.Equal("-Content takes a string, [xml], byte[], Stream or FileInfo, not a list of 3 strings (Get-Content without -Raw gives a file's lines): give them as one string (Get-Content -Raw, or the lines -join \"`n\"), or the file itself with -InFile.", result.Errors[0].ToString());
        Assert.Equal("-Content takes a string, [xml], byte[], Stream or FileInfo, not a list of 2 bytes (Get-Content -AsByteStream without -Raw gives them one by one): give a byte[] (Get-Content -AsByteStream -Raw, or [byte[]] of the list), or the file itself with -InFile.", result.Errors[1].ToString());
        Assert.Contains("not System.Object[]; use -Data for form fields", result.Errors[2].ToString());
    }

    [Fact]
    public void An_HttpContent_body_stops_the_command_pointing_to_Data_and_Files()
    {
        // Invoke-WebRequest -Body takes a MultipartFormDataContent; the advice here was the hashtable's ("-Data for form
        // fields ... or -Json"), with no word of -Files for the form's files.
        var result = _ps.Run("""
            $form = [System.Net.Http.MultipartFormDataContent]::new()
            $form.Add([System.Net.Http.StringContent]::new('TestValue'), 'TestString')
            try { Invoke-Httpx 'http://127.0.0.1:1/post' -Body $form } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => o?.BaseObject).ToArray();
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", values[0]);
        Assert.Equal("Content", values[1]);
        Assert.Contains("not System.Net.Http.MultipartFormDataContent (an HttpContent", (string)values[2]!);
        Assert.Contains("fields to -Data and its files to -Files", (string)values[2]!);
        // It lists what -Content takes as the message for any other type does: the two were written apart, and an
        // [xml] document (taken since 9888da5) was missing from this one.
        Assert.Contains("-Content takes a string, [xml], byte[], Stream or FileInfo, not System.Net.Http.MultipartFormDataContent", (string)values[2]!);
    }

    [Fact]
    public void Timeout_takes_a_TimeSpan_alone_or_per_limit()
    {
        var result = _ps.Run("""
            (New-HttpxRequest "$base/get" -Timeout ([timespan]'0:0:30')).Extensions['timeout'].Read
            (New-HttpxRequest "$base/get" -Timeout @{ Read = [timespan]'0:0:2.5' }).Extensions['timeout'].Read
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 30.0, 2.5 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void ElapsedMs_Length_and_ContentType_are_typed_for_Get_Member()
    {
        // ContentType was a script property: Get-Member said 'System.Object ContentType'.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/get"
            $r.psobject.Properties['ElapsedMs'].TypeNameOfValue
            $r.psobject.Properties['Length'].TypeNameOfValue
            $r.psobject.Properties['ContentType'].TypeNameOfValue
            $r.ContentType
            $null -eq (New-HttpxResponse 204).ContentType
            """);
        Assert.Empty(result.Errors);
        Assert.Contains("System.Double", (string)result.Output[0].BaseObject);
        Assert.Contains("System.Int64", (string)result.Output[1].BaseObject);
        Assert.Equal("System.String", (string)result.Output[2].BaseObject);
        Assert.Equal("application/json", result.Output[3].BaseObject);
        Assert.Equal(true, result.Output[4].BaseObject);
    }

    [Fact]
    public void NaN_and_Infinity_in_JSON_read_as_doubles_as_Python_and_ConvertFrom_Json_read_them()
    {
        var result = _ps.Run("""
            $v = (New-HttpxResponse 200 -Text '{"a": NaN, "b": [Infinity, -Infinity], "s": "NaN", "n": 1}').Json()
            [double]::IsNaN($v.a); $v.b[0]; $v.b[1]; $v.s; $v.n
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, double.PositiveInfinity, double.NegativeInfinity, "NaN", 1L }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_nested_deeper_than_64_levels_parses_as_ConvertFrom_Json_does()
    {
        var result = _ps.Run("""
            $deep = ('[' * 100) + 1 + (']' * 100)
            $v = (New-HttpxResponse 200 -Text $deep).Json()
            for ($i = 0; $i -lt 99; $i++) { $v = $v[0] }
            $v[0]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(1L, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Headers_cookies_and_query_parameters_read_as_members_like_a_hashtable()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/redirect/2"
            $r.Headers.Location
            $r.Headers.'CONTENT-TYPE'
            $null -eq $r.Headers.'X-Absent'
            $r.Headers.Count -eq $r.Headers.Raw.Count
            ($r.Headers.Name -contains 'Location')
            (Invoke-Httpx "$base/cookies/set/session/abc").Cookies.session
            ([Httpx.Url]'https://example.org/?page=2&q=a&q=b').Params.q
            # A hashtable's two names for 'has this key', on each of the three (HTTPX: 'location' in r.headers).
            $r.Headers.Contains('LOCATION'), $r.Headers.ContainsKey('x-absent')
            $jar = (Invoke-Httpx "$base/cookies/set/session/abc").Cookies
            $jar.Contains('session'), $jar.ContainsKey('session'), $jar.ContainsKey('other')
            $q = ([Httpx.Url]'https://example.org/?page=2').Params
            $q.Contains('page'), $q.ContainsKey('page'), $q.Contains('q')
            """);
        Assert.Empty(result.Errors);
        // Count is the collection's own member; .Name still reads each header's name; q's first value, as Get gives it.
        Assert.Equal(new object[] { "/redirect/1", "application/json", true, true, true, "abc", "a", true, false, true, true, false, true, true, false },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Headers_have_Values_as_a_hashtable_has_in_the_order_of_their_Keys()
    {
        // HTTPX's headers.values(); $r.Headers.Values read a header named 'Values' and gave $null.
        var result = _ps.Run("""
            $h = [Httpx.Headers]::From([ordered]@{ Accept = @('a', 'b'); 'X-One' = '1' })
            $h.Keys -join '|'
            $h.Values -join '|'
            $r = Invoke-Httpx "$base/get"
            $r.Headers.Values.Count -eq $r.Headers.Keys.Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "accept|x-one", "a, b|1", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Enumerated_headers_have_a_Key_as_a_hashtables_entries_have()
    {
        // The Invoke-WebRequest idiom $r.Headers.GetEnumerator() | % { "$($_.Key): $($_.Value)" } gave ": value" lines.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/response-headers?X-Multi=x&X-Multi=y"
            ($r.Headers.GetEnumerator() | Where-Object Key -eq 'X-Multi' | ForEach-Object { "$($_.Key): $($_.Value)" }) -join '|'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "X-Multi: x|X-Multi: y" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_built_requests_headers_and_a_clients_cookies_are_set_as_members()
    {
        var result = _ps.Run("""
            $req = New-HttpxRequest "$base/get"
            $req.Headers.'X-Trace' = 'abc'
            $req.Headers.Accept = 'text/plain', 'application/json'
            try { $req.Headers.'Bad Name' = 'x' } catch { $_.Exception.Message.Contains("'Bad …'") }
            try { $req.Headers.'X-Token' = $unset } catch { $_.Exception.Message.Contains("'X-Token' has no value") }
            $req.Headers.ContainsKey('X-Token')
            $e = $req | Invoke-Httpx -As Json
            $e.headers.'X-Trace'[0]; $e.headers.Accept -join ';'
            $c = New-HttpxClient; $c.Cookies.sid = 'v1'
            (Invoke-Httpx "$base/cookies" -Client $c -As Json).cookies.sid
            try { ([Httpx.Url]'https://example.org/?a=1').Params.a = 2 } catch { $_.Exception.Message.Contains('returns a copy') }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, false, "abc", "text/plain, application/json", "v1", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_header_read_as_a_member_under_strict_mode_is_an_error_only_when_it_is_missing()
    {
        var result = _ps.Run("""
            Set-StrictMode -Version Latest
            $r = Invoke-Httpx "$base/redirect/2"
            $r.Headers.Location
            $r.Headers.'X-Absent'
            """);
        Assert.Equal(new object[] { "/redirect/1" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal("PropertyNotFoundStrict", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Json_returns_PowerShell_objects_like_ConvertFrom_Json_and_the_engine_json_stays_reachable()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/get" -Params @{ n = 5 }
            $j = $r.Json()
            $j.GetType().FullName
            $j.args.n[0]
            ($j.psobject.Properties | ForEach-Object Name) -join ','
            $r.psbase.Json().GetType().Name
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("System.Management.Automation.PSCustomObject", result.Output[0].BaseObject);
        Assert.Equal("5", result.Output[1].BaseObject);
        Assert.StartsWith("method,url,", (string)result.Output[2].BaseObject);
        Assert.Equal("JsonObject", result.Output[3].BaseObject);
    }

    [Fact]
    public void Numbers_come_back_as_Int64_and_Double_and_arrays_as_object_arrays()
    {
        var result = _ps.Run("""
            $j = Invoke-Httpx "$base/post" -Json @{ i = 1; d = 1.5; a = @(1, 'x') } -As Json
            $j.json.i.GetType().Name; $j.json.d.GetType().Name; $j.json.a.GetType().Name
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Int64", "Double", "Object[]" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Integers_beyond_Int64_come_back_as_BigInteger_and_exponents_as_Double_as_ConvertFrom_Json_reads_them()
    {
        // ConvertFrom-Json's types: an integer too big for Int64 is a BigInteger (a Double would lose its last digits), and
        // 1E3 or 2e-2 is a Double whichever the case of its exponent.
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Json '{"big":123456789012345678901234567890,"upper":1E3,"lower":2e-2}' })
            $j = Invoke-Httpx 'https://api.invalid/' -Client $c -As Json
            foreach ($v in $j.big, $j.upper, $j.lower) { "$($v.GetType().Name) $([string]$v)" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "BigInteger 123456789012345678901234567890", "Double 1000", "Double 0.02" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_text_with_a_lone_surrogate_is_an_invalid_argument_against_Json()
    {
        // Text that cannot be written as UTF-8 is not JSON a request can carry; the error had no target and did not say
        // -Json ("Cannot transcode invalid UTF-16 string to UTF-8 JSON text.").
        var result = _ps.Run("""
            Invoke-Httpx "$base/post" -Json ('{ "a": "x' + [char]0xD800 + '" }')
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("Json", error.TargetObject);
        Assert.StartsWith("The -Json text is not valid JSON: ", error.ToString());
    }

    [Fact]
    public void An_IPv6_address_without_brackets_is_an_InvalidURL_error_saying_to_bracket_it_and_the_others_go_on()
    {
        // 'http://::1:9100/metrics' said only "Invalid port ':1:9100'" (as HTTPX does).
        var result = _ps.Run("""
            'http://::1:9100/metrics', "$base/get" | Invoke-Httpx -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object StatusCode
            $failed[0].FullyQualifiedErrorId; "$($failed[0])"
            """);
        Assert.Equal(new object?[]
        {
            200,
            "Httpx.InvalidURL,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "Invalid port ':1:9100' in URL 'http://::1:9100/metrics': an IPv6 address goes in brackets in a URL, write '[::1]:9100' (or '[::1:9100]' if all of it is the address)",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_URL_cut_inside_an_emoji_is_an_InvalidURL_error_for_that_item_and_the_others_go_on()
    {
        // It went out percent-encoded as U+FFFD (%EF%BF%BD); HTTPX raises UnicodeEncodeError. The message shows the half as an escape.
        var result = _ps.Run("""
            $half = 'a😀'.Substring(0, 2)
            "$base/get?q=$half", "$base/get?q=%F0%9F%98%80" | Invoke-Httpx -ErrorVariable failed -ErrorAction SilentlyContinue |
                ForEach-Object { $_.Json().args.q }
            $failed[0].FullyQualifiedErrorId; "$($failed[0])"
            """);
        Assert.Equal(new object?[]
        {
            "😀",
            "Httpx.InvalidURL,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            $"Invalid character in URL '{_ps.Server.HttpUrl}/get?q=a\\ud83d': half of a surrogate pair (U+D83D) at character {_ps.Server.HttpUrl.Length + 8}, text cut inside a character such as an emoji, which cannot be encoded in UTF-8",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Data_and_Params_text_cut_inside_an_emoji_stops_the_command_once_naming_the_field()
    {
        // It went out as %EF%BF%BD (U+FFFD); HTTPX raises UnicodeEncodeError. Refused before any request, as other -Data values are.
        var result = _ps.Run("""
            $half = 'a😀'.Substring(0, 2)
            try { "$base/post", "$base/post" | Invoke-Httpx -Method Post -Data @{ note = $half } }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            try { Invoke-Httpx "$base/get" -Params @{ q = 'ok', $half } } catch { $_.FullyQualifiedErrorId; "$_" }
            """);
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Data",
            "-Data 'note': the value has half of a surrogate pair (U+D83D) at character 1, text cut inside a character such as an emoji, which cannot be encoded in UTF-8.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "-Params 'q': the value has half of a surrogate pair (U+D83D) at character 1, text cut inside a character such as an emoji, which cannot be encoded in UTF-8.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_SecureString_in_Params_or_Data_stops_the_command_naming_the_field()
    {
        // An API key from Get-Secret (a SecureString), as is or put into a string, went out as the text
        // 'System.Security.SecureString' (?api_key=System.Security.SecureString), and the server's 401 said nothing of why.
        var result = _ps.Run("""
            $key = [securestring]::new(); 'k3y'.ToCharArray() | ForEach-Object { $key.AppendChar($_) }
            try { Invoke-Httpx "$base/get" -Params @{ api_key = $key } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            try { Invoke-Httpx "$base/get" -Params @{ q = 'x', "key:$key" } } catch { "$_" }
            try { Invoke-Httpx "$base/post" -Data @{ token = "$key" } } catch { $_.TargetObject; "$_" }
            """);
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Params",
            "-Params 'api_key': a value is text, not a SecureString. Give the secret's text (ConvertFrom-SecureString -AsPlainText).",
            "-Params 'q': the value holds the text 'System.Security.SecureString', which is what a SecureString becomes inside a string (\"Bearer $secret\"): none of the secret is in it. Give the secret's text (ConvertFrom-SecureString -AsPlainText).",
            "Data",
            "-Data 'token': the value holds the text 'System.Security.SecureString', which is what a SecureString becomes inside a string (\"Bearer $secret\"): none of the secret is in it. Give the secret's text (ConvertFrom-SecureString -AsPlainText).",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_lone_surrogate_in_a_Json_object_goes_out_escaped_as_JSON_stringify_writes_it()
    {
        // A string cut inside an emoji, as a key and a value; it went out as U+FFFD, which the server could not tell
        // from a real one. -As Json reads such an escape back into the same string, so a read-modify-write keeps it.
        var result = _ps.Run("""
            $half = 'a😀'.Substring(0, 2)
            $r = Invoke-Httpx "$base/post" -Json ([ordered]@{ s = $half; $half = 1 }) -As Json
            $r.body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(["""{"s":"a\ud83d","a\ud83d":1}"""], result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_text_goes_out_as_given_and_text_that_is_not_JSON_is_an_invalid_argument()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/post" -Json '{ "a" : 1 }' -As Json
            $r.body; $r.headers.'Content-Type'
            Invoke-Httpx "$base/post" -Json '{ a: 1 }'
            """);
        Assert.Equal(new object[] { "{ \"a\" : 1 }", "application/json" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        // Targeted at Json, as every other -Json error is (the engine's error said 'json', its C# parameter).
        Assert.Equal("Json", error.TargetObject);
        Assert.StartsWith("The -Json text is not valid JSON: ", error.ToString());
    }

    [Fact]
    public void Json_text_with_curly_quotes_is_an_error_naming_the_quote_and_where_it_is()
    {
        // JSON pasted from a chat, where the quotes turned curly: the message said "'0xE2' is an invalid start of a
        // value. LineNumber: 0 | BytePositionInLine: 6." (a UTF-8 byte, counted from 0).
        var result = _ps.Run("""
            Invoke-Httpx "$base/post" -Json "{ `"a`": `u{201C}on`u{201D} }"
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("The -Json text is not valid JSON: '\u201C' (U+201C) is an invalid start of a value (line 1, character 8) (Parameter 'Json')", error.Exception.Message);
    }

    [Fact]
    public void A_file_for_Files_that_does_not_exist_stops_the_command_naming_it()
    {
        var result = _ps.Run("""
            try { "$base/post", "$base/post" | Invoke-Httpx -Files @{ f = './no-such-file.txt' }; 'not reached' }
            catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", result.Output[0].BaseObject);
        Assert.Contains("no-such-file.txt", (string)result.Output[1].BaseObject);
        Assert.Equal(2, result.Output.Count);

        // A folder is named as one (it read "file '/tmp' does not exist").
        var folder = _ps.Run("""try { Invoke-Httpx "$base/post" -Files @{ f = [IO.Path]::GetTempPath() } } catch { $_.Exception.Message }""");
        Assert.Matches("^-Files 'f': '.*' is a folder; give a file", (string)Assert.Single(folder.Output).BaseObject);

        // An empty path (a variable set to '') is named as empty: it resolved to the current folder, named as a folder.
        var empty = _ps.Run("""try { Invoke-Httpx "$base/post" -Files @{ f = '' } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }""");
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Files", "-Files 'f': the path is empty; give a file. (Parameter 'Files')",
        }, empty.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_FileInfo_Content_that_does_not_exist_stops_the_command_naming_it()
    {
        // It failed each piped URL with .NET's "Could not find file", as Httpx.FileError in the WriteError category.
        var result = _ps.Run("""
            try { "$base/post", "$base/put" | Invoke-Httpx -Method PUT -Content ([IO.FileInfo]'/no-such-dir/body.bin'); 'not reached' }
            catch { $_.FullyQualifiedErrorId; "$($_.CategoryInfo.Category)"; $_.TargetObject; "$_" }
            try { New-HttpxRequest "$base/post" POST -Content ([IO.FileInfo][IO.Path]::GetTempPath()); 'not reached' } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "InvalidArgument", "Content",
            "-Content: file '/no-such-dir/body.bin' does not exist.",
        }, result.Output.Take(4).Select(o => o.BaseObject).ToArray());
        Assert.Matches("^-Content: '.*' is a folder; give a file\\.$", (string)result.Output[4].BaseObject);
        Assert.Equal(5, result.Output.Count);
    }

    [Fact]
    public void InFile_sends_a_file_named_by_a_path_relative_to_the_current_location_as_Invoke_WebRequest_does()
    {
        // Invoke-WebRequest's upload parameter; as an alias of -Content it would have sent the path's text.
        var result = _ps.Run("""
            $dir = [IO.Directory]::CreateTempSubdirectory('httpx-infile-').FullName
            try {
                [IO.File]::WriteAllBytes([IO.Path]::Combine($dir, 'build.zip'), [byte[]](1..200))
                $null = $ExecutionContext.SessionState.Path.SetLocation($dir)
                $r = "$base/anything", "$base/anything" | Invoke-Httpx -InFile ./build.zip -As Json
                foreach ($one in $r) { $one.method; $one.headers.'Content-Length'[0]; $one.body_length; $one.chunked }
                $put = Invoke-Httpx "$base/anything" -Method PUT -InFile ([IO.Path]::Combine($dir, 'build.zip')) -As Json
                $put.method; $null -eq $put.headers.'Content-Type'
                (New-HttpxRequest "$base/anything" -InFile build.zip).Headers['Content-Length']
            } finally {
                $null = $ExecutionContext.SessionState.Path.SetLocation([IO.Path]::GetTempPath())
                [IO.Directory]::Delete($dir, $true)
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "POST", "200", 200L, false, "POST", "200", 200L, false, "PUT", true, "200" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_request_built_with_InFile_sends_the_file_as_it_is_when_sent()
    {
        // New-HttpxRequest opened the file when it built the request and kept it open until the garbage collector closed
        // it: one open file per request built (a few thousand ran out of handles), and a file replaced since (a rebuilt
        // artifact, moved into place) went out as it was when built. It is opened each time the request is sent.
        var result = _ps.Run("""
            $dir = [IO.Directory]::CreateTempSubdirectory('httpx-infile-').FullName
            try {
                $path = [IO.Path]::Combine($dir, 'build.zip')
                [IO.File]::WriteAllText($path, 'old build')
                $request = New-HttpxRequest "$base/anything" -Method PUT -InFile $path
                [IO.File]::WriteAllText("$path.new", 'new build')
                [IO.File]::Move("$path.new", $path, $true)
                ($request | Invoke-Httpx -As Json).body
                ($request | Invoke-Httpx -As Json).body
            } finally {
                [IO.Directory]::Delete($dir, $true)
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "new build", "new build" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void InFile_takes_its_path_literally_not_as_a_wildcard()
    {
        // As -Download and -Files: 'a[1].bin' is that file, not the wildcard that matches a1.bin.
        var result = _ps.Run("""
            $dir = [IO.Directory]::CreateTempSubdirectory('httpx-infile-').FullName
            try {
                [IO.File]::WriteAllBytes([IO.Path]::Combine($dir, 'a[1].bin'), [byte[]](1..30))
                [IO.File]::WriteAllBytes([IO.Path]::Combine($dir, 'a1.bin'), [byte[]](1..10))
                $null = $ExecutionContext.SessionState.Path.SetLocation($dir)
                (Invoke-Httpx "$base/anything" -InFile 'a[1].bin' -As Json).body_length
            } finally {
                $null = $ExecutionContext.SessionState.Path.SetLocation([IO.Path]::GetTempPath())
                [IO.Directory]::Delete($dir, $true)
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 30L }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_missing_or_folder_InFile_or_one_with_another_body_stops_the_command_naming_it()
    {
        var result = _ps.Run("""
            try { "$base/post", "$base/put" | Invoke-Httpx -InFile /no-such-dir/body.bin; 'not reached' }
            catch { $_.FullyQualifiedErrorId; "$($_.CategoryInfo.Category)"; $_.TargetObject; "$_" }
            try { New-HttpxRequest "$base/post" -InFile ([IO.Path]::GetTempPath()); 'not reached' } catch { $_.TargetObject; "$_" }
            try { Invoke-Httpx "$base/post" -InFile /no-such-dir/body.bin -Content 'raw'; 'not reached' } catch { $_.TargetObject; "$_" }
            try { Invoke-Httpx "$base/post" -InFile 'variable:a.txt'; 'not reached' } catch { $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        var text = result.Output.Select(o => o.BaseObject?.ToString()).ToArray();
        Assert.Equal(10, text.Length);
        Assert.Equal(new[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "InvalidArgument", "InFile",
            "-InFile: file '/no-such-dir/body.bin' does not exist.",
            "InFile",
        }, text[..5]);
        Assert.Matches("^-InFile: '.*' is a folder; give a file\\.$", text[5]);
        Assert.Equal(new[]
        {
            "InFile", "-Content and -InFile each give the request's body: use one of -Content, -InFile, -Data (with -Files for a multipart form), -Files and -Json.",
            "InFile",
        }, text[6..9]);
        Assert.StartsWith("-InFile 'variable:a.txt' is a path of the Variable provider", text[9]);
    }

    [Fact]
    public void A_folder_from_Get_Item_for_Content_or_Files_is_named_as_a_folder()
    {
        // Get-Item gives a DirectoryInfo for a folder: -Content said "takes a string, byte[], Stream or FileInfo, not
        // System.IO.DirectoryInfo; use -Data for form fields ... or -Json", and -Files "expected a path, FileInfo...",
        // where the same folder as a path or a FileInfo reads "is a folder" (Invoke-WebRequest -InFile <folder> says so).
        var result = _ps.Run("""
            $dir = [IO.DirectoryInfo]::new([IO.Path]::GetTempPath()) # what Get-Item gives for a folder
            try { Invoke-Httpx "$base/post" -Content $dir; 'not reached' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            try { Invoke-Httpx "$base/post" -Files @{ f = $dir }; 'not reached' } catch { $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        var text = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(5, text.Length);
        Assert.Equal(new[] { "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Content" }, text[..2]);
        Assert.Matches("^-Content: '.*' is a folder; give a file\\.$", text[2]);
        Assert.Equal("Files", text[3]);
        Assert.Matches("^-Files 'f': '.*' is a folder; give a file\\.$", text[4]);
    }

    [Fact]
    public void A_line_break_in_a_Files_ContentType_stops_the_command_naming_Files()
    {
        // Written into the part's head as given, it added headers of its own to the body ("X-Injected: 1").
        var result = _ps.Run("""
            try { Invoke-Httpx "$base/post" -Files @{ f = @{ Content = 'x'; ContentType = "text/plain`r`nX-Injected: 1" } }; 'not reached' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            """);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Files",
            @"The Content-Type of file 'f' contains a line break: 'text/plain\r\nX-Injected: 1'.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    // The head of each part the echo received, its header lines joined with '|' (the echo reports no part headers).
    // Ordinal: .NET's StartsWith and IndexOf of a string compare by the culture, which under th-TH ignores line breaks.
    private const string PartHeads = """
        function PartHeads($e) {
            $delimiter = $e.body.Substring(0, $e.body.IndexOf("`r`n", [StringComparison]::Ordinal))
            foreach ($part in $e.body.Split($delimiter)) {
                if ($part.StartsWith("`r`n", [StringComparison]::Ordinal)) { $part.Substring(2, $part.IndexOf("`r`n`r`n", [StringComparison]::Ordinal) - 2).Replace("`r`n", '|') }
            }
        }
        """;

    [Fact]
    public void Files_NoFileName_sends_a_part_without_a_filename_and_with_its_own_type()
    {
        // HTTPX's files={"metadata": (None, '{"a":1}', "application/json")}: a JSON part next to a file, read by servers
        // as a form field. FileName = $null means "the default name" (upload), so the hashtable says it with NoFileName.
        var result = _ps.Run(PartHeads + """

            $e = Invoke-Httpx "$base/post" -As Json -Files ([ordered]@{
                metadata = @{ Content = '{"a":1}'; ContentType = 'application/json'; NoFileName = $true }
                plain = @{ Content = 'v'; NoFileName = $true }
                file = @{ Content = 'x'; FileName = 'x.txt'; NoFileName = $false }
            })
            PartHeads $e
            $e.form.metadata[0]; $e.files.file[0].filename
            foreach ($spec in @{ Content = 'x'; FileName = 'x.txt'; NoFileName = $true }, @{ Content = 'x'; NoFileName = 'yes' }) {
                try { Invoke-Httpx "$base/post" -Files @{ f = $spec }; 'not reached' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Content-Disposition: form-data; name=\"metadata\"|Content-Type: application/json",
            "Content-Disposition: form-data; name=\"plain\"",
            "Content-Disposition: form-data; name=\"file\"; filename=\"x.txt\"|Content-Type: text/plain",
            "{\"a\":1}", "x.txt",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Files", "-Files 'f': give FileName or NoFileName, not both.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Files", "-Files 'f': NoFileName is $true or $false, not System.String.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Files_refuses_a_hashtable_with_both_Path_and_Content_before_any_request()
    {
        // Path won and the Content was dropped without a word; a $null Content is a key not given.
        var result = _ps.Run("""
            $path = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-both-$([guid]::NewGuid()).txt")
            [IO.File]::WriteAllText($path, 'from the file')
            try {
                try { Invoke-Httpx "$base/post" -Files @{ f = @{ Path = $path; Content = 'from memory' } }; 'not reached' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
                (Invoke-Httpx "$base/post" -As Json -Files @{ f = @{ Path = $path; Content = $null } }).files.f[0].content
            }
            finally { [IO.File]::Delete($path) }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Files", "-Files 'f': give Path or Content, not both.",
            "from the file",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Files_Headers_adds_the_parts_own_headers_and_a_Content_Type_among_them_is_the_parts()
    {
        // HTTPX's 4-tuple (filename, content, content_type, headers).
        var result = _ps.Run(PartHeads + """

            $e = Invoke-Httpx "$base/post" -As Json -Files ([ordered]@{
                f = @{ Content = 'x'; FileName = 'x.txt'; Headers = [ordered]@{ 'X-Checksum' = 'abc'; 'X-Count' = 2 } }
                g = @{ Content = 'y'; FileName = 'y.txt'; Headers = @{ 'Content-Type' = 'text/csv' } }
            })
            PartHeads $e
            $e.files.g[0].content_type
            foreach ($headers in 'X-A: 1', @{ 'X-A' = [pscustomobject]@{ a = 1 } }, @{ 'X-A' = "1`r`nX-Injected: 1" }) {
                try { Invoke-Httpx "$base/post" -Files @{ f = @{ Content = 'x'; Headers = $headers } }; 'not reached' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            }
            """);
        Assert.Empty(result.Errors);
        const string Id = "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand";
        Assert.Equal(new object[]
        {
            "Content-Disposition: form-data; name=\"f\"; filename=\"x.txt\"|X-Checksum: abc|X-Count: 2|Content-Type: text/plain",
            "Content-Disposition: form-data; name=\"g\"; filename=\"y.txt\"|Content-Type: text/csv",
            "text/csv",
            Id, "Files", "-Files 'f': Headers is a hashtable of header names to values, not System.String.",
            Id, "Files", "-Files 'f' header 'X-A': a value is text, a number, a boolean or a date, or a list of them, not a PSCustomObject.",
            Id, "Files", @"-Files 'f': Invalid value for header 'X-A': it contains '\r', which would break the header apart.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Files_under_a_multipart_related_Content_Type_use_its_boundary_and_an_empty_one_is_refused_naming_the_header()
    {
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/post" -As Json -Headers @{ 'Content-Type' = 'multipart/related; boundary=XYZ' } -Files @{ f = @{ Content = 'x'; FileName = 'x.txt' } }
            $e.headers.'Content-Type'[0]; $e.body.StartsWith("--XYZ`r`n"); $e.body.EndsWith("`r`n--XYZ--`r`n")
            try { Invoke-Httpx "$base/post" -Headers @{ 'Content-Type' = 'multipart/form-data; boundary=' } -Files @{ f = @{ Content = 'x' } } -ErrorAction Stop; 'not reached' }
            catch { $_.FullyQualifiedErrorId; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "multipart/related; boundary=XYZ", true, true,
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "Invalid multipart boundary '' in the Content-Type header 'multipart/form-data; boundary=': a boundary is one or more printable ASCII characters.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_empty_boundary_in_the_commands_Content_Type_with_Files_stops_the_command_with_one_error()
    {
        // The header is the command's, the same for every URL: piped URLs got one error each and the command went on
        // ('went on' was written), where a bad -Headers stops the command before any request.
        var result = _ps.Run("""
            try { 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b' | Invoke-Httpx -Headers @{ 'Content-Type' = 'multipart/related; boundary=' } -Files @{ f = @{ Content = 'x' } }; 'went on' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Headers",
            "Invalid multipart boundary '' in the Content-Type header 'multipart/related; boundary=': a boundary is one or more printable ASCII characters.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Method_defaults_to_POST_with_a_body_and_GET_without()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/anything" -As Json).method
            (Invoke-Httpx "$base/anything" -Data @{ a = 'b' } -As Json).method
            (Invoke-Httpx "$base/anything" PUT -Content 'x' -As Json).method
            # -Body, Invoke-WebRequest's name for -Content.
            $echo = Invoke-Httpx "$base/anything" -Body 'from -Body' -As Json
            "$($echo.method) $($echo.body)"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "GET", "POST", "PUT", "POST from -Body" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void ContentType_sets_the_Content_Type_over_the_bodys_own_and_the_headers_as_Invoke_WebRequests_does()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/post" -Json @{ op = 'add' } -ContentType 'application/merge-patch+json' -As Json
            $r.headers.'Content-Type' -join ';'; $r.body
            (Invoke-Httpx "$base/post" -Content 'é' -ContentType 'text/plain; charset=iso-8859-1' -As Json).body_base64
            (Invoke-Httpx "$base/post" -Body '{}' -Header 'Content-Type: text/plain' -ContentType application/json -As Json).headers.'Content-Type' -join ';'
            $c = New-HttpxClient -Headers @{ 'Content-Type' = 'text/plain' }
            ((New-HttpxRequest "$base/post" -Client $c -Body 'a=1' -ContentType application/x-www-form-urlencoded) | Invoke-Httpx -Client $c -As Json).headers.'Content-Type' -join ';'
            $c.Dispose()
            try { Invoke-Httpx "$base/post" -Body 'x' -ContentType "text/plain`r`nX-Injected: 1" } catch { $_.FullyQualifiedErrorId; $_.TargetObject }
            try { 'a', 'b' | Invoke-Httpx -BaseUrl $base -Body 'x' -ContentType 'text/plain; charset=ü' } catch { $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            "application/merge-patch+json", "{\"op\":\"add\"}",
            "6Q==",
            "application/json",
            "application/x-www-form-urlencoded",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "ContentType",
            // Not ASCII: the command stops before any request, as the help says (it failed each piped request, targeting its URL).
            "ContentType", "Invalid value for header 'Content-Type': character 21 is not ASCII, and request header values must be ASCII (encode the text first, e.g. percent-encoding or RFC 8187's UTF-8'' form where the header allows it).",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_string_Content_is_encoded_in_the_charset_its_Content_Type_names()
    {
        // As Invoke-WebRequest: sent as UTF-8 under charset=iso-8859-1, 'é' reached the server as 'Ã©'.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/post" -Content 'é' -Headers @{ 'Content-Type' = 'text/plain; charset=iso-8859-1' } -As Json).body_base64
            (Invoke-Httpx "$base/post" -Content 'ж' -Header 'Content-Type: text/plain; charset="windows-1251"' -As Json).body_base64
            (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain' -As Json).body_base64
            try { Invoke-Httpx "$base/post" -Content 'price: 5€' -Header 'Content-Type: text/plain; charset=latin-1' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            "6Q==", "5g==", "w6k=",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Content",
            "-Content: '€' (U+20AC) cannot be encoded in charset latin-1, which the Content-Type names. Send the text as UTF-8 (charset=utf-8) or give bytes.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Json_body_under_a_ContentType_naming_another_charset_is_sent_in_it_its_non_ASCII_escaped()
    {
        // Sent as UTF-8 whatever the charset: a server reading charset=iso-8859-1 read 'café' as 'cafÃ©'.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/post" -Json @{ s = 'café €' } -ContentType 'application/json; charset=iso-8859-1' -As Json
            [Text.Encoding]::Latin1.GetString([Convert]::FromBase64String($r.body_base64)); $r.json.s
            $r = New-HttpxRequest "$base/post" -Json '["é"]' -Header 'Content-Type: application/json; charset=utf-16' | Invoke-Httpx -As Json
            [Text.Encoding]::Unicode.GetString([Convert]::FromBase64String($r.body_base64))
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "{\"s\":\"caf\\u00e9 \\u20ac\"}", "café €", "\uFEFF[\"\\u00e9\"]" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_string_Content_cut_inside_an_emoji_is_refused_naming_the_half_character_not_sent_as_U_FFFD()
    {
        // 'a😀'.Substring(0, 2): UTF-8 went out with EF BF BD in its place; HTTPX raises UnicodeEncodeError.
        var result = _ps.Run("""
            try { Invoke-Httpx "$base/post" -Content 'a😀'.Substring(0, 2) }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Content",
            "-Content: The text has half of a surrogate pair (U+D83D) at character 1, text cut inside a character such as an emoji, which cannot be encoded in UTF-8. Mend the text (where it was cut) or give bytes.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_xml_document_whose_declaration_names_an_encoding_is_sent_in_it_when_the_Content_Type_names_no_charset()
    {
        // The markup says encoding="iso-8859-1": its bytes were UTF-8 all the same, so the server's XML parser read 'é'
        // as 'Ã©'. Invoke-WebRequest -Body encodes such a document in its declared encoding. A charset in the
        // Content-Type still wins (RFC 7303: it is what the receiver reads first), as for a string.
        var result = _ps.Run("""
            $doc = [xml]'<?xml version="1.0" encoding="iso-8859-1"?><foo a="é" />'
            (Invoke-Httpx "$base/post" -Content $doc -Header 'Content-Type: application/xml' -As Json).body_base64
            (Invoke-Httpx "$base/post" -Content $doc -As Json).body_base64
            (Invoke-Httpx "$base/post" -Content $doc -Header 'Content-Type: application/xml; charset=utf-8' -As Json).body_base64
            $bad = [xml]'<?xml version="1.0" encoding="x-no-such-codec"?><foo />'
            try { Invoke-Httpx "$base/post" -Content $bad } catch { $_.FullyQualifiedErrorId.Split(',')[0]; $_.TargetObject; "$_" }
            """);
        var markup = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><foo a=\"é\" />";
        var latin1 = Convert.ToBase64String(System.Text.Encoding.Latin1.GetBytes(markup));
        Assert.Equal(new object[]
        {
            latin1, latin1, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(markup)),
            "Httpx.InvalidArgument", "Content",
            "-Content: the [xml] document's declaration names encoding 'x-no-such-codec', which no codec knows. Give the Content-Type a charset (-Header 'Content-Type: application/xml; charset=utf-8') or correct the declaration.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_xml_document_Content_is_sent_as_its_markup_in_the_Content_Types_charset()
    {
        // As Invoke-WebRequest -Body ([xml]...): it was refused ('-Content takes a string, byte[], Stream or FileInfo,
        // not System.Xml.XmlDocument'). New-HttpxRequest shares the parameter.
        var result = _ps.Run("""
            $doc = [xml]'<?xml version="1.0"?><foo a="é" />'
            $r = Invoke-Httpx "$base/post" -Content $doc -Header 'Content-Type: text/xml' -As Json
            $r.body; $r.headers.'Content-Type'
            (Invoke-Httpx "$base/post" -Body $doc.DocumentElement -Header 'Content-Type: text/xml; charset=iso-8859-1' -As Json).body_base64
            (New-HttpxRequest "$base/post" -Content $doc).Content.Length
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "<?xml version=\"1.0\"?><foo a=\"é\" />", "text/xml",
            Convert.ToBase64String(System.Text.Encoding.Latin1.GetBytes("<foo a=\"é\" />")),
            System.Text.Encoding.UTF8.GetByteCount("<?xml version=\"1.0\"?><foo a=\"é\" />"),
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    // Python's codecs of these names write a byte order mark; without one, RFC 2781 has a reader take UTF-16 as
    // big-endian, and the little-endian bytes sent read as other characters ('é' as U+E900).
    [InlineData("utf-16", "//7pAA==")]
    [InlineData("UTF-32", "//4AAOkAAAA=")]
    [InlineData("utf-8-sig", "77u/w6k=")]
    [InlineData("utf-16le", "6QA=")]
    public void A_string_Content_under_a_charset_whose_codec_writes_a_byte_order_mark_starts_with_it(string charset, string expected)
    {
        var result = _ps.Run($$"""
            (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain; charset={{charset}}' -As Json).body_base64
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(expected, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_string_Content_is_encoded_in_the_charset_of_the_clients_Content_Type_unless_the_call_gives_one()
    {
        // The client's Content-Type goes out with the request as the call's would: the text went as UTF-8 under the
        // client's charset=iso-8859-1, and the server read 'Ã©'.
        var result = _ps.Run("""
            $c = New-HttpxClient -Headers @{ 'Content-Type' = 'text/plain; charset=iso-8859-1' }
            $r = Invoke-Httpx "$base/post" -Client $c -Content 'é' -As Json
            $r.body_base64; $r.headers.'Content-Type'
            [Convert]::ToBase64String((New-HttpxRequest "$base/post" -Client $c -Content 'é').Content)
            (Invoke-Httpx "$base/post" -Client $c -Content 'é' -Header 'Content-Type: text/plain; charset=utf-8' -As Json).body_base64
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "6Q==", "text/plain; charset=iso-8859-1", "6Q==", "w6k=" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_writes_enums_of_any_underlying_type_as_their_numbers_a_ulong_above_Int64_too()
    {
        // A ulong enum value above long.MaxValue was a System.OverflowException ('too large or too small for an Int64').
        var result = _ps.Run("""
            enum JsonWideFlags : ulong { Low = 1; Top = 18446744073709551615 }
            enum JsonLongEnum : long { Two = 2 }
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) New-HttpxResponse 200 -Content $Request.Content })
            Invoke-Httpx 'https://api.invalid/post' -Client $c -Json ([ordered]@{ low = [JsonWideFlags]::Low; top = [JsonWideFlags]::Top; two = [JsonLongEnum]::Two }) -As Text
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("{\"low\":1,\"top\":18446744073709551615,\"two\":2}", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Json_body_serialises_hashtables_ordered_PSCustomObjects_and_dates()
    {
        var result = _ps.Run("""
            $body = [ordered]@{ z = 1; a = [pscustomobject]@{ when = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc); ok = $true }; list = @(1, 2)
                at = [datetimeoffset]::new(2024, 1, 2, 3, 4, 5, 120, [timespan]::FromHours(2)) }
            $echo = Invoke-Httpx "$base/post" -Json $body -As Json
            $echo.body
            $echo.headers.'Content-Type'
            """);
        Assert.Empty(result.Errors);
        // Dates as ConvertTo-Json writes them (PowerShell 7.6).
        Assert.Equal("{\"z\":1,\"a\":{\"when\":\"2024-01-02T03:04:05Z\",\"ok\":true},\"list\":[1,2],\"at\":\"2024-01-02T03:04:05.12+02:00\"}", result.Output[0].BaseObject);
        Assert.Equal("application/json", result.Output[1].BaseObject);
    }

    [Fact]
    public void A_class_hidden_property_is_sent_in_Json_as_ConvertTo_Json_writes_it()
    {
        // 'hidden' only keeps a member out of Get-Member and tab completion: ConvertTo-Json writes it (PowerShell 7.6,
        // in declaration order), where -Json left it out and the server saw no 'token' at all.
        var result = _ps.Run("""
            class Login { [string]$User; hidden [string]$Token; [int]$Ttl }
            (Invoke-Httpx "$base/post" -Json ([Login]@{ User = 'ops'; Token = 't0'; Ttl = 60 }) -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("{\"User\":\"ops\",\"Token\":\"t0\",\"Ttl\":60}", result.Output[0].BaseObject);
    }

    [Fact]
    public void A_cycle_through_a_class_hidden_property_is_an_error_naming_that_property()
    {
        // Since hidden properties are written (as ConvertTo-Json writes them), a tree whose nodes keep a hidden Parent is
        // a cycle; the error said "refers to itself" of an object whose Get-Member and Format-List show no such property.
        var result = _ps.Run("""
            class JsonTreeNode { [string]$Name; hidden [JsonTreeNode]$Parent; [object[]]$Children = @() }
            $root = [JsonTreeNode]@{ Name = 'root' }
            $root.Children = @([JsonTreeNode]@{ Name = 'kid'; Parent = $root })
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) New-HttpxResponse 200 -Content $Request.Content })
            Invoke-Httpx 'https://api.invalid/' -Client $c -Json $root
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Equal("The -Json value holds a JsonTreeNode, which is written with all its properties (its hidden ones too: Parent), level after level, "
            + "and refers to itself (a cycle through a JsonTreeNode): pick the ones to send (Select-Object, [pscustomobject]@{...}) or pass a JSON string.",
            error.Exception.Message.Replace(" (Parameter 'Json')", ""));
    }

    [Fact]
    public void Members_added_to_a_NET_object_follow_its_properties_in_Json_as_ConvertTo_Json_writes_them()
    {
        // PSObject.Properties lists Add-Member's members (and a type's ETS ones) first: -Json sent {"note":"n","Key":"k",...}.
        var result = _ps.Run("""
            $pair = [psobject][Collections.Generic.KeyValuePair[string, int]]::new('k', 1)
            $pair.PSObject.Properties.Add([psnoteproperty]::new('note', 'n'))
            (Invoke-Httpx "$base/post" -Json $pair -As Json).body
            class Job { [string]$Name; hidden [int]$Id }
            $job = [psobject][Job]@{ Name = 'j'; Id = 7 }
            $job.PSObject.Properties.Add([psscriptproperty]::new('Upper', { $this.Name.ToUpper() }))
            (Invoke-Httpx "$base/post" -Json $job -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{\"Key\":\"k\",\"Value\":1,\"note\":\"n\"}", "{\"Name\":\"j\",\"Id\":7,\"Upper\":\"J\"}" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_whole_decimal_is_a_float_in_Json_as_ConvertTo_Json_writes_it()
    {
        // [decimal]10 went out as 10, which the server (and ConvertFrom-Json) reads as an integer; ConvertTo-Json writes 10.0.
        var result = _ps.Run("""
            $echo = Invoke-Httpx "$base/post" -Json ([ordered]@{ price = [decimal]10; neg = -3d; rate = 1.25d; max = [decimal]::MaxValue }) -As Json
            $echo.body
            $echo.json.price.GetType().Name
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{\"price\":10.0,\"neg\":-3.0,\"rate\":1.25,\"max\":79228162514264337593543950335.0}", "Double" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Json_writes_number_and_boolean_keys_as_Python_does_and_refuses_other_key_types_saying_where()
    {
        // Every key went out as its invariant text: a date key as "01/02/2024 00:00:00", a process as
        // "System.Diagnostics.Process (pwsh)", $true as "True"; 1 and '1' both as "1", the later replacing the earlier. A whole
        // decimal key is its own text, 10: the value 10.0 is for a number read back, and a key reads back as text.
        var result = _ps.Run("""
            $keys = [ordered]@{ 1 = 'a'; 1.5 = 'b'; $true = 'c'; [char]'x' = 'd'; [DayOfWeek]::Tuesday = 'e'; ([psobject]'s') = 'f'; 10d = 'g' }
            (Invoke-Httpx "$base/post" -Json $keys -As Json).body
            try { Invoke-Httpx "$base/post" -Json @{ ([datetime]'2024-01-02') = 1 } } catch { $_.FullyQualifiedErrorId; "$_" }
            try { Invoke-Httpx "$base/post" -Json ([ordered]@{ meta = [pscustomobject]@{ tags = @(@{ ([guid]::Empty) = 1 }) } }) } catch { "$_" }
            $twice = [ordered]@{ 1 = 'a' }; $twice['1'] = 'b'
            try { Invoke-Httpx "$base/post" -Json $twice } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "{\"1\":\"a\",\"1.5\":\"b\",\"true\":\"c\",\"x\":\"d\",\"Tuesday\":\"e\",\"s\":\"f\",\"10\":\"g\"}",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "The -Json value has a dictionary key of type System.DateTime (in the top-level dictionary), which JSON cannot write as a key: keys are text, and strings, chars, numbers, enums and booleans are written (a number as its JSON text, an enum as its name, a boolean as true or false); make it text first ([string], or .ToString('o') for a date).",
            "The -Json value has a dictionary key of type System.Guid (in the dictionary at .meta.tags[0]), which JSON cannot write as a key: keys are text, and strings, chars, numbers, enums and booleans are written (a number as its JSON text, an enum as its name, a boolean as true or false); make it text first ([string], or .ToString('o') for a date).",
            "The -Json value has two keys written as the JSON key '1' (in the top-level dictionary), a number, enum, boolean or char and the same text: the server would see only one; keep one of them.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_enum_dictionary_key_is_sent_as_its_name_as_PowerShell_shows_the_key()
    {
        // Counting by an enum (Group-Object -AsHashTable, $counts[$_.Attributes]++) makes enum keys: c1d9531 sent
        // {"16":1,"128":2} where the hashtable shows Directory and Normal, and every version before sent the names.
        var result = _ps.Run("""
            $counts = [ordered]@{}
            foreach ($a in [IO.FileAttributes]::Directory, [IO.FileAttributes]::Normal, [IO.FileAttributes]::Normal) { $counts[$a] += 1 }
            $counts[[IO.FileAttributes]'ReadOnly, Archive'] = 3
            $counts[[Enum]::ToObject([DayOfWeek], 9)] = 4
            (Invoke-Httpx "$base/post" -Json $counts -As Json).body
            $both = [ordered]@{ ([DayOfWeek]::Monday) = 1 }; $both['Monday'] = 2
            try { Invoke-Httpx "$base/post" -Json $both } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "{\"Directory\":1,\"Normal\":2,\"ReadOnly, Archive\":3,\"9\":4}",
            "The -Json value has two keys written as the JSON key 'Monday' (in the top-level dictionary), a number, enum, boolean or char and the same text: the server would see only one; keep one of them.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_decimal_dictionary_key_is_sent_as_its_text_without_the_point_zero_of_a_decimal_value()
    {
        // A whole decimal value is written 10.0 so that it reads back as a non-integer; a key is text and reads back as
        // text, and c1d9531 sent @{ 10d = 'x' } as {"10.0":"x"} where PowerShell shows the key 10 and a double 10 key was "10".
        var result = _ps.Run("""
            (Invoke-Httpx "$base/post" -Json ([ordered]@{ 10d = 'a'; 10.50d = 'b'; 2.5d = 'c' }) -As Json).body
            (Invoke-Httpx "$base/post" -Json @{ v = 10d } -As Json).body
            $twice = [ordered]@{ 10d = 'a' }; $twice[[double]10] = 'b'
            try { Invoke-Httpx "$base/post" -Json $twice } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "{\"10\":\"a\",\"10.50\":\"b\",\"2.5\":\"c\"}",
            "{\"v\":10.0}",
            "The -Json value has two keys written as the JSON key '10' (in the top-level dictionary), a number, enum, boolean or char and the same text: the server would see only one; keep one of them.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Newtonsoft_JObject_JArray_or_JValue_in_Json_is_sent_as_its_own_JSON()
    {
        // Written as any .NET object: a JObject went out as [[[]]] (its tokens' empty properties), a JValue as [].
        var result = _ps.Run("""
            $o = [Newtonsoft.Json.Linq.JObject]::Parse('{"a":[1,2]}')
            (Invoke-Httpx "$base/post" -Json $o -As Json).body
            (Invoke-Httpx "$base/post" -Json ([Newtonsoft.Json.Linq.JArray]::Parse('[1,{"b":null}]')) -As Json).body
            (Invoke-Httpx "$base/post" -Json ([Newtonsoft.Json.Linq.JValue]::new('t')) -As Json).body
            (Invoke-Httpx "$base/post" -Json ([ordered]@{ id = 1; data = $o }) -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{\"a\":[1,2]}", "[1,{\"b\":null}]", "\"t\"", "{\"id\":1,\"data\":{\"a\":[1,2]}}" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_property_whose_getter_fails_is_null_in_Json_as_ConvertTo_Json_writes_it_not_left_out()
    {
        // The key was dropped without a word: the server saw no 'due' at all, where ConvertTo-Json sends "due":null.
        var result = _ps.Run("""
            $o = [pscustomobject]@{ id = 1 }
            $o.PSObject.Properties.Add([psscriptproperty]::new('due', { throw 'no date yet' }))
            (Invoke-Httpx "$base/post" -Json $o -As Json).body
            $s = (Invoke-Httpx "$base/post" -Json ([IO.MemoryStream]::new()) -As Json).json
            $s.PSObject.Properties.Name -contains 'ReadTimeout'
            $null -eq $s.ReadTimeout
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{\"id\":1,\"due\":null}", true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Numbers_and_dates_in_a_request_are_written_as_the_invariant_culture_writes_them_in_every_culture()
    {
        // HTTPX's text for them, whatever the machine's culture: Invoke-WebRequest -Body @{ x = 1.5 } sends x=1%2C5 under
        // de-DE and x=1%D9%AB5 under ar-SA, and a date in the culture's calendar (the year 2569 under th-TH).
        var result = _ps.Run("""
            foreach ($culture in 'de-DE', 'ar-SA', 'th-TH', 'fa-IR', 'tr-TR') {
                [cultureinfo]::CurrentCulture = $culture
                $when = [datetime]::new(2026, 1, 15, 10, 20, 30, [DateTimeKind]::Utc)
                $e = Invoke-Httpx "$base/post" -Params @{ x = 1.5; n = -2 } -Data @{ x = 1.5; d = $when } -Headers @{ 'X-N' = 1.5; 'X-D' = $when } -As Json
                "$culture $($e.args.x[0]) $($e.args.n[0]) $($e.form.x[0]) $($e.form.d[0]) $($e.headers.'X-N'[0]) | $($e.headers.'X-D'[0]) | $((Invoke-Httpx "$base/post" -Json @{ x = 1.5 } -As Json).body)"
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(
            new[] { "de-DE", "ar-SA", "th-TH", "fa-IR", "tr-TR" }.Select(c => $"{c} 1.5 -2 1.5 2026-01-15T10:20:30Z 1.5 | Thu, 15 Jan 2026 10:20:30 GMT | {{\"x\":1.5}}").ToArray(),
            result.Output.Select(o => o.BaseObject as string).ToArray());
    }

    [Fact]
    public void Data_under_a_multipart_Content_Type_is_sent_as_a_multipart_form()
    {
        // Invoke-WebRequest's -ContentType habit, for an API that takes only multipart forms: the fields went url-encoded
        // under the multipart header, and the server found no parts.
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/post" -Data ([ordered]@{ a = 1; b = 'x' }) -Header 'Content-Type: multipart/form-data' -As Json
            $e.form.a[0]; $e.form.b[0]; $e.headers.'Content-Type'[0] -like 'multipart/form-data; boundary=*'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "1", "x", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Data_under_a_multipart_related_Content_Type_is_sent_as_multipart_with_its_boundary()
    {
        // Fields alone went url-encoded ("a=1") under the multipart/related header, a body no server can parse; only
        // multipart/form-data sent them as parts.
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/post" -Data ([ordered]@{ a = 1; b = 'x' }) -Headers @{ 'Content-Type' = 'multipart/related; boundary=XYZ' } -As Json
            $e.headers.'Content-Type'[0]; $e.body
            $e = Invoke-Httpx "$base/post" -Data @{ a = 1 } -Header 'Content-Type: multipart/mixed' -As Json
            $e.headers.'Content-Type'[0] -like 'multipart/mixed; boundary=*'; $e.body.StartsWith('--' + $e.headers.'Content-Type'[0].Split('=')[1] + "`r`n")
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "multipart/related; boundary=XYZ",
            "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XYZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n--XYZ--\r\n",
            true, true,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Bytes_in_Data_alone_under_a_multipart_Content_Type_go_as_a_part_as_they_do_with_Files()
    {
        // -Data alone under a multipart Content-Type was sent as parts, but a byte[] value in it was still refused as
        // "bytes go in a multipart form only: with -Files". Now it is the part it is next to -Files: the bytes as its content.
        var result = _ps.Run("""
            $h = @{ 'Content-Type' = 'multipart/form-data; boundary=B' }
            $part = "--B`r`nContent-Disposition: form-data; name=`"blob`"`r`n`r`nABC`r`n"
            $alone = Invoke-Httpx "$base/post" -Data @{ blob = [byte[]](65, 66, 67) } -Headers $h -As Json
            $files = Invoke-Httpx "$base/post" -Data @{ blob = [byte[]](65, 66, 67) } -Files @{ f = @{ Content = 'x'; FileName = 'x.txt' } } -Headers $h -As Json
            $alone.body -eq "$part--B--`r`n"; $files.body.StartsWith($part)
            # The client's multipart Content-Type, and New-HttpxRequest, take them too.
            $c = New-HttpxClient -Headers @{ 'Content-Type' = 'multipart/mixed' }
            $e = Invoke-Httpx "$base/post" -Client $c -Data @{ blob = [byte[]](65, 66, 67) } -As Json
            $e.headers.'Content-Type'[0] -like 'multipart/mixed; boundary=*'; $e.body.Contains("name=`"blob`"`r`n`r`nABC`r`n")
            $r = New-HttpxRequest -Method POST "$base/post" -Data @{ blob = [byte[]](65, 66, 67) } -Headers $h
            [Text.Encoding]::ASCII.GetString($r.Read()) -eq "$part--B--`r`n"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, true, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_empty_boundary_in_the_commands_Content_Type_with_Data_alone_stops_the_command_with_one_error()
    {
        // As with -Files: the header is the command's, so piped URLs got one error each and the command went on.
        var result = _ps.Run("""
            try { 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b' | Invoke-Httpx -Headers @{ 'Content-Type' = 'multipart/form-data; boundary=' } -Data @{ a = 1 }; 'went on' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Headers",
            "Invalid multipart boundary '' in the Content-Type header 'multipart/form-data; boundary=': a boundary is one or more printable ASCII characters.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_database_null_is_null_in_Json_Data_and_Params()
    {
        // A DataRow's NULL column is [DBNull]::Value ([NullString]::Value a $null passed to a string parameter of .NET):
        // -Json wrote it as {} (its public properties, none), where ConvertTo-Json writes null; -Data refused it.
        var result = _ps.Run("""
            $t = [Data.DataTable]::new(); $null = $t.Columns.Add('name'); $null = $t.Columns.Add('owner'); $null = $t.Rows.Add('disk', $null)
            $row = $t.Rows[0]
            (Invoke-Httpx "$base/post" -Json ([ordered]@{ name = $row.name; owner = $row.owner; none = [NullString]::Value }) -As Json).body
            (Invoke-Httpx "$base/post" -Data ([ordered]@{ owner = $row.owner; list = 'a', [DBNull]::Value }) -As Json).body
            (Invoke-Httpx "$base/get" -Params @{ owner = $row.owner } -As Json).query
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{\"name\":\"disk\",\"owner\":null,\"none\":null}", "owner=&list=a&list=", "owner=" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_commands_empty_output_in_a_hashtable_is_null_in_Json_Data_and_Params()
    {
        // A value from a command that wrote nothing is AutomationNull, which PowerShell treats as $null: -Json sent it as
        // {} where ConvertTo-Json writes null, and -Data and -Params refused it as 'a PSCustomObject'.
        var result = _ps.Run("""
            $none = [ordered]@{ a = $(if ($false) { 1 }); b = 2 }
            (Invoke-Httpx "$base/post" -Json $none -As Json).body
            (Invoke-Httpx "$base/post" -Json ([pscustomobject]@{ a = $(foreach ($x in @()) { $x }) }) -As Json).body
            (Invoke-Httpx "$base/post" -Data $none -As Json).body
            (Invoke-Httpx "$base/get" -Params $none -As Json).query
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{\"a\":null,\"b\":2}", "{\"a\":null}", "a=&b=2", "a=&b=2" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Uri_in_Json_is_written_as_it_was_given_as_ConvertTo_Json_writes_it()
    {
        // Uri.ToString() gave "https://example.com/" for [uri]'https://example.com' and unescaped %20 into a space.
        var result = _ps.Run("""
            $links = [ordered]@{
                home = [uri]'https://example.com'
                file = [uri]'https://files.example/a%20b.txt?sig=x%2By'
                port = [uri]'HTTPS://Example.COM:443/Path'
                relative = [uri]::new('../up%20one', [UriKind]::Relative)
            }
            (Invoke-Httpx "$base/post" -Json $links -As Json).body
            (New-HttpxResponse 200 -Json @{ home = [uri]'https://example.com' }).Text
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "{\"home\":\"https://example.com\",\"file\":\"https://files.example/a%20b.txt?sig=x%2By\",\"port\":\"HTTPS://Example.COM:443/Path\",\"relative\":\"../up%20one\"}",
            "{\"home\":\"https://example.com\"}",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Members_added_to_a_hashtable_follow_its_keys_in_Json_as_ConvertTo_Json_writes_them()
    {
        // Add-Member on a hashtable was left out of -Json without a word; its .NET properties (Count, Keys) stay out.
        var result = _ps.Run("""
            # Add-Member -PassThru, which the runspace lacks
            $tagged = [psobject]::new([ordered]@{ name = 'disk' })
            $tagged.psobject.Properties.Add([psnoteproperty]::new('source', 'cmdb'))
            $tagged.psobject.Properties.Add([psscriptproperty]::new('size', { 10 }))
            (Invoke-Httpx "$base/post" -Json $tagged -As Json).body
            (Invoke-Httpx "$base/post" -Json @{ item = $tagged } -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "{\"name\":\"disk\",\"source\":\"cmdb\",\"size\":10}",
            "{\"item\":{\"name\":\"disk\",\"source\":\"cmdb\",\"size\":10}}",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_hashtable_from_a_job_or_remote_command_is_sent_without_the_members_PowerShell_adds_to_its_output()
    {
        // Receive-Job and Invoke-Command add PSComputerName, RunspaceId, PSShowComputerName and PSSourceJobInstanceId to
        // each object they return (Start-Job needs a pwsh process, which the runspace has not: the same members are added
        // here). Since members added to a hashtable were written, `Invoke-Command $servers { @{...} } | ForEach-Object {
        // Invoke-Httpx $api -Json $_ }` sent those four fields too, where it had sent the hashtable's keys.
        var result = _ps.Run("""
            $report = [psobject]::new([ordered]@{ host = 'web1'; free = 42 })
            $report.psobject.Properties.Add([psnoteproperty]::new('PSComputerName', 'web1'))
            $report.psobject.Properties.Add([psnoteproperty]::new('RunspaceId', [guid]::NewGuid()))
            $report.psobject.Properties.Add([psnoteproperty]::new('PSShowComputerName', $true))
            $report.psobject.Properties.Add([psnoteproperty]::new('PSSourceJobInstanceId', [guid]::NewGuid()))
            $report.psobject.Properties.Add([psnoteproperty]::new('source', 'cmdb'))
            (Invoke-Httpx "$base/post" -Json $report -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("{\"host\":\"web1\",\"free\":42,\"source\":\"cmdb\"}", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Json_null_sends_no_body_as_httpx_json_None_and_the_text_null_sends_a_JSON_null()
    {
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/anything" -Json $null -As Json
            $e.method; [string]::IsNullOrEmpty($e.body); $null -eq $e.headers.'Content-Type'
            $e = Invoke-Httpx "$base/anything" -Json 'null' -As Json
            $e.method; $e.body; $e.headers.'Content-Type'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "GET", true, true, "POST", "null", "application/json" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_JSON_string_is_sent_as_it_is()
    {
        var result = _ps.Run("""$e = Invoke-Httpx "$base/post" -Json '{ "a" : 1 }' -As Json; $e.body; $e.headers.'Content-Type'""");
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "{ \"a\" : 1 }", "application/json" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_NET_object_whose_properties_never_end_in_Json_is_named_with_what_to_do()
    {
        // A FileInfo one level down: its Directory.Root.Root... made "nested more than 64 levels deep", and a type (or
        // Get-Item's FileInfo, through its PSProvider's ImplementingType) "a cycle through a RuntimeType", and no more.
        var result = _ps.Run("""
            $file = [IO.Path]::GetTempFileName()
            try { Invoke-Httpx "$base/post" -Json @{ report = [IO.FileInfo]$file } } catch { "$_" }
            try { Invoke-Httpx "$base/post" -Json @{ kind = [string] } } catch { "$_" }
            $deep = @{}; $cur = $deep; 1..70 | ForEach-Object { $n = @{}; $cur.x = $n; $cur = $n }
            try { Invoke-Httpx "$base/post" -Json $deep } catch { "$_" }
            [IO.File]::Delete($file)
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "The -Json value holds a System.IO.FileInfo, which is written with all its properties, level after level, and is nested more than 64 levels deep: pick the ones to send (Select-Object, [pscustomobject]@{...}) or pass a JSON string.",
            "The -Json value holds a System.RuntimeType, which is written with all its properties, level after level, and refers to itself (a cycle through a RuntimeType): pick the ones to send (Select-Object, [pscustomobject]@{...}) or pass a JSON string.",
            "The -Json value is nested more than 64 levels deep; flatten it or pass a JSON string.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Too_deep_or_cyclic_json_is_a_clear_error()
    {
        var result = _ps.Run("""
            $deep = @{}; $cur = $deep; 1..70 | ForEach-Object { $n = @{}; $cur.x = $n; $cur = $n }
            Invoke-Httpx "$base/post" -Json $deep
            $cyc = @{}; $cyc.self = $cyc
            Invoke-Httpx "$base/post" -Json $cyc
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("64 levels", result.Errors[0].Exception.Message);
        Assert.Contains("cycle", result.Errors[1].Exception.Message);
        Assert.All(result.Errors, e => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId));
    }

    [Fact]
    public void Json_64_levels_deep_is_sent_whole_and_65_is_the_error()
    {
        // Levels are objects and arrays below the top one, as ConvertTo-Json -Depth 64 counts them (it writes the
        // first whole and cuts the second): the id in the deepest object was counted as a level of its own, and the
        // first was refused as "nested more than 64 levels deep".
        var result = _ps.Run("""
            function Chain($levels, $leaf) { $top = [ordered]@{}; $at = $top; 1..$levels | ForEach-Object { $next = [ordered]@{}; $at.x = $next; $at = $next }; $at.id = $leaf; $top }
            (Invoke-Httpx "$base/post" -Json (Chain 64 1) -As Json).body
            (Invoke-Httpx "$base/post" -Json @{ list = Chain 62 @(1) } -As Json).body
            try { Invoke-Httpx "$base/post" -Json (Chain 65 1) -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; "$_" }
            try { Invoke-Httpx "$base/post" -Json @{ list = Chain 62 @(, @()) } -ErrorAction Stop } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            string.Concat(Enumerable.Repeat("{\"x\":", 64)) + "{\"id\":1}" + new string('}', 64),
            "{\"list\":" + string.Concat(Enumerable.Repeat("{\"x\":", 62)) + "{\"id\":[1]}" + new string('}', 63),
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "The -Json value is nested more than 64 levels deep; flatten it or pass a JSON string.",
            "The -Json value is nested more than 64 levels deep; flatten it or pass a JSON string.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Params_headers_cookies_and_form_reach_the_server()
    {
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/post" -Params @{ q = 'a b' } -Headers @{ 'X-Test' = 'yes' } -Cookies @{ c = 'v' } -Data @{ f = '1' } -As Json
            $e.args.q[0]; $e.headers.'X-Test'; $e.cookies.c; $e.form.f[0]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "a b", "yes", "v", "1" }, result.Output.Select(o => o.BaseObject?.ToString()).ToArray());
    }

    [Fact]
    public void Params_take_HTTPXs_other_forms_pairs_a_query_string_and_QueryParams_on_every_cmdlet()
    {
        // Only a hashtable was bound: a query string or a list of pairs (HTTPX's params="a=1&b=2" and [("a", "1")])
        // failed parameter binding ("Cannot convert ... to IDictionary"), although $client.Params took both.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/get" -Params @(@('tag', 'a'), @('page', 2), @('tag', 'b')) -As Json).query
            (Invoke-Httpx "$base/get" -Params 'tag=a&tag=b&q=x%20y' -As Json).query
            (Invoke-Httpx "$base/get" -Params ([Httpx.QueryParams]::From('z=1&z=2')) -As Json).query
            (New-HttpxRequest "$base/get" -Params @(,@('only', 'one'))).Url.Query
            $c = New-HttpxClient -Params @(@('k', '1'), @('k', '2'))
            (Invoke-Httpx "$base/get" -Client $c -Params 'j=x' -As Json).query
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "tag=a&tag=b&page=2", "tag=a&tag=b&q=x+y", "z=1&z=2", "only=one", "k=1&k=2&j=x" },
            result.Output.Select(o => o.BaseObject?.ToString()).ToArray());
    }

    [Theory]
    [InlineData("@('tag', 'a')", "-Params: item 1 of the list is the string 'tag', not a (name, value) pair")]
    [InlineData("([pscustomobject]@{ tag = 'a' })", "-Params takes a hashtable of name to value (a value may be a list, for a repeated name), a list of name/value pairs (@(@('tag', 'a'), @('tag', 'b'))), a query string ('a=1&b=2') or an Httpx.QueryParams, not a PSCustomObject.")]
    [InlineData("@(,@('tag', [pscustomobject]@{ a = 1 }))", "-Params 'tag': a value is a string, number, boolean, date or $null, or a list of them, not a PSCustomObject.")]
    public void Params_of_another_shape_stop_the_command_with_one_error_naming_it(string value, string message)
    {
        foreach (var command in new[] { "\"$base/get?n=1\", \"$base/get?n=2\" | Invoke-Httpx", "New-HttpxRequest \"$base/get\"", "New-HttpxClient" })
        {
            var result = _ps.Run($"{command} -Params {value}");
            var error = Assert.Single(result.Errors.Concat(result.Terminating is System.Management.Automation.RuntimeException { ErrorRecord: { } r } ? [r] : Array.Empty<System.Management.Automation.ErrorRecord>()));
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Equal("Params", error.TargetObject);
            Assert.StartsWith(message, error.ToString());
            Assert.Empty(result.Output);
        }
    }

    [Fact]
    public void Files_upload_as_multipart_from_a_path_a_FileInfo_and_a_hashtable()
    {
        var dir = Directory.CreateTempSubdirectory("httpx-ps-");
        File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), "alpha");
        PowerShellResult result;
        try
        {
            result = _ps.Run($$"""
                $null = $ExecutionContext.SessionState.Path.SetLocation('{{dir.FullName}}')
                $e = Invoke-Httpx "$base/post" -Files @{ one = 'a.txt'; two = [System.IO.FileInfo]'{{dir.FullName}}/a.txt'; three = @{ Path = 'a.txt'; FileName = 'x.csv'; ContentType = 'text/csv' } } -As Json
                $e.files.one[0].filename; $e.files.one[0].content; $e.files.three[0].filename; $e.files.three[0].content_type
                """);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "a.txt", "alpha", "x.csv", "text/csv" }, result.Output.Select(o => o.BaseObject?.ToString()).ToArray());
    }

    [Fact]
    public void Files_take_null_names_and_types_as_not_given_any_list_and_a_MultipartFile_under_its_key()
    {
        var result = _ps.Run("""
            $list = [Collections.ArrayList]::new(); $null = $list.Add($ca); $null = $list.Add($ca)
            $e = Invoke-Httpx "$base/post" -As Json -Files @{
                a = @{ Path = $ca; ContentType = $null }
                b = @{ Path = $ca; FileName = $unsetVariable }
                many = $list
                renamed = [Httpx.MultipartFile]::FromText('other', 'x', 'x.txt', 'text/plain')
            }
            $e.files.a[0].content_type; $e.files.b[0].filename -eq [IO.Path]::GetFileName($ca); $e.files.many.Count; $e.files.renamed[0].content
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "application/octet-stream", true, 2, "x" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Data_and_Params_keep_their_types_and_cases()
    {
        var result = _ps.Run("""
            $d = [Collections.Generic.Dictionary[string,object]]::new(); $d['q'] = 'lower'; $d['Q'] = 'upper'
            (New-HttpxRequest "$base/get" -Params $d).Url.Query
            (New-HttpxRequest "$base/get?`$select=id,name&flag" -Params @{}).Url.Query
            $e = Invoke-Httpx "$base/post" -Data @{ raw = [byte[]](65, 66) } -Files @{ f = $ca } -As Json
            $e.form.raw -join ','
            (Invoke-Httpx "$base/post" -Json @{ sng = [single]0.1 } -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "q=lower&Q=upper", "$select=id,name&flag", "AB", """{"sng":0.1}""" }, result.Output.Select(o => o?.BaseObject).ToArray());
    }

    [Fact]
    public void Two_bodies_stop_the_command_but_Data_goes_with_Files()
    {
        var result = _ps.Run("""
            foreach ($call in { Invoke-Httpx "$base/post" -Body 'raw' -Json @{ a = 1 } },
                              { New-HttpxRequest "$base/post" -Data @{ a = 1 } -Json @{ b = 2 } },
                              { Invoke-Httpx "$base/post" -Files @{ one = $ca } -Content 'raw' }) {
                try { & $call; 'sent' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            }
            $e = Invoke-Httpx "$base/post" -Data @{ f = '1' } -Files @{ one = $ca } -As Json
            $e.form.f[0]; $e.files.one[0].filename
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject?.ToString()).ToArray();
        Assert.Equal(new[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Json",
            "-Content and -Json each give the request's body: use one of -Content, -InFile, -Data (with -Files for a multipart form), -Files and -Json.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand", "Json",
            "-Data and -Json each give the request's body: use one of -Content, -InFile, -Data (with -Files for a multipart form), -Files and -Json.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Files",
            "-Content and -Files each give the request's body: use one of -Content, -InFile, -Data (with -Files for a multipart form), -Files and -Json.",
            "1", "ca.pem",
        }, output);
    }

    [Fact]
    public void Dates_in_params_and_form_go_as_ISO_8601_and_a_hashtable_value_is_refused()
    {
        var result = _ps.Run("""
            $when = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
            (Invoke-Httpx "$base/get" -Params @{ since = $when } -As Json).args.since[0]
            (Invoke-Httpx "$base/post" -Data @{ at = [datetimeoffset]::new(2024, 1, 2, 3, 4, 5, [timespan]::FromHours(2)) } -As Json).form.at[0]
            try { Invoke-Httpx "$base/get" -Params @{ filter = @{ state = 'open' } } } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "2024-01-02T03:04:05Z", "2024-01-02T03:04:05+02:00",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "-Params 'filter': a value is a string, number, boolean, date or $null, or a list of them, not System.Collections.Hashtable. (Parameter 'Params')",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_uri_in_params_form_and_headers_is_sent_as_written_as_Json_writes_it()
    {
        // Its ToString() went out: the host lower-cased and %20 unescaped to a space (a '+' in the query), another URL.
        var result = _ps.Run("""
            $next = [uri]'HTTPS://Example.COM/a%20b'
            (Invoke-Httpx "$base/get" -Params @{ next = $next } -As Json).args.next[0]
            (Invoke-Httpx "$base/post" -Data @{ next = $next, $next } -As Json).form.next[1]
            (Invoke-Httpx "$base/anything" -Headers @{ 'X-Next' = $next } -As Json).headers.'X-Next'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "HTTPS://Example.COM/a%20b", "HTTPS://Example.COM/a%20b", "HTTPS://Example.COM/a%20b" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_uri_header_value_is_written_as_given_in_every_form_headers_take()
    {
        // 63269f6 made -Headers @{ 'X-Next' = [uri]... } send the OriginalString; a client's headers given as pairs and
        // a mock's New-HttpxResponse -Headers still wrote its ToString(): 'https://example.com/a b', another URL.
        var result = _ps.Run("""
            $next = [uri]'HTTPS://Example.COM/a%20b'
            $client = New-HttpxClient
            $client.Headers = @(,@('X-Next', $next))
            (Invoke-Httpx "$base/anything" -Client $client -As Json).headers.'X-Next'
            Close-HttpxClient $client
            $mock = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Headers @{ 'X-Next' = $next } })
            (Invoke-Httpx http://x/ -Client $mock).Headers['X-Next']
            Close-HttpxClient $mock
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "HTTPS://Example.COM/a%20b", "HTTPS://Example.COM/a%20b" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_switch_passed_on_goes_as_a_boolean_in_params_form_and_headers()
    {
        // A function's [switch] handed to -Params, -Data or -Headers: as $true/$false, not its text "True"/"False".
        var result = _ps.Run("""
            function Get-Items([switch] $Active) {
                Invoke-Httpx "$base/post" -Params @{ active = $Active; all = [switch]$true } -Data @{ f = $Active } -Headers @{ 'X-Active' = $Active } -As Json
            }
            $e = Get-Items
            $e.args.active[0]; $e.args.all[0]; $e.form.f[0]; $e.headers.'X-Active'
            (Get-Items -Active).args.active[0]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "false", "true", "false", "false", "true" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Data_value_with_no_form_text_stops_the_command_once_naming_the_field()
    {
        // The engine's form encoder refused it for each request, naming its own 'data'; now once, before any request.
        // A file (Invoke-WebRequest's -Form takes one among its fields, alone or in a list) is said to go in -Files.
        var result = _ps.Run("""
            try { "$base/post", "$base/post" | Invoke-Httpx -Data @{ f = [IO.FileInfo]'/tmp/a.txt' }; 'not reached' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            try { Invoke-Httpx "$base/post" -Data @{ logs = [IO.FileInfo]'/tmp/a.log', [IO.FileInfo]'/tmp/b.log' } } catch { "$_" }
            try { Invoke-Httpx "$base/post" -Data @{ g = [IO.DirectoryInfo]'/tmp' } } catch { "$_" }
            """);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Data",
            "-Data 'f': a value is a string, number, boolean, date or $null, or a list of them, not System.IO.FileInfo: a file goes in -Files (-Files @{ f = ... }), with the other fields in -Data.",
            "-Data 'logs': a value is a string, number, boolean, date or $null, or a list of them, not System.IO.FileInfo: a file goes in -Files (-Files @{ logs = ... }), with the other fields in -Data.",
            "-Data 'g': a value is a string, number, boolean, date or $null, or a list of them, not System.IO.DirectoryInfo.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    // A url-encoded form has no text for bytes: the engine refused them for each request, so each piped URL failed with
    // the same error, targeting it ('Invalid type for a form value in 'data' ... (Parameter 'data')').
    [InlineData("Invoke-Httpx", "@{ raw = [byte[]](65, 66) }")]
    [InlineData("Invoke-Httpx", "@{ raw = 'a', [byte[]](65, 66) }")]
    [InlineData("Invoke-Httpx -Files @{}", "@{ raw = [byte[]](65, 66) }")]
    [InlineData("New-HttpxRequest -Method POST", "@{ raw = [byte[]](65, 66) }")]
    public void Bytes_in_a_url_encoded_form_stop_the_command_once_targeting_Data(string command, string data)
    {
        var result = _ps.Run($$"""
            try { "$base/post?n=1", "$base/post?n=2" | {{command}} -Data {{data}}; 'not reached' }
            catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; "$_" }
            """);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(4, output.Length);
        Assert.StartsWith("Httpx.InvalidArgument,", (string)output[0]);
        Assert.Equal("InvalidArgument", output[1]);
        Assert.Equal("Data", output[2]);
        Assert.Equal("-Data 'raw': a value is a string, number, boolean, date or $null, or a list of them, not System.Byte[] (bytes go in a multipart form only: with -Files, or under a multipart Content-Type).", output[3]);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void A_params_value_without_text_of_its_own_is_an_error_naming_it_not_its_type_name_sent()
    {
        var result = _ps.Run("""
            try { Invoke-Httpx "$base/get" -Params @{ token = [securestring]::new() } -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            (Invoke-Httpx "$base/get" -Params @{ v = [version]'1.2' } -As Json).args.v[0]
            # Bytes went as a list of numbers: "b=65&b=66".
            try { Invoke-Httpx "$base/get" -Params @{ b = [byte[]](65, 66) } -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            // Refused once for the command, saying what to give (the engine's message, for each request, said only what it is not).
            "-Params 'token': a value is text, not a SecureString. Give the secret's text (ConvertFrom-SecureString -AsPlainText). (Parameter 'Params')",
            "1.2",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "A query parameter value must be a string, number, boolean or null, got System.Byte[] (parameter 'b').",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_bad_request_parameter_is_one_error_for_the_command_not_one_per_piped_url()
    {
        var result = _ps.Run("""
            $cycle = @{}; $cycle.self = $cycle
            "$base/post", "$base/post", "$base/post" | Invoke-Httpx -Json $cycle -ThrottleLimit 3
            'next statement'
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("cycle", error.Exception.Message);
        Assert.Equal(new object[] { "next statement" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void As_Text_and_Bytes_write_the_body()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/bytes/3" -As Bytes | ForEach-Object { $_.GetType().Name; $_.Length }
            (Invoke-Httpx "$base/html" -As Text).StartsWith('<')
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Byte[]", 3, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void As_Json_enumerates_arrays_unless_NoEnumerate()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/json-array" -As Json | ForEach-Object { 1 }).Count -gt 1
            (Invoke-Httpx "$base/json-array" -As Json -NoEnumerate | ForEach-Object { 1 }).Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Two_outputs_at_once_are_refused_naming_the_two_given()
    {
        // -Stream with -Download was refused as "-As" (the parameter and the target), which was not given.
        var result = _ps.Run("""
            Invoke-Httpx "$base/get" -Stream Lines -Download ./never.bin
            Invoke-Httpx "$base/get" -As Json -Stream Lines
            """);
        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId));
        Assert.Equal(new object[] { "Download", "Stream" }, result.Errors.Select(e => e.TargetObject).ToArray());
        Assert.StartsWith("-Stream and -Download each choose what is written: use one of -As, -Stream and -Download.", result.Errors[0].Exception.Message);
        Assert.StartsWith("-As and -Stream each choose", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_body_that_is_not_JSON_is_a_DecodingError_naming_the_request_and_its_content_type()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/html" -As Json
            (Invoke-Httpx "$base/html").Json()
            """);
        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        var asJson = result.Errors[0];
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", asJson.FullyQualifiedErrorId);
        Assert.StartsWith($"The body of the response to GET {_ps.Server.HttpUrl}/html is not valid JSON (Content-Type text/html", asJson.Exception.Message);
        // The same words from the response's Json() method, where PowerShell wraps the exception of a method call.
        Assert.Contains($"The body of the response to GET {_ps.Server.HttpUrl}/html is not valid JSON (Content-Type text/html", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_JSON_body_in_latin_1_is_a_DecodingError_naming_the_byte_and_saying_it_is_not_JSON_once()
    {
        // As HTTPX's json() reads bytes: UTF-8 unless a byte order mark or zero bytes say otherwise, whatever the charset.
        // The engine's reason began "The body is not valid JSON: " after the module's own "... is not valid JSON (...): ".
        var result = _ps.Run("""
            $body = [byte[]](0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0x63, 0x61, 0x66, 0xE9, 0x22, 0x7D)
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content $body -Headers @{ 'Content-Type' = 'application/json; charset=iso-8859-1' } })
            Invoke-Httpx https://api.example/item -Client $c -As Json
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("The body of the response to GET https://api.example/item is not valid JSON (Content-Type application/json; charset=iso-8859-1): " +
            "it reads as utf-8 (it has no byte order mark or zero bytes to say otherwise) but byte 0xE9 at position 9 is not utf-8 (a body in another encoding, such as latin-1?).",
            error.Exception.Message);
    }

    [Fact]
    public void Timeout_converts_from_seconds_and_a_hashtable_with_defaults_for_missing_keys()
    {
        var result = _ps.Run("""
            ([Httpx.PowerShell.HttpxTimeout]10).Value.ToString()
            ([Httpx.PowerShell.HttpxTimeout]@{ Connect = 60; Read = 10 }).Value.ToString()
            ([Httpx.PowerShell.HttpxTimeout]0).Value.ToString()
            Invoke-Httpx "$base/delay/3000" -Timeout @{ Read = 0.2 }
            Invoke-Httpx "$base/get" -Timeout @{ Bogus = 1 }
            """);
        Assert.Equal("Timeout(timeout=10.0)", result.Output[0].BaseObject);
        Assert.Equal("Timeout(connect=60.0, read=10.0, write=5.0, pool=5.0)", result.Output[1].BaseObject);
        Assert.Equal("Timeout(timeout=None)", result.Output[2].BaseObject);
        Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", result.Errors[0].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, result.Errors[0].CategoryInfo.Category);
        Assert.Contains("Bogus", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_Timeout_equals_the_value_it_was_given_as_a_Pester_ParameterFilter_compares_it()
    {
        // Pester's Mock binds -Timeout 5 as the cmdlet does, to an HttpxTimeout; `Should -Invoke Invoke-Httpx
        // -ParameterFilter { $Timeout -eq 5 }` then converts 5 to an HttpxTimeout and compares: it was never true (a
        // reference comparison), so a test of a script that passes -Timeout 5 could not say so. A hashtable equals one
        // with the same keys only: @{ Connect = 2 } leaves Read to -Client's, where @{ Connect = 2; Read = 5 } does not.
        var result = _ps.Run("""
            function Probe { param([Httpx.PowerShell.HttpxTimeout] $Timeout) $Timeout }
            $five = Probe -Timeout 5
            $five -eq 5
            $five -eq '5'
            $five -eq [timespan]'0:0:5'
            $five -eq 6
            $connect = Probe -Timeout @{ Connect = 2 }
            $connect -eq @{ Connect = 2 }
            $connect -eq @{ connect = 2.0 }
            $connect -eq @{ Connect = 2; Read = 5 }
            $connect -eq 2
            (Probe -Timeout 0) -eq 0
            ([Httpx.PowerShell.HttpxTimeout]5).GetHashCode() -eq ([Httpx.PowerShell.HttpxTimeout]5.0).GetHashCode()
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, true, false, true, true, false, false, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Timeout_list_is_refused_naming_its_values_and_one_item_is_that_item()
    {
        // HTTPX takes a (connect, read, write, pool) tuple, so an HTTPX user types -Timeout 5, 30: PowerShell refused it
        // with 'Specified method is not supported', naming neither the values nor what to give instead.
        var result = _ps.Run("""
            Invoke-Httpx "$base/get" -Timeout 5, 30
            New-HttpxClient -Timeout @()
            New-HttpxClient -Timeout $null, 5
            (New-HttpxRequest "$base/get" -Timeout @(0.2)).Extensions['timeout'].ToString()
            (New-HttpxClient -Timeout @(@{ Read = 7 })).Timeout.ToString()
            """);
        Assert.Equal(new object[] { "Timeout(timeout=0.2)", "Timeout(connect=5.0, read=7.0, write=5.0, pool=5.0)" },
            result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", result.Errors[0].FullyQualifiedErrorId);
        Assert.EndsWith("Invalid timeout 5, 30: give one number of seconds for all four limits, or a hashtable for separate ones, such as @{ Connect = 5; Read = 30 } (HTTPX's (connect, read, write, pool) tuple is @{ Connect = ..; Read = ..; Write = ..; Pool = .. }).",
            result.Errors[0].Exception.Message);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", result.Errors[1].FullyQualifiedErrorId);
        Assert.Contains("Invalid timeout @(): give one number of seconds", result.Errors[1].Exception.Message);
        // A $null among them is named as $null: it read "Invalid timeout , 5".
        Assert.Contains("Invalid timeout $null, 5: give one number of seconds", result.Errors[2].Exception.Message);
    }

    [Fact]
    public void A_Timeout_list_that_holds_only_itself_is_refused_not_unwrapped_for_ever()
    {
        // A one-item list is its item, so a list holding only itself was unwrapped without end: the command hung.
        var result = _ps.Run("""
            $l = [System.Collections.ArrayList]::new(); $null = $l.Add($l)
            New-HttpxClient -Timeout $l
            'next'
            """);
        Assert.Equal(new object[] { "next" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", error.FullyQualifiedErrorId);
        Assert.Contains("Invalid timeout System.Collections.ArrayList: give one number of seconds", error.Exception.Message);
    }

    [Fact]
    public void A_one_item_Timeout_list_that_is_no_timeout_is_refused_naming_the_item()
    {
        // PowerShell's own refusal of a one-item list's item names the item, as it does for the item alone; when the
        // list was handed back whole it said only "Cannot convert 'System.Object[]' ... Specified method is not supported".
        var result = _ps.Run("""
            New-HttpxClient -Timeout @([guid]::Empty)
            New-HttpxClient -Timeout @(, @([guid]::Empty))
            """);
        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("CannotConvertArgumentNoMessage,Httpx.PowerShell.Commands.NewHttpxClientCommand", error.FullyQualifiedErrorId);
            Assert.Contains("Cannot convert the \"00000000-0000-0000-0000-000000000000\" value of type \"System.Guid\" to type \"Httpx.PowerShell.HttpxTimeout\"", error.Exception.Message);
        });
    }

    [Fact]
    public void A_Timeout_list_converts_by_PowerShells_own_conversion_as_a_Pester_mock_binds_it()
    {
        // Pester's Mock declares -Timeout as [Httpx.PowerShell.HttpxTimeout] without the module's transformation
        // attribute: a script's -Timeout @(5), which the cmdlet takes, failed in the user's test with 'Cannot convert
        // the "System.Object[]" value ... to type "Httpx.PowerShell.HttpxTimeout"', and 5, 30 without saying why.
        var result = _ps.Run("""
            function Probe { param([Httpx.PowerShell.HttpxTimeout] $Timeout) $Timeout.ToString() }
            Probe -Timeout @(5)
            Probe -Timeout @(@{ Read = 7 })
            Probe -Timeout @([pscustomobject]@{ Read = 8 })
            Probe -Timeout 5, 30
            """);
        Assert.Equal(new object[] { "Timeout(timeout=5.0)", "Timeout(connect=5.0, read=7.0, write=5.0, pool=5.0)", "Timeout(connect=5.0, read=8.0, write=5.0, pool=5.0)" },
            result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Contains("Invalid timeout 5, 30: give one number of seconds for all four limits", error.Exception.Message);
    }

    [Fact]
    public void A_read_timeout_under_a_millisecond_is_a_ReadTimeout_that_names_it()
    {
        // It showed as "0 s"; on a new connection it could also fire before the connect started and be reported as a
        // ConnectTimeout "after 5 s". Each client has a pool of its own: every call here opens a connection.
        var result = _ps.Run("""
            foreach ($i in 1..3) {
                $c = New-HttpxClient -Timeout @{ Read = 0.0004 }
                try { Invoke-Httpx "$base/delay/3000" -Client $c -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
                Close-HttpxClient $c
            }
            """);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        Assert.Equal(6, output.Length);
        for (var i = 0; i < 6; i += 2)
        {
            Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[i]);
            Assert.StartsWith("Timed out after 0.0004 s waiting for the response", output[i + 1]);
        }
    }

    [Fact]
    public void Limits_longer_than_a_timer_can_wait_are_no_limit()
    {
        // Beyond 49.7 days: every request failed with "Specified argument was out of the range of valid values",
        // and at 1e300 with an overflow.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/get" -Timeout 1e7).StatusCode
            (Invoke-Httpx "$base/get" -Timeout @{ Read = 1e300 }).StatusCode
            $c = New-HttpxClient -Timeout 1e7 -KeepAliveExpiry 1e300; $c.Get("$base/get").StatusCode; $c.Dispose()
            $t = New-HttpxTransport -KeepAliveExpiry 1e300; (Invoke-Httpx "$base/get" -Client (New-HttpxClient -Transport $t)).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { 200, 200, 200, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Redirects_are_not_followed_unless_asked()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/redirect/2").StatusCode
            $r = Invoke-Httpx "$base/redirect/2" -FollowRedirects; $r.StatusCode; $r.History.Count
            Invoke-Httpx "$base/redirect/3" -FollowRedirects -MaxRedirects 1
            """);
        Assert.Equal(new object[] { 302, 200, 2 }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.TooManyRedirects,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
    }

    [Fact]
    public void Credentials_become_basic_auth_and_https_verifies_with_a_CA_file_or_not_at_all()
    {
        var result = _ps.Run("""
            $secret = [securestring]::new(); 'p'.ToCharArray() | ForEach-Object { $secret.AppendChar($_) }
            $cred = [pscredential]::new('u', $secret)
            (Invoke-Httpx "$base/basic-auth/u/p" -Auth $cred).StatusCode
            (Invoke-Httpx "$https/get" -Verify $ca -Http2).HttpVersion
            (Invoke-Httpx "$https/get" -NoVerify).StatusCode
            (Invoke-Httpx "$https/get" -SkipCertificateCheck).StatusCode
            Invoke-Httpx "$https/get" -NoTrustEnv
            """);
        Assert.Equal(new object[] { 200, "HTTP/2", 200, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ConnectError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
    }

    [Fact]
    public void Requests_built_by_New_HttpxRequest_can_be_changed_and_sent_by_parameter_or_pipeline()
    {
        var result = _ps.Run("""
            $r = New-HttpxRequest "$base/anything" -Method PATCH -Json @{ a = 1 } -Headers @{ 'X-A' = '1' }
            $r.Headers['User-Agent'].StartsWith('httpx-dotnet/')
            $r.Headers.Set('X-A', '2')
            (Invoke-Httpx -Request $r -As Json).headers.'X-A'
            ($r | Invoke-Httpx -As Json).method
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, "2", "PATCH" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_built_requests_url_set_to_null_is_refused_and_the_request_still_goes_out()
    {
        // Taken, it made -Request fail with a NullReferenceException and a piped request vanish without an error.
        var result = _ps.Run("""
            $r = New-HttpxRequest "$base/anything?a=1"
            try { $r.Url = $null } catch { $_.Exception.GetBaseException().Message }
            ($r | Invoke-Httpx -As Json).query
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.StartsWith("A request's URL cannot be null", (string)result.Output[0].BaseObject);
        Assert.Equal("a=1", result.Output[1].BaseObject);
    }

    [Fact]
    public void A_built_request_given_a_url_on_another_host_sends_that_host()
    {
        // The Host made for the first URL stayed (HTTPX keeps it), and the new server was asked for the old host.
        var result = _ps.Run("""
            $r = New-HttpxRequest ("$base/anything" -replace '127\.0\.0\.1', 'localhost')
            $r.Url = "$base/anything"
            ($r | Invoke-Httpx -As Json).headers.Host
            $base.Substring('http://'.Length)
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(result.Output[1].BaseObject, result.Output[0].BaseObject);
    }

    [Fact]
    public void A_built_requests_method_can_be_changed_before_it_is_sent()
    {
        // It was read-only ("'Method' is a ReadOnly property"), where HTTPX's request.method is not.
        var result = _ps.Run("""
            $r = New-HttpxRequest "$base/anything" -Json @{ a = 1 }
            $r.Method = 'put'
            ($r | Invoke-Httpx -As Json).method
            try { $r.Method = 'GE T' } catch { "$_" }
            $r.Method
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.Equal("PUT", result.Output[0].BaseObject);
        Assert.Equal("Invalid HTTP method 'GE T': a method is a token such as GET or POST.", result.Output[1].BaseObject);
        Assert.Equal("PUT", result.Output[2].BaseObject);
    }

    [Fact]
    public void A_built_request_with_a_stream_body_piped_again_is_an_error_naming_it()
    {
        var result = _ps.Run("""
            $body = [IO.Compression.GZipStream]::new([IO.MemoryStream]::new([Convert]::FromBase64String('H4sIAAAAAAAAA0tMSgYAwkEkNQMAAAA=')), [IO.Compression.CompressionMode]::Decompress)
            $r = New-HttpxRequest "$base/anything" -Content $body
            ($r | Invoke-Httpx -As Json).body
            $r | Invoke-Httpx
            """);
        Assert.Equal("abc", Assert.Single(result.Output).BaseObject);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.StreamConsumed,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("The body of POST " + "http://", error.Exception.Message);
        Assert.Contains("/anything is a stream that was already read", error.Exception.Message);
    }

    [Theory]
    // A request built with -Auth went out without it (401), with -FollowRedirects unfollowed, with -Proxy direct.
    [InlineData("-Auth (New-HttpxAuth -UserName u -Password p)", "Auth")]
    [InlineData("-FollowRedirects", "FollowRedirects")]
    [InlineData("-Proxy http://127.0.0.1:1", "Proxy")]
    [InlineData("-NoVerify", "NoVerify")]
    public void New_HttpxRequest_refuses_what_only_matters_when_sending(string parameter, string named)
    {
        var result = _ps.Run($"try {{ New-HttpxRequest \"$base/get\" {parameter} }} catch {{ $_ }}");
        var record = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand", record.FullyQualifiedErrorId);
        Assert.StartsWith($"-{named} is used when a request is sent", record.Exception.Message);
        Assert.Contains($"give -{named} to Invoke-Httpx", record.Exception.Message);
    }

    [Fact]
    public void BaseUrl_joins_relative_paths()
    {
        var result = _ps.Run("""(Invoke-Httpx '/get' -BaseUrl "$base/anything" -As Json).path""");
        Assert.Empty(result.Errors);
        Assert.Equal("/anything/get", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_base_url_that_does_not_parse_is_one_error_for_the_command_not_one_per_piped_url()
    {
        // Each piped path failed with the same InvalidURL, its target the path rather than -BaseUrl, where
        // New-HttpxClient -BaseUrl refuses the same text once.
        var result = _ps.Run("""
            'a', 'b', 'c' | Invoke-Httpx -BaseUrl 'https://ops:s3cret@api.example:99999/v1/' -ThrottleLimit 4
            'x', 'y' | New-HttpxRequest -BaseUrl 'http://[::1/v1/'
            'next statement'
            """);
        Assert.Equal(new object[] { "next statement" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("Httpx.InvalidURL,Httpx.PowerShell.Commands.InvokeHttpxCommand", result.Errors[0].FullyQualifiedErrorId);
        Assert.Equal("Httpx.InvalidURL,Httpx.PowerShell.Commands.NewHttpxRequestCommand", result.Errors[1].FullyQualifiedErrorId);
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.Equal("https://ops:[secure]@api.example:99999/v1/", result.Errors[0].TargetObject);
        Assert.Equal("http://[::1/v1/", result.Errors[1].TargetObject);
        Assert.Contains("Invalid port '99999'", result.Errors[0].ToString());
        Assert.DoesNotContain("s3cret", result.Errors[0].ToString());
        Assert.Contains("Invalid IPv6 address '[::1'", result.Errors[1].ToString());
    }

    [Fact]
    public void Response_type_members_give_elapsed_ms_length_and_content_type()
    {
        var result = _ps.Run("""$r = Invoke-Httpx "$base/bytes/10"; $r.Length; $r.ContentType; $r.ElapsedMs -ge 0""");
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 10L, "application/octet-stream", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Content_takes_bytes_and_a_stream_and_Body_is_its_alias()
    {
        var result = _ps.Run("""
            $bytes = [byte[]](104, 105, 0, 255)
            $echo = Invoke-Httpx "$base/post" -Content $bytes -As Json
            "$($echo.method) $($echo.body_length) $($echo.body_base64)"
            $stream = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes('from a stream'))
            (Invoke-Httpx "$base/post" -Body $stream -As Json).body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "POST 4 aGkA/w==", "from a stream" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_closed_stream_as_Content_is_an_error_naming_its_file_and_that_it_is_closed()
    {
        // The message was "The stream is not readable.": which stream, and that a using block had closed it, went unsaid.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-closed-{Guid.NewGuid():N}.bin");
        File.WriteAllText(path, "body");
        try
        {
            var result = _ps.Run($$"""
                $f = [IO.File]::OpenRead('{{path}}'); $f.Dispose()
                Invoke-Httpx "$base/post" -Content $f
                """);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Equal($"The body's file '{path}' cannot be read: it is closed (disposed).", error.ErrorDetails?.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TimeoutSec_of_Invoke_WebRequest_is_an_alias_of_Timeout()
    {
        // What Invoke-WebRequest users type: it was "A parameter cannot be found that matches parameter name 'TimeoutSec'".
        var result = _ps.Run("""
            Invoke-Httpx "$base/delay/3000" -TimeoutSec 0.2
            $client = New-HttpxClient -TimeoutSec 30
            $client.Timeout.Read
            (New-HttpxRequest "$base/get" -TimeoutSec 7).Timeout.Connect
            """);
        Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new object[] { 30.0, 7.0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void ConnectionTimeoutSeconds_and_CustomMethod_of_Invoke_WebRequest_are_aliases_of_Timeout_and_Method()
    {
        // PowerShell 7.4 renamed -TimeoutSec to -ConnectionTimeoutSeconds (TimeoutSec its alias), and -CustomMethod is its
        // -Method for any method: both were 'A parameter cannot be found'.
        var result = _ps.Run("""
            Invoke-Httpx "$base/delay/3000" -ConnectionTimeoutSeconds 0.2
            (New-HttpxClient -ConnectionTimeoutSeconds 30).Timeout.Read
            (New-HttpxRequest "$base/get" -ConnectionTimeoutSeconds 7).Timeout.Connect
            (Invoke-Httpx "$base/anything" -CustomMethod PURGE -As Json).method
            (New-HttpxRequest "$base/anything" -CustomMethod PURGE).Method
            """);
        Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new object[] { 30.0, 7.0, "PURGE", "PURGE" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Timeout_null_is_no_limit_as_HTTPXs_timeout_None()
    {
        // HTTPX's timeout=None (and Invoke-WebRequest's -TimeoutSec $null, which is 0) is no limit: it was the 5 s
        // default, and with -Client the client's timeout, so the call below was a ReadTimeout.
        var result = _ps.Run("""
            (New-HttpxClient -Timeout $null).Timeout.ToString()
            (New-HttpxRequest "$base/get" -Timeout $null).Timeout.ToString()
            $c = New-HttpxClient -Timeout 0.2
            (Invoke-Httpx "$base/delay/1000" -Client $c -Timeout $null).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Timeout(timeout=None)", "Timeout(timeout=None)", 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Timeout_hashtable_with_Client_keeps_the_client_s_limits_for_the_keys_it_leaves_out()
    {
        // -Timeout @{ Read = 30 } for one slow call on a client set to @{ Connect = 4; Read = 0.2 } changes the read
        // limit only: the keys left out were HTTPX's 5 s default, so the client's short limits were lost for that call.
        // Without a client (and for New-HttpxClient) they still keep the default. Connect is 4 s, not 0.5: under a loaded
        // machine the last call's new connection took longer than 0.5 s once (a ConnectTimeout where the read limit was meant).
        var result = _ps.Run("""
            $c = New-HttpxClient -Timeout @{ Connect = 4; Read = 0.2; Write = 7; Pool = 8 }
            (New-HttpxRequest "$base/get" -Client $c -Timeout @{ Read = 30 }).Timeout.ToString()
            (New-HttpxRequest "$base/get" -Client $c -Timeout @{ Pool = $null }).Timeout.ToString()
            (New-HttpxRequest "$base/get" -Client $c -Timeout 2).Timeout.ToString()
            (New-HttpxRequest "$base/get" -Timeout @{ Read = 30 }).Timeout.ToString()
            Invoke-Httpx "$base/delay/3000" -Client $c -Timeout @{ Write = 9 }
            """);
        Assert.Equal(new object[]
        {
            "Timeout(connect=4.0, read=30.0, write=7.0, pool=8.0)",
            "Timeout(connect=4.0, read=0.2, write=7.0, pool=None)",
            "Timeout(timeout=2.0)",
            "Timeout(connect=5.0, read=30.0, write=5.0, pool=5.0)",
        }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("Timed out after 0.2 s", error.Exception.Message);
    }

    [Fact]
    public void Timeout_in_seconds_applies_to_the_call()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/delay/3000" -Timeout 0.2
            (Invoke-Httpx "$base/delay/10" -Timeout 30).StatusCode
            """);
        Assert.Equal("Httpx.ReadTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Files_paths_are_of_the_current_location_and_one_of_another_provider_is_refused_before_any_request()
    {
        // variable:a.txt resolved to the provider path "a.txt", which was sent from the process's working folder: a file
        // nobody named. A file-system path is relative to the current location and literal ([1] is no wildcard).
        var here = Directory.CreateTempSubdirectory("httpx-ps-");
        File.WriteAllText(Path.Combine(here.FullName, "a[1].txt"), "location");
        PowerShellResult result;
        try
        {
            result = _ps.Run($$"""
                $null = $ExecutionContext.SessionState.Path.SetLocation('{{here.FullName}}')
                $script:sent = 0
                $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) $script:sent++; @{ Text = 'x' } })
                foreach ($files in @{ f = 'variable:a.txt' }, @{ f = @{ Path = 'env:a.txt'; FileName = 'a.txt' } }) {
                    try { Invoke-Httpx https://example.org/ -Client $c -Files $files } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message }
                }
                try { New-HttpxRequest https://example.org/ -Files @{ f = 'variable:a.txt' } } catch { $_.FullyQualifiedErrorId }
                $script:sent
                (Invoke-Httpx "$base/post" -Files @{ f = 'a[1].txt' } -As Json).files.f[0].content
                """);
        }
        finally
        {
            here.Delete(recursive: true);
        }
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", ErrorCategory.InvalidArgument, "Files",
            "-Files 'f': 'variable:a.txt' is a path of the Variable provider: give a path in the file system. (Parameter 'Files')",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", ErrorCategory.InvalidArgument, "Files",
            "-Files 'f': 'env:a.txt' is a path of the Environment provider: give a path in the file system. (Parameter 'Files')",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand",
            0,
            "location",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Verify_is_of_the_current_location_and_one_of_another_provider_is_refused_on_every_cmdlet()
    {
        // variable:ca.pem trusted the process's working folder's ca.pem, a bundle nobody named.
        var here = Directory.CreateTempSubdirectory("httpx-ps-");
        File.Copy(_ps.Server.CaPemPath, Path.Combine(here.FullName, "ca[1].pem"));
        PowerShellResult result;
        try
        {
            result = _ps.Run($$"""
                $null = $ExecutionContext.SessionState.Path.SetLocation('{{here.FullName}}')
                foreach ($call in { Invoke-Httpx "$https/get" -Verify variable:ca.pem }, { New-HttpxClient -Verify variable:ca.pem }, { New-HttpxTransport -Verify variable:ca.pem }) {
                    try { & $call; 'made' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
                }
                (Invoke-Httpx "$https/get" -Verify 'ca[1].pem').StatusCode
                """);
        }
        finally
        {
            here.Delete(recursive: true);
        }
        Assert.Empty(result.Errors);
        const string message = "-Verify 'variable:ca.pem' is a path of the Variable provider: give a path in the file system. (Parameter 'Verify')";
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Verify", message,
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "Verify", message,
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxTransportCommand", "Verify", message,
            200,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Verify_of_true_or_false_is_refused_saying_to_give_NoVerify_on_every_cmdlet()
    {
        // HTTPX's verify=False written -Verify:$false was taken as a CA file named 'False' in the current folder, and
        // the engine's error then said that verify takes true or false.
        var result = _ps.Run("""
            foreach ($call in { Invoke-Httpx "$https/get" -Verify:$false }, { New-HttpxClient -Verify $true }, { New-HttpxTransport -Verify:$false }) {
                try { & $call; 'made' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }
            """);
        Assert.Empty(result.Errors);
        static string Message(string value, string where = "") =>
            $"Cannot process argument transformation on parameter 'Verify'. -Verify takes the path of a CA file or folder, not ${value}: verification is on by default; give -NoVerify{where} to switch it off.";
        Assert.Equal(new object[]
        {
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Message("false", " to Invoke-Httpx"),
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", Message("true"),
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxTransportCommand", Message("false"),
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Verify_of_a_certificate_object_is_refused_saying_to_give_a_PEM_path()
    {
        // Get-PfxCertificate's certificate became its multi-line ToString() as a path: "-Verify '[Subject]\n  CN=...':
        // there is no drive '[Subject] ...'", the whole certificate dump quoted twice.
        var result = _ps.Run("""
            $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem([IO.File]::ReadAllText($ca))
            $all = [System.Security.Cryptography.X509Certificates.X509Certificate2Collection]::new($cert)
            foreach ($call in { Invoke-Httpx "$https/get" -Verify $cert }, { New-HttpxClient -Verify $all }, { New-HttpxTransport -Verify $cert }) {
                try { & $call; 'made' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }
            """);
        Assert.Empty(result.Errors);
        var subject = _ps.Server.CaCertificate.Subject;
        static string Message(string what) =>
            $"Cannot process argument transformation on parameter 'Verify'. -Verify takes the path of a CA file or folder, not {what}: write the CA certificate to a PEM file ($certificate.ExportCertificatePem()) and give its path.";
        Assert.Equal(new object[]
        {
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Message($"a certificate ('{subject}')"),
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", Message("a certificate collection"),
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxTransportCommand", Message($"a certificate ('{subject}')"),
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_CA_bundle_that_is_not_there_is_named_without_offering_true_or_false()
    {
        // The error went on "(verify takes true, false, or the path of a CA file or directory)": advice that -Verify
        // refuses (above), given also for SSL_CERT_FILE, which takes a path only.
        var result = _ps.Run("""
            $missing = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-no-such-ca-$([guid]::NewGuid().ToString('N')).pem")
            foreach ($call in { Invoke-Httpx "$https/get" -Verify $missing }, { New-HttpxClient -Verify $missing }, { New-HttpxTransport -Verify $missing }) {
                try { & $call; 'made' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message.Replace($missing, '<missing>') }
            }
            $saved = $env:SSL_CERT_FILE
            try {
                $env:SSL_CERT_FILE = $missing
                try { $null = New-HttpxClient; 'made' } catch { $_.Exception.Message.Replace($missing, '<missing>') }
            }
            finally { $env:SSL_CERT_FILE = $saved }
            """);
        Assert.Empty(result.Errors);
        const string message = "The CA bundle '<missing>' does not exist: give the path of a CA file or directory.";
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", message + " (Parameter 'verify')",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", message + " (Parameter 'verify')",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxTransportCommand", message + " (Parameter 'verify')",
            "The environment variable SSL_CERT_FILE names an unusable CA bundle: " + message,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Verify_of_false_on_New_HttpxRequest_names_the_NoVerify_of_Invoke_Httpx()
    {
        // New-HttpxRequest shares Invoke-Httpx's -Verify (and its refusal of $false) but refuses -NoVerify, a setting
        // of the sending: the refusal said "give -NoVerify", which New-HttpxRequest then refused in turn.
        var result = _ps.Run("""
            try { New-HttpxRequest "$https/get" -Verify:$false } catch { $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("Cannot process argument transformation on parameter 'Verify'. -Verify takes the path of a CA file or folder, not $false: verification is on by default; give -NoVerify to Invoke-Httpx to switch it off.",
            Assert.Single(result.Output).BaseObject);
    }

    [Theory]
    // '~' from variable: is the home of the Variable provider, which has none: PowerShell's InvalidOperation ("Home
    // location for this provider is not set...").
    [InlineData("~/", " is a path of the Variable provider: give a path in the file system.")]
    // PowerShell's DriveNotFound ("Cannot find drive. A drive with the name 'nodrive' does not exist.").
    [InlineData("nodrive:", ": there is no drive 'nodrive' (Get-PSDrive lists them).")]
    public void A_path_parameter_given_no_file_system_path_is_an_invalid_argument_naming_it_and_the_path(string prefix, string problem)
    {
        // Both named neither the parameter nor the path (with several -Files, not which field: the message names it), and failed the binding
        // of -Certificate's second item, a password, where any other text that is no key file is a password.
        var result = _ps.Run("""
            $null = $ExecutionContext.SessionState.Path.SetLocation('variable:')
            foreach ($call in { Invoke-Httpx "$https/get" -Verify "${p}ca.pem" }, { New-HttpxRequest "$https/get" -Files @{ f = "${p}a.txt" } },
                              { Invoke-Httpx "$https/get" -Download "${p}out.bin" }, { New-HttpxClient -CookieFile "${p}jar.txt" },
                              { New-HttpxAuth -NetRC -Path "${p}netrc" }, { New-HttpxTransport -UnixSocket "${p}s.sock" }) {
                try { & $call; 'made' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }
            try { New-HttpxTransport -Certificate ([IO.Path]::GetTempPath() + 'httpx-no-such.pfx'), "${p}pw" } catch { $_.Exception.Message -like '*httpx-no-such.pfx* does not exist*' }
            """, new Dictionary<string, object?> { ["p"] = prefix });
        Assert.Empty(result.Errors);
        string Refused(string command, string parameter, string file, string? label = null) =>
            $"Httpx.InvalidArgument,Httpx.PowerShell.Commands.{command}|{label ?? "-" + parameter} '{prefix}{file}'{problem} (Parameter '{parameter}')";
        Assert.Equal(new[]
        {
            Refused("InvokeHttpxCommand", "Verify", "ca.pem"),
            Refused("NewHttpxRequestCommand", "Files", "a.txt", "-Files 'f':"),
            Refused("InvokeHttpxCommand", "Download", "out.bin"),
            Refused("NewHttpxClientCommand", "CookieFile", "jar.txt"),
            Refused("NewHttpxAuthCommand", "Path", "netrc"),
            Refused("NewHttpxTransportCommand", "UnixSocket", "s.sock"),
            "True",
        }, ErrorIdsWithMessages(result.Output));
    }

    // The output of `catch { $_.FullyQualifiedErrorId; $_.Exception.Message }` lines as "id|message", other lines as they are.
    private static List<string> ErrorIdsWithMessages(IEnumerable<PSObject> output)
    {
        var lines = output.Select(o => o.BaseObject?.ToString() ?? "").ToList();
        var pairs = new List<string>();
        for (var i = 0; i < lines.Count; i++)
            pairs.Add(lines[i].StartsWith("Httpx.", StringComparison.Ordinal) && i + 1 < lines.Count ? lines[i] + "|" + lines[++i] : lines[i]);
        return pairs;
    }
}
