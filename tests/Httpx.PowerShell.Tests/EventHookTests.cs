namespace Httpx.PowerShell.Tests;

/// <summary>-OnRequest and -OnResponse scriptblocks of New-HttpxClient, as HTTPX's event hooks.</summary>
public class EventHookTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public EventHookTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void A_request_hook_can_change_the_request_it_is_given_as_dollar_underscore()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -OnRequest { $_.Headers.Set('X-Hook', 'set') }
            (Invoke-Httpx "$base/get" -Client $c -As Json).headers.'X-Hook'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "set" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void RaiseForStatus_in_a_response_hook_fails_that_item_as_an_HTTPStatusError_and_the_next_goes_on()
    {
        // HTTPX's pattern: event_hooks={'response': [lambda r: r.raise_for_status()]}.
        var result = _ps.Run("""
            $c = New-HttpxClient -OnResponse { $_.RaiseForStatus(); $script:after = 'ran' }
            "$base/status/404", "$base/status/200" | Invoke-Httpx -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue |
                ForEach-Object { $_.StatusCode }
            $failures.Count
            $null -eq $script:after -or $script:after -eq 'ran'
            """);
        Assert.Equal(new object[] { 200, 1, true }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Empty(result.Errors); // -ErrorAction SilentlyContinue holds: nothing reaches the error stream (or the host)
        var failure = _ps.Run("""
            $c = New-HttpxClient -OnResponse { $_.RaiseForStatus() }
            Invoke-Httpx "$base/status/404" -Client $c
            """);
        var error = Assert.Single(failure.Errors);
        Assert.StartsWith("Httpx.HTTPStatusError,", error.FullyQualifiedErrorId);
        Assert.Contains("404", error.Exception.Message);
        Assert.Empty(failure.Output);
    }

    [Fact]
    public void A_scriptblock_added_to_the_engines_hook_list_is_refused_before_anything_is_sent()
    {
        // HTTPX's docs change hooks in place (client.event_hooks['response'] = [...]); the PowerShell reading of that,
        // $c.EventHooks.Response.Add({ ... }), makes PowerShell's own delegate of the block, which returns no Task and
        // which PowerShell refuses to run off the pipeline thread. A GET ran the block once and then failed with "returned
        // null, not a Task"; a POST (sent asynchronously) failed with PowerShell's "There is no Runspace available".
        var result = _ps.Run("""
            $c = New-HttpxClient
            $c.EventHooks.Response.Add({ param($r) $script:ran = 'yes' })
            Invoke-Httpx "$base/get" -Client $c
            Invoke-Httpx "$base/post" -Method POST -Body 'x' -Client $c
            $c.EventHooks = @{}
            $c.EventHooks.Request.Add({ param($r) $script:ran = 'yes' })
            Invoke-Httpx "$base/get" -Client $c
            "ran: $script:ran"
            """);
        Assert.Equal(new object[] { "ran: " }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, result.Errors.Count);
        foreach (var (error, kind) in result.Errors.Zip(new[] { "Response", "Response", "Request" }))
        {
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Equal("Client", error.TargetObject);
            Assert.StartsWith($"$client.EventHooks.{kind} holds a scriptblock added to it (.Add)", error.Exception.Message);
            Assert.Contains($"$client.EventHooks = @{{ {kind} = ... }}", error.Exception.Message);
            Assert.DoesNotContain("(Parameter", error.Exception.Message);
        }
    }

    [Fact]
    public void A_hooks_output_is_dropped_and_its_warnings_go_where_the_callers_redirections_send_them()
    {
        // As HTTPX ignores what a hook returns, a hook's output is not mixed into the command's responses. Its
        // Write-Warning goes to the caller's streams (3>&1 around the call takes it), as a Where-Object block's does.
        var result = _ps.Run("""
            function Warn { [CmdletBinding()] param($Message) $PSCmdlet.WriteWarning($Message) } # Write-Warning is not in this runspace
            $c = New-HttpxClient -OnRequest { 'stray'; Warn "to $($_.Url.Path)" }
            $out = Invoke-Httpx "$base/get" -Client $c 3>&1
            $out.Count
            $out[0].GetType().Name
            $out[0].Message
            $out[1].StatusCode
            $null = Invoke-Httpx "$base/status/204" -Client $c
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 2, "WarningRecord", "to /get", 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(new[] { "to /status/204" }, result.Warnings);
    }

    [Fact]
    public void A_hooks_warnings_and_information_are_the_commands_for_its_WarningVariable_WarningAction_and_InformationVariable()
    {
        // As ForEach-Object's block's are. They went past Invoke-Httpx to the caller's streams: a job collecting its
        // hooks' "slow call" warnings with -WarningVariable got none, and -WarningAction SilentlyContinue showed them.
        // Items run at once (-ThrottleLimit) have their hooks run on the pipeline thread as queued work.
        var result = _ps.Run("""
            function Warn { [CmdletBinding()] param($Message) $PSCmdlet.WriteWarning($Message) }
            function Inform { [CmdletBinding()] param($Message) $PSCmdlet.WriteInformation($Message, [string[]]'timing') }
            $c = New-HttpxClient -OnResponse { Warn "slow $($_.Url.Path)"; Inform "took $($_.Url.Path)"; 'dropped' }
            $out = "$base/get", "$base/json" | Invoke-Httpx -Client $c -ThrottleLimit 4 -WarningVariable slow -WarningAction SilentlyContinue -InformationVariable took
            $out.Count
            $slow = [string[]]@($slow | ForEach-Object { $_.Message }); [Array]::Sort($slow); $slow
            $took = [string[]]@($took | ForEach-Object { "$($_.MessageData) [$($_.Tags)]" }); [Array]::Sort($took); $took
            """);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(new object[] { 2, "slow /get", "slow /json", "took /get [timing]", "took /json [timing]" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Text_or_Content_of_the_unread_body_in_a_response_hook_fails_with_ResponseNotRead_and_reads_after_Read()
    {
        // PowerShell hides a property's error as $null: .Text and .Content of the body not read yet (a streamed one
        // included) are HTTPX's ResponseNotRead, as .Json() is; after $_.Read() they hold the body.
        var result = _ps.Run("""
            $c = New-HttpxClient -OnResponse { $script:seen = $_.Text }
            Invoke-Httpx "$base/get" -Client $c -ErrorVariable +failures -ErrorAction SilentlyContinue
            $c = New-HttpxClient -OnResponse { $script:seen = $_.Content }
            Invoke-Httpx "$base/stream-lines/3" -Client $c -Stream Lines -ErrorVariable +failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.FullyQualifiedErrorId }
            $c = New-HttpxClient -OnResponse { $null = $_.Read(); $script:seen = $_.Text }
            $null = Invoke-Httpx "$base/json" -Client $c
            $script:seen.StartsWith('{')
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.ResponseNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            "Httpx.ResponseNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            true,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Elapsed_of_the_unread_body_in_a_response_hook_fails_with_ResponseNotRead_and_is_there_after_Read()
    {
        // HTTPX raises on .elapsed before the body is read or closed; PowerShell read the engine's error as $null, so a
        // hook logging each call's time logged nothing, silently.
        var result = _ps.Run("""
            $c = New-HttpxClient -OnResponse { $script:took = $_.Elapsed }
            Invoke-Httpx "$base/get" -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.FullyQualifiedErrorId; $_.Exception.Message.Contains('$null = $_.Read()') }
            $c = New-HttpxClient -OnResponse { $null = $_.Read(); $script:took = $_.Elapsed }
            $null = Invoke-Httpx "$base/get" -Client $c
            $script:took -is [timespan]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Httpx.ResponseNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand", true, true },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Content_of_a_streamed_request_body_in_a_request_hook_fails_with_RequestNotRead()
    {
        // HTTPX's RequestNotRead; PowerShell read it as $null, as if the request had no body.
        var result = _ps.Run("""
            $c = New-HttpxClient -OnRequest { $script:seen = $_.Content }
            $body = [IO.MemoryStream]::new([byte[]](1, 2, 3))
            Invoke-Httpx "$base/post" -Client $c -Content $body -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | ForEach-Object { $_.FullyQualifiedErrorId; $_.TargetObject }
            (Invoke-Httpx "$base/post" -Client $c -Content 'text' -As Json).body
            [Text.Encoding]::UTF8.GetString($script:seen)
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.RequestNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand", $"{_ps.Server.HttpUrl}/post", "text", "text",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_cmdlet_error_in_a_request_hook_fails_the_request_before_it_is_sent()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -OnRequest { Get-Command No-RequestsToday }   # a non-terminating cmdlet error
            Invoke-Httpx "$base/get" -Client $c
            'next'
            """);
        Assert.Equal(new object[] { "next" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Contains("No-RequestsToday", error.Exception.Message);
        Assert.DoesNotContain("preference variable", error.Exception.Message);
    }

    [Fact]
    public void A_null_among_the_hooks_is_refused_when_the_client_is_made_naming_the_parameter()
    {
        // A $null in the list (a hook variable misspelt) was taken, and every request then failed with "Object reference
        // not set to an instance of an object." (a NullReferenceException as Httpx.ScriptBlockError).
        var result = _ps.Run("""
            foreach ($make in { New-HttpxClient -OnRequest { 1 }, $null }, { New-HttpxClient -OnResponse @($null) }) {
                try { $null = & $make; 'accepted' }
                catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; "$_" }
            }
            $c = New-HttpxClient -OnRequest $null -BaseUrl $base
            (Invoke-Httpx '/get' -Client $c).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "InvalidArgument", "OnRequest",
            "-OnRequest holds $null (item 2 of 2): give scriptblocks, or leave -OnRequest out for no hook.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "InvalidArgument", "OnResponse",
            "-OnResponse holds $null (item 1 of 1): give scriptblocks, or leave -OnResponse out for no hook.",
            200,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void EventHooks_takes_HTTPXs_event_hooks_hashtable_and_its_hooks_run_as_OnRequest_and_OnResponse_ones_on_the_pipeline_thread()
    {
        // HTTPX's httpx.Client(event_hooks={'request': [log], 'response': [check, count]}): here "A parameter cannot be
        // found that matches parameter name 'EventHooks'". Keys in any case; a scriptblock or a list of them each.
        var result = _ps.Run("""
            $thread = [Environment]::CurrentManagedThreadId
            $seen = [System.Collections.Generic.List[string]]::new()
            $c = New-HttpxClient -BaseUrl $base -EventHooks @{
                request = { $seen.Add("request $($_.Url.Path) $([Environment]::CurrentManagedThreadId -eq $thread)") }
                RESPONSE = { param($r) $seen.Add("response $($r.StatusCode)") }, { $seen.Add("second $($_.Url.Path) $([Environment]::CurrentManagedThreadId -eq $thread)") }
            }
            $c.EventHooks.ToString()
            $codes = '/get', '/status/204' | Invoke-Httpx -Client $c -ThrottleLimit 2 | ForEach-Object { $_.StatusCode }
            $codes.Count
            $seen.Count
            ($seen | Where-Object { $_ -like 'request /get*' }) -eq 'request /get True'
            ($seen | Where-Object { $_ -like 'second * True' }).Count
            $seen.IndexOf('response 200') -lt $seen.IndexOf('second /get True')
            (New-HttpxClient -EventHooks @{ Request = @() }).EventHooks.ToString()
            (New-HttpxClient -EventHooks @{}).EventHooks.ToString()
            (New-HttpxClient -EventHooks $null -BaseUrl $base | ForEach-Object { Invoke-Httpx '/get' -Client $_ }).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "EventHooks(request=1, response=2)", 2, 6, true, 2, true,
            "EventHooks(request=0, response=0)", "EventHooks(request=0, response=0)", 200,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void EventHooks_takes_another_clients_hooks_and_keeps_its_own_copy_as_HTTPX_does()
    {
        // httpx.Client(event_hooks=other.event_hooks): each client's lists are its own.
        var result = _ps.Run("""
            $first = New-HttpxClient -EventHooks @{ Request = { $script:hooked++ } }
            $second = New-HttpxClient -BaseUrl $base -EventHooks $first.EventHooks
            $first.EventHooks = @{ Response = {}, {} }
            $second.EventHooks.ToString()
            $null = Invoke-Httpx '/get' -Client $second
            $script:hooked
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "EventHooks(request=1, response=0)", 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_error_in_an_EventHooks_hook_is_a_ScriptBlockError_as_in_an_OnRequest_hook_and_the_next_item_goes_on()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -EventHooks @{ Response = { if ($_.Url.Path -eq '/status/404') { throw 'no 404 today' } } }
            '/status/404', '/get' | Invoke-Httpx -Client $c | ForEach-Object { $_.StatusCode }
            """);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.OperationStopped, error.CategoryInfo.Category);
        Assert.Equal("no 404 today", error.Exception.Message);
    }

    [Fact]
    public void A_hook_that_fails_has_the_requests_absolute_URL_as_its_target_as_the_commands_other_errors_have()
    {
        // A job's summary of failures by $_.TargetObject showed '/status/418' for a hook's failure, a path joined to
        // -BaseUrl, next to 'http://host/...' for a refused connection or a status error of the same command.
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -OnRequest { if ($_.Url.Path -eq '/status/418') { throw 'no teapots' } } -OnResponse { $_.RaiseForStatus() }
            '/status/418', '/status/500' | Invoke-Httpx -Client $c -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.TargetObject }
            $m = New-HttpxClient -BaseUrl 'https://api.example/v1/' -Transport (New-HttpxMockTransport { throw 'handler down' })
            Invoke-Httpx users -Client $m -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.TargetObject }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", $"{_ps.Server.HttpUrl}/status/418",
            "Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", $"{_ps.Server.HttpUrl}/status/500",
            "Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", "https://api.example/v1/users",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_response_hook_or_an_auth_flow_that_fails_has_the_requests_absolute_URL_as_its_target()
    {
        // Their request is not $_ as a request hook's is: a response hook's is its response's, an auth flow's its argument.
        // Without them the target was the URL as given, the path '/get' joined to -BaseUrl.
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -OnResponse { throw 'bad response' }
            Invoke-Httpx /get -Client $c -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.TargetObject }
            $a = New-HttpxClient -BaseUrl $base -Auth (New-HttpxAuth { param($request) throw 'no token' })
            Invoke-Httpx /get -Client $a -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.TargetObject }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", $"{_ps.Server.HttpUrl}/get",
            "Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", $"{_ps.Server.HttpUrl}/get",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_bad_EventHooks_key_or_value_is_a_binding_error_with_the_message_of_the_EventHooks_setter()
    {
        // PowerShell's own conversion would say 'Cannot convert value "System.Collections.Hashtable" to type
        // "Httpx.EventHooks"' before the message; a binding error of the parameter ends with the setter's message.
        var result = _ps.Run("""
            $c = New-HttpxClient
            foreach ($value in @{ Sent = {} }, @{ Request = 'log' }, @{ Response = {}, $null }, 'request') {
                try { $null = New-HttpxClient -EventHooks $value; 'accepted' }
                catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }
                try { $c.EventHooks = $value; 'accepted' } catch { $_.Exception.Message }
            }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject?.ToString()).ToArray();
        var expected = new[]
        {
            "Unknown event hook 'Sent': use Request and Response, each a scriptblock or a list of them.",
            "Event hook 'Request': a scriptblock or a list of them, not System.String.",
            "Event hook 'Response': a scriptblock or a list of them, not null.",
            "EventHooks takes a hashtable of Request and Response, each a scriptblock or a list of them, not System.String.",
        };
        Assert.Equal(expected.Length * 4, output.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", output[i * 4]);
            Assert.Equal("InvalidData", output[i * 4 + 1]);
            Assert.StartsWith("Cannot process argument transformation on parameter 'EventHooks'.", output[i * 4 + 2]);
            Assert.EndsWith(" " + expected[i], output[i * 4 + 2]);
            Assert.DoesNotContain("Cannot convert", output[i * 4 + 2]);
            Assert.Contains(expected[i], output[i * 4 + 3]); // the setter's own message, the same words
        }
    }

    [Fact]
    public void EventHooks_with_OnRequest_or_OnResponse_is_refused_naming_both_and_a_null_one_is_no_hook()
    {
        // HTTPX has one event_hooks; which of two lists would run first is a guess, so both given is an error.
        var result = _ps.Run("""
            foreach ($make in { New-HttpxClient -EventHooks @{ Response = {} } -OnRequest { 1 } },
                              { New-HttpxClient -EventHooks @{ Request = {} } -OnResponse { 1 } }) {
                try { $null = & $make; 'accepted' }
                catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; "$_" }
            }
            (New-HttpxClient -EventHooks @{ Request = {} } -OnRequest $null -OnResponse $null).EventHooks.ToString()
            (New-HttpxClient -EventHooks $null -OnResponse {}).EventHooks.ToString()
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "InvalidArgument", "OnRequest",
            "-EventHooks cannot be combined with -OnRequest: both set the client's hooks, and which ran first would be a guess; give them all in -EventHooks, as @{ Request = {...}, {...}; Response = {...} }.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "InvalidArgument", "OnResponse",
            "-EventHooks cannot be combined with -OnResponse: both set the client's hooks, and which ran first would be a guess; give them all in -EventHooks, as @{ Request = {...}, {...}; Response = {...} }.",
            "EventHooks(request=1, response=0)",
            "EventHooks(request=0, response=1)",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
