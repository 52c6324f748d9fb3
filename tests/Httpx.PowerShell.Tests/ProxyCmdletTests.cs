using System.Management.Automation;

namespace Httpx.PowerShell.Tests;

/// <summary>
/// The module default proxy is process-wide and Invoke-Httpx calls without -Client in every test class use it: the
/// tests that change it run in this collection, alone (after the parallel ones), and restore it in a finally.
/// </summary>
[CollectionDefinition("ModuleDefaultProxy", DisableParallelization = true)]
public sealed class ModuleDefaultProxyCollection : ICollectionFixture<PowerShellFixture> { }

/// <summary>The real proxies started by .ci/start-proxies: squid open (3128) and with Basic auth (3129), dante SOCKS5 (1080).</summary>
internal static class Proxies
{
    public const string Squid = "http://127.0.0.1:3128";
    public const string SquidAuthWithPassword = "http://proxyuser:proxypass@127.0.0.1:3129";
    public const string Password = "proxypass";
    public const string Socks5 = "socks5://127.0.0.1:1080";

    /// <summary>Every text a run produced: output (as strings and their properties), verbose, warnings and errors.</summary>
    public static string AllText(PowerShellResult result) => string.Join("\n",
        result.Output.Select(o => o?.ToString() ?? "")
            .Concat(result.Output.SelectMany(o => o?.Properties.Select(p => $"{p.Name}={p.Value}") ?? Array.Empty<string>()))
            .Concat(result.Verbose).Concat(result.Warnings)
            .Concat(result.Errors.Select(e => $"{e} {e.Exception} {e.TargetObject} {e.ErrorDetails?.Message}"))
            .Append(result.Terminating?.ToString() ?? ""));
}

/// <summary>Set-HttpxProxy/Get-HttpxProxy on the module default (calls without -Client), through real squid.</summary>
[Collection("ModuleDefaultProxy")]
public class ProxyModuleDefaultTests
{
    private readonly PowerShellFixture _ps;
    public ProxyModuleDefaultTests(PowerShellFixture ps) => _ps = ps;

    /// <summary>Runs <paramref name="script"/> and clears the module default afterwards, whatever happens.</summary>
    private PowerShellResult RunRestoring(string script)
    {
        try
        {
            return _ps.Run(script);
        }
        finally
        {
            var cleared = _ps.Run("Set-HttpxProxy -Clear");
            Assert.Empty(cleared.Errors);
        }
    }

    private static object?[] Values(PowerShellResult result) => result.Output.Select(o => o?.BaseObject).ToArray();

