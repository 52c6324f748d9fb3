namespace Httpx.PowerShell.Tests;

/// <summary>
/// Cookies from PowerShell: a client's jar across calls, New-HttpxClient -CookieFile (curl's cookies.txt, loaded at
/// creation, saved by Close-HttpxClient), host scoping, per-call -Cookies, and cookie values kept out of text.
/// </summary>
public sealed class CookieTests : IClassFixture<PowerShellFixture>, IDisposable
{
    private readonly PowerShellFixture _ps;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"httpx-cookies-{Guid.NewGuid():N}");

    public CookieTests(PowerShellFixture ps)
    {
        _ps = ps;
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, object?> Jar(string name = "cookies.txt") => new() { ["jar"] = Path.Combine(_folder, name) };

    [Fact]
    public void A_CookieContainer_gives_its_cookies_with_their_domains()
    {
        var result = _ps.Run("""
            $container = [Net.CookieContainer]::new()
            $container.Add([Net.Cookie]::new('sid', 'abc', '/', '127.0.0.1'))
            $container.Add([Net.Cookie]::new('elsewhere', 'x', '/', 'example.org'))
            $seen = (Invoke-Httpx "$base/cookies" -Cookies $container -As Json).cookies
            $seen.sid; $null -eq $seen.elsewhere
            $c = New-HttpxClient -Cookies $container
            (Invoke-Httpx "$base/cookies" -Client $c -As Json).cookies.sid
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "abc", true, "abc" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Cookies_one_by_one_or_as_a_list_are_taken_with_their_scope()
    {
        // $client.Cookies | Where-Object gives an Httpx.Cookie or a list of them, and IWR users hold [Net.Cookie]s: each
        // was refused ("-Cookies takes a hashtable ... not Httpx.Cookie", "... not System.Object[]").
        var result = _ps.Run("""
            $c = New-HttpxClient
            $null = Invoke-Httpx "$base/cookies/set?a=1&b=2" -Client $c
            $c.Cookies.Set('far', 'x', 'example.org', '/')
            (Invoke-Httpx "$base/cookies" -Cookies ($c.Cookies | Where-Object Name -eq 'a') -As Json).cookies.a
            $seen = (Invoke-Httpx "$base/cookies" -Cookies @($c.Cookies | Where-Object Name -ne 'b') -As Json).cookies
            $seen.a; $null -eq $seen.b; $null -eq $seen.far
            $net = [Net.Cookie[]]@([Net.Cookie]::new('p', '1', '/', '127.0.0.1'), [Net.Cookie]::new('q', '2', '/', 'example.org'))
            $seen = (Invoke-Httpx "$base/cookies" -Cookies $net -As Json).cookies
            $seen.p; $null -eq $seen.q
            $d = New-HttpxClient -Cookies @($c.Cookies)
            $d.Cookies.Count
            try { Invoke-Httpx "$base/cookies" -Cookies @($net[0], 'SECRET=1') } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { "1", "1", true, true, "1", true, 3, "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Cookies" }, output[..9]);
        Assert.Contains("A list of cookies holds Httpx.Cookie or System.Net.Cookie items or (name, value) pairs, not System.String (item 2;", (string)output[9]);
        Assert.DoesNotContain("SECRET", (string)output[9]);
    }

    [Fact]
    public void Cookies_take_a_list_of_name_value_pairs_as_Params_do()
    {
        // @(@('sid', 'abc'), @('lang', 'en')) was refused: "A list of cookies holds Httpx.Cookie or System.Net.Cookie
        // items, not System.Object[] (item 1)", where HTTPX's Cookies take a list of (name, value) pairs.
        var result = _ps.Run("""
            $seen = (Invoke-Httpx "$base/cookies" -Cookies @(@('sid', 'abc'), @('lang', 'en')) -As Json).cookies
            $seen.sid; $seen.lang
            $c = New-HttpxClient -Cookies @(,@('sid', 'abc'))
            $c.Cookies['sid']
            try { Invoke-Httpx "$base/cookies" -Cookies @(,@('', 'SECRET')) } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { "abc", "en", "abc", "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Cookies" }, output[..5]);
        Assert.Contains("has no name (item 1)", (string)output[5]);
        Assert.DoesNotContain("SECRET", (string)output[5]);
    }

    [Theory]
    // A one-pair list unrolled by @() was refused as "holds Httpx.Cookie or System.Net.Cookie items, not System.String",
    // which named neither pairs nor how to write one; a pair with a number for a name named the list's type,
    // "System.Collections.Generic.List`1[[System.Object, ...]]". Neither shows the value.
    [InlineData("@('sid', 'SECRET')", "or (name, value) pairs, not System.String (item 1; one pair alone is written @(,@('Name', 'value')) in PowerShell)")]
    [InlineData("@(,@(1, 'SECRET'))", "The name of the cookie pair at item 1 is System.Int32, not text.")]
    public void A_list_of_cookies_that_is_not_pairs_is_refused_saying_how_to_write_one_pair(string cookies, string message)
    {
        var result = _ps.Run($$"""
            try { Invoke-Httpx "$base/cookies" -Cookies {{cookies}} } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject as string).ToArray();
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Contains(message, output[1]);
        Assert.DoesNotContain("SECRET", output[1]);
    }

    [Fact]
    public void Cookies_given_to_a_call_go_with_every_hop_of_its_redirects()
    {
        // As httpx.get(cookies=...): the call's own client holds them. Nothing carries over to the next call.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/redirect-to?url=/cookies" -Cookies @{ b = '2' } -FollowRedirects -As Json).cookies.b
            (Invoke-Httpx "$base/cookies" -As Json).cookies.b
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object?[] { "2", null }, result.Output.Select(o => o?.BaseObject).ToArray());
    }

    [Fact]
    public void Cookies_set_by_the_server_persist_on_a_client_across_calls()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base
            $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
            $null = Invoke-Httpx '/cookies/set/size/large' -Client $c
            (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.flavour
            (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.size
            $c.Cookies['flavour']
            Close-HttpxClient $c
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "oat", "large", "oat" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Two_cookies_of_one_name_raise_CookieConflict_by_member_and_are_chosen_by_domain()
    {
        // HTTPX's cookies['sid'] raises CookieConflict. PowerShell turns any exception of an indexer into $null (outside
        // Set-StrictMode 3), so the help points to the member form, which raises, and to Get(name, default, domain, path).
        var result = _ps.Run("""
            $c = New-HttpxClient
            $c.Cookies.Set('sid', '1', 'a.example', '/')
            $c.Cookies.Set('sid', '2', 'b.example', '/')
            $null -eq $c.Cookies['sid']
            try { $c.Cookies.sid; 'not reached' } catch { $e = $_.Exception; while ($e.InnerException) { $e = $e.InnerException }; $e.GetType().Name; $e.Message }
            $c.Cookies.Get('sid', $null, 'b.example', '/')
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            true, "CookieConflictException",
            "Multiple cookies exist with name=sid (for a.example/, b.example/); give a domain and path to choose one.", "2",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_response_shows_the_cookies_it_sets_without_their_values_in_text()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/cookies/set?chocolate=chip"
            $r.StatusCode
            $r.Cookies['chocolate']
            "$($r.Cookies)"
            (Invoke-Httpx "$base/cookies").Cookies.Count
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { 302, "chip" }, output[..2]);
        Assert.Contains("chocolate", (string)output[2]);
        Assert.DoesNotContain("chip", (string)output[2]);
        Assert.Equal(0, output[3]);
    }

    [Fact]
    public void A_responses_and_a_clients_cookies_have_Keys_as_a_hashtable_and_Headers_have()
    {
        // HTTPX's cookies.keys(); $r.Cookies.Keys read a cookie named 'Keys' and gave $null.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/cookies/set?a=1&b=2"
            $r.Cookies.Keys -join ','
            $c = New-HttpxClient -Cookies @{ only = '1' }
            $c.Cookies.Keys -join ','
            $c.Cookies.Set('Keys', 'x')
            $c.Cookies.Keys -join ','
            $c.Cookies['Keys']
            """);
        Assert.Empty(result.Errors);
        // A cookie named Keys: .Keys still gives the names, the indexer its value.
        Assert.Equal(new object[] { "a,b", "only", "only,Keys", "x" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void CookieFile_is_saved_on_Close_and_loaded_by_a_new_client()
    {
        var vars = Jar();
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
            $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
            [IO.File]::Exists($jar)
            Close-HttpxClient $c
            [IO.File]::Exists($jar)
            $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
            (Invoke-Httpx '/cookies' -Client $d -As Json).cookies.flavour
            $d | Close-HttpxClient
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false, true, "oat" }, result.Output.Select(o => o.BaseObject).ToArray());
        // curl's format: host-only cookie of 127.0.0.1, path /, not secure, session (expiry 0).
        var lines = File.ReadAllLines((string)vars["jar"]!);
        Assert.Contains("127.0.0.1\tFALSE\t/\tFALSE\t0\tflavour\toat", lines);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode((string)vars["jar"]!));
    }

    [Fact]
    public void A_cookie_set_without_a_value_is_sent_back_as_its_name_and_saved_as_Python_saves_it()
    {
        // 'Set-Cookie: flag' (no '='): Python's cookiejar (HTTPX) and browsers keep it and send 'flag'; it was dropped.
        // In cookies.txt it is written as Python's MozillaCookieJar writes it (an empty name, the name as the value).
        var vars = Jar();
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
            $null = Invoke-Httpx "/cookies/set-raw?h=$([uri]::EscapeDataString('flag; Path=/'))" -Client $c
            $c.Cookies.Contains('flag')
            (Invoke-Httpx '/anything/x' -Client $c -As Json).headers.Cookie
            Close-HttpxClient $c
            $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
            (Invoke-Httpx '/anything/x' -Client $d -As Json).headers.Cookie
            Close-HttpxClient $d
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, "flag", "flag" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Contains("127.0.0.1\tFALSE\t/\tFALSE\t0\t\tflag", File.ReadAllLines((string)vars["jar"]!));
    }

    [Fact]
    public void Close_with_WhatIf_closes_nothing_and_saves_no_CookieFile_and_says_what_it_would_do()
    {
        // Close-HttpxClient had no -WhatIf or -Confirm: "A parameter cannot be found that matches parameter name 'WhatIf'".
        var vars = Jar();
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
            $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
            Close-HttpxClient $c -WhatIf
            $c.IsClosed; [IO.File]::Exists($jar)
            $c | Close-HttpxClient -Confirm:$false
            $c.IsClosed; [IO.File]::Exists($jar)
            # Saved once: closing the closed client again writes no file (the one saved may have been moved on since).
            [IO.File]::Delete($jar)
            Close-HttpxClient $c
            [IO.File]::Exists($jar)
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { false, false, true, true, false }, result.Output.Select(o => o.BaseObject).ToArray());

        // The client is named by its base URL, with the password masked.
        var text = _ps.Display("""
            $c = New-HttpxClient -BaseUrl 'http://ada:s3cret@127.0.0.1:9/api/'
            Close-HttpxClient $c -WhatIf
            "closed: $($c.IsClosed)"
            $c.Dispose()
            """);
        Assert.Contains("What if: Performing the operation \"Close\" on target \"Httpx client of http://ada:[secure]@127.0.0.1:9/api/\".", text);
        Assert.Contains("closed: False", text);
        Assert.DoesNotContain("s3cret", text);
    }

    [Fact]
    public void A_cookies_txt_written_by_curl_is_read_and_the_given_Cookies_go_over_it()
    {
        var vars = Jar();
        File.WriteAllText((string)vars["jar"]!,
            "# Netscape HTTP Cookie File\n" +
            "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tfromfile\n" +
            "#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t4102444800\tlasting\tyes\n" +
            "127.0.0.1\tFALSE\t/\tFALSE\t1\texpired\tgone\n");
        var result = _ps.Run("""
            $c = New-HttpxClient -CookieFile $jar -Cookies @{ session = 'byhand' }
            $e = Invoke-Httpx "$base/cookies" -Client $c -As Json
            $e.cookies.session; $e.cookies.lasting; $null -eq $e.cookies.expired
            (Invoke-Httpx "$base/anything/x" -Client $c -As Json).headers.Cookie
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "byhand", "yes", true }, result.Output.Take(3).Select(o => o.BaseObject).ToArray());
        // The file's cookie of that name is replaced, not sent beside it: the given one is not scoped to the file's
        // host, and merged by (domain, path, name) both went, "session=fromfile; ...; session=byhand".
        Assert.DoesNotContain("fromfile", (string)result.Output[3].BaseObject);
    }

    [Fact]
    public void A_missing_CookieFile_starts_an_empty_jar_and_Dispose_alone_does_not_save()
    {
        var vars = Jar();
        var result = _ps.Run("""
            $c = New-HttpxClient -CookieFile $jar
            $c.Cookies.Count
            $null = Invoke-Httpx "$base/cookies/set?a=1" -Client $c
            $c.Dispose()
            [IO.File]::Exists($jar)
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 0, false }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_malformed_CookieFile_is_an_error_naming_the_file_and_line()
    {
        var vars = Jar();
        File.WriteAllText((string)vars["jar"]!, "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\tsoon\tname\tvalue\n");
        var result = _ps.Run("""
            try { New-HttpxClient -CookieFile $jar } catch { $_.FullyQualifiedErrorId; $_.Exception.Message; $_.TargetObject }
            """, vars);
        var output = result.Output.Select(o => o.BaseObject.ToString()).ToArray();
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", output[0]);
        Assert.Contains($"'{vars["jar"]}', line 2", output[1]);
        Assert.Contains("'soon'", output[1]);
        Assert.Equal(vars["jar"], output[2]);
    }

    [Fact]
    public void A_cookie_with_a_tab_is_kept_and_sent_but_never_reaches_the_CookieFile_so_it_loads_again()
    {
        // A tab separates the fields of cookies.txt: such a cookie saved made a file the next New-HttpxClient refused.
        // It stays in the jar and is sent, as HTTPX and RFC 6265bis allow it, and is left out of the file.
        var vars = Jar();
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
            $null = Invoke-Httpx "/cookies/set-raw?h=$([uri]::EscapeDataString("tabbed=a`tb; Path=/"))&h=plain%3Dok" -Client $c
            $c.Cookies.Count
            (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.tabbed -eq "a`tb"
            Close-HttpxClient $c
            $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
            $d.Cookies.Count
            (Invoke-Httpx '/cookies' -Client $d -As Json).cookies.plain
            Close-HttpxClient $d
            (Invoke-Httpx "$base/cookies" -Cookies @{ t = "by`thand" } -As Json).cookies.t -eq "by`thand"
            """, vars);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.BaseObject.ToString()).ToArray();
        Assert.Equal(new[] { "2", "True", "1", "ok", "True" }, output);
    }

    [Fact]
    public void A_server_cookie_whose_name_holds_a_space_is_kept_sent_and_saved_to_the_CookieFile()
    {
        // 'Set-Cookie: foo bar=baz': browsers, curl and HTTPX keep it (RFC 6265 5.2); the client's jar dropped it, so the
        // server never saw it again, and a cookies.txt curl had saved with it was refused by New-HttpxClient.
        var vars = Jar();
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
            $null = Invoke-Httpx "/cookies/set-raw?h=$([uri]::EscapeDataString('foo bar=baz; Path=/'))" -Client $c
            (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.'foo bar'
            Close-HttpxClient $c
            $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
            (Invoke-Httpx '/cookies' -Client $d -As Json).cookies.'foo bar'
            Close-HttpxClient $d
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "baz", "baz" }, result.Output.Select(o => o.BaseObject.ToString()).ToArray());
    }

    [Fact]
    public void A_CookieFile_that_cannot_be_written_is_an_error_and_the_client_is_closed_anyway()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "removed-later")).FullName;
        var vars = new Dictionary<string, object?> { ["jar"] = Path.Combine(folder, "cookies.txt"), ["folder"] = folder };
        var result = _ps.Run("""
            $c = New-HttpxClient -CookieFile $jar
            [IO.Directory]::Delete($folder)
            Close-HttpxClient $c
            $c.IsClosed
            """, vars);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.CloseHttpxClientCommand", error.FullyQualifiedErrorId);
        Assert.Equal($"The cookies could not be saved to the -CookieFile '{vars["jar"]}': The folder '{folder}' does not exist.", error.Exception.Message);
        Assert.Equal(new object[] { true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_CookieFile_in_a_folder_that_does_not_exist_is_refused_when_the_client_is_made()
    {
        var vars = new Dictionary<string, object?> { ["jar"] = Path.Combine(_folder, "no-such-folder", "cookies.txt") };
        var result = _ps.Run("try { New-HttpxClient -CookieFile $jar } catch { $_.FullyQualifiedErrorId; $_.Exception.Message; $_.TargetObject }", vars);
        Assert.Empty(result.Errors);
        // It was taken, and Close-HttpxClient then failed to save the jar.
        Assert.Equal(new object?[]
        {
            "Httpx.FileError,Httpx.PowerShell.Commands.NewHttpxClientCommand",
            $"-CookieFile '{vars["jar"]}': the folder '{Path.Combine(_folder, "no-such-folder")}' does not exist.",
            vars["jar"],
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_cookie_from_one_host_is_not_sent_to_another()
    {
        // Same server and port, two host names: the jar scopes cookies by host.
        var result = _ps.Run("""
            $other = $base.Replace('127.0.0.1', 'localhost')
            $c = New-HttpxClient
            $null = Invoke-Httpx "$base/cookies/set?flavour=oat" -Client $c
            (Invoke-Httpx "$base/cookies" -Client $c -As Json).cookies.flavour
            @((Invoke-Httpx "$other/cookies" -Client $c -As Json).cookies.psobject.Properties).Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "oat", 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_clients_cookies_can_be_replaced_by_a_hashtable_as_HTTPX_client_cookies_takes_a_dict()
    {
        // HTTPX's client.cookies = {...}; PowerShell tried to set a property 'sid' on a new jar and failed.
        var result = _ps.Run("""
            $c = New-HttpxClient -Cookies @{ old = '1' }
            $c.Cookies = @{ sid = 'abc' }
            $seen = (Invoke-Httpx "$base/cookies" -Client $c -As Json).cookies
            $seen.sid; $null -eq $seen.old
            ([Httpx.Cookies]@{ a = '1' })['a']
            try { $c.Cookies = 42 } catch { $_.Exception.Message.Contains('System.Int32') }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "abc", true, "1", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Cookies_of_one_call_are_sent_with_it_only()
    {
        var result = _ps.Run("""
            $c = New-HttpxClient -BaseUrl $base
            (Invoke-Httpx '/cookies' -Client $c -Cookies @{ once = 'yes' } -As Json).cookies.once
            $null -eq (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.once
            (Invoke-Httpx "$base/cookies" -Cookies @{ once = 'yes' } -As Json).cookies.once
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "yes", true, "yes" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    // Each failed every piped URL with the same error (or, for the object, went out as "a=@{x=1}").
    [InlineData("@{ 'a b' = 'x' }", "Invalid cookie name 'a…'")]
    [InlineData("@{ '' = 'SECRET' }", "-Cookies: Invalid cookie name '': the name is empty")]
    [InlineData("@{ a = 'SECRET;x' }", "Invalid value for cookie 'a'")]
    // A NUL went into the jar, and each request then failed on its Cookie header, naming no cookie.
    [InlineData("@{ a = \"SECRET`0x\" }", "Invalid value for cookie 'a'")]
    [InlineData("@{ a = 'SECRET', 'x' }", "The cookie 'a' is given a list of 2 values")]
    [InlineData("@{ a = [pscustomobject]@{ x = 'SECRET' } }", "-Cookies 'a': a cookie's value is text or a number, not a PSCustomObject")]
    // A scriptblock is not run: its source text was the value.
    [InlineData("@{ a = { 'SECRET' } }", "-Cookies 'a': a cookie's value is text or a number, not a scriptblock (it is not run: give its result).")]
    [InlineData("@(,@('a', { 'SECRET' }))", "-Cookies 'a': a cookie's value is text or a number, not a scriptblock (it is not run: give its result).")]
    // A pair's object went out as "a=@{x=SECRET}", where a hashtable's is refused.
    [InlineData("@(,@('a', [pscustomobject]@{ x = 'SECRET' }))", "-Cookies 'a': a cookie's value is text or a number, not a PSCustomObject.")]
    public void A_bad_Cookies_value_stops_the_command_once_naming_the_cookie_and_not_its_value(string cookies, string message)
    {
        foreach (var client in new[] { "", "-Client (New-HttpxClient)" })
        {
            var result = _ps.Run($"\"$base/cookies\", \"$base/cookies\" | Invoke-Httpx -Cookies {cookies} {client}");
            var error = Assert.Single(result.Errors.Concat(result.Terminating is System.Management.Automation.RuntimeException { ErrorRecord: { } r } ? [r] : Array.Empty<System.Management.Automation.ErrorRecord>()));
            Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal("Cookies", error.TargetObject);
            Assert.Contains(message, error.ToString());
            Assert.DoesNotContain("SECRET", error.ToString());
            Assert.Empty(result.Output);
        }
    }

    [Fact]
    public void A_scriptblock_as_a_client_cookie_value_is_refused_where_its_text_was_kept()
    {
        // New-HttpxClient -Cookies @{ a = { 1 } } and $client.Cookies = ... kept " 1 " as the cookie's value.
        var result = _ps.Run("""
            try { $null = New-HttpxClient -Cookies @{ a = { 'SECRET' } }; 'accepted' } catch { $_.FullyQualifiedErrorId -replace ',.*'; $_.TargetObject; "$_" }
            $c = New-HttpxClient
            try { $c.Cookies = @{ a = { 'SECRET' } }; 'accepted' } catch { "$_".Contains("-Cookies 'a': a cookie's value is text or a number, not a scriptblock") }
            $c.Cookies.Count
            """);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument", "Cookies", "-Cookies 'a': a cookie's value is text or a number, not a scriptblock (it is not run: give its result).",
            true, 0,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Cookie_values_never_show_in_ToString_or_verbose_output()
    {
        var vars = Jar();
        File.WriteAllText((string)vars["jar"]!, "127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\ts3cr3t-value\n");
        var result = _ps.Run("""
            $c = New-HttpxClient -CookieFile $jar -Cookies @{ token = 'hand-s3cr3t' }
            $c.Cookies.ToString()
            # PowerShell's own text for a collection: its items joined (the jar's cookies, not name/value pairs).
            "$($c.Cookies)"
            $c.ToString()
            $r = Invoke-Httpx "$base/cookies/set-raw?h=fresh%3Dset-s3cr3t" -Client $c -Verbose
            $r.ToString()
            ($c.Cookies.Jar | ForEach-Object { $_.ToString() }) -join ' '
            """, vars);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Verbose, line => line.StartsWith("> Cookie:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(result.Verbose, line => line.StartsWith("< Set-Cookie:", StringComparison.OrdinalIgnoreCase));
        // The request line carries the query the test chose: only the cookie headers are secrets.
        var text = result.Output.Select(o => o.BaseObject.ToString() ?? "")
            .Concat(result.Verbose.Where(line => !line.StartsWith("> GET ", StringComparison.Ordinal))).ToList();
        Assert.Contains(text, t => t.Contains("sid", StringComparison.Ordinal));
        Assert.All(text, t => Assert.DoesNotContain("s3cr3t", t, StringComparison.Ordinal));
    }

    [Fact]
    public void A_cookie_file_of_another_provider_is_refused()
    {
        // variable:jar.txt read and then wrote (Close-HttpxClient) the process's working folder's jar.txt, a file nobody named.
        var result = _ps.Run("""
            try { $null = New-HttpxClient -CookieFile variable:jar.txt; 'made' } catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxClientCommand", "CookieFile",
            "-CookieFile 'variable:jar.txt' is a path of the Variable provider: give a path in the file system. (Parameter 'CookieFile')",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
