# Pester 5 tests of New-HttpxClient and Close-HttpxClient: defaults, the cookie jar and -CookieFile, lifetime, the
# shared pool, client certificates. The same behaviours as tests/Httpx.PowerShell.Tests (ClientTests, CookieTests,
# ClientCertificateTests).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
}

AfterAll {
    Stop-HttpxTestServer $script:Server
}

Describe 'New-HttpxClient' {
    It 'refuses a -DefaultEncoding no codec knows, naming it' {
        { New-HttpxClient -DefaultEncoding klingon } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "*'klingon'*"
    }

    It 'calls a -DefaultEncoding scriptblock with the body to guess the encoding, as HTTPX''s callable default_encoding' {
        $seen = @{}
        $c = New-HttpxClient -DefaultEncoding { param($Body) $seen.Length = $Body.Length; 'cp1252' }
        try {
            $r = Invoke-Httpx "$base/charset/windows-1252?nocharset=1" -Client $c
            $r.Text | Should -Be (Invoke-Httpx "$base/charset/windows-1252").Text
            $r.Encoding | Should -Be 'cp1252'
            $seen.Length | Should -Be $r.Content.Length
        }
        finally { Close-HttpxClient $c }
    }

    It 'says its base URL as text, password masked, where it said its type name' {
        $c = New-HttpxClient -BaseUrl 'https://ops:s3cret@api.example/v1/'
        "$c" | Should -BeExactly "Client(base_url='https://ops:[secure]@api.example/v1/')"
        Close-HttpxClient $c
        "$c" | Should -BeExactly "Client(base_url='https://ops:[secure]@api.example/v1/', closed)"
    }

    It 'shows a -DefaultEncoding scriptblock as the block given, and gives it back' {
        $c = New-HttpxClient -DefaultEncoding { 'latin-1' }
        try {
            ($c | Out-String) | Should -Not -BeLike '*System.Func*'
            ($c | Out-String) | Should -Match "(?m)^DefaultEncoding +: +'latin-1' *$"
            $c.DefaultEncoding | Should -BeOfType [scriptblock]
        }
        finally { Close-HttpxClient $c }
    }

    It 'fails the response whose -DefaultEncoding scriptblock returns a name no codec knows, naming it' {
        $c = New-HttpxClient -DefaultEncoding { 'klingon' }
        try {
            { Invoke-Httpx "$base/charset/windows-1252?nocharset=1" -Client $c -As Text -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.ScriptBlockError,*' -ExpectedMessage "*returned 'klingon'*"
        }
        finally { Close-HttpxClient $c }
    }

    It 'sends its default headers, params and cookies with every call' {
        $c = New-HttpxClient -BaseUrl $base -Headers @{ 'X-Team' = 'ops' } -Params @{ v = '2' } -Cookies @{ a = '1' } -Timeout 30
        try {
            $e = Invoke-Httpx '/anything' -Client $c -As Json
            $e.headers.'X-Team' | Should -Be 'ops'
            $e.args.v[0] | Should -Be '2'
            $e.cookies.a | Should -Be '1'
            "$($c.Timeout)" | Should -Be 'Timeout(timeout=30.0)'
        }
        finally { Close-HttpxClient $c }
    }

    It 'takes headers, params, a timeout and auth assigned after it was made, as HTTPX setters do' {
        $c = New-HttpxClient -BaseUrl $base -Headers @{ 'X-Old' = '1' } -Params @{ old = '1' }
        try {
            $c.Headers = @{ 'X-Team' = 'ops' }
            $c.Params = @{ v = '2' }
            $c.Timeout = 30
            $c.Auth = [pscredential]::new('u', (ConvertTo-SecureString 'p' -AsPlainText -Force))
            $e = Invoke-Httpx '/anything' -Client $c -As Json
            $e.headers.'X-Team' | Should -Be 'ops'
            $e.headers.'X-Old' | Should -BeNullOrEmpty
            $e.query | Should -Be 'v=2'
            $e.headers.Authorization | Should -Be 'Basic dTpw'
            "$($c.Timeout)" | Should -Be 'Timeout(timeout=30.0)'
            { $c.Timeout = -1 } | Should -Throw -ExpectedMessage '*Invalid timeout -1:*'
        }
        finally { Close-HttpxClient $c }
    }

    It 'changes one client''s timeout only when a limit of it is set, and keeps the shared default as it is' {
        $c = New-HttpxClient; $other = New-HttpxClient
        try {
            $c.Timeout.Read = 30
            "$($c.Timeout)" | Should -Be 'Timeout(connect=5.0, read=30.0, write=5.0, pool=5.0)'
            "$($other.Timeout)" | Should -Be 'Timeout(timeout=5.0)'
            { [Httpx.Timeout]::Default.Connect = 1 } | Should -Throw -ExpectedMessage '*Timeout.Default is shared by every client*'
            "$([Httpx.Timeout]::Default)" | Should -Be 'Timeout(timeout=5.0)'
            { [Httpx.Limits]::Default.MaxConnections = 1 } | Should -Throw -ExpectedMessage '*Limits.Default is shared by every client*'
            [Httpx.Limits]::Default.MaxConnections | Should -Be 100
        }
        finally { Close-HttpxClient $c; Close-HttpxClient $other }
    }

    It 'changes a request''s timeout only when a limit of $response.Request.Timeout is set, not its client''s' {
        $c = New-HttpxClient -Timeout 7
        try {
            $r = Invoke-Httpx "$base/get" -Client $c
            $r.Request.Timeout.Read = 1
            "$($r.Request.Timeout)" | Should -Be 'Timeout(connect=7.0, read=1.0, write=7.0, pool=7.0)'
            "$($c.Timeout)" | Should -Be 'Timeout(timeout=7.0)'
        }
        finally { Close-HttpxClient $c }
    }

    It 'gives a request sent without a client''s timeout one of its own to change, not the shared default' {
        $r = Invoke-Httpx "$base/get"
        $r.Request.Timeout.Read = 1
        "$($r.Request.Timeout)" | Should -Be 'Timeout(connect=5.0, read=1.0, write=5.0, pool=5.0)'
        "$([Httpx.Timeout]::Default)" | Should -Be 'Timeout(timeout=5.0)'
    }

    It 'refuses a change to the lists of a client''s params, immutable as HTTPX''s, and to the shared empty params' {
        $c = New-HttpxClient -Params @{ a = '1' }
        try {
            { $c.Params.GetList('a')[0] = 'z' } | Should -Throw
            { [Httpx.QueryParams]::Empty.Keys.Add('x') } | Should -Throw
            $c.Params.ToString() | Should -Be 'a=1'
            [Httpx.QueryParams]::Empty.Count | Should -Be 0
            $c.Params.Keys[0] | Should -Be 'a'
        }
        finally { Close-HttpxClient $c }
    }

    It 'indexes the lists of environment variables it reads, and keeps them as they are' {
        [Httpx.EnvironmentTls]::BundleVariables[1] | Should -Be 'SSL_CERT_DIR'
        [Httpx.EnvironmentProxies]::UsualVariables[0] | Should -Be 'HTTP_PROXY'
        { [Httpx.EnvironmentProxies]::UsualVariables[0] = 'X' } | Should -Throw
        [Httpx.EnvironmentProxies]::UsualVariables[0] | Should -Be 'HTTP_PROXY'
    }

    It 'takes a list of name/value pairs for $client.Headers and -Cookies, as $client.Params takes one' {
        $c = New-HttpxClient -BaseUrl $base -Cookies @(@('sid', 'abc'), @('lang', 'en'))
        try {
            $c.Headers = @(@('X-A', '1'), @('X-A', '2'))
            $e = Invoke-Httpx '/anything' -Client $c -As Json
            $e.headers.'X-A' -join ', ' | Should -Be '1, 2'
            $e.cookies.sid | Should -Be 'abc'
            $e.cookies.lang | Should -Be 'en'
            (Invoke-Httpx '/cookies' -Client $c -Cookies @(,@('sid', 'xyz')) -As Json).cookies.sid | Should -Be 'xyz'
            # A flat list (one pair without the leading comma) is named by its items' type, never its values.
            $record = $null
            try { $c.Headers = @('Authorization', 'Bearer SECRET') } catch { $record = $_ }
            $record.FullyQualifiedErrorId | Should -Be 'Httpx.InvalidArgument'
            "$record" | Should -BeLike '*item 1 of the list is System.String, not a (name, value) pair*'
            "$record" | Should -Not -Match 'SECRET'
        }
        finally { Close-HttpxClient $c }
    }

    It 'takes for $client.Params what -Params takes, with the same messages' {
        $c = New-HttpxClient
        try {
            $c.Params = @(@('a', '1'), @('a', '2')); $c.Params.ToString() | Should -Be 'a=1&a=2'
            $c.Params = 'x=1&y=2&x=3'; $c.Params.ToString() | Should -Be 'x=1&x=3&y=2'
            $message = "-Params: item 2 of the list is the string 'b', not a (name, value) pair*"
            { $c.Params = @(@('a', '1'), 'b') } | Should -Throw -ErrorId 'Httpx.InvalidArgument' -ExpectedMessage $message
            { New-HttpxRequest "$base/get" -Params @(@('a', '1'), 'b') } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage $message
        }
        finally { Close-HttpxClient $c }
    }

    It 'refuses a setting of the wrong shape with the module''s error, never repeating a secret' {
        $c = New-HttpxClient
        try {
            $cases = @(
                @{ Set = { $c.Timeout = 'abc' }; Target = 'abc'; Message = "Invalid timeout 'abc':*" }
                @{ Set = { $c.Headers = 'Authorization: Bearer SECRET' }; Target = 'Headers'; Message = 'Headers takes a hashtable*not System.String.' }
                @{ Set = { $c.Params = 5 }; Target = 'Params'; Message = '-Params takes a hashtable*a list of name/value pairs*not System.Int32.' }
                @{ Set = { $c.Auth = 'Bearer SECRET' }; Target = 'Auth'; Message = '-Auth takes an Httpx.Auth*not System.String: a bearer token is (New-HttpxAuth -Bearer -Token <token>).' }
                @{ Set = { $c.Cookies = 'session=SECRET' }; Target = 'Cookies'; Message = '-Cookies takes a hashtable*not System.String.' }
                @{ Set = { $c.EventHooks = 5 }; Target = 'EventHooks'; Message = 'EventHooks takes a hashtable of Request and Response*' }
                @{ Set = { $c.DefaultEncoding = 'nope' }; Target = 'nope'; Message = "Unknown text encoding 'nope' for the default encoding:*" }
            )
            foreach ($case in $cases) {
                $record = $null
                try { & $case.Set } catch { $record = $_ }
                $record.FullyQualifiedErrorId | Should -Be 'Httpx.InvalidArgument'
                $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
                $record.TargetObject | Should -Be $case.Target
                "$record" | Should -BeLike $case.Message
                "$record $($record.Exception.Message) $($record.Exception.InnerException.Message)" | Should -Not -Match 'SECRET'
            }
            # What the parameters take, $null and the engine's own objects still go in.
            $c.Timeout = [timespan]'0:0:4'; "$($c.Timeout)" | Should -Be 'Timeout(timeout=4.0)'
            $c.Timeout = $null; "$($c.Timeout)" | Should -Be 'Timeout(timeout=None)'
            $c.Params = 'x=1&y=2'; $c.Params.ToString() | Should -Be 'x=1&y=2'
            $c.Auth = New-HttpxAuth -Bearer -Token tok; $c.Auth | Should -BeOfType Httpx.BearerAuth
        }
        finally { Close-HttpxClient $c }
    }

    It 'takes a PSCustomObject for $client.Timeout, as -Timeout does, and no refused setting ends with a parameter name' {
        $c = New-HttpxClient -Timeout ([pscustomobject]@{ Read = 3 })
        try {
            "$($c.Timeout)" | Should -Be 'Timeout(connect=5.0, read=3.0, write=5.0, pool=5.0)'
            $c.Timeout = [pscustomobject]@{ Connect = 2; Pool = $null }
            "$($c.Timeout)" | Should -Be 'Timeout(connect=2.0, read=5.0, write=5.0, pool=None)'
            { $c.Timeout = [pscustomobject]@{ Reed = 3 } } | Should -Throw -ErrorId 'Httpx.InvalidArgument' -ExpectedMessage "Unknown timeout 'Reed':*"
            { New-HttpxClient -Timeout ([pscustomobject]@{ Reed = 3 }) } | Should -Throw -ExpectedMessage "*Unknown timeout 'Reed':*"
            foreach ($set in { $c.Timeout = -1 }, { $c.Auth = 5 }, { $c.EventHooks = @{ X = {} } }) {
                $record = $null
                try { & $set } catch { $record = $_ }
                $record.Exception.Message | Should -Not -BeLike "*(Parameter '*')"
            }
        }
        finally { Close-HttpxClient $c }
    }

    It 'keeps the query of its base URL after the joined path' {
        $c = New-HttpxClient -BaseUrl "$base/anything/api?code=K"
        try {
            $e = Invoke-Httpx 'users' -Client $c -Params @{ x = 1 } -As Json
            $e.path | Should -Be '/anything/api/users'
            $e.query | Should -Be 'code=K&x=1'
        }
        finally { Close-HttpxClient $c }
    }

    It 'lets request -Params replace its params key by key, and an empty list remove the key' {
        $c = New-HttpxClient -BaseUrl $base -Params ([ordered]@{ a = 1; b = 'client' })
        try {
            (Invoke-Httpx '/anything?a=url&u=url' -Client $c -Params @{ a = @() } -As Json).query | Should -BeExactly 'u=url&b=client'
            (Invoke-Httpx '/anything' -Client $c -Params @{ a = 2, 3 } -As Json).query | Should -BeExactly 'a=2&a=3&b=client'
            (Invoke-Httpx '/anything' -Client $c -Params @{ a = $null } -As Json).query | Should -BeExactly 'a=&b=client'
        }
        finally { Close-HttpxClient $c }
    }

    It 'runs event hooks assigned after it was made, as -OnRequest and -OnResponse' {
        $c = New-HttpxClient -BaseUrl $base
        try {
            $seen = [System.Collections.Generic.List[string]]::new()
            $c.EventHooks = @{ Request = { $seen.Add("request $($_.Url.Path)") }; Response = { $seen.Add("response $($_.StatusCode)") } }
            $null = Invoke-Httpx '/get' -Client $c
            $seen | Should -Be @('request /get', 'response 200')
            { $c.EventHooks = @{ Sent = {} } } | Should -Throw -ExpectedMessage "*Unknown event hook 'Sent'*"
        }
        finally { Close-HttpxClient $c }
    }

    It 'takes HTTPX''s event_hooks hashtable as -EventHooks, its hooks run as -OnRequest and -OnResponse ones' {
        $thread = [Environment]::CurrentManagedThreadId
        $seen = [System.Collections.Generic.List[string]]::new()
        $c = New-HttpxClient -BaseUrl $base -EventHooks @{
            request  = { $seen.Add("request $($_.Url.Path) $([Environment]::CurrentManagedThreadId -eq $thread)") }
            RESPONSE = { param($r) $seen.Add("response $($r.StatusCode)") }, { $seen.Add('second') }
        }
        try {
            $c.EventHooks.ToString() | Should -BeExactly 'EventHooks(request=1, response=2)'
            $null = Invoke-Httpx '/get' -Client $c
            $seen | Should -Be @('request /get True', 'response 200', 'second')
            $copy = New-HttpxClient -EventHooks $c.EventHooks
            $c.EventHooks = $null
            $copy.EventHooks.ToString() | Should -BeExactly 'EventHooks(request=1, response=2)'
            (New-HttpxClient -EventHooks @{}).EventHooks.ToString() | Should -BeExactly 'EventHooks(request=0, response=0)'
        }
        finally { Close-HttpxClient $c }
    }

    It 'fails a request whose -EventHooks hook throws with Httpx.ScriptBlockError, as an -OnResponse hook' {
        $c = New-HttpxClient -BaseUrl $base -EventHooks @{ Response = { throw 'no hook today' } }
        try {
            { Invoke-Httpx '/get' -Client $c -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ScriptBlockError,*' -ExpectedMessage 'no hook today'
        }
        finally { Close-HttpxClient $c }
    }

    It 'fails a response hook reading $_.Elapsed before the body with Httpx.ResponseNotRead, and gives it after $_.Read()' {
        $c = New-HttpxClient -BaseUrl $base -OnResponse { $script:took = $_.Elapsed }
        try {
            { Invoke-Httpx '/get' -Client $c -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ResponseNotRead,*' -ExpectedMessage '*$null = $_.Read()*'
            $c.EventHooks = @{ Response = { $null = $_.Read(); $script:took = $_.Elapsed } }
            $r = Invoke-Httpx '/get' -Client $c
            $script:took | Should -BeOfType [timespan]
            $r.Elapsed | Should -BeOfType [timespan]
        }
        finally { Close-HttpxClient $c }
    }

    It 'gives its hooks'' warnings and information to the command''s -WarningVariable and -InformationVariable, as ForEach-Object does' {
        $c = New-HttpxClient -BaseUrl $base -OnResponse { Write-Warning "slow $($_.Url.Path)"; Write-Information "took $($_.Url.Path)"; 'dropped' }
        try {
            $out = '/get', '/json' | Invoke-Httpx -Client $c -ThrottleLimit 4 -WarningVariable slow -WarningAction SilentlyContinue -InformationVariable took 3>&1
            @($out).Count | Should -Be 2
            @($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 0
            @($slow.Message | Sort-Object) | Should -Be @('slow /get', 'slow /json')
            @($took.MessageData | Sort-Object) | Should -Be @('took /get', 'took /json')
        }
        finally { Close-HttpxClient $c }
    }

    It 'gives a hook''s failure the request''s URL as joined to -BaseUrl as its target, as its other errors have' {
        $c = New-HttpxClient -BaseUrl $base -OnRequest { if ($_.Url.Path -eq '/status/418') { throw 'no teapots' } }
        try {
            $null = '/status/418', '/get' | Invoke-Httpx -Client $c -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ScriptBlockError,*'
            $failed[0].TargetObject | Should -BeExactly "$base/status/418"
        }
        finally { Close-HttpxClient $c }
    }

    It 'refuses a client whose scriptblock was added to $client.EventHooks.Response before sending, saying how to give it' {
        $c = New-HttpxClient -BaseUrl $base
        try {
            $script:ran = $null
            $c.EventHooks.Response.Add({ param($r) $script:ran = 'yes' })
            { Invoke-Httpx '/post' -Method POST -Body 'x' -Client $c -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '$client.EventHooks.Response holds a scriptblock added to it (.Add)*$client.EventHooks = @{ Response = ... }*'
            $script:ran | Should -BeNullOrEmpty
        }
        finally { Close-HttpxClient $c }
    }

    It 'refuses a bad -EventHooks key or value as a binding error with the message of $client.EventHooks =' {
        { New-HttpxClient -EventHooks @{ Sent = {} } } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage "*'EventHooks'. Unknown event hook 'Sent': use Request and Response, each a scriptblock or a list of them."
        { New-HttpxClient -EventHooks @{ Request = 'log' } } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage "*Event hook 'Request': a scriptblock or a list of them, not System.String."
        { New-HttpxClient -EventHooks 'request' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*EventHooks takes a hashtable of Request and Response, each a scriptblock or a list of them, not System.String.'
    }

    It 'refuses -EventHooks with -OnRequest or -OnResponse, naming the other, and takes a $null one' {
        $e = { New-HttpxClient -EventHooks @{ Response = {} } -OnRequest { 1 } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'OnRequest'
        "$e" | Should -BeLike '-EventHooks cannot be combined with -OnRequest: *give them all in -EventHooks*'
        $e = { New-HttpxClient -EventHooks @{ Request = {} } -OnResponse { 1 } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'OnResponse'
        (New-HttpxClient -EventHooks @{ Request = {} } -OnRequest $null).EventHooks.ToString() | Should -BeExactly 'EventHooks(request=1, response=0)'
    }

    It 'trims spaces, tabs and line breaks around -BaseUrl, as around -Uri and in $client.BaseUrl =' {
        $c = New-HttpxClient -BaseUrl " $base/anything/v1`r"
        try {
            (Invoke-Httpx 'x' -Client $c -As Json).path | Should -Be '/anything/v1/x'
            (Invoke-Httpx 'y' -BaseUrl "`t$base/anything/v2 " -As Json).path | Should -Be '/anything/v2/y'
            (New-HttpxRequest 'z' -BaseUrl "$base/anything/v3`r`n").Url.Path | Should -Be '/anything/v3/z'
        }
        finally { Close-HttpxClient $c }
    }

    It "sends an empty URL to its base URL itself, as HTTPX's client.get('') does" {
        $c = New-HttpxClient -BaseUrl "$base/anything/v1"
        try {
            (Invoke-Httpx '' -Client $c -As Json).path | Should -Be '/anything/v1/'
            (Invoke-Httpx '' -BaseUrl "$base/anything/v2" -As Json).path | Should -Be '/anything/v2/'
            (New-HttpxRequest '' -Client $c).Url.Path | Should -Be '/anything/v1/'
            { Invoke-Httpx '' -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '-Uri is empty*'
        }
        finally { Close-HttpxClient $c }
    }

    It 'passes its options to the engine' {
        $c = New-HttpxClient -Http2 -NoHttp1 -MaxRedirects 4 -DefaultEncoding 'latin-1'
        (Invoke-Httpx "$h2c/get" -Client $c).HttpVersion | Should -Be 'HTTP/2'
        $c.MaxRedirects | Should -Be 4
        $c.DefaultEncoding | Should -Be 'latin-1'
        Close-HttpxClient $c
    }

    It 'says that an HTTP/1.1-only server does not speak HTTP/2 when -NoHttp1 leaves no fallback' {
        $c = New-HttpxClient -Http2 -NoHttp1
        try {
            $e = { Invoke-Httpx "$base/get" -Client $c -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.RemoteProtocolError,*' -PassThru
            # .NET's read races Kestrel's close after its GOAWAY (as the engine's HttpVersionTests say): when the close
            # is seen first, what is left is a server that closed before its SETTINGS frame.
            $e.Exception.Message | Should -Match "(does not speak HTTP/2.*HTTP_1_1_REQUIRED|^Server disconnected before completing the HTTP/2 handshake).*$([regex]::Escape("$base/get"))"
            "$($e.TargetObject)" | Should -Be "$base/get"
        }
        finally { Close-HttpxClient $c }
    }

    It 'says that an HTTP/1.1-only TLS server does not speak HTTP/2 when its ALPN refuses h2 and -NoHttp1 leaves no fallback' {
        $url = $Server.'https-http1' + '/get'
        $c = New-HttpxClient -Http2 -NoHttp1 -Verify $ca
        try {
            $e = { Invoke-Httpx $url -Client $c -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectError,*' -PassThru
            $e.Exception.Message | Should -BeLike "*does not speak HTTP/2*HTTP/1.1 is switched off*$url*"
            "$($e.TargetObject)" | Should -Be $url
        }
        finally { Close-HttpxClient $c }
    }

    It 'keeps to -MaxConnections requests at once' {
        # The server holds each request until two of its group are in flight, or gives up after 300 ms.
        $key = [guid]::NewGuid().ToString('N')
        $single = New-HttpxClient -MaxConnections 1
        $reached = 1..2 | ForEach-Object { "$base/inflight?wait_for=2&timeout_ms=300&key=$key" } | Invoke-Httpx -Client $single -ThrottleLimit 2 -As Json | ForEach-Object reached
        $reached | Should -Be @($false, $false)
    }

    It 'carries a second HTTP/2 request on its one connection while a streamed response is open: <Case>' -TestCases @(
        @{ Case = 'HTTPS, HTTP/1.1 too'; Origin = 'https' }
        @{ Case = 'h2c, HTTP/2 only'; Origin = 'h2c' }
    ) {
        # -MaxConnections counts connections, as in HTTPX: HTTP/2 multiplexes requests on one.
        $url = $Server.$Origin
        $settings = if ($Origin -eq 'https') { @{ Verify = $ca } } else { @{ NoHttp1 = $true } }
        $c = New-HttpxClient -Http2 @settings -MaxConnections 1 -Timeout @{ Pool = 0.5 }
        try {
            $held = $c.Stream('GET', "$url/stream-lines/0")
            try {
                $held.HttpVersion | Should -Be 'HTTP/2'
                (Invoke-Httpx "$url/get" -Client $c).HttpVersion | Should -Be 'HTTP/2'
                $c.TransportFor([Httpx.Url]::new($url)).OpenConnections | Should -Be 1
            }
            finally { $held.Dispose() }
        }
        finally { Close-HttpxClient $c }
    }

    It 'sends concurrent first HTTP/2 requests together on its one connection, as HTTPX does' {
        # They queued one at a time behind the first until it was answered: with -MaxConnections 1, a PoolTimeout each.
        $key = [guid]::NewGuid().ToString('N')
        $c = New-HttpxClient -Http2 -Verify $ca -MaxConnections 1 -Timeout @{ Connect = 30; Read = 30; Write = 30; Pool = 10 }
        try {
            $out = 1..8 | ForEach-Object { "$($Server.https)/inflight?wait_for=8&timeout_ms=20000&key=$key" } |
                Invoke-Httpx -Client $c -ThrottleLimit 8 -As Json
            $out | Should -HaveCount 8
            $out | ForEach-Object reached | Should -Not -Contain $false
            @($out | ForEach-Object connection | Sort-Object -Unique) | Should -HaveCount 1
        }
        finally { Close-HttpxClient $c }
    }

    It 'gives its keep-alive limits to its transport' {
        $c = New-HttpxClient -MaxConnections 3 -MaxKeepAliveConnections 1 -KeepAliveExpiry 2.5
        try {
            $limits = $c.TransportFor([Httpx.Url]::new("$base/")).Options.Limits
            $limits.MaxConnections | Should -Be 3
            $limits.MaxKeepAliveConnections | Should -Be 1
            $limits.KeepAliveExpiry | Should -Be 2.5
            (Invoke-Httpx "$base/get" -Client $c).StatusCode | Should -Be 200
        }
        finally { Close-HttpxClient $c }
    }

    It 'names -MaxConnections in a pool timeout' {
        $c = New-HttpxClient -MaxConnections 1 -Timeout @{ Read = 10; Pool = 0.05 }
        $held = $c.Stream('GET', "$base/stream-lines/0")
        try {
            Invoke-Httpx "$base/get" -Client $c -ErrorVariable e -ErrorAction SilentlyContinue
            $e[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.PoolTimeout*'
            "$($e[0])" | Should -BeLike '*(all 1 in use; see -MaxConnections of New-HttpxClient or New-HttpxTransport)*'
        }
        finally { $held.Dispose(); Close-HttpxClient $c }
    }

    It 'refuses a change to a transport''s options, which it read when it was made' {
        $t = New-HttpxTransport -MaxConnections 3
        { $t.Options.Retries = 3 } | Should -Throw -ErrorId 'ExceptionWhenSetting' -ExpectedMessage "*A transport's settings are fixed when it is made, so its Options.Retries is not changed here: make a new transport with the setting (New-HttpxTransport -Retries, or*"
        { $t.Options.Limits.MaxConnections = 1 } | Should -Throw -ExpectedMessage '*Options.Limits.MaxConnections is not changed here: make a new transport with the limit (New-HttpxTransport -MaxConnections)*'
        "$t" | Should -Be 'HttpTransport(http1=True, http2=False)'
        $t.Options.Limits.MaxConnections | Should -Be 3
        { $t.Options.Uds = '/tmp/x.sock' } | Should -Throw -ExpectedMessage '*Options.Uds is not changed here: make a new transport with the setting (New-HttpxTransport -UnixSocket, or*'
    }

    It 'takes a TimeSpan for -KeepAliveExpiry, as -Timeout takes one' {
        (New-HttpxTransport -KeepAliveExpiry ([timespan]'0:0:30')).Options.Limits.KeepAliveExpiry | Should -Be 30
        $c = New-HttpxClient -KeepAliveExpiry ([timespan]::FromSeconds(2.5))
        try { $c.TransportFor([Httpx.Url]::new("$base/")).Options.Limits.KeepAliveExpiry | Should -Be 2.5 }
        finally { Close-HttpxClient $c }
        { New-HttpxClient -KeepAliveExpiry ([timespan]'-0:0:1') } | Should -Throw -ErrorId 'ParameterArgumentValidationError*' -ExpectedMessage '*-1 is not a limit: give 0 or more, or $null for no expiry.'
    }

    It 'reads seconds given as text with a decimal point in every culture, and refuses a decimal comma' {
        # PowerShell's conversion reads a comma as a thousands separator ([double]'1,5' is 15): under de-DE,
        # -Timeout @{ Read = '1,5' } was a 15 s limit and -KeepAliveExpiry '2,5' 25 s.
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            (New-HttpxClient -Timeout @{ Read = '2.5' }).Timeout.Read | Should -Be 2.5
            (New-HttpxTransport -KeepAliveExpiry '2.5').Options.Limits.KeepAliveExpiry | Should -Be 2.5
            { New-HttpxClient -Timeout @{ Read = '1,5' } } | Should -Throw -ExpectedMessage "*Invalid timeout Read='1,5': give seconds as a number with a decimal point: 1.5, not 1,5."
            { New-HttpxTransport -KeepAliveExpiry '2,5' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage "*Invalid number of seconds '2,5': give a number with a decimal point: 1.5, not 1,5."
            { Invoke-Httpx "$base/get" -Timeout '1,5' } | Should -Throw -ExpectedMessage "*Invalid timeout '1,5': give seconds (a number with a decimal point: 1.5, not 1,5)*"
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
    }

    It 'refuses a decimal comma without quotes, a list to PowerShell, naming it' {
        # -KeepAliveExpiry 1,5 read "Cannot convert 'System.Object[]' ... Specified method is not supported", and
        # @{ Read = 1,5 } "Invalid timeout Read='System.Object[]'".
        { New-HttpxTransport -KeepAliveExpiry 1,5 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage '*Invalid number of seconds 1, 5: give one number (1,5 is a list of two numbers to PowerShell: write 1.5).'
        { New-HttpxClient -Timeout @{ Read = 1,5 } } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage '*Invalid timeout Read=1, 5: give one number of seconds (1,5 is a list of two numbers to PowerShell: write 1.5).'
        (New-HttpxClient -Timeout @{ Read = @(3) }).Timeout.Read | Should -Be 3
    }

    It 'reads seconds given as text one way for -Timeout, its hashtable and -KeepAliveExpiry' {
        # PowerShell's conversion made '0x10' 16 s and '' no limit in a hashtable and for -KeepAliveExpiry; -Timeout refused them.
        foreach ($text in '0x10', '1kb', '') {
            { New-HttpxClient -Timeout $text } | Should -Throw -Because $text
            { New-HttpxClient -Timeout @{ Read = $text } } | Should -Throw -ExpectedMessage "*Invalid timeout Read='$text': give seconds as a number." -Because $text
            { New-HttpxTransport -KeepAliveExpiry $text } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage "*Invalid number of seconds '$text': give a number." -Because $text
        }
        (New-HttpxClient -Timeout @{ Read = ' 2.5 ' }).Timeout.Read | Should -Be 2.5
        (New-HttpxTransport -KeepAliveExpiry '1e1').Options.Limits.KeepAliveExpiry | Should -Be 10
    }

    It 'opens a connection per request with -KeepAliveExpiry 0, and keeps one with $null' {
        foreach ($case in @{ Expiry = 0; Connections = 3 }, @{ Expiry = $null; Connections = 1 }) {
            $c = New-HttpxClient -KeepAliveExpiry $case.Expiry
            try {
                $seen = 1..3 | ForEach-Object { (Invoke-Httpx "$base/inflight?wait_for=1&key=$([guid]::NewGuid())" -Client $c -As Json).connection }
                @($seen | Sort-Object -Unique).Count | Should -Be $case.Connections
            }
            finally { Close-HttpxClient $c }
        }
    }

    It 'takes $null pool limits as no limit, as HTTPX''s None' {
        $c = New-HttpxClient -MaxConnections $null -MaxKeepAliveConnections $null -KeepAliveExpiry $null
        try {
            "$($c.TransportFor([Httpx.Url]::new("$base/")).Options.Limits)" |
                Should -Be 'Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=None)'
            (Invoke-Httpx "$base/get" -Client $c).StatusCode | Should -Be 200
        }
        finally { Close-HttpxClient $c }
        "$((New-HttpxTransport -KeepAliveExpiry $null).Options.Limits)" | Should -Be 'Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=None)'
        { New-HttpxClient -MaxConnections 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*' -ExpectedMessage '*0 is not a limit: give 1 or more, or $null for no limit.'
    }

    It 'turns certificate checks off with -NoVerify' {
        { Invoke-Httpx "$https/get" -Client (New-HttpxClient -NoTrustEnv) -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectError*'
        (Invoke-Httpx "$https/get" -Client (New-HttpxClient -NoTrustEnv -NoVerify)).StatusCode | Should -Be 200
    }

    It 'refuses a $null among -OnRequest or -OnResponse hooks when it is made, naming the parameter' {
        $e = { New-HttpxClient -OnRequest { 1 }, $null } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'OnRequest'
        "$e" | Should -Be '-OnRequest holds $null (item 2 of 2): give scriptblocks, or leave -OnRequest out for no hook.'
        $e = { New-HttpxClient -OnResponse @($null) } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'OnResponse'
        $c = New-HttpxClient -OnRequest $null -BaseUrl $base
        try { (Invoke-Httpx '/get' -Client $c).StatusCode | Should -Be 200 }
        finally { Close-HttpxClient $c }
    }

    It 'drops what a hook writes to the pipeline and sends its warnings to the caller''s streams' {
        $c = New-HttpxClient -BaseUrl $base -OnRequest { 'stray'; Write-Warning "to $($_.Url.Path)" }
        try {
            $out = Invoke-Httpx '/get' -Client $c 3>&1
            $out.Count | Should -Be 2
            $out[0] | Should -BeOfType [System.Management.Automation.WarningRecord]
            $out[0].Message | Should -Be 'to /get'
            $out[1].StatusCode | Should -Be 200
        }
        finally { Close-HttpxClient $c }
    }

    It 'fails the request of a hook or mock handler that uses break, continue or exit, naming the keyword, and goes on' {
        $clients = @(
            New-HttpxClient -BaseUrl $base -OnRequest { break }
            New-HttpxClient -BaseUrl $base -OnResponse { continue }
            New-HttpxClient -BaseUrl $base -Transport (New-HttpxMockTransport { param($Request) exit 3 })
        )
        try {
            $done = 0
            foreach ($c in $clients) { $null = Invoke-Httpx '/get' -Client $c -ErrorAction SilentlyContinue -ErrorVariable +failed; $done++ }
            $done | Should -Be 3
            $failed.Count | Should -Be 3
            $failed | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -BeLike 'Httpx.ScriptBlockError,*'
                $_.CategoryInfo.Category | Should -Be 'InvalidOperation'
                "$_" | Should -BeLike "*Leave a scriptblock with 'return'*"
            }
            "$($failed[0])" | Should -BeLike "*used 'break'*"
            "$($failed[1])" | Should -BeLike "*used 'continue'*"
            "$($failed[2])" | Should -BeLike "*used 'exit 3'*"
        }
        finally { $clients | ForEach-Object { Close-HttpxClient $_ } }
    }

    It 'refuses a scriptblock as a -Params or -Headers value, where its text was sent' {
        { New-HttpxClient -Params @{ since = { 1 } } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Params 'since': *not System.Management.Automation.ScriptBlock.*"
        { New-HttpxClient -Headers @{ 'X-Since' = { 1 } } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Headers 'X-Since': *not a scriptblock (it is not run: give its result).*"
        { New-HttpxRequest "$base/get" -Params @{ since = { 1 } } -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*'
    }

    It 'takes $client.Params as a list of pairs with its values checked as a hashtable''s are' {
        $c = New-HttpxClient
        try {
            { $c.Params = @(@('a', 'x'), @('since', { 1 })) } | Should -Throw -ErrorId 'Httpx.InvalidArgument' -ExpectedMessage "-Params 'since': *not System.Management.Automation.ScriptBlock."
            { $c.Params = @(, @('token', [pscustomobject]@{ x = 'SECRET' })) } | Should -Throw -ExpectedMessage "-Params 'token': *not a PSCustomObject."
            $c.Params = @(@('d', [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)), @('a', 1), @('a', $true))
            $c.Params.ToString() | Should -Be 'd=2024-01-02T03%3A04%3A05Z&a=1&a=true'
        }
        finally { Close-HttpxClient $c }
    }

    It 'refuses a SecureString put into a header value, whose text is only its type name' {
        $token = ConvertTo-SecureString 'tok' -AsPlainText -Force
        { Invoke-Httpx "$base/headers" -Headers @{ Authorization = "Bearer $token" } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Headers 'Authorization': the value holds the text 'System.Security.SecureString'*"
        { Invoke-Httpx "$base/headers" -Header "X-Api-Key: $token" -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Header item 1 ('X-Api-Key'): the value holds*"
    }

    It 'refuses a bad header name or value against -Headers, without the value' {
        $e = { New-HttpxClient -BaseUrl $base -Headers @{ Authorization = "Bearer SEC`nRET" } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'Headers'
        "$e" | Should -BeLike "*'Authorization'*"
        "$e" | Should -Not -BeLike '*SEC*'
        $e = { New-HttpxClient -BaseUrl $base -Headers @{ 'Bad Header' = 'x' } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'Headers'
        # Not ASCII: refused when the client is made, as Invoke-Httpx -Headers is, not by each request it sends.
        $e = { New-HttpxClient -BaseUrl $base -Headers @{ 'X-Name' = 'José' } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru
        $e.TargetObject | Should -Be 'Headers'
        "$e" | Should -Not -BeLike '*Jos*'
    }

    It 'refuses -NoHttp1 without -Http2, as New-HttpxTransport does' {
        { New-HttpxClient -NoHttp1 } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-NoHttp1 needs -Http2*'
        { New-HttpxTransport -NoHttp1 } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-NoHttp1 needs -Http2*'
    }

    It 'refuses connection settings next to -Client' {
        $c = New-HttpxClient
        { Invoke-Httpx "$base/get" -Client $c -NoVerify } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-NoVerify cannot be combined with -Client*'
        Close-HttpxClient $c
    }

    It 'takes a connection switch given as $false next to -Client, and -NoTrustEnv with a client that ignores the environment' {
        $c = New-HttpxClient
        (Invoke-Httpx "$base/get" -Client $c -NoTrustEnv:$false -NoVerify:$false).StatusCode | Should -Be 200
        { Invoke-Httpx "$base/get" -Client $c -NoTrustEnv } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-NoTrustEnv cannot be combined with -Client*'
        $ignoring = New-HttpxClient -NoTrustEnv
        (Invoke-Httpx "$base/get" -Client $ignoring -NoTrustEnv).StatusCode | Should -Be 200
        Close-HttpxClient $c, $ignoring
    }

    It 'lists how many hooks a client has' {
        $c = New-HttpxClient -OnRequest { param($r) } -OnResponse { param($r) }, { param($r) }
        $c | Out-String | Should -Match 'EventHooks +: EventHooks\(request=1, response=2\)'
        $c.Dispose()
    }

    It 'lists its timeout and a transport''s limits a setting a line, and a response after them keeps its own table' {
        $c = New-HttpxClient -Timeout @{ Connect = 2; Read = 0 }
        $t = New-HttpxTransport -MaxConnections 10 -KeepAliveExpiry $null
        $text = & { $c.Timeout; Invoke-Httpx "$base/get"; $t.Options.Limits } | Out-String
        $text | Should -Match '(?m)^Read +: no limit\s*$'
        $text | Should -Match '(?m)^KeepAliveExpiry +: no limit\s*$'
        $text | Should -Match '(?m)^Status +HTTP +ms +ContentType'
        $text | Should -Not -BeLike '*Read()*'
        $c.Dispose(); $t.Dispose()
    }

    It 'sends a URL to the most specific of its -Mounts, a default port counting as written: <Url>' -TestCases @(
        @{ Url = 'https://example.org/'; Expected = 'example.org:443' }
        @{ Url = 'https://example.org:8443/'; Expected = 'https://' }
        @{ Url = 'http://example.org/'; Expected = 'all://' }
    ) {
        $answer = { param($Name) New-HttpxMockTransport { New-HttpxResponse 200 -Text $Name }.GetNewClosure() }
        $c = New-HttpxClient -Mounts @{
            'all://' = & $answer 'all://'
            'https://' = & $answer 'https://'
            'all://example.org:443' = & $answer 'example.org:443'
        }
        try { (Invoke-Httpx $Url -Client $c).Text | Should -Be $Expected }
        finally { Close-HttpxClient $c }
    }

    It 'shares nothing between client-less calls' {
        $null = Invoke-Httpx "$base/cookies/set?flavour=oat"
        $e = Invoke-Httpx "$base/anything" -As Json
        @($e.cookies.psobject.Properties).Count | Should -Be 0
    }
}

Describe 'A client used from ForEach-Object -Parallel' {
    It 'refuses to run its mock handler from another runspace, saying why, where it could hang' {
        $manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1'
        $ran = [System.Collections.Concurrent.ConcurrentBag[int]]::new()
        # Write-Error in the handler, run from another runspace, hung ForEach-Object -Parallel for good.
        $mock = New-HttpxMockTransport { $ran.Add(1); Write-Error 'boom'; New-HttpxResponse 200 }.GetNewClosure()
        $c = New-HttpxClient -Transport $mock
        $outcomes = 1..4 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            try { $null = Invoke-Httpx -Client $using:c "https://mock.test/p$_" -ErrorAction Stop; 'sent' } catch { $_ }
        } -ThrottleLimit 4 -TimeoutSeconds 90
        $outcomes | Should -HaveCount 4
        $outcomes | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Httpx.ScriptBlockError*' }
        "$($outcomes[0])" | Should -BeLike '*Make the client inside the parallel block*'
        $ran | Should -HaveCount 0
    }

    It 'refuses a New-HttpxAuth -ScriptBlock flow handed over without a client, naming New-HttpxAuth' {
        $manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1'
        $auth = New-HttpxAuth -ScriptBlock { param($Request, $Response) }
        $outcomes = 1..2 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            try { $null = Invoke-Httpx "$using:base/get" -Auth $using:auth -ErrorAction Stop; 'sent' } catch { $_ }
        } -ThrottleLimit 2 -TimeoutSeconds 90
        $outcomes | Should -HaveCount 2
        $outcomes | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Httpx.ScriptBlockError*'; "$_" | Should -BeLike '*New-HttpxAuth*' }
    }

    It 'says so when the runspace that made its mock handler has been closed' {
        $manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1'
        $rs = [runspacefactory]::CreateRunspace(); $rs.Open()
        $ps = [powershell]::Create(); $ps.Runspace = $rs
        $c = $ps.AddScript("Import-Module '$manifest'; New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 })").Invoke()[0]
        $ps.Dispose(); $rs.Close()
        $null = Invoke-Httpx -Client $c 'https://mock.test/a' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ScriptBlockError*'
        "$($failed[0])" | Should -BeLike 'This scriptblock belongs to a runspace that is closed*'
    }
}

Describe 'A client with hooks whose async calls are awaited from script' {
    It 'runs each hook once for its own request when tasks of $c.GetAsync() are awaited together' {
        # Each hook runs on a thread-pool thread without a runspace; waiting for its turn in Monitor.Enter starved the pool.
        $seen = [System.Collections.Concurrent.ConcurrentBag[string]]::new()
        $c = New-HttpxClient -BaseUrl $base -OnResponse { $seen.Add($_.Url.Query) }
        $tasks = [System.Threading.Tasks.Task[]]@(1..40 | ForEach-Object { $c.GetAsync("/delay/100?i=$_") })
        [System.Threading.Tasks.Task]::WaitAll($tasks, [TimeSpan]::FromSeconds(90)) | Should -BeTrue
        $seen | Should -HaveCount 40
        $seen | Sort-Object -Unique | Should -HaveCount 40
    }

    It 'runs a scriptblock auth for each request when tasks of $c.GetAsync() are awaited together' {
        # Its steps wait for the runspace's turn as hooks do, awaiting it: the sync flow held a thread in each wait.
        $seen = [System.Collections.Concurrent.ConcurrentBag[string]]::new()
        $auth = New-HttpxAuth -ScriptBlock { param($Request, $Response) if ($null -ne $Response) { $seen.Add($Response.Url.Query) } }
        $c = New-HttpxClient -BaseUrl $base -Auth $auth
        $tasks = [System.Threading.Tasks.Task[]]@(1..20 | ForEach-Object { $c.GetAsync("/delay/100?i=$_") })
        [System.Threading.Tasks.Task]::WaitAll($tasks, [TimeSpan]::FromSeconds(90)) | Should -BeTrue
        $seen | Should -HaveCount 20
        $seen | Sort-Object -Unique | Should -HaveCount 20
    }
}

Describe 'Connection settings next to -Client' {
    AfterEach { $PSDefaultParameterValues.Remove('Invoke-Httpx:SkipCertificateCheck') }

    It 'names the $PSDefaultParameterValues key that gave one' {
        $PSDefaultParameterValues['Invoke-Httpx:SkipCertificateCheck'] = $true
        $c = New-HttpxClient
        { Invoke-Httpx "$base/get" -Client $c } | Should -Throw -ExpectedMessage "*PSDefaultParameterValues``['Invoke-Httpx:SkipCertificateCheck'``]*"
        Close-HttpxClient $c
    }
}

Describe 'Close-HttpxClient' {
    It 'ends a stream still being read through the client with Httpx.ReadError, as httpx''s close() closes its connections in use' {
        $c = New-HttpxClient -Timeout 0
        $r = $c.Stream('GET', "$base/stream-lines/0?delay_ms=5")
        $lines = [System.Collections.Generic.IEnumerable[string]].GetMethod('GetEnumerator').Invoke($r.IterLines(), $null)
        try {
            $lines.MoveNext() | Should -BeTrue
            Close-HttpxClient $c
            # At most 2000 lines: an endless stream that went on would fail rather than hang.
            $failure = $null
            try { for ($i = 0; $i -lt 2000 -and $lines.MoveNext(); $i++) { } } catch { $failure = $_.Exception.InnerException } # MethodInvocationException of MoveNext
            $failure | Should -BeOfType ([Httpx.ReadException])
            $failure.Message | Should -BeLike '*client (or transport) was closed*'
        }
        finally { $r.Close() }
    }

    It 'ends a request of another runspace waiting for its answer with Httpx.ClientClosed, not a server disconnect' {
        # A server that reads the request head and never answers: the request waits for its answer when the client closes.
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start()
        $c = New-HttpxClient -Timeout $null
        try {
            $manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1'
            $url = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/held"
            $accepting = $listener.AcceptTcpClientAsync()
            $job = 1 | ForEach-Object -AsJob -Parallel {
                Import-Module $using:manifest
                try { Invoke-Httpx -Client $using:c $using:url -ErrorAction Stop }
                catch { "$($_.FullyQualifiedErrorId) | $($_.Exception.Message)" }
            }
            $accepting.Wait(30000) | Should -BeTrue
            $held = $accepting.Result
            $reader = [System.IO.StreamReader]::new($held.GetStream())
            while ($reader.ReadLine()) { } # the head, up to its empty line
            Close-HttpxClient $c
            $outcome = $job | Wait-Job -Timeout 60 | Receive-Job
            $outcome | Should -BeLike "Httpx.ClientClosed,* | The client was closed while this request was on its way (GET $url).*"
        }
        finally { $listener.Stop(); if ($held) { $held.Dispose() }; if ($job) { $job | Remove-Job -Force } }
    }

    It 'closes a client, from a parameter or the pipeline' {
        $c = New-HttpxClient
        $c | Close-HttpxClient
        $c.IsClosed | Should -BeTrue
        { Invoke-Httpx "$base/get" -Client $c } | Should -Throw -ErrorId 'Httpx.ClientClosed*'
    }

    It 'closes nothing and saves no -CookieFile with -WhatIf; -Confirm:$false closes' {
        $jar = Join-Path $TestDrive 'whatif-cookies.txt'
        $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
        $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
        Close-HttpxClient $c -WhatIf
        $c.IsClosed | Should -BeFalse
        Test-Path $jar | Should -BeFalse
        $c | Close-HttpxClient -Confirm:$false
        $c.IsClosed | Should -BeTrue
        Test-Path $jar | Should -BeTrue
    }

    It 'is the same as Dispose() for the connections' {
        $c = New-HttpxClient
        $c.Dispose()
        $c.IsClosed | Should -BeTrue
    }

    It 'leaves a transport it was given open; one disposed by its owner is Httpx.TransportClosed' {
        $t = New-HttpxTransport
        $c = New-HttpxClient -Transport $t
        $null = Invoke-Httpx "$base/get" -Client $c
        Close-HttpxClient $c
        $t.OpenConnections | Should -Be 1
        $d = New-HttpxClient -Transport $t
        (Invoke-Httpx "$base/get" -Client $d).StatusCode | Should -Be 200
        $t.Dispose()
        $t.OpenConnections | Should -Be 0
        $e = { Invoke-Httpx "$base/get" -Client $d -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.TransportClosed*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $e.Exception.Message | Should -BeLike '*the transport has been closed*'
    }

    It 'refuses a closed transport given to -Transport or -Mounts, where it is given' {
        $t = New-HttpxTransport
        $t.Dispose()
        $e = { New-HttpxClient -Transport $t } | Should -Throw -ErrorId 'Httpx.TransportClosed,*' -PassThru
        $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $e.Exception.Message | Should -BeLike "*client's transport, HttpTransport(http1=True, http2=False), has been closed*"
        $e.TargetObject | Should -Be $t
        $e = { New-HttpxClient -Mounts @{ 'all://' = $t } } | Should -Throw -ErrorId 'Httpx.TransportClosed,*' -PassThru
        $e.Exception.Message | Should -BeLike "*mount 'all://'*has been closed*"
        $e.TargetObject | Should -Be 'all://'
    }
}

Describe 'Cookies of a client' {
    It 'keeps cookies set by the server across calls' {
        $c = New-HttpxClient -BaseUrl $base
        $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
        (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.flavour | Should -Be 'oat'
        $c.Cookies['flavour'] | Should -Be 'oat'
        Close-HttpxClient $c
    }

    It 'takes a hashtable as its whole jar' {
        $c = New-HttpxClient
        $c.Cookies = @{ sid = 'abc' }
        (Invoke-Httpx "$base/cookies" -Client $c -As Json).cookies.sid | Should -Be 'abc'
        Close-HttpxClient $c
    }

    It 'raises CookieConflict for a name held twice by member, and reads one by domain and path' {
        $c = New-HttpxClient
        $c.Cookies.Set('sid', '1', 'a.example', '/')
        $c.Cookies.Set('sid', '2', 'b.example', '/')
        { $c.Cookies.sid } | Should -Throw 'Multiple cookies exist with name=sid (for a.example/, b.example/)*'
        $c.Cookies.Get('sid', $null, 'b.example', '/') | Should -Be '2'
        Close-HttpxClient $c
    }

    It 'shows on a response the cookies it sets, without values in its text' {
        $r = Invoke-Httpx "$base/cookies/set?chocolate=chip"
        $r.Cookies['chocolate'] | Should -Be 'chip'
        "$($r.Cookies)" | Should -Not -Match 'chip'
        (Invoke-Httpx "$base/cookies").Cookies.Count | Should -Be 0
    }

    It 'takes cookies one by one or as a list with -Cookies, keeping their scope' {
        $c = New-HttpxClient
        $null = Invoke-Httpx "$base/cookies/set?a=1&b=2" -Client $c
        $c.Cookies.Set('far', 'x', 'example.org', '/')
        (Invoke-Httpx "$base/cookies" -Cookies ($c.Cookies | Where-Object Name -eq 'a') -As Json).cookies.a | Should -Be '1'
        $seen = (Invoke-Httpx "$base/cookies" -Cookies @($c.Cookies | Where-Object Name -ne 'b') -As Json).cookies
        $seen.a | Should -Be '1'
        $seen.far | Should -BeNullOrEmpty
        $net = [Net.Cookie[]]@([Net.Cookie]::new('p', '1', '/', '127.0.0.1'), [Net.Cookie]::new('q', '2', '/', 'example.org'))
        $seen = (Invoke-Httpx "$base/cookies" -Cookies $net -As Json).cookies
        $seen.p | Should -Be '1'
        $seen.q | Should -BeNullOrEmpty
        { Invoke-Httpx "$base/cookies" -Cookies @($net[0], 'SECRET=1') } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*not System.String (item 2;*'
        Close-HttpxClient $c
    }

    It 'lists the names of a response''s cookies as Keys, as a hashtable and $r.Headers do' {
        $r = Invoke-Httpx "$base/cookies/set?a=1&b=2"
        $r.Cookies.Keys | Should -Be @('a', 'b')
    }

    It 'sends -Cookies of one call with that call only' {
        $c = New-HttpxClient -BaseUrl $base
        (Invoke-Httpx '/cookies' -Client $c -Cookies @{ once = 'yes' } -As Json).cookies.once | Should -Be 'yes'
        (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.once | Should -BeNullOrEmpty
        Close-HttpxClient $c
    }

    It 'sends -Cookies of a call without -Client on every redirect hop, and not on the next call' {
        (Invoke-Httpx "$base/redirect-to?url=/cookies" -Cookies @{ b = '2' } -FollowRedirects -As Json).cookies.b | Should -Be '2'
        (Invoke-Httpx "$base/cookies" -As Json).cookies.b | Should -BeNullOrEmpty
    }

    It 'stops at once on a bad -Cookies value, naming the cookie and not its value' {
        # One error for the command, not one per piped URL.
        try { "$base/cookies", "$base/cookies" | Invoke-Httpx -Cookies @{ a = 'SECRET', 'x' } -ErrorAction SilentlyContinue -ErrorVariable errors } catch { }
        @($errors).Count | Should -Be 1
        # The error variable holds a terminating error as the exception that carries its record.
        $record = if ($errors[0] -is [System.Management.Automation.ErrorRecord]) { $errors[0] } else { $errors[0].ErrorRecord }
        $record.FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        $record.TargetObject | Should -Be 'Cookies'
        "$record" | Should -BeLike "*cookie 'a' is given a list of 2 values*"
        "$record" | Should -Not -Match 'SECRET'
        { Invoke-Httpx "$base/cookies" -Cookies @{ a = [pscustomobject]@{ x = 1 } } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "*-Cookies 'a'*not a PSCustomObject*"
        { Invoke-Httpx "$base/cookies" -Cookies @{ a = { 'SECRET' } } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Cookies 'a': a cookie's value is text or a number, not a scriptblock (it is not run: give its result).*"
        { New-HttpxClient -Cookies @{ a = { 'SECRET' } } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "*not a scriptblock*"
        { Invoke-Httpx "$base/cookies" -Cookies @{ '' = 'SECRET' } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "-Cookies: Invalid cookie name '': the name is empty*"
        # A NUL went into the jar, and each request then failed on its Cookie header, naming no cookie.
        { Invoke-Httpx "$base/cookies" -Cookies @{ a = "SECRET`0x" } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "*Invalid value for cookie 'a': it contains ';', a line break or a NUL*"
    }

    It 'sends a cookie the server set in UTF-8 back as it came' {
        $c = New-HttpxClient
        $null = Invoke-Httpx "$($Server.'raw-tcp')/utf8-cookie" -Client $c
        $c.Cookies['u'] | Should -Be 'café'
        $head = [Text.Encoding]::UTF8.GetString((Invoke-Httpx "$($Server.'raw-tcp')/echo-raw" -Client $c).Content)
        $head | Should -Match "`r`nCookie: u=café`r`n"
        Close-HttpxClient $c
    }

    It 'takes the cookies of an Invoke-WebRequest session' {
        $null = Invoke-WebRequest "$base/cookies/set?flavour=oat" -SessionVariable session
        (Invoke-Httpx "$base/cookies" -Cookies $session -As Json).cookies.flavour | Should -Be 'oat'
        $c = New-HttpxClient -Cookies $session
        (Invoke-Httpx "$base/cookies" -Client $c -As Json).cookies.flavour | Should -Be 'oat'
        Close-HttpxClient $c
    }

    It 'scopes cookies to their host (127.0.0.1 is not localhost)' {
        $c = New-HttpxClient
        $null = Invoke-Httpx "$base/cookies/set?flavour=oat" -Client $c
        $other = $base.Replace('127.0.0.1', 'localhost')
        @((Invoke-Httpx "$other/cookies" -Client $c -As Json).cookies.psobject.Properties).Count | Should -Be 0
        Close-HttpxClient $c
    }

    It 'saves the jar to -CookieFile on Close-HttpxClient and a new client loads it' {
        $jar = Join-Path $TestDrive 'cookies.txt'
        $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
        $null = Invoke-Httpx '/cookies/set?flavour=oat' -Client $c
        $jar | Should -Not -Exist
        Close-HttpxClient $c
        $jar | Should -FileContentMatchExactly "^127\.0\.0\.1`tFALSE`t/`tFALSE`t0`tflavour`toat$"

        $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
        (Invoke-Httpx '/cookies' -Client $d -As Json).cookies.flavour | Should -Be 'oat'
        Close-HttpxClient $d
    }

    It 'keeps a cookie set without a value, sends it back as its name and saves it as Python does' {
        $jar = Join-Path $TestDrive 'valueless.txt'
        $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
        $null = Invoke-Httpx "/cookies/set-raw?h=$([uri]::EscapeDataString('flag; Path=/'))" -Client $c
        (Invoke-Httpx '/anything/x' -Client $c -As Json).headers.Cookie | Should -Be 'flag'
        Close-HttpxClient $c
        $jar | Should -FileContentMatchExactly "^127\.0\.0\.1`tFALSE`t/`tFALSE`t0`t`tflag$"

        $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
        (Invoke-Httpx '/anything/x' -Client $d -As Json).headers.Cookie | Should -Be 'flag'
        Close-HttpxClient $d
    }

    It 'does not save -CookieFile on Dispose() alone' {
        $jar = Join-Path $TestDrive 'disposed.txt'
        $c = New-HttpxClient -CookieFile $jar
        $null = Invoke-Httpx "$base/cookies/set?a=1" -Client $c
        $c.Dispose()
        $jar | Should -Not -Exist
    }

    It 'refuses a -CookieFile in a folder that does not exist, naming the folder' {
        $jar = Join-Path $TestDrive 'no-such-folder/cookies.txt'
        { New-HttpxClient -CookieFile $jar } | Should -Throw -ErrorId 'Httpx.FileError,*' -ExpectedMessage "*the folder '$(Join-Path $TestDrive 'no-such-folder')' does not exist*"
    }

    It 'names the file and line of a malformed -CookieFile' {
        $jar = Join-Path $TestDrive 'bad.txt'
        Set-Content $jar "# Netscape HTTP Cookie File`n127.0.0.1`tFALSE`t/`tFALSE`tsoon`tname`tvalue"
        { New-HttpxClient -CookieFile $jar } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*'$jar', line 2*"
    }

    It 'sends a cookie with a tab but keeps it out of -CookieFile, so that the file loads again' {
        $jar = Join-Path $TestDrive 'tabbed.txt'
        $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
        $null = Invoke-Httpx "/cookies/set-raw?h=$([uri]::EscapeDataString("tabbed=a`tb; Path=/"))&h=plain%3Dok" -Client $c
        $c.Cookies.Count | Should -Be 2
        (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.tabbed | Should -BeExactly "a`tb"
        Close-HttpxClient $c
        $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
        $d.Cookies.Count | Should -Be 1
        (Invoke-Httpx '/cookies' -Client $d -As Json).cookies.plain | Should -Be 'ok'
        Close-HttpxClient $d
        (Invoke-Httpx "$base/cookies" -Cookies @{ t = "by`thand" } -As Json).cookies.t | Should -BeExactly "by`thand"
    }

    It 'keeps, sends and saves a server cookie whose name holds a space' {
        $jar = Join-Path $TestDrive 'spaced.txt'
        $c = New-HttpxClient -BaseUrl $base -CookieFile $jar
        $null = Invoke-Httpx "/cookies/set-raw?h=$([uri]::EscapeDataString('foo bar=baz; Path=/'))" -Client $c
        (Invoke-Httpx '/cookies' -Client $c -As Json).cookies.'foo bar' | Should -BeExactly 'baz'
        Close-HttpxClient $c
        $d = New-HttpxClient -BaseUrl $base -CookieFile $jar
        (Invoke-Httpx '/cookies' -Client $d -As Json).cookies.'foo bar' | Should -BeExactly 'baz'
        Close-HttpxClient $d
    }

    It 'never shows cookie values' {
        $c = New-HttpxClient -Cookies @{ token = 'hand-s3cr3t' }
        "$($c.Cookies)" | Should -Not -Match 's3cr3t'
        "$($c.Cookies)" | Should -Match 'token'
        $c.Cookies | Out-String | Should -Not -Match 's3cr3t'
        $c.Cookies | Format-List | Out-String | Should -Not -Match 's3cr3t'
        $r = Invoke-Httpx "$base/get" -Client $c
        $r.Request.Headers | Out-String | Should -Match 'Cookie +\[secure\]'
        $r.Request.Headers | Format-List | Out-String | Should -Match 'DisplayValue : \[secure\]'
        # Objects that do not fit the view already on screen are listed by their default properties: masked too.
        & { $r.Request.Headers; $c.Cookies; $r } | Out-String | Should -Not -Match 's3cr3t'
        "$($r.Request.Headers)" | Should -Not -Match 's3cr3t'
        $c.Cookies['token'] | Should -Be 'hand-s3cr3t'
        $verbose = Invoke-Httpx "$base/cookies" -Client $c -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $verbose | Should -Contain '> Cookie: [secure]'
        ($verbose -join "`n") | Should -Not -Match 's3cr3t'
        Close-HttpxClient $c
    }
}

Describe 'SSL_CERT_FILE' {
    BeforeEach {
        $script:savedCertFile = $env:SSL_CERT_FILE
        $env:SSL_CERT_FILE = $ca
    }

    AfterEach {
        $env:SSL_CERT_FILE = $script:savedCertFile
    }

    It 'is trusted by a call, a client and a transport without -Verify' {
        (Invoke-Httpx "$https/get").StatusCode | Should -Be 200
        (Invoke-Httpx "$https/get" -Client (New-HttpxClient)).StatusCode | Should -Be 200
        (Invoke-Httpx "$https/get" -Client (New-HttpxClient -Transport (New-HttpxTransport))).StatusCode | Should -Be 200
    }

    It 'is ignored with -NoTrustEnv: <Case>' -TestCases @(
        @{ Case = 'a call'; Script = { Invoke-Httpx "$https/get" -NoTrustEnv -ErrorAction Stop } }
        @{ Case = 'a client'; Script = { Invoke-Httpx "$https/get" -Client (New-HttpxClient -NoTrustEnv) -ErrorAction Stop } }
        @{ Case = 'a transport'; Script = { Invoke-Httpx "$https/get" -Client (New-HttpxClient -Transport (New-HttpxTransport -NoTrustEnv)) -ErrorAction Stop } }
    ) {
        $Script | Should -Throw -ErrorId 'Httpx.ConnectError*'
    }

    It 'that is not there is the target of the error: <Case>' -TestCases @(
        @{ Case = 'a call'; Script = { Invoke-Httpx "$https/get" } }
        @{ Case = 'a client'; Script = { New-HttpxClient } }
        @{ Case = 'a transport'; Script = { New-HttpxTransport } }
    ) {
        $env:SSL_CERT_FILE = Join-Path $TestDrive 'no-such-ca.pem'
        $failure = $Script | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*SSL_CERT_FILE*no-such-ca.pem*' -PassThru
        $failure.TargetObject | Should -Be 'SSL_CERT_FILE'
    }
}

Describe '-Verify' {
    It 'says which check a server certificate failed: expired, self-signed, as curl does' {
        $e = { Invoke-Httpx "$($Server.'expired')/get" -Verify $ca -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectError,*' -PassThru
        $e.Exception.Message | Should -BeLike "TLS certificate verification failed for host 'localhost': the certificate has expired (valid until *"
        $e = { Invoke-Httpx "$($Server.'self-signed')/get" -Verify $ca -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectError,*' -PassThru
        $e.Exception.Message | Should -BeLike "*the certificate is self-signed ('CN=localhost (self-signed)') and not trusted*"
        "$($e.TargetObject)" | Should -Be "$($Server.'self-signed')/get"
    }

    It 'stops once for a CA bundle that is not there, and works once it is there' {
        $bundle = Join-Path $TestDrive 'later.pem'
        { "$https/get", "$https/get" | Invoke-Httpx -Verify $bundle } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*does not exist*'
        Copy-Item $ca $bundle
        (Invoke-Httpx "$https/get" -Verify $bundle).StatusCode | Should -Be 200
    }

    It 'names a CA bundle that is not there without offering true or false, which -Verify refuses' {
        $missing = Join-Path $TestDrive 'missing.pem'
        { New-HttpxClient -Verify $missing } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "The CA bundle '$missing' does not exist: give the path of a CA file or directory.*"
    }

    It 'reads a CA bundle replaced during the session again on the next call' {
        # The renewed bundle is longer, so that the change shows whatever the file system's time resolution.
        $bundle = Join-Path $TestDrive 'renewed.pem'
        Set-Content $bundle (Get-Content $Server.'client-cert-pem' -Raw)
        { Invoke-Httpx "$https/get" -Verify $bundle -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectError,*'
        Set-Content $bundle ((Get-Content $Server.'client-cert-pem' -Raw) + "`n" + (Get-Content $ca -Raw))
        (Invoke-Httpx "$https/get" -Verify $bundle).StatusCode | Should -Be 200
    }

    It 'keeps one transport for a CA bundle renewed many times, not one per version' {
        $pool = [Httpx.PowerShell.ModuleState]::SharedPool
        $bundle = Join-Path $TestDrive 'renewed-often.pem'
        $before = $pool.Count
        foreach ($i in 1..5) {
            # Longer each time, so that each version shows whatever the file system's time resolution.
            Set-Content $bundle ((Get-Content $ca -Raw) + ("`n" * $i))
            (Invoke-Httpx "$https/get" -Verify $bundle).StatusCode | Should -Be 200
        }
        $pool.Count - $before | Should -Be 1
    }

    It 'keeps at most its capacity of transports in the shared pool, the least recently used dropped first' {
        # A long-running script giving each call a -Verify file or -Proxy of its own kept one transport per value. A pool
        # of its own (capacity 4), so that the module's, which other tests count, is left alone; nothing is sent.
        $pool = [Httpx.PowerShell.SharedTransportPool]::new(4)
        function Settings($i) { [Httpx.PowerShell.TransportSettings]::new($false, $true, $null, "http://u$($i):p@127.0.0.1:9", $false, '') }
        $kept = $pool.For((Settings 0))
        $dropped = $pool.For((Settings 99))
        foreach ($i in 1..50) { $null = $pool.For((Settings $i)); $null = $pool.For((Settings 0)) }
        $pool.Count | Should -Be 4
        [object]::ReferenceEquals($kept, $pool.For((Settings 0))) | Should -BeTrue
        # Taken once before the others, this one was dropped: its settings get a new transport.
        [object]::ReferenceEquals($dropped, $pool.For((Settings 99))) | Should -BeFalse
        $pool.Count | Should -Be 4
        [Httpx.PowerShell.ModuleState]::SharedPool.Capacity | Should -Be ([Httpx.PowerShell.SharedTransportPool]::DefaultCapacity)
    }
}

Describe '-Certificate' {
    BeforeAll {
        $script:certUrl = $Server.'client-cert' + '/client-cert'
        $script:pfx = $Server.'client-pfx'
        $script:pfxPassword = $Server.'client-pfx-password'
        $script:subject = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx, $pfxPassword).Subject
    }

    It 'presents an X509Certificate2, as Invoke-WebRequest takes it' {
        $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($pfx, $pfxPassword)
        (Invoke-Httpx $certUrl -Verify $ca -Certificate $cert -As Json).subject | Should -Be $subject
    }

    It "takes HTTPX's cert forms: a PEM certificate and key, a PKCS#12 file and its password" {
        (Invoke-Httpx $certUrl -Verify $ca -Certificate $Server.'client-cert-pem', $Server.'client-key-pem' -As Json).subject | Should -Be $subject
        $secret = ConvertTo-SecureString $pfxPassword -AsPlainText -Force
        $client = New-HttpxClient -Verify $ca -Certificate $pfx, $secret
        (Invoke-Httpx $certUrl -Client $client -As Json).subject | Should -Be $subject
        Close-HttpxClient $client
    }

    It "takes a PEM holding the certificate and an encrypted key as HTTPX's (path, None, password)" {
        $combined = Join-Path $TestDrive 'combined.pem'
        $plain = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPemFile($Server.'client-cert-pem', $Server.'client-key-pem')
        $pbe = [System.Security.Cryptography.PbeParameters]::new('Aes256Cbc', 'SHA256', 1000)
        $key = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($plain).ExportEncryptedPkcs8PrivateKeyPem('key-secret', $pbe)
        Set-Content $combined ((Get-Content $Server.'client-cert-pem' -Raw) + "`n" + $key)
        (Invoke-Httpx $certUrl -Verify $ca -Certificate $combined, $null, 'key-secret' -As Json).subject | Should -Be $subject
    }

    It 'says the server disconnected when it closes an HTTP/2 connection for want of a certificate' {
        # Under TLS 1.3 the server refuses the missing certificate after the handshake, closing before its HTTP/2
        # SETTINGS: a RemoteProtocolError, not "an invalid HTTP response" nor a disposed SslStream.
        $e = { Invoke-Httpx $certUrl -Verify $ca -Http2 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.RemoteProtocolError,*' -PassThru
        $e.Exception.Message | Should -BeLike "Server disconnected before completing the HTTP/2 handshake*$certUrl*"
        "$($e.TargetObject)" | Should -Be $certUrl
    }

    It 'refuses a missing file or a wrong password, naming the file and not the password' {
        { Invoke-Httpx $certUrl -Certificate ./no-such-client.pfx } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage "*no-such-client.pfx' does not exist*"
        $failure = { New-HttpxTransport -Certificate $pfx, 'wrong-pass-123' } | Should -Throw -PassThru
        $failure.Exception.Message | Should -BeLike "*Could not load the client certificate '$pfx'*"
        $failure.Exception.Message | Should -Not -BeLike '*wrong-pass-123*'
        $failure.Exception.Message | Should -Not -BeLike "*(Parameter *"
        $missing = { Invoke-Httpx $certUrl -Certificate ./no-such-client.pfx } | Should -Throw -PassThru
        $missing.Exception.Message | Should -BeLike "*no-such-client.pfx' does not exist."
    }

    It 'asks for the key file of a PEM certificate given alone, and says what a file that holds no certificate should be' {
        $pem = $Server.'client-cert-pem'
        { Invoke-Httpx $certUrl -Verify $ca -Certificate $pem } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage "*The client certificate '$pem' has no private key: give the key file too, as (certificate, key)."
        $notes = Join-Path $TestDrive 'notes.pem'
        Set-Content $notes 'not a certificate'
        { New-HttpxTransport -Certificate $notes } | Should -Throw -ExpectedMessage "*The client certificate file '$notes' is neither PKCS#12 (.pfx, .p12) nor PEM holding a CERTIFICATE."
    }

    It 'says to give a DER certificate as PEM with its key' {
        $der = Join-Path $TestDrive 'client.cer'
        [IO.File]::WriteAllBytes($der, [Security.Cryptography.X509Certificates.X509Certificate2]::new($Server.'client-cert-pem').Export('Cert'))
        { New-HttpxTransport -Certificate $der } | Should -Throw -ExpectedMessage "*The client certificate file '$der' is a DER certificate: give it as PEM with its key, as (certificate, key), or a PKCS#12 file (.pfx, .p12) holding both."
    }
}
