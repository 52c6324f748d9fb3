namespace Httpx.PowerShell.Tests;

/// <summary>
/// Redirects from PowerShell (HTTPX's tests/client/test_redirects.py as a user meets them): off by default with the
/// 3xx and its NextRequest written, -FollowRedirects with History, -MaxRedirects, https → http refused unless
/// -AllowInsecureRedirect, Authorization dropped across origins; per call also with -Client and with built requests.
/// </summary>
public sealed class RedirectTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public RedirectTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void A_status_errors_body_excerpt_masks_a_password_the_server_quotes()
    {
        // The test server's redirect answers with {"location": "<url>"}: a page that quotes the request's URL with its
        // password, as an echo or an error page may.
        var result = _ps.Run("""
            Invoke-Httpx "$base/redirect-to?url=http://ops:hunter2@elsewhere.invalid/x" -As Json -ErrorVariable e -ErrorAction SilentlyContinue
            "$($e[0])"
            """);
        var shown = Assert.IsType<string>(Assert.Single(result.Output).BaseObject);
        // The request's own URL holds the text in its query (not a password there); the page's copy is masked.
        var excerpt = shown[(shown.LastIndexOf("not followed", StringComparison.Ordinal))..];
        Assert.Contains("{\"location\":", excerpt);
        Assert.Contains("[secure]", excerpt);
        Assert.DoesNotContain("hunter2", excerpt);
    }

    [Fact]
    public void Without_FollowRedirects_the_3xx_is_written_with_its_NextRequest_and_no_error()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/redirect/2"
            $r.StatusCode; $r.IsRedirect; $r.NextRequest.Method; $r.NextRequest.Url.Path
            $r.NextRequest | Invoke-Httpx | ForEach-Object { $_.NextRequest.Url.Path }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 302, true, "GET", "/redirect/1", "/get" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_redirect_not_followed_is_a_status_error_when_the_body_is_asked_for_unless_SkipHttpErrorCheck()
    {
        // -As, -Stream and -Download ask for the answer's body: a 3xx's body is not it. -As Json wrote the redirect's
        // own body ({"location":"/json"}, or $null for an empty one) as if it were the resource, where -Download and
        // Invoke-RestMethod -MaximumRedirection 0 raise for it.
        var result = _ps.Run("""
            Invoke-Httpx "$base/redirect-to?url=/json" -As Json -ErrorVariable e1 -ErrorAction SilentlyContinue
            Invoke-Httpx "$base/redirect-to?url=/json" -As Text -ErrorVariable e2 -ErrorAction SilentlyContinue
            Invoke-Httpx "$base/redirect-to?url=/json" -Stream Lines -ErrorVariable e3 -ErrorAction SilentlyContinue
            foreach ($e in $e1, $e2, $e3) { $e[0].FullyQualifiedErrorId.Split(',')[0]; $e[0].Exception.Response.StatusCode }
            $e1[0].Exception.Message.Contains("Redirect location: '/json'")
            (Invoke-Httpx "$base/redirect-to?url=/json" -As Json -SkipHttpErrorCheck).location
            (Invoke-Httpx "$base/redirect-to?url=/json" -As Json -FollowRedirects).GetType().Name
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
            {
                "Httpx.HTTPStatusError", 302, "Httpx.HTTPStatusError", 302, "Httpx.HTTPStatusError", 302, true, "/json",
                "PSCustomObject",
            }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void The_error_shown_for_a_redirect_not_followed_names_where_it_points_and_how_to_follow_it()
    {
        // What the console shows is the record's message, "302 Found from GET <url>" and the body: for a redirect with
        // an empty body nothing said it was one not followed, where it pointed, or that -FollowRedirects follows it. A
        // password in the Location is hidden, as in the exception's own message (this server also echoes it in the body).
        var result = _ps.Run("""
            try { Invoke-Httpx "$base/redirect-to?url=http%3A%2F%2Fuser%3As3cret%40example.test%2Fjson" -As Json -ErrorAction Stop } catch { "$_" }
            try { Invoke-Httpx "$base/redirect-to?url=/json" -Download ([IO.Path]::Combine([IO.Path]::GetTempPath(), 'httpx-redirect-not-saved.bin')) -ErrorAction Stop } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        var shown = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(2, shown.Length);
        Assert.Contains("a redirect to 'http://user:[secure]@example.test/json', not followed: add -FollowRedirects to follow it", shown[0]);
        Assert.Contains("a redirect to '/json', not followed: add -FollowRedirects to follow it", shown[1]);
    }

    [Fact]
    public void A_redirect_whose_Location_is_no_URL_is_written_when_not_followed_and_its_error_says_why()
    {
        // HTTPX raises on a malformed Location before it looks at follow_redirects (encode/httpx#3706): the 3xx was lost.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/redirect-to?url=http%3A%2F%2F%5Bbad"
            $r.StatusCode; $r.Headers['Location']; $null -eq $r.NextRequest
            try { Invoke-Httpx "$base/redirect-to?url=http%3A%2F%2F%5Bbad" -As Json -ErrorAction Stop } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { 302, "http://[bad", true }, output[..3]);
        Assert.Contains("a redirect to 'http://[bad', not followed: its Location is no URL that can be followed", (string)output[3]);
    }

    [Fact]
    public void A_Location_that_is_empty_twice_in_another_scheme_or_a_loop_is_an_error_that_names_it()
    {
        var result = _ps.Run("""
            foreach ($q in 'url=', 'url=%2Fget&url=%2Fanything', 'url=file%3A%2F%2F%2Fetc%2Fpasswd', 'url=%23again') {
                Invoke-Httpx "$base/redirect-to?$q" -FollowRedirects -MaxRedirects 2 -ErrorVariable e -ErrorAction SilentlyContinue
                $e[0].FullyQualifiedErrorId.Split(',')[0]; $e[0].Exception.Message
            }
            """);
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(8, output.Length);
        Assert.Equal("Httpx.RemoteProtocolError", output[0]);
        Assert.Equal("The Location header of a 302 redirect is empty: there is no URL to follow.", output[1]);
        Assert.Equal("Httpx.RemoteProtocolError", output[2]);
        Assert.Equal("The 302 redirect has 2 different Location headers, '/get' and '/anything': which one to follow is not known.", output[3]);
        Assert.Equal("Httpx.UnsupportedProtocol", output[4]);
        Assert.Equal("The 302 redirect points to 'file:///etc/passwd', in the 'file:' scheme, which is not sent: only http and https are.", output[5]);
        Assert.Equal("Httpx.TooManyRedirects", output[6]);
        Assert.EndsWith("/redirect-to?url=%23again, which had redirected it already: a redirect loop.", output[7]);
    }

    [Fact]
    public void One_redirect_back_to_the_same_URL_is_not_called_a_loop()
    {
        // The limit (0) is reached before the second request is sent: a server that sets a cookie and redirects to
        // itself would answer it. Only a URL that redirected away twice is a loop.
        var result = _ps.Run("""
            Invoke-Httpx "$base/redirect-to?url=%23again" -FollowRedirects -MaxRedirects 0 -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId.Split(',')[0]; $e[0].Exception.Message.Contains('loop')
            """);
        Assert.Equal(new object[] { "Httpx.TooManyRedirects", false }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_backslash_in_a_Location_stays_on_the_host_where_browsers_would_leave_it()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/redirect-to?url=%2F%5Cevil.example" -FollowRedirects
            $r.Url.Host; $r.Url.Path; $r.History.Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "127.0.0.1", "/\\evil.example", 1 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void FollowRedirects_writes_the_final_response_with_every_hop_in_History()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/redirect/3" -FollowRedirects
            $r.StatusCode; $r.Url.Path; $r.History.Count
            ($r.History | ForEach-Object { "$($_.StatusCode) $($_.Url.Path)" }) -join ', '
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, "/get", 3, "302 /redirect/3, 302 /redirect/2, 302 /redirect/1" },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_client_follows_by_default_when_made_with_FollowRedirects_and_a_call_can_turn_it_off()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -FollowRedirects
            (Invoke-Httpx '/redirect/1' -Client $c).StatusCode
            (Invoke-Httpx '/redirect/1' -Client $c -FollowRedirects:$false).StatusCode
            Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, 302 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void MaxRedirects_exceeded_is_a_TooManyRedirects_error_per_call_with_or_without_a_client()
    {
        var result = _ps.Run("""
            Invoke-Httpx "$base/redirect/5" -FollowRedirects -MaxRedirects 2 -ErrorVariable e1 -ErrorAction SilentlyContinue
            $e1[0].FullyQualifiedErrorId; $e1[0].CategoryInfo.Category.ToString(); $e1[0].Exception.Message
            $c = New-HttpxClient -FollowRedirects
            Invoke-Httpx "$base/redirect/5" -Client $c -MaxRedirects 1 -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId
            (Invoke-Httpx "$base/redirect/5" -Client $c).History.Count
            New-HttpxRequest "$base/redirect/5" | Invoke-Httpx -Client $c -MaxRedirects 1 -ErrorVariable e3 -ErrorAction SilentlyContinue
            $e3[0].FullyQualifiedErrorId
            Close-HttpxClient $c
            """);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal("Httpx.TooManyRedirects,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Equal("LimitsExceeded", output[1]);
        // The URL named is the redirect refused, which was never requested: /redirect/5, 4 and 3 were.
        Assert.Equal($"Exceeded the maximum of 2 redirects (the next, not sent: GET {_ps.Server.HttpUrl}/redirect/2).", output[2]);
        Assert.Equal("Httpx.TooManyRedirects,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[3]);
        Assert.Equal(5, output[4]);
        Assert.Equal("Httpx.TooManyRedirects,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[5]);
    }

    [Fact]
    public void MaxRedirects_without_anything_that_follows_redirects_is_refused_before_sending()
    {
        // It was ignored: the 302 came back as if -MaxRedirects had not been given.
        var result = _ps.Run("""
            Invoke-Httpx "$base/redirect/1" -MaxRedirects 3
            $c = New-HttpxClient
            Invoke-Httpx "$base/redirect/1" -Client $c -MaxRedirects 3
            $f = New-HttpxClient -FollowRedirects
            (Invoke-Httpx "$base/redirect/1" -Client $f -MaxRedirects 3).StatusCode
            (Invoke-Httpx "$base/redirect/1" -MaxRedirects 3 -FollowRedirects:$false).StatusCode
            # With auth it also limits an auth flow's retries, redirects or not.
            $retry = New-HttpxAuth -ScriptBlock { param($Request, $Response) if (-not $Response) { $Request } elseif ($Response.StatusCode -eq 401) { $Request } }
            Invoke-Httpx "$base/status/401" -Auth $retry -MaxRedirects 2 -ErrorAction SilentlyContinue -ErrorVariable loop
            $loop[0].FullyQualifiedErrorId
            Close-HttpxClient $c, $f
            """);
        Assert.Equal(new object[] { 200, 302, "Httpx.TooManyRedirects,Httpx.PowerShell.Commands.InvokeHttpxCommand" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("Httpx.InvalidArgument,", e.FullyQualifiedErrorId);
            Assert.Equal("MaxRedirects", e.TargetObject);
            Assert.Contains("-MaxRedirects 3", e.Exception.Message);
            Assert.Contains("add -FollowRedirects", e.Exception.Message);
        });
    }

    [Fact]
    public void MaximumRedirection_of_Invoke_WebRequest_is_MaxRedirects_and_its_0_says_to_leave_it_out()
    {
        // Invoke-WebRequest's -MaximumRedirection was 'A parameter cannot be found'. As an alias of -MaxRedirects it
        // limits -FollowRedirects; without it, 5 gets the advice to add -FollowRedirects, and 0 (Invoke-WebRequest's way
        // to get the 3xx itself) the advice to leave it out, where 'add -FollowRedirects' would only give TooManyRedirects.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/redirect/2" -MaximumRedirection 5 -FollowRedirects).StatusCode
            Invoke-Httpx "$base/redirect/3" -MaximumRedirection 1 -FollowRedirects -ErrorAction SilentlyContinue -ErrorVariable many
            $many[0].FullyQualifiedErrorId
            foreach ($limit in 5, 0) {
                try { Invoke-Httpx "$base/redirect/1" -MaximumRedirection $limit; 'not refused' }
                catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }
            (Invoke-Httpx "$base/redirect/1").StatusCode
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(7, output.Length);
        Assert.Equal(200, output[0]);
        Assert.Equal("Httpx.TooManyRedirects,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[1]);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[2]);
        Assert.Contains("-MaxRedirects 5 limits the redirects that -FollowRedirects follows", (string)output[3]);
        Assert.Contains("add -FollowRedirects", (string)output[3]);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[4]);
        Assert.Contains("leave it out to get the 3xx response itself (Invoke-WebRequest's -MaximumRedirection 0)", (string)output[5]);
        Assert.DoesNotContain("add -FollowRedirects", (string)output[5]);
        Assert.Equal(302, output[6]);
    }

    [Fact]
    public void A_redirect_from_https_to_http_is_refused_unless_AllowInsecureRedirect()
    {
        var result = _ps.Run("""
            $to = "$https/redirect-to?url=" + [uri]::EscapeDataString("$base/get")
            Invoke-Httpx $to -FollowRedirects -Verify $ca -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId; $e[0].CategoryInfo.Category.ToString(); $e[0].Exception.Message
            $r = Invoke-Httpx $to -FollowRedirects -Verify $ca -AllowInsecureRedirect
            $r.StatusCode; $r.Url.Scheme
            $c = New-HttpxClient -Verify $ca -FollowRedirects
            (Invoke-Httpx $to -Client $c -AllowInsecureRedirect).Url.Scheme
            (New-HttpxRequest $to | Invoke-Httpx -Client $c -AllowInsecureRedirect).Url.Scheme
            Invoke-Httpx $to -Client $c -ErrorVariable e2 -ErrorAction SilentlyContinue
            $e2[0].FullyQualifiedErrorId
            Close-HttpxClient $c
            # A client's own -AllowInsecureRedirect holds for its calls that do not give the switch.
            $open = New-HttpxClient -Verify $ca -FollowRedirects -AllowInsecureRedirect
            (Invoke-Httpx $to -Client $open).Url.Scheme
            Close-HttpxClient $open
            """);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal("Httpx.InsecureRedirect,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Equal("SecurityError", output[1]);
        Assert.Contains("leaves https for plain http", (string)output[2]);
        Assert.Equal(new object[] { 200, "http", "http", "http", "Httpx.InsecureRedirect,Httpx.PowerShell.Commands.InvokeHttpxCommand", "http" },
            output[3..]);
    }

    [Fact]
    public void The_insecure_redirect_error_names_the_switch_that_allows_it()
    {
        // It advised "Set AllowInsecureRedirects", the engine's option: PowerShell has no parameter by that name.
        var result = _ps.Run("""
            $to = "$https/redirect-to?url=" + [uri]::EscapeDataString("$base/get")
            Invoke-Httpx $to -FollowRedirects -Verify $ca -ErrorVariable e -ErrorAction SilentlyContinue
            "$($e[0])"
            """);
        var message = (string)result.Output.Single().BaseObject;
        Assert.Contains("leaves https for plain http", message);
        Assert.Contains("-AllowInsecureRedirect to follow it anyway", message);
        Assert.DoesNotContain("AllowInsecureRedirects", message);
    }

    [Fact]
    public void Authorization_is_kept_on_the_same_origin_and_dropped_for_another()
    {
        // Same server and port under two names: 127.0.0.1 and localhost are different origins.
        var result = _ps.Run("""
            $other = $base.Replace('127.0.0.1', 'localhost')
            $h = @{ Authorization = 'Bearer s3cret' }
            $same = Invoke-Httpx "$base/redirect-to?url=/anything" -FollowRedirects -Headers $h -As Json
            $same.headers.Authorization
            $away = Invoke-Httpx ("$base/redirect-to?url=" + [uri]::EscapeDataString("$other/anything")) -FollowRedirects -Headers $h -As Json
            $away.url.StartsWith($other); $null -eq $away.headers.Authorization
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Bearer s3cret", true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Verbose_shows_each_hop_as_it_was_sent_and_the_hops_before_a_failure()
    {
        var result = _ps.Run("""
            $null = Invoke-Httpx "$base/digest-auth/auth/u/p/MD5" -Auth (New-HttpxAuth -Digest -UserName u -Password p) -Verbose
            Invoke-Httpx "$base/redirect-to?url=http://127.0.0.1:1/x" -FollowRedirects -Verbose
            """);
        var verbose = result.Verbose.ToList();
        // The digest flow's first request went out without Authorization (the same request object carries it later).
        var first = verbose.IndexOf(verbose.First(l => l.StartsWith("> GET /digest-auth/", StringComparison.Ordinal)));
        var challenge = verbose.IndexOf("< HTTP/1.1 401 Unauthorized");
        Assert.True(first >= 0 && challenge > first);
        Assert.DoesNotContain(verbose.Skip(first).Take(challenge - first), l => l.StartsWith("> Authorization:", StringComparison.Ordinal));
        Assert.Contains(verbose.Skip(challenge), l => l == "> Authorization: [secure]");
        Assert.Equal("> Host: " + new Uri(_ps.Server.HttpUrl).Authority, verbose[first + 1]);
        // The 302 before the connection failure is shown, then the connect of the hop that got no answer: its request
        // never went out (refused), so it has no request head, as httpx -v and curl -v show it.
        var redirect = verbose.FindIndex(l => l.StartsWith("> GET /redirect-to?", StringComparison.Ordinal));
        Assert.True(redirect > challenge);
        Assert.Contains("< HTTP/1.1 302 Found", verbose.Skip(redirect));
        Assert.Equal(redirect, verbose.FindLastIndex(l => l.StartsWith("> GET ", StringComparison.Ordinal)));
        Assert.Equal("* Connecting to '127.0.0.1'", verbose[^1]);
        Assert.StartsWith("Httpx.ConnectError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Verbose_shows_every_hop()
    {
        var result = _ps.Run("""$null = Invoke-Httpx "$base/redirect/2" -FollowRedirects -Verbose""");
        Assert.Empty(result.Errors);
        var requests = result.Verbose.Where(line => line.StartsWith("> GET ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "> GET /redirect/2", "> GET /redirect/1", "> GET /get" }, requests.Select(l => string.Join(' ', l.Split(' ')[..3])).ToArray());
    }
}
