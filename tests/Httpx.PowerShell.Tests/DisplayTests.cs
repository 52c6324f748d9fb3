using System.Text.RegularExpressions;

namespace Httpx.PowerShell.Tests;

/// <summary>What the console shows for the module's objects: the format views of Httpx.Format.ps1xml, rendered by Out-Host.</summary>
public class DisplayTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public DisplayTests(PowerShellFixture ps) => _ps = ps;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A number as the tables show it: in the current culture, as PowerShell's own tables show a double ("3,5" under
    /// de-DE, "3٫5" under ar-SA). The runspace's pipeline thread takes the process's culture (LANG), as this thread does.
    /// </summary>
    internal static string Decimal => $"[0-9]+(?:{Regex.Escape(System.Globalization.CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator)}[0-9]+)?";

    [Fact]
    public void A_response_shows_as_a_table_of_status_and_reason_version_ms_content_type_length_and_url()
    {
        // The issue's columns: status, reason, HTTP version, elapsed ms, content type, length, URL. The content type is
        // its media type (the charset is in Format-List), the version as curl's %{http_version} shows it.
        var lines = Lines(_ps.Display("Invoke-Httpx \"$base/get\", \"$base/status/404\", \"$base/html\""));

        Assert.Equal(new[] { "Status", "HTTP", "ms", "ContentType", "Length", "Url" }, lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^200 OK +1\.1 +{Decimal} application/json +[0-9]+ {_ps.Server.HttpUrl}/get$", lines[2]);
        Assert.Matches($@"^404 Not Found +1\.1 +{Decimal} application/json +[0-9]+ {_ps.Server.HttpUrl}/status/404$", lines[3]);
        Assert.Matches($@"^200 OK +1\.1 +{Decimal} text/html +[0-9]+ {_ps.Server.HttpUrl}/html$", lines[4]);
    }

    [Theory]
    [InlineData(80, 23)] // Out-Host, as a console, writes one column short of its width; Out-String -Width 80 gives 24
    [InlineData(120, 63)]
    public void A_response_tables_url_is_readable_in_an_80_and_a_120_column_console(int width, int urlWidth)
    {
        // pwsh writing to a pipe or a file is 80 columns wide: the URL had 13 characters there ("http://127.0…"), which
        // told none of the rows of a -ThrottleLimit run apart. The status and reason, as HTTPX's repr shows them, stay
        // whole, and a long content type is its media type, cut to its column before the URL is.
        var text = _ps.Display("""
            $vnd = [uri]::EscapeDataString('application/vnd.api+json; charset=utf-8')
            1..20 | ForEach-Object { "$base/status/$(200 + $_ % 3)?n=$_" } | Invoke-Httpx -ThrottleLimit 5
            Invoke-Httpx "$base/response-headers?Content-Type=$vnd"
            Invoke-Httpx "$base/status/401"
            Invoke-Httpx (($base -replace '//', '//ops:s3cret@') + '/anything/a/longer/path/to/a/resource?page=2&per_page=100')
            """, width);
        var lines = Lines(text);

        Assert.DoesNotContain("s3cret", text);
        Assert.All(lines, line => Assert.True(line.Length <= width, $"wider than {width}: {line}"));
        Assert.Equal(new[] { "Status", "HTTP", "ms", "ContentType", "Length", "Url" }, lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(23, lines.Length - 2);
        string Shown(string url) => url.Length <= urlWidth ? url : url[..(urlWidth - 1)] + "…";
        var expected = Enumerable.Range(1, 20).Select(n => $"{200 + n % 3} {Shown($"{_ps.Server.HttpUrl}/status/{200 + n % 3}?n={n}")}");
        var rows = lines[2..22].Select(l => Regex.Match(l, @"^(20[0-2]) (?:OK|Created|Accepted) +1\.1 +\S+ application/json +[0-9]+ (\S+)$"))
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");
        Assert.Equal(expected.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        Assert.Matches($@"^200 OK +1\.1 +\S+ application/vnd… +[0-9]+ {Regex.Escape(_ps.Server.HttpUrl[..16])}", lines[^3]);
        Assert.EndsWith($" {Shown($"{_ps.Server.HttpUrl}/status/401")}", lines[^2]);
        Assert.StartsWith("401 Unauthorized 1.1 ", lines[^2]);
        var redacted = $"{_ps.Server.HttpUrl.Replace("//", "//ops:[secure]@")}/anything/a/longer/path/to/a/resource?page=2&per_page=100";
        Assert.EndsWith($" {redacted[..(urlWidth - 1)]}…", lines[^1]);
    }

    [Fact]
    public void The_ms_column_shows_one_decimal_on_every_row_and_whole_milliseconds_from_100_seconds_on()
    {
        // "12" stood under "202.7", its digits a place to the right of the others; 1,234,567.8 ms (a 20-minute download)
        // was cut to its 7-character column from the left, "…4567.8": 4.5 seconds. The elapsed times are set on the
        // responses (the engine measures them) so that each row is known.
        const string setUp = """
            $field = [Httpx.Response].GetField('_elapsed', [Reflection.BindingFlags]'NonPublic, Instance')
            function Elapsed($r, $ms) { $field.SetValue($r.psobject.BaseObject, [timespan]::FromMilliseconds($ms)); $r }
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content 'ok' })
            """;
        var responses = Lines(_ps.Display(setUp + "\n" + """
            foreach ($ms in 12, 202.66, 99999.94, 99999.96, 1234567.8) { Elapsed (Invoke-Httpx 'https://api.invalid/' -Client $c) $ms }
            $c.Dispose()
            """, 80));
        var downloads = Lines(_ps.Display(setUp + "\n" + """
            $dir = [IO.Directory]::CreateTempSubdirectory().FullName
            foreach ($ms in 12, 1234567.8) { Elapsed (Invoke-Httpx 'https://api.invalid/' -Client $c -Download ([IO.Path]::Combine($dir, $ms)) -PassThru) $ms }
            [IO.Directory]::Delete($dir, $true)
            $c.Dispose()
            """, 80));
        string Ms(double ms) => ms.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture);

        // 99999.96 ms is an ElapsedMs of 100000.0 (one decimal), 8 characters: shown whole, as from 100 s on.
        Assert.Equal(new[] { Ms(12), Ms(202.66), Ms(99999.94), "100000", "1234568" }, responses[2..].Select(l => Regex.Match(l, @"^200 OK +1\.1 +(\S+) ").Groups[1].Value));
        Assert.Equal(new[] { "Status", "ms", "Length", "Resumed", "Path" }, downloads[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(new[] { Ms(12), "1234568" }, downloads[2..].Select(l => Regex.Match(l, @"^200 OK +(\S+) +2 False ").Groups[1].Value));
    }

    [Fact]
    public void A_length_longer_than_its_column_shows_in_MB_GB_or_TB()
    {
        // Cut from the left to the column's 8 digits, a 4.7 GB image's Content-Length (a HEAD request) read "…0000000";
        // the download table's 10 digits cut a file of 10 GB or more so. Lengths that fit stay whole, in bytes.
        var responses = Lines(_ps.Display("""
            foreach ($length in 441, 99999999, 100000000, 157286400, 1048523572, 4700000000, 1099511627776) {
                $mock = New-HttpxMockTransport { New-HttpxResponse 200 -Headers @{ 'Content-Length' = "$length" } }.GetNewClosure()
                $c = New-HttpxClient -Transport $mock
                Invoke-Httpx 'https://mirror.example/image.iso' -Method HEAD -Client $c
                $c.Dispose()
            }
            """, 80));
        var downloads = Lines(_ps.Display("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content 'ok' })
            $dir = [IO.Directory]::CreateTempSubdirectory().FullName
            foreach ($length in 2, 9999999999, 10000000000) {
                $r = Invoke-Httpx 'https://mirror.example/image.iso' -Client $c -Download ([IO.Path]::Combine($dir, $length)) -PassThru
                $r.FileLength = $length # as a file of that size would give it
                $r
            }
            [IO.Directory]::Delete($dir, $true)
            $c.Dispose()
            """, 80));
        string Size(double value, string unit) => value.ToString("0.0", System.Globalization.CultureInfo.CurrentCulture) + " " + unit;

        Assert.Equal(new[] { "441", "99999999", Size(95.4, "MB"), Size(150, "MB"), Size(1, "GB"), Size(4.4, "GB"), Size(1, "TB") },
            responses[2..].Select(l => Regex.Match(l, @"^200 OK +1\.1 +\S+ +(\S+(?: [MGT]B)?) https://mirror\.example").Groups[1].Value));
        Assert.Equal(new[] { "2", "9999999999", Size(9.3, "GB") },
            downloads[2..].Select(l => Regex.Match(l, @"^200 OK +\S+ +(\S+(?: GB)?) False ").Groups[1].Value));
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void A_cookie_tables_expiry_is_readable_in_an_80_and_a_120_column_console(int width)
    {
        // The expiry, last, had 8 characters at 80 columns: "12/07/2…" (the culture's date, time and offset) said
        // neither the day nor the time. It shows in UTC to the minute; a session cookie has none.
        var text = _ps.Display("""
            $c = New-HttpxClient
            $h = [uri]::EscapeDataString('sid=x; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Path=/account/settings; HttpOnly')
            $null = Invoke-Httpx "$base/cookies/set-raw?h=$h&h=lang%3Den" -Client $c
            $c.Cookies.Jar
            $c.Dispose()
            """, width);
        var lines = Lines(text);
        Assert.All(lines, line => Assert.True(line.Length <= width, $"wider than {width}: {line}"));
        Assert.Equal(new[] { "Name", "Domain", "Path", "Secure", "HttpOnly", "Expires", "(UTC)" }, lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^lang +127\.0\.0\.1 +/cookies False +False$", lines[3]);
        Assert.Matches(@"^sid +127\.0\.0\.1 +/accoun… False +True +2027-06-09 10:18$", lines[2]);
    }

    [Fact]
    public void A_responses_reason_phrase_and_content_type_show_their_control_characters_escaped()
    {
        // The table is what the console shows of every response: a server's ESC or BEL in its reason phrase or
        // Content-Type would clear or retitle the console, as it would in -Verbose or an error (escaped there too).
        var text = _ps.Display("""
            $mock = New-HttpxMockTransport { New-HttpxResponse 200 -ReasonPhrase "OK$([char]0x1b)[2J" -Headers @{ 'Content-Type' = "a/b$([char]0x1b)]0;x$([char]7)" } }
            Invoke-Httpx 'https://api.invalid/' -Client (New-HttpxClient -Transport $mock)
            """);
        Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007');
        Assert.Matches($@"^200 OK\\x1b\[2J +1\.1 +{Decimal} a/b\\x1b\]0 +[0-9]* *https://api\.invalid/$", Lines(text)[2]);
    }

    [Fact]
    public void A_response_listed_after_other_objects_shows_its_status_with_control_characters_escaped()
    {
        // "$r.Headers; $r" in a script: the response does not fit the header table and is listed by its default
        // display properties, where ReasonPhrase and ContentType wrote the server's ESC and BEL raw.
        var text = _ps.Display("""
            $mock = New-HttpxMockTransport { New-HttpxResponse 200 -ReasonPhrase "OK$([char]0x1b)[2J" -Headers @{ 'Content-Type' = "a/b$([char]0x1b)]0;x$([char]7)" } }
            $r = Invoke-Httpx 'https://api.invalid/' -Client (New-HttpxClient -Transport $mock)
            $r.Headers; $r; $r.Status
            """);
        Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007');
        Assert.Matches(@"(?m)^Status +: 200 OK\\x1b\[2J *$", text);
        Assert.Matches(@"(?m)^Request +: <Request\('GET', 'https://api\.invalid/'\)> *$", text);
        Assert.Matches(@"(?m)^200 OK\\x1b\[2J *$", text);
    }

    [Fact]
    public void A_download_listed_after_other_objects_shows_the_file_it_was_saved_to()
    {
        // "$c.Headers; Invoke-Httpx ... -Download -PassThru" in a script: the response does not fit the header table and
        // was listed by the response's display properties, which have no Path: nothing said where the body went.
        var text = _ps.Display("""
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content 'ok' })
            $dir = [IO.Directory]::CreateTempSubdirectory().FullName
            $c.Headers
            $r = Invoke-Httpx 'https://api.invalid/report.csv' -Client $c -Download $dir -PassThru
            $r
            "path: $($r.Path)"
            [IO.Directory]::Delete($dir, $true)
            $c.Dispose()
            """);
        var path = Regex.Match(text, @"(?m)^path: (.+?)\s*$").Groups[1].Value;
        Assert.EndsWith("report.csv", path);
        Assert.Matches($@"(?m)^Status +: 200 OK\s*\nElapsedMs +: {Decimal}\s*\nFileLength +: 2\s*\nResumed +: False\s*\nPath +: {Regex.Escape(path)} *$", text.Replace("\r", ""));
    }

    [Fact]
    public void A_responses_headers_show_their_control_characters_escaped()
    {
        // $r.Headers is how a user looks at what a server sent: its ESC, BEL or C1 CSI would drive the console.
        var text = _ps.Display("""
            $r = Invoke-Httpx "$raw/control-header"
            $r.Headers
            "$($r.Headers)"
            """);
        Assert.DoesNotContain(text, c => c is '\u001b' or '\u0007' or '\b' or '\u009b');
        Assert.Matches(@"(?m)^X-Evil +a\\x1b\]0;pwned\\x07b\\x08c\\x9b31md\s*$", text);
        Assert.Contains("X-Evil: a\\x1b]0;pwned\\x07b\\x08c\\x9b31md", text);
    }

    [Fact]
    public void A_built_requests_stream_or_file_body_says_what_it_is_without_being_read()
    {
        // Request.Content of an unread body throws, and the view showed "Content : " as if there were no body.
        var text = _ps.Display("""
            $file = [IO.Path]::Combine([IO.Path]::GetTempPath(), "$([guid]::NewGuid()).txt")
            [IO.File]::WriteAllText($file, 'hello')
            $stream = [IO.MemoryStream]::new([byte[]](1, 2, 3))
            New-HttpxRequest 'https://api.invalid/a' -Content $stream
            New-HttpxRequest 'https://api.invalid/b' -Content ([IO.FileInfo]::new($file))
            New-HttpxRequest 'https://api.invalid/c' -Content 'hi'
            "position $($stream.Position)"
            [IO.File]::Delete($file)
            """);
        var contents = Lines(text).Where(l => l.StartsWith("Content ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, contents.Length);
        Assert.Matches(@"^Content +: <stream of 3 bytes>$", contents[0]);
        Assert.Matches(@"^Content +: <file [0-9a-f-]+\.txt, 5 bytes>$", contents[1]);
        Assert.Matches(@"^Content +: \{104, 105\}$", contents[2]);
        Assert.Contains("position 0", text);
    }

    [Fact]
    public void A_url_shows_its_parts()
    {
        var text = _ps.Display("(Invoke-Httpx \"$base/get?a=1\").Url");

        Assert.Contains($"Url      : {_ps.Server.HttpUrl}/get?a=1", text);
        Assert.Contains("Scheme   : http", text);
        Assert.Contains("Host     : 127.0.0.1", text);
        Assert.Contains("Path     : /get", text);
        Assert.Contains("Query    : a=1", text);
    }

    [Fact]
    public void A_urls_route_shows_its_reason_at_80_columns_with_its_proxy_password_masked()
    {
        // As a table of Url, Pattern, Proxy and Reason, the Reason (why the URL goes that way) was the column dropped at
        // 80 columns as soon as a proxy URL had any length.
        var text = _ps.Display("""
            $c = New-HttpxClient -NoTrustEnv -Proxy @{ 'https://' = 'http://user:route-secret@proxy.corp.example:3128'; 'all://*.internal.example' = $null }
            'https://api.example.com/v1/items', 'https://build.internal.example/x' | Get-HttpxProxy -Client $c
            $c.Dispose()
            """, width: 80).Replace("\r", "");
        Assert.Matches(@"(?m)^Url +: https://api\.example\.com/v1/items\s*\nProxy +: http://user:\[secure\]@proxy\.corp\.example:3128\s*\nReason +: Proxy pattern 'https://'\s*\nPattern +: https://\s*$", text);
        Assert.Matches(@"(?m)^Url +: https://build\.internal\.example/x\s*\nProxy +: direct\s*\nReason +: Proxy pattern 'all://\*\.internal\.example' is set to no proxy\s*$", text);
        Assert.DoesNotContain("route-secret", text);
    }

    [Fact]
    public void Proxy_routes_show_their_source_and_direct_at_80_columns_with_the_proxy_password_masked()
    {
        // Without widths, the Source column was dropped at 80 columns as soon as a proxy URL had any length, and a direct
        // route showed an empty Proxy cell; $client.ProxyMounts (no view) cut its Reason and dropped its Source. The
        // environment's and Windows' routes are made here, not read from the process's environment.
        var text = _ps.Display("""
            $c = New-HttpxClient -NoTrustEnv -Proxy @{ 'https://' = 'http://ops:route-secret@proxy.corp:3128'; 'all://*.internal.example' = $null }
            Get-HttpxProxy -Client $c
            $c.ProxyMounts
            foreach ($source in 'environment variable HTTPS_PROXY', 'Windows proxy setting ProxyServer') {
                [Httpx.PowerShell.HttpxProxySetting]::new([Httpx.ProxyMount]::new([Httpx.UrlPattern]::new('https://'), [Httpx.Proxy]::new('http://proxy.example:3128'), 'reason', $source), $null)
            }
            foreach ($source in 'environment variable NO_PROXY', 'Windows proxy setting ProxyOverride') {
                [Httpx.ProxyMount]::new([Httpx.UrlPattern]::new('all://localhost'), $null, 'reason', $source)
            }
            $c.Dispose()
            """, width: 80);
        Assert.DoesNotContain("route-secret", text);
        Assert.Equal(new[]
        {
            "Pattern                  Source           Proxy",
            "-------                  ------           -----",
            "all://*.internal.example Proxy option     direct",
            "https://                 Proxy option     http://ops:[secure]@proxy.corp:3128",
            "all://*.internal.example Proxy option     direct",
            "https://                 Proxy option     http://ops:[secure]@proxy.corp:3128",
            "https://                 $env:HTTPS_PROXY http://proxy.example:3128",
            "https://                 Windows proxy    http://proxy.example:3128",
            "all://localhost          $env:NO_PROXY    direct",
            "all://localhost          Windows bypass   direct",
        }, Lines(text));
    }

    [Fact]
    public void A_timeout_and_limits_list_each_setting_and_leave_the_responses_after_them_in_their_own_table()
    {
        // Without views of their own they were tables of their properties, and a response written after them was
        // drawn in those columns: its Read column showed "byte[] Read()".
        var text = _ps.Display("""
            $c = New-HttpxClient -Timeout @{ Connect = 2; Read = 0 }
            $t = New-HttpxTransport -MaxConnections 10 -KeepAliveExpiry $null
            $c.Timeout; Invoke-Httpx "$base/get"; $t.Options.Limits; Invoke-Httpx "$base/get"
            $c.Dispose(); $t.Dispose()
            """).Replace("\r", "");
        Assert.DoesNotContain("Read()", text);
        Assert.Matches(@"(?m)^Connect +: 2\s*\nRead +: no limit\s*\nWrite +: 5\s*\nPool +: 5\s*$", text);
        Assert.Matches(@"(?m)^MaxConnections +: 10\s*\nMaxKeepAliveConnections +: 20\s*\nKeepAliveExpiry +: no limit\s*$", text);
        // Out of band, they leave the responses' table as it was: both are its rows.
        Assert.Equal(2, Lines(text).Count(l => Regex.IsMatch(l, $@"^200 OK +1\.1 +{Decimal} application/json +[0-9]+ {_ps.Server.HttpUrl}/get$")));
    }

    [Fact]
    public void A_client_lists_how_many_hooks_it_has()
    {
        var text = _ps.Display("$c = New-HttpxClient -OnRequest { param($r) } -OnResponse { param($r) }, { param($r) }; $c; $c.Dispose()");
        Assert.Matches(@"(?m)^EventHooks +: EventHooks\(request=1, response=2\) *$", text);
    }

    [Fact]
    public void A_DefaultEncoding_scriptblock_shows_as_the_block_given()
    {
        // The client holds the engine's Func<byte[], string?> made from the block: it showed as
        // "System.Func`2[System.Byte[],System.String]", in the client's view and as $c.DefaultEncoding.
        var text = _ps.Display("$c = New-HttpxClient -DefaultEncoding { 'latin-1' }; $c; \"[$($c.DefaultEncoding)]\"; $c.Dispose()");
        Assert.DoesNotContain("System.Func", text);
        Assert.Matches(@"(?m)^DefaultEncoding +: +'latin-1' *$", text);
        Assert.Contains("[ 'latin-1' ]", text);
        // That it reads back as the block, which another client takes as its own: ClientTests.A_DefaultEncoding_scriptblock_reads_back_as_the_scriptblock_given.
    }

    [Fact]
    public void An_auth_shows_what_it_is_with_its_secret_masked()
    {
        // Without a view, a Bearer or scriptblock auth showed only RequiresRequestBody and RequiresResponseBody.
        var text = _ps.Display("""
            New-HttpxAuth -Bearer -Token 'tok-s3cret'
            New-HttpxAuth -UserName ops -Password 'pw-s3cret'
            New-HttpxAuth -Digest -UserName ops -Password 'pw-s3cret'
            New-HttpxAuth { param($r) $r }
            """);
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("RequiresRequestBody", text);
        Assert.Equal(new[] { "Auth", "----", "BearerAuth(token=[secure])", "BasicAuth(username='ops', password=[secure])",
            "DigestAuth(username='ops', password=[secure])", "ScriptBlockAuth" }, Lines(text));
    }

    [Fact]
    public void Headers_cookies_and_responses_listed_after_other_objects_mask_their_secrets()
    {
        var text = _ps.Display("""
            $c = New-HttpxClient -Cookies @{ session = 'c00kie-s3cret' }
            $u = $base -replace '//', '//ops:pw-s3cret@'
            $r = Invoke-Httpx "$u/cookies/set?sid=from-server" -Client $c -Headers @{ Authorization = 'Bearer t0ken-s3cret'; 'X-Plain' = 'shown' }
            $r.Request.Headers; $r.Headers; $c.Cookies; $r; $c.Dispose()
            """);
        // The header table comes first; the cookies and the response do not fit it, and PowerShell lists them by their
        // default display properties.

        Assert.DoesNotContain("s3cret", text);
        Assert.Matches(@"(?m)^Authorization +\[secure\] *$", text);
        Assert.Matches(@"(?m)^Cookie +\[secure\] *$", text);
        Assert.Matches(@"(?m)^Set-Cookie +\[secure\] *$", text);
        Assert.Matches(@"(?m)^X-Plain +shown *$", text);
        Assert.Matches(@"(?m)^Name +: session *$", text);
        Assert.Matches(@"(?m)^Name +: sid *$", text);
        Assert.Matches(@"(?m)^Domain +: 127\.0\.0\.1 *$", text);
        Assert.Matches(@"(?m)^Request +: <Request\('GET', 'http://ops:\[secure]@127\.0\.0\.1:[0-9]+/cookies/set\?sid=from-server'\)>", text);
    }

    [Fact]
    public void No_view_shows_the_password_of_a_url_which_stays_readable_as_text()
    {
        var script = """
            $u = $base -replace '//', '//ops:s3cret@'
            $r = Invoke-Httpx "$u/redirect/1" -FollowRedirects
            $r; $r.Url; $r.Request; $r.History[0].Request
            $c = New-HttpxClient -BaseUrl "$u/api/"; $c; $c.Dispose()
            New-HttpxRequest "$u/post" -Json @{ a = 1 }
            """;
        var text = _ps.Display(script);
        var redacted = _ps.Server.HttpUrl.Replace("//", "//ops:[secure]@");

        Assert.DoesNotContain("s3cret", text);
        Assert.Matches($@"(?m)^ *200 OK .* {Regex.Escape(redacted)}/get *$", text); // the response table
        Assert.Matches($@"(?m)^Url +: {Regex.Escape(redacted)}/get *$", text); // the URL and its request
        Assert.Contains("Password : [secure]", text);
        Assert.Matches($@"(?m)^Url +: {Regex.Escape(redacted)}/redirect/1 *$", text); // the redirect's request
        Assert.Matches($@"(?m)^BaseUrl +: {Regex.Escape(redacted)}/api/ *$", text);
        Assert.Matches($@"(?m)^Url +: {Regex.Escape(redacted)}/post *$", text);

        // "$url" hides it too (HTTPX's str(url) would not); a script that needs it reads .Password or ToUnredactedString().
        var output = _ps.Run("$u = $base -replace '//', '//ops:s3cret@'; $r = Invoke-Httpx \"$u/get\"; \"$($r.Url)\"; $r.Url.Password; $r.Url.ToUnredactedString()").Output;
        Assert.Equal(new object[] { $"{redacted}/get", "s3cret", $"{_ps.Server.HttpUrl.Replace("//", "//ops:s3cret@")}/get" }, output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_urls_password_stays_out_of_Export_Clixml_and_remoting_which_write_the_url_as_its_redacted_text()
    {
        // Export-Clixml, Start-Job and Invoke-Command serialise a response, request, client or error (its request)
        // through PSSerializer, at depth 2: each Url went out as all its properties, Password and UserInfo in clear.
        var script = """
            $u = $base -replace '//', '//ops:s3cret@'
            $r = Invoke-Httpx "$u/get"
            $c = New-HttpxClient -BaseUrl "$u/api/"
            foreach ($o in $r, $r.Request, $r.Url, $c) { [System.Management.Automation.PSSerializer]::Serialize($o, 2) }
            $c.Dispose()
            $back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($r, 2))
            $back.Url
            """;
        var output = _ps.Run(script).Output.Select(o => o.BaseObject.ToString()!).ToArray();
        var redacted = _ps.Server.HttpUrl.Replace("//", "//ops:[secure]@");

        Assert.All(output, xml => Assert.DoesNotContain("s3cret", xml));
        Assert.Contains($"<S N=\"Url\">{redacted}/get</S>", output[0]);
        Assert.Contains($"<S N=\"BaseUrl\">{redacted}/api/</S>", output[3]);
        Assert.Equal($"{redacted}/get", output[^1]); // read back as the text the console shows
    }

    [Fact]
    public void A_response_and_a_client_read_back_from_a_job_or_Import_Clixml_show_their_url()
    {
        // Start-Job, Invoke-Command and Import-Clixml give the URL back as its redacted text: the views called
        // ToRedactedString() on that string and showed an empty Url column and line.
        var text = _ps.Display("""
            $u = $base -replace '//', '//ops:s3cret@'
            $r = Invoke-Httpx "$base/get", "$u/status/404"
            $back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($r, 2))
            $back
            $c = New-HttpxClient -BaseUrl "$u/api/"
            [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($c, 2))
            $c.Dispose()
            """);
        var redacted = _ps.Server.HttpUrl.Replace("//", "//ops:[secure]@");

        Assert.DoesNotContain("s3cret", text);
        Assert.Matches($@"(?m)^200 OK +1\.1 +{Decimal} application/json +[0-9]+ {Regex.Escape(_ps.Server.HttpUrl)}/get *$", text);
        Assert.Matches($@"(?m)^404 Not Found +1\.1 +{Decimal} application/json +[0-9]+ {Regex.Escape(redacted)}/status/404 *$", text);
        Assert.Matches($@"(?m)^BaseUrl +: {Regex.Escape(redacted)}/api/ *$", text);
    }

    [Fact]
    public void A_password_in_a_redirects_location_is_masked_in_header_views_and_text_as_in_verbose_output()
    {
        var script = """
            $to = [uri]::EscapeDataString(($base -replace '//', '//ops:l0cation-s3cret@') + '/get')
            $r = Invoke-Httpx "$base/redirect-to?url=$to"
            $r.Headers; "$($r.Headers)"; $r.Headers.ToString()
            """;
        var text = _ps.Display(script);
        var redacted = _ps.Server.HttpUrl.Replace("//", "//ops:[secure]@");

        Assert.DoesNotContain("s3cret", text);
        Assert.Matches($@"(?m)^Location +{Regex.Escape(redacted)}/get *$", text); // the header table
        Assert.Contains($"Location: {redacted}/get", text); // the headers as text, as the response's list view shows them
        Assert.Contains($"'location': '{redacted}/get'", text); // HTTPX's repr
    }

    [Fact]
    public void A_transports_text_says_its_settings_not_its_type_name()
    {
        // "$transport" and New-HttpxMockTransport's output (an object without properties shows its text) were
        // 'Httpx.HttpTransport' and 'Httpx.MockTransport'.
        var text = _ps.Display("""
            "[$(New-HttpxTransport)]"
            "[$(New-HttpxTransport -Http2 -Retries 2 -Proxy 'http://ops:s3cret@proxy.example:3128')]"
            New-HttpxMockTransport { New-HttpxResponse 200 }
            """);
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("Httpx.", text);
        Assert.Equal(new[] { "[HttpTransport(http1=True, http2=False)]",
            "[HttpTransport(http1=True, http2=True, proxy=Proxy('http://ops:[secure]@proxy.example:3128'), retries=2)]",
            "MockTransport(handler)" }, Lines(text));
    }

    [Fact]
    public void A_clients_text_says_its_base_url_not_its_type_name()
    {
        // "$client" (and a client in a string or a log line) was 'Httpx.Client'.
        var output = _ps.Run("""
            $c = New-HttpxClient -BaseUrl 'https://ops:s3cret@api.example/v1/'
            "$c"; "$(New-HttpxClient)"
            Close-HttpxClient $c; "$c"
            """).Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { "Client(base_url='https://ops:[secure]@api.example/v1/')", "Client()",
            "Client(base_url='https://ops:[secure]@api.example/v1/', closed)" }, output);
    }

    [Fact]
    public void A_transport_lists_its_settings_one_a_line_with_the_proxy_password_masked()
    {
        var text = _ps.Display("New-HttpxTransport -Http2 -Retries 2 -Proxy 'http://ops:s3cret@proxy.example:3128'");
        Assert.DoesNotContain("s3cret", text);
        Assert.DoesNotContain("HttpTransportOptions {", text);
        Assert.Matches(@"(?m)^Http2 +: True *$", text);
        Assert.Matches(@"(?m)^Retries +: 2 *$", text);
        Assert.Matches(@"(?m)^Proxy +: Proxy\('http://ops:\[secure]@proxy\.example:3128'\) *$", text);
        Assert.Matches(@"(?m)^Limits +: Limits\(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5\.0\) *$", text);
        Assert.Matches(@"(?m)^OpenConnections +: 0 *$", text);
    }
}
