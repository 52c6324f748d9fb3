# Pester 5 tests of New-HttpxRequest: build, inspect, change, then send with Invoke-Httpx. The same behaviours as
# tests/Httpx.PowerShell.Tests (InvokeHttpxTests, PipelineTests, RedirectTests).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
}

AfterAll {
    Stop-HttpxTestServer $script:Server
}

Describe 'New-HttpxRequest' {
    It 'keeps a URL''s password out of Export-Clixml, which writes the URL as its redacted text' {
        $u = $base -replace '//', '//ops:s3cret@'
        $file = Join-Path $TestDrive 'response.clixml'
        Invoke-Httpx "$u/get" | Export-Clixml $file
        Get-Content -Raw $file | Should -Not -Match 's3cret'
        (Import-Clixml $file).Url | Should -BeExactly "$($base -replace '//', '//ops:[secure]@')/get"
        New-HttpxRequest "$u/post" | Export-Clixml $file
        Get-Content -Raw $file | Should -Not -Match 's3cret'
    }

    It 'shows the URL of a response read back by Import-Clixml in its table and list, redacted' {
        $u = $base -replace '//', '//ops:s3cret@'
        $file = Join-Path $TestDrive 'responses.clixml'
        Invoke-Httpx "$u/get" | Export-Clixml $file
        $back = Import-Clixml $file
        $redacted = "$($base -replace '//', '//ops:[secure]@')/get"
        ($back | Out-String -Width 200) | Should -Match ([regex]::Escape($redacted))
        ($back | Format-List | Out-String -Width 200) | Should -Match ('Url +: ' + [regex]::Escape($redacted))
    }

    It 'builds a request without sending it' {
        $r = New-HttpxRequest "$base/anything" -Method PATCH -Params @{ q = 'a b' } -Json @{ a = 1 }
        $r | Should -BeOfType [Httpx.Request]
        $r.Method | Should -Be 'PATCH'
        $r.Url.Query | Should -Be 'q=a+b'
        $r.Headers['Content-Type'] | Should -Be 'application/json'
    }

    It 'leaves an IPv6 zone out of the Host header it shows and sends (RFC 6874), and keeps it in the URL' {
        $r = New-HttpxRequest 'http://[fe80::1%25eth0]:8080/x'
        $r.Headers['Host'] | Should -BeExactly '[fe80::1]:8080'
        "$($r.Url)" | Should -BeExactly 'http://[fe80::1%25eth0]:8080/x'
    }

    It 'says what a stream or file body is in its view, without reading it' {
        $stream = [IO.MemoryStream]::new([byte[]](1, 2, 3))
        New-HttpxRequest "$base/post" -Content $stream | Out-String | Should -Match 'Content +: <stream of 3 bytes>'
        $stream.Position | Should -Be 0
        Set-Content (Join-Path $TestDrive 'body.txt') -Value 'hello' -NoNewline
        New-HttpxRequest "$base/post" -Content (Get-Item (Join-Path $TestDrive 'body.txt')) | Out-String | Should -Match 'Content +: <file body\.txt, 5 bytes>'
    }

    It 'shows the URL its first help example says, -Params in the order of an [ordered] dictionary' {
        $example = @((Get-Help New-HttpxRequest -Full).examples.example)[0]
        $example.remarks[0].Text.Contains('`https://api.example.com/search?q=a+b&page=2`') | Should -BeTrue
        & ([scriptblock]::Create($example.code)) | Should -Be 'https://api.example.com/search?q=a+b&page=2'
    }

    It 'refuses -<Name>, which only matters when sending' -TestCases @(
        @{ Name = 'Auth'; Script = { New-HttpxRequest "$base/get" -Auth (New-HttpxAuth -UserName u -Password p) } }
        @{ Name = 'FollowRedirects'; Script = { New-HttpxRequest "$base/get" -FollowRedirects } }
        @{ Name = 'Proxy'; Script = { New-HttpxRequest "$base/get" -Proxy 'http://127.0.0.1:1' } }
    ) {
        $Script | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "-$Name is used when a request is sent*give -$Name to Invoke-Httpx*"
    }

    It 'is sent by -Request or from the pipeline, with changes made in between' {
        $r = New-HttpxRequest "$base/anything" -Method PATCH -Json @{ a = 1 } -Headers @{ 'X-A' = '1' }
        $r.Headers.Set('X-A', '2')
        (Invoke-Httpx -Request $r -As Json).headers.'X-A' | Should -Be '2'
        $r.Headers.'X-A' = '3'
        (Invoke-Httpx -Request $r -As Json).headers.'X-A' | Should -Be '3'
        ($r | Invoke-Httpx -As Json).method | Should -Be 'PATCH'
    }

    It 'is left as it was by a send with -Auth: the next send carries no token' {
        $r = New-HttpxRequest "$base/anything"
        $auth = New-HttpxAuth -Bearer -Token 'secret-token'
        ($r, $r | Invoke-Httpx -Auth $auth -ThrottleLimit 2 -As Json).headers.Authorization | Should -Be 'Bearer secret-token', 'Bearer secret-token'
        $r.Headers.ContainsKey('Authorization') | Should -BeFalse
        ($r | Invoke-Httpx -As Json).headers.Authorization | Should -BeNullOrEmpty
    }

    It 'refuses a URL set to $null, and still sends to the URL it had' {
        $r = New-HttpxRequest "$base/anything?a=1"
        { $r.Url = $null } | Should -Throw -ExpectedMessage "*A request's URL cannot be null*"
        ($r | Invoke-Httpx -As Json).query | Should -Be 'a=1'
    }

    It 'sends the Host of a new URL set on a built request' {
        $r = New-HttpxRequest ("$base/anything" -replace '127\.0\.0\.1', 'localhost')
        $r.Url = "$base/anything"
        ($r | Invoke-Httpx -As Json).headers.Host | Should -Be ([uri]$base).Authority
    }

    It 'sends the method set on a built request, upper-cased' {
        $r = New-HttpxRequest "$base/anything" -Json @{ a = 1 }
        $r.Method = 'put'
        ($r | Invoke-Httpx -As Json).method | Should -Be 'PUT'
        { $r.Method = 'GE T' } | Should -Throw -ExpectedMessage "*Invalid HTTP method 'GE T'*"
    }

    It 'names a built request whose stream body was sent when it is sent again' {
        $gzip = [IO.MemoryStream]::new([Convert]::FromBase64String('H4sIAAAAAAAAA0tMSgYAwkEkNQMAAAA='))
        $r = New-HttpxRequest "$base/anything" -Content ([IO.Compression.GZipStream]::new($gzip, [IO.Compression.CompressionMode]::Decompress))
        ($r | Invoke-Httpx -As Json).body | Should -Be 'abc'
        { $r | Invoke-Httpx -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.StreamConsumed*' -ExpectedMessage "The body of POST $base/anything is a stream that was already read*Read()*"
    }

    It 'refuses a header set to $null as a member, naming it' {
        $r = New-HttpxRequest "$base/get"
        { $r.Headers.'X-Token' = $unset } | Should -Throw -ExpectedMessage "*'X-Token' has no value*"
        $r.Headers.ContainsKey('X-Token') | Should -BeFalse
    }

    It 'builds one request per URL given to -Uri' {
        $requests = New-HttpxRequest "$base/a", "$base/b"
        $requests.Count | Should -Be 2
        "$($requests[1].Url)" | Should -Be "$base/b"
    }

    It 'puts -Header items on the request' {
        $r = New-HttpxRequest "$base/post" -Header 'Accept: text/plain', 'X-One: 1', 'X-One: 2' -Json '{}'
        $r.Headers['Accept'] | Should -Be 'text/plain'
        $r.Headers.GetList('X-One') | Should -Be '1', '2'
        $r.Headers['Content-Type'] | Should -Be 'application/json'
    }

    It 'merges the defaults of -Client' {
        $c = New-HttpxClient -BaseUrl $base -Headers @{ 'X-Team' = 'ops' }
        $r = New-HttpxRequest '/get' -Client $c
        "$($r.Url)" | Should -Be "$base/get"
        $r.Headers['X-Team'] | Should -Be 'ops'
        Close-HttpxClient $c
    }

    It 'takes the per-call redirect settings of Invoke-Httpx also with -Client' {
        $c = New-HttpxClient -FollowRedirects
        { New-HttpxRequest "$base/redirect/5" | Invoke-Httpx -Client $c -MaxRedirects 1 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.TooManyRedirects*'
        (New-HttpxRequest "$base/redirect/2" | Invoke-Httpx -Client $c -FollowRedirects:$false).StatusCode | Should -Be 302
        Close-HttpxClient $c
    }

    It 'writes an error per bad URL and goes on' {
        # (A relative URL such as 'not a url' is a valid request URL, as in HTTPX: sending it is what fails.)
        $built = 'http://example.com:notaport/', "$base/get" | New-HttpxRequest -ErrorVariable failures -ErrorAction SilentlyContinue
        @($built).Count | Should -Be 1
        $built.Url.ToString() | Should -Be "$base/get"
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidURL,*'
        $failures[0].TargetObject | Should -Be 'http://example.com:notaport/'
    }

    It 'writes the responses of the URLs sent before a refused built request, also with -ThrottleLimit' {
        # Items 1 and 2 are held until a third request of their group arrives, sent by the step before as it gives
        # the built request: both are in flight when it is refused.
        $held = "inflight?wait_for=3&timeout_ms=20000&key=$([guid]::NewGuid().ToString('N'))"
        $hc = [System.Net.Http.HttpClient]::new()
        $got = [Collections.Generic.List[string]]::new()
        {
            1..3 | ForEach-Object {
                if ($_ -eq 3) { $null = $hc.GetAsync("$base/$held"); New-HttpxRequest "$base/get" }
                else { "$base/inflight?i=$_&" + $held.Split('?')[1] }
            } | Invoke-Httpx -Headers @{ 'X-Late' = '1' } -ThrottleLimit 4 -Timeout 30 | ForEach-Object { $got.Add(($_.Url.Query -replace '&.*')) }
        } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-Headers*'
        $got | Sort-Object | Should -Be 'i=1', 'i=2'
        $hc.Dispose()
    }

    It 'reads as HTTPX''s reprs, quoted as Python quotes' {
        "$(New-HttpxRequest "https://example.org/it's")" | Should -BeExactly "<Request('GET', `"https://example.org/it's`")>"
        $headers = (New-HttpxRequest https://example.org/ -Headers @{ 'Content-Security-Policy' = "default-src 'self'" }).Headers
        $headers.ToString() | Should -BeLike "*'content-security-policy': `"default-src 'self'`"*"
    }

    It 'refuses parameters the built request already fixed' {
        $r = New-HttpxRequest "$base/get"
        { $r | Invoke-Httpx -Headers @{ 'X-Late' = '1' } -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*'
        { $r | Invoke-Httpx -Header 'X-Late: 1' -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-Header*'
    }

    It 'names the $PSDefaultParameterValues key when a session default is what a built request is refused for' {
        $r = New-HttpxRequest "$base/get"
        $PSDefaultParameterValues['Invoke-Httpx:TimeoutSec'] = 30
        try {
            $err = { $r | Invoke-Httpx -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-Timeout cannot change*' -PassThru
            # The key's brackets are wildcards to -BeLike: matched as literal text.
            $err.Exception.Message | Should -Match ([regex]::Escape("it comes from `$PSDefaultParameterValues['Invoke-Httpx:TimeoutSec']"))
            $err.Exception.Message | Should -Match ([regex]::Escape("'New-HttpxRequest:Timeout'"))
        }
        finally { $PSDefaultParameterValues.Remove('Invoke-Httpx:TimeoutSec') }
    }
}
