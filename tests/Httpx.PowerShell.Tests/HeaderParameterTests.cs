namespace Httpx.PowerShell.Tests;

/// <summary>-Header, curl-style "Name: value" items, on Invoke-Httpx and New-HttpxRequest (completion: CompletionTests).</summary>
public sealed class HeaderParameterTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public HeaderParameterTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void Header_items_and_the_Headers_hashtable_reach_the_server_with_every_value()
    {
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/get" -Header 'X-One: 1', 'X-One: 2', 'X-Three: b' -Headers @{ 'X-Two' = '3'; 'X-Three' = 'a' } -As Json
            $e.headers.'X-One' -join ', '
            $e.headers.'X-Two' -join ', '
            $e.headers.'X-Three' -join ', '
            """);
        Assert.Empty(result.Errors);
        // -Header items come after the -Headers entries: a name in both gets both values, the hashtable's first.
        Assert.Equal(new[] { "1, 2", "3", "a, b" }, result.Output.Select(o => o.BaseObject?.ToString()).ToArray());
    }

    [Fact]
    public void A_clients_Headers_take_a_list_of_name_value_pairs_as_its_Params_do()
    {
        // @(@('X-A', '1'), @('X-A', '2')) was refused ("Headers takes a hashtable of name to value or an Httpx.Headers,
        // not System.Object[]") where $client.Params takes the same list. The -Headers parameter stays a hashtable
        // (a request's repeated name goes in -Header), where -Params takes the list too.
        var result = _ps.Run("""
            $c = New-HttpxClient
            $c.Headers = @(@('X-A', '1'), @('X-A', '2'), @('X-B', 3))
            $e = Invoke-Httpx "$base/get" -Client $c -As Json
            $e.headers.'X-A' -join ', '
            $e.headers.'X-B' -join ', '
            try { $c.Headers = @('Authorization', 'Bearer SECRET') } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject?.ToString()).ToArray();
        Assert.Equal(new[] { "1, 2", "3", "Httpx.InvalidArgument", "Headers" }, output[..4]);
        Assert.Contains("item 1 of the list is System.String, not a (name, value) pair", output[4]);
        Assert.DoesNotContain("SECRET", output[4]);
    }

    [Theory]
    // A pair's value went out as "@{a=1}", and a hashtable's refusal named the dictionary it was copied into
    // (System.Collections.Specialized.OrderedDictionary), where a hashtable of name to value refuses both naming the header.
    [InlineData("[pscustomobject]@{ a = 1 }", "a PSCustomObject")]
    [InlineData("@{ a = 1 }", "a hashtable")]
    [InlineData("(1, [pscustomobject]@{ a = 1 })", "a PSCustomObject")]
    public void A_clients_Headers_as_pairs_refuse_a_value_that_is_not_text_as_a_hashtable_of_them_does(string value, string named)
    {
        var result = _ps.Run($$"""
            $c = New-HttpxClient
            try { $c.Headers = @(,@('X-A', {{value}})) } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            $null -eq $c.Headers.Get('X-A')
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o?.BaseObject?.ToString()).ToArray();
        Assert.Equal("Httpx.InvalidArgument", output[0]);
        Assert.Contains("'X-A'", output[1]);
        Assert.Contains(named, output[1]);
        Assert.Equal(new[] { "True" }, output[2..]);
    }

    [Theory]
    // Only 2-item lists were checked: a DictionaryEntry's or KeyValuePair's PSCustomObject went out as 'X-A: @{a=1}'.
    [InlineData("@(,[Collections.DictionaryEntry]::new('X-A', [pscustomobject]@{ a = 1 }))", "a PSCustomObject")]
    [InlineData("@(,[Collections.DictionaryEntry]::new('X-A', @{ a = 1 }))", "a hashtable")]
    [InlineData("@(,[Collections.Generic.KeyValuePair[string,object]]::new('X-A', [pscustomobject]@{ a = 1 }))", "a PSCustomObject")]
    [InlineData("@(,[Collections.Generic.KeyValuePair[string,object]]::new('X-A', (1, [pscustomobject]@{ a = 1 })))", "a PSCustomObject")]
    [InlineData("[Collections.Generic.List[Collections.Generic.KeyValuePair[string,object]]]@([Collections.Generic.KeyValuePair[string,object]]::new('X-A', @{ a = 1 }))", "a hashtable")]
    public void A_clients_Headers_as_DictionaryEntry_or_KeyValuePair_items_refuse_a_value_that_is_not_text(string pairs, string named)
    {
        var result = _ps.Run($$"""
            $c = New-HttpxClient
            $pairs = {{pairs}}
            try { $c.Headers = $pairs } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            $null -eq $c.Headers.Get('X-A')
            $c.Headers = @(,[Collections.Generic.KeyValuePair[string,object]]::new('X-A', 1)); $c.Headers.Get('X-A')
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o?.BaseObject?.ToString()).ToArray();
        Assert.Equal("Httpx.InvalidArgument", output[0]);
        Assert.Contains("'X-A'", output[1]);
        Assert.Contains(named, output[1]);
        Assert.Equal(new[] { "True", "1" }, output[2..]);
    }

    [Fact]
    public void A_header_whose_value_is_an_unset_variable_is_an_error_not_an_empty_header()
    {
        var result = _ps.Run("""Invoke-Httpx "$base/headers" -Headers @{ Authorization = $unsetToken }""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Contains("Header 'Authorization' has no value", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_SecureString_put_into_a_header_value_is_an_error_naming_the_header_before_any_request()
    {
        // "Bearer $token" with $token a SecureString (Get-Secret's default) is "Bearer System.Security.SecureString":
        // it went out, and the server's 401 said nothing of why.
        var result = _ps.Run("""
            $token = [securestring]::new(); 'tok'.ToCharArray() | ForEach-Object { $token.AppendChar($_) }
            Invoke-Httpx "$base/headers" -Headers @{ Authorization = "Bearer $token" }
            Invoke-Httpx "$base/headers" -Header "X-Api-Key: $token"
            New-HttpxClient -Headers @{ 'X-Vault-Token' = "$token" }
            """);
        Assert.Empty(result.Output);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.Equal(new object[] { "Headers", "Header", "Headers" }, result.Errors.Select(e => e.TargetObject).ToArray());
        Assert.StartsWith("-Headers 'Authorization': the value holds the text 'System.Security.SecureString', which is what a SecureString becomes inside a string", result.Errors[0].Exception.Message);
        Assert.StartsWith("-Header item 1 ('X-Api-Key'): the value holds the text 'System.Security.SecureString'", result.Errors[1].Exception.Message);
        Assert.StartsWith("-Headers 'X-Vault-Token': the value holds", result.Errors[2].Exception.Message);
    }

    [Fact]
    public void A_SecureString_as_a_header_value_is_an_error_saying_what_to_give_instead()
    {
        var result = _ps.Run("""
            $token = [securestring]::new(); 'tok'.ToCharArray() | ForEach-Object { $token.AppendChar($_) }
            Invoke-Httpx "$base/headers" -Headers @{ 'X-Api-Key' = $token }
            """);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.StartsWith("-Headers 'X-Api-Key': a value is text, not a SecureString. Give a bearer token to -Auth (New-HttpxAuth -Bearer -Token takes a SecureString), or the secret's text (ConvertFrom-SecureString -AsPlainText).", error.Exception.Message);
    }

    [Fact]
    public void A_date_in_Headers_goes_in_HTTPs_date_format()
    {
        var result = _ps.Run("""
            $since = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
            (Invoke-Httpx "$base/get" -Headers @{ 'If-Modified-Since' = $since } -As Json).headers.'If-Modified-Since'[0]
            """);
        Assert.Empty(result.Errors);
        // It went as the invariant text, 01/02/2024 03:04:05, which no server reads as a date.
        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Items_are_split_at_the_first_colon_and_trimmed_and_replace_a_default_header()
    {
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/get" -H '  X-Url :  http://a/b?c=1  ', 'User-Agent: probe/1' -As Json
            $e.headers.'X-Url' -join '|'
            $e.headers.'User-Agent' -join '|'
            # The server drops the spaces around a value whatever was sent: the request's own header shows them.
            "[$((New-HttpxRequest "$base/get" -H 'X-Pad:   v   ').Headers['X-Pad'])]"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "http://a/b?c=1", "probe/1", "[v]" }, result.Output.Select(o => o.BaseObject?.ToString()).ToArray());
    }

    [Fact]
    public void New_HttpxRequest_puts_the_items_on_the_request()
    {
        var result = _ps.Run("""
            $r = New-HttpxRequest "$base/post" -Header 'Accept: text/plain', 'X-One: 1', 'X-One: 2' -Json '{}'
            $r.Headers['Accept']
            $r.Headers.GetList('X-One') -join '|'
            $r.Headers['Content-Type']
            (New-HttpxRequest "$base/post" -Json '{}' -H 'Content-Type: application/vnd.api+json').Headers.GetList('Content-Type') -join '|'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "text/plain", "1|2", "application/json", "application/vnd.api+json" },
            result.Output.Select(o => o.BaseObject?.ToString()).ToArray());
    }

    [Theory]
    [InlineData("Authorization Bearer s3cr3t-token", "Authorization")]
    [InlineData("Authorization Bearer s3cr3t-token: x", "Authorization")]
    [InlineData("Cookie sid=s3cr3t-token: x", "Cookie")]
    [InlineData("Cookie=s3cr3t-token", "Cookie")]
    [InlineData(": Bearer s3cr3t-token", "no name")]
    [InlineData("Proxy-Authorization: Basic s3cr3t-token\r\nX-Injected: 1", "Proxy-Authorization")]
    [InlineData("", "empty")]
    public void A_malformed_item_is_an_InvalidArgument_error_that_names_it_without_its_value(string item, string named)
    {
        foreach (var command in new[] { "Invoke-Httpx", "New-HttpxRequest" })
        {
            var result = _ps.Run($"{command} \"$base/get\" -Header 'X-Fine: 1', $item", new Dictionary<string, object?> { ["item"] = item });
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("-Header item 2", error.Exception.Message);
            Assert.Contains(named, error.Exception.Message);
            Assert.DoesNotContain("s3cr3t", error.Exception.Message);
            Assert.DoesNotContain("s3cr3t", error.ToString());
            Assert.Empty(result.Output);
        }
    }

    [Fact]
    public void An_item_without_a_colon_is_named_with_the_expected_form()
    {
        var result = _ps.Run("""Invoke-Httpx "$base/get" -Header 'X-Debug'""");
        var message = Assert.Single(result.Errors).Exception.Message;
        Assert.Contains("'X-Debug'", message);
        Assert.Contains("'Name: value'", message);
    }

    [Fact]
    public void A_request_built_by_New_HttpxRequest_refuses_Header()
    {
        var result = _ps.Run("""New-HttpxRequest "$base/get" | Invoke-Httpx -Header 'X-Late: 1'""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument", error.FullyQualifiedErrorId);
        Assert.Contains("-Header", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_non_ASCII_header_value_is_one_InvalidArgument_error_naming_the_header_and_the_next_call_runs()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/get" -Headers @{ 'X-Name' = 'José' }
            (Invoke-Httpx "$base/get?n=2").StatusCode
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("'X-Name'", error.Exception.Message);
        Assert.DoesNotContain("Jos", error.ToString());
        Assert.Equal(200, Assert.Single(result.Output).BaseObject);
    }

    [Theory]
    // Each failed every piped URL with the same error, as the engine checked the headers of each request it built.
    [InlineData("-Headers @{ 'X-Name' = 'José' }", "Headers", "'X-Name'")]
    [InlineData("-Headers @{ 'X-Name' = $unset }", "Headers", "'X-Name' has no value")]
    [InlineData("-Headers @{ 'X Name' = '1' }", "Headers", "Invalid header name 'X …'")]
    [InlineData("-Headers @{ 'X-Name' = \"a`nb\" }", "Headers", "'X-Name'")]
    [InlineData("-Header 'X-Name: José'", "Header", "'X-Name'")]
    public void A_bad_header_stops_the_command_with_one_error_for_all_its_urls(string parameter, string target, string named)
    {
        var result = _ps.Run($$"""
            "$base/get?n=1", "$base/get?n=2", "$base/get?n=3" | Invoke-Httpx {{parameter}}
            (Invoke-Httpx "$base/get?n=4").StatusCode
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        Assert.Contains(named, error.Exception.Message);
        Assert.DoesNotContain("Jos", error.ToString());
        Assert.Equal(200, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void New_HttpxClient_refuses_a_non_ASCII_header_value_as_Invoke_Httpx_does()
    {
        // Its -Headers were checked as names and values but not as a request's (ASCII): the client was made, and every
        // request it sent failed with the same error, targeting each URL.
        var result = _ps.Run("""
            try {
                $c = New-HttpxClient -Headers @{ 'X-Name' = 'José' }
                'made'
                "$base/get?n=1", "$base/get?n=2" | Invoke-Httpx -Client $c -ErrorAction SilentlyContinue -ErrorVariable failed
                $failed.Count
            } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message -like "*'X-Name'*not ASCII*" }
            """);
        Assert.Equal(new object?[] { "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "Headers", true },
            result.Output.Select(o => o?.BaseObject).ToArray());
        Assert.DoesNotContain("Jos", string.Join("\n", result.Errors));
    }

    [Fact]
    public void A_piped_request_given_a_non_ASCII_header_fails_alone_and_the_next_item_still_runs()
    {
        // Set after New-HttpxRequest built it, so the send refuses it (not the build).
        var result = _ps.Run("""
            $bad = New-HttpxRequest "$base/get?n=1"
            $bad.Headers['X-Name'] = 'José'
            $bad, (New-HttpxRequest "$base/get?n=2") | Invoke-Httpx -As Json | ForEach-Object { $_.args.n[0] }
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Contains("'X-Name'", error.Exception.Message);
        Assert.Equal("2", Assert.Single(result.Output).BaseObject);
    }
    [Theory]
    // They went out as "[a, 1]" and "@{a=1}".
    [InlineData("@{ a = 1 }", "a hashtable")]
    [InlineData("[pscustomobject]@{ a = 1 }", "a PSCustomObject")]
    [InlineData("(1, @{ a = 1 })", "a hashtable")]
    public void A_value_that_is_not_text_is_an_error_naming_the_header(string value, string named)
    {
        foreach (var command in new[] { "Invoke-Httpx", "New-HttpxRequest" })
        {
            var result = _ps.Run($"{command} \"$base/get\" -Headers @{{ 'X-A' = {value} }}");
            var error = Assert.Single(result.Errors.Concat(result.Terminating is System.Management.Automation.RuntimeException { ErrorRecord: { } r } ? [r] : Array.Empty<System.Management.Automation.ErrorRecord>()));
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Contains("'X-A'", error.Exception.Message);
            Assert.Contains(named, error.Exception.Message);
            Assert.Empty(result.Output);
        }
    }

    [Fact]
    public void Numbers_dates_lists_and_bytes_are_header_values()
    {
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/get" -Headers @{ 'X-N' = 5; 'X-L' = 1, 'two'; 'X-B' = [byte[]][char[]]'hi' } -As Json
            $e.headers.'X-N' -join ', '; $e.headers.'X-L' -join ', '; $e.headers.'X-B' -join ', '
            """);
        Assert.Empty(result.Errors);
        // Bytes are one value (they were a value per byte, "104, 105").
        Assert.Equal(new object[] { "5", "1, two", "hi" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_arrays_values_go_on_one_line_joined_as_the_help_says_and_an_empty_one_adds_none()
    {
        // HTTPX refuses a list as a dict's value (TypeError) and writes a line per pair of its list of pairs; .NET's
        // handler writes a name's values on one line, which RFC 9110 5.3 makes the same. Invoke-WebRequest sends
        // "System.Object[]". What goes on the wire, as the help of -Headers describes it.
        var result = _ps.Run("""
            $head = (Invoke-Httpx "$raw/echo-raw" -Headers ([ordered]@{ 'X-List' = 'a/b', 'c/d'; Cookie = 'a=1', 'b=2'; Accept = @() })).Text
            $head.Contains("`r`nX-List: a/b, c/d`r`n"); $head.Contains("`r`nCookie: a=1; b=2"); $head.Contains("`r`nAccept: */*`r`n")
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_cookie_given_as_utf8_bytes_reaches_the_server_as_it_was()
    {
        // Bytes are read as HTTPX reads them (UTF-8 when valid); read as Latin-1 they went out double-encoded ("JosÃ©").
        var result = _ps.Run("""
            $head = [Text.Encoding]::UTF8.GetString((Invoke-Httpx "$raw/echo-raw" -Headers @{ Cookie = [Text.Encoding]::UTF8.GetBytes('n=José') }).Content)
            $head.Contains("`r`nCookie: n=José`r`n")
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(true, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_Host_header_goes_first_after_the_request_line_as_HTTPX_sends_it()
    {
        // It went out after the other headers; HTTPX writes it first, as RFC 9110 7.2 asks.
        var result = _ps.Run("""
            $head = [Text.Encoding]::Latin1.GetString((Invoke-Httpx "$raw/echo-raw" -Header 'X-Before: 1', 'Host: example.com').Content)
            $head.StartsWith("GET /echo-raw HTTP/1.1`r`nHost: example.com`r`n")
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(true, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_Transfer_Encoding_chunked_header_sends_the_body_chunked_as_HTTPX_and_curl_do()
    {
        // The header was dropped and the body went with a Content-Length.
        var result = _ps.Run("""
            $e = Invoke-Httpx "$base/post" -Method POST -Content 'abc' -Header 'Transfer-Encoding: chunked' -As Json
            $e.chunked; $null -eq $e.content_length; $e.body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, "abc" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_Transfer_Encoding_other_than_chunked_is_a_LocalProtocolError_naming_it()
    {
        // HTTPX (h11) refuses it; it was dropped without a word and the body went with a Content-Length.
        var result = _ps.Run("""Invoke-Httpx "$base/post" -Method POST -Content 'abc' -Header 'Transfer-Encoding: gzip, chunked'""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.LocalProtocolError,", error.FullyQualifiedErrorId);
        Assert.Contains("'gzip, chunked'", error.Exception.Message);
        Assert.Empty(result.Output);
    }
}
