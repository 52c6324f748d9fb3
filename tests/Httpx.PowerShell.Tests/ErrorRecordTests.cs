using System.Management.Automation;
using Httpx.TestServer;

namespace Httpx.PowerShell.Tests;

public class ErrorRecordTests : IClassFixture<PowerShellFixture>
{
    private const string Suffix = ",Httpx.PowerShell.Commands.InvokeHttpxCommand";
    private readonly PowerShellFixture _ps;
    public ErrorRecordTests(PowerShellFixture ps) => _ps = ps;

    [Theory]
    [InlineData("'http://127.0.0.1:1/'", "Httpx.ConnectError", ErrorCategory.ConnectionError)]
    [InlineData("'http://example.com:notaport/'", "Httpx.InvalidURL", ErrorCategory.InvalidArgument)]
    [InlineData("'ftp://127.0.0.1/'", "Httpx.UnsupportedProtocol", ErrorCategory.InvalidArgument)]
    [InlineData("\"$base/delay/3000\" -Timeout @{ Read = 0.2 }", "Httpx.ReadTimeout", ErrorCategory.OperationTimeout)]
    [InlineData("\"$base/encoding/malformed?e=gzip\"", "Httpx.DecodingError", ErrorCategory.InvalidData)]
    [InlineData("\"$base/post\" -Body 'hello world' -Headers @{ 'Content-Length' = '5' }", "Httpx.LocalProtocolError", ErrorCategory.ProtocolError)]
    [InlineData("\"$base/get\" -Headers @{ Host = 'bad host' }", "Httpx.LocalProtocolError", ErrorCategory.ProtocolError)]
    // An empty Host: the URL's host went out in its place.
    [InlineData("\"$base/get\" -Headers @{ Host = '' }", "Httpx.LocalProtocolError", ErrorCategory.ProtocolError)]
    [InlineData("-Request (& { $r = New-HttpxRequest \"$base/get\"; $null = $r.Headers.Remove('Host'); $r })", "Httpx.LocalProtocolError", ErrorCategory.ProtocolError)]
    [InlineData("\"$base/status/404\" -As Json", "Httpx.HTTPStatusError", ErrorCategory.InvalidResult)]
    [InlineData("\"$base/status/503\" -RaiseForStatus", "Httpx.HTTPStatusError", ErrorCategory.InvalidResult)]
    // A connection reset while the response is read, and while the request's body is sent (64 MB: more than the
    // socket buffers hold, so the client is still writing when the reset arrives): a read and a write failure each.
    [InlineData("\"$raw/reset-mid-body\"", "Httpx.ReadError", ErrorCategory.ReadError)]
    [InlineData("\"$raw/reset-on-upload\" -Content ([byte[]]::new(64MB))", "Httpx.WriteError", ErrorCategory.WriteError)]
    public void Each_failure_has_a_stable_id_and_category(string arguments, string id, ErrorCategory category)
    {
        var result = _ps.Run($"Invoke-Httpx {arguments}");
        var error = Assert.Single(result.Errors);
        Assert.Equal(id + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
    }

    [Theory]
    // $r.RaiseForStatus() and $r.Json() at the prompt: their error was PowerShell's record of a .NET exception, id
    // HttpStatusException (MethodInvocationException, 'Exception calling "RaiseForStatus" with "0" argument(s)', category
    // NotSpecified) and Httpx.DecodingException (OperationStopped), without a target, where -RaiseForStatus and -As Json
    // give Httpx.HTTPStatusError and Httpx.DecodingError: the ids a script's error handling matches on.
    [InlineData("/status/503", "$r.RaiseForStatus()", "Httpx.HTTPStatusError", ErrorCategory.InvalidResult, "503 Service Unavailable from GET ")]
    [InlineData("/html", "$r.Json()", "Httpx.DecodingError", ErrorCategory.InvalidData, "The body of the response to GET ")]
    [InlineData("/html", "$r.RaiseForStatus().Json()", "Httpx.DecodingError", ErrorCategory.InvalidData, "The body of the response to GET ")]
    public void A_response_method_fails_with_the_id_category_and_target_of_the_cmdlet(string path, string call, string id, ErrorCategory category, string message)
    {
        var result = _ps.Run($$"""
            $r = Invoke-Httpx "$base{{path}}"
            try { {{call}} } catch [Httpx.HTTPError] { $_; $_.Exception.GetType().Name }
            {{call}}
            """);
        var caught = (ErrorRecord)result.Output[0].BaseObject;
        var error = Assert.Single(result.Errors);
        foreach (var record in new[] { caught, error })
        {
            Assert.Equal(id, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.Equal($"{_ps.Server.HttpUrl}{path}", record.TargetObject?.ToString());
            Assert.StartsWith(message, record.ToString());
        }
        // $_.Exception is HTTPX's exception itself, its Response or Request at hand.
        Assert.Equal(id == "Httpx.HTTPStatusError" ? "HttpStatusException" : "DecodingException", result.Output[1].BaseObject);
    }

    [Theory]
    [InlineData("Invoke-Httpx \"$base/get\" -Headers @{ 'Bad Name' = 'x' }", "Invalid header name 'Bad …': character 'space' is not allowed in a header name.")]
    [InlineData("Invoke-Httpx \"$base/get\" -Proxy 'socks9://x:1'", "Unknown scheme 'socks9' for proxy URL 'socks9://x:1': use one of http://, https://, socks4://, socks4a://, socks5://, socks5h://.")]
    [InlineData("Set-HttpxProxy -Proxy 'notaurl'", "Proxy URL 'notaurl' has no scheme: use one of http://, https://, socks4://, socks4a://, socks5://, socks5h://.")]
    [InlineData("New-HttpxResponse -StatusCode 200 -Content 1, 2, 999", "-Content as an array must hold bytes (numbers 0 to 255): item 2 is 999.")]
    public void Argument_errors_read_without_the_engines_parameter_names(string script, string shown)
    {
        // What the console shows (the record's text) ends with the message; .NET's " (Parameter 'url')" named a C#
        // parameter of the engine that the user never saw.
        var result = _ps.Run(script);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Equal(shown, error.ToString());
    }

    [Theory]
    [InlineData("'GE T'", "Invalid HTTP method 'GE T': a method is a token such as GET or POST.")]
    [InlineData("'GET/1'", "Invalid HTTP method 'GET/1': a method is a token such as GET or POST.")]
    public void A_bad_Method_stops_the_command_with_one_error_as_the_other_bad_parameters_do(string method, string message)
    {
        // Each piped URL failed with the same error, under -ErrorAction SilentlyContinue without a sign the command
        // went on to nothing; a bad -Header, -Timeout or -Cookies stops the command once, as PowerShell's binding errors
        // (Invoke-RestMethod -Method 'GE T') do.
        var result = _ps.Run($"\"$base/get\", \"$base/json\" | Invoke-Httpx -Method {method} -ErrorAction SilentlyContinue; 'after'");
        // Statement-terminating: the script goes on to its next statement, and the error is in $Error (not silenced).
        var error = Assert.Single(result.Errors.Concat(result.Terminating is RuntimeException { ErrorRecord: { } r } ? [r] : Array.Empty<ErrorRecord>()));
        Assert.Equal(new object[] { "after" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal("Httpx.InvalidArgument" + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Method", error.TargetObject);
        Assert.Equal(message, error.ToString());
    }

    [Fact]
    public void Error_statuses_are_not_errors_for_response_output()
    {
        var result = _ps.Run("""(Invoke-Httpx "$base/status/500").StatusCode""");
        Assert.Empty(result.Errors);
        Assert.Equal(500, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public async Task A_health_check_says_a_port_that_answered_timed_out_in_its_TLS_handshake()
    {
        // A port that takes the connection and never answers the TLS ClientHello (a plain TCP service, a hung TLS
        // terminator), among healthy URLs: its record says the connection was made and TLS did not finish, where
        // "connecting to" alone sent the engineer to the firewall; the other items go on.
        using var listener = TestServer.ScriptedServer.Silent();
        var port = listener.Port;
        var result = _ps.Run("""
            "$base/get", "https://127.0.0.1:$port/health", "$base/status/503" |
                Invoke-Httpx -ThrottleLimit 4 -Timeout @{ Connect = 0.3; Read = 30 } -ErrorVariable failed -ErrorAction SilentlyContinue |
                ForEach-Object { $_.StatusCode }
            foreach ($f in $failed) { $f.FullyQualifiedErrorId; $f.CategoryInfo.Category.ToString(); $f.TargetObject; $f.ToString() }
            """, new Dictionary<string, object?> { ["port"] = port });
        await listener.FirstAccepted.WaitAsync(TimeSpan.FromMinutes(1));
        var output = result.Output.Select(o => o.BaseObject.ToString()).ToArray();
        Assert.Equal(new[] { "200", "503" }, output[..^4].Order().ToArray());
        Assert.Equal(new[]
        {
            "Httpx.ConnectTimeout" + Suffix,
            "OperationTimeout",
            $"https://127.0.0.1:{port}/health",
            $"Timed out after 0.3 s in the TLS handshake with 127.0.0.1:{port}: the connection was made, but the server did not complete TLS (GET https://127.0.0.1:{port}/health)",
        }, output[^4..]);
    }

    [Fact]
    public void A_failure_after_a_redirect_targets_the_url_piped_in_and_names_the_redirected_one()
    {
        // A health check that follows redirects: 'http://svc/health' moved to a host that refuses, or to a page that
        // answers 503. The target was the redirect's URL, which matched none of the URLs piped in; the message keeps
        // naming where it failed. A password in the piped URL stays masked. A path given with -BaseUrl is the target
        // as joined, as before.
        var result = _ps.Run("""
            $refused = [uri]::EscapeDataString("http://127.0.0.1:$refusedPort/health")
            $in = "$base/redirect-to?url=$refused", ("$base/redirect-to?url=" + [uri]::EscapeDataString("$base/status/503")),
                ("http://ops:hunter2@" + ([uri]$base).Authority + "/redirect-to?url=$refused"), 'ready'
            $in | Invoke-Httpx -BaseUrl "http://127.0.0.1:$refusedPort/v1/" -FollowRedirects -RaiseForStatus -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue
            $refusedPort
            foreach ($f in $failed) { $f.FullyQualifiedErrorId + ' | ' + $f.TargetObject + ' | ' + $f }
            """);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        var port = output[0];
        var server = _ps.Server.HttpUrl;
        var refused = Uri.EscapeDataString($"http://127.0.0.1:{port}/health");
        Assert.Equal(new[]
        {
            $"Httpx.ConnectError{Suffix} | {server}/redirect-to?url={refused} | Connection refused by 127.0.0.1:{port} (GET http://127.0.0.1:{port}/health)",
            $"Httpx.ConnectError{Suffix} | http://ops:[secure]@{new Uri(server).Authority}/redirect-to?url={refused} | Connection refused by 127.0.0.1:{port} (GET http://127.0.0.1:{port}/health)",
            $"Httpx.ConnectError{Suffix} | http://127.0.0.1:{port}/v1/ready | Connection refused by 127.0.0.1:{port} (GET http://127.0.0.1:{port}/v1/ready)",
            $"Httpx.HTTPStatusError{Suffix} | {server}/redirect-to?url={Uri.EscapeDataString($"{server}/status/503")} | 503 Service Unavailable from GET {server}/status/503: {{\"status\":503}}",
        }.Order(StringComparer.Ordinal).ToArray(), output[1..].Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void An_items_error_carries_the_item_as_piped_to_match_it_back_to_its_row()
    {
        // A health check of rows (Import-Csv's, with a Name column): the target is the URL, parsed and redacted, which
        // matches no row when the URL was written in another case or with a password; the row itself is in the error.
        var result = _ps.Run("""
            $rows = [pscustomobject]@{ Name = 'web1'; Url = "HTTP://OPS:hunter2@127.0.0.1:$refusedPort/health" },
                [pscustomobject]@{ Name = 'web2'; Url = "$base/status/503" },
                [pscustomobject]@{ Name = 'web3'; Url = '' },
                "HTTP://127.0.0.1:$refusedPort/x"
            $rows | Invoke-Httpx -RaiseForStatus -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue
            foreach ($f in $failed) {
                $in = $f.Exception.Data['Httpx.InputObject']
                if ($in -is [string]) { "text | $in" } else { "$($in.Name) | $($f.FullyQualifiedErrorId.Split(',')[0])" }
            }
            """);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, output.Length);
        Assert.StartsWith("text | HTTP://127.0.0.1:", output[0]);
        Assert.Equal(new[] { "web1 | Httpx.ConnectError", "web2 | Httpx.HTTPStatusError", "web3 | Httpx.InvalidArgument" }, output[1..]);
    }

    [Fact]
    public void A_piped_url_with_a_password_is_carried_as_a_url_that_does_not_show_it()
    {
        // Get-Error shows an exception's Data: the piped text, 'http://ops:hunter2@...', was there whole.
        var result = _ps.Run("""
            $refusedPort
            $refused = "http://ops:hunter2@127.0.0.1:$refusedPort/x"
            $refused, [uri]$refused | Invoke-Httpx -ErrorVariable failed -ErrorAction SilentlyContinue
            foreach ($f in $failed) { $in = $f.Exception.Data['Httpx.InputObject']; "$($in.GetType().Name) $in" }
            # What it carries is the URL, password included, for Invoke-Httpx to send again (an Httpx.Url is sent as it is).
            $failed[0].Exception.Data['Httpx.InputObject'].Password
            """);
        Assert.Empty(result.Errors);
        var port = result.Output[0].BaseObject;
        var shown = $"Url http://ops:[secure]@127.0.0.1:{port}/x";
        Assert.Equal(new object[] { port, shown, shown, "hunter2" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_built_request_a_uri_and_a_row_with_a_method_or_a_built_request_carry_the_item_as_piped()
    {
        // The other shapes of item: a built request (whose redirect failed: the target is its own URL), a [uri], an
        // Httpx.Url, rows whose Url holds a built request or whose Method column is sent or is no method. The row held a
        // request was lost.
        var result = _ps.Run("""
            $refused = [uri]::EscapeDataString("http://127.0.0.1:$refusedPort/health")
            $items = (New-HttpxRequest "$base/redirect-to?url=$refused"),
                [uri]"http://127.0.0.1:$refusedPort/uri",
                [Httpx.Url]"http://127.0.0.1:$refusedPort/url",
                [pscustomobject]@{ Name = 'held'; Url = (New-HttpxRequest "http://127.0.0.1:$refusedPort/held") },
                [pscustomobject]@{ Name = 'post'; Url = "$base/status/503"; Method = 'POST' },
                [pscustomobject]@{ Name = 'no method'; Url = "$base/get"; Method = 'GE T' }
            $items | Invoke-Httpx -FollowRedirects -RaiseForStatus -ThrottleLimit 4 -ErrorVariable failed -ErrorAction SilentlyContinue
            $refusedPort
            foreach ($f in $failed) {
                $in = $f.Exception.Data['Httpx.InputObject']
                $name = if ($in -is [Httpx.Request]) { 'request ' + $f.TargetObject } elseif ($in -is [uri]) { 'uri ' + $in.AbsolutePath } elseif ($in -is [Httpx.Url]) { 'url ' + $in.Path } else { $in.Name }
                "$name | $($f.FullyQualifiedErrorId.Split(',')[0])"
            }
            """);
        var output = result.Output.Select(o => o.BaseObject.ToString()!).ToArray();
        var refused = Uri.EscapeDataString($"http://127.0.0.1:{output[0]}/health");
        Assert.Equal(new[]
        {
            "held | Httpx.ConnectError",
            "no method | Httpx.InvalidArgument",
            "post | Httpx.HTTPStatusError",
            $"request {_ps.Server.HttpUrl}/redirect-to?url={refused} | Httpx.ConnectError",
            "uri /uri | Httpx.ConnectError",
            "url /url | Httpx.ConnectError",
        }, output[1..].Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_status_error_carries_the_response_the_status_and_a_body_excerpt()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/status/404" -As Text -ErrorVariable e
            $e[0].Exception.Response.StatusCode
            $e[0].TargetObject
            """);
        Assert.Equal(new object[] { 404, $"{_ps.Server.HttpUrl}/status/404" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("404 Not Found from GET ", error.ErrorDetails.Message);
        Assert.Contains("\"status\":404", error.ErrorDetails.Message);
    }

    [Fact]
    public void RaiseForStatus_wins_over_SkipHttpErrorCheck()
    {
        // Both given (a -SkipHttpErrorCheck in a splatted set of defaults, a -RaiseForStatus for this call): the error.
        var result = _ps.Run("""
            Invoke-Httpx "$base/status/404" -As Text -SkipHttpErrorCheck -RaiseForStatus
            Invoke-Httpx "$base/status/503" -SkipHttpErrorCheck -RaiseForStatus
            """);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { "Httpx.HTTPStatusError" + Suffix, "Httpx.HTTPStatusError" + Suffix }, result.Errors.Select(e => e.FullyQualifiedErrorId).ToArray());
    }

    [Fact]
    public void A_status_errors_response_still_takes_an_encoding_as_its_text_was_not_read()
    {
        // The record's body excerpt read the response's Text, which fixes its encoding: setting Encoding on
        // $_.Exception.Response then failed with 'Setting the encoding after Text has been accessed is not allowed.',
        // although the user never read it (HTTPX's message does not read it either).
        var result = _ps.Run("""
            Invoke-Httpx "$base/status/404" -RaiseForStatus -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].ErrorDetails.Message.StartsWith('404 Not Found from GET ')
            $r = $e[0].Exception.Response
            $r.Encoding = 'latin-1'
            $r.Encoding
            $r.Text.Contains('404')
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, "latin-1", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_status_error_escapes_control_characters_of_the_servers_reason_phrase_and_error_page()
    {
        // The record's message reaches the console: a server's ESC in its reason phrase or error page would drive it.
        var result = _ps.Run("""
            $mock = New-HttpxMockTransport { New-HttpxResponse 404 -ReasonPhrase "Nope$([char]0x1b)[2J" -Text "bad$([char]0x1b)]0;pwned$([char]7) page" }
            Invoke-Httpx 'https://api.invalid/' -Client (New-HttpxClient -Transport $mock) -RaiseForStatus -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].ErrorDetails.Message
            $e[0].Exception.Message
            "$($e[0].Exception.Response)"
            $e[0].Exception.Response.ReasonPhrase
            """);
        Assert.Empty(result.Errors);
        var text = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal("404 Nope\\x1b[2J from GET https://api.invalid/: bad\\x1b]0;pwned\\x07 page", text[0]);
        Assert.StartsWith("Client error '404 Nope\\x1b[2J' for url 'https://api.invalid/'", text[1]);
        Assert.Equal("<Response [404 Nope\\x1b[2J]>", text[2]);
        Assert.Equal("Nope\u001b[2J", text[3]);   // the value itself is intact
        Assert.DoesNotContain(text[..3], t => t.Any(c => c is '\u001b' or '\u0007'));
    }

    [Fact]
    public void Passwords_in_URLs_never_appear_in_errors_or_targets()
    {
        var result = _ps.Run("""Invoke-Httpx 'http://user:hunter2@127.0.0.1:1/x'""");
        var error = Assert.Single(result.Errors);
        Assert.DoesNotContain("hunter2", error.ToString());
        Assert.DoesNotContain("hunter2", error.Exception.Message);
        Assert.DoesNotContain("hunter2", error.TargetObject?.ToString() ?? "");
    }

    [Theory]
    // curl's scheme-less "user:password@host", a password that breaks the URL, and the same for proxies.
    [InlineData("Invoke-Httpx 'admin:SECRETPW@127.0.0.1:1/'")]
    [InlineData("Invoke-Httpx 'http://admin:SECRET#PW@127.0.0.1:1/'")]
    [InlineData("Invoke-Httpx \"$base/get\" -Proxy 'pu:SECRETPW@127.0.0.1:3128'")]
    [InlineData("Set-HttpxProxy -Proxy 'pu:SECRETPW@127.0.0.1:3128'")]
    [InlineData("New-HttpxClient -BaseUrl 'http://u:SECRET#PW@example.com/'")]
    [InlineData("Invoke-Httpx \"$base/get\" -Cookies @{ 'sid=SECRETPW' = 'x' }")]
    // An Httpx.Url given as the URL is the error's target when no request was made from it.
    [InlineData("Get-HttpxProxy -Url ([Httpx.Url]'ftp://u:SECRETPW@example.org/')")]
    // A piped row whose URL does not parse: the URL (password masked) is the target, not the row that holds the password.
    [InlineData("[pscustomobject]@{ Name = 'web1'; Url = 'https://u:SECRETPW@example.com:99999/' } | New-HttpxRequest")]
    public void Secrets_in_values_that_fail_never_appear_in_the_error(string script)
    {
        // The last line is an error of its own: scheme 'u', which Invoke-Httpx cannot send either (b7300d2).
        var result = _ps.Run(script + "\nGet-HttpxProxy -Url 'u:SECRETPW@example.org'");
        var errors = result.Errors.Concat(result.Terminating is RuntimeException { ErrorRecord: { } record } ? [record] : Array.Empty<ErrorRecord>()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Httpx.UnsupportedProtocol,", errors[^1].FullyQualifiedErrorId);
        foreach (var error in errors)
        {
            Assert.DoesNotContain("SECRET", error.ToString());
            Assert.DoesNotContain("SECRET", error.Exception.Message);
            Assert.DoesNotContain("SECRET", error.ErrorDetails?.Message ?? "");
            Assert.DoesNotContain("SECRET", error.TargetObject?.ToString() ?? "");
        }
        Assert.DoesNotContain("SECRET", string.Join("\n", result.Output.Select(o => o.ToString())));
    }

    [Theory]
    // Setting a Url-typed property: PowerShell's own conversion to Httpx.Url wrapped the failure in 'Cannot convert value
    // "<the raw text>"', password included, at every level of the exception chain but the innermost.
    [InlineData("$r = New-HttpxRequest https://example.com/; $r.Url = 'https://u:SECRETPW@example.com:99999/'")]
    [InlineData("$c = New-HttpxClient; $c.BaseUrl = 'https://u:SECRETPW@example.com:99999/'")]
    // The client's methods that take a URL: PowerShell's 'Cannot convert argument "url", with value: "<the raw text>"'.
    [InlineData("$c = New-HttpxClient; $c.ProxyFor('https://u:SECRETPW@example.com:99999/')")]
    [InlineData("$c = New-HttpxClient; $c.TransportFor('https://u:SECRETPW@example.com:99999/')")]
    public void A_bad_url_given_to_a_url_property_or_method_never_shows_its_password(string script)
    {
        var result = _ps.Run($"try {{ {script} }} catch {{ $_ }}");
        var record = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.DoesNotContain("SECRET", record.ToString());
        for (Exception? e = record.Exception; e is not null; e = e.InnerException)
            Assert.DoesNotContain("SECRET", e.Message);
        // Still says what was wrong, and with which URL.
        Assert.Contains("Invalid port '99999' in URL 'https://u:[secure]@example.com:99999/'", record.ToString());
        Assert.Equal("Httpx.InvalidUrlException", record.Exception.GetBaseException().GetType().FullName);
    }

    [Theory]
    // A Url property set from PowerShell fails as a cmdlet's argument error does: the module's id and category, the
    // value as target (password masked), no .NET " (Parameter 'Url')". Thrown bare from the setter, PowerShell named the
    // record by the .NET type (Httpx.InvalidUrlException, System.ArgumentNullException) under OperationStopped.
    [InlineData("$r = New-HttpxRequest https://example.com/; $r.Url = 'https://u:SECRETPW@example.com:99999/'", "Httpx.InvalidURL",
        "Invalid port '99999' in URL 'https://u:[secure]@example.com:99999/'", "https://u:[secure]@example.com:99999/")]
    [InlineData("$c = New-HttpxClient; $c.BaseUrl = 'https://u:SECRETPW@example.com:99999/'", "Httpx.InvalidURL",
        "Invalid port '99999' in URL 'https://u:[secure]@example.com:99999/'", "https://u:[secure]@example.com:99999/")]
    [InlineData("$r = New-HttpxRequest https://example.com/; $r.Url = $null", "Httpx.InvalidArgument",
        "A request's URL cannot be null: assign a URL (a string or an Httpx.Url).", null)]
    public void Setting_a_url_property_to_a_bad_value_is_an_error_with_the_modules_id_and_category(string script, string id, string message, string? target)
    {
        foreach (var run in new[] { $"try {{ {script} }} catch {{ $_ }}", script })
        {
            var result = _ps.Run(run);
            // Caught, or written as the statement's error.
            var record = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Concat(result.Errors).Single();
            Assert.Equal(id, record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
            Assert.Equal(message, record.ToString());
            Assert.Equal(target, record.TargetObject);
        }
    }

    [Theory]
    // Thrown from the engine's setter, it was PowerShell's ExceptionWhenSetting (NotSpecified), 'Exception setting
    // "Method": "Invalid HTTP method 'BAD METHOD': ... (Parameter 'method')"'.
    [InlineData("'BAD METHOD'", "Invalid HTTP method 'BAD METHOD': a method is a token such as GET or POST.", "BAD METHOD")]
    [InlineData("'https://u:SECRETPW@example.com/'", "Invalid HTTP method 'https://u:[secure]@example.com/': a method is a token such as GET or POST, and this is a URL. Was it given in the method's place?", "https://u:[secure]@example.com/")]
    [InlineData("$null", "A request's method cannot be null: assign a method such as GET or POST.", null)]
    public void Setting_a_request_method_to_a_bad_value_is_an_error_with_the_modules_id_and_category(string value, string message, string? target)
    {
        var result = _ps.Run($$"""
            $r = New-HttpxRequest https://example.com/
            try { $r.Method = {{value}} } catch { $_ }
            $r.Method
            $r.Method = 'patch'; $r.Method
            """);
        Assert.Empty(result.Errors);
        var record = Assert.IsType<ErrorRecord>(result.Output[0].BaseObject);
        Assert.Equal("Httpx.InvalidArgument", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal(message, record.ToString());
        Assert.Equal(target, record.TargetObject);
        Assert.DoesNotContain("SECRETPW", record.ToString() + record.CategoryInfo.TargetName);
        // The refused value changed nothing; a good one is upper-cased, as the engine's setter does.
        Assert.Equal(new object[] { "GET", "PATCH" }, result.Output.Skip(1).Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_responses_encoding_is_typed_as_the_string_it_is()
    {
        // The checked member's getter was typed object: Get-Member said 'System.Object Encoding', and editors inferring
        // $r.Encoding offered no string members, where the engine's property (before the check) was a string.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/get"
            $r.psobject.Properties['Encoding'].TypeNameOfValue
            $r.Encoding
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "System.String", "utf-8" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Setting_a_responses_encoding_to_an_unknown_name_is_an_error_with_the_modules_id_and_category()
    {
        // It was PowerShell's ExceptionWhenSetting (NotSpecified, no target), 'Exception setting "Encoding": "Unknown
        // text encoding 'nope'. (Parameter 'value')"'. A known name still goes in; setting it once Text was read is
        // refused (HTTPX's ValueError) with an id of the module's.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/charset/iso-8859-1?nocharset=1"
            try { $r.Encoding = 'nope' } catch { $_ }
            $r.Encoding
            $r.Encoding = 'latin-1'; $r.Encoding
            $r.Text
            try { $r.Encoding = 'utf-8' } catch { $_ }
            """);
        Assert.Empty(result.Errors);
        var record = Assert.IsType<ErrorRecord>(result.Output[0].BaseObject);
        Assert.Equal("Httpx.InvalidArgument", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal("Unknown text encoding 'nope': give a codec name such as 'utf-8' or 'latin-1'.", record.ToString());
        Assert.Equal("nope", record.TargetObject);
        Assert.Equal(new object[] { "utf-8", "latin-1", "Grüße, café, naïve - ¿qué?" }, result.Output.Skip(1).Take(3).Select(o => o.BaseObject).ToArray());
        var late = Assert.IsType<ErrorRecord>(result.Output[4].BaseObject);
        Assert.Equal("Httpx.TextAlreadyRead", late.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, late.CategoryInfo.Category);
        Assert.Equal("Setting the encoding after Text has been accessed is not allowed.", late.ToString());
        Assert.Equal("utf-8", late.TargetObject);
    }

    [Theory]
    // A client setting of the wrong shape was PowerShell's ExceptionWhenSetting (NotSpecified, no target), 'Exception
    // setting "Headers": "Cannot convert the "Authorization: Bearer SECRET" value of type "System.String" ..."', the
    // value (a token, a cookie) repeated. Now the module's record: the value as target for Timeout, the property's name
    // for the settings that may hold a secret.
    [InlineData("$c.Timeout = 'abc'", "Invalid timeout 'abc': give seconds (a number) or a hashtable such as @{ Connect = 60; Read = 10 }.", "abc")]
    [InlineData("$c.Timeout = $true", "Timeout takes seconds (0: no limit), a TimeSpan, or a hashtable such as @{ Connect = 60; Read = 10 }, not System.Boolean.", true)]
    [InlineData("$c.Headers = 'Authorization: Bearer SECRET'", "Headers takes a hashtable of name to value, a list of name/value pairs or an Httpx.Headers, not System.String.", "Headers")]
    [InlineData("$c.Headers = @{ Authorization = \"Bearer SECRET`n\" }", "Invalid value for header 'Authorization': it contains '\\n', which would break the header apart.", "Headers")]
    [InlineData("$c.Params = 5", "-Params takes a hashtable of name to value (a value may be a list, for a repeated name), a list of name/value pairs (@(@('tag', 'a'), @('tag', 'b'))), a query string ('a=1&b=2') or an Httpx.QueryParams, not System.Int32.", "Params")]
    [InlineData("$c.Auth = 'Bearer SECRET'", "-Auth takes an Httpx.Auth (see New-HttpxAuth) or a PSCredential, not System.String: a bearer token is (New-HttpxAuth -Bearer -Token <token>).", "Auth")]
    [InlineData("$c.Cookies = 'session=SECRET'", "-Cookies takes a hashtable of name to value, an Httpx.Cookies, a CookieContainer, an Invoke-WebRequest session or cookies (Httpx.Cookie or System.Net.Cookie, one or a list), not System.String.", "Cookies")]
    [InlineData("$c.EventHooks = 5", "EventHooks takes a hashtable of Request and Response, each a scriptblock or a list of them, not System.Int32.", "EventHooks")]
    [InlineData("$c.EventHooks = @{ Sent = {} }", "Unknown event hook 'Sent': use Request and Response, each a scriptblock or a list of them.", "EventHooks")]
    // The engine's own check: its message, not PowerShell's 'Exception setting "DefaultEncoding"'.
    [InlineData("$c.DefaultEncoding = 'nope'", "Unknown text encoding 'nope' for the default encoding: give a codec name such as 'utf-8' or 'latin-1'.", "nope")]
    public void Setting_a_client_setting_to_a_bad_value_is_an_error_with_the_modules_id_and_no_secret(string assignment, string message, object target)
    {
        foreach (var run in new[] { $"$c = New-HttpxClient; try {{ {assignment} }} catch {{ $_ }}", $"$c = New-HttpxClient; {assignment}" })
        {
            var result = _ps.Run(run);
            var record = result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Concat(result.Errors).Single();
            Assert.Equal("Httpx.InvalidArgument", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
            Assert.Equal(message, record.ToString());
            Assert.Equal(target, record.TargetObject);
            for (Exception? e = record.Exception; e is not null; e = e.InnerException)
                Assert.DoesNotContain("SECRET", e.Message);
        }
    }

    [Fact]
    public void A_clients_Timeout_takes_a_PSCustomObject_as_Timeout_does_and_no_setting_error_ends_with_a_parameter_name()
    {
        // $c.Timeout = [pscustomobject]@{ Read = 3 } (a config file's ConvertFrom-Json) was refused, where -Timeout took
        // it, and $_.Exception.Message of a refused setting ended with .NET's " (Parameter 'Timeout')". A misspelt
        // property is named, for -Timeout too (it was 'Cannot convert value "@{Reed=3}"').
        var result = _ps.Run("""
            $c = New-HttpxClient -Timeout ([pscustomobject]@{ Read = 3 })
            $c.Timeout.ToString()
            $c.Timeout = [pscustomobject]@{ Connect = 2; Pool = $null }; $c.Timeout.ToString()
            try { $c.Timeout = [pscustomobject]@{ Reed = 3 } } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { New-HttpxClient -Timeout ([pscustomobject]@{ Reed = 3 }) } catch { $_.Exception.Message }
            try { $c.Timeout = -1 } catch { $_.Exception.Message }
            try { $c.Auth = 5 } catch { $_.Exception.Message }
            try { $c.EventHooks = @{ X = {} } } catch { $_.Exception.Message }
            Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        var unknown = "Unknown timeout 'Reed': use Connect, Read, Write, Pool (seconds; 0 or $null for no limit).";
        Assert.Equal(new object?[]
        {
            "Timeout(connect=5.0, read=3.0, write=5.0, pool=5.0)", "Timeout(connect=2.0, read=5.0, write=5.0, pool=None)",
            "Httpx.InvalidArgument", unknown,
        }, result.Output.Take(4).Select(o => o.BaseObject).ToArray());
        Assert.EndsWith(unknown, (string)result.Output[4].BaseObject);
        Assert.Equal(new object?[]
        {
            "Invalid timeout -1: give a positive number of seconds, 0 for no limit, or a hashtable such as @{ Connect = 60; Read = 10 }.",
            "-Auth takes an Httpx.Auth (see New-HttpxAuth) or a PSCredential, not System.Int32.",
            "Unknown event hook 'X': use Request and Response, each a scriptblock or a list of them.",
        }, result.Output.Skip(5).Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_refused_setting_is_caught_by_the_type_of_the_engines_refusal()
    {
        // The setters' errors lost .NET's " (Parameter 'Url')" by rethrowing the refusal as a plain ArgumentException:
        // catch [ArgumentNullException] on $r.Url = $null or $r.Method = $null, which matched before, then did not.
        var result = _ps.Run("""
            $r = New-HttpxRequest https://example.org/
            try { $r.Url = $null } catch [ArgumentNullException] { 'url' } catch { 'url: ' + $_.Exception.GetType() }
            try { $r.Method = $null } catch [ArgumentNullException] { 'method' } catch { 'method: ' + $_.Exception.GetType() }
            try { $r.Url = 'http://[bad' } catch [Httpx.InvalidUrlException] { 'invalid url' } catch { 'invalid url: ' + $_.Exception.GetType() }
            try { $r.Url = $null } catch {
                $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category; $_.Exception.Message
                $_.Exception.InnerException.GetType().Name; $_.Exception.GetBaseException().ParamName
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            "url", "method", "invalid url",
            "Httpx.InvalidArgument", "InvalidArgument", "A request's URL cannot be null: assign a URL (a string or an Httpx.Url).",
            "ArgumentNullException", "Url",
        }, result.Output.Select(o => o?.BaseObject).ToArray());
    }

    [Fact]
    public void Client_settings_still_take_null_the_engines_own_objects_and_what_the_parameters_take()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Headers @{ A = '1' } -Params @{ p = 1 } -Timeout 3
            $other = New-HttpxClient -Headers @{ B = '2' } -Timeout 9
            $c.Timeout = [timespan]'0:0:4'; $c.Timeout.ToString()
            $c.Timeout = @{ Connect = 1 }; $c.Timeout.Connect
            $c.Timeout = $other.Timeout; $c.Timeout.ToString()
            $c.Timeout = $null; $c.Timeout.ToString()
            $c.Headers = $other.Headers; $c.Headers['B']
            $c.Headers = $null; $null -eq $c.Headers['A']
            $c.Params = 'x=1&y=2'; $c.Params.ToString()
            $c.Params = $null; $c.Params.ToString()
            $c.Auth = New-HttpxAuth -Bearer -Token tok; $c.Auth.GetType().Name
            $c.Auth = $null; $null -eq $c.Auth
            $c.Cookies = @{ sid = 'abc' }; $c.Cookies['sid']
            $c.EventHooks = $null; $c.EventHooks.ToString()
            $c.DefaultEncoding = 'latin-1'; $c.DefaultEncoding
            $c.DefaultEncoding = $null; $null -eq $c.DefaultEncoding
            $c, $other | Close-HttpxClient
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[]
        {
            "Timeout(timeout=4.0)", 1.0, "Timeout(timeout=9.0)", "Timeout(timeout=None)", "2", true, "x=1&y=2", "", "BearerAuth", true,
            "abc", "EventHooks(request=0, response=0)", "latin-1", true,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Client_settings_still_take_any_number_of_seconds_and_a_list_of_header_pairs()
    {
        // Before the checked setters, PowerShell's own conversion took a byte, short or unsigned count of seconds
        // ([byte]$limit, a UInt32 from a config file) and the engine Headers' own list of pairs; the setters refused them.
        var result = _ps.Run("""
            $c = New-HttpxClient
            $c.Timeout = [byte]3; $c.Timeout.ToString()
            $c.Timeout = [int16]4; $c.Timeout.ToString()
            $c.Timeout = [uint32]5; $c.Timeout.ToString()
            $c.Timeout = [uint64]6; $c.Timeout.ToString()
            $pairs = [Collections.Generic.List[Collections.Generic.KeyValuePair[string, string]]]::new()
            $pairs.Add([Collections.Generic.KeyValuePair[string, string]]::new('X-Trace', 'abc'))
            $c.Headers = $pairs; $c.Headers['X-Trace']
            $c | Close-HttpxClient
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object?[]
        {
            "Timeout(timeout=3.0)", "Timeout(timeout=4.0)", "Timeout(timeout=5.0)", "Timeout(timeout=6.0)", "abc",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Url_properties_still_take_text_a_uri_and_null_where_allowed()
    {
        var result = _ps.Run("""
            $r = New-HttpxRequest https://example.com/
            $r.Url = 'https://u:pw@example.org/a b'; $r.Url.ToRedactedString(); $r.Url.GetType().FullName
            $r.Url = [uri]'http://example.net/x'; $r.Headers['Host']
            try { $r.Url = $null } catch { $_.Exception.GetBaseException().Message }
            $c = New-HttpxClient -BaseUrl https://example.com/v1
            $c.BaseUrl.ToString()
            $c.BaseUrl = 'https://example.org/v2'; $c.BaseUrl.ToString()
            $c.BaseUrl = $null; $null -eq $c.BaseUrl
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "https://u:[secure]@example.org/a%20b", "Httpx.Url", "example.net",
            "A request's URL cannot be null: assign a URL (a string or an Httpx.Url). (Parameter 'Url')",
            "https://example.com/v1/", "https://example.org/v2/", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    // The target is the value refused, not the engine's own parameter name ("url", "path"), and never a password.
    [InlineData("Invoke-Httpx \"$base/get\" -Proxy 'http://u:hunter2@proxy.example:3128/path'", "http://u:[secure]@proxy.example:3128/path")]
    [InlineData("New-HttpxTransport -Proxy 'http://u:hunter2@proxy.example:3128/path'", "http://u:[secure]@proxy.example:3128/path")]
    [InlineData("New-HttpxClient -Proxy 'http://u:hunter2@proxy.example:3128/path'", "http://u:[secure]@proxy.example:3128/path")]
    [InlineData("Invoke-Httpx \"$base/get\" -Verify /nonexistent/ca.pem", "/nonexistent/ca.pem")]
    [InlineData("New-HttpxTransport -Verify /nonexistent/ca.pem", "/nonexistent/ca.pem")]
    // A key that is no URL pattern: that key, not the engine's "pattern" nor nothing.
    [InlineData("New-HttpxClient -Mounts @{ 'all://' = $null; 'https' = (New-HttpxTransport) }", "https")]
    [InlineData("New-HttpxClient -Proxy @{ 'all://10.0.0.0/99' = 'http://127.0.0.1:3128' }", "all://10.0.0.0/99")]
    // A proxy of a -Proxy hashtable that the engine refuses: its route's pattern, the key to fix among many, not the
    // whole hashtable nor the value (a number was named by its type).
    [InlineData("New-HttpxClient -Proxy @{ 'all://' = 'ftp://u:hunter2@proxy.example'; 'all://a.example' = $null }", "all://")]
    [InlineData("Set-HttpxProxy -Client (New-HttpxClient) -Routes @{ 'all://' = 'ftp://u:hunter2@proxy.example'; 'all://a.example' = $null }", "all://")]
    [InlineData("Set-HttpxProxy -Client (New-HttpxClient) -Routes @{ 'all://' = $null; 'all://*.corp' = 3128 }", "all://*.corp")]
    // A key that is no URL at all (the engine's InvalidURL): that key too, not -BaseUrl's value.
    [InlineData("New-HttpxClient -Mounts @{ 'all://' = $null; 'http://host.example:notaport' = $null }", "http://host.example:notaport")]
    public void A_refused_connection_setting_is_the_target_of_its_error(string script, string target)
    {
        var result = _ps.Run($"try {{ {script} }} catch {{ $_ }}");
        var record = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(target, record.TargetObject);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
    }

    [Fact]
    public void A_CA_file_or_folder_holding_no_certificate_is_the_target_of_its_error_on_every_cmdlet()
    {
        // Not the engine's parameter name ("path"), as the missing file's error already had it.
        var result = _ps.Run("""
            $folder = [IO.Directory]::CreateTempSubdirectory('httpx-verify-').FullName
            $file = [IO.Path]::Combine($folder, 'not-a-ca.pem')
            [IO.File]::WriteAllText($file, 'not a certificate')
            try {
                foreach ($bundle in $file, $folder) {
                    if ($bundle -eq $folder) { [IO.File]::Delete($file) }
                    try { Invoke-Httpx "$https/get" -Verify $bundle } catch { $_ }
                    try { New-HttpxClient -Verify $bundle } catch { $_ }
                    try { New-HttpxTransport -Verify $bundle } catch { $_ }
                }
            } finally { [IO.Directory]::Delete($folder, $true) }
            $file; $folder
            """);
        Assert.Empty(result.Errors);
        var (file, folder) = ((string)result.Output[^2].BaseObject, (string)result.Output[^1].BaseObject);
        var records = result.Output.SkipLast(2).Select(o => Assert.IsType<ErrorRecord>(o.BaseObject)).ToArray();
        Assert.Equal(6, records.Length);
        for (var i = 0; i < records.Length; i++)
        {
            var path = i < 3 ? file : folder;
            Assert.StartsWith("Httpx.InvalidArgument,", records[i].FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, records[i].CategoryInfo.Category);
            Assert.Equal(path, records[i].TargetObject);
            Assert.Contains(path, records[i].Exception.Message);
        }
    }

    [Fact]
    public void A_url_shows_no_password_in_strings_and_tables_and_keeps_it_for_the_request()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx (($base -replace '^http://', 'http://u:URLPW@') + '/basic-auth/u/URLPW')
            $r.StatusCode
            "$($r.Url)"
            [string]$r.Request.Url
            $r.Url.ToUnredactedString()
            """);
        Assert.Empty(result.Errors);
        var host = _ps.Server.HttpUrl["http://".Length..];
        Assert.Equal(new object[] { 200, $"http://u:[secure]@{host}/basic-auth/u/URLPW", $"http://u:[secure]@{host}/basic-auth/u/URLPW", $"http://u:URLPW@{host}/basic-auth/u/URLPW" },
            result.Output.Select(o => o.BaseObject).ToArray());
        var table = _ps.Display("""[pscustomobject]@{ Url = (Invoke-Httpx (($base -replace '^http://', 'http://u:URLPW@') + '/get')).Url }""");
        Assert.Contains("u:[secure]@", table);
        Assert.DoesNotContain("u:URLPW@", table);
    }

    [Fact]
    public void A_url_given_in_the_methods_place_says_so_without_its_password()
    {
        // HTTPX's order (method, then URL) given to a cmdlet that takes the URL first.
        var result = _ps.Run("""Invoke-Httpx POST 'http://user:hunter2@127.0.0.1:1/x'""");
        var error = Assert.Single(result.Errors);
        Assert.Contains("this is a URL", error.Exception.Message);
        Assert.DoesNotContain("hunter2", error.ToString());
        Assert.DoesNotContain("hunter2", error.Exception.Message);
    }

    [Fact]
    public void An_error_in_a_users_scriptblock_is_a_ScriptBlockError_with_the_users_message_and_category()
    {
        var result = _ps.Run("""
            $hook = New-HttpxClient -OnRequest { param($r) throw 'no hook today' }
            $written = New-HttpxClient -OnResponse { param($r) throw [System.Management.Automation.ErrorRecord]::new([Exception]::new('bad data'), 'Bad', 'InvalidData', $r) }
            $mock = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) throw 'no mock today' })
            $timeout = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) throw [Httpx.ConnectTimeoutException]::new('slow') })
            Invoke-Httpx "$base/get" -Client $hook
            Invoke-Httpx "$base/get" -Client $written
            Invoke-Httpx https://example.org/ -Client $mock
            Invoke-Httpx https://example.org/ -Client $timeout
            """);
        Assert.Equal(
            new[]
            {
                ("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", ErrorCategory.OperationStopped, "no hook today"),
                ("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", ErrorCategory.InvalidData, "bad data"),
                ("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", ErrorCategory.OperationStopped, "no mock today"),
                ("Httpx.ConnectTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand", ErrorCategory.OperationTimeout, "slow"),
            },
            result.Errors.Select(e => (e.FullyQualifiedErrorId, e.CategoryInfo.Category, e.Exception.Message)).ToArray());
        Assert.Equal($"{_ps.Server.HttpUrl}/get", result.Errors[0].TargetObject);
    }

    [Fact]
    public void A_users_scriptblock_that_uses_break_continue_or_exit_fails_its_request_saying_so_and_the_others_go_on()
    {
        // PowerShell's own message for these was "System error.", category NotSpecified. A hook has no loop of the
        // caller's to leave and cannot end the script from a request: the request fails, naming the keyword.
        var result = _ps.Run("""
            $break = New-HttpxClient -OnRequest { break }
            $continue = New-HttpxClient -OnResponse { continue }
            $exit = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) exit 3 })
            $done = 0
            foreach ($c in $break, $continue, $exit) { Invoke-Httpx "$base/get" -Client $c; $done++ }
            $done
            """);
        Assert.Equal(new object[] { 3 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, e.CategoryInfo.Category);
            Assert.Equal($"{_ps.Server.HttpUrl}/get", e.TargetObject);
            Assert.Contains("'return'", e.Exception.Message);
        });
        Assert.Contains("used 'break'", result.Errors[0].Exception.Message);
        Assert.Contains("used 'continue'", result.Errors[1].Exception.Message);
        Assert.Contains("used 'exit 3'", result.Errors[2].Exception.Message);
    }

    [Fact]
    public void Verbose_shows_the_exchange_like_httpx_v_with_secrets_redacted()
    {
        var url = _ps.Server.HttpUrl.Replace("http://", "http://user:hunter2@");
        var result = _ps.Run($$"""
            $null = Invoke-Httpx '{{url}}/get' -Headers @{ Authorization = 'Bearer s3cret'; Cookie = 'sid=abc123' } -Verbose
            """);
        Assert.Empty(result.Errors);
        Assert.Contains("> GET /get HTTP/1.1", result.Verbose);
        Assert.Contains("< HTTP/1.1 200 OK", result.Verbose);
        Assert.Contains(result.Verbose, line => line.StartsWith("> Authorization: "));
        var all = string.Join("\n", result.Verbose);
        Assert.DoesNotContain("s3cret", all);
        Assert.DoesNotContain("hunter2", all);
        Assert.DoesNotContain("abc123", all);
    }

    [Fact]
    public void Verbose_masks_an_api_key_or_token_given_in_a_custom_header()
    {
        // An ops job's log, with the keys APIs take in headers of their own; the server's echo is not shown by -Verbose.
        var result = _ps.Run("""
            $null = Invoke-Httpx "$base/get" -Headers @{ 'X-API-Key' = 'k3y-abc'; 'PRIVATE-TOKEN' = 'glpat-xyz'; 'X-Request-Id' = 'r-42' } -Verbose
            """);
        Assert.Empty(result.Errors);
        Assert.Contains("> X-API-Key: [secure]", result.Verbose);
        Assert.Contains("> PRIVATE-TOKEN: [secure]", result.Verbose);
        Assert.Contains("> X-Request-Id: r-42", result.Verbose);
        var all = string.Join("\n", result.Verbose);
        Assert.DoesNotContain("k3y-abc", all);
        Assert.DoesNotContain("glpat-xyz", all);
    }

    [Fact]
    public void Verbose_over_http2_names_headers_in_lower_case_as_httpx_v_does()
    {
        var result = _ps.Run("""
            $null = Invoke-Httpx "$https/get" -Http2 -Verify $ca -Headers @{ 'X-Mixed-Case' = 'v'; Authorization = 'Bearer s3cret' } -Verbose
            """);
        Assert.Empty(result.Errors);
        Assert.Contains("> GET /get HTTP/2", result.Verbose);
        Assert.Contains("> x-mixed-case: v", result.Verbose);
        Assert.Contains("> authorization: [secure]", result.Verbose);
        Assert.Contains("< HTTP/2 200 OK", result.Verbose);
        Assert.Contains("< content-type: application/json", result.Verbose);
        Assert.DoesNotContain("s3cret", string.Join("\n", result.Verbose));
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file")]
    [InlineData("reports/latest")]
    public void Verbose_shows_no_request_head_for_a_URL_no_transport_takes(string url)
    {
        // An unsupported scheme, or a URL with none (a variable left empty in "$base/reports"), is refused before any
        // connection: -Verbose showed a request head ('> GET reports/latest HTTP/1.1', no Host) for a request that never went out.
        var result = _ps.Run($$"""$null = Invoke-Httpx '{{url}}' -Verbose""");
        Assert.StartsWith("Httpx.UnsupportedProtocol,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain(result.Verbose, line => line.StartsWith("> ", StringComparison.Ordinal));
    }

    [Fact]
    public void Verbose_shows_a_request_that_failed_on_an_HTTP_2_only_client_as_HTTP_2()
    {
        // A request that got no response is shown as it went out: over HTTP/2 when the client speaks nothing else
        // (-Http2 -NoHttp1), not as an HTTP/1.1 request with HTTP/1.1 header casing.
        var result = _ps.Run("""
            $c = New-HttpxClient -Http2 -NoHttp1
            $null = Invoke-Httpx "$base/get" -Client $c -Verbose
            """);
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Contains("> GET /get HTTP/2", result.Verbose);
        Assert.Contains(result.Verbose, line => line.StartsWith("> host: ", StringComparison.Ordinal));
        Assert.DoesNotContain("> GET /get HTTP/1.1", result.Verbose);
    }

    [Fact]
    public void Verbose_shows_an_answered_request_once_when_its_status_then_fails_the_call()
    {
        // -RaiseForStatus fails the call after the response came: its request head went out with the response's, and is
        // not written a second time as a request that got no response.
        var result = _ps.Run("""$null = Invoke-Httpx "$base/status/404" -RaiseForStatus -Verbose""");
        Assert.StartsWith("Httpx.HTTPStatusError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Single(result.Verbose, v => v == "> GET /status/404 HTTP/1.1");
        Assert.StartsWith("< ", result.Verbose[^1]);
    }

    [Fact]
    public void Verbose_escapes_control_characters_a_server_sends_in_its_status_line_and_headers()
    {
        // A hostile or broken server's ESC, BEL, backspace or C1 CSI (0x9b) would reach the console raw: clear the
        // screen, set the window title, recolour or overwrite what was printed. Shown escaped, as \xNN.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$raw/control-header" -Verbose
            $r.Headers['X-Evil']
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("a\u001b]0;pwned\u0007b\bc\u009b31md", result.Output.Single().BaseObject);   // the value itself is intact
        Assert.Contains("< HTTP/1.1 200 OK\\x1b[2J", result.Verbose);
        Assert.Contains("< X-Evil: a\\x1b]0;pwned\\x07b\\x08c\\x9b31md", result.Verbose);
        Assert.DoesNotContain(result.Verbose, line => line.Any(c => char.IsControl(c)));
    }

    [Fact]
    public void Headers_as_text_never_show_secrets()
    {
        // PowerShell turns a collection into text by joining its items: each header masks a secret value itself.
        var result = _ps.Run("""
            $c = New-HttpxClient -Headers @{ Authorization = 'Bearer s3cret'; 'X-Trace' = 'seen' }
            $r = Invoke-Httpx "$base/get" -Client $c -Cookies @{ sid = 'abc123' }
            "$($c.Headers)"
            "$($r.Request.Headers)"
            $r.Request.Headers['Authorization']
            """);
        Assert.Empty(result.Errors);
        var text = result.Output.Select(o => o.BaseObject.ToString() ?? "").ToList();
        Assert.Contains("Authorization: [secure]", text[0]);
        Assert.Contains("X-Trace: seen", text[0]);
        Assert.Contains("Cookie: [secure]", text[1]);
        Assert.DoesNotContain("s3cret", text[0] + text[1]);
        Assert.DoesNotContain("abc123", text[1]);
        Assert.Equal("Bearer s3cret", text[2]);   // read by name, the value is intact
    }

    [Fact]
    public void No_verbose_output_without_Verbose()
    {
        // The request must have been made: a call that failed before it, with no verbose output either, passed.
        var result = _ps.Run("""(Invoke-Httpx "$base/get").StatusCode""");
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Empty(result.Verbose);
    }

    [Fact]
    public void A_url_that_does_not_parse_is_redacted_in_the_error_target()
    {
        var result = _ps.Run("Invoke-Httpx 'https://ada:s3cret@example.org:99999/'");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidURL" + Suffix, error.FullyQualifiedErrorId);
        Assert.DoesNotContain("s3cret", error.TargetObject?.ToString() ?? "");
        Assert.DoesNotContain("s3cret", error.CategoryInfo.TargetName);
        Assert.DoesNotContain("s3cret", error.Exception.Message);
    }

    [Theory]
    // PowerShell's conversion reported them as 'Cannot convert value "System.Collections.Hashtable" to type
    // "Httpx.PowerShell.HttpxTimeout"' (CannotConvertArgumentNoMessage), ending with .NET's " (Parameter 'Timeout')".
    [InlineData("Invoke-Httpx", "@{ Conect = 3 }", "Unknown timeout 'Conect': use Connect, Read, Write, Pool (seconds; 0 or $null for no limit).")]
    [InlineData("Invoke-Httpx", "-1", "Invalid timeout -1: give a positive number of seconds, 0 for no limit, or a hashtable such as @{ Connect = 60; Read = 10 }.")]
    [InlineData("Invoke-Httpx", "'abc'", "Invalid timeout 'abc': give seconds (a number) or a hashtable such as @{ Connect = 60; Read = 10 }.")]
    [InlineData("Invoke-Httpx", "@{ Read = 'x' }", "Invalid timeout Read='x': give seconds as a number.")]
    // A decimal comma, as a German or French user writes 1.5: PowerShell's conversion took @{ Read = '1,5' } as 15 s.
    [InlineData("Invoke-Httpx", "'1,5'", "Invalid timeout '1,5': give seconds (a number with a decimal point: 1.5, not 1,5) or a hashtable such as @{ Connect = 60; Read = 10 }.")]
    [InlineData("Invoke-Httpx", "@{ Read = '1,5' }", "Invalid timeout Read='1,5': give seconds as a number with a decimal point: 1.5, not 1,5.")]
    // The same comma without quotes is a list to PowerShell: @{ Read = 1,5 } read "Invalid timeout Read='System.Object[]'".
    [InlineData("Invoke-Httpx", "@{ Read = 1,5 }", "Invalid timeout Read=1, 5: give one number of seconds (1,5 is a list of two numbers to PowerShell: write 1.5).")]
    [InlineData("New-HttpxClient", "@{ Read = 1,2,3 }", "Invalid timeout Read=1, 2, 3: give one number of seconds.")]
    [InlineData("New-HttpxRequest", "@{ Write = -2 }", "Invalid timeout Write=-2: use a positive number of seconds, or 0 for no limit.")]
    [InlineData("New-HttpxClient", "@{ Conect = 3 }", "Unknown timeout 'Conect': use Connect, Read, Write, Pool (seconds; 0 or $null for no limit).")]
    // The key is checked before its value: a misspelt key with a bad value was named as a value ("Invalid timeout
    // Conect=-1"), and a 'Timeout' key as the whole parameter ("Invalid timeout -1: ... or a hashtable such as ...").
    [InlineData("New-HttpxClient", "@{ Conect = -1 }", "Unknown timeout 'Conect': use Connect, Read, Write, Pool (seconds; 0 or $null for no limit).")]
    [InlineData("Invoke-Httpx", "@{ Timeout = -1 }", "Unknown timeout 'Timeout': use Connect, Read, Write, Pool (seconds; 0 or $null for no limit).")]
    [InlineData("New-HttpxRequest", "@{ Reed = 'x' }", "Unknown timeout 'Reed': use Connect, Read, Write, Pool (seconds; 0 or $null for no limit).")]
    public void A_bad_timeout_is_a_binding_error_ending_with_what_is_wrong_and_what_is_taken(string command, string value, string message)
    {
        var uri = command == "New-HttpxClient" ? "" : "\"$base/get\"";
        var result = _ps.Run($$"""
            try { $null = {{command}} {{uri}} -Timeout {{value}} } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }
            """);
        var output = result.Output.Select(o => o.BaseObject as string).ToArray();
        Assert.Equal(3, output.Length);
        Assert.StartsWith("ParameterArgumentTransformationError,", output[0]);
        Assert.Equal("InvalidData", output[1]); // PowerShell's category for a transformation error (-Certificate's too)
        Assert.StartsWith("Cannot process argument transformation on parameter 'Timeout'.", output[2]);
        Assert.EndsWith(" " + message, output[2]);
    }

    [Theory]
    // A compact JSON error with an address in it was one word to the password finder, taken as curl's
    // 'user:password@host': '{"code":[secure]@corp.com"}' hid the very error the excerpt is there to show.
    [InlineData("{\"code\":\"INVALID_EMAIL\",\"field\":\"email\",\"value\":\"bob@corp.com\"}", "{\"code\":\"INVALID_EMAIL\",\"field\":\"email\",\"value\":\"bob@corp.com\"}")]
    [InlineData("{\"errors\":{\"email\":[\"bob@corp.com is taken\"]}}", "{\"errors\":{\"email\":[\"bob@corp.com is taken\"]}}")]
    // A URL the page quotes keeps its password masked, in JSON, in HTML, or bare.
    [InlineData("{\"location\":\"http://ops:hunter2@elsewhere.invalid/x\"}", "{\"location\":\"http://ops:[secure]@elsewhere.invalid/x\"}")]
    [InlineData("<a href=\"http://ops:hunter2@h.invalid/\">http://ops:hunter2@h.invalid/</a>", "<a href=\"http://ops:[secure]@h.invalid/\">http://ops:[secure]@h.invalid/</a>")]
    [InlineData("proxy ops:hunter2@proxy.invalid refused", "proxy ops:[secure]@proxy.invalid refused")]
    public void A_status_errors_body_excerpt_masks_quoted_passwords_and_keeps_the_rest_of_the_page(string body, string shown) =>
        Assert.Equal(shown, StatusErrorExcerpt(422, body));

    // The body excerpt that ends the error line of a status error whose page is body: what follows its URL.
    private string StatusErrorExcerpt(int status, string body)
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse $status -Content ([Text.Encoding]::UTF8.GetBytes($body)) })
            Invoke-Httpx 'http://api.invalid/users' -Client $c -As Json -ErrorVariable e -ErrorAction SilentlyContinue
            "$($e[0])"
            """, new Dictionary<string, object?> { ["status"] = status, ["body"] = body });
        var message = Assert.IsType<string>(Assert.Single(result.Output).BaseObject);
        const string head = " from GET http://api.invalid/users: ";
        Assert.Contains(head, message);
        return message[(message.IndexOf(head, StringComparison.Ordinal) + head.Length)..];
    }

    [Fact]
    public void A_status_errors_body_excerpt_is_the_first_300_characters_of_a_long_page()
    {
        // A long error page (an HTML stack trace) is cut at 300 characters and marked as cut, not shown whole in the
        // error line of every failed item.
        var body = new string('a', 250) + new string('b', 150);
        Assert.Equal(new string('a', 250) + new string('b', 50) + "\u2026", StatusErrorExcerpt(500, body));
    }

    [Fact]
    public void A_request_body_whose_file_or_stream_fails_while_sent_is_a_ReadError_naming_it_and_the_URL()
    {
        // The engine lets the source's exception through, as HTTPX does; its record was Httpx.FileError, WriteError
        // (a network write, as it read), with the source's bare message ("Input/output error"), naming neither the
        // file nor the URL. Now a ReadError of the user's source, naming both, the source's exception kept within.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-failing-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, new byte[300_000]);
        try
        {
            using var file = new FailingFile(path, goodReads: 2);
            var result = _ps.Run("""
                Invoke-Httpx "$base/upload-size" -Method PUT -Content $stream
                Invoke-Httpx "$base/upload-size?n=2" -Method PUT -Content $file
                (Invoke-Httpx "$base/get").StatusCode
                """, new Dictionary<string, object?> { ["stream"] = new FailingStream(goodReads: 3), ["file"] = file });
            Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
            Assert.Equal(2, result.Errors.Count);
            var (stream, read) = (result.Errors[0], result.Errors[1]);
            foreach (var error in result.Errors)
            {
                Assert.Equal("Httpx.RequestBodyReadError" + Suffix, error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
                Assert.IsAssignableFrom<IOException>(error.Exception);
                Assert.Equal("Input/output error", error.Exception.InnerException!.Message);
            }
            Assert.Equal(_ps.Server.HttpUrl + "/upload-size", stream.TargetObject);
            Assert.Equal($"Could not read the request body from stream {typeof(FailingStream).FullName} while sending it (PUT {_ps.Server.HttpUrl}/upload-size): Input/output error", stream.ToString());
            Assert.Equal(_ps.Server.HttpUrl + "/upload-size?n=2", read.TargetObject);
            Assert.Equal($"Could not read the request body from file '{path}' while sending it (PUT {_ps.Server.HttpUrl}/upload-size?n=2): Input/output error", read.ToString());
            Assert.IsType<IOException>(read.Exception.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_multipart_file_that_fails_while_sent_is_the_same_ReadError_naming_the_file_and_its_field()
    {
        // -Files: a stream whose Read throws, a file that cannot be read half-way (in a hashtable with FileName), a
        // path removed after the command checked it (a client's hook removes it before the request goes): each was
        // "Could not read the request body from a file of the multipart form", naming neither the file nor the field.
        var folder = Directory.CreateTempSubdirectory("httpx-files-");
        var path = Path.Combine(folder.FullName, "failing.bin");
        var gone = Path.Combine(folder.FullName, "gone.txt");
        File.WriteAllBytes(path, new byte[300_000]);
        File.WriteAllText(gone, "gone");
        try
        {
            using var file = new FailingFile(path, goodReads: 2);
            var result = _ps.Run("""
                Invoke-Httpx "$base/upload-size" -Method PUT -Files @{ backup = $stream }
                Invoke-Httpx "$base/upload-size?n=2" -Method PUT -Files @{ doc = @{ Content = $file; FileName = 'report.bin' } } -Data @{ a = '1' }
                $client = New-HttpxClient -OnRequest { [IO.File]::Delete($gone) }
                Invoke-Httpx "$base/upload-size?n=3" -Method PUT -Client $client -Files ([ordered]@{ first = [byte[]](1, 2); report = $gone })
                (Invoke-Httpx "$base/get").StatusCode
                """, new Dictionary<string, object?> { ["stream"] = new FailingStream(goodReads: 3), ["file"] = file, ["gone"] = gone });
            Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
            Assert.Equal(3, result.Errors.Count);
            foreach (var error in result.Errors)
            {
                Assert.Equal("Httpx.RequestBodyReadError" + Suffix, error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
                Assert.IsAssignableFrom<IOException>(error.Exception);
                Assert.NotNull(error.Exception.InnerException);
            }
            var url = _ps.Server.HttpUrl + "/upload-size";
            Assert.Equal(url, result.Errors[0].TargetObject);
            Assert.Equal($"Could not read the request body from stream {typeof(FailingStream).FullName} (field 'backup' of the multipart form) while sending it (PUT {url}): Input/output error", result.Errors[0].ToString());
            Assert.Equal($"Could not read the request body from file '{path}' (field 'doc' of the multipart form) while sending it (PUT {url}?n=2): Input/output error", result.Errors[1].ToString());
            Assert.Equal(url + "?n=3", result.Errors[2].TargetObject);
            Assert.Equal($"Could not read the request body from file '{gone}' (field 'report' of the multipart form) while sending it (PUT {url}?n=3): Could not find file '{gone}'.", result.Errors[2].ToString());
            Assert.IsType<FileNotFoundException>(result.Errors[2].Exception.InnerException);

            // Gone before the command starts: it stops, naming the field and the path, before any request.
            var missing = _ps.Run("""
                try { Invoke-Httpx "$base/upload-size" -Method PUT -Files @{ report = $gone }; 'not reached' }
                catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); "$_" }
                """, new Dictionary<string, object?> { ["gone"] = gone });
            Assert.Equal(new object[]
            {
                "Httpx.InvalidArgument" + Suffix, "InvalidArgument", $"-Files 'report': file '{gone}' does not exist.",
            }, missing.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_Files_file_that_grows_before_it_is_sent_is_a_LocalProtocolError_naming_it_its_field_and_the_URL()
    {
        // A live log among the files: measured when the command starts, longer when sent (a client's hook appends to it).
        // The error named "the request body <stream of N bytes>", not the file nor its field.
        var folder = Directory.CreateTempSubdirectory("httpx-grow-");
        try
        {
            var log = Path.Combine(folder.FullName, "live.log");
            File.WriteAllText(log, "abc");
            var result = _ps.Run("""
                $client = New-HttpxClient -OnRequest { [IO.File]::AppendAllText($log, 'def') }
                try { Invoke-Httpx "$base/upload-size" -Method PUT -Client $client -Files ([ordered]@{ first = [byte[]](1, 2); log = $log }) }
                finally { Close-HttpxClient $client }
                """, new Dictionary<string, object?> { ["log"] = log });
            var error = Assert.Single(result.Errors);
            Assert.Equal("Httpx.LocalProtocolError" + Suffix, error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ProtocolError, error.CategoryInfo.Category);
            Assert.Equal($"Too much data for the declared Content-Length: file '{log}' (field 'log' of the multipart form) grew while it was sent, past the 3 bytes measured when the request was built; nothing more was sent (PUT {_ps.Server.HttpUrl}/upload-size)", error.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_request_body_whose_stream_fails_while_read_first_for_digest_auth_is_the_same_ReadError()
    {
        // Digest auth reads a stream into memory before the first request, to send it again after the challenge: its
        // failure there was Httpx.FileError, WriteError, naming neither the stream nor the URL.
        var result = _ps.Run("""
            Invoke-Httpx "$base/upload-size" -Method PUT -Content $stream -Auth (New-HttpxAuth -Digest -UserName ada -Password s3cret)
            """, new Dictionary<string, object?> { ["stream"] = new FailingStream(goodReads: 3) });
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RequestBodyReadError" + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Equal(_ps.Server.HttpUrl + "/upload-size", error.TargetObject);
        Assert.Equal($"Could not read the request body from stream {typeof(FailingStream).FullName} while sending it (PUT {_ps.Server.HttpUrl}/upload-size): Input/output error", error.ToString());
    }

    [Fact]
    public void A_request_body_read_error_carries_the_item_as_piped_too()
    {
        // The record's exception is then one made for it (RequestBodyReadException), not the one the item failed with:
        // the piped row went with the inner one only.
        var result = _ps.Run("""
            [pscustomobject]@{ Name = 'web1'; Url = "$base/upload-size" } | Invoke-Httpx -Method PUT -Content $stream -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId.Split(',')[0]
            $failed[0].Exception.Data['Httpx.InputObject'].Name
            """, new Dictionary<string, object?> { ["stream"] = new FailingStream(goodReads: 3) });
        Assert.Equal(new object[] { "Httpx.RequestBodyReadError", "web1" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    /// <summary>A file on a failing disk: its reads fail after <c>goodReads</c> chunks.</summary>
    private sealed class FailingFile(string path, int goodReads) : FileStream(path, FileMode.Open, FileAccess.Read)
    {
        private int _reads;
        public override int Read(byte[] buffer, int offset, int count) =>
            ++_reads > goodReads ? throw new IOException("Input/output error") : base.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_reads > goodReads ? ValueTask.FromException<int>(new IOException("Input/output error")) : base.ReadAsync(buffer, cancellationToken);
    }
}