    [Fact]
    public void A_default_proxy_sends_calls_without_client_through_squid_until_cleared()
    {
        var result = RunRestoring($$"""
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Proxy '{{Proxies.Squid}}'
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            $routes = @(Get-HttpxProxy)
            $routes.Count; $routes[0].Pattern; $routes[0].Proxy; $routes[0].Source
            Set-HttpxProxy -Clear
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { false, true, 1, "all://", Proxies.Squid, "Set-HttpxProxy", false }, Values(result));
    }

    [Fact]
    public void The_module_default_is_per_process_so_another_runspace_sees_it_as_the_help_says()
    {
        // ForEach-Object -Parallel runs in other runspaces of this process: they share the module's default.
        var result = RunRestoring($$"""
            Set-HttpxProxy -Proxy 'http://proxy.test:3128'
            $manifest = '{{PowerShellFixture.ModuleManifest}}'
            1 | ForEach-Object -Parallel { Import-Module $using:manifest; (Get-HttpxProxy).Proxy }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "http://proxy.test:3128" }, Values(result));
    }

    [Fact]
    public void Routes_with_null_send_their_pattern_direct_and_Get_HttpxProxy_Uri_answers_the_route()
    {
        var result = RunRestoring($$"""
            $hostName = ([uri]$base).Host
            Set-HttpxProxy -Routes @{ 'all://' = '{{Proxies.Squid}}'; "all://$hostName" = $null }
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            $direct = Get-HttpxProxy -Uri "$base/get"
            $direct.IsDirect; $direct.Pattern -eq "all://$hostName"; $direct.Reason
            $proxied = [pscustomobject]@{ Url = 'http://example.com/x' } | Get-HttpxProxy
            $proxied.Proxy; $proxied.Pattern
            Set-HttpxProxy -Routes @{ 'all://' = '{{Proxies.Squid}}' }
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            """);
        Assert.Empty(result.Errors);
        var hostPattern = $"all://{new Uri(_ps.Server.HttpUrl).Host}";
        Assert.Equal(new object?[] { false, true, true, $"Set-HttpxProxy pattern '{hostPattern}' is set to no proxy", Proxies.Squid, "all://", true }, Values(result));
    }

    [Fact]
    public void A_route_to_an_empty_string_goes_direct_as_a_route_to_null_does()
    {
        // A [string] variable holding $null is '', as is a blank config value: refused before as "Proxy URL '' has no
        // scheme", naming neither the route nor that $null is the way to say "direct".
        var result = RunRestoring($$"""
            $hostName = ([uri]$base).Host
            function Set-Routes([string] $InternalProxy) { Set-HttpxProxy -Routes @{ 'all://' = '{{Proxies.Squid}}'; "all://$hostName" = $InternalProxy } }
            Set-Routes
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            (Get-HttpxProxy -Uri "$base/get").IsDirect
            $client = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = '{{Proxies.Squid}}'; "all://$hostName" = ' ' }
            try {
                "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
                (Get-HttpxProxy -Client $client -Uri "$base/get").IsDirect
            }
            finally { Close-HttpxClient $client }
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[] { false, true, false, true }, Values(result));
    }

    [Fact]
    public void The_module_default_does_not_reach_clients_from_New_HttpxClient()
    {
        var result = RunRestoring($$"""
            Set-HttpxProxy -Proxy '{{Proxies.Squid}}'
            $client = New-HttpxClient -NoTrustEnv
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            @(Get-HttpxProxy -Client $client).Count
            (Get-HttpxProxy -Uri "$base/get" -Client $client).IsDirect
            Close-HttpxClient $client
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { false, 0, true, true }, Values(result));
    }

    [Fact]
    public void The_proxy_password_never_shows_in_output_verbose_or_errors()
    {
        var result = RunRestoring($$"""
            Set-HttpxProxy -Proxy '{{Proxies.SquidAuthWithPassword}}' -PassThru -Verbose
            Get-HttpxProxy
            Get-HttpxProxy -Uri "$base/get"
            "$((Invoke-Httpx "$base/get" -As Json -Verbose).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Proxy 'http://proxyuser:wrong{{Proxies.Password}}@127.0.0.1:3129'
            Invoke-Httpx "$base/get" -RaiseForStatus -Verbose
            Invoke-Httpx "$https/get" -Verify $ca -Verbose
            """);
        var text = Proxies.AllText(result);
        Assert.DoesNotContain(Proxies.Password, text);
        Assert.Contains("http://proxyuser:[secure]@127.0.0.1:3129", text);
        Assert.Contains(result.Output, o => o.BaseObject is true);
        // Wrong credentials: squid answers 407 to the forwarded request and refuses the tunnel.
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains(result.Verbose, v => v.Contains("Proxy routes for the module default", StringComparison.Ordinal));
    }

    [Fact]
    public void Remove_takes_out_one_route_of_the_default_keeps_the_others_password_and_the_last_leaves_none()
    {
        var result = RunRestoring($$"""
            $hostName = ([uri]$base).Host
            Set-HttpxProxy -Routes @{ 'http://' = '{{Proxies.SquidAuthWithPassword}}'; "all://$hostName" = $null }
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Remove -Pattern "ALL://$hostName", 'all://nope' -ErrorVariable missing -ErrorAction SilentlyContinue
            "$((Invoke-Httpx "$base/get" -As Json -RaiseForStatus).headers.Via)" -like '*squid*'
            $missing.Count; $missing[0].FullyQualifiedErrorId; "$($missing[0].CategoryInfo.Category)"; $missing[0].TargetObject
            Get-HttpxProxy | Set-HttpxProxy -Remove -Verbose
            @(Get-HttpxProxy).Count
            "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Clear
            Set-HttpxProxy -Remove 'https://' -ErrorAction SilentlyContinue -ErrorVariable environment
            $environment[0].FullyQualifiedErrorId; $environment[0].Exception.Message
            """);
        Assert.Equal(new object?[]
        {
            false, true, 1, "Httpx.ProxyRouteNotFound,Httpx.PowerShell.Commands.SetHttpxProxyCommand", "ObjectNotFound", "all://nope",
            0, false, "Httpx.ProxyRouteNotFound,Httpx.PowerShell.Commands.SetHttpxProxyCommand",
            "No proxy route 'https://' is set for the module default (calls without -Client): its routes are the environment's (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY; on Windows, without them, the system proxy). Change the variable, or set routes with -Proxy or -Routes.",
        }, Values(result));
        Assert.Contains("No proxy routes for the module default (calls without -Client): requests go direct.", result.Verbose);
        Assert.DoesNotContain(Proxies.Password, Proxies.AllText(result));
    }

    [Fact]
    public void Routes_piped_to_Remove_without_Client_are_removed_where_they_were_listed()
    {
        // "Get-HttpxProxy -Client $c | Set-HttpxProxy -Remove" removed the routes from the module default (or failed
        // there with ProxyRouteNotFound), not from $c: the piped routes did not carry their client.
        var result = RunRestoring($$"""
            Set-HttpxProxy -Routes @{ 'all://' = '{{Proxies.Squid}}'; 'https://' = '{{Proxies.Squid}}' }
            $a = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = '{{Proxies.Squid}}'; 'http://' = '{{Proxies.Squid}}' }
            $b = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = '{{Proxies.Squid}}' }
            $closed = New-HttpxClient -NoTrustEnv -Proxy '{{Proxies.Squid}}'
            $fromClosed = @(Get-HttpxProxy -Client $closed); Close-HttpxClient $closed
            @(Get-HttpxProxy -Client $a | Where-Object Pattern -eq 'all://') + $fromClosed + @(Get-HttpxProxy -Client $b) |
                Set-HttpxProxy -Remove -ErrorVariable failed -ErrorAction SilentlyContinue
            @(Get-HttpxProxy -Client $a).Pattern -join ','; @(Get-HttpxProxy -Client $b).Count; @(Get-HttpxProxy).Count
            $failed.Count; $failed[0].FullyQualifiedErrorId; [object]::ReferenceEquals($failed[0].TargetObject, $closed)
            Get-HttpxProxy | Where-Object Pattern -eq 'https://' | Set-HttpxProxy -Remove
            @(Get-HttpxProxy).Pattern -join ','; @(Get-HttpxProxy -Client $a).Count
            Set-HttpxProxy -Client $a -Routes @{ 'https://' = '{{Proxies.Squid}}' } -PassThru | Set-HttpxProxy -Remove
            @(Get-HttpxProxy -Client $a).Count; @(Get-HttpxProxy).Count
            try { Set-HttpxProxy -Client $null -Remove 'all://' } catch { $_.FullyQualifiedErrorId }
            $a, $b | Close-HttpxClient
            """);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[]
        {
            "http://", 0, 2, 1, "Httpx.ClientClosed,Httpx.PowerShell.Commands.SetHttpxProxyCommand", true,
            "all://", 1, 0, 1, "Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand",
        }, Values(result));
    }

    [Fact]
    public void A_piped_null_or_a_route_piped_to_Proxy_Routes_or_Clear_changes_nothing_and_is_an_error_of_its_own()
    {
        // -Client took AllowNull and ByPropertyName for the routes piped to -Remove: a $null among piped clients then
        // changed the module default, and routes piped to -Proxy set their client once per route, where both used to
        // be an error for that item.
        var result = RunRestoring($$"""
            Set-HttpxProxy -Proxy 'http://default.example:3128'
            $c = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = 'http://a.example:3128'; 'https://' = $null }
            $null | Set-HttpxProxy -Proxy 'http://nullpiped.example:3128' -ErrorVariable +failed -ErrorAction SilentlyContinue
            @($null) | Set-HttpxProxy -Clear -ErrorVariable +failed -ErrorAction SilentlyContinue
            $null | Set-HttpxProxy -Remove -Pattern 'all://' -ErrorVariable +failed -ErrorAction SilentlyContinue
            $routes = @(Get-HttpxProxy -Client $c | Set-HttpxProxy -Proxy 'http://twice.example:3128' -PassThru -ErrorVariable +failed -ErrorAction SilentlyContinue)
            @(Get-HttpxProxy).Proxy -join ','; $routes.Count; @(Get-HttpxProxy -Client $c).Count; $failed.Count
            $failed[0].FullyQualifiedErrorId
            $c | Close-HttpxClient
            """);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[] { "http://default.example:3128", 0, 2, 5, "Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand" }, Values(result));
    }

    [Fact]
    public void Verbose_names_the_proxy_each_call_goes_through_with_its_password_masked_and_none_when_direct()
    {
        // -Proxy, a client's proxy, Set-HttpxProxy, the environment (a closed port: the line comes before the failure).
        var result = RunRestoring($$"""
            Invoke-Httpx "$base/get" -Proxy '{{Proxies.SquidAuthWithPassword}}' -RaiseForStatus -Verbose > $null
            $client = New-HttpxClient -Proxy '{{Proxies.Squid}}'
            try { Invoke-Httpx "$base/get" -Client $client -Verbose > $null } finally { Close-HttpxClient $client }
            Set-HttpxProxy -Proxy '{{Proxies.SquidAuthWithPassword}}'
            Invoke-Httpx "$base/get" -RaiseForStatus -Verbose > $null
            Set-HttpxProxy -Clear
            $env:HTTP_PROXY = 'http://envuser:{{Proxies.Password}}@127.0.0.1:1'
            try { Invoke-Httpx "$base/get" -Verbose } finally { $env:HTTP_PROXY = $null }
            Invoke-Httpx "$base/get" -Verbose > $null
            """);
        Assert.StartsWith("Httpx.ConnectError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(new[]
        {
            "* Proxy: http://proxyuser:[secure]@127.0.0.1:3129",
            "* Proxy: http://127.0.0.1:3128",
            "* Proxy: http://proxyuser:[secure]@127.0.0.1:3129",
            "* Proxy: http://envuser:[secure]@127.0.0.1:1",
        }, result.Verbose.Where(v => v.StartsWith("* Proxy:", StringComparison.Ordinal)).ToArray());
        // Each proxy line comes right before the connection made to it (the proxy's address, not the server's) or, over a
        // pooled one, its request line; the last, direct, call has a request line and no proxy. The environment's proxy
        // refused the connect: that call shows where it connected and no request head, as nothing was sent.
        var proxyLines = result.Verbose.Select((v, i) => (v, i)).Where(x => x.v.StartsWith("* Proxy:", StringComparison.Ordinal)).ToList();
        Assert.All(proxyLines, x => Assert.True(result.Verbose[x.i + 1].StartsWith("> GET ", StringComparison.Ordinal)
            || result.Verbose[x.i + 1] == "* Connecting to '127.0.0.1'", result.Verbose[x.i + 1]));
        Assert.All(proxyLines.Take(3).Where(x => result.Verbose[x.i + 1].StartsWith("* Connecting", StringComparison.Ordinal)),
            x => Assert.Equal($"* Connected to '127.0.0.1' on port {new Uri(x.v["* Proxy: ".Length..]).Port}", result.Verbose[x.i + 2]));
        Assert.Equal("* Connecting to '127.0.0.1'", result.Verbose[proxyLines[3].i + 1]);
        Assert.DoesNotContain("* Connected to '127.0.0.1' on port 1", result.Verbose);
        Assert.Equal(4, result.Verbose.Count(v => v.StartsWith("> GET ", StringComparison.Ordinal)));
        var text = Proxies.AllText(result);
        Assert.DoesNotContain(Proxies.Password, text);
        Assert.DoesNotContain(Convert.ToBase64String("proxyuser:proxypass"u8.ToArray()), text);
    }

    [Fact]
    public void A_proxy_password_holding_a_slash_or_hash_is_masked_in_the_target_of_every_refusal_which_says_to_encode_it()
    {
        // "http://user:47531/hunter2@..." parses as the host "user", port 47531 and a path: the error's target showed
        // the value as it was, password and all (its message too, until Proxy masked it). Masked, the value reads as a
        // valid proxy ('http://user:[secure]@proxy.example:3128'), so the message says what ended the address early:
        // "must not have a path" and "Invalid port '[secure]'" (a password with letters) left nothing to change.
        var result = RunRestoring("""
            $bad = 'http://user:47531/hunter2@proxy.example:3128'
            try { Invoke-Httpx "$base/get" -Proxy $bad -ErrorAction Stop } catch { $_ }
            try { Invoke-Httpx "$base/get" -Proxy 'http://user:s3cret/hunter2@proxy.example:3128' -ErrorAction Stop } catch { $_ }
            try { New-HttpxClient -Proxy 'http://user:47531#hunter2@proxy.example:3128' } catch { $_ }
            try { New-HttpxTransport -Proxy $bad } catch { $_ }
            try { Set-HttpxProxy -Proxy $bad -ErrorAction Stop } catch { $_ }
            Set-HttpxProxy -Proxy 'http://user:47531?hunter2@proxy.example:3128' -WhatIf
            """);
        var records = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().ToArray();
        Assert.Equal(5, records.Length);
        Assert.All(records, r => Assert.StartsWith("Httpx.InvalidArgument,", r.FullyQualifiedErrorId));
        Assert.All(records, r => Assert.StartsWith("http://user:[secure]@proxy.example:3128", (string)r.TargetObject));
        // The -WhatIf call is refused too (as every refused setting is under -WhatIf): an error of its own.
        var refusals = records.Concat(result.Errors).ToArray();
        Assert.Equal(6, refusals.Length);
        Assert.All(refusals, r => Assert.Contains("percent-encode a '/', '?' or '#' in the password (%2F, %3F, %23)", r.Exception.Message));
        var text = string.Join("\n", refusals.Select(r => $"{r} {r.Exception} {r.TargetObject} {r.ErrorDetails?.Message}").Concat(result.Verbose));
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("47531", text);
        Assert.DoesNotContain("s3cret", text);
    }

    [Fact]
    public void An_invalid_environment_proxy_is_the_target_of_its_error_by_the_variables_name_on_every_cmdlet()
    {
        // The target was null: nothing pointed at what to fix. The variable's name, never its value (it has a password).
        var result = RunRestoring("""
            $saved = $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy
            $env:https_proxy = $null; $env:no_proxy = $null
            try {
                $env:HTTPS_PROXY = 'ftp://user:hunter2@proxy.example:21'
                try { Invoke-Httpx "$https/get" -ErrorAction Stop } catch { $_ }
                try { New-HttpxRequest "$https/get" | Invoke-Httpx -ErrorAction Stop } catch { $_ }
                try { New-HttpxClient } catch { $_ }
                try { Get-HttpxProxy } catch { $_ }
                try { Set-HttpxProxy -Clear -ErrorAction Stop } catch { $_ }
                $env:HTTPS_PROXY = $null
                $env:NO_PROXY = '10.0.0.0/99'
                try { Get-HttpxProxy -Uri "$base/get" } catch { $_ }
                # A URL-pattern entry with credentials: refused, and its password was quoted in the message.
                $env:NO_PROXY = 'localhost,http://user:hunter2@internal.example'
                try { Invoke-Httpx "$base/get" -ErrorAction Stop } catch { $_ }
                # A password holding an unencoded '/': the address ended at it ("user", port 47531), and with the path
                # dropped the proxy was shown as http://user:47531, the password's start.
                $env:NO_PROXY = $null
                $env:HTTPS_PROXY = 'http://user:47531/hunter2@proxy.example:3128'
                try { Get-HttpxProxy -Uri "$https/get" } catch { $_ }
            }
            finally { $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy = $saved }
            """);
        var records = result.Output.Select(o => Assert.IsType<ErrorRecord>(o.BaseObject)).ToArray();
        Assert.Equal(new object[] { "HTTPS_PROXY", "HTTPS_PROXY", "HTTPS_PROXY", "HTTPS_PROXY", "HTTPS_PROXY", "NO_PROXY", "NO_PROXY", "HTTPS_PROXY" },
            records.Select(r => r.TargetObject).ToArray());
        Assert.All(records, r => Assert.StartsWith("Httpx.InvalidArgument,", r.FullyQualifiedErrorId));
        Assert.All(records, r => Assert.Equal(ErrorCategory.InvalidArgument, r.CategoryInfo.Category));
        Assert.DoesNotContain("hunter2", string.Join("\n", records.Select(r => $"{r} {r.Exception} {r.TargetObject}")));
        Assert.DoesNotContain("47531", string.Join("\n", records.Select(r => $"{r} {r.Exception} {r.TargetObject}")));
    }

    [Fact]
    public void An_environment_proxy_with_a_path_sends_calls_through_the_proxy_at_its_address()
    {
        // HTTP_PROXY=http://proxy:3128/some/path stopped every call with an InvalidArgument error, where HTTPX, Python,
        // curl and Go use proxy:3128.
        var result = RunRestoring($$"""
            $saved = $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy
            $env:http_proxy = $null; $env:NO_PROXY = $null; $env:no_proxy = $null
            try {
                $env:HTTP_PROXY = '{{Proxies.Squid}}/some/path?x=1'
                "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
                (Get-HttpxProxy -Uri "$base/get").Proxy
            }
            finally { $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy = $saved }
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[] { true, Proxies.Squid }, Values(result));
    }

    [Fact]
    public void An_international_NO_PROXY_entry_matches_its_host_in_either_spelling()
    {
        // NO_PROXY=bücher.example stopped every call with an InvalidArgument error (IDNA refused the pattern made of it),
        // and the punycode spelling curl asks for matched no host.
        var result = RunRestoring("""
            $saved = $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy
            $env:http_proxy = $null; $env:no_proxy = $null
            try {
                $env:HTTP_PROXY = 'http://envproxy.invalid:3128'
                $env:NO_PROXY = 'localhost,bücher.example'
                (Get-HttpxProxy -Uri 'http://www.xn--bcher-kva.example/').Reason
                $env:NO_PROXY = 'localhost,xn--bcher-kva.example'
                (Get-HttpxProxy -Uri 'http://bücher.example/').Reason
                (Get-HttpxProxy -Uri 'http://bucher.example/').Proxy
            }
            finally { $env:HTTP_PROXY, $env:http_proxy, $env:NO_PROXY, $env:no_proxy = $saved }
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[]
        {
            "NO_PROXY match 'bücher.example'", "NO_PROXY match 'xn--bcher-kva.example'", "http://envproxy.invalid:3128",
        }, Values(result));
    }

    [Fact]
    public void Clear_with_an_invalid_environment_proxy_clears_and_is_an_InvalidArgument_error_naming_the_variable()
    {
        var result = RunRestoring($$"""
            Set-HttpxProxy -Proxy '{{Proxies.Squid}}'
            $env:HTTPS_PROXY = 'ftp://user:hunter2@proxy.example:21'
            try
            {
                try { Set-HttpxProxy -Clear -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; "$($_.CategoryInfo.Category)"; "$_" }
            }
            finally { $env:HTTPS_PROXY = $null }
            (Get-HttpxProxy -Uri "$base/get").IsDirect
            """);
        var values = Values(result).Select(v => v?.ToString() ?? "").ToArray();
        Assert.Equal(4, values.Length);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[0]);
        Assert.Equal("InvalidArgument", values[1]);
        Assert.Contains("HTTPS_PROXY", values[2]);
        // The value as written, its default port too.
        Assert.Contains("'ftp://user:[secure]@proxy.example:21'", values[2]);
        Assert.DoesNotContain("hunter2", Proxies.AllText(result));
        // The routes set were removed all the same: the environment's proxies are what is wrong.
        Assert.Equal("True", values[3]);
    }

    [Fact]
    public void A_default_proxy_set_is_routed_and_listed_past_an_invalid_environment_proxy_as_calls_without_Client_send()
    {
        // A proxy setting given replaces the environment's, as in HTTPX: calls without -Client then never read HTTP_PROXY,
        // and the routes Get-HttpxProxy and Set-HttpxProxy -PassThru show for them must not fail on it either.
        var result = RunRestoring($$"""
            $saved = $env:HTTP_PROXY, $env:http_proxy
            $env:http_proxy = $null
            $env:HTTP_PROXY = 'ftp://user:hunter2@proxy.example:21'
            try {
                (Set-HttpxProxy -Routes @{ 'http://' = '{{Proxies.Squid}}'; 'https://' = $null } -PassThru).Count
                "$((Invoke-Httpx "$base/get" -As Json).headers.Via)" -like '*squid*'
                (Get-HttpxProxy -Uri "$base/get").Proxy
            }
            finally { $env:HTTP_PROXY, $env:http_proxy = $saved }
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[] { 2, true, Proxies.Squid }, Values(result));
    }

    [Fact]
    public void NoTrustEnv_shows_the_route_of_calls_that_ignore_the_environments_proxies()
    {
        // Invoke-Httpx -NoTrustEnv goes direct past HTTPS_PROXY: Get-HttpxProxy -NoTrustEnv says so, and only the routes
        // Set-HttpxProxy set still apply (a client's trust of the environment is its own: refused with -Client).
        var result = RunRestoring("""
            $saved = $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy, $env:ALL_PROXY, $env:all_proxy
            $env:https_proxy = $null; $env:NO_PROXY = $null; $env:no_proxy = $null; $env:ALL_PROXY = $null; $env:all_proxy = $null
            $env:HTTPS_PROXY = 'http://envproxy.invalid:3128'
            try {
                (Get-HttpxProxy -Uri 'https://api.example/').Proxy
                (Get-HttpxProxy -Uri 'https://api.example/' -NoTrustEnv).IsDirect
                @(Get-HttpxProxy -NoTrustEnv).Count
                Set-HttpxProxy -Routes @{ 'https://' = 'http://set.invalid:3128' }
                (Get-HttpxProxy -Uri 'https://api.example/' -NoTrustEnv).Proxy
                try { Get-HttpxProxy -Uri 'https://api.example/' -Client (New-HttpxClient) -NoTrustEnv } catch { $_.FullyQualifiedErrorId }
                (Get-HttpxProxy -Uri 'https://api.example/' -Client (New-HttpxClient -NoTrustEnv) -NoTrustEnv).IsDirect
            }
            finally { $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy, $env:ALL_PROXY, $env:all_proxy = $saved }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            "http://envproxy.invalid:3128", true, 0, "http://set.invalid:3128",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.GetHttpxProxyCommand", true,
        }, Values(result));
    }

    [Fact]
    public void A_route_pattern_with_credentials_is_refused_and_its_password_never_shown()
    {
        // A proxy URL written as the route's key: taken, Get-HttpxProxy and -Verbose listed the key as written.
        var result = RunRestoring($$"""
            try { Set-HttpxProxy -Routes @{ 'http://user:hunter2@proxy.example:3128' = '{{Proxies.Squid}}' } -Verbose } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            @(Get-HttpxProxy).Count
            """);
        Assert.DoesNotContain("hunter2", Proxies.AllText(result), StringComparison.Ordinal);
        var values = Values(result).Select(v => v?.ToString() ?? "").ToArray();
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[0]);
        Assert.Equal("http://user:[secure]@proxy.example:3128", values[1]);
        Assert.Contains("holds a user name or password", values[2]);
    }

    [Fact]
    public void A_route_written_as_NO_PROXY_writes_a_host_is_refused_naming_the_pattern_to_write()
    {
        // "*.corp.example" was told to become "*.corp.example://" (refused in turn); "all://.corp.example" was taken and
        // matched no URL, so the hosts it was meant for went the default way without a word.
        var result = RunRestoring("""
            try { Set-HttpxProxy -Routes @{ '*.corp.example' = $null } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            try { New-HttpxClient -Proxy @{ 'all://' = 'http://127.0.0.1:9'; 'all://.corp.example' = $null } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var values = Values(result).Select(v => v?.ToString() ?? "").ToArray();
        Assert.Equal(6, values.Length);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[0]);
        Assert.Equal("*.corp.example", values[1]);
        Assert.Contains("instead of \"*.corp.example\", use \"all://*.corp.example\"", values[2]);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", values[3]);
        Assert.Equal("all://.corp.example", values[4]);
        Assert.Contains("\"all://*.corp.example\" routes its subdomains, \"all://*corp.example\" the domain and its subdomains", values[5]);
    }

    [Fact]
    public void An_invalid_proxy_is_an_error_naming_it_and_changes_nothing()
    {
        var result = RunRestoring($$"""
            Set-HttpxProxy -Proxy '{{Proxies.Squid}}'
            try { Set-HttpxProxy -Proxy 'ftp://user:hunter2@proxy.example:21' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            try { Set-HttpxProxy -Routes @{ 'https://' = 'http://user:hunter2@proxy.example:notaport' } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            try { Set-HttpxProxy -Routes @{ 'https' = '{{Proxies.Squid}}' } } catch { $_.FullyQualifiedErrorId; $_.TargetObject }
            try { Set-HttpxProxy -Proxy 'http://user:hunter2@exa mple:3128' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            (Get-HttpxProxy).Proxy
            """);
        Assert.Empty(result.Errors);
        var values = Values(result).Select(v => v?.ToString() ?? "").ToArray();
        Assert.DoesNotContain(values, v => v.Contains("hunter2", StringComparison.Ordinal));
        Assert.Equal(11, values.Length);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[0]);
        Assert.StartsWith("ftp://user:[secure]@proxy.example", values[1]);
        Assert.Contains("Unknown scheme 'ftp'", values[2]);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[3]);
        // A route's refused proxy: the route's pattern is the target and starts the message (the proxy, redacted, follows).
        Assert.Equal("https://", values[4]);
        Assert.StartsWith("Set-HttpxProxy pattern 'https://': Invalid proxy URL", values[5]);
        Assert.Contains("notaport", values[5]);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[6]);
        Assert.Equal("https", values[7]);
        // A host HTTPX's URL model takes but no connection can reach: an invalid argument naming it, not a UriFormatException.
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", values[8]);
        Assert.Contains("has a host that cannot be connected to: 'exa%20mple'", values[9]);
        Assert.Equal(Proxies.Squid, values[10]);
    }
}

/// <summary>Set-HttpxProxy -Client / Get-HttpxProxy -Client: a client's own routes, changed and cleared (the module default untouched).</summary>
public class ProxyClientTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ProxyClientTests(PowerShellFixture ps) => _ps = ps;

    private static object?[] Values(PowerShellResult result) => result.Output.Select(o => o?.BaseObject).ToArray();

    [Fact]
    public void A_clients_routes_are_changed_and_cleared()
    {
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            $set = Set-HttpxProxy -Client $client -Proxy '{{Proxies.Squid}}' -PassThru
            $set.Pattern; $set.Source
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Client $client -Routes @{ 'http://' = '{{Proxies.Socks5}}'; 'https://' = '{{Proxies.Squid}}' }
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            (Get-HttpxProxy -Uri "$base/get" -Client $client).Proxy
            (Get-HttpxProxy -Client $client | ForEach-Object { "$($_.Pattern)=$($_.Proxy)" }) -join ' '
            Set-HttpxProxy -Client $client -Clear
            @(Get-HttpxProxy -Client $client).Count
            (Get-HttpxProxy -Uri "$base/get" -Client $client).Reason
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            false, "all://", "Set-HttpxProxy", true,
            false, Proxies.Socks5, $"https://={Proxies.Squid} http://={Proxies.Socks5}",
            0, "no proxy configured", false,
        }, Values(result));
    }

    [Fact]
    public void Clients_piped_to_Set_HttpxProxy_each_get_the_routes_and_a_closed_one_is_an_error_of_its_own()
    {
        // -Client took no pipeline input: "$clients | Set-HttpxProxy -Proxy ..." was InputObjectNotBound.
        var result = _ps.Run($$"""
            $a = New-HttpxClient -NoTrustEnv; $b = New-HttpxClient -NoTrustEnv
            $closed = New-HttpxClient; Close-HttpxClient $closed
            $a, $closed, $b | Set-HttpxProxy -Proxy '{{Proxies.Squid}}' -ErrorVariable failed -ErrorAction SilentlyContinue
            $?
            @(Get-HttpxProxy -Client $a).Proxy; @(Get-HttpxProxy -Client $b).Proxy
            $failed.Count; $failed[0].FullyQualifiedErrorId; [object]::ReferenceEquals($failed[0].TargetObject, $closed)
            @(Get-HttpxProxy -NoTrustEnv).Count
            $a, $b | Close-HttpxClient
            """);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[]
        {
            false, Proxies.Squid, Proxies.Squid, 1, "Httpx.ClientClosed,Httpx.PowerShell.Commands.SetHttpxProxyCommand", true, 0,
        }, result.Output.Select(o => o?.BaseObject).ToArray());
    }

    [Fact]
    public void Remove_from_piped_clients_writes_each_ones_routes_once_and_a_closed_client_given_as_Client_stops_the_command()
    {
        // -Client given (not piped) and closed stops the command as for the other parameter sets: with -Remove and
        // piped patterns it was one non-terminating ClientClosed error per pattern, the command going on.
        var result = _ps.Run($$"""
            $a = New-HttpxClient -NoTrustEnv -Proxy @{ 'https://' = '{{Proxies.Squid}}'; 'all://' = '{{Proxies.Squid}}' }
            $b = New-HttpxClient -NoTrustEnv -Proxy @{ 'https://' = '{{Proxies.Squid}}'; 'all://' = '{{Proxies.Squid}}' }
            $closed = New-HttpxClient; Close-HttpxClient $closed
            @($a, $closed, $b | Set-HttpxProxy -Remove 'all://' -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue).Pattern -join ','
            $failed.Count; $failed[0].FullyQualifiedErrorId
            @(Get-HttpxProxy -Client $a).Count; @(Get-HttpxProxy -Client $b).Count
            try {
                [pscustomobject]@{ Pattern = 'all://' }, [pscustomobject]@{ Pattern = 'https://' } |
                    Set-HttpxProxy -Remove -Client $closed -ErrorVariable piped -ErrorAction SilentlyContinue
                'not stopped'; $piped.Count
            } catch { $_.FullyQualifiedErrorId }
            $a, $b | Close-HttpxClient
            """);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[]
        {
            "https://,https://", 1, "Httpx.ClientClosed,Httpx.PowerShell.Commands.SetHttpxProxyCommand", 1, 1,
            "Httpx.ClientClosed,Httpx.PowerShell.Commands.SetHttpxProxyCommand",
        }, result.Output.Select(o => o?.BaseObject).ToArray());
    }

    [Fact]
    public void WhatIf_says_what_would_change_and_changes_nothing()
    {
        var text = _ps.Display($$"""
            $client = New-HttpxClient -NoTrustEnv
            Set-HttpxProxy -Client $client -Proxy '{{Proxies.SquidAuthWithPassword}}' -WhatIf
            Set-HttpxProxy -Client $client -Clear -WhatIf
            "routes: $(@(Get-HttpxProxy -Client $client).Count)"
            Close-HttpxClient $client
            """);

        Assert.Contains("What if: Performing the operation \"Send every request through the proxy http://proxyuser:[secure]@127.0.0.1:3129\" on target \"the client\".", text);
        Assert.Contains("What if: Performing the operation \"Remove the proxy routes (the environment's proxies apply again)\" on target \"the client\".", text);
        Assert.Contains("routes: 0", text);
        Assert.DoesNotContain(Proxies.Password, text);
        // A setting that would be refused is refused under -WhatIf too.
        var refused = _ps.Run("Set-HttpxProxy -Client (New-HttpxClient) -Proxy 'ftp://proxy.example' -WhatIf");
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", refused.Errors.Single().FullyQualifiedErrorId);
    }

    [Fact]
    public void The_route_of_a_url_piped_to_Remove_is_removed_from_the_client_that_routed_it()
    {
        // Get-HttpxProxy -Uri's routes carried only their Pattern: piped to Set-HttpxProxy -Remove, the pattern was looked
        // for in the module default (ProxyRouteNotFound) and the client kept it.
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://*.internal' = $null; 'all://' = '{{Proxies.Squid}}' }
            Get-HttpxProxy -Uri 'https://db.internal/' -Client $client | Set-HttpxProxy -Remove
            @(Get-HttpxProxy -Client $client).Pattern -join ','
            [object]::ReferenceEquals((Get-HttpxProxy -Uri 'https://example.com/' -Client $client).Client, $client)
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "all://", true }, Values(result));
    }

    [Fact]
    public void Remove_takes_out_one_route_of_a_client_and_keeps_the_others_with_their_password()
    {
        var result = _ps.Run($$"""
            $hostName = ([uri]$base).Host
            $client = New-HttpxClient -NoTrustEnv -Verify $ca -Proxy @{ 'https://' = '{{Proxies.SquidAuthWithPassword}}'; 'all://' = '{{Proxies.Squid}}'; "all://$hostName" = $null }
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Client $client -Remove "all://$hostName", 'all://nope', 'https' -PassThru -ErrorVariable bad -ErrorAction SilentlyContinue |
                ForEach-Object { "$($_.Pattern)=$($_.Proxy)" }
            $bad.Count; $bad[0].FullyQualifiedErrorId; $bad[0].TargetObject; $bad[1].FullyQualifiedErrorId
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            (Invoke-Httpx "$https/get" -Client $client -RaiseForStatus).StatusCode
            Set-HttpxProxy -Client $client -Remove 'https://' -WhatIf
            @(Get-HttpxProxy -Client $client).Count
            Get-HttpxProxy -Client $client | Set-HttpxProxy -Client $client -Remove
            (Get-HttpxProxy -Uri "$base/get" -Client $client).IsDirect
            Close-HttpxClient $client
            try { Set-HttpxProxy -Client $client -Remove 'all://' } catch { $_.FullyQualifiedErrorId }
            """);
        var values = Values(result);
        Assert.Equal(new object?[]
        {
            false, $"https://={Proxies.SquidAuthWithPassword.Replace(Proxies.Password, "[secure]")}", $"all://={Proxies.Squid}",
            2, "Httpx.ProxyRouteNotFound,Httpx.PowerShell.Commands.SetHttpxProxyCommand", "all://nope",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand",
            true, 200, 2, true, "Httpx.ClientClosed,Httpx.PowerShell.Commands.SetHttpxProxyCommand",
        }, values);
        Assert.DoesNotContain(Proxies.Password, Proxies.AllText(result));
    }

    [Fact]
    public void A_client_made_with_a_proxy_lists_it_and_keeps_its_mounts()
    {
        var result = _ps.Run($$"""
            $mock = New-HttpxMockTransport { New-HttpxResponse 204 }
            $client = New-HttpxClient -Proxy '{{Proxies.SquidAuthWithPassword}}' -Mounts @{ 'http://mocked.example' = $mock }
            $route = Get-HttpxProxy -Client $client
            $route.Proxy; $route.Source
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            Set-HttpxProxy -Client $client -Proxy '{{Proxies.Squid}}'
            (Invoke-Httpx 'http://mocked.example/' -Client $client).StatusCode
            (Get-HttpxProxy -Uri 'http://mocked.example/' -Client $client).ViaCustomTransport
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "http://proxyuser:[secure]@127.0.0.1:3129", "Proxy option", true, 204, true }, Values(result));
        Assert.DoesNotContain(Proxies.Password, Proxies.AllText(result));
    }

    [Fact]
    public void A_pattern_that_is_not_a_url_is_an_InvalidArgument_error_naming_it_and_changes_nothing()
    {
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv -Proxy '{{Proxies.Squid}}'
            try { Set-HttpxProxy -Client $client -Routes @{ 'http://host.example:notaport' = '{{Proxies.Squid}}' } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            (Get-HttpxProxy -Client $client).Pattern
            Close-HttpxClient $client
            """);
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", "http://host.example:notaport",
            "Invalid port 'notaport' in URL 'http://host.example:notaport'", "all://",
        }, Values(result));
    }

    [Fact]
    public void An_international_wildcard_pattern_serves_its_hosts_and_one_IDNA_refuses_is_an_error_naming_the_refused_character()
    {
        // 'all://*.bücher.example' was an error (IDNA refuses the '*'), as a route and as a mount; a name IDNA refuses
        // then blamed the wildcard ("codepoint U+002A ... of '*' not allowed").
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv
            Set-HttpxProxy -Client $client -Routes @{ 'all://' = '{{Proxies.Squid}}'; 'all://*.bücher.example' = $null }
            (Get-HttpxProxy -Client $client -Uri 'http://www.xn--bcher-kva.example/').Pattern
            (Get-HttpxProxy -Client $client -Uri 'http://bücher.example/').Pattern
            try { Set-HttpxProxy -Client $client -Routes @{ 'all://*.☃.example' = $null } } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            Close-HttpxClient $client
            $mock = New-HttpxMockTransport { New-HttpxResponse 204 }
            $mounted = New-HttpxClient -NoTrustEnv -Mounts @{ 'all://*bücher.example' = $mock }
            (Invoke-Httpx 'http://BÜCHER.example/' -Client $mounted).StatusCode
            (Invoke-Httpx 'http://www.xn--bcher-kva.example/' -Client $mounted).StatusCode
            Close-HttpxClient $mounted
            """);
        Assert.Equal(new object?[]
        {
            "all://*.bücher.example", "all://",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand", "all://*.☃.example",
            "Invalid IDNA hostname '☃.example': codepoint U+2603 at position 1 of '☃' not allowed in URL 'all://*.☃.example'",
            204, 204,
        }, Values(result));
    }

    [Fact]
    public void A_path_is_routed_as_the_client_sends_it_joined_to_its_base_url()
    {
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv -BaseUrl $base -Proxy @{ 'http://' = '{{Proxies.Squid}}' }
            "$((Invoke-Httpx /get -Client $client -As Json).headers.Via)" -like '*squid*'
            $route = Get-HttpxProxy -Uri /get -Client $client
            $route.Proxy; $route.Url -eq "$base/get"
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { true, Proxies.Squid, true }, Values(result));
    }

    [Fact]
    public void A_path_without_a_base_url_is_an_error_as_Invoke_Httpx_makes_it()
    {
        // Get-HttpxProxy's help says so; it answered a route for '/get' as written (through an all:// proxy), a URL
        // Invoke-Httpx refuses to send.
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv -Proxy '{{Proxies.Squid}}'
            Get-HttpxProxy /get -Client $client -ErrorAction SilentlyContinue -ErrorVariable routed
            Invoke-Httpx /get -Client $client -ErrorAction SilentlyContinue -ErrorVariable sent
            foreach ($e in $routed[0], $sent[0]) { $e.FullyQualifiedErrorId -replace ',.*'; $e.Exception.Message }
            Close-HttpxClient $client
            """);
        Assert.Equal(new object?[]
        {
            "Httpx.UnsupportedProtocol", "Request URL is missing an 'http://' or 'https://' protocol: '/get'. It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).",
            "Httpx.UnsupportedProtocol", "Request URL is missing an 'http://' or 'https://' protocol: '/get'. It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).",
        }, Values(result));
    }

    [Fact]
    public void A_scheme_Invoke_Httpx_cannot_send_is_an_error_as_Invoke_Httpx_makes_it()
    {
        // Get-HttpxProxy ftp://x/ answered 'direct' (or the all:// proxy), a URL Invoke-Httpx refuses to send.
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv -Proxy '{{Proxies.Squid}}'
            Get-HttpxProxy ftp://x/ -Client $client -ErrorAction SilentlyContinue -ErrorVariable routed
            Invoke-Httpx ftp://x/ -Client $client -ErrorAction SilentlyContinue -ErrorVariable sent
            Get-HttpxProxy ftp://x/ -NoTrustEnv -ErrorAction SilentlyContinue -ErrorVariable direct
            foreach ($e in $routed[0], $sent[0], $direct[0]) { $e.FullyQualifiedErrorId -replace ',.*'; $e.Exception.Message }
            Close-HttpxClient $client
            # A mock transport mounted for the scheme may serve it: routed there, as Invoke-Httpx sends it.
            $mocked = New-HttpxClient -NoTrustEnv -Mounts @{ 'ftp://' = (New-HttpxMockTransport { New-HttpxResponse 204 }) }
            (Get-HttpxProxy ftp://x/ -Client $mocked).Pattern
            (Invoke-Httpx ftp://x/ -Client $mocked).StatusCode
            Close-HttpxClient $mocked
            """);
        const string Message = "Request URL has an unsupported protocol 'ftp://': 'ftp://x/'.";
        Assert.Equal(new object?[]
        {
            "Httpx.UnsupportedProtocol", Message, "Httpx.UnsupportedProtocol", Message, "Httpx.UnsupportedProtocol", Message,
            "ftp://", 204,
        }, Values(result));
    }

    [Fact]
    public void An_empty_url_names_no_BaseUrl_Get_HttpxProxy_lacks_and_is_the_clients_base_url_there()
    {
        // Get-HttpxProxy '' said "...or a path with -BaseUrl", a parameter it does not have; '' with a client's base
        // URL was refused, where Invoke-Httpx '' -Client $client sends to the base URL.
        var result = _ps.Run($$"""
            $client = New-HttpxClient -NoTrustEnv -BaseUrl $base -Proxy @{ 'http://' = '{{Proxies.Squid}}' }
            (Get-HttpxProxy '' -Client $client).Url -eq "$base/"
            Get-HttpxProxy '', ' ', ([pscustomobject]@{ Uri = '' }) -NoTrustEnv -ErrorAction SilentlyContinue -ErrorVariable bad
            foreach ($e in $bad) { $e.FullyQualifiedErrorId; $e.ErrorDetails.Message }
            Invoke-Httpx '' -ErrorAction SilentlyContinue -ErrorVariable bad2
            $bad2[0].ErrorDetails.Message
            Close-HttpxClient $client
            """);
        var values = Values(result).Select(v => v?.ToString()).ToArray();
        Assert.Equal("True", values[0]);
        Assert.Equal(8, values.Length);
        foreach (var i in new[] { 1, 3, 5 })
            Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.GetHttpxProxyCommand", values[i]);
        foreach (var i in new[] { 2, 4, 6 })
        {
            Assert.DoesNotContain("with -BaseUrl", values[i]!.Replace("made with -BaseUrl", ""));
            Assert.Contains("or a path with a -Client made with -BaseUrl", values[i]);
        }
        // Invoke-Httpx has -BaseUrl: its message keeps it.
        Assert.Equal("-Uri is empty: give an absolute URL such as 'https://example.org/', or a path with -BaseUrl.", values[7]);
    }

    [Fact]
    public void A_client_over_a_transport_with_a_proxy_is_routed_through_it()
    {
        var result = _ps.Run($$"""
            $client = New-HttpxClient -Transport (New-HttpxTransport -Proxy '{{Proxies.Squid}}')
            "$((Invoke-Httpx "$base/get" -Client $client -As Json).headers.Via)" -like '*squid*'
            $route = Get-HttpxProxy -Uri "$base/get" -Client $client
            $route.IsDirect; $route.Proxy
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { true, false, Proxies.Squid }, Values(result));
    }

    [Fact]
    public void Bad_urls_in_the_pipeline_are_errors_and_the_others_answered()
    {
        var result = _ps.Run($$"""
            $client = New-HttpxClient -Proxy @{ 'https://' = '{{Proxies.Squid}}' } -NoTrustEnv
            'https://example.com', 'http://example.com:notaport', 'http://example.com' | Get-HttpxProxy -Client $client | ForEach-Object { $_.IsDirect }
            Close-HttpxClient $client
            """);
        Assert.Equal(new object?[] { false, true }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidURL,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_closed_client_is_refused()
    {
        var result = _ps.Run("""
            $client = New-HttpxClient
            Close-HttpxClient $client
            try { Set-HttpxProxy -Client $client -Clear } catch { $_.FullyQualifiedErrorId }
            try { Get-HttpxProxy -Client $client } catch { $_.FullyQualifiedErrorId }
            """);
        Assert.Equal(new object?[]
        {
            "Httpx.ClientClosed,Httpx.PowerShell.Commands.SetHttpxProxyCommand",
            "Httpx.ClientClosed,Httpx.PowerShell.Commands.GetHttpxProxyCommand",
        }, Values(result));
    }
}
