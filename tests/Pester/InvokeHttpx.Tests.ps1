# Pester 5 tests of Invoke-Httpx: outputs, bodies, JSON, timeouts, error records and the pipeline. The same behaviours
# as tests/Httpx.PowerShell.Tests (InvokeHttpxTests, ErrorRecordTests, PipelineTests, ConcurrencyTests).
BeforeDiscovery {
    # Whether this machine has ::1 (IPv6 may be switched off in a container), as the xunit tests and the test server
    # decide: Socket.OSSupportsIPv6 is true there too.
    $NoIPv6Loopback = try {
        $probe = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetworkV6, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
        try { $probe.Bind([System.Net.IPEndPoint]::new([ipaddress]::IPv6Loopback, 0)); $false } finally { $probe.Dispose() }
    } catch { $true }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
}

AfterAll {
    Stop-HttpxTestServer $script:Server
}

Describe 'Invoke-Httpx output' {
    It 'writes the response object' {
        $r = Invoke-Httpx "$base/get"
        $r.StatusCode | Should -Be 200
        "$r" | Should -Be '<Response [200 OK]>'
        $r.Headers['content-type'] | Should -Be 'application/json'
        $r.Request.Method | Should -Be 'GET'
    }

    It 'reads headers, cookies and query parameters as members, like a hashtable' {
        $r = Invoke-Httpx "$base/redirect/2"
        $r.Headers.Location | Should -Be '/redirect/1'
        $r.Headers.'CONTENT-TYPE' | Should -Be 'application/json'
        $r.Headers.'X-Absent' | Should -BeNullOrEmpty
        $r.Headers.Count | Should -Be $r.Headers.Raw.Count
        (Invoke-Httpx "$base/cookies/set/session/abc").Cookies.session | Should -Be 'abc'
        ([Httpx.Url]'https://example.org/?page=2').Params.page | Should -Be '2'
    }

    It 'answers Contains and ContainsKey on headers, cookies and query parameters, as a hashtable does' {
        $r = Invoke-Httpx "$base/redirect/2"
        $r.Headers.Contains('LOCATION') | Should -BeTrue
        $r.Headers.ContainsKey('X-Absent') | Should -BeFalse
        $jar = (Invoke-Httpx "$base/cookies/set/session/abc").Cookies
        $jar.ContainsKey('session') | Should -BeTrue
        $jar.Contains('other') | Should -BeFalse
        ([Httpx.Url]'https://example.org/?page=2').Params.Contains('page') | Should -BeTrue
    }

    It 'gives the values of headers as Values, in the order of their Keys, as a hashtable does' {
        $h = [Httpx.Headers]::From([ordered]@{ Accept = @('a', 'b'); 'X-One' = '1' })
        $h.Keys | Should -Be @('accept', 'x-one')
        $h.Values | Should -Be @('a, b', '1')
        $r = Invoke-Httpx "$base/get"
        $r.Headers.Values.Count | Should -Be $r.Headers.Keys.Count
    }

    It 'gives each enumerated header a Key, as a hashtable entry has, for the Invoke-WebRequest idiom' {
        $r = Invoke-Httpx "$base/response-headers?X-Multi=x&X-Multi=y"
        $r.Headers.GetEnumerator() | Where-Object Key -eq 'X-Multi' | ForEach-Object { "$($_.Key): $($_.Value)" } |
            Should -Be @('X-Multi: x', 'X-Multi: y')
    }

    It 'turns JSON into PowerShell objects with .Json() and -As Json' {
        (Invoke-Httpx "$base/get" -Params @{ n = 5 }).Json() | Should -BeOfType [pscustomobject]
        (Invoke-Httpx "$base/get" -Params @{ n = 5 } -As Json).args.n[0] | Should -Be '5'
    }

    It 'gives JSON numbers as <Type>' -TestCases @(
        @{ Value = 1; Type = [long] }
        @{ Value = 1.5; Type = [double] }
        @{ Value = [bigint]::Pow(10, 30); Type = [bigint] }
    ) {
        (Invoke-Httpx "$base/post" -Json @{ v = $Value } -As Json).json.v | Should -BeOfType $Type
    }

    It 'sends a property whose getter fails as null in -Json, as ConvertTo-Json does' {
        $o = [pscustomobject]@{ id = 1 } | Add-Member -MemberType ScriptProperty -Name due -Value { throw 'no date yet' } -PassThru
        (Invoke-Httpx "$base/post" -Json $o -As Json).body | Should -Be ($o | ConvertTo-Json -Compress)
    }

    It 'sends a class''s hidden property in -Json, in its declared place, as ConvertTo-Json does' {
        class PesterLogin { [string]$User; hidden [string]$Token; [int]$Ttl }
        $login = [PesterLogin]@{ User = 'ops'; Token = 't0'; Ttl = 60 }
        (Invoke-Httpx "$base/post" -Json $login -As Json).body | Should -Be '{"User":"ops","Token":"t0","Ttl":60}'
        $login | ConvertTo-Json -Compress | Should -Be '{"User":"ops","Token":"t0","Ttl":60}'
    }

    It 'names the hidden property of a class through which a -Json value refers to itself' {
        class PesterTreeNode { [string]$Name; hidden [PesterTreeNode]$Parent; [object[]]$Children = @() }
        $root = [PesterTreeNode]@{ Name = 'root' }
        $root.Children = @([PesterTreeNode]@{ Name = 'kid'; Parent = $root })
        { Invoke-Httpx "$base/post" -Json $root -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*written with all its properties (its hidden ones too: Parent)*a cycle through a PesterTreeNode*'
    }

    It 'sends members added to a .NET object after its properties in -Json, as ConvertTo-Json does' {
        $pair = [Collections.Generic.KeyValuePair[string, int]]::new('k', 1) | Add-Member NoteProperty note 'n' -PassThru
        (Invoke-Httpx "$base/post" -Json $pair -As Json).body | Should -Be '{"Key":"k","Value":1,"note":"n"}'
        $pair | ConvertTo-Json -Compress | Should -Be '{"Key":"k","Value":1,"note":"n"}'
    }

    It 'sends a whole decimal in -Json as a float, as ConvertTo-Json does' {
        $body = [ordered]@{ price = [decimal]10; rate = 1.25d }
        (Invoke-Httpx "$base/post" -Json $body -As Json).body | Should -Be '{"price":10.0,"rate":1.25}'
        $body | ConvertTo-Json -Compress | Should -Be '{"price":10.0,"rate":1.25}'
    }

    It 'sends number and boolean keys in -Json as Python''s json does, and refuses other key types naming them' {
        $keys = [ordered]@{ 1 = 'a'; 1.5 = 'b'; $true = 'c'; [DayOfWeek]::Tuesday = 'e' }
        (Invoke-Httpx "$base/post" -Json $keys -As Json).body | Should -Be '{"1":"a","1.5":"b","true":"c","Tuesday":"e"}'
        { $keys | ConvertTo-Json } | Should -Throw -ErrorId 'NonStringKeyInDictionary*'
        { Invoke-Httpx "$base/post" -Json @{ meta = @{ ([datetime]'2024-01-02') = 1 } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*key of type System.DateTime (in the dictionary at .meta)*'
        $twice = [ordered]@{ 1 = 'a' }; $twice['1'] = 'b'
        { Invoke-Httpx "$base/post" -Json $twice -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*two keys written as the JSON key '1'*"
    }

    It 'sends an enum key in -Json as its name, as the hashtable shows it' {
        $groups = Get-ChildItem -Force $PSHOME | Group-Object Attributes -AsHashTable
        $counts = @{}; foreach ($k in $groups.Keys) { $counts[$k] = $groups[$k].Count }
        $sent = (Invoke-Httpx "$base/post" -Json $counts -As Json).body | ConvertFrom-Json -AsHashtable
        $sent.Keys | Sort-Object | Should -Be ($counts.Keys | ForEach-Object ToString | Sort-Object)
        $sent.Keys | Should -Contain 'Directory'
    }

    It 'sends a whole decimal key in -Json as 10, as PowerShell shows it, where the value is 10.0' {
        (Invoke-Httpx "$base/post" -Json ([ordered]@{ 10d = 10d; 2.50d = 'b' }) -As Json).body | Should -Be '{"10":10.0,"2.50":"b"}'
    }

    It 'sends a Newtonsoft JObject, JArray or JValue in -Json as its own JSON' {
        $o = [Newtonsoft.Json.Linq.JObject]::Parse('{"a":[1,2]}')
        (Invoke-Httpx "$base/post" -Json $o -As Json).body | Should -Be '{"a":[1,2]}'
        (Invoke-Httpx "$base/post" -Json ([Newtonsoft.Json.Linq.JArray]::Parse('[1,{"b":null}]')) -As Json).body | Should -Be '[1,{"b":null}]'
        (Invoke-Httpx "$base/post" -Json ([Newtonsoft.Json.Linq.JValue]::new('t')) -As Json).body | Should -Be '"t"'
        (Invoke-Httpx "$base/post" -Json ([ordered]@{ id = 1; data = $o }) -As Json).body | Should -Be '{"id":1,"data":{"a":[1,2]}}'
    }

    It 'writes a JSON array item by item unless -NoEnumerate' {
        @(Invoke-Httpx "$base/json-array" -As Json).Count | Should -BeGreaterThan 1
        @(Invoke-Httpx "$base/json-array" -As Json -NoEnumerate).Count | Should -Be 1
    }

    It 'writes the body as text or bytes' {
        Invoke-Httpx "$base/html" -As Text | Should -Match '^<'
        # One byte[] for the whole body, not a byte per pipeline object.
        $bytes = Invoke-Httpx "$base/bytes/3" -As Bytes
        $bytes.GetType() | Should -Be ([byte[]])
        $bytes.Length | Should -Be 3
    }

    It 'uses <Method> when <Case>' -TestCases @(
        @{ Case = 'there is no body'; Arguments = @{}; Method = 'GET' }
        @{ Case = 'a form is given'; Arguments = @{ Data = @{ a = 'b' } }; Method = 'POST' }
        @{ Case = 'a method is given'; Arguments = @{ Method = 'PUT'; Content = 'x' }; Method = 'PUT' }
    ) {
        (Invoke-Httpx "$base/anything" @Arguments -As Json).method | Should -Be $Method
    }

    It 'shows a table of status and reason, version, ms, content type, length and URL' {
        # The content type is its media type there; Format-List shows it whole.
        $r = Invoke-Httpx "$base/html"
        $lines = ($r | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() }
        $lines[0] -split ' +' -ne '' | Should -Be 'Status', 'HTTP', 'ms', 'ContentType', 'Length', 'Url'
        $lines[2] | Should -Match "^200 OK +1\.1 +[0-9.]+ text/html +[0-9]+ $([regex]::Escape($base))/html *$"
        $r | Format-List | Out-String | Should -Match '(?m)^ContentType +: text/html; charset=utf-8 *$'
    }

    It 'shows ms with one decimal on every row, and whole from 100 seconds on, in the response and download tables' {
        # "12" stood under "202.7"; 1234567.8 ms (a 20-minute download) was cut to "…4567.8". The engine measures the
        # elapsed time, so the test sets it.
        $field = [Httpx.Response].GetField('_elapsed', [Reflection.BindingFlags]'NonPublic, Instance')
        function Elapsed($r, $ms) { $field.SetValue($r.psobject.BaseObject, [timespan]::FromMilliseconds($ms)); $r }
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content 'ok' })
        $responses = foreach ($ms in 12, 202.66, 99999.96, 1234567.8) { Elapsed (Invoke-Httpx 'https://api.invalid/' -Client $c) $ms }
        $downloads = foreach ($ms in 12, 1234567.8) { Elapsed (Invoke-Httpx 'https://api.invalid/' -Client $c -Download (Join-Path $TestDrive $ms) -PassThru) $ms }
        $c.Dispose()
        $ms = { param($text) $text -split "`n" | Where-Object { $_ -match '^200 OK +(?:1\.1 +)?(\S+) ' } | ForEach-Object { $Matches[1] } }
        # 99999.96 ms is an ElapsedMs of 100000.0 (one decimal), 8 characters: whole, as from 100 s on.
        & $ms ($responses | Out-String -Width 80) | Should -Be (12.0).ToString('0.0'), (202.7).ToString('0.0'), '100000', '1234568'
        & $ms ($downloads | Out-String -Width 80) | Should -Be (12.0).ToString('0.0'), '1234568'
    }

    It 'shows a length longer than its column in MB, GB or TB, in the response and download tables' {
        # Cut from the left, a 4.7 GB image's Content-Length read "…0000000" (8 digits; the download table has 10).
        $responses = foreach ($length in 441, 100000000, 157286400, 4700000000) {
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Headers @{ 'Content-Length' = "$length" } }.GetNewClosure())
            Invoke-Httpx 'https://mirror.example/image.iso' -Method HEAD -Client $c
            $c.Dispose()
        }
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content 'ok' })
        $downloads = foreach ($length in 9999999999, 10000000000) {
            $r = Invoke-Httpx 'https://mirror.example/image.iso' -Client $c -Download (Join-Path $TestDrive $length) -PassThru
            $r.FileLength = $length # as a file of that size would give it
            $r
        }
        $c.Dispose()
        $lengths = { param($text, $pattern) $text -split "`n" | Where-Object { $_ -match $pattern } | ForEach-Object { $Matches[1] } }
        & $lengths ($responses | Out-String -Width 80) '^200 OK +1\.1 +\S+ +(\S+(?: [MG]B)?) https://' |
            Should -Be '441', ((95.4).ToString('0.0') + ' MB'), ((150.0).ToString('0.0') + ' MB'), ((4.4).ToString('0.0') + ' GB')
        & $lengths ($downloads | Out-String -Width 80) '^200 OK +\S+ +(\S+(?: GB)?) False ' | Should -Be '9999999999', ((9.3).ToString('0.0') + ' GB')
    }

    It 'never shows the password of a URL, in a table, a list, a request or a string' {
        $u = $base -replace '//', '//ops:s3cret@'
        $r = Invoke-Httpx "$u/get"
        $text = ($r, $r.Url, $r.Request, (New-HttpxClient -BaseUrl $u) | Out-String -Width 200) + ($r | Format-List | Out-String -Width 200)
        $text | Should -Not -Match 's3cret'
        $text | Should -Match ([regex]::Escape(($u -replace 's3cret', '[secure]') + '/get'))
        # Nor in a string (HTTPX's str(url) would show it); the URL as it is sent is asked for by name.
        "$($r.Url)" | Should -Be (($u -replace 's3cret', '[secure]') + '/get')
        $r.Url.ToUnredactedString() | Should -Be "$u/get"
    }

    It 'sends a URL with whitespace around it trimmed, as Invoke-WebRequest does; an Httpx.Url keeps HTTPX''s escaping' {
        (Invoke-Httpx " $base/get " -As Json).url | Should -Be "$base/get"
        (Invoke-Httpx "`t$base/get?a=1`r`n" -As Json).url | Should -Be "$base/get?a=1"
        (New-HttpxRequest "$base/get`r").Url.Path | Should -Be '/get'
        "$([Httpx.Url]'https://example.org/get ')" | Should -Be 'https://example.org/get%20'
    }

    It 'refuses a URL of only whitespace, also with a base URL (only '''' is the base URL itself)' {
        { Invoke-Httpx '  ' -BaseUrl "$base/anything/v1" -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '-Uri is only whitespace*'
        { New-HttpxRequest "`r" -BaseUrl "$base/anything/v1" -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '-Uri is only whitespace*'
        { [pscustomobject]@{ Name = 'web1'; Url = ' ' } | Invoke-Httpx -BaseUrl "$base/anything/v1" -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*the Url property of the piped object with the properties Name, Url holds no URL*'
    }

    It 'converts a response URL to [uri] with its password, and a relative URL to a relative [uri]' {
        ([uri](Invoke-Httpx "$base/get?a=1").Url).Query | Should -Be '?a=1'
        ([uri][Httpx.Url]'https://u:p%40ss@example.org/x').UserInfo | Should -Be 'u:p%40ss'
        ([uri][Httpx.Url]'/relative').IsAbsoluteUri | Should -BeFalse
    }

    It 'gives HTTPX''s reason phrase over HTTP/2, which sends none: <Status> <Reason>' -TestCases @(
        @{ Status = 418; Reason = "I'm a teapot" }
        @{ Status = 505; Reason = 'HTTP Version Not Supported' }
    ) {
        $r = Invoke-Httpx "$https/status/$Status" -Http2 -Verify $ca
        $r.HttpVersion | Should -Be 'HTTP/2'
        $r.ReasonPhrase | Should -BeExactly $Reason
        # As in HTTPX, an HTTP/2 response has no reason_phrase extension (.NET's phrase is not passed off as the server's).
        $r.Extensions.ContainsKey('reason_phrase') | Should -BeFalse
    }

    It 'reads JSON nested deeper than 64 levels, as ConvertFrom-Json does' {
        $v = (New-HttpxResponse 200 -Text (('[' * 100) + 1 + (']' * 100))).Json()
        for ($i = 0; $i -lt 99; $i++) { $v = $v[0] }
        $v[0] | Should -Be 1
    }

    It 'reads NaN, Infinity and -Infinity in JSON as doubles, and only outside strings' {
        $v = (New-HttpxResponse 200 -Text '{"a": NaN, "b": [Infinity, -Infinity], "s": "NaN", "n": 1}').Json()
        $v.a | Should -BeOfType [double]
        [double]::IsNaN($v.a) | Should -BeTrue
        $v.b | Should -Be ([double]::PositiveInfinity), ([double]::NegativeInfinity)
        $v.s | Should -BeExactly 'NaN'
        $v.n | Should -BeOfType [long]
    }

    It 'refuses a JSON key no PowerShell property can be named (<Json>) as a DecodingError naming it' -TestCases @(
        @{ Json = '{"id":1,"":"x"}'; Named = 'an empty key*' }
        @{ Json = '{"psobject":1}'; Named = "the key 'psobject', a name PowerShell reserves*" }
        @{ Json = '{"PSTypeNames":["a"]}'; Named = "the key 'PSTypeNames', a name PowerShell reserves*" }
        @{ Json = '{"id":1,"ID":2}'; Named = "keys that differ only in case ('ID')*; read it as text, or as JSON nodes with `$r.psbase.Json()." }
    ) {
        param($Json, $Named)
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $Json }.GetNewClosure())
        { Invoke-Httpx 'https://api.invalid/items' -Client $c -As Json -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.DecodingError*' -ExpectedMessage "The JSON object has $Named"
        { (New-HttpxResponse 200 -Text $Json).Json() } | Should -Throw -ExceptionType ([Httpx.DecodingException])
    }

    It 'writes a 101 at once with its connection closed, as HTTPX closes a non-streamed response' {
        $t = New-HttpxTransport
        $c = New-HttpxClient -Transport $t
        foreach ($i in 1..3) {
            $r = Invoke-Httpx "$($Server.'raw-tcp')/upgrade-echo" -Headers @{ Connection = 'Upgrade'; Upgrade = 'echo' } -Client $c -Timeout 10
            $t.OpenConnections | Should -Be 0
        }
        $r.StatusCode | Should -Be 101
        $r.Content.Length | Should -Be 0
        $r.IsClosed | Should -BeTrue
        $failure = { $r.Extensions['network_stream'].ReadByte() } | Should -Throw -PassThru
        $failure.Exception.InnerException | Should -BeOfType ([System.ObjectDisposedException])
    }

    It 'talks the new protocol on the network_stream of a 101 from Client.Stream until it is disposed' {
        $t = New-HttpxTransport
        $c = New-HttpxClient -Transport $t
        $r = $c.Stream('GET', "$($Server.'raw-tcp')/upgrade-echo", @{ Headers = @{ Connection = 'Upgrade'; Upgrade = 'echo' } })
        $s = $r.Extensions['network_stream']
        try {
            $reader = [IO.StreamReader]::new($s)
            $reader.ReadLine() | Should -Be 'ready'
            $ping = [Text.Encoding]::ASCII.GetBytes("ping`n")
            $s.Write($ping, 0, $ping.Length)
            $reader.ReadLine() | Should -Be 'ping'
            $t.OpenConnections | Should -Be 1
        } finally { $r.Dispose() }
        $t.OpenConnections | Should -Be 0
    }

    It 'closes the connection of a 101 it does not write as a response (-As, an error raised for it)' {
        $t = New-HttpxTransport
        $c = New-HttpxClient -Transport $t
        $h = @{ Connection = 'Upgrade'; Upgrade = 'echo' }
        $null = Invoke-Httpx "$($Server.'raw-tcp')/upgrade-echo" -Headers $h -Client $c -Timeout 10 -As Text -SkipHttpErrorCheck
        $t.OpenConnections | Should -Be 0
        { Invoke-Httpx "$($Server.'raw-tcp')/upgrade-echo" -Headers $h -Client $c -Timeout 10 -As Json -ErrorAction Stop } | Should -Throw
        { Invoke-Httpx "$($Server.'raw-tcp')/upgrade-echo" -Headers $h -Client $c -Timeout 10 -RaiseForStatus -ErrorAction Stop } | Should -Throw
        $t.OpenConnections | Should -Be 0
    }

    It 'closes a 101''s connection also when a hook read its extensions' {
        $t = New-HttpxTransport
        $c = New-HttpxClient -Transport $t -OnResponse { $null = $_.Extensions['http_version'], $_.Extensions['network_stream'] }
        $r = Invoke-Httpx "$($Server.'raw-tcp')/upgrade-echo" -Headers @{ Connection = 'Upgrade'; Upgrade = 'echo' } -Client $c -Timeout 10
        $r.StatusCode | Should -Be 101
        $t.OpenConnections | Should -Be 0
    }
}

Describe 'Invoke-Httpx request bodies' {
    It 'sends query, headers, cookies and a form' {
        $e = Invoke-Httpx "$base/post" -Params @{ q = 'a b' } -Headers @{ 'X-Test' = 'yes' } -Cookies @{ c = 'v' } -Data @{ f = '1' } -As Json
        $e.args.q[0] | Should -Be 'a b'
        $e.headers.'X-Test' | Should -Be 'yes'
        $e.cookies.c | Should -Be 'v'
        $e.form.f[0] | Should -Be '1'
    }

    It 'writes numbers and dates in a request as the invariant culture does, whatever the current one' {
        # HTTPX's text for them: Invoke-WebRequest -Body @{ x = 1.5 } sends x=1%2C5 under de-DE, and x=1%D9%AB5 under ar-SA.
        $saved = [cultureinfo]::CurrentCulture
        try {
            foreach ($culture in 'de-DE', 'ar-SA', 'th-TH', 'fa-IR') {
                [cultureinfo]::CurrentCulture = $culture
                $when = [datetime]::new(2026, 1, 15, 10, 20, 30, [DateTimeKind]::Utc)
                $e = Invoke-Httpx "$base/post" -Params @{ x = 1.5; n = -2 } -Data @{ x = 1.5; d = $when } -Headers @{ 'X-N' = 1.5; 'X-D' = $when } -As Json
                $e.args.x[0] | Should -Be '1.5' -Because $culture
                $e.args.n[0] | Should -Be '-2' -Because $culture
                $e.form.x[0] | Should -Be '1.5' -Because $culture
                $e.form.d[0] | Should -Be '2026-01-15T10:20:30Z' -Because $culture
                $e.headers.'X-N' | Should -Be '1.5' -Because $culture
                $e.headers.'X-D' | Should -Be 'Thu, 15 Jan 2026 10:20:30 GMT' -Because $culture
                (Invoke-Httpx "$base/post" -Json @{ x = 1.5 } -As Json).body | Should -Be '{"x":1.5}' -Because $culture
            }
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
    }

    It 'sends hashtables as JSON in order and a string as JSON text as it is' {
        (Invoke-Httpx "$base/post" -Json ([ordered]@{ z = 1; a = 2 }) -As Json).body | Should -Be '{"z":1,"a":2}'
        $e = Invoke-Httpx "$base/post" -Json '{ "a" : 1 }' -As Json
        $e.body | Should -Be '{ "a" : 1 }'
        $e.headers.'Content-Type' | Should -Be 'application/json'
    }

    It 'sends -Data as a multipart form when a Content-Type header says multipart/form-data' {
        $e = Invoke-Httpx "$base/post" -Data ([ordered]@{ a = 1; b = 'x' }) -Header 'Content-Type: multipart/form-data' -As Json
        $e.form.a[0] | Should -Be '1'
        $e.form.b[0] | Should -Be 'x'
        $e.headers.'Content-Type'[0] | Should -BeLike 'multipart/form-data; boundary=*'
    }

    It 'sends -Data as multipart under a multipart/related or multipart/mixed Content-Type, keeping its subtype and boundary' {
        $e = Invoke-Httpx "$base/post" -Data ([ordered]@{ a = 1; b = 'x' }) -Headers @{ 'Content-Type' = 'multipart/related; boundary=XYZ' } -As Json
        $e.headers.'Content-Type'[0] | Should -Be 'multipart/related; boundary=XYZ'
        $e.body | Should -Be "--XYZ`r`nContent-Disposition: form-data; name=`"a`"`r`n`r`n1`r`n--XYZ`r`nContent-Disposition: form-data; name=`"b`"`r`n`r`nx`r`n--XYZ--`r`n"
        $e = Invoke-Httpx "$base/post" -Data @{ a = 1 } -Header 'Content-Type: multipart/mixed' -As Json
        $e.headers.'Content-Type'[0] | Should -BeLike 'multipart/mixed; boundary=*'
        $e.body | Should -BeLike ('--' + $e.headers.'Content-Type'[0].Split('=')[1] + "`r`n*")
    }

    It 'sends a byte[] -Data value as a part under a multipart Content-Type without -Files, as it does with -Files' {
        $h = @{ 'Content-Type' = 'multipart/form-data; boundary=B' }
        $part = "--B`r`nContent-Disposition: form-data; name=`"blob`"`r`n`r`nABC`r`n"
        (Invoke-Httpx "$base/post" -Data @{ blob = [byte[]](65, 66, 67) } -Headers $h -As Json).body | Should -BeExactly "$part--B--`r`n"
        $files = Invoke-Httpx "$base/post" -Data @{ blob = [byte[]](65, 66, 67) } -Files @{ f = @{ Content = 'x'; FileName = 'x.txt' } } -Headers $h -As Json
        $files.body.StartsWith($part) | Should -BeTrue
    }

    It 'sends a database NULL as null in -Json and as an empty value in -Data' {
        $t = [Data.DataTable]::new(); $null = $t.Columns.Add('name'); $null = $t.Columns.Add('owner'); $null = $t.Rows.Add('disk', $null)
        $row = $t.Rows[0]
        (Invoke-Httpx "$base/post" -Json ([ordered]@{ name = $row.name; owner = $row.owner; none = [NullString]::Value }) -As Json).body |
            Should -Be '{"name":"disk","owner":null,"none":null}'
        (Invoke-Httpx "$base/post" -Data ([ordered]@{ owner = $row.owner; list = 'a', [DBNull]::Value }) -As Json).body | Should -Be 'owner=&list=a&list='
    }

    It 'sends the empty output of a command in a hashtable as null in -Json and as an empty value in -Data and -Params' {
        $none = [ordered]@{ a = $(if ($false) { 1 }); b = 2 }
        (Invoke-Httpx "$base/post" -Json $none -As Json).body | Should -BeExactly '{"a":null,"b":2}'
        (Invoke-Httpx "$base/post" -Json ([pscustomobject]@{ a = $(foreach ($x in @()) { $x }) }) -As Json).body | Should -BeExactly '{"a":null}'
        (Invoke-Httpx "$base/post" -Data $none -As Json).body | Should -BeExactly 'a=&b=2'
        (Invoke-Httpx "$base/get" -Params $none -As Json).query | Should -BeExactly 'a=&b=2'
    }

    It 'writes a Uri in -Json as it was given, as ConvertTo-Json does' {
        $links = [ordered]@{ home = [uri]'https://example.com'; file = [uri]'https://files.example/a%20b.txt?sig=x%2By' }
        (Invoke-Httpx "$base/post" -Json $links -As Json).body | Should -BeExactly '{"home":"https://example.com","file":"https://files.example/a%20b.txt?sig=x%2By"}'
        (New-HttpxResponse 200 -Json @{ home = [uri]'https://example.com' }).Text | Should -BeExactly '{"home":"https://example.com"}'
    }

    It 'writes members added to a hashtable after its keys in -Json, as ConvertTo-Json does' {
        $tagged = Add-Member -InputObject ([ordered]@{ name = 'disk' }) -NotePropertyName source -NotePropertyValue 'cmdb' -PassThru
        (Invoke-Httpx "$base/post" -Json $tagged -As Json).body | Should -BeExactly '{"name":"disk","source":"cmdb"}'
        (Invoke-Httpx "$base/post" -Json @{ item = $tagged } -As Json).body | Should -BeExactly '{"item":{"name":"disk","source":"cmdb"}}'
    }

    It 'sends a hashtable from a job without the members Receive-Job adds to its output' {
        $report = Start-Job { [ordered]@{ host = 'web1'; free = 42 } } | Receive-Job -Wait -AutoRemoveJob
        $report.PSComputerName | Should -Not -BeNullOrEmpty
        (Invoke-Httpx "$base/post" -Json $report -As Json).body | Should -BeExactly '{"host":"web1","free":42}'
    }

    It 'sends what ConvertTo-Json -Depth 64 writes whole, and refuses one level more' {
        function Chain($levels) { $top = [ordered]@{}; $at = $top; 1..$levels | ForEach-Object { $next = [ordered]@{}; $at.x = $next; $at = $next }; $at.id = 1; $top }
        $deepest = Chain 64
        (Invoke-Httpx "$base/post" -Json $deepest -As Json).body | Should -BeExactly ($deepest | ConvertTo-Json -Depth 64 -Compress)
        { Invoke-Httpx "$base/post" -Json (Chain 65) -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*nested more than 64 levels deep*'
    }

    It 'refuses JSON deeper than 64 levels and cycles' {
        $deep = @{}; $node = $deep
        1..70 | ForEach-Object { $node.next = @{}; $node = $node.next }
        { Invoke-Httpx "$base/post" -Json $deep -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*64 levels*'
        $cycle = @{}; $cycle.self = $cycle
        { Invoke-Httpx "$base/post" -Json $cycle -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*cycle*'
    }

    It 'names a .NET object whose properties never end in -Json, and what to do' {
        $file = Get-Item (New-Item (Join-Path $TestDrive 'report.txt') -Force)
        { Invoke-Httpx "$base/post" -Json @{ report = $file } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage 'The -Json value holds a System.IO.FileInfo, which is written with all its properties*Select-Object*'
    }

    It 'uploads files as multipart' {
        $file = Join-Path $TestDrive 'a.txt'
        Set-Content $file 'alpha' -NoNewline
        $e = Invoke-Httpx "$base/post" -Files @{ one = $file; two = @{ Path = $file; FileName = 'x.csv'; ContentType = 'text/csv' } } -As Json
        $e.files.one[0].filename | Should -Be 'a.txt'
        $e.files.two[0].content_type | Should -Be 'text/csv'
    }

    It 'stops the command once for a FileInfo -Content that does not exist, naming it' {
        $missing = [IO.FileInfo](Join-Path $TestDrive 'no-such-body.bin')
        $e = { "$base/put", "$base/put" | Invoke-Httpx -Method PUT -Content $missing } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Content: file '$($missing.FullName)' does not exist.*" -PassThru
        $e.TargetObject | Should -Be 'Content'
    }

    It 'names a folder from Get-Item as a folder for -Content and -Files' {
        $dir = Get-Item $TestDrive
        $e = { Invoke-Httpx "$base/post" -Content $dir } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Content: '*' is a folder; give a file.*" -PassThru
        $e.TargetObject | Should -Be 'Content'
        { Invoke-Httpx "$base/post" -Files @{ f = $dir } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Files 'f': '*' is a folder; give a file.*"
    }

    It 'names an empty -Files path as empty, not as the current folder' {
        { Invoke-Httpx "$base/post" -Files @{ f = '' } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Files 'f': the path is empty; give a file.*"
    }

    It 'sends the file -InFile names, relative to the current location, as Invoke-WebRequest -InFile does' {
        [IO.File]::WriteAllBytes((Join-Path $TestDrive 'build.zip'), [byte[]](1..200))
        Push-Location $TestDrive
        try {
            $e = Invoke-Httpx "$base/anything" -InFile ./build.zip -As Json
            $e.method | Should -Be 'POST'
            $e.headers.'Content-Length'[0] | Should -Be '200'
            $e.body_length | Should -Be 200
            # As HTTPX's raw body: no Content-Type, none guessed from the extension.
            $e.headers.'Content-Type' | Should -BeNullOrEmpty
            (Invoke-Httpx "$base/anything" -Method PUT -InFile build.zip -As Json).method | Should -Be 'PUT'
            (New-HttpxRequest "$base/anything" -InFile build.zip).Headers['Content-Length'] | Should -Be '200'
        } finally { Pop-Location }
    }

    It 'sends the file of a request built with -InFile as it is when the request is sent' {
        $path = Join-Path $TestDrive 'artifact.zip'
        [IO.File]::WriteAllText($path, 'old build')
        $request = New-HttpxRequest "$base/anything" -Method PUT -InFile $path
        [IO.File]::WriteAllText("$path.new", 'new build')
        Move-Item "$path.new" $path -Force
        ($request | Invoke-Httpx -As Json).body | Should -Be 'new build'
        ($request | Invoke-Httpx -As Json).body | Should -Be 'new build'
    }

    It 'takes the -InFile path literally, not as a wildcard' {
        [IO.File]::WriteAllBytes((Join-Path $TestDrive 'a[1].bin'), [byte[]](1..30))
        [IO.File]::WriteAllBytes((Join-Path $TestDrive 'a1.bin'), [byte[]](1..10))
        Push-Location $TestDrive
        try {
            (Invoke-Httpx "$base/anything" -InFile 'a[1].bin' -As Json).body_length | Should -Be 30
        } finally { Pop-Location }
    }

    It 'stops the command once for a missing or folder -InFile, or -InFile with another body, naming it' {
        $missing = Join-Path $TestDrive 'no-such-body.bin'
        $e = { "$base/put", "$base/put" | Invoke-Httpx -Method PUT -InFile $missing } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand' -ExpectedMessage "-InFile: file '$missing' does not exist.*" -PassThru
        $e.TargetObject | Should -Be 'InFile'
        { New-HttpxRequest "$base/post" -InFile $TestDrive } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-InFile: '*' is a folder; give a file.*"
        { Invoke-Httpx "$base/post" -InFile $missing -Content 'raw' } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '-Content and -InFile each give the request''s body*'
    }

    It 'takes -Files paths from the current location, literally, and refuses one of another provider before any request' {
        Set-Content -LiteralPath (Join-Path $TestDrive 'up[1].txt') 'location' -NoNewline
        Push-Location $TestDrive
        try {
            (Invoke-Httpx "$base/post" -Files @{ f = 'up[1].txt' } -As Json).files.f[0].content | Should -Be 'location'
        } finally { Pop-Location }
        $script:sent = 0
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) $script:sent++; @{ Text = 'x' } })
        $e = { Invoke-Httpx https://example.org/ -Client $c -Files @{ f = @{ Path = 'variable:up.txt' } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand' -ExpectedMessage "-Files 'f': 'variable:up.txt' is a path of the Variable provider: give a path in the file system.*" -PassThru
        $e.TargetObject | Should -Be 'Files'
        $script:sent | Should -Be 0
    }

    It 'refuses a line break in a -Files ContentType, naming -Files' {
        $e = { Invoke-Httpx "$base/post" -Files @{ f = @{ Content = 'x'; ContentType = "text/plain`r`nX-Injected: 1" } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "The Content-Type of file 'f' contains a line break: 'text/plain\r\nX-Injected: 1'.*" -PassThru
        $e.TargetObject | Should -Be 'Files'
    }

    It 'sends a -Files part without a filename, with its own type, for NoFileName = $true' {
        $e = Invoke-Httpx "$base/post" -As Json -Files ([ordered]@{
            metadata = @{ Content = '{"a":1}'; ContentType = 'application/json'; NoFileName = $true }
            file = @{ Content = 'x'; FileName = 'x.txt' }
        })
        $delimiter = $e.body.Substring(0, $e.body.IndexOf("`r`n", [StringComparison]::Ordinal))
        $e.body.Split($delimiter)[1] | Should -BeLike "`r`nContent-Disposition: form-data; name=`"metadata`"`r`nContent-Type: application/json`r`n`r`n*"
        $e.form.metadata[0] | Should -Be '{"a":1}'
        $e.files.file[0].filename | Should -Be 'x.txt'
        { Invoke-Httpx "$base/post" -Files @{ f = @{ Content = 'x'; FileName = 'x.txt'; NoFileName = $true } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Files 'f': give FileName or NoFileName, not both.*"
    }

    It 'refuses a -Files hashtable with both Path and Content' {
        $path = Join-Path $TestDrive 'both.txt'
        [IO.File]::WriteAllText($path, 'from the file')
        $e = { Invoke-Httpx "$base/post" -Files @{ f = @{ Path = $path; Content = 'from memory' } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Files 'f': give Path or Content, not both.*" -PassThru
        $e.TargetObject | Should -Be 'Files'
    }

    It 'adds a -Files part''s own Headers, and refuses Headers that are not a hashtable' {
        $e = Invoke-Httpx "$base/post" -As Json -Files @{ f = @{ Content = 'x'; FileName = 'x.txt'; Headers = @{ 'X-Checksum' = 'abc' } } }
        $delimiter = $e.body.Substring(0, $e.body.IndexOf("`r`n", [StringComparison]::Ordinal))
        $e.body.Split($delimiter)[1] | Should -BeLike "`r`nContent-Disposition: form-data; name=`"f`"; filename=`"x.txt`"`r`nX-Checksum: abc`r`nContent-Type: text/plain`r`n`r`n*"
        $e = { Invoke-Httpx "$base/post" -Files @{ f = @{ Content = 'x'; Headers = 'X-A: 1' } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Files 'f': Headers is a hashtable of header names to values, not System.String.*" -PassThru
        $e.TargetObject | Should -Be 'Files'
    }

    It 'stops the command once for an empty boundary in its Content-Type with -Files, not once per piped URL' {
        { 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b' | Invoke-Httpx -Headers @{ 'Content-Type' = 'multipart/related; boundary=' } -Files @{ f = @{ Content = 'x' } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*Invalid multipart boundary '' in the Content-Type header*"
    }

    It 'stops the command once for an empty boundary in its Content-Type with -Data alone, not once per piped URL' {
        $e = { 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b' | Invoke-Httpx -Headers @{ 'Content-Type' = 'multipart/form-data; boundary=' } -Data @{ a = 1 } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "Invalid multipart boundary '' in the Content-Type header 'multipart/form-data; boundary=': *" -PassThru
        $e.TargetObject | Should -Be 'Headers'
    }

    It 'uses the boundary of a multipart/related Content-Type for -Files, and refuses an empty one naming the header' {
        $e = Invoke-Httpx "$base/post" -As Json -Headers @{ 'Content-Type' = 'multipart/related; boundary=XYZ' } -Files @{ f = @{ Content = 'x'; FileName = 'x.txt' } }
        $e.headers.'Content-Type'[0] | Should -Be 'multipart/related; boundary=XYZ'
        $e.body | Should -BeLike "--XYZ`r`n*`r`n--XYZ--`r`n"
        { Invoke-Httpx "$base/post" -Headers @{ 'Content-Type' = 'multipart/form-data; boundary=' } -Files @{ f = @{ Content = 'x' } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "Invalid multipart boundary '' in the Content-Type header 'multipart/form-data; boundary=': *"
    }

    It 'joins relative URLs to -BaseUrl' {
        (Invoke-Httpx '/get' -BaseUrl "$base/anything" -As Json).path | Should -Be '/anything/get'
    }

    It 'refuses a -BaseUrl that does not parse once for the command, not once per piped URL' {
        $thrown = $null
        try { 'a', 'b', 'c' | Invoke-Httpx -BaseUrl 'https://ops:s3cret@api.example:99999/v1/' -ThrottleLimit 4 -ErrorAction SilentlyContinue -ErrorVariable failures }
        catch { $thrown = $_ }
        @($failures).Count | Should -Be 1
        $thrown.FullyQualifiedErrorId | Should -Be 'Httpx.InvalidURL,Httpx.PowerShell.Commands.InvokeHttpxCommand'
        $thrown.TargetObject | Should -Be 'https://ops:[secure]@api.example:99999/v1/'
        "$thrown" | Should -Not -BeLike '*s3cret*'
        { 'x', 'y' | New-HttpxRequest -BaseUrl 'http://[::1/v1/' -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidURL,*' -ExpectedMessage 'Invalid IPv6 address*'
    }

    It 'encodes a string -Content in the charset its Content-Type names, as Invoke-WebRequest' {
        (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain; charset=iso-8859-1' -As Json).body_base64 | Should -Be '6Q=='
        (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain' -As Json).body_base64 | Should -Be 'w6k='
        $e = { Invoke-Httpx "$base/post" -Content 'price: 5€' -Headers @{ 'Content-Type' = 'text/plain; charset=latin-1' } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Content: '€' (U+20AC) cannot be encoded in charset latin-1*" -PassThru
        $e.TargetObject | Should -Be 'Content'
    }

    It 'refuses a string -Content cut inside an emoji, where UTF-8 would send U+FFFD for the half character' {
        $e = { Invoke-Httpx "$base/post" -Content 'a😀'.Substring(0, 2) } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '-Content: The text has half of a surrogate pair (U+D83D) at character 1*' -PassThru
        $e.TargetObject | Should -Be 'Content'
    }

    It 'sends -Json in the charset its -ContentType names, its non-ASCII characters escaped, where UTF-8 bytes read as other text' {
        $r = Invoke-Httpx "$base/post" -Json @{ s = 'café €' } -ContentType 'application/json; charset=iso-8859-1' -As Json
        [Text.Encoding]::Latin1.GetString([Convert]::FromBase64String($r.body_base64)) | Should -BeExactly '{"s":"caf\u00e9 \u20ac"}'
        $r.json.s | Should -BeExactly 'café €'
        (Invoke-Httpx "$base/post" -Json @{ s = 'é' } -ContentType 'application/json; charset=utf-8' -As Json).body_base64 | Should -Be 'eyJzIjoiw6kifQ=='
    }

    It 'starts a string -Content with a byte order mark under utf-16, utf-32 and utf-8-sig, as Python writes them' {
        (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain; charset=utf-16' -As Json).body_base64 | Should -Be '//7pAA=='
        (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain; charset=utf-8-sig' -As Json).body_base64 | Should -Be '77u/w6k='
        (Invoke-Httpx "$base/post" -Content 'é' -Header 'Content-Type: text/plain; charset=utf-16le' -As Json).body_base64 | Should -Be '6QA='
    }

    It 'sends an [xml] -Content in the encoding its declaration names when the Content-Type names no charset' {
        $doc = [xml]'<?xml version="1.0" encoding="iso-8859-1"?><foo a="é" />'
        (Invoke-Httpx "$base/post" -Content $doc -Header 'Content-Type: application/xml' -As Json).body_base64 |
            Should -Be ([Convert]::ToBase64String([Text.Encoding]::Latin1.GetBytes('<?xml version="1.0" encoding="iso-8859-1"?><foo a="é" />')))
        { Invoke-Httpx "$base/post" -Content ([xml]'<?xml version="1.0" encoding="x-no-such-codec"?><foo />') } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*'
    }

    It 'sends an [xml] -Content as its markup, in the Content-Type''s charset, as Invoke-WebRequest -Body' {
        $doc = [xml]'<?xml version="1.0"?><foo a="é" />'
        (Invoke-Httpx "$base/post" -Content $doc -Header 'Content-Type: text/xml' -As Json).body | Should -BeExactly '<?xml version="1.0"?><foo a="é" />'
        (Invoke-Httpx "$base/post" -Body $doc.DocumentElement -Header 'Content-Type: text/xml; charset=iso-8859-1' -As Json).body_base64 |
            Should -Be ([Convert]::ToBase64String([Text.Encoding]::Latin1.GetBytes('<foo a="é" />')))
    }

    It 'encodes a string -Content in the charset of -Client''s Content-Type when the call gives none' {
        $c = New-HttpxClient -Headers @{ 'Content-Type' = 'text/plain; charset=iso-8859-1' }
        (Invoke-Httpx "$base/post" -Client $c -Content 'é' -As Json).body_base64 | Should -Be '6Q=='
        [Convert]::ToBase64String((New-HttpxRequest "$base/post" -Client $c -Content 'é').Content) | Should -Be '6Q=='
        (Invoke-Httpx "$base/post" -Client $c -Content 'é' -Header 'Content-Type: text/plain; charset=utf-8' -As Json).body_base64 | Should -Be 'w6k='
    }

    It 'sends bytes and a stream as the body, with -Body as the alias of -Content' {
        $e = Invoke-Httpx "$base/post" -Content ([byte[]](104, 105, 0, 255)) -As Json
        $e.body_base64 | Should -Be 'aGkA/w=='
        $stream = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes('from a stream'))
        (Invoke-Httpx "$base/post" -Body $stream -As Json).body | Should -Be 'from a stream'
    }

    It 'refuses a closed stream as -Content, naming its file and that it is closed' {
        $path = Join-Path $TestDrive 'closed.bin'
        Set-Content -LiteralPath $path -Value 'body'
        $f = [IO.File]::OpenRead($path)
        $f.Dispose()
        { Invoke-Httpx "$base/post" -Content $f -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "The body's file '$path' cannot be read: it is closed (disposed).*"
    }

    It 'refuses a hashtable -Body, pointing to -Params for a GET, -Data and -Json' {
        { Invoke-Httpx "$base/get" -Body @{ a = 1 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*hashtable -Body is -Params here for a GET (it went in the query string) and -Data for a POST (form fields); -Json*"
    }

    It 'refuses a file read as lines or bytes for -Body, pointing to Get-Content -Raw and -InFile' {
        $file = Join-Path $TestDrive 'lines.txt'
        Set-Content $file 'line 1', 'line 2'
        { Invoke-Httpx "$base/post" -Body (Get-Content $file) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*not a list of 2 strings (Get-Content without -Raw gives a file''s lines)*Get-Content -Raw*-InFile*'
        { Invoke-Httpx "$base/post" -Body (Get-Content $file -AsByteStream) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*not a list of * bytes (Get-Content -AsByteStream without -Raw gives them one by one)*-InFile*'
    }

    It 'refuses an HttpContent -Body (a MultipartFormDataContent), pointing to -Data and -Files' {
        $form = [System.Net.Http.MultipartFormDataContent]::new()
        $form.Add([System.Net.Http.StringContent]::new('TestValue'), 'TestString')
        { Invoke-Httpx "$base/post" -Body $form -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*MultipartFormDataContent*fields to -Data and its files to -Files*'
    }

    It 'takes $null FileName and ContentType as not given, any list of files, and a MultipartFile under its key' {
        $list = [Collections.ArrayList]::new(); $null = $list.Add($ca); $null = $list.Add($ca)
        $e = Invoke-Httpx "$base/post" -As Json -Files @{
            a = @{ Path = $ca; ContentType = $null }
            b = @{ Path = $ca; FileName = $null }
            many = $list
            renamed = [Httpx.MultipartFile]::FromText('other', 'x', 'x.txt', 'text/plain')
        }
        $e.files.a[0].content_type | Should -Be 'application/octet-stream'
        $e.files.b[0].filename | Should -Be (Split-Path $ca -Leaf)
        $e.files.many | Should -HaveCount 2
        $e.files.renamed[0].content | Should -Be 'x'
        $e.files.renamed[0].filename | Should -Be 'x.txt'
    }

    It 'sends a byte[] -Data value as a multipart value' {
        (Invoke-Httpx "$base/post" -Data @{ raw = [byte[]](65, 66) } -Files @{ f = $ca } -As Json).form.raw -join ',' | Should -Be 'AB'
    }

    It 'keeps -Params names that differ only in case, from a case-sensitive Dictionary' {
        $d = [Collections.Generic.Dictionary[string, object]]::new(); $d['q'] = 'lower'; $d['Q'] = 'upper'
        (New-HttpxRequest "$base/get" -Params $d).Url.Query | Should -BeExactly 'q=lower&Q=upper'
    }

    It 'takes -Params as HTTPX takes params: a list of pairs, a query string or a QueryParams, repeats kept' {
        (Invoke-Httpx "$base/get" -Params @(@('tag', 'a'), @('page', 2), @('tag', 'b')) -As Json).query | Should -BeExactly 'tag=a&tag=b&page=2'
        (Invoke-Httpx "$base/get" -Params 'tag=a&tag=b' -As Json).query | Should -BeExactly 'tag=a&tag=b'
        (New-HttpxRequest "$base/get" -Params ([Httpx.QueryParams]::From('z=1&z=2'))).Url.Query | Should -BeExactly 'z=1&z=2'
        $c = New-HttpxClient -Params @(@('k', '1'), @('k', '2'))
        (Invoke-Httpx "$base/get" -Client $c -As Json).query | Should -BeExactly 'k=1&k=2'
        { New-HttpxRequest "$base/get" -Params @('tag', 'a') } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Params: item 1 of the list is the string 'tag', not a (name, value) pair*"
    }

    It 'leaves the query of the URL as written with an empty -Params' {
        (New-HttpxRequest "$base/get?`$select=id,name&flag" -Params @{}).Url.Query | Should -Be '$select=id,name&flag'
    }

    It 'writes a [single] in -Json as written' {
        (Invoke-Httpx "$base/post" -Json @{ sng = [single]0.1 } -As Json).body | Should -Be '{"sng":0.1}'
    }

    It 'writes an enum in -Json as its number, a ulong one above Int64 too' {
        Add-Type -TypeDefinition 'public enum HttpxPesterWideFlags : ulong { Low = 1, Top = 18446744073709551615 }'
        $body = [ordered]@{ low = [HttpxPesterWideFlags]::Low; top = [HttpxPesterWideFlags]::Top }
        (Invoke-Httpx "$base/post" -Json $body -As Json).body | Should -Be '{"low":1,"top":18446744073709551615}'
    }
}

Describe 'Invoke-Httpx -Header' {
    It 'sends the values of an array in -Headers on one line, joined as the help says, and nothing for an empty one' {
        $h = [ordered]@{ 'X-List' = 'a/b', 'c/d'; Cookie = 'a=1', 'b=2'; Accept = @() }
        $head = [Text.Encoding]::Latin1.GetString((Invoke-Httpx "$($Server.'raw-tcp')/echo-raw" -Headers $h).Content)
        $head | Should -BeLike "*`r`nX-List: a/b, c/d`r`n*"
        $head | Should -BeLike "*`r`nCookie: a=1; b=2*"
        $head | Should -BeLike "*`r`nAccept: */*`r`n*"
    }

    It 'sends every value of -Header items after the -Headers entries' {
        $e = Invoke-Httpx "$base/get" -Header 'X-One: 1', 'X-One: 2', 'X-Three: b' -Headers @{ 'X-Two' = '3'; 'X-Three' = 'a' } -As Json
        $e.headers.'X-One' -join ', ' | Should -Be '1, 2'
        $e.headers.'X-Two' -join ', ' | Should -Be '3'
        $e.headers.'X-Three' -join ', ' | Should -Be 'a, b'
    }

    It 'splits at the first colon, trims, and replaces a default header' {
        $e = Invoke-Httpx "$base/get" -H '  X-Url :  http://a/b?c=1  ', 'User-Agent: probe/1' -As Json
        $e.headers.'X-Url' -join '|' | Should -Be 'http://a/b?c=1'
        $e.headers.'User-Agent' -join '|' | Should -Be 'probe/1'
    }

    It 'names a malformed item without its value: <Item>' -TestCases @(
        @{ Item = 'Authorization Bearer s3cr3t-token'; Named = 'Authorization' }
        @{ Item = 'Cookie sid=s3cr3t-token: x'; Named = 'Cookie' }
        @{ Item = ': Bearer s3cr3t-token'; Named = 'no name' }
        @{ Item = 'X-Debug'; Named = "'Name: value'" }
    ) {
        $failure = { Invoke-Httpx "$base/get" -Header 'X-Fine: 1', $Item -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $failure.Exception.Message | Should -BeLike "*-Header item 2*$Named*"
        $failure.Exception.Message | Should -Not -BeLike '*s3cr3t*'
    }

    It 'refuses a value that is not text, naming the header: <Value>' -TestCases @(
        @{ Value = @{ a = 1 }; Named = 'a hashtable' }
        @{ Value = [pscustomobject]@{ a = 1 }; Named = 'a PSCustomObject' }
    ) {
        { Invoke-Httpx "$base/get" -Headers @{ 'X-A' = $Value } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*'X-A'*$Named*"
    }

    It 'stops with one error for all its URLs on a bad header: <Name>' -TestCases @(
        @{ Name = 'non-ASCII'; Headers = @{ 'X-Name' = 'José' } }
        @{ Name = 'null'; Headers = @{ 'X-Name' = $null } }
        @{ Name = 'bad name'; Headers = @{ 'X Name' = '1' } }
    ) {
        # Each URL failed with the same error, targeting it; now the command stops once, before any request.
        $failure = { "$base/get?n=1", "$base/get?n=2" | Invoke-Httpx -Headers $Headers -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $failure.TargetObject | Should -Be 'Headers'
    }

    It 'sends numbers, lists and bytes as header values' {
        $e = Invoke-Httpx "$base/get" -Headers @{ 'X-N' = 5; 'X-L' = 1, 'two'; 'X-B' = [byte[]][char[]]'hi' } -As Json
        $e.headers.'X-N' -join ', ' | Should -Be '5'
        $e.headers.'X-L' -join ', ' | Should -Be '1, two'
        $e.headers.'X-B' -join ', ' | Should -Be 'hi'
    }

    It 'sends a cookie given as UTF-8 bytes as it was' {
        $head = [Text.Encoding]::UTF8.GetString((Invoke-Httpx "$($Server.'raw-tcp')/echo-raw" -Headers @{ Cookie = [Text.Encoding]::UTF8.GetBytes('n=José') }).Content)
        $head | Should -Match "`r`nCookie: n=José`r`n"
    }

    It 'sends a Host header it is given first, as HTTPX does' {
        $head = [Text.Encoding]::Latin1.GetString((Invoke-Httpx "$($Server.'raw-tcp')/echo-raw" -Header 'X-Before: 1', 'Host: example.com').Content)
        $head | Should -BeLike "GET /echo-raw HTTP/1.1`r`nHost: example.com`r`n*"
    }

    It 'sends the body chunked under a Transfer-Encoding: chunked header, as HTTPX and curl do' {
        $e = Invoke-Httpx "$base/post" -Method POST -Content 'abc' -Header 'Transfer-Encoding: chunked' -As Json
        $e.chunked | Should -BeTrue
        $e.content_length | Should -BeNullOrEmpty
        $e.body | Should -BeExactly 'abc'
    }

    It 'refuses a Transfer-Encoding other than chunked, as LocalProtocolError, as HTTPX does' {
        { Invoke-Httpx "$base/post" -Method POST -Content 'abc' -Header 'Transfer-Encoding: gzip, chunked' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.LocalProtocolError*' -ExpectedMessage "*'gzip, chunked'*only chunked*"
    }

    It 'completes header names as ''Name: '' and then common values' {
        $complete = { param($line) (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText }
        $names = & $complete 'Invoke-Httpx http://x -Header Acc'
        $names | Should -HaveCount 3
        $names | Should -Contain "'Accept: '"
        $names | Should -Contain "'Accept-Encoding: '"
        & $complete "Invoke-Httpx http://x -Header 'Content-Type: application/j" | Should -Be "'Content-Type: application/json'"
        & $complete "New-HttpxRequest http://x -Header 'X-Request-Id: " | Should -BeNullOrEmpty
    }

    It 'completes the keys of a -Timeout hashtable' {
        $line = 'Invoke-Httpx http://x -Timeout @{ Connect = 60; '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'Pool', 'Read', 'Write'
    }
}

Describe 'Invoke-Httpx -Timeout' {
    It 'names a timeout under a millisecond with its digits, never as 0 s' {
        { Invoke-Httpx "$base/delay/3000" -Timeout @{ Read = 0.0004 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ReadTimeout*' -ExpectedMessage 'Timed out after 0.0004 s waiting for the response*'
    }

    It 'says a port that took the connection timed out in its TLS handshake, and the other URLs go on' {
        # Listening, never accepting: the system completes the TCP connect, and no one answers the ClientHello.
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port
        try {
            $codes = "$base/get", "https://127.0.0.1:$port/health", "$base/status/503" |
                Invoke-Httpx -ThrottleLimit 4 -Timeout @{ Connect = 0.3; Read = 30 } -ErrorVariable failed -ErrorAction SilentlyContinue |
                ForEach-Object StatusCode
        }
        finally { $listener.Stop() }
        $codes | Sort-Object | Should -Be @(200, 503)
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectTimeout,*'
        $failed[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failed[0].TargetObject | Should -Be "https://127.0.0.1:$port/health"
        "$($failed[0])" | Should -Be "Timed out after 0.3 s in the TLS handshake with 127.0.0.1:${port}: the connection was made, but the server did not complete TLS (GET https://127.0.0.1:$port/health)"
    }

    It 'raises ReadTimeout when the server is slower than the read limit' {
        { Invoke-Httpx "$base/delay/3000" -Timeout @{ Read = 0.2 } -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ReadTimeout*'
    }

    It 'says when the read limit ran out in the body, after the status and headers came' {
        { Invoke-Httpx "$base/drip?chunks=2&size=10&delay_ms=30000" -Timeout @{ Read = 1 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ReadTimeout*' -ExpectedMessage 'Timed out after 1 s waiting for more of the response body, 10 bytes into it; * (GET *'
    }

    It 'keeps the events of an idle watch that times out, and says how much came and how to wait longer' {
        $Error.Clear()
        $items = Invoke-Httpx "$base/ndjson/0?delay_ms=30000" -Stream JsonLines -Timeout @{ Read = 1 } -ErrorAction SilentlyContinue
        $items.i | Should -Be 1
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ReadTimeout,*'
        "$($Error[0])" | Should -BeLike 'Timed out after 1 s waiting for more of the response body, 27 bytes into it; * or none: -Timeout @{ Read = 0 } (GET *'
    }

    It 'sends more than a hundred client-less requests at once without waiting for the pool' {
        $Error.Clear()
        # The server holds each request until all 110 are in flight together.
        $key = [guid]::NewGuid().ToString('N')
        $r = 1..110 | ForEach-Object { "$base/inflight?wait_for=110&timeout_ms=10000&key=$key&i=$_" } |
            Invoke-Httpx -ThrottleLimit 110 -Timeout @{ Read = 30 } -As Json -ErrorAction SilentlyContinue
        $Error.Count | Should -Be 0
        @($r | Where-Object reached).Count | Should -Be 110
    }

    It 'takes the timeout in seconds' {
        { Invoke-Httpx "$base/delay/3000" -Timeout 0.2 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ReadTimeout*'
        (Invoke-Httpx "$base/delay/10" -Timeout 30).StatusCode | Should -Be 200
    }

    It 'takes a limit longer than a timer can wait as no limit' {
        (Invoke-Httpx "$base/get" -Timeout 1e7).StatusCode | Should -Be 200
        (Invoke-Httpx "$base/get" -Client (New-HttpxClient -KeepAliveExpiry 1e300)).StatusCode | Should -Be 200
    }

    It 'refuses a list of timeouts naming its values, and takes a list of one as that one' {
        { Invoke-Httpx "$base/get" -Timeout 5, 30 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*Invalid timeout 5, 30: give one number of seconds for all four limits, or a hashtable for separate ones*'
        { New-HttpxClient -Timeout @() } | Should -Throw -ExpectedMessage '*Invalid timeout @(): give one number of seconds*'
        { New-HttpxClient -Timeout $null, 5 } | Should -Throw -ExpectedMessage '*Invalid timeout $null, 5: give one number of seconds*'
        (New-HttpxRequest "$base/get" -Timeout @(0.2)).Extensions['timeout'].ToString() | Should -Be 'Timeout(timeout=0.2)'
        (New-HttpxClient -Timeout @(@{ Read = 7 })).Timeout.ToString() | Should -Be 'Timeout(connect=5.0, read=7.0, write=5.0, pool=5.0)'
    }

    It 'refuses a -Timeout list that holds only itself rather than hang (InvokeHttpxTests.A_Timeout_list_that_holds_only_itself_is_refused_not_unwrapped_for_ever)' {
        $l = [System.Collections.ArrayList]::new(); $null = $l.Add($l)
        { New-HttpxClient -Timeout $l } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*Invalid timeout System.Collections.ArrayList: give one number of seconds*'
    }

    It 'names the item of a one-item -Timeout list that is no timeout (InvokeHttpxTests.A_one_item_Timeout_list_that_is_no_timeout_is_refused_naming_the_item)' {
        { New-HttpxClient -Timeout @([guid]::Empty) } |
            Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,*' -ExpectedMessage '*Cannot convert the "00000000-0000-0000-0000-000000000000" value of type "System.Guid" to type "Httpx.PowerShell.HttpxTimeout"*'
    }

    It 'takes a TimeSpan, alone or per limit in a hashtable' {
        (New-HttpxRequest "$base/get" -Timeout ([timespan]'0:0:30')).Extensions['timeout'].Read | Should -Be 30
        (New-HttpxRequest "$base/get" -Timeout @{ Read = [timespan]'0:0:2.5' }).Extensions['timeout'].Read | Should -Be 2.5
        { Invoke-Httpx "$base/delay/3000" -Timeout (New-TimeSpan -Milliseconds 200) -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ReadTimeout*'
        { Invoke-Httpx "$base/delay/3000" -Timeout @{ Read = [timespan]::FromMilliseconds(200) } -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ReadTimeout*'
    }

    It 'keeps the limits of -Client that a hashtable leaves out' {
        $c = New-HttpxClient -Timeout @{ Connect = 4; Read = 0.2; Write = 7; Pool = 8 }
        "$((New-HttpxRequest "$base/get" -Client $c -Timeout @{ Read = 30 }).Timeout)" | Should -Be 'Timeout(connect=4.0, read=30.0, write=7.0, pool=8.0)'
        "$((New-HttpxRequest "$base/get" -Timeout @{ Read = 30 }).Timeout)" | Should -Be 'Timeout(connect=5.0, read=30.0, write=5.0, pool=5.0)'
        { Invoke-Httpx "$base/delay/3000" -Client $c -Timeout @{ Write = 9 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ReadTimeout*' -ExpectedMessage 'Timed out after 0.2 s*'
    }

    It 'names an unknown timeout key' {
        { Invoke-Httpx "$base/get" -Timeout @{ Bogus = 1 } -ErrorAction Stop } | Should -Throw -ExpectedMessage '*Bogus*'
    }

    It 'refuses a bad value with its own message, not .NET''s parameter name' {
        { Invoke-Httpx "$base/get" -Timeout @{ Conect = 3 } } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage "*Unknown timeout 'Conect': use Connect, Read, Write, Pool (seconds; 0 or `$null for no limit)."
        { Invoke-Httpx "$base/get" -Timeout -1 } | Should -Throw -ExpectedMessage '*Invalid timeout -1: give a positive number of seconds*Read = 10 }.'
        { New-HttpxClient -Timeout 'abc' } | Should -Throw -ExpectedMessage "*Invalid timeout 'abc': give seconds (a number)*Read = 10 }."
        # A hashtable's key before its value: not the whole parameter's message, nor a misspelt key named as a bad value.
        { Invoke-Httpx "$base/get" -Timeout @{ Timeout = -1 } } | Should -Throw -ExpectedMessage "*Unknown timeout 'Timeout': use Connect*"
        { New-HttpxClient -Timeout @{ Conect = -1 } } | Should -Throw -ExpectedMessage "*Unknown timeout 'Conect': use Connect*"
    }
}

Describe 'Invoke-Httpx -Timeout $null' {
    It 'means no limit, also over a client''s timeout, as HTTPX''s timeout=None' {
        $c = New-HttpxClient -Timeout 0.2
        (Invoke-Httpx "$base/delay/500" -Client $c -Timeout $null).StatusCode | Should -Be 200
        Close-HttpxClient $c
    }
}

Describe 'Invoke-Httpx -TimeoutSec' {
    It 'is -Timeout under Invoke-WebRequest''s name' {
        (Invoke-Httpx "$base/get" -TimeoutSec 30).StatusCode | Should -Be 200
        { Invoke-Httpx "$base/delay/3000" -TimeoutSec 0.2 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ReadTimeout*'
    }
}

Describe 'Invoke-Httpx -ConnectionTimeoutSeconds and -CustomMethod' {
    It 'are -Timeout and -Method under Invoke-WebRequest''s names' {
        { Invoke-Httpx "$base/delay/3000" -ConnectionTimeoutSeconds 0.2 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ReadTimeout*'
        (New-HttpxClient -ConnectionTimeoutSeconds 30).Timeout.Read | Should -Be 30
        (Invoke-Httpx "$base/anything" -CustomMethod PURGE -As Json).method | Should -BeExactly 'PURGE'
    }
}

Describe 'Invoke-Httpx errors' {
    It 'writes <Id> (<Category>) for <Uri>' -TestCases @(
        @{ Uri = 'http://127.0.0.1:1/'; Id = 'Httpx.ConnectError'; Category = 'ConnectionError' }
        @{ Uri = 'http://example.com:notaport/'; Id = 'Httpx.InvalidURL'; Category = 'InvalidArgument' }
        @{ Uri = 'ftp://127.0.0.1/'; Id = 'Httpx.UnsupportedProtocol'; Category = 'InvalidArgument' }
    ) {
        Invoke-Httpx $Uri -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $failure[0].CategoryInfo.Category | Should -Be $Category
        "$($failure[0].TargetObject)" | Should -Be $Uri
    }

    It 'fails $r.<Call> with <Id> (<Category>), the URL as target, as the cmdlet does (ErrorRecordTests.A_response_method_fails_with_the_id_category_and_target_of_the_cmdlet)' -TestCases @(
        @{ Path = '/status/503'; Call = 'RaiseForStatus()'; Id = 'Httpx.HTTPStatusError'; Category = 'InvalidResult'; Type = 'HttpStatusException' }
        @{ Path = '/html'; Call = 'Json()'; Id = 'Httpx.DecodingError'; Category = 'InvalidData'; Type = 'DecodingException' }
    ) {
        $r = Invoke-Httpx "$base$Path"
        $thrown = try { if ($Call -eq 'Json()') { $r.Json() } else { $r.RaiseForStatus() } } catch [Httpx.HTTPError] { $_ }
        $thrown.FullyQualifiedErrorId | Should -Be $Id
        $thrown.CategoryInfo.Category | Should -Be $Category
        "$($thrown.TargetObject)" | Should -Be "$base$Path"
        $thrown.Exception.GetType().Name | Should -Be $Type
    }

    It 'targets the URL piped in when the failure came after a redirect, and names the redirected one (ErrorRecordTests.A_failure_after_a_redirect_targets_the_url_piped_in_and_names_the_redirected_one)' {
        $moved = "$base/redirect-to?url=" + [uri]::EscapeDataString('http://127.0.0.1:1/health')
        $down = "$base/redirect-to?url=" + [uri]::EscapeDataString("$base/status/503")
        $moved, $down | Invoke-Httpx -FollowRedirects -RaiseForStatus -ThrottleLimit 2 -ErrorVariable failed -ErrorAction SilentlyContinue
        $byTarget = @{}; foreach ($f in $failed) { $byTarget["$($f.TargetObject)"] = $f }
        $byTarget.Keys | Sort-Object | Should -Be (@($moved, $down) | Sort-Object)
        "$($byTarget[$moved])" | Should -Be 'Connection refused by 127.0.0.1:1 (GET http://127.0.0.1:1/health)'
        "$($byTarget[$down])" | Should -BeLike "503 Service Unavailable from GET $base/status/503*"
    }

    It 'says what to write for a host and port typed without http://, and the next URL goes on' {
        $port = ([uri]$base).Port
        $out = "localhost:$port/get", "$base/get" | Invoke-Httpx -ErrorVariable failure -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be 200
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.UnsupportedProtocol,*'
        "$($failure[0])" | Should -BeExactly "Request URL has an unsupported protocol 'localhost://': 'localhost:$port/get'. For the host 'localhost' on port $port, write 'http://localhost:$port/get' (or https://)."
    }

    It 'says what to write for an IP address typed without http://, and the next URL goes on' {
        $port = ([uri]$base).Port
        $out = "127.0.0.1:$port/get", "$base/get" | Invoke-Httpx -ErrorVariable failure -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be 200
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.UnsupportedProtocol,*'
        "$($failure[0])" | Should -BeExactly "Request URL is missing an 'http://' or 'https://' protocol: '127.0.0.1:$port/get'. For the address 127.0.0.1 on port $port, write 'http://127.0.0.1:$port/get' (or https://)."
    }

    It 'says where a Unix socket written as a URL goes (TransportCmdletTests.A_unix_socket_written_as_a_url_is_told_to_go_to_UnixSocket_and_the_next_url_goes_on)' {
        $out = 'unix:///var/run/docker.sock', "$base/get" | Invoke-Httpx -ErrorVariable failure -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be 200
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.UnsupportedProtocol,*'
        "$($failure[0])" | Should -BeExactly "Request URL has an unsupported protocol 'unix://': 'unix:/var/run/docker.sock'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket '/var/run/docker.sock', HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/...)."
    }

    It 'says that a link-local IPv6 address needs its interface as a zone' -Skip:$NoIPv6Loopback {
        Invoke-Httpx 'http://[fe80::1]:9/' -Timeout 10 -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        "$($failure[0].TargetObject)" | Should -Be 'http://[fe80::1]:9/'
        "$($failure[0])" | Should -BeLike "*a link-local address needs the network interface to use, written as a zone after '%25'*"
    }

    It 'says that a host name longer than DNS allows cannot resolve, and the next URL goes on' {
        $long = "http://$((1..50 | ForEach-Object { 'abcde' }) -join '.')/"
        $out = $long, "$base/get" | Invoke-Httpx -ErrorVariable failure -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be 200
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        "$($failure[0].TargetObject)" | Should -Be $long
        "$($failure[0])" | Should -BeLike "Could not resolve host 'abcde.*': it is 299 characters long, and a host name has at most 253 *"
    }

    It 'stops the command with one error for a -Method that is no token, under -ErrorAction SilentlyContinue too' {
        $out = try { "$base/get", "$base/json" | Invoke-Httpx -Method 'GE T' -ErrorAction SilentlyContinue; 'went on' } catch { $failed = $_; 'stopped' }
        $out | Should -Be 'stopped'
        $failed.FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $failed.TargetObject | Should -Be 'Method'
        "$failed" | Should -Be "Invalid HTTP method 'GE T': a method is a token such as GET or POST."
    }

    It 'quotes a -Method with a line break escaped, not printed' {
        { Invoke-Httpx "$base/get" -Method "GET /x HTTP/1.1`r`nX: 1" -ErrorAction Stop } |
            Should -Throw -ExpectedMessage 'Invalid HTTP method ''GET /x HTTP/1.1\r\nX: 1'': a method is a token such as GET or POST.*'
    }

    It 'is caught by the HTTPX name of its class or of a base class: catch [<Type>]' -TestCases @(
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'Httpx.ConnectError' }
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'Httpx.NetworkError' }
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'Httpx.TransportError' }
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'Httpx.RequestError' }
        @{ Uri = 'http://127.0.0.1:1/'; Type = 'Httpx.HTTPError' }
        @{ Uri = 'ftp://127.0.0.1/'; Type = 'Httpx.UnsupportedProtocol' }
        @{ Uri = 'http://example.com:notaport/'; Type = 'Httpx.InvalidURL' }
    ) {
        $caught = try { Invoke-Httpx $Uri -ErrorAction Stop } catch { $_ }
        $caught.Exception | Should -BeOfType ($Type -as [type])
        ($Type -as [type]) | Should -Not -BeNullOrEmpty
    }

    It 'is caught as [Httpx.HTTPStatusError] and [Httpx.ReadTimeout] with the response and the request' {
        $status = try { Invoke-Httpx "$base/status/404" -As Json -ErrorAction Stop } catch [Httpx.HTTPStatusError] { $_ }
        $status.Exception.Response.StatusCode | Should -Be 404
        $timeout = try { Invoke-Httpx "$base/delay/3000" -Timeout @{ Read = 0.2 } -ErrorAction Stop } catch [Httpx.TimeoutException] { $_ }
        $timeout.Exception | Should -BeOfType ([Httpx.ReadTimeout])
        "$($timeout.Exception.Request.Url)" | Should -Be "$base/delay/3000"
        [Httpx.ConnectTimeout] | Should -Be ([Httpx.ConnectTimeoutException])
    }

    It 'never shows a password in the error of a value that fails: <Script>' -TestCases @(
        @{ Script = { Invoke-Httpx 'admin:SECRETPW@127.0.0.1:1/' -ErrorAction Stop } }
        @{ Script = { Invoke-Httpx 'http://admin:SECRET#PW@127.0.0.1:1/' -ErrorAction Stop } }
        @{ Script = { Invoke-Httpx "$base/get" -Proxy 'pu:SECRETPW@127.0.0.1:3128' -ErrorAction Stop } }
        @{ Script = { Invoke-Httpx "$base/get" -Cookies @{ 'sid=SECRETPW' = 'x' } -ErrorAction Stop } }
    ) {
        $failure = $Script | Should -Throw -PassThru
        "$failure $($failure.TargetObject) $($failure.ErrorDetails)" | Should -Not -Match 'SECRET'
    }

    It 'never shows a password when a Url property or a client method is given a URL that does not parse: <Script>' -TestCases @(
        @{ Script = { $r = New-HttpxRequest https://example.com/; $r.Url = 'https://u:SECRETPW@example.com:99999/' } }
        @{ Script = { $c = New-HttpxClient; $c.BaseUrl = 'https://u:SECRETPW@example.com:99999/' } }
        @{ Script = { $c = New-HttpxClient; $c.ProxyFor('https://u:SECRETPW@example.com:99999/') } }
        @{ Script = { $c = New-HttpxClient; $c.TransportFor('https://u:SECRETPW@example.com:99999/') } }
    ) {
        $failure = $Script | Should -Throw -PassThru
        "$failure" | Should -BeLike "*Invalid port '99999' in URL 'https://u:``[secure]@example.com:99999/'*"
        for ($e = $failure.Exception; $e; $e = $e.InnerException) { $e.Message | Should -Not -Match 'SECRET' }
    }

    It 'fails as a cmdlet argument does when a Url or Method property is set to a bad value: <Script>' -TestCases @(
        @{ Script = { $r = New-HttpxRequest https://example.com/; $r.Url = 'https://u:pw@example.com:99999/' }; Id = 'Httpx.InvalidURL'; Message = "Invalid port '99999' in URL 'https://u:[secure]@example.com:99999/'" }
        @{ Script = { $c = New-HttpxClient; $c.BaseUrl = 'https://u:pw@example.com:99999/' }; Id = 'Httpx.InvalidURL'; Message = "Invalid port '99999' in URL 'https://u:[secure]@example.com:99999/'" }
        @{ Script = { $r = New-HttpxRequest https://example.com/; $r.Url = $null }; Id = 'Httpx.InvalidArgument'; Message = "A request's URL cannot be null: assign a URL (a string or an Httpx.Url)." }
        @{ Script = { $r = New-HttpxRequest https://example.com/; $r.Method = 'BAD METHOD' }; Id = 'Httpx.InvalidArgument'; Message = "Invalid HTTP method 'BAD METHOD': a method is a token such as GET or POST." }
    ) {
        $failure = $Script | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -Be $Id
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$failure" | Should -BeExactly $Message
    }

    It 'refuses two outputs at once, naming the two given: <Script>' -TestCases @(
        @{ Script = { Invoke-Httpx "$base/get" -Stream Lines -Download ./never.bin }; Target = 'Download'; Message = '-Stream and -Download each choose*' }
        @{ Script = { Invoke-Httpx "$base/get" -As Json -Stream Lines }; Target = 'Stream'; Message = '-As and -Stream each choose*' }
    ) {
        $failure = $Script | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $failure.TargetObject | Should -Be $Target
        $failure.Exception.Message | Should -BeLike $Message
    }

    It 'makes the refused setting the target: <Script>' -TestCases @(
        @{ Script = { Invoke-Httpx "$base/get" -Proxy 'http://u:pw@proxy.example:3128/path' }; Target = 'http://u:[secure]@proxy.example:3128/path' }
        @{ Script = { New-HttpxTransport -Verify /nonexistent/ca.pem }; Target = '/nonexistent/ca.pem' }
        @{ Script = { New-HttpxClient -Mounts @{ 'all://' = $null; 'https' = (New-HttpxTransport) } }; Target = 'https' }
        @{ Script = { New-HttpxClient -Proxy @{ 'all://10.0.0.0/99' = 'http://127.0.0.1:3128' } }; Target = 'all://10.0.0.0/99' }
        @{ Script = { New-HttpxClient -Proxy @{ 'all://' = 'ftp://u:hunter2@proxy.example'; 'all://a.example' = $null } }; Target = 'all://' }
        @{ Script = { Set-HttpxProxy -Client (New-HttpxClient) -Routes @{ 'all://' = $null; 'all://*.corp' = 3128 } }; Target = 'all://*.corp' }
    ) {
        $failure = $Script | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $failure.TargetObject | Should -Be $Target
    }

    It 'makes a CA file or folder that holds no certificate the target: <Command>' -TestCases @(
        @{ Command = 'Invoke-Httpx' }
        @{ Command = 'New-HttpxClient' }
        @{ Command = 'New-HttpxTransport' }
    ) {
        $folder = Join-Path $TestDrive "no-ca-$Command"
        $file = Join-Path $folder 'not-a-ca.pem'
        New-Item -ItemType Directory $folder | Out-Null
        Set-Content -LiteralPath $file -Value 'not a certificate'
        $arguments = if ($Command -eq 'Invoke-Httpx') { @{ Uri = "$https/get" } } else { @{} }
        $failure = { & $Command @arguments -Verify $file } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $failure.TargetObject | Should -Be $file
        Remove-Item -LiteralPath $file
        $failure = { & $Command @arguments -Verify $folder } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $failure.TargetObject | Should -Be $folder
    }

    It 'takes -Verify from the current location, literally, and refuses a path of another provider: <Command>' -TestCases @(
        @{ Command = 'Invoke-Httpx' }
        @{ Command = 'New-HttpxClient' }
        @{ Command = 'New-HttpxTransport' }
    ) {
        $arguments = if ($Command -eq 'Invoke-Httpx') { @{ Uri = "$https/get" } } else { @{} }
        $failure = { & $Command @arguments -Verify variable:ca.pem } |
            Should -Throw -ErrorId "Httpx.InvalidArgument,*" -ExpectedMessage "-Verify 'variable:ca.pem' is a path of the Variable provider: give a path in the file system.*" -PassThru
        $failure.TargetObject | Should -Be 'Verify'
        Copy-Item -LiteralPath $ca -Destination (Join-Path $TestDrive "ca[$Command].pem")
        Push-Location $TestDrive
        try {
            & $Command @arguments -Verify "ca[$Command].pem" | Should -Not -BeNullOrEmpty
        } finally { Pop-Location }
    }

    It 'refuses -Verify:$false and -Verify $true, saying to give -NoVerify<Where>: <Command>' -TestCases @(
        @{ Command = 'Invoke-Httpx'; Where = ' to Invoke-Httpx' }
        @{ Command = 'New-HttpxRequest'; Where = ' to Invoke-Httpx' }
        @{ Command = 'New-HttpxClient'; Where = '' }
        @{ Command = 'New-HttpxTransport'; Where = '' }
    ) {
        $arguments = if ($Command -in 'Invoke-Httpx', 'New-HttpxRequest') { @{ Uri = "$https/get" } } else { @{} }
        { & $Command @arguments -Verify:$false } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage "*-Verify takes the path of a CA file or folder, not `$false: verification is on by default; give -NoVerify$Where to switch it off."
        { & $Command @arguments -Verify $true } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*not $true*'
    }

    It 'refuses a certificate object as -Verify, saying to give the path of a PEM file: <Command>' -TestCases @(
        @{ Command = 'Invoke-Httpx' }
        @{ Command = 'New-HttpxClient' }
        @{ Command = 'New-HttpxTransport' }
    ) {
        $arguments = if ($Command -eq 'Invoke-Httpx') { @{ Uri = "$https/get" } } else { @{} }
        $cert = Get-PfxCertificate -FilePath $ca
        { & $Command @arguments -Verify $cert } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage "*-Verify takes the path of a CA file or folder, not a certificate ('$($cert.Subject)'): write the CA certificate to a PEM file*"
    }

    It 'refuses a ~ path from a location of another provider, and a path on no drive, naming the parameter: <Path>' -TestCases @(
        @{ Path = '~/ca.pem'; Message = "-Verify '~/ca.pem' is a path of the Variable provider: give a path in the file system.*" }
        @{ Path = 'nodrive:ca.pem'; Message = "-Verify 'nodrive:ca.pem': there is no drive 'nodrive' (Get-PSDrive lists them).*" }
    ) {
        Push-Location variable:
        try {
            { New-HttpxTransport -Verify $Path } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage $Message
            # -Certificate's second item that reads so is a password: the error is about the certificate file only.
            { New-HttpxTransport -Certificate (Join-Path $TestDrive 'no-such.pfx'), $Path } | Should -Throw -ExpectedMessage '*no-such.pfx* does not exist*'
        } finally { Pop-Location }
    }

    It 'refuses a Content-Length header that disagrees with the body, as LocalProtocolError' {
        { Invoke-Httpx "$base/post" -Body 'hello world' -Headers @{ 'Content-Length' = '5' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.LocalProtocolError*' -ExpectedMessage "*'5'*11 bytes*"
        (Invoke-Httpx "$base/post" -Body 'hello world' -Headers @{ 'Content-Length' = '11' } -As Json).body | Should -Be 'hello world'
    }

    It 'refuses a request whose Host header was removed, as LocalProtocolError, as HTTPX does' {
        $request = New-HttpxRequest "$base/get"
        $null = $request.Headers.Remove('Host')
        { Invoke-Httpx -Request $request -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.LocalProtocolError*' -ExpectedMessage "The request has no Host header*"
    }

    It 'reports a request body whose stream fails while it is sent as RequestBodyReadError, naming it and the URL' {
        if (-not ('HttpxPester.FailingStream' -as [type])) {
            Add-Type -TypeDefinition @'
namespace HttpxPester {
    public sealed class FailingStream : System.IO.Stream {
        private int _reads;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new System.NotSupportedException();
        public override long Position { get => throw new System.NotSupportedException(); set => throw new System.NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) =>
            ++_reads > 3 ? throw new System.IO.IOException("Input/output error") : count;
        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new System.NotSupportedException();
        public override void SetLength(long value) => throw new System.NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new System.NotSupportedException();
    }
}
'@
        }
        Invoke-Httpx "$base/upload-size" -Method PUT -Content ([HttpxPester.FailingStream]::new()) -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RequestBodyReadError,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ReadError'
        $failed[0].TargetObject | Should -Be "$base/upload-size"
        "$($failed[0])" | Should -Be "Could not read the request body from stream HttpxPester.FailingStream while sending it (PUT $base/upload-size): Input/output error"
        $failed[0].Exception.InnerException.Message | Should -Be 'Input/output error'
        # Read into memory first, for Digest auth to send it again: the same failure.
        $digest = New-HttpxAuth -Digest -UserName ada -Password s3cret
        Invoke-Httpx "$base/upload-size" -Method PUT -Content ([HttpxPester.FailingStream]::new()) -Auth $digest -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RequestBodyReadError,*'
        $failed[0].TargetObject | Should -Be "$base/upload-size"
        (Invoke-Httpx "$base/get").StatusCode | Should -Be 200
    }

    It 'reports a -Files file that is gone when sent as RequestBodyReadError, naming it, its field and the URL' {
        $gone = Join-Path $TestDrive 'gone.txt'
        Set-Content -LiteralPath $gone -Value 'gone'
        # Checked when the command starts; a client's hook removes it before the request goes.
        $client = New-HttpxClient -OnRequest { Remove-Item -LiteralPath $gone }
        try {
            Invoke-Httpx "$base/upload-size" -Method PUT -Client $client -Files ([ordered]@{ first = [byte[]](1, 2); report = $gone }) -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally { Close-HttpxClient $client }
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RequestBodyReadError,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ReadError'
        $failed[0].TargetObject | Should -Be "$base/upload-size"
        "$($failed[0])" | Should -Be "Could not read the request body from file '$gone' (field 'report' of the multipart form) while sending it (PUT $base/upload-size): Could not find file '$gone'."
        $failed[0].Exception.InnerException | Should -BeOfType ([System.IO.FileNotFoundException])
        # Gone before the command starts: it stops, naming the field and the path, before any request.
        { Invoke-Httpx "$base/upload-size" -Method PUT -Files @{ report = $gone } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "-Files 'report': file '$gone' does not exist.*"
    }

    It 'reports a -Files file that grew after the command measured it as LocalProtocolError, naming it and its field' {
        $log = Join-Path $TestDrive 'live.log'
        [IO.File]::WriteAllText($log, 'abc')
        # Measured when the command starts; a client's hook appends to it before the request goes.
        $client = New-HttpxClient -OnRequest { [IO.File]::AppendAllText($log, 'def') }
        try {
            Invoke-Httpx "$base/upload-size" -Method PUT -Client $client -Files ([ordered]@{ first = [byte[]](1, 2); log = $log }) -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally { Close-HttpxClient $client }
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.LocalProtocolError,*'
        "$($failed[0])" | Should -Be "Too much data for the declared Content-Length: file '$log' (field 'log' of the multipart form) grew while it was sent, past the 3 bytes measured when the request was built; nothing more was sent (PUT $base/upload-size)"
    }

    It 'reports a body too large to hold in memory as ResponseTooLarge, naming the size, the URL and -Download' {
        # The engine's limits (2 GB of bytes, 1 G characters of text) lowered for this test's flow, so that KB reach them.
        $lower = [Httpx.Response].Assembly.GetType('Httpx.InMemoryBodyLimits').GetMethod('Lower', [Reflection.BindingFlags]'NonPublic, Static')
        $limits = $lower.Invoke($null, @(1000, [int]::MaxValue))
        try {
            Invoke-Httpx "$base/bytes/5000?chunked=1", "$base/get" -As Bytes -ErrorVariable failed -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty
        }
        finally { $limits.Dispose() }
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ResponseTooLarge,*'
        $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failed[0].Exception | Should -BeOfType ([Httpx.ResponseTooLarge])
        "$($failed[0])" | Should -BeLike "The body of the response to GET $base/bytes/5000``?chunked=1 is too large to hold in memory: more than 1,000 bytes once decoded (*); save it with Invoke-Httpx -Download <file>, or read it in pieces with -Stream Bytes, Text or Lines."
        $r = Invoke-Httpx "$base/bytes/500"
        $limits = $lower.Invoke($null, @([int]::MaxValue, 100))
        try { { $r.Text } | Should -Throw -ErrorId 'Httpx.ResponseTooLarge*' -ExpectedMessage '*500 bytes decode to 500 characters of utf-8, more than the 100 a string can hold*' }
        finally { $limits.Dispose() }
        $r.Content.Length | Should -Be 500
    }

    It 'refuses an empty Host header, as LocalProtocolError, rather than send the URL host in its place' {
        { Invoke-Httpx "$base/get" -Headers @{ Host = '' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.LocalProtocolError*' -ExpectedMessage "The Host header is empty*RFC 9112*"
    }

    It 'does not raise for a 4xx/5xx response unless -RaiseForStatus' {
        (Invoke-Httpx "$base/status/500").StatusCode | Should -Be 500
        { Invoke-Httpx "$base/status/503" -RaiseForStatus -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
    }

    It 'raises for a 4xx/5xx body with -As unless -SkipHttpErrorCheck' {
        { Invoke-Httpx "$base/status/404" -As Json -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        Invoke-Httpx "$base/status/404" -As Text -SkipHttpErrorCheck | Should -Match '404'
    }

    It 'raises for a 4xx/5xx with -RaiseForStatus also when -SkipHttpErrorCheck is given' {
        { Invoke-Httpx "$base/status/404" -As Text -SkipHttpErrorCheck -RaiseForStatus -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
    }

    It 'carries the piped row in each item''s error, to match a failure back to it' {
        $csv = Join-Path $TestDrive 'endpoints.csv'
        "Name,Url`nweb1,http://127.0.0.1:1/health`nweb2,$base/status/503`nweb3,$base/get" | Set-Content $csv
        Import-Csv $csv | Invoke-Httpx -RaiseForStatus -ThrottleLimit 3 -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
        $failed | ForEach-Object { $_.Exception.Data['Httpx.InputObject'].Name } | Sort-Object | Should -Be 'web1', 'web2'
    }

    It 'attaches the response and a body excerpt to a status error' {
        Invoke-Httpx "$base/status/404" -As Text -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].Exception.Response.StatusCode | Should -Be 404
        $failure[0].ErrorDetails.Message | Should -BeLike '404 Not Found from GET *'
        $failure[0].TargetObject | Should -Be "$base/status/404"
    }

    It 'leaves the encoding of a status error''s response mine to set: its excerpt does not read its Text' {
        Invoke-Httpx "$base/status/404" -RaiseForStatus -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].ErrorDetails.Message | Should -BeLike '*404*'
        $r = $failure[0].Exception.Response
        $r.Encoding = 'latin-1'
        $r.Encoding | Should -Be 'latin-1'
        $r.Text | Should -BeLike '*404*'
    }

    It 'types a response''s Encoding as the string it is' {
        $r = Invoke-Httpx "$base/get"
        $r.psobject.Properties['Encoding'].TypeNameOfValue | Should -Be 'System.String'
        $r.Encoding | Should -BeOfType [string]
    }

    It 'types a response''s ContentType as the string it is, $null without the header' {
        $r = Invoke-Httpx "$base/get"
        $r.psobject.Properties['ContentType'].TypeNameOfValue | Should -Be 'System.String'
        $r.ContentType | Should -BeLike 'application/json*'
        (New-HttpxResponse 204).ContentType | Should -BeNullOrEmpty
    }

    It 'refuses an unknown response encoding with the module''s error, and one set after Text was read' {
        $r = Invoke-Httpx "$base/charset/iso-8859-1?nocharset=1"
        { $r.Encoding = 'nope' } | Should -Throw -ErrorId 'Httpx.InvalidArgument' -ExpectedMessage "Unknown text encoding 'nope': give a codec name*"
        $r.Encoding | Should -Be 'utf-8'
        $r.Encoding = 'latin-1'
        $r.Text | Should -Be 'Grüße, café, naïve - ¿qué?'
        { $r.Encoding = 'utf-8' } | Should -Throw -ErrorId 'Httpx.TextAlreadyRead' -ExpectedMessage '*after Text has been accessed*'
    }

    It 'refuses two bodies at once, but takes -Data with -Files' {
        { Invoke-Httpx "$base/post" -Body 'raw' -Json @{ a = 1 } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand' -ExpectedMessage '-Content and -Json each give*'
        (Invoke-Httpx "$base/post" -Data @{ f = '1' } -Files @{ one = $ca } -As Json).form.f[0] | Should -Be '1'
    }

    It 'reports an error in a hook of mine as Httpx.ScriptBlockError, with my message and category' {
        $c = New-HttpxClient -OnResponse { param($r) Write-Error 'bad data' -Category InvalidData }
        Invoke-Httpx "$base/get" -Client $c -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Be 'Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand'
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failure[0].Exception.Message | Should -Be 'bad data'
    }

    It 'fails a request hook that reads .Content of a streamed body with Httpx.RequestNotRead' {
        $c = New-HttpxClient -OnRequest { $script:seen = $_.Content }
        Invoke-Httpx "$base/post" -Client $c -Content ([IO.MemoryStream]::new([byte[]](1, 2, 3))) -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -Be 'Httpx.RequestNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand'
        (Invoke-Httpx "$base/post" -Client $c -Content 'text' -As Json).body | Should -Be 'text'
        [Text.Encoding]::UTF8.GetString($script:seen) | Should -Be 'text'
    }

    It 'sends dates in -Params as ISO 8601 and refuses a hashtable value once for the command' {
        $when = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
        (Invoke-Httpx "$base/get" -Params @{ since = $when } -As Json).args.since[0] | Should -Be '2024-01-02T03:04:05Z'
        { "$base/get", "$base/get" | Invoke-Httpx -Params @{ filter = @{ state = 'open' } } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Params 'filter'*"
    }

    It 'sends a [uri] in -Params, -Data and -Headers as written, as -Json writes it' {
        $next = [uri]'HTTPS://Example.COM/a%20b'
        (Invoke-Httpx "$base/get" -Params @{ next = $next } -As Json).args.next[0] | Should -BeExactly 'HTTPS://Example.COM/a%20b'
        (Invoke-Httpx "$base/post" -Data @{ next = $next } -As Json).form.next[0] | Should -BeExactly 'HTTPS://Example.COM/a%20b'
        (Invoke-Httpx "$base/anything" -Headers @{ 'X-Next' = $next } -As Json).headers.'X-Next' | Should -BeExactly 'HTTPS://Example.COM/a%20b'
    }

    It 'sends a [switch] passed on in -Params, -Data and -Headers as true or false' {
        function Get-Items([switch] $Active) {
            Invoke-Httpx "$base/post" -Params @{ active = $Active } -Data @{ f = $Active } -Headers @{ 'X-Active' = $Active } -As Json
        }
        $e = Get-Items
        $e.args.active[0] | Should -BeExactly 'false'
        $e.form.f[0] | Should -BeExactly 'false'
        $e.headers.'X-Active' | Should -BeExactly 'false'
        (Get-Items -Active).args.active[0] | Should -BeExactly 'true'
    }

    It 'refuses a -Data value with no form text once for the command, naming the field' {
        { "$base/post", "$base/post" | Invoke-Httpx -Data @{ f = [IO.FileInfo]'/tmp/a.txt' } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Data 'f': a value is*not System.IO.FileInfo: a file goes in -Files (-Files @{ f = ... }), with the other fields in -Data.*"
    }

    It 'stops the command once for bytes in a url-encoded -Data form, targeting Data' {
        $err = { "$base/post?n=1", "$base/post?n=2" | Invoke-Httpx -Data @{ raw = [byte[]](65, 66) } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Data 'raw': a value is*not System.Byte``[``] (bytes go in a multipart form only: with -Files, or under a multipart Content-Type).*" -PassThru
        $err.TargetObject | Should -Be 'Data'
        # With -Files they are a multipart field's raw value.
        (Invoke-Httpx "$base/post" -Data @{ raw = [byte[]](65, 66) } -Files @{ f = $ca } -As Json).form.raw | Should -Be 'AB'
    }

    It 'refuses a -Params value without text of its own, naming it, rather than send its type name' {
        { Invoke-Httpx "$base/get" -Params @{ token = [securestring]::new() } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Params 'token': a value is text, not a SecureString. Give the secret's text*"
        { Invoke-Httpx "$base/get" -Params @{ b = [byte[]](65, 66) } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "*got System.Byte* (parameter 'b')*"
    }

    It 'never shows a password from the URL' {
        Invoke-Httpx 'http://user:hunter2@127.0.0.1:1/x' -ErrorVariable failure -ErrorAction SilentlyContinue
        "$($failure[0])" | Should -Not -Match 'hunter2'
        "$($failure[0].TargetObject)" | Should -Not -Match 'hunter2'
    }

    It 'says so when a URL is given in the method''s place, without its password' {
        # A -Method that is no token stops the command, whatever -ErrorAction says.
        $failure = try { Invoke-Httpx POST 'http://user:hunter2@127.0.0.1:1/x' -ErrorAction SilentlyContinue } catch { $_ }
        "$failure" | Should -Match 'this is a URL'
        "$failure $($failure.TargetObject)" | Should -Not -Match 'hunter2'
    }

    It 'shows the exchange with -Verbose, secrets redacted' {
        $lines = Invoke-Httpx "$base/get" -Headers @{ Authorization = 'Bearer s3cret'; Cookie = 'sid=abc123' } -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $lines | Should -Contain '> GET /get HTTP/1.1'
        $lines | Should -Contain '< HTTP/1.1 200 OK'
        ($lines -join "`n") | Should -Not -Match 's3cret|abc123'
    }

    It 'masks an API key or token given in a custom header with -Verbose' {
        # X-Registry-Config: Docker's registry logins for a build, base64 JSON of user names and passwords.
        $lines = Invoke-Httpx "$base/get" -Headers @{ 'X-API-Key' = 'k3y-abc'; 'PRIVATE-TOKEN' = 'glpat-xyz'; 'X-Registry-Config' = 'eyJwYXNzd29yZCI6Imh1bnRlcjIifQ'; 'X-Request-Id' = 'r-42' } -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $lines | Should -Contain '> X-API-Key: [secure]'
        $lines | Should -Contain '> PRIVATE-TOKEN: [secure]'
        $lines | Should -Contain '> X-Registry-Config: [secure]'
        $lines | Should -Contain '> X-Request-Id: r-42'
        ($lines -join "`n") | Should -Not -Match 'k3y-abc|glpat-xyz|eyJwYXNzd29yZCI6Imh1bnRlcjIifQ'
    }

    It 'names headers in lower case with -Verbose over HTTP/2, as httpx -v does' {
        $lines = Invoke-Httpx "$https/get" -Http2 -Verify $ca -Headers @{ 'X-Mixed-Case' = 'v'; Authorization = 'Bearer s3cret' } -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $lines | Should -Contain '> GET /get HTTP/2'
        $lines | Should -Contain '> x-mixed-case: v'
        $lines | Should -Contain '> authorization: [secure]'
        $lines | Should -Contain '< HTTP/2 200 OK'
        $lines | Should -Contain '< content-type: application/json'
        ($lines -join "`n") | Should -Not -Match 's3cret'
    }

    It 'shows a response and its headers with the control characters a server sent escaped' {
        # The table, the list and $r.Headers are what the console shows: a raw ESC, BEL or C1 CSI would drive it.
        $r = Invoke-Httpx "$($Server.'raw-tcp')/control-header"
        $shown = ($r | Out-String), ($r | Format-List | Out-String), ($r.Headers | Out-String), "$($r.Headers)"
        $shown[0] | Should -Match ([regex]::Escape('200 OK\x1b[2J'))
        $shown[1] | Should -Match ('ReasonPhrase +: ' + [regex]::Escape('OK\x1b[2J'))
        $shown[2] | Should -Match ('X-Evil +' + [regex]::Escape('a\x1b]0;pwned\x07b\x08c\x9b31md'))
        $shown[3] | Should -Match ([regex]::Escape('X-Evil: a\x1b]0;pwned\x07b\x08c\x9b31md'))
        @($shown | Where-Object { $_ -match '[\x07\x08\x80-\x9f]' }).Count | Should -Be 0
        $r.ReasonPhrase | Should -Be "OK$([char]0x1b)[2J"
        # Listed after its headers (one script's output), by its default display properties.
        $listed = & { $r.Headers; $r } | Out-String
        $listed | Should -Match ('(?m)^Status +: ' + [regex]::Escape('200 OK\x1b[2J'))
        $listed | Should -Not -Match '[\x07\x1b]'
        $r.Status | Should -BeExactly '200 OK\x1b[2J'
    }

    It 'shows a table of responses whose URLs read to <UrlWidth> characters at <Width> columns' -ForEach @(
        @{ Width = 80; UrlWidth = 24 }, @{ Width = 120; UrlWidth = 64 }
    ) {
        # pwsh writing to a pipe or a file is 80 columns wide: the URL had 13 characters there ("http://127.0…"). The
        # status and reason share one column, as HTTPX's repr shows them; a long content type is its media type, cut.
        $urls = 1..20 | ForEach-Object { "$base/status/$(200 + $_ % 3)?n=$_" }
        $vnd = [uri]::EscapeDataString('application/vnd.api+json; charset=utf-8')
        $long = ($base -replace '//', '//ops:s3cret@') + '/anything/a/longer/path/to/a/resource?page=2&per_page=100'
        $text = @($urls | Invoke-Httpx -ThrottleLimit 5) + (Invoke-Httpx "$base/response-headers?Content-Type=$vnd") +
            (Invoke-Httpx "$base/status/401") + (Invoke-Httpx $long) | Out-String -Width $Width
        $lines = $text -split '\r?\n' | Where-Object { $_ }
        $text | Should -Not -Match 's3cret'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
        ($lines[0] -split ' +') | Should -Be 'Status', 'HTTP', 'ms', 'ContentType', 'Length', 'Url'
        foreach ($u in $urls) {
            $shown = if ($u.Length -le $UrlWidth) { $u } else { $u.Substring(0, $UrlWidth - 1) + '…' }
            @($lines -match "^20[0-2] \w+ +1\.1 +[0-9.]+ application/json +[0-9]+ $([regex]::Escape($shown))\s*$").Count | Should -BeGreaterThan 0
        }
        $lines[-3] | Should -Match '^200 OK +1\.1 +[0-9.]+ application/vnd… +[0-9]+ http'
        $u = "$base/status/401"
        $shown = if ($u.Length -le $UrlWidth) { $u } else { $u.Substring(0, $UrlWidth - 1) + '…' }
        $lines[-2] | Should -Match "^401 Unauthorized 1\.1 .* $([regex]::Escape($shown))\s*$"
        $redacted = $long -replace 's3cret', '[secure]'
        $lines[-1] | Should -Match " $([regex]::Escape($redacted.Substring(0, $UrlWidth - 1)))…\s*$"
    }

    It 'shows a table of cookies whose expiry reads to the minute at <Width> columns' -ForEach @(@{ Width = 80 }, @{ Width = 120 }) {
        # The expiry, last, had 8 characters at 80 columns ("12/07/2…"): it shows in UTC as yyyy-MM-dd HH:mm.
        $c = New-HttpxClient
        try {
            $h = [uri]::EscapeDataString('sid=x; Expires=Wed, 09 Jun 2027 10:18:14 GMT; Path=/account/settings; HttpOnly')
            $null = Invoke-Httpx "$base/cookies/set-raw?h=$h&h=lang%3Den" -Client $c
            $lines = ($c.Cookies.Jar | Out-String -Width $Width) -split '\r?\n' | Where-Object { $_ }
        }
        finally { Close-HttpxClient $c }
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
        ($lines[0] -split ' +' -ne '') | Should -Be 'Name', 'Domain', 'Path', 'Secure', 'HttpOnly', 'Expires', '(UTC)'
        $lines[2] | Should -Match '^sid +127\.0\.0\.1 +/accoun… False +True +2027-06-09 10:18\s*$'
        $lines[3] | Should -Match '^lang +127\.0\.0\.1 +/cookies False +False\s*$'
    }

    It 'escapes control characters a server sends in its status line and headers with -Verbose' {
        # ESC, BEL, a backspace and the C1 CSI (0x9b) would otherwise reach the console raw and drive it.
        $out = Invoke-Httpx "$($Server.'raw-tcp')/control-header" -Verbose 4>&1
        $lines = $out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $lines | Should -Contain '< HTTP/1.1 200 OK\x1b[2J'
        $lines | Should -Contain '< X-Evil: a\x1b]0;pwned\x07b\x08c\x9b31md'
        @($lines | Where-Object { $_ -match '\p{Cc}' }).Count | Should -Be 0
        ($out | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Headers['X-Evil'] |
            Should -Be "a$([char]0x1b)]0;pwned$([char]7)b$([char]8)c$([char]0x9b)31md"
    }

    It 'escapes control characters of the reason phrase and error page in a status error' {
        $mock = New-HttpxMockTransport { New-HttpxResponse 404 -ReasonPhrase "Nope$([char]0x1b)[2J" -Text "bad$([char]0x1b)]0;pwned$([char]7) page" }
        $c = New-HttpxClient -Transport $mock
        try {
            Invoke-Httpx 'https://api.invalid/' -Client $c -RaiseForStatus -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].ErrorDetails.Message | Should -Be '404 Nope\x1b[2J from GET https://api.invalid/: bad\x1b]0;pwned\x07 page'
            $e[0].Exception.Message | Should -BeLike "Client error '404 Nope\x1b``[2J' for url 'https://api.invalid/'*"
            "$($e[0].Exception.Response)" | Should -Be '<Response [404 Nope\x1b[2J]>'
            $e[0].Exception.Response.ReasonPhrase | Should -Be "Nope$([char]0x1b)[2J"
        }
        finally { Close-HttpxClient $c }
    }

    It 'shows a request that failed on an HTTP/2-only client as HTTP/2 with -Verbose' {
        $c = New-HttpxClient -Http2 -NoHttp1
        try {
            $out = Invoke-Httpx "$base/get" -Client $c -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
            $lines = $out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            $lines | Should -Contain '> GET /get HTTP/2'
            $lines | Should -Not -Contain '> GET /get HTTP/1.1'
            @($lines -like '> host: *').Count | Should -Be 1
        }
        finally { Close-HttpxClient $c }
    }
}

# VerboseConnectionTests: the connection a request opened, in httpx -v's words, before its request head. Each test
# makes its own client, as the module's shared pool may hold a connection to the server already.
Describe 'Invoke-Httpx -Verbose connection lines' {
    BeforeAll {
        function Get-VerboseLines([scriptblock] $Call) {
            & $Call 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        }
    }

    It 'shows the connect before the request head, and nothing for a reused connection' {
        $c = New-HttpxClient
        try {
            $lines = @(Get-VerboseLines { Invoke-Httpx "$base/get" -Client $c -Verbose > $null; Invoke-Httpx "$base/get" -Client $c -Verbose > $null })
            $lines[0..2] | Should -Be @("* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port $(([uri]$base).Port)", '> GET /get HTTP/1.1')
            @($lines -like '`* Connect*').Count | Should -Be 2
            @($lines -eq '> GET /get HTTP/1.1').Count | Should -Be 2
        }
        finally { Close-HttpxClient $c }
    }

    It 'shows the TLS handshake, the ALPN protocol and the server certificate' {
        $c = New-HttpxClient -Http2 -Verify $ca
        try {
            $lines = @(Get-VerboseLines { Invoke-Httpx "$https/get" -Client $c -Verbose > $null })
            $lines[0] | Should -Be "* Connecting to 'localhost'"
            $lines[2] | Should -Match "^\* SSL established using 'TLSv1\.[23]' / 'TLS_[A-Z0-9_]+'$"
            $lines[3] | Should -Be "* Selected ALPN protocol: 'h2'"
            $lines[4..8] | Should -Be @('* Server certificate:', '*   subject:', "*     commonName: 'localhost'", '*   issuer:', "*     commonName: 'Httpx Test CA'")
            $lines | Should -Contain "*     DNS: 'localhost'"
            $lines | Should -Contain "*     IP Address: '0:0:0:0:0:0:0:1'"
            $lines | Should -Contain '> GET /get HTTP/2'
        }
        finally { Close-HttpxClient $c }
    }

    It 'shows the connect and no handshake over h2c' {
        $c = New-HttpxClient -Http2 -NoHttp1
        try {
            $lines = @(Get-VerboseLines { Invoke-Httpx "$h2c/get" -Client $c -Verbose > $null })
            $lines[0..2] | Should -Be @("* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port $(([uri]$h2c).Port)", '> GET /get HTTP/2')
        }
        finally { Close-HttpxClient $c }
    }

    It 'names the unix socket connected to' {
        $c = New-HttpxClient -Transport (New-HttpxTransport -UnixSocket $Server.unix)
        try {
            $lines = @(Get-VerboseLines { Invoke-Httpx 'http://localhost/get' -Client $c -Verbose > $null })
            $lines[0..2] | Should -Be @("* Connecting to unix socket '$($Server.unix)'", "* Connected to unix socket '$($Server.unix)'", '> GET /get HTTP/1.1')
        }
        finally { Close-HttpxClient $c }
    }

    It 'shows no request head for a URL no transport takes (an unsupported scheme, or none)' {
        foreach ($url in 'ftp://127.0.0.1/file', 'reports/latest') {
            $out = Invoke-Httpx $url -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1
            $lines = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.UnsupportedProtocol,*'
            $lines | Where-Object { $_ -like '> *' } | Should -BeNullOrEmpty
        }
    }

    It 'shows where a refused connect went, and no request head' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $out = Invoke-Httpx "http://127.0.0.1:$port/get" -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1
        $lines = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        $lines | Should -Be @("* Connecting to '127.0.0.1'")
    }

    It 'shows the connect of a failed TLS handshake, and no request head' {
        $c = New-HttpxClient
        try {
            $out = Invoke-Httpx "$https/get" -Client $c -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1
            $lines = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
            $lines.Count | Should -Be 2
            $lines[0] | Should -Be "* Connecting to 'localhost'"
        }
        finally { Close-HttpxClient $c }
    }

    It 'never shows a password of the URL in the connection lines' {
        $c = New-HttpxClient
        try {
            $url = $base -replace '^http://', 'http://user:hunter2@'
            $lines = @(Get-VerboseLines { Invoke-Httpx "$url/get" -Client $c -Verbose > $null })
            $lines[0] | Should -Be "* Connecting to '127.0.0.1'"
            ($lines -join "`n") | Should -Not -Match 'hunter2'
        }
        finally { Close-HttpxClient $c }
    }
}

Describe 'Invoke-Httpx against a server that breaks HTTP' {
    BeforeAll { $raw = $Server.'raw-tcp' }

    It 'writes Httpx.RemoteProtocolError naming <Said> for <Path> <Mode>' -TestCases @(
        foreach ($case in @(
                @{ Path = '/close-before-headers'; Said = '*without sending a response*' }
                @{ Path = '/bad-status'; Said = "*invalid status code: 'abc'*" }
                @{ Path = '/status-below-100'; Said = "*invalid status code '099': status codes start at 100*" }
                @{ Path = '/bad-header'; Said = "*invalid header line: 'This line has no colon'.*" }
                @{ Path = '/transfer-encoding?v=gzip,chunked'; Said = "*unsupported Transfer-Encoding 'gzip, chunked'*" }
                @{ Path = '/truncated'; Said = '*without sending the complete response body: received 10 bytes, expected 100*' }
                @{ Path = '/bad-chunk-size'; Said = "*could not be parsed: 'zz'.*" }
                @{ Path = '/bad-chunk-extension'; Said = "*invalid chunk extension: 'x2'.*" }
                @{ Path = '/endless-headers'; Said = '*exceeded the set limit of 102400 bytes*' })) {
            foreach ($mode in @(@{}, @{ As = 'Json' }, @{ As = 'Text' }, @{ Stream = 'Lines' })) {
                $case + @{ Mode = $mode }
            }
        }
    ) {
        $out = Invoke-Httpx "$raw$Path" @Mode -ErrorVariable failure -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ProtocolError'
        $failure[0].TargetObject | Should -Be "$raw$Path"
        "$($failure[0])" | Should -BeLike $Said
        "$($failure[0])" | Should -Not -Match "`r"
    }

    It 'reads a body whose Transfer-Encoding says chunked twice (<Query>), as curl does' -TestCases @(
        @{ Query = 'v=chunked,chunked' }
        @{ Query = 'v=chunked&v=chunked' }
    ) {
        Invoke-Httpx "$raw/transfer-encoding?$Query" -As Text -ErrorVariable failure -ErrorAction SilentlyContinue | Should -Be 'ok'
        $failure | Should -BeNullOrEmpty
    }

    It 'writes Httpx.RemoteProtocolError for an HTTP/2 body that ends short of its Content-Length <Mode>' -TestCases @(
        @{ Mode = @{} }
        @{ Mode = @{ As = 'Text' } }
    ) {
        $c = New-HttpxClient -Http2 -NoHttp1
        try { $out = Invoke-Httpx "$raw/h2-short-body" -Client $c @Mode -ErrorVariable failure -ErrorAction SilentlyContinue }
        finally { Close-HttpxClient $c }
        $out | Should -BeNullOrEmpty
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        $failure[0].TargetObject | Should -Be "$raw/h2-short-body"
        "$($failure[0])" | Should -BeLike '*otherwise than its Content-Length: received 10 bytes, expected 100*'
    }

    It 'says where in the body an HTTP/2 stream was reset' {
        $c = New-HttpxClient -Http2 -NoHttp1
        try { $null = Invoke-Httpx "$raw/h2-reset-mid-body" -Client $c -Stream Lines -ErrorVariable failure -ErrorAction SilentlyContinue }
        finally { Close-HttpxClient $c }
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        # .NET drops the DATA frame's bytes when the reset comes right behind them: 0, or all 6 of "line1`n".
        "$($failure[0])" | Should -Match '^HTTP/2 error from the server after (0|6) bytes of the response body: .*reset the stream'
    }

    It 'sends a <Method> again only when its method is idempotent, when the server closes a kept-alive connection after reading it' -TestCases @(
        @{ Method = 'LOCK'; Count = '2'; Fails = $true }
        @{ Method = 'GET'; Count = '3'; Fails = $false }
    ) {
        # A GET (an idempotent method) is sent again on a new connection by .NET's handler; any other method is not,
        # and fails as in httpcore (which raises for the GET too).
        $key = [guid]::NewGuid().ToString('N')
        $c = New-HttpxClient
        try {
            $null = Invoke-Httpx "$raw/keep-then-drop?key=$key" -Client $c -Timeout 10
            $out = Invoke-Httpx "$raw/keep-then-drop?key=$key" -Method $Method -Client $c -Timeout 10 -As Text -ErrorVariable failure -ErrorAction SilentlyContinue
        }
        finally { Close-HttpxClient $c }
        Invoke-Httpx "$raw/keep-then-drop-count?key=$key" -As Text | Should -Be $Count
        if ($Fails) {
            $out | Should -BeNullOrEmpty
            $failure | Should -HaveCount 1
            $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
            $failure[0].TargetObject | Should -Be "$raw/keep-then-drop?key=$key"
            "$($failure[0])" | Should -BeLike 'Server disconnected without sending a response*'
        }
        else {
            $out | Should -Be 'ok'
            $failure | Should -BeNullOrEmpty
        }
    }

    It 'reads a response head of 100 KB, as httpcore does' {
        (Invoke-Httpx "$raw/large-header").Headers['X-Large'].Length | Should -Be (100KB - 68)
    }

    It 'writes the lines that came before the break, then the error' {
        $lines = Invoke-Httpx "$raw/lines-then-truncated" -Stream Lines -ErrorVariable failure -ErrorAction SilentlyContinue
        $lines | Should -Be 'line1', 'line2'
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
    }

    It 'fails the broken URLs alone among good ones with -ThrottleLimit' {
        $out = "$base/get", "$raw/truncated", "$base/get", "$raw/bad-status", "$base/get" |
            Invoke-Httpx -ThrottleLimit 4 -ErrorVariable failure -ErrorAction SilentlyContinue
        $out | Should -HaveCount 3
        $failure.TargetObject | Sort-Object | Should -Be "$raw/bad-status", "$raw/truncated"
    }
}

Describe 'Invoke-Httpx in a pipeline' {
    It 'takes an Httpx.Url as -Uri and from the pipeline' {
        (Invoke-Httpx ([Httpx.Url]::new("$base/get?from=parameter")) -As Json).args.from | Should -Be 'parameter'
        ([Httpx.Url]::new("$base/get?from=pipeline") | Invoke-Httpx -As Json).args.from | Should -Be 'pipeline'
    }

    It 'binds URLs by value and by property name' {
        ("$base/get", [uri]"$base/anything" | Invoke-Httpx).Url.Path | Should -Be @('/get', '/anything')
        ([pscustomobject]@{ Url = "$base/status/204" } | Invoke-Httpx).StatusCode | Should -Be 204
    }

    It 'binds any object with a Uri or Url property: a UriBuilder, a response' {
        ([UriBuilder]::new("$base/status/201") | Invoke-Httpx).StatusCode | Should -Be 201
        (Invoke-Httpx "$base/status/203" | Invoke-Httpx).Url.Path | Should -Be '/status/203'
    }

    It 'sends a request held by a piped object''s Uri property as built, not as a GET to its URL' {
        $req = New-HttpxRequest "$base/anything" -Method POST -Content 'b' -Header 'X-Held: yes'
        $echo = [pscustomobject]@{ Name = 'web1'; Uri = $req }, @{ Url = $req } | Invoke-Httpx -As Json
        $echo.method | Should -Be 'POST', 'POST'
        $echo.body | Should -Be 'b', 'b'
    }

    It 'binds a hashtable with a Uri or Url key, as from ConvertFrom-Json -AsHashtable' {
        $rows = "[{`"name`": `"web1`", `"url`": `"$base/status/201`"}, {`"name`": `"web2`", `"url`": `"$base/status/202`"}]" | ConvertFrom-Json -AsHashtable
        ($rows | Invoke-Httpx).StatusCode | Should -Be 201, 202
        ([ordered]@{ Uri = "$base/status/203"; Url = "$base/status/500" } | Invoke-Httpx).StatusCode | Should -Be 203
    }

    It 'names a piped hashtable without a URL by its keys, never its values' {
        @{ Endpoint = "$base/get"; Token = 's3cret-token' }, @{ Name = 'web1'; Url = '' } | Invoke-Httpx -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 2
        $failures.FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        "$($failures[0])" | Should -BeLike '*not a hashtable with the keys *Endpoint*'
        "$($failures[0])" | Should -Not -BeLike '*s3cret*'
        "$($failures[1])" | Should -BeLike '*the Url key of the piped hashtable with the keys *'
        $failures[1].TargetObject.Name | Should -Be 'web1'
    }

    It 'tells a refused item that a hashtable with a Uri or Url key is taken, and hides a password in a key' {
        @{ 'https://ops:hunter2@example.org/' = 'web1' } | Invoke-Httpx -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        "$($failures[0])" | Should -BeLike '*or a hashtable with a Uri or Url key, not a hashtable with the keys https://ops:`[secure`]@example.org/.'
        "$($failures[0])" | Should -Not -BeLike '*hunter2*'
    }

    It 'ends with the error of a command before it that throws, writing what came first one at a time and nothing in flight under -ThrottleLimit' {
        $script:seen = @()
        { 1..3 | ForEach-Object { if ($_ -eq 3) { throw 'upstream failed' }; "$base/get?i=$_" } | Invoke-Httpx | ForEach-Object { $script:seen += @($_.Url.Query) } } |
            Should -Throw 'upstream failed'
        $script:seen | Should -Be 'i=1', 'i=2'
        $c = New-HttpxClient -Timeout 0 -MaxConnections 2
        $script:written = 0
        { 1..3 | ForEach-Object { if ($_ -eq 3) { throw 'upstream failed' }; "$base/hang?i=$_" } | Invoke-Httpx -Client $c -ThrottleLimit 3 | ForEach-Object { $script:written++ } } |
            Should -Throw 'upstream failed'
        $script:written | Should -Be 0
        # Cancelled, not left running: their two connections serve the next calls (left running, these would time out waiting for the pool).
        ("$base/get?a", "$base/get?b" | Invoke-Httpx -Client $c -ThrottleLimit 2 -Timeout @{ Pool = 30 }).StatusCode | Should -Be 200, 200
    }

    It 'sends a stream body with the first URL only and reports the others' {
        $body = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes('once'))
        $out = "$base/post", "$base/anything" | Invoke-Httpx -Body $body -As Json -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.body | Should -Be 'once'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $failures[0].Exception.Message | Should -BeLike '*-Content holds a stream*'
    }

    It 'reports a piped item that is no URL as an error for that item only' {
        $out = "$base/get", 42, (New-HttpxRequest "$base/anything") | Invoke-Httpx -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be @(200, 200)
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $failures[0].TargetObject | Should -Be 42
    }

    It 'reports a piped $null to <Name> as the module''s error for that item only' -TestCases @(
        @{ Name = 'Invoke-Httpx' }, @{ Name = 'New-HttpxRequest' }, @{ Name = 'Get-HttpxProxy' }
    ) {
        $out = "$base/status/201", $null, "$base/status/204" | & $Name -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -HaveCount 2
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $failures[0].Exception.Message | Should -BeLike '-Uri is null*'
    }

    It 'reports an Import-Csv row with an empty Url as an error whose target is the row' {
        $rows = "Name,Url`nweb1,`nweb2,$base/status/204" | ConvertFrom-Csv
        $out = $rows | Invoke-Httpx -ThrottleLimit 2 -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be 204
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $failures[0].TargetObject.Name | Should -Be 'web1'
        "$($failures[0])" | Should -BeLike "*the Url property of the piped object with the properties Name, Url holds no URL*"
    }

    It 'sends an Import-Csv row with its Method column, the default for an empty cell, and -Method over it' {
        $rows = "Name,Url,Method`nweb1,$base/anything,DELETE`nweb2,$base/anything,`nweb3,$base/anything,GE T" | ConvertFrom-Csv
        $out = $rows | Invoke-Httpx -As Json -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.method | Should -Be @('DELETE', 'GET')
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $failures[0].TargetObject.Name | Should -Be 'web3'
        ($rows[0] | Invoke-Httpx -Method PUT -As Json).method | Should -Be 'PUT'
        (@{ Url = "$base/anything"; Method = 'PATCH' } | New-HttpxRequest).Method | Should -Be 'PATCH'
    }

    It 'names a piped object without a Uri or Url property by its properties, never its values' {
        [pscustomobject]@{ Endpoint = "$base/get"; Token = 's3cret-token' } | Invoke-Httpx -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        "$($failures[0])" | Should -BeLike '*not an object with the properties Endpoint, Token.'
        "$($failures[0])" | Should -Not -BeLike '*s3cret*'
    }

    It 'sends several URLs given to -Uri as if they were piped' {
        $urls = "$base/status/201", 42, "$base/status/202"
        $out = Invoke-Httpx $urls -ThrottleLimit 2 -ErrorVariable failures -ErrorAction SilentlyContinue
        $out.StatusCode | Sort-Object | Should -Be @(201, 202)
        $failures[0].TargetObject | Should -Be 42
    }

    It 'sends each URL of any collection given to -Uri: a HashSet' {
        $set = [Collections.Generic.HashSet[string]]::new()
        $null = $set.Add("$base/get?i=1"); $null = $set.Add("$base/get?i=2")
        (Invoke-Httpx $set -As Json | ForEach-Object { $_.args.i[0] }) -join ',' | Should -Be '1,2'
    }

    It 'reports bytes given to -Uri as one error, not one per byte' {
        Invoke-Httpx -Uri ([Text.Encoding]::UTF8.GetBytes('{"a": 1}')) -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].Exception.Message | Should -BeLike '*System.Byte`[`]*'
    }

    It 'refuses -NoVerify with -Verify' {
        { Invoke-Httpx "$https/get" -NoVerify -Verify ./ca.pem } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*'
    }

    It 'reports a body that is not JSON as a DecodingError naming the request and its Content-Type' {
        Invoke-Httpx "$base/html" -As Json -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.DecodingError,*'
        $failures[0].Exception.Message | Should -BeLike "The body of the response to GET $base/html is not valid JSON (Content-Type text/html*"
    }

    It 'sets the Content-Type with -ContentType, over -Json''s own, as Invoke-WebRequest does' {
        $r = Invoke-Httpx "$base/post" -Json @{ op = 'add' } -ContentType 'application/merge-patch+json' -As Json
        $r.headers.'Content-Type' | Should -Be 'application/merge-patch+json'
        (Invoke-Httpx "$base/post" -Body 'é' -ContentType 'text/plain; charset=iso-8859-1' -As Json).body_base64 | Should -Be '6Q=='
        { Invoke-Httpx "$base/post" -Body 'x' -ContentType "text/plain`r`nX-Injected: 1" } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "*header 'Content-Type'*"
        $e = { 'a', 'b' | Invoke-Httpx -BaseUrl $base -Body 'x' -ContentType "text/plain; charset=$([char]0xFC)" } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*is not ASCII*' -PassThru
        $e.TargetObject | Should -Be 'ContentType'
    }

    It 'reports a JSON body in latin-1 naming the byte, and saying it is not JSON once' {
        $body = [byte[]](0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0x63, 0x61, 0x66, 0xE9, 0x22, 0x7D)   # {"t":"café"}, é as 0xE9
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content $body -Headers @{ 'Content-Type' = 'application/json; charset=iso-8859-1' } })
        Invoke-Httpx https://api.example/item -Client $c -As Json -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.DecodingError,*'
        $failures[0].Exception.Message | Should -BeLike '*is not valid JSON (Content-Type application/json; charset=iso-8859-1): it reads as utf-8 * byte 0xE9 at position 9 is not utf-8*'
        $failures[0].Exception.Message | Should -Not -BeLike '*not valid JSON*not valid JSON*'
    }

    It 'refuses -Json text that is not JSON, stopping the command' {
        $e = { Invoke-Httpx "$base/post" -Json '{ a: 1 }' } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage 'The -Json text is not valid JSON: *' -PassThru
        $e.TargetObject | Should -Be 'Json'
    }

    It 'names the curly quote that makes -Json text not JSON, and where it is' {
        { Invoke-Httpx "$base/post" -Json "{ `"a`": `u{201C}on`u{201D} }" } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "The -Json text is not valid JSON: '`u{201C}' (U+201C) is an invalid start of a value (line 1, character 8)*"
    }

    It 'sends -Json text without the byte order mark it starts with' {
        (Invoke-Httpx "$base/post" -Json "`u{FEFF}{ `"a`": 1 }" -As Json).body | Should -BeExactly '{ "a": 1 }'
    }

    It 'refuses -Json text with a lone surrogate as JSON that is not valid' {
        $e = { Invoke-Httpx "$base/post" -Json ('{ "a": "x' + [char]0xD800 + '" }') } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage 'The -Json text is not valid JSON: *' -PassThru
        $e.TargetObject | Should -Be 'Json'
    }

    It 'refuses -Data and -Params text cut inside an emoji once, naming the field' {
        $half = 'a😀'.Substring(0, 2)
        { Invoke-Httpx "$base/post" -Method Post -Data @{ note = $half } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Data 'note': the value has half of a surrogate pair (U+D83D) at character 1*"
        { Invoke-Httpx "$base/get" -Params @{ q = $half } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Params 'q': the value has half of a surrogate pair (U+D83D)*"
    }

    It 'says to bracket an IPv6 address written without brackets, and sends the others (InvokeHttpxTests.An_IPv6_address_without_brackets_is_an_InvalidURL_error_saying_to_bracket_it_and_the_others_go_on)' {
        $out = 'http://::1:9100/metrics', "$base/get" | Invoke-Httpx -ErrorVariable failed -ErrorAction SilentlyContinue
        $out.StatusCode | Should -Be 200
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidURL,*'
        "$($failed[0])" | Should -BeExactly "Invalid port ':1:9100' in URL 'http://::1:9100/metrics': an IPv6 address goes in brackets in a URL, write '[::1]:9100' (or '[::1:9100]' if all of it is the address)"
    }

    It 'fails a URL cut inside an emoji as InvalidURL for that item, and sends the others' {
        $half = 'a😀'.Substring(0, 2)
        $results = "$base/get?q=$half", "$base/get?q=ok" | Invoke-Httpx -ErrorVariable failed -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidURL,*'
        "$($failed[0])" | Should -BeLike "Invalid character in URL '*q=a\ud83d': half of a surrogate pair (U+D83D)*"
    }

    It 'sends a lone surrogate of a -Json object escaped, not as U+FFFD' {
        $half = 'a😀'.Substring(0, 2)
        (Invoke-Httpx "$base/post" -Json ([ordered]@{ s = $half; $half = 1 }) -As Json).body | Should -BeExactly '{"s":"a\ud83d","a\ud83d":1}'
    }

    It 'goes on after a failing item' {
        $out = "$base/get", 'http://127.0.0.1:1/', "$base/status/418" | Invoke-Httpx -As Text -SkipHttpErrorCheck -ErrorVariable failures -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 2
        $failures.Count | Should -Be 1
    }

    It 'stops at the first failure with -ErrorAction Stop' {
        { 'http://127.0.0.1:1/', "$base/get" | Invoke-Httpx -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectError*'
    }

    It 'sends up to -ThrottleLimit requests at once' {
        # The server holds each request until 4 of the group are in flight together: one at a time would time out.
        $key = [guid]::NewGuid().ToString('N')
        $reached = 1..4 | ForEach-Object { "$base/inflight?wait_for=4&timeout_ms=20000&key=$key" } | Invoke-Httpx -ThrottleLimit 4 -Timeout 30 -As Json | ForEach-Object reached
        $reached | Should -Be @($true, $true, $true, $true)
    }

    It 'never has more than -ThrottleLimit requests in flight, however many are piped' {
        # Each request is held until three of its group are in flight; the server records the most it saw at once.
        # The first three fill a wave; later ones may not: one can be let through by an earlier wave's last two still
        # leaving, and the last piped then finds itself alone and waits out its hold. So not every one is asked to reach three.
        $key = [guid]::NewGuid().ToString('N')
        $reached = 1..9 | ForEach-Object { "$base/inflight?wait_for=3&timeout_ms=20000&key=$key" } | Invoke-Httpx -ThrottleLimit 3 -Timeout 30 -As Json | ForEach-Object reached
        $reached.Count | Should -Be 9
        @($reached | Where-Object { $_ }).Count | Should -BeGreaterOrEqual 3
        (Invoke-Httpx "$base/inflight/max?key=$key" -As Json).in_flight_max | Should -Be 3
    }

    It 'reads at most -ThrottleLimit items ahead while its slots are full' {
        # Items 1 and 2 are held until a third request of their group arrives (or 5 s pass); 3 and 4 wait in line, and no
        # item past them is read until a slot frees. Item 5's step would send that third request if it were read ahead.
        $key = [guid]::NewGuid().ToString('N')
        $held = "$base/inflight?wait_for=3&timeout_ms=5000&key=$key"
        $log = [System.Collections.Generic.List[string]]::new()
        $hc = [System.Net.Http.HttpClient]::new()
        try {
            1..5 | ForEach-Object {
                $log.Add("read $_")
                if ($_ -eq 5) { $null = $hc.GetAsync($held) }
                if ($_ -le 2) { $held } else { "$base/get" }
            } | Invoke-Httpx -ThrottleLimit 2 -Timeout 30 | ForEach-Object { $log.Add('result') }
        }
        finally { $hc.Dispose() }
        $log[0..4] | Should -Be 'read 1', 'read 2', 'read 3', 'read 4', 'result'
        @($log | Where-Object { $_ -eq 'result' }).Count | Should -Be 5
    }

    It 'writes each result as it completes with -ThrottleLimit, not in input order' {
        # The server holds the first URL until a second request of its group arrives, which the next step sends when
        # it gets the second URL's response: so the first completes only if that response came out first.
        $held = "$base/inflight?wait_for=2&timeout_ms=5000&key=$([guid]::NewGuid())"
        $out = $held, "$base/get" | Invoke-Httpx -ThrottleLimit 2 | ForEach-Object {
            if ($_.Url.Path -eq '/get') { $null = Invoke-Httpx $held }
            $_
        }
        $out.Url.Path | Should -Be '/get', '/inflight'
        $out[1].Json().reached | Should -BeTrue
    }

    It 'never starts the items waiting in line once the pipeline stops: <Stop>' -TestCases @(
        @{ Stop = 'Select-Object -First 1' }
        @{ Stop = '-ErrorAction Stop' }
    ) {
        # Items 1 and 2 are held until a third request of their group arrives, which the step before Invoke-Httpx
        # sends as it gives item 3: items 3 and 4 wait in line. A result then stops the pipeline; their hooks must
        # never run. Under -ErrorAction Stop both items fail: with item 2 alone failing, item 1's success may free its
        # slot for item 3 first, which is right (the xunit test's reason, ConcurrencyTests).
        $held = "inflight?wait_for=3&timeout_ms=20000&key=$([guid]::NewGuid().ToString('N'))"
        $fail = $Stop -eq '-ErrorAction Stop'
        $sent = [Collections.Generic.List[string]]::new()
        $c = New-HttpxClient -Timeout 30 -OnRequest { $sent.Add($_.Url.Query -replace '&.*') } -OnResponse { if ($fail) { throw 'item failed' } }
        $hc = [System.Net.Http.HttpClient]::new()
        $items = {
            1..4 | ForEach-Object {
                if ($_ -eq 3) { $null = $hc.GetAsync("$base/$held") }
                "$base/inflight?i=$_&" + $held.Split('?')[1]
            }
        }
        try {
            if ($fail) {
                { & $items | Invoke-Httpx -Client $c -ThrottleLimit 2 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ScriptBlockError,*'
            }
            else {
                & $items | Invoke-Httpx -Client $c -ThrottleLimit 2 | Select-Object -First 1 | Should -HaveCount 1
            }
            $sent -join ',' | Should -Be 'i=1,i=2'
        }
        finally { Close-HttpxClient $c; $hc.Dispose() }
    }
}

Describe 'Invoke-Httpx paging loops' {
    It 'reads every page of a Link-paginated API, a next URL with a semicolon and relative included' {
        # PaginationTests: Links had cut the URL at its ';' (next was /paged/3?fields=id): page 1 was read twice.
        $c = New-HttpxClient "$base/paged/"
        try {
            $url = '3?fields=id;name'; $pages = 0
            $items = while ($url -and $pages++ -lt 10) {   # a bound, as a nightly job should have
                $r = Invoke-Httpx $url -Client $c -RaiseForStatus -ErrorAction Stop
                $r.Json().items
                $url = if ($r.Links['next']) { $r.Url.Join($r.Links['next'].url) }
            }
            $items -join ',' | Should -Be '1,2,3,4,5,6'
            "$($r.Url)" | Should -Be "$base/paged/3?fields=id;name&page=3"
        }
        finally { Close-HttpxClient $c }
    }

    It 'says to join a relative next URL sent as it came' {
        # PaginationTests: the error said only that the URL had no protocol.
        $r = Invoke-Httpx "$base/paged/3"
        { Invoke-Httpx $r.Links.next.url -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.UnsupportedProtocol,*' -ExpectedMessage "*'/paged/3?page=2'. It is relative: join it to the URL it came from (`$r.Url.Join(...) for a Link header's)*"
    }
}

Describe 'Invoke-Httpx retry loops' {
    It 'reads Retry-After as a wait, from seconds or an HTTP date, and $null without one' {
        # RetryAfterTests: a script had to parse the header itself.
        function ra($value) { (Invoke-Httpx "$base/response-headers?status=429&Retry-After=$([uri]::EscapeDataString($value))").RetryAfter }
        ra '120' | Should -Be ([timespan]::FromSeconds(120))
        ra ([datetime]::UtcNow.AddHours(-1).ToString('r')) | Should -Be ([timespan]::Zero)
        ra ([datetime]::UtcNow.AddHours(1).ToString('r')) | Should -BeGreaterThan ([timespan]::FromMinutes(50))
        (Invoke-Httpx "$base/get").RetryAfter | Should -BeNullOrEmpty
        ra 'soon' | Should -BeNullOrEmpty
    }

    It 'waits out a 429 and a reset connection as Invoke-Httpx help''s Example 15 does, and the error carries the wait too' {
        Mock Start-Sleep {}
        function Get-Nightly($url) {
            $api = New-HttpxClient -Transport (New-HttpxTransport -Retries 3)
            foreach ($attempt in 1..5) {
                $r = try { Invoke-Httpx $url -Client $api -ErrorAction Stop }
                     catch [Httpx.TransportError] { if ($attempt -eq 5) { throw } }
                if ($r -and $r.StatusCode -notin 429, 503 -or $attempt -eq 5) { break }
                Start-Sleep -Duration ($r.RetryAfter ?? [timespan]::FromSeconds([math]::Pow(2, $attempt)))
            }
            $r.RaiseForStatus().Json().attempt
            Close-HttpxClient $api
        }
        $key = [guid]::NewGuid()
        Get-Nightly "$base/flaky/2?status=429&retry_after=7&key=$key" | Should -Be 3
        Should -Invoke Start-Sleep -Times 2 -Exactly -ParameterFilter { $Duration -eq [timespan]::FromSeconds(7) }
        Get-Nightly "$base/flaky/2?reset=1&key=$key-reset" | Should -Be 3
        Should -Invoke Start-Sleep -Times 1 -Exactly -ParameterFilter { $Duration -eq [timespan]::FromSeconds(4) }
        $e = { Invoke-Httpx "$base/flaky/1?retry_after=30&key=$key-error" -RaiseForStatus -ErrorAction Stop } | Should -Throw -ExceptionType ([Httpx.HTTPStatusError]) -PassThru
        $e.Exception.Response.RetryAfter | Should -Be ([timespan]::FromSeconds(30))
    }
}
