namespace Httpx.PowerShell.Tests;

public class PipelineTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public PipelineTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void URLs_bind_from_the_pipeline_by_value_and_by_property_name()
    {
        var result = _ps.Run("""
            "$base/get", [uri]"$base/anything" | Invoke-Httpx | ForEach-Object { $_.Url.Path }
            [pscustomobject]@{ Url = "$base/status/204" } | Invoke-Httpx | ForEach-Object { $_.StatusCode }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "/get", "/anything", 204 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Any_object_with_a_Uri_or_Url_property_binds_by_property_name()
    {
        // Not only [pscustomobject]s: a UriBuilder (its Uri), an instance of a script's class (its Url), a response.
        var result = _ps.Run("""
            class Endpoint { [string] $Url }
            [UriBuilder]::new("$base/status/201"), [Endpoint]@{ Url = "$base/status/202" } | Invoke-Httpx | ForEach-Object { $_.StatusCode }
            Invoke-Httpx "$base/status/203" | Invoke-Httpx | ForEach-Object { $_.Url.Path }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 201, 202, "/status/203" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_hashtable_with_a_Uri_or_Url_key_binds_as_an_object_with_that_property_does()
    {
        // What ConvertFrom-Json -AsHashtable and Import-PowerShellDataFile give, and what $h.Url reads as a property: a
        // hashtable was refused as "not 'System.Collections.Hashtable'". Uri before Url, as for properties; any case.
        var result = _ps.Run("""
            @{ url = "$base/status/201" }, [ordered]@{ Name = 'web2'; Uri = "$base/status/202"; Url = "$base/status/500" } |
                Invoke-Httpx | ForEach-Object { $_.StatusCode }
            $d = [System.Collections.Generic.Dictionary[string, object]]::new(); $d['Url'] = "$base/status/203"
            Invoke-Httpx $d | ForEach-Object { $_.StatusCode }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 201, 202, 203 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_request_held_by_a_Uri_property_or_key_is_sent_as_built_not_as_a_GET_to_its_URL()
    {
        // Binding by property name would give -Uri the request itself: a GET to its URL dropped its method, headers and
        // body without a word.
        var result = _ps.Run("""
            $req = New-HttpxRequest "$base/anything" -Method POST -Content 'b' -Header 'X-Held: yes'
            [pscustomobject]@{ Name = 'web1'; Uri = $req }, @{ Url = $req } | Invoke-Httpx -As Json |
                ForEach-Object { "$($_.method) $($_.body) $($_.headers.'X-Held')" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "POST b yes", "POST b yes" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_hashtable_without_a_URL_is_named_by_its_keys_not_its_values()
    {
        var result = _ps.Run("""
            @{ Endpoint = "$base/get"; Token = 's3cret' }, @{ Name = 'web1'; Url = '' } | Invoke-Httpx
            # Not followed down, as a property holding an object is not: one level only.
            @{ Url = @{ Uri = "$base/get" } }, [pscustomobject]@{ Url = @{ Uri = "$base/get" } } | Invoke-Httpx
            """);
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.All(result.Errors, e => Assert.DoesNotContain("s3cret", e.Exception.Message));
        Assert.Contains("not a hashtable with the keys ", result.Errors[0].Exception.Message);
        Assert.Contains("Endpoint", result.Errors[0].Exception.Message);
        Assert.Contains("the Url key of the piped hashtable with the keys ", result.Errors[1].Exception.Message);
        Assert.Equal("web1", ((System.Collections.IDictionary)result.Errors[1].TargetObject)["Name"]);
    }

    [Fact]
    public void A_refused_item_is_told_that_a_hashtable_with_a_Uri_or_Url_key_is_taken_too()
    {
        // Hashtables with such a key are taken (ConvertFrom-Json -AsHashtable rows): the refusal lists what -Uri takes.
        var result = _ps.Run("""
            @{ Endpoint = "$base/get" } | Invoke-Httpx
            42 | New-HttpxRequest
            [pscustomobject]@{ Link = "$base/get" } | Get-HttpxProxy
            """);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("an object with a Uri or Url property or a hashtable with a Uri or Url key, not ", e.Exception.Message));
    }

    [Fact]
    public void A_piped_item_that_is_no_URL_is_named_without_a_password_it_holds()
    {
        var result = _ps.Run("""[pscustomobject]@{ Link = 'https://ops:hunter2@example.org/' } | Invoke-Httpx""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Contains("not an object with the properties Link.", error.Exception.Message);
        Assert.DoesNotContain("hunter2", error.Exception.Message);
    }

    [Fact]
    public void A_piped_hashtable_keyed_by_a_URL_is_named_without_the_password_in_its_key()
    {
        // A map of endpoints to their settings is keyed by URL: its keys name it in the error, a password in one hidden.
        var result = _ps.Run("""
            @{ 'https://ops:hunter2@example.org/' = 'web1' } | Invoke-Httpx
            [pscustomobject]@{ 'https://ops:hunter2@example.org/' = 'web1' } | Invoke-Httpx
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.All(result.Errors, e => Assert.DoesNotContain("hunter2", e.Exception.Message));
        Assert.All(result.Errors, e => Assert.Contains("https://ops:[secure]@example.org/", e.Exception.Message));
    }

    [Fact]
    public void A_piped_item_that_is_no_URL_is_an_error_for_that_item_only()
    {
        var result = _ps.Run("""
            "$base/get", 42, [pscustomobject]@{ Uri = "$base/status/204" }, (New-HttpxRequest "$base/anything") |
                Invoke-Httpx | ForEach-Object { $_.StatusCode }
            """);
        Assert.Equal(new object[] { 200, 204, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(42, error.TargetObject);
        Assert.Contains("System.Int32", error.Exception.Message);
        Assert.Contains("'42'", error.Exception.Message);
    }

    [Fact]
    public void A_piped_rows_Method_column_or_key_is_its_method_unless_Method_is_given()
    {
        // As binding by property name gives a parameter its column: Import-Csv's Method column was dropped without a
        // word, and a DELETE row went out as a GET. An empty cell is the default method; -Method given wins; a method
        // that is no token is an error for that row only, the row as its target.
        var result = _ps.Run("""
            # Import-Csv's rows (the runspace has no Import-Csv): every cell a string, an empty one ''.
            $rows = @('web1', 'delete'), @('web2', ''), @('web3', 'GE T'), @('web4', ' PUT ') |
                ForEach-Object { [pscustomobject]@{ Name = $_[0]; Url = "$base/anything"; Method = $_[1] } }
            $rows | Invoke-Httpx -As Json | ForEach-Object { $_.method }
            @{ url = "$base/anything"; METHOD = 'PATCH' } | Invoke-Httpx -As Json | ForEach-Object { $_.method }
            $rows[0] | Invoke-Httpx -Method OPTIONS -As Json | ForEach-Object { $_.method }
            [pscustomobject]@{ Url = "$base/anything"; Method = 'PUT' } | New-HttpxRequest | ForEach-Object { $_.Method }
            # Not text: its text would be the method ('System.Collections.Hashtable' is a token).
            @{ Url = "$base/anything"; Method = @{ Name = 'GET' } } | Invoke-Httpx
            """);
        Assert.Equal(new object[] { "DELETE", "GET", "PUT", "PATCH", "OPTIONS", "PUT" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId));
        Assert.Equal("web3", ((System.Management.Automation.PSObject)result.Errors[0].TargetObject).Properties["Name"].Value);
        Assert.Contains("The Method of the piped object (the error's target) is no method: Invalid HTTP method 'GE T'", result.Errors[0].Exception.Message);
        Assert.IsType<System.Collections.Hashtable>(result.Errors[1].TargetObject);
        Assert.Contains("holds a System.Collections.Hashtable, not a method such as GET or POST", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_piped_row_whose_Url_is_empty_is_an_error_naming_the_row_as_its_target()
    {
        // Import-Csv's row for an empty cell: the error named no row, and its target was the empty URL.
        var result = _ps.Run("""
            [pscustomobject]@{ Name = 'web1'; Url = '' }, [pscustomobject]@{ Name = 'web2'; Uri = $null }, [pscustomobject]@{ Name = 'web3'; Url = "$base/status/204" } |
                Invoke-Httpx -ThrottleLimit 2 | ForEach-Object { $_.StatusCode }
            """);
        Assert.Equal(new object[] { 204 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId));
        Assert.Equal(["web1", "web2"], result.Errors.Select(e => ((System.Management.Automation.PSObject)e.TargetObject).Properties["Name"].Value));
        Assert.Contains("the Url property of the piped object with the properties Name, Url holds no URL", result.Errors[0].ToString());
        Assert.Contains("the Uri property of the piped object with the properties Name, Uri holds no URL", result.Errors[1].ToString());
    }

    [Fact]
    public void A_piped_objects_Url_property_is_read_once()
    {
        // A ScriptProperty (or a class's getter) runs each time it is read: 8a5ff85 read it three times per item.
        var result = _ps.Run("""
            $global:reads = 0
            $o = [pscustomobject]@{ Name = 'a' }
            $o.PSObject.Properties.Add([psscriptproperty]::new('Url', { $global:reads++; "$base/status/204" }))
            ($o | Invoke-Httpx).StatusCode
            $global:reads
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 204, 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_empty_Url_error_never_shows_the_other_values_of_the_row()
    {
        // A row of endpoints often carries its credentials: the message names the row by its properties, not their
        // values, and the row itself is the error's target.
        var result = _ps.Run("""
            [pscustomobject]@{ Name = 'web1'; Url = ''; Authorization = 'Bearer s3cret-token' } | Invoke-Httpx
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("s3cret", error.ToString());
        Assert.Contains("the Url property of the piped object with the properties Name, Url, Authorization holds no URL", error.ToString());
        Assert.Equal("web1", ((System.Management.Automation.PSObject)error.TargetObject).Properties["Name"].Value);
    }

    [Fact]
    public void A_piped_object_without_a_Uri_or_Url_property_is_named_by_its_properties_not_its_values()
    {
        // Its text lists its values ("@{Endpoint=...; Token=...}"), and a row of endpoints often carries a token.
        var result = _ps.Run("""
            [pscustomobject]@{ Endpoint = "$base/get"; Token = 's3cret-token' } | Invoke-Httpx
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("s3cret", error.ToString());
        Assert.EndsWith("or a hashtable with a Uri or Url key, not an object with the properties Endpoint, Token.", error.ToString());
    }

    [Fact]
    public void Several_URLs_given_to_Uri_are_sent_as_if_piped()
    {
        var result = _ps.Run("""
            $urls = "$base/get", 42, [uri]"$base/status/204", (New-HttpxRequest "$base/anything")
            [int[]] $codes = Invoke-Httpx $urls -ThrottleLimit 2 | ForEach-Object { $_.StatusCode }
            [array]::Sort($codes)   # they finish in any order
            $codes
            """);
        Assert.Equal(new object[] { 200, 200, 204 }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(42, error.TargetObject);
    }

    [Fact]
    public void Several_URLs_given_to_Uri_of_New_HttpxRequest_and_Get_HttpxProxy_are_each_an_item()
    {
        // As Invoke-Httpx $urls: the help of both says "each URL"; each took one URL, and two were PowerShell's
        // "Cannot convert 'System.Object[]' to the type 'Httpx.PowerShell.UrlArgument'" for the whole command.
        var result = _ps.Run("""
            $urls = "$base/a", '', $null, 42, [pscustomobject]@{ Url = "$base/c" }, "$base/b"
            New-HttpxRequest $urls | ForEach-Object { $_.Url.Path }
            Get-HttpxProxy -Uri $urls | ForEach-Object { ([uri]$_.Url).AbsolutePath }
            """);
        // A bad item ('', $null, a number) is an error of its own, as in Invoke-Httpx; the others go on.
        Assert.Equal(new object[] { "/a", "/c", "/b", "/a", "/c", "/b" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(6, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.", e.FullyQualifiedErrorId));
    }

    [Theory]
    [InlineData("Invoke-Httpx", "InvokeHttpxCommand")]
    [InlineData("New-HttpxRequest", "NewHttpxRequestCommand")]
    [InlineData("Get-HttpxProxy", "GetHttpxProxyCommand")]
    public void A_piped_null_is_the_modules_error_for_that_item(string cmdlet, string type)
    {
        // The help of each says an item that is no URL ($null, a number) is an Httpx.InvalidArgument error for that
        // item: a piped $null (an unset variable, a missing value in a list) was PowerShell's
        // ParameterArgumentValidationErrorNullNotAllowed instead, and -Uri $null stopped the command with it.
        var result = _ps.Run($$"""
            "$base/status/201", $null, "$base/status/204" | {{cmdlet}} | ForEach-Object { 'ok' }
            {{cmdlet}} -Uri $null
            'next'
            """);
        Assert.Equal(new object[] { "ok", "ok", "next" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal($"Httpx.InvalidArgument,Httpx.PowerShell.Commands.{type}", e.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.Contains("-Uri is null", e.Exception.Message);
        });
    }

    [Fact]
    public void Bytes_given_to_Uri_are_one_error_naming_their_type_not_one_per_byte()
    {
        var result = _ps.Run("""
            Invoke-Httpx -Uri ([Text.Encoding]::UTF8.GetBytes('{"a": 1}'))
            'next'
            """);
        Assert.Equal(new object[] { "next" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("System.Byte[]", error.Exception.Message);
    }

    [Fact]
    public void Every_piped_URL_gets_the_whole_body_also_a_file_read_once_per_request()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "file body");
        try
        {
            var result = _ps.Run($$"""
                "$base/post", "$base/post" | Invoke-Httpx -Content ([IO.FileInfo]'{{file}}') -As Json | ForEach-Object { $_.body }
                "$base/post", "$base/post" | Invoke-Httpx -Json @{ n = 1 } -As Json | ForEach-Object { $_.body }
                """);
            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { "file body", "file body", "{\"n\":1}", "{\"n\":1}" }, result.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_stream_body_goes_with_the_first_URL_and_the_others_are_errors_not_empty_bodies()
    {
        var result = _ps.Run("""
            $body = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes('once'))
            "$base/post", "$base/anything" | Invoke-Httpx -Body $body -As Json | ForEach-Object { $_.body }
            $file = [IO.MemoryStream]::new([byte[]](1, 2, 3))
            "$base/post", "$base/anything" | Invoke-Httpx -Files @{ f = $file } -As Json | ForEach-Object { $_.files.f[0].size }
            """);
        Assert.Equal(["once", "3"], result.Output.Select(o => o.BaseObject.ToString()));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.Contains("-Content holds a stream", result.Errors[0].Exception.Message);
        Assert.Contains("-Files holds a stream", result.Errors[1].Exception.Message);
        Assert.All(result.Errors, e => Assert.EndsWith("/anything", e.TargetObject.ToString()));
    }

    [Fact]
    public void Each_item_is_its_own_request_and_one_failure_does_not_stop_the_others()
    {
        var result = _ps.Run("""
            "$base/get", 'http://127.0.0.1:1/', 'not a url::', "$base/status/418" | Invoke-Httpx -As Text -ErrorVariable failures | ForEach-Object { 'ok' }
            $failures.Count
            """);
        Assert.Equal(new object[] { "ok", 3 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, result.Errors.Count);
    }

    [Fact]
    public void Error_action_stop_turns_the_first_failure_into_a_terminating_error()
    {
        var result = _ps.Run("""
            try { 'http://127.0.0.1:1/', "$base/get" | Invoke-Httpx -ErrorAction Stop; 'not reached' }
            catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Equal("Httpx.ConnectError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void An_upstream_failure_ends_the_command_with_the_upstreams_error_and_writes_nothing_of_what_is_in_flight()
    {
        // One at a time, each result is out before the next item is read. Under -ThrottleLimit, items 1 and 2 are held
        // by the server (ten minutes, no timeout) when item 3's step throws: the catch gets that error at once, not a
        // pipeline-stopped one or a wait for the held requests, and nothing of them is written.
        var result = _ps.Run("""
            try { 1..3 | ForEach-Object { if ($_ -eq 3) { throw 'upstream failed' }; "$base/get?i=$_" } | Invoke-Httpx | ForEach-Object { $_.Url.Query } }
            catch { "caught: $_" }
            $c = New-HttpxClient -Timeout 0 -MaxConnections 2
            try { 1..3 | ForEach-Object { if ($_ -eq 3) { throw 'upstream failed' }; "$base/hang?i=$_" } | Invoke-Httpx -Client $c -ThrottleLimit 3 | ForEach-Object { 'written' } }
            catch { "caught: $_ $($_.Exception.GetType().Name)" }
            # The held requests were cancelled, not left running: their two connections serve the next calls. Left
            # running, /hang would hold both for minutes and these would wait out the pool timeout (a bound, not a sync).
            "$base/get?a", "$base/get?b" | Invoke-Httpx -Client $c -ThrottleLimit 2 -Timeout @{ Pool = 30 } | ForEach-Object { $_.StatusCode }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "i=1", "i=2", "caught: upstream failed", "caught: upstream failed RuntimeException", 200, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Parameters_that_a_built_request_already_fixed_are_refused_not_ignored()
    {
        var result = _ps.Run("""
            $r = New-HttpxRequest "$base/get"
            $r | Invoke-Httpx -Headers @{ 'X-Late' = '1' }
            """);
        // A statement-terminating error: the script goes on, the error is in the error stream.
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument", error.FullyQualifiedErrorId);
        Assert.Contains("-Headers", error.Exception.Message);
        Assert.Empty(result.Output);

        // What applies when sending is still accepted with a built request.
        var ok = _ps.Run("""(New-HttpxRequest "$base/redirect/1") | Invoke-Httpx -FollowRedirects | ForEach-Object StatusCode""");
        Assert.Empty(ok.Errors);
        Assert.Equal(200, Assert.Single(ok.Output).BaseObject);
    }

    [Fact]
    public void A_built_request_refused_for_a_session_default_names_the_default_that_gave_it()
    {
        // $PSDefaultParameterValues['Invoke-Httpx:TimeoutSec'] = 30, an Invoke-WebRequest habit, binds -Timeout as if
        // typed: every piped request was refused for a -Timeout the user never gave, and the error did not say whence.
        var result = _ps.Run("""
            $PSDefaultParameterValues['Invoke-Httpx:TimeoutSec'] = 30
            New-HttpxRequest "$base/get" | Invoke-Httpx
            $PSDefaultParameterValues.Clear()
            New-HttpxRequest "$base/get" | Invoke-Httpx -Timeout 30
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId));
        Assert.Contains("-Timeout cannot change a request that New-HttpxRequest already built", result.Errors[0].Exception.Message);
        Assert.Contains("it comes from $PSDefaultParameterValues['Invoke-Httpx:TimeoutSec']", result.Errors[0].Exception.Message);
        Assert.Contains("'New-HttpxRequest:Timeout'", result.Errors[0].Exception.Message);
        Assert.DoesNotContain("PSDefaultParameterValues", result.Errors[1].Exception.Message);
    }

    [Fact]
    public void A_built_request_sent_with_Auth_is_left_as_it_was_for_its_next_send()
    {
        // The auth flow's Authorization went into the user's request (only -Verbose sent a copy): sent again without
        // -Auth it still carried the token, and two sends of it at once wrote its headers from two flows.
        var result = _ps.Run("""
            $r = New-HttpxRequest "$base/anything"
            $auth = New-HttpxAuth -Bearer -Token 'secret-token'
            ($r, $r | Invoke-Httpx -Auth $auth -ThrottleLimit 2 -As Json | ForEach-Object { $_.headers.Authorization }) -join ','
            $r.Headers.ContainsKey('Authorization')
            $null -eq ($r | Invoke-Httpx -As Json).headers.Authorization
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Bearer secret-token,Bearer secret-token", false, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_built_request_refused_mid_pipeline_under_ThrottleLimit_first_writes_what_was_already_sent()
    {
        // The URLs before it had gone out (their hooks ran, the server got them) but their responses were never
        // written: the refusal ended the command with them in flight. One at a time, they came out before the error.
        // Items 1 and 2 are held until a third request of their group arrives, sent by the step before as it gives
        // the built request: both are in flight when it is refused.
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $held = "inflight?wait_for=3&timeout_ms=20000&key={{key}}"
            $hc = [System.Net.Http.HttpClient]::new()
            1..3 | ForEach-Object {
                if ($_ -eq 3) { $null = $hc.GetAsync("$base/$held"); New-HttpxRequest "$base/get" }
                else { "$base/inflight?i=$_&" + $held.Split('?')[1] }
            } | Invoke-Httpx -Headers @{ 'X-Late' = '1' } -ThrottleLimit 4 -Timeout 30 | ForEach-Object { $_.Url.Query -replace '&.*' }
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Contains("-Headers", error.Exception.Message);
        Assert.Equal(["i=1", "i=2"], result.Output.Select(o => (string)o.BaseObject).Order());
    }

    [Fact]
    public void An_Httpx_Url_binds_to_Uri_by_parameter_and_from_the_pipeline()
    {
        var result = _ps.Run("""
            $url = [Httpx.Url]::new("$base/get?from=parameter")
            (Invoke-Httpx $url -As Json).args.from
            [Httpx.Url]::new("$base/get?from=pipeline") | Invoke-Httpx -As Json | ForEach-Object { $_.args.from }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "parameter", "pipeline" }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
