namespace Httpx.PowerShell.Tests;

public class ClientTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ClientTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void Client_less_calls_share_no_cookies_auth_or_headers()
    {
        var result = _ps.Run("""
            $null = Invoke-Httpx "$base/cookies/set?flavour=oat" -FollowRedirects
            $null = Invoke-Httpx "$base/get" -Headers @{ 'X-Once' = '1' } -Auth ([pscredential]::new('u', [securestring]::new()))
            $e = Invoke-Httpx "$base/anything" -As Json
            @($e.cookies.psobject.Properties).Count
            $null -eq $e.headers.'X-Once'
            $null -eq $e.headers.Authorization
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 0, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Mounts_send_a_url_to_the_most_specific_pattern_a_default_port_counting_as_written()
    {
        var result = _ps.Run("""
            $answer = { param($Name) New-HttpxMockTransport { New-HttpxResponse 200 -Text $Name }.GetNewClosure() }
            $c = New-HttpxClient -Mounts @{
                'all://' = & $answer 'all://'
                'https://' = & $answer 'https://'
                'all://example.org:443' = & $answer 'example.org:443'
            }
            foreach ($url in 'https://example.org/', 'https://example.org:8443/', 'http://example.org/') { (Invoke-Httpx $url -Client $c).Text }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "example.org:443", "https://", "all://" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_client_keeps_cookies_and_sends_its_defaults()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -Headers @{ 'X-Team' = 'ops' } -Params @{ v = '2' } -Cookies @{ a = '1' } -FollowRedirects -Timeout 30
            $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
            $e = Invoke-Httpx '/anything' -Client $c -As Json
            $e.cookies.flavour; $e.cookies.a; $e.headers.'X-Team'; $e.args.v[0]
            $c.Timeout.ToString()
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "oat", "1", "ops", "2", "Timeout(timeout=30.0)" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void Settings_assigned_to_a_client_after_it_was_made_take_effect_as_HTTPX_setters_do()
    {
        // HTTPX's client.headers = {...}, client.params = {...}, client.timeout = 10, client.auth = (...): here a
        // hashtable for Headers was read as properties to set ("The property 'X-Team' was not found"), and a number
        // for Timeout or a PSCredential for Auth could not be converted.
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -Headers @{ 'X-Old' = '1' } -Params @{ old = '1' }
            $c.Headers = @{ 'X-Team' = 'ops' }
            $c.Params = @{ v = '2' }
            $c.Timeout = 30
            $c.Auth = [pscredential]::new('u', [System.Net.NetworkCredential]::new('', 'p').SecurePassword)
            $e = Invoke-Httpx '/anything' -Client $c -As Json
            $e.headers.'X-Team'; $null -eq $e.headers.'X-Old'; $e.query; $e.headers.Authorization; $c.Timeout.ToString()
            $c.Timeout = @{ Connect = 2 }; $c.Timeout.ToString()
            try { $c.Timeout = -1 } catch { $_.Exception.Message.Contains('Invalid timeout -1:') }
            $c.Timeout = [timespan]::FromSeconds(2.5); $c.Timeout.ToString()
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "ops", "True", "v=2", "Basic dTpw", "Timeout(timeout=30.0)", "Timeout(connect=2.0, read=5.0, write=5.0, pool=5.0)", "True", "Timeout(timeout=2.5)" },
            result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void The_lists_of_environment_variables_read_index_as_lists_and_refuse_a_change()
    {
        // C#'s [..] read-only list is a type PowerShell does not index: BundleVariables[0] gave both names.
        var result = _ps.Run("""
            [Httpx.EnvironmentTls]::BundleVariables[1]; [Httpx.EnvironmentProxies]::UsualVariables[0]
            try { [Httpx.EnvironmentProxies]::UsualVariables[0] = 'X' } catch { 'refused' }
            [Httpx.EnvironmentProxies]::UsualVariables[0]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "SSL_CERT_DIR", "HTTP_PROXY", "refused", "HTTP_PROXY" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void Changing_a_limit_of_one_clients_timeout_leaves_other_clients_and_calls_alone_and_shared_defaults_refuse_a_change()
    {
        // Every client made without -Timeout held the one Timeout.Default: $c.Timeout.Read = 30 set it for them all, and
        // [Httpx.Timeout]::Default.Connect = 1 for the whole session.
        var result = _ps.Run("""
            $c = New-HttpxClient; $other = New-HttpxClient
            $c.Timeout.Read = 30
            "$($c.Timeout)"; "$($other.Timeout)"; "$((New-HttpxClient).Timeout)"
            try { [Httpx.Timeout]::Default.Connect = 1 } catch { $_.Exception.InnerException.Message }
            "$([Httpx.Timeout]::Default)"
            try { [Httpx.Limits]::Default.MaxConnections = 1 } catch { $_.Exception.InnerException.Message }
            "$([Httpx.Limits]::Default)"
            """);
        Assert.Empty(result.Errors);
        var lines = result.Output.Select(o => o.BaseObject.ToString()).ToArray();
        Assert.Equal("Timeout(connect=5.0, read=30.0, write=5.0, pool=5.0)", lines[0]);
        Assert.Equal("Timeout(timeout=5.0)", lines[1]);
        Assert.Equal("Timeout(timeout=5.0)", lines[2]);
        Assert.StartsWith("Timeout.Default is shared by every client without a timeout of its own, so its connect limit is not changed here", lines[3]);
        Assert.Equal("Timeout(timeout=5.0)", lines[4]);
        Assert.StartsWith("Limits.Default is shared by every client without limits of its own, so its MaxConnections is not changed here", lines[5]);
        Assert.Equal("Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)", lines[6]);
    }

    [Fact]
    public void Changing_a_limit_of_a_requests_timeout_leaves_the_clients_alone()
    {
        // The request carried the client's own timeout: $r.Request.Timeout.Read = 1 changed the client's.
        var result = _ps.Run("""
            $c = New-HttpxClient -Timeout 7
            $r = Invoke-Httpx "$base/get" -Client $c
            $r.Request.Timeout.Read = 1
            "$($r.Request.Timeout)"; "$($c.Timeout)"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "Timeout(connect=7.0, read=1.0, write=7.0, pool=7.0)", "Timeout(timeout=7.0)" },
            result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void A_request_sent_without_a_timeout_of_its_clients_has_one_of_its_own_to_change()
    {
        // It carried the shared [Httpx.Timeout]::Default, which refused the change that a client's own timeout allows.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/get"
            $r.Request.Timeout.Read = 1
            "$($r.Request.Timeout)"; "$([Httpx.Timeout]::Default)"
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "Timeout(connect=5.0, read=1.0, write=5.0, pool=5.0)", "Timeout(timeout=5.0)" },
            result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void The_lists_of_a_clients_params_and_the_shared_empty_params_refuse_a_change()
    {
        // QueryParams is immutable, as HTTPX's: $c.Params.GetList('a')[0] = 'z' wrote into the client's own array, and
        // [Httpx.QueryParams]::Empty.Keys.Add('x') into the list of every client's params made without any.
        var result = _ps.Run("""
            $c = New-HttpxClient -Params @{ a = '1' }
            try { $c.Params.GetList('a')[0] = 'z'; 'changed' } catch { 'refused' }
            try { [Httpx.QueryParams]::Empty.Keys.Add('x'); 'changed' } catch { 'refused' }
            $c.Params.ToString(); [Httpx.QueryParams]::Empty.Count; (New-HttpxClient).Params.Count
            $c.Params.GetList('a')[0]; $c.Params.Keys[0]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "refused", "refused", "a=1", "0", "0", "1", "a" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void A_base_url_with_a_query_keeps_it_after_the_joined_path()
    {
        // An API key in -BaseUrl: the relative path goes before it, -Params after it (HTTPX sent "?code=K/users&x=1").
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl "$base/anything/api?code=K"
            $e = Invoke-Httpx 'users' -Client $c -Params @{ x = 1 } -As Json
            $e.path; $e.query
            (Invoke-Httpx 'users' -BaseUrl "$base/anything/api?code=K" -As Json).query
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "/anything/api/users", "code=K&x=1", "code=K" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void Request_params_replace_the_clients_and_an_empty_list_removes_the_key()
    {
        // HTTPX merges request params over the client's key by key: a list replaces the values in the client key's place,
        // None sends "a=", and an empty list sends no 'a' at all. Here @() was dropped and the client's a=1 went out.
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -Params ([ordered]@{ a = 1; b = 'client' })
            (Invoke-Httpx '/anything?a=url&u=url' -Client $c -Params @{ a = @() } -As Json).query
            (Invoke-Httpx '/anything' -Client $c -Params @{ a = 2, 3 } -As Json).query
            (Invoke-Httpx '/anything' -Client $c -Params @{ a = $null } -As Json).query
            (New-HttpxRequest "$base/anything?a=url&u=url" -Params @{ a = @() }).Url.Query
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "u=url&b=client", "a=2&a=3&b=client", "a=&b=client", "u=url" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void A_scriptblock_as_a_param_or_header_value_is_refused_where_its_text_was_sent()
    {
        // A scriptblock is not run: -Params @{ since = { ... } } sent "since=+...+", its source text, and a header the same.
        var result = _ps.Run("""
            foreach ($make in { New-HttpxClient -Params @{ since = { 1 } } }, { New-HttpxClient -Headers @{ 'X-Since' = { 1 } } },
                              { New-HttpxRequest "$base/get" -Params @{ since = { 1 } } }) {
                try { $null = & $make; 'accepted' } catch { $_.FullyQualifiedErrorId -replace ',.*'; $_.TargetObject; "$_" }
            }
            """);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument", "Params", "-Params 'since': a value is a string, number, boolean, date or $null, or a list of them, not System.Management.Automation.ScriptBlock.",
            "Httpx.InvalidArgument", "Headers", "-Headers 'X-Since': a value is text, a number, a boolean or a date, or a list of them, not a scriptblock (it is not run: give its result).",
            "Httpx.InvalidArgument", "Params", "-Params 'since': a value is a string, number, boolean, date or $null, or a list of them, not System.Management.Automation.ScriptBlock.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_clients_Params_take_what_the_Params_parameter_takes_with_its_messages()
    {
        // One conversion for both (PowerShellValues.ToQueryParams). The setter had its own: an item that is no pair
        // went to the engine, whose refusal named neither Params nor the item, and a wrong shape's message left out
        // the list of pairs it took.
        var result = _ps.Run("""
            $c = New-HttpxClient
            foreach ($value in @(@('a', '1'), @('a', '2')), 'x=1&y=2&x=3', [ordered]@{ b = 1, 2; a = 'z' }) {
                $c.Params = $value; $c.Params.ToString()
                (New-HttpxRequest "$base/get" -Params $value).Url.Query
            }
            foreach ($value in @(@('a', '1'), 'b'), 5, [pscustomobject]@{ a = 1 }) {
                try { $c.Params = $value; 'accepted' } catch { $_.FullyQualifiedErrorId; "$_" }
                try { $null = New-HttpxRequest "$base/get" -Params $value; 'accepted' } catch { $_.FullyQualifiedErrorId; "$_" }
            }
            Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        const string shapes = "-Params takes a hashtable of name to value (a value may be a list, for a repeated name), a list of name/value pairs (@(@('tag', 'a'), @('tag', 'b'))), a query string ('a=1&b=2') or an Httpx.QueryParams, not ";
        Assert.Equal(new object[]
        {
            "a=1&a=2", "a=1&a=2",
            "x=1&x=3&y=2", "x=1&x=3&y=2", // grouped by name, as HTTPX's QueryParams
            "b=1&b=2&a=z", "b=1&b=2&a=z",
            "Httpx.InvalidArgument", "-Params: item 2 of the list is the string 'b', not a (name, value) pair such as @('tag', 'a') (one pair alone is written @(,@('tag', 'a')) in PowerShell).",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand", "-Params: item 2 of the list is the string 'b', not a (name, value) pair such as @('tag', 'a') (one pair alone is written @(,@('tag', 'a')) in PowerShell).",
            "Httpx.InvalidArgument", shapes + "System.Int32.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand", shapes + "System.Int32.",
            "Httpx.InvalidArgument", shapes + "a PSCustomObject.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxRequestCommand", shapes + "a PSCustomObject.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_clients_Params_given_as_a_list_of_pairs_takes_its_values_as_the_hashtable_form_does()
    {
        // $c.Params = @(@('a', 'x'), @('since', { 1 })) went to the engine as it was, which writes any value's own text:
        // the scriptblock was sent as "since=+1+", a PSCustomObject as "@{x=SECRET}", a date as 01/02/2024 03:04:05,
        // where $c.Params = @{ ... } refuses the first two and sends the date as ISO 8601.
        var result = _ps.Run("""
            $c = New-HttpxClient
            foreach ($value in { 1 }, [pscustomobject]@{ x = 'SECRET' }) {
                try { $c.Params = @(@('a', 'x'), @('since', $value)); "accepted: $($c.Params.ToString())" }
                catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            }
            $c.Params = @(@('d', [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)), @('a', 1), @('a', $true)); $c.Params.ToString()
            Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument", "Params", "-Params 'since': a value is a string, number, boolean, date or $null, or a list of them, not System.Management.Automation.ScriptBlock.",
            "Httpx.InvalidArgument", "Params", "-Params 'since': a value is a string, number, boolean, date or $null, or a list of them, not a PSCustomObject.",
            "d=2024-01-02T03%3A04%3A05Z&a=1&a=true",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Event_hooks_assigned_to_a_client_run_as_OnRequest_and_OnResponse_do()
    {
        // HTTPX's client.event_hooks = {'request': [...]}: here "Cannot create object of type Httpx.EventHooks".
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base
            $seen = [System.Collections.Generic.List[string]]::new()
            $c.EventHooks = @{ Request = { $seen.Add("request $($_.Url.Path)") }; Response = { $seen.Add("response $($_.StatusCode)") }, { $seen.Add('second') } }
            $null = Invoke-Httpx '/get' -Client $c
            $seen
            $c.EventHooks.ToString()
            try { $c.EventHooks = @{ Sent = {} } } catch { $_.Exception.Message.Contains("Unknown event hook 'Sent'") }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "request /get", "response 200", "second", "EventHooks(request=1, response=2)", "True" },
            result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void A_base_url_with_whitespace_around_it_is_trimmed_as_Uri_and_the_BaseUrl_property_are()
    {
        // -Uri and $client.BaseUrl = trim (be6ac31), -BaseUrl did not: a base URL read from a CRLF config file was
        // refused for its CR ("Invalid non-printable ASCII character '\r'"), one pasted with a space sent "%20http...".
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl " $base/anything/v1`r"
            (Invoke-Httpx 'x' -Client $c -As Json).path
            (Invoke-Httpx 'y' -BaseUrl "`t$base/anything/v2 " -As Json).path
            (New-HttpxRequest 'z' -BaseUrl "$base/anything/v3`r`n").Url.Path
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "/anything/v1/x", "/anything/v2/y", "/anything/v3/z" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void An_empty_url_is_the_base_url_itself_as_HTTPX_client_get_of_empty_is()
    {
        // It was refused ("-Uri is empty: ... or a path with -BaseUrl") even with a client's base URL or -BaseUrl.
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl "$base/anything/v1"
            (Invoke-Httpx '' -Client $c -As Json).path
            (Invoke-Httpx '' -BaseUrl "$base/anything/v2" -As Json).path
            (New-HttpxRequest '' -Client $c).Url.Path
            Invoke-Httpx ''
            """);
        Assert.Equal(new[] { "/anything/v1/", "/anything/v2/", "/anything/v1/" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
        // Without a base URL it still names nothing to send to.
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("-Uri is empty", error.ErrorDetails.Message);
    }

    [Fact]
    public void Client_options_reach_the_engine()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Http2 -NoHttp1 -MaxConnections 3 -MaxRedirects 4 -DefaultEncoding 'latin-1' -Verify $ca
            (Invoke-Httpx "$h2c/get" -Client $c).HttpVersion
            $c.MaxRedirects
            $c.DefaultEncoding
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "HTTP/2", 4, "latin-1" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Keep_alive_limits_reach_the_clients_transport()
    {
        // How the transport applies them is the engine's (LimitsTests); here: the parameters arrive, and the client works.
        var result = _ps.Run("""
            $c = New-HttpxClient -MaxConnections 3 -MaxKeepAliveConnections 1 -KeepAliveExpiry 2.5
            $limits = $c.TransportFor([Httpx.Url]::new("$base/")).Options.Limits
            "$($limits.MaxConnections) $($limits.MaxKeepAliveConnections) $($limits.KeepAliveExpiry)"
            (Invoke-Httpx "$base/get" -Client $c).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "3 1 2.5", 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Seconds_given_as_text_take_a_decimal_point_in_every_culture_and_a_decimal_comma_is_refused()
    {
        // PowerShell's conversion reads a comma as a thousands separator in every culture ([double]'1,5' is 15): under
        // de-DE, -Timeout @{ Read = '1,5' } was a 15 s limit and -KeepAliveExpiry '2,5' 25 s, where -Timeout '1,5' was
        // refused. "2.5" is 2.5 whatever the culture, as PowerShell reads numbers in a script.
        var result = _ps.Run("""
            [cultureinfo]::CurrentCulture = 'de-DE'
            (New-HttpxClient -Timeout @{ Read = '2.5' }).Timeout.Read
            (New-HttpxTransport -KeepAliveExpiry '2.5').Options.Limits.KeepAliveExpiry
            try { (New-HttpxClient -Timeout @{ Read = '1,5' }).Timeout.Read } catch { $_.Exception.Message }
            try { (New-HttpxTransport -KeepAliveExpiry '2,5').Options.Limits.KeepAliveExpiry } catch { $_.Exception.Message }
            $c = New-HttpxClient
            try { $c.Timeout = @{ Read = '1,5' }; $c.Timeout.Read } catch { $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(5, output.Length);
        Assert.Equal(new object[] { 2.5, 2.5 }, output[..2]);
        Assert.EndsWith("Invalid timeout Read='1,5': give seconds as a number with a decimal point: 1.5, not 1,5.", output[2] as string);
        Assert.EndsWith("Invalid number of seconds '2,5': give a number with a decimal point: 1.5, not 1,5.", output[3] as string);
        Assert.Contains("Invalid timeout Read='1,5': give seconds as a number with a decimal point: 1.5, not 1,5.", output[4] as string);
    }

    [Fact]
    public void A_decimal_comma_without_quotes_is_a_list_refused_naming_it_and_a_one_item_list_is_its_item()
    {
        // 1,5 unquoted is the list 1, 5 to PowerShell: -KeepAliveExpiry 1,5 read "Cannot convert 'System.Object[]' to the
        // type 'System.Nullable`1[System.Double]' ... Specified method is not supported", and @{ Read = @(3) } was refused
        // as 'System.Object[]' where -Timeout @(3) is 3.
        var result = _ps.Run("""
            [cultureinfo]::CurrentCulture = 'de-DE'
            try { $null = New-HttpxTransport -KeepAliveExpiry 1,5 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { $null = New-HttpxClient -KeepAliveExpiry 1,2,3 } catch { $_.Exception.Message }
            (New-HttpxClient -Timeout @{ Read = @(3) }).Timeout.Read
            (New-HttpxTransport -KeepAliveExpiry 2.5).Options.Limits.KeepAliveExpiry
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(5, output.Length);
        Assert.StartsWith("ParameterArgumentTransformationError,", output[0] as string);
        Assert.EndsWith("Invalid number of seconds 1, 5: give one number (1,5 is a list of two numbers to PowerShell: write 1.5).", output[1] as string);
        Assert.EndsWith("Invalid number of seconds 1, 2, 3: give one number.", output[2] as string);
        Assert.Equal(new object[] { 3.0, 2.5 }, output[3..]);
    }

    [Fact]
    public void Seconds_given_as_text_are_read_one_way_for_Timeout_its_hashtable_and_KeepAliveExpiry()
    {
        // As -Timeout '...' reads text (and Python's float() does): '0x10' and '1kb' were 16 and 1024 s in a hashtable
        // and for -KeepAliveExpiry (PowerShell's conversion), and '' was no limit (@{ Read = '' }) or no idle
        // connection kept (-KeepAliveExpiry ''), where -Timeout refused all three. ' 2.5 ' and '1e1' are numbers everywhere.
        var result = _ps.Run("""
            foreach ($text in '0x10', '1kb', '', ' 2.5 ', '1e1') {
                $t = try { (New-HttpxClient -Timeout $text).Timeout.Read } catch { 'refused' }
                $h = try { (New-HttpxClient -Timeout @{ Read = $text }).Timeout.Read } catch { 'refused' }
                $k = try { (New-HttpxTransport -KeepAliveExpiry $text).Options.Limits.KeepAliveExpiry } catch { 'refused' }
                "[$text] $t $h $k"
            }
            try { New-HttpxClient -Timeout @{ Read = '0x10' } } catch { $_.Exception.Message }
            try { New-HttpxTransport -KeepAliveExpiry '' } catch { $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject as string).ToArray();
        Assert.Equal(new[] { "[0x10] refused refused refused", "[1kb] refused refused refused", "[] refused refused refused", "[ 2.5 ] 2.5 2.5 2.5", "[1e1] 10 10 10" }, output[..5]);
        Assert.EndsWith("Invalid timeout Read='0x10': give seconds as a number.", output[5]);
        Assert.EndsWith("Invalid number of seconds '': give a number.", output[6]);
    }

    [Fact]
    public void KeepAliveExpiry_0_opens_a_connection_per_request_and_null_keeps_one()
    {
        // httpcore's keepalive_expiry=0 reuses no idle connection; New-HttpxClient -KeepAliveExpiry 0 (under the default
        // 100 connections) sent every request on one. The server names the connection each request came on.
        var result = _ps.Run("""
            foreach ($expiry in 0, $null) {
                $c = New-HttpxClient -KeepAliveExpiry $expiry
                $seen = [System.Collections.Generic.HashSet[string]]::new()
                foreach ($i in 1..3) { [void]$seen.Add((Invoke-Httpx "$base/inflight?wait_for=1&key=$([guid]::NewGuid())" -Client $c -As Json).connection) }
                $seen.Count
                Close-HttpxClient $c
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 3, 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Pool_limits_given_as_null_are_no_limit_as_HTTPXs_None()
    {
        // HTTPX's Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=None): ValidateRange
        // refused $null ("The argument is null, empty, ..."), so a limit could not be turned off. A value below the
        // minimum is still a binding error that names it.
        var result = _ps.Run("""
            $c = New-HttpxClient -MaxConnections $null -MaxKeepAliveConnections $null -KeepAliveExpiry $null
            "$($c.TransportFor([Httpx.Url]::new("$base/")).Options.Limits)"
            (Invoke-Httpx "$base/get" -Client $c).StatusCode
            "$((New-HttpxTransport -MaxConnections $null -MaxKeepAliveConnections $null -KeepAliveExpiry $null).Options.Limits)"
            "$((New-HttpxTransport -MaxConnections 3).Options.Limits)"
            New-HttpxClient -MaxConnections 0
            New-HttpxTransport -KeepAliveExpiry ([double]::NaN)
            # Between the minimum and one below it: refused too (a check on whole numbers only let it through).
            New-HttpxClient -KeepAliveExpiry -0.5
            """);
        Assert.Equal(new object[]
        {
            "Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=None)",
            200,
            "Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=None)",
            "Limits(max_connections=3, max_keepalive_connections=20, keepalive_expiry=5.0)",
        }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("ParameterArgumentValidationError,", e.FullyQualifiedErrorId));
        Assert.EndsWith("0 is not a limit: give 1 or more, or $null for no limit.", result.Errors[0].Exception.Message);
        Assert.EndsWith("NaN is not a limit: give 0 or more, or $null for no expiry.", result.Errors[1].Exception.Message);
        Assert.EndsWith("-0.5 is not a limit: give 0 or more, or $null for no expiry.", result.Errors[2].Exception.Message);
    }

    [Fact]
    public void MaxConnections_keeps_a_client_to_that_many_requests_at_once()
    {
        // /inflight answers when `wait_for` requests of its key are in flight at once, or after timeout_ms without them.
        var one = Guid.NewGuid().ToString("N");
        var two = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $single = New-HttpxClient -MaxConnections 1
            1..2 | ForEach-Object { "$base/inflight?wait_for=2&timeout_ms=300&key={{one}}" } | Invoke-Httpx -Client $single -ThrottleLimit 2 -As Json | ForEach-Object { $_.reached }
            $wide = New-HttpxClient -MaxConnections 2
            1..2 | ForEach-Object { "$base/inflight?wait_for=2&timeout_ms=5000&key={{two}}" } | Invoke-Httpx -Client $wide -ThrottleLimit 2 -As Json | ForEach-Object { $_.reached }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false, false, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void NoVerify_on_a_client_turns_certificate_checks_off()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$https/get" -Client (New-HttpxClient -NoTrustEnv)
            (Invoke-Httpx "$https/get" -Client (New-HttpxClient -NoTrustEnv -NoVerify)).StatusCode
            """);
        Assert.StartsWith("Httpx.ConnectError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_client_closed_while_a_command_runs_is_ClientClosed_for_the_items_after()
    {
        // It was Httpx.UnexpectedError (an ObjectDisposedException), category NotSpecified.
        var result = _ps.Run("""
            $c2 = New-HttpxClient -BaseUrl $base -OnResponse { Close-HttpxClient $c2 }
            '/get', '/get' | Invoke-Httpx -Client $c2 | ForEach-Object StatusCode
            """);
        Assert.Equal(200, Assert.Single(result.Output).BaseObject);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ClientClosed,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains("the client has been closed", error.Exception.Message);
    }

    [Fact]
    public void Close_leaves_a_given_transport_open_and_a_disposed_one_is_TransportClosed()
    {
        // New-HttpxTransport's help said closing the client closes the transport's connections; Close-HttpxClient leaves
        // a transport it was given to the other clients that may share it, and sending through one its owner disposed
        // was Httpx.UnexpectedError "Cannot access a disposed object. Object name: 'System.Threading.SemaphoreSlim'".
        var result = _ps.Run("""
            $t = New-HttpxTransport
            $c = New-HttpxClient -Transport $t
            $null = Invoke-Httpx "$base/get" -Client $c
            Close-HttpxClient $c
            $t.OpenConnections
            $d = New-HttpxClient -Transport $t
            (Invoke-Httpx "$base/get" -Client $d).StatusCode
            $t.Dispose()
            $t.OpenConnections
            Invoke-Httpx "$base/get" -Client $d
            """);
        Assert.Equal(new object[] { 1, 200, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.TransportClosed,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains("the transport has been closed", error.Exception.Message);
        Assert.Equal($"{_ps.Server.HttpUrl}/get", error.TargetObject?.ToString());
    }

    [Fact]
    public void New_HttpxClient_refuses_a_closed_transport_given_to_Transport_or_Mounts()
    {
        // A shared transport disposed by mistake was taken, and the failure came only at the first request.
        var result = _ps.Run("""
            $t = New-HttpxTransport
            $t.Dispose()
            try { $null = New-HttpxClient -Transport $t; 'made' } catch { $_ }
            try { $null = New-HttpxClient -Mounts @{ 'all://' = $t }; 'made' } catch { $_ }
            $m = New-HttpxMockTransport { New-HttpxResponse 200 }
            $m.Dispose()
            (Invoke-Httpx 'http://example.com/' -Client (New-HttpxClient -Transport $m)).StatusCode
            """);
        Assert.Empty(result.Errors);
        var given = Assert.IsType<System.Management.Automation.ErrorRecord>(result.Output[0].BaseObject);
        var mounted = Assert.IsType<System.Management.Automation.ErrorRecord>(result.Output[1].BaseObject);
        foreach (var error in new[] { given, mounted })
        {
            Assert.Equal("Httpx.TransportClosed,Httpx.PowerShell.Commands.NewHttpxClientCommand", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
            Assert.Contains("HttpTransport(http1=True, http2=False), has been closed (disposed)", error.Exception.Message);
        }
        Assert.Contains("client's transport", given.Exception.Message);
        Assert.Equal("Httpx.HttpTransport", given.TargetObject?.GetType().FullName);
        Assert.Contains("mount 'all://'", mounted.Exception.Message);
        Assert.Equal("all://", mounted.TargetObject);
        // A mock transport has nothing to close (as HTTPX's): still taken.
        Assert.Equal(200, result.Output[2].BaseObject);
    }

    [Fact]
    public void A_closed_client_cannot_be_used_and_Close_takes_pipeline_input()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient
            $c | Close-HttpxClient
            $c.IsClosed
            try { Invoke-Httpx "$base/get" -Client $c } catch { $_.FullyQualifiedErrorId }
            $d = New-HttpxClient; $d.Dispose(); $d.IsClosed
            """);
        Assert.Equal(new object[] { true, "Httpx.ClientClosed,Httpx.PowerShell.Commands.InvokeHttpxCommand", true },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_unknown_DefaultEncoding_is_refused_naming_it()
    {
        var result = _ps.Run("try { New-HttpxClient -DefaultEncoding klingon } catch { $_.FullyQualifiedErrorId; $_.Exception.Message.Contains(\"'klingon'\") }");
        Assert.Equal(new object[] { "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_DefaultEncoding_scriptblock_guesses_from_the_body_as_HTTPXs_callable_default_encoding()
    {
        // -DefaultEncoding was a string: a scriptblock was taken as its text and never called.
        var result = _ps.Run("""
            $seen = @{}
            $c = New-HttpxClient -DefaultEncoding { param($Body) $seen.Length = $Body.Length; if ($_ -is [byte[]]) { 'cp1252' } }
            $r = Invoke-Httpx "$base/charset/windows-1252?nocharset=1" -Client $c
            $expected = (Invoke-Httpx "$base/charset/windows-1252").Text
            $r.Text -eq $expected
            $r.Encoding
            $seen.Length -eq $r.Content.Length
            (Invoke-Httpx "$base/charset/windows-1252?nocharset=1" -Client $c -As Text) -eq $expected
            $c.DefaultEncoding = { 'latin-1' }
            (Invoke-Httpx "$base/charset/windows-1252?nocharset=1" -Client $c).Encoding
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, "cp1252", true, true, "latin-1" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_DefaultEncoding_scriptblock_reads_back_as_the_scriptblock_given()
    {
        // $client.DefaultEncoding showed the engine's System.Func`2[System.Byte[],System.String], which could not be
        // read, shown or handed to another New-HttpxClient -DefaultEncoding.
        var result = _ps.Run("""
            $c = New-HttpxClient -DefaultEncoding { 'cp1252' }
            $c.DefaultEncoding -is [scriptblock]
            "$($c.DefaultEncoding)".Trim()
            $c.DefaultEncoding = { 'latin-1' }
            "$($c.DefaultEncoding)".Trim()
            $copy = New-HttpxClient -DefaultEncoding $c.DefaultEncoding
            (Invoke-Httpx "$base/charset/windows-1252?nocharset=1" -Client $copy).Encoding
            $c.DefaultEncoding = 'utf-16'
            $c.DefaultEncoding
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, "'cp1252'", "'latin-1'", "latin-1", "utf-16" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_DefaultEncoding_scriptblock_returning_an_unknown_name_fails_each_response_naming_it()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -DefaultEncoding { 'klingon' }
            "$base/charset/windows-1252?nocharset=1", "$base/charset/windows-1252" | Invoke-Httpx -Client $c -As Text -ThrottleLimit 2
            try { New-HttpxClient -DefaultEncoding 5 } catch { $_.FullyQualifiedErrorId; $_.TargetObject }
            """);
        // The second response has a charset: the block is not asked, and it is written.
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains("returned 'klingon', which is not a text encoding", error.Exception.Message);
        Assert.Equal(new object[] { "Grüße, café, naïve — ¿qué?", "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "DefaultEncoding" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_bad_header_name_or_value_is_refused_against_Headers_without_the_value()
    {
        // The target was -BaseUrl's value (or none), since the engine's error names its own 'name' or 'value'.
        var result = _ps.Run("""
            New-HttpxClient -BaseUrl $base -Headers @{ 'Bad Header' = 'x' }
            New-HttpxClient -BaseUrl $base -Headers @{ Authorization = "Bearer SEC`nRET" }
            """);
        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        foreach (var error in result.Errors)
        {
            Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal("Headers", error.TargetObject);
            Assert.DoesNotContain("SEC", error.ToString());
            Assert.DoesNotContain("(Parameter", error.ToString());
        }
        Assert.Contains("'Bad", result.Errors[0].ToString());
        Assert.Contains("'Authorization'", result.Errors[1].ToString());
    }

    [Fact]
    public void NoHttp1_without_Http2_is_refused_as_for_a_transport()
    {
        var result = _ps.Run("""
            try { New-HttpxClient -NoHttp1 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message; $_.TargetObject }
            try { New-HttpxTransport -NoHttp1 } catch { $_.Exception.Message; $_.TargetObject }
            """);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", result.Output[0].BaseObject);
        Assert.Contains("-NoHttp1 needs -Http2", (string)result.Output[1].BaseObject);
        Assert.Equal("NoHttp1", result.Output[2].BaseObject);
        Assert.Equal(result.Output[1].BaseObject, result.Output[3].BaseObject);
        Assert.Equal("NoHttp1", result.Output[4].BaseObject);
    }

    [Fact]
    public void Connection_settings_next_to_Client_are_refused()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient
            try { Invoke-Httpx "$base/get" -Client $c -NoVerify } catch { $_.Exception.Message }
            """);
        Assert.Contains("-NoVerify cannot be combined with -Client", (string)Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_connection_switch_given_as_false_next_to_Client_asks_for_nothing_and_is_taken()
    {
        // A script passes its own switch through (-NoTrustEnv:$ignoreEnv): :$false asks for nothing the client does not
        // do, and -NoTrustEnv asks for nothing a client made with -NoTrustEnv does not do already.
        var result = _ps.Run("""
            $c = New-HttpxClient
            (Invoke-Httpx "$base/get" -Client $c -NoTrustEnv:$false -Http2:$false -NoVerify:$false).StatusCode
            try { Invoke-Httpx "$base/get" -Client $c -NoTrustEnv } catch { $_.Exception.Message }
            $ignoring = New-HttpxClient -NoTrustEnv
            (Invoke-Httpx "$base/get" -Client $ignoring -NoTrustEnv).StatusCode
            (New-HttpxRequest "$base/get" -Client $ignoring -NoTrustEnv:$false -NoVerify:$false).Method
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(4, result.Output.Count);
        Assert.Equal(200, result.Output[0].BaseObject);
        Assert.Contains("-NoTrustEnv cannot be combined with -Client", (string)result.Output[1].BaseObject);
        Assert.Equal(200, result.Output[2].BaseObject);
        Assert.Equal("GET", result.Output[3].BaseObject);
    }

    [Fact]
    public void A_connection_setting_refused_next_to_Client_names_the_default_that_gave_it()
    {
        // Invoke-WebRequest's habit, $PSDefaultParameterValues['Invoke-WebRequest:SkipCertificateCheck'], carried over:
        // the user never typed the -NoVerify that each call with -Client was refused for.
        var result = _ps.Run("""
            $PSDefaultParameterValues['Invoke-Httpx:SkipCertificateCheck'] = $true
            $c = New-HttpxClient
            try { Invoke-Httpx "$base/get" -Client $c } catch { $_.Exception.Message }
            $PSDefaultParameterValues['Disabled'] = $true
            try { Invoke-Httpx "$base/get" -Client $c -NoVerify } catch { $_.Exception.Message }
            $PSDefaultParameterValues.Clear()
            try { Invoke-Httpx "$base/get" -Client $c -NoVerify } catch { $_.Exception.Message }
            """);
        var messages = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.Contains("-NoVerify cannot be combined with -Client", messages[0]);
        Assert.Contains("$PSDefaultParameterValues['Invoke-Httpx:SkipCertificateCheck']", messages[0]);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.Contains("-NoVerify cannot be combined with -Client", m));
        Assert.DoesNotContain("PSDefaultParameterValues", messages[1]);
        Assert.DoesNotContain("PSDefaultParameterValues", messages[2]);
    }
}

/// <summary>
/// Tests that read the module's process-wide shared pool: run alone, since calls in tests running in parallel would
/// add transports of their own between two readings.
/// </summary>
[CollectionDefinition(nameof(SharedPoolTests), DisableParallelization = true)]
public class SharedPoolTestsCollection;

[Collection(nameof(SharedPoolTests))]
public class SharedPoolTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public SharedPoolTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void Client_less_calls_reuse_one_transport_per_connection_setting()
    {
        var result = _ps.Run("""
            $pool = [Httpx.PowerShell.ModuleState]::SharedPool
            $null = Invoke-Httpx "$base/get"
            $before = $pool.Count
            $null = Invoke-Httpx "$base/get"; $null = Invoke-Httpx "$base/anything"
            $pool.Count -eq $before
            # Concurrent calls too: the piped URLs share the same transport.
            1..4 | ForEach-Object { "$base/get?i=$_" } | Invoke-Httpx -ThrottleLimit 4 > $null
            $pool.Count -eq $before
            # A setting no other test uses (a CA file of its own): exactly one transport more.
            $unique = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-ca-$([guid]::NewGuid()).pem")
            [IO.File]::Copy($ca, $unique)
            $null = Invoke-Httpx "$https/get" -Verify $unique; $null = Invoke-Httpx "$https/get" -Verify $unique
            $pool.Count -eq $before + 1
            [IO.File]::Delete($unique)
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void The_shared_pool_keeps_at_most_its_capacity_of_transports_dropping_the_least_recently_used()
    {
        // A script running for days that gives each call a -Proxy (or -Verify file, or environment) of its own kept one
        // transport per value for the session: 300 such calls held 300 handlers (~15 MB) and their idle sockets. A pool
        // of its own (capacity 4) so that the module's, which other tests count, is left alone; the transports are made
        // but send nothing, so no connection is involved.
        var result = _ps.Run("""
            $pool = [Httpx.PowerShell.SharedTransportPool]::new(4)
            function Settings($i) { [Httpx.PowerShell.TransportSettings]::new($false, $true, $null, "http://u$($i):p@127.0.0.1:$refusedPort", $false, '') }
            $kept = $pool.For((Settings 0))
            $dropped = $pool.For((Settings 99))
            foreach ($i in 1..50) { $null = $pool.For((Settings $i)); $null = $pool.For((Settings 0)) }
            $pool.Count
            # Taken on every other call, the first settings' transport was never the least recently used one: still pooled.
            [object]::ReferenceEquals($kept, $pool.For((Settings 0)))
            # Taken once before the others, this one was dropped: its settings get a new transport.
            [object]::ReferenceEquals($dropped, $pool.For((Settings 99)))
            $pool.Count
            [Httpx.PowerShell.ModuleState]::SharedPool.Capacity -eq [Httpx.PowerShell.SharedTransportPool]::DefaultCapacity
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 4, true, false, 4, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_pool_timeout_names_the_MaxConnections_parameter()
    {
        // The message named the engine's Limits.MaxConnections only; the user set -MaxConnections. The record names
        // the parameter only ("in PowerShell" is no advice inside PowerShell).
        var result = _ps.Run("""
            $c = New-HttpxClient -MaxConnections 1 -Timeout @{ Read = 10; Pool = 0.05 }
            $held = $c.Stream('GET', "$base/stream-lines/0")
            try { Invoke-Httpx "$base/get" -Client $c -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; "$_" }
            $held.Dispose(); Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal("Httpx.PoolTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", values[0]);
        Assert.Contains("(all 1 in use; see -MaxConnections of New-HttpxClient or New-HttpxTransport) (GET ", (string)values[1]);
        Assert.DoesNotContain("Limits.MaxConnections", (string)values[1]);
    }

    [Fact]
    public void Client_less_calls_beyond_a_hundred_at_once_do_not_wait_for_the_pool()
    {
        // The session pool had HTTPX's DEFAULT_LIMITS: with -ThrottleLimit 110, ten requests waited for one of the first
        // hundred to finish and were PoolTimeouts (5 s by default) that no parameter of the call could lift. The server
        // holds each request until all 110 are in flight together: concurrency it saw, not a delay raced against the
        // pool limit.
        var result = _ps.Run("""
            $key = [guid]::NewGuid().ToString('N')
            $r = 1..110 | ForEach-Object { "$base/inflight?wait_for=110&timeout_ms=10000&key=$key&i=$_" } |
                Invoke-Httpx -ThrottleLimit 110 -Timeout @{ Read = 30 } -As Json
            @($r | Where-Object { $_.reached }).Count
            """);
        Assert.Empty(result.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Equal(new object[] { 110 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Client_less_HTTP_2_calls_at_once_share_one_connection_per_origin()
    {
        // The session pool has no connection cap, so no gate and no Http2OriginSlots: the handler's own pool must still
        // send the calls that come while the first connection is being made over that one connection. A CA file of its
        // own gives a transport no other test has connected. The server holds each request until all 20 are in flight.
        var result = _ps.Run("""
            $unique = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-ca-$([guid]::NewGuid()).pem")
            [IO.File]::Copy($ca, $unique)
            $key = [guid]::NewGuid().ToString('N')
            $r = 1..20 | ForEach-Object { "$https/inflight?wait_for=20&timeout_ms=20000&key=$key&i=$_" } |
                Invoke-Httpx -Http2 -Verify $unique -ThrottleLimit 20 -Timeout 30 -As Json
            [IO.File]::Delete($unique)
            @($r | Where-Object { $_.reached }).Count
            # 20 requests in flight together on one connection: HTTP/2 streams.
            $connections = [Collections.Generic.HashSet[string]]::new()
            foreach ($x in $r) { $null = $connections.Add($x.connection) }
            $connections.Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 20, 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_proxy_variable_set_during_the_session_applies_to_the_calls_after_it()
    {
        // In this collection's own run (no other test runs meanwhile): the variables are the process's.
        var result = _ps.Run("""
            $saved = $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy
            $env:http_proxy = $null; $env:NO_PROXY = $null; $env:no_proxy = $null
            try {
                (Invoke-Httpx "$base/get").StatusCode
                $env:HTTP_PROXY = "http://127.0.0.1:$refusedPort"
                try { Invoke-Httpx "$base/get" -ErrorAction Stop } catch { $_.Exception.Message.Contains("127.0.0.1:$refusedPort") }
                $env:HTTP_PROXY = $null
                (Invoke-Httpx "$base/get").StatusCode
            }
            finally { $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy = $saved }
            """);
        Assert.Empty(result.Errors);
        // Before, the session's first call fixed the environment's proxies for every later call with the same settings.
        Assert.Equal(new object[] { 200, true, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void An_empty_lowercase_proxy_variable_set_during_the_session_turns_the_uppercase_one_off_for_the_calls_after_it()
    {
        // urllib's rule, as HTTPX reads the environment: an empty http_proxy removes HTTP_PROXY. Get-HttpxProxy said so,
        // but the calls kept the transport made while http_proxy was unset, an empty value keying the pool as none did.
        var result = _ps.Run("""
            $saved = $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy, $env:ALL_PROXY, $env:all_proxy
            $env:http_proxy = $null; $env:NO_PROXY = $null; $env:no_proxy = $null; $env:ALL_PROXY = $null; $env:all_proxy = $null
            try {
                $env:HTTP_PROXY = "http://127.0.0.1:$refusedPort"
                try { Invoke-Httpx "$base/get" -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }
                $env:http_proxy = ''
                (Get-HttpxProxy -Uri "$base/get").IsDirect
                try { (Invoke-Httpx "$base/get" -ErrorAction Stop).StatusCode } catch { $_.FullyQualifiedErrorId }
            }
            finally { $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy, $env:ALL_PROXY, $env:all_proxy = $saved }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Httpx.ConnectError,Httpx.PowerShell.Commands.InvokeHttpxCommand", true, 200 },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_CA_bundle_that_is_not_there_stops_the_command_once_and_works_once_it_is_there()
    {
        var result = _ps.Run("""
            $unique = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-ca-$([guid]::NewGuid()).pem")
            try { "$https/get", "$https/get", "$https/get" | Invoke-Httpx -Verify $unique -ThrottleLimit 3 } catch { $_.FullyQualifiedErrorId; $_.Exception.Message.Contains('does not exist') }
            [IO.File]::Copy($ca, $unique)
            (Invoke-Httpx "$https/get" -Verify $unique).StatusCode
            [IO.File]::Delete($unique)
            """);
        Assert.Empty(result.Errors);
        // Before, each piped URL failed with the error, and the session's shared pool replayed it after the file appeared.
        Assert.Equal(new object[] { "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", true, 200 },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_CA_bundle_replaced_during_the_session_is_read_again_by_the_next_call()
    {
        // HTTPX's top-level calls each read their bundle; the shared pool kept the first roots read from the path for the
        // session, so a renewed CA file (or SSL_CERT_FILE's) was not trusted until PowerShell was restarted. The new
        // bundle is longer than the old one, so that the change shows whatever the file system's time resolution.
        var result = _ps.Run("""
            $bundle = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-renewed-ca-$([guid]::NewGuid()).pem")
            $saved = $env:SSL_CERT_FILE
            try {
                [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($pem))
                try { Invoke-Httpx "$https/get" -Verify $bundle -ErrorAction Stop } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
                [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($pem) + "`n" + [IO.File]::ReadAllText($ca))
                (Invoke-Httpx "$https/get" -Verify $bundle).StatusCode
                [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($pem))
                $env:SSL_CERT_FILE = $bundle
                try { Invoke-Httpx "$https/get" -ErrorAction Stop } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
                [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($pem) + "`n" + [IO.File]::ReadAllText($ca))
                (Invoke-Httpx "$https/get").StatusCode
            }
            finally { $env:SSL_CERT_FILE = $saved; [IO.File]::Delete($bundle) }
            """, new Dictionary<string, object?> { ["pem"] = _ps.Server.ClientCertPemPath });
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Httpx.ConnectError", 200, "Httpx.ConnectError", 200 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_CA_bundle_renewed_many_times_keeps_one_transport_in_the_pool_not_one_per_version()
    {
        // Each renewal of the bundle made a transport of its own (its handler and the roots read from the file) that
        // stayed pooled for the session: a bundle rewritten by a job every hour grew the session by one every hour.
        var result = _ps.Run("""
            $pool = [Httpx.PowerShell.ModuleState]::SharedPool
            $bundle = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-renewed-ca-$([guid]::NewGuid()).pem")
            $saved = $env:SSL_CERT_FILE
            try {
                $before = $pool.Count
                foreach ($i in 1..5) {
                    # Longer each time, so that each version shows whatever the file system's time resolution.
                    [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($ca) + ("`n" * $i))
                    $null = Invoke-Httpx "$https/get" -Verify $bundle
                }
                $pool.Count - $before
                $env:SSL_CERT_FILE = $bundle
                $before = $pool.Count
                foreach ($i in 6..10) {
                    [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($ca) + ("`n" * $i))
                    $null = Invoke-Httpx "$https/get"
                }
                $pool.Count - $before
                [IO.File]::WriteAllText($bundle, [IO.File]::ReadAllText($pem))
                try { Invoke-Httpx "$https/get" -ErrorAction Stop } catch { $_.FullyQualifiedErrorId.Split(',')[0] }
                $pool.Count - $before
            }
            finally { $env:SSL_CERT_FILE = $saved; [IO.File]::Delete($bundle) }
            """, new Dictionary<string, object?> { ["pem"] = _ps.Server.ClientCertPemPath });
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 1, 1, "Httpx.ConnectError", 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void NoTrustEnv_ignores_SSL_CERT_FILE_for_a_call_and_for_a_client()
    {
        // In this collection's own run (no other test runs meanwhile): the variable is the process's.
        var result = _ps.Run("""
            $saved = $env:SSL_CERT_FILE
            $env:SSL_CERT_FILE = $ca
            try {
                (Invoke-Httpx "$https/get").StatusCode
                Invoke-Httpx "$https/get" -NoTrustEnv
                (Invoke-Httpx "$https/get" -Client (New-HttpxClient)).StatusCode
                Invoke-Httpx "$https/get" -Client (New-HttpxClient -NoTrustEnv)
                # A transport reads it too, as HTTPX's HTTPTransport(trust_env=True) does.
                (Invoke-Httpx "$https/get" -Client (New-HttpxClient -Transport (New-HttpxTransport))).StatusCode
                Invoke-Httpx "$https/get" -Client (New-HttpxClient -Transport (New-HttpxTransport -NoTrustEnv))
            }
            finally { $env:SSL_CERT_FILE = $saved }
            """);
        Assert.Equal(new object[] { 200, 200, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("Httpx.ConnectError,", e.FullyQualifiedErrorId));
    }

    [Fact]
    public void An_SSL_CERT_FILE_that_is_not_there_is_the_target_of_the_error_of_each_command()
    {
        // As a proxy variable with a bad value: the variable is the thing to fix (the call's URL or -BaseUrl is not).
        var result = _ps.Run("""
            $saved = $env:SSL_CERT_FILE
            $env:SSL_CERT_FILE = '/nonexistent/httpx-ca.pem'
            try {
                foreach ($command in { Invoke-Httpx "$https/get" }, { New-HttpxClient }, { New-HttpxTransport }) {
                    try { & $command } catch { $_.FullyQualifiedErrorId.Split(',')[0]; $_.CategoryInfo.Category.ToString(); "$($_.TargetObject)" }
                }
            }
            finally { $env:SSL_CERT_FILE = $saved }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(Enumerable.Repeat(new object[] { "Httpx.InvalidArgument", "InvalidArgument", "SSL_CERT_FILE" }, 3).SelectMany(x => x).ToArray(),
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void HTTP_2_and_a_proxy_each_get_a_transport_of_their_own_that_later_calls_reuse()
    {
        var result = _ps.Run("""
            $pool = [Httpx.PowerShell.ModuleState]::SharedPool
            $unique = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-ca-$([guid]::NewGuid()).pem")
            [IO.File]::Copy($ca, $unique)
            $before = $pool.Count
            $null = Invoke-Httpx "$https/get" -Verify $unique; $null = Invoke-Httpx "$https/get" -Verify $unique
            $pool.Count - $before
            $null = Invoke-Httpx "$https/get" -Verify $unique -Http2; $null = Invoke-Httpx "$https/get" -Verify $unique -Http2
            $pool.Count - $before
            # A proxy that refuses connections: the calls fail, but the transport for that proxy is made once.
            Invoke-Httpx "$https/get" -Verify $unique -Proxy "http://127.0.0.1:$refusedPort"; Invoke-Httpx "$https/get" -Verify $unique -Proxy "http://127.0.0.1:$refusedPort"
            $pool.Count - $before
            [IO.File]::Delete($unique)
            """);
        Assert.Equal(new object[] { 1, 2, 3 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(2, result.Errors.Count);
    }
}
