# Pester 5 tests of New-HttpxAuth, New-HttpxTransport, New-HttpxMockTransport and New-HttpxResponse; the same
# behaviours as tests/Httpx.PowerShell.Tests (AuthCmdletTests, TransportCmdletTests, MockTransportTests, ResponseCmdletTests).
BeforeDiscovery {
    # The Help block enumerates the exported cmdlets while tests are discovered.
    Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1') -Force
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
}

AfterAll {
    Stop-HttpxTestServer $script:Server
}

Describe 'New-HttpxAuth' {
    It 'authenticates with Basic and gets 401 with a wrong password' {
        (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Auth (New-HttpxAuth -UserName ada -Password s3cret)).StatusCode | Should -Be 200
        (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Auth (New-HttpxAuth -UserName ada -Password wrong)).StatusCode | Should -Be 401
    }

    It 'shows a user name whole, quoted as Python does, and never the password' {
        "$(New-HttpxAuth -UserName "O'Brien" -Password hunter2)" | Should -BeExactly "BasicAuth(username=""O'Brien"", password=[secure])"
        "$(New-HttpxAuth -Digest -UserName ada -Password hunter2)" | Should -BeExactly "DigestAuth(username='ada', password=[secure])"
    }

    It 'shows what each auth is in the console, its secret masked' {
        $text = (New-HttpxAuth -Bearer -Token 'tok-s3cret'), (New-HttpxAuth -UserName ops -Password 'pw-s3cret'), (New-HttpxAuth { param($r) $r }) | Out-String
        $text | Should -Not -BeLike '*s3cret*'
        $text | Should -Not -BeLike '*RequiresRequestBody*'
        $text | Should -Match '(?m)^BearerAuth\(token=\[secure]\) *$'
        $text | Should -Match "(?m)^BasicAuth\(username='ops', password=\[secure]\) *$"
        $text | Should -Match '(?m)^ScriptBlockAuth *$'
    }

    It 'shows what each auth is in Format-List, its secret masked' {
        # The list was the auth's properties: for Bearer and scriptblock auth only RequiresRequestBody and RequiresResponseBody.
        $text = (New-HttpxAuth -Bearer -Token 'tok-s3cret'), (New-HttpxAuth -UserName ops -Password 'pw-s3cret'), (New-HttpxAuth { param($r) $r }) |
            Format-List | Out-String
        $text | Should -Not -BeLike '*s3cret*'
        $text | Should -Not -BeLike '*RequiresRequestBody*'
        $text -split "`n" | Where-Object { $_.Trim() } | ForEach-Object { $_.TrimEnd() } |
            Should -Be 'Auth : BearerAuth(token=[secure])', "Auth : BasicAuth(username='ops', password=[secure])", 'Auth : ScriptBlockAuth'
    }

    It 'sends a bearer token from a SecureString' {
        $token = ConvertTo-SecureString 'xyz789' -AsPlainText -Force
        (Invoke-Httpx "$base/bearer" -Auth (New-HttpxAuth -Bearer -Token $token) -As Json).token | Should -Be 'xyz789'
    }

    It 'refuses a bearer token with white space, without showing it' {
        foreach ($token in 's3cr3t tail', "s3cr3t`t") {
            $e = { New-HttpxAuth -Bearer -Token $token } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.Exception.Message | Should -Match 'white space'
            $e.Exception.Message | Should -Not -Match 's3cr3t'
        }
    }

    It 'says that a token file read whole ends with a line break, without showing the token' {
        Set-Content -LiteralPath TestDrive:/token -Value 's3cr3t-token'
        $e = { New-HttpxAuth -Bearer -Token (Get-Content -LiteralPath TestDrive:/token -Raw) } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        "$e" | Should -Be 'The bearer token ends with a line break, as a token file read whole does: give the token without it (trim it).'
        (New-HttpxAuth -Bearer -Token (Get-Content -LiteralPath TestDrive:/token -Raw).Trim()) | Should -BeOfType Httpx.BearerAuth
    }

    It 'refuses a bearer token given with its scheme, saying to give the token alone, without showing it' {
        foreach ($token in 'Bearer s3cr3t', (ConvertTo-SecureString 'bearer s3cr3t' -AsPlainText -Force)) {
            $e = { New-HttpxAuth -Bearer -Token $token } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            $e.Exception.Message | Should -BeLike "The bearer token starts with 'Bearer ': give the token alone*"
            $e.Exception.Message | Should -Not -Match 's3cr3t'
        }
    }

    It 'refuses an empty bearer token, as a string or a SecureString, saying so' {
        foreach ($token in '', [securestring]::new()) {
            $e = { New-HttpxAuth -Bearer -Token $token } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.Exception.Message | Should -Match 'bearer token is empty'
        }
    }

    It 'answers a Digest challenge' {
        $r = Invoke-Httpx "$base/digest-auth/auth/ada/pw/SHA-256" -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)
        $r.StatusCode | Should -Be 200
        $r.History[0].StatusCode | Should -Be 401
    }

    It 'answers an SHA-512-256 Digest challenge, as curl does' {
        $auth = New-HttpxAuth -Digest -UserName ada -Password pw
        (Invoke-Httpx "$base/digest-auth/auth/ada/pw/SHA-512-256" -Auth $auth).StatusCode | Should -Be 200
        (Invoke-Httpx "$base/digest-auth/auth-int/ada/pw/SHA-512-256-sess" -Method POST -Content 'the body' -Auth $auth).StatusCode | Should -Be 200
    }

    It 'answers a Digest challenge that shares its header line with a Basic one' {
        $r = Invoke-Httpx "$base/digest-auth/auth/ada/pw/MD5?basic_first=1" -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)
        $r.StatusCode | Should -Be 200
        $r.History[0].Headers['WWW-Authenticate'] | Should -BeLike 'Basic realm=*, Digest realm=*'
    }

    It 'refuses a -sess Digest challenge without qop with an error that says why' {
        { Invoke-Httpx "$base/digest-auth/none/ada/pw/MD5-sess" -Auth (New-HttpxAuth -Digest -UserName ada -Password s3cret) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage '*(algorithm MD5-sess without qop, *'
    }

    It 'shows a long Digest challenge it cannot answer cut short' {
        $challenge = [uri]::EscapeDataString('Digest realm="r", opaque="' + ('o' * 5000) + '"')
        $e = { Invoke-Httpx "$base/response-headers?status=401&WWW-Authenticate=$challenge" -Auth (New-HttpxAuth -Digest -UserName ada -Password s3cret) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage '*(no nonce): Digest realm="r", opaque="ooo*o...' -PassThru
        ($e.Exception.Message -split '\(no nonce\): ', 2)[1].Length | Should -Be 503
    }

    It 'answers a Digest challenge made after a redirect at the URL that made it' {
        $r = Invoke-Httpx "$base/redirect-to?url=/digest-auth/auth/ada/pw" -FollowRedirects -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)
        $r.StatusCode | Should -Be 200
        $r.Url.Path | Should -Be '/digest-auth/auth/ada/pw'
        $r.History.StatusCode | Should -Be @(302, 401)
    }

    It 'answers later requests at the Digest challenge''s origin at once, and sends nothing to another origin' {
        $c = New-HttpxClient -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)
        (Invoke-Httpx "$base/digest-auth/auth/ada/pw/MD5" -Client $c).History.Count | Should -Be 1
        (Invoke-Httpx "$base/digest-auth/auth/ada/pw/MD5" -Client $c).History.Count | Should -Be 0
        $elsewhere = ($base -replace '127\.0\.0\.1', 'localhost') + '/echo'
        (Invoke-Httpx $elsewhere -Client $c -As Json).headers.Authorization | Should -BeNullOrEmpty
        Close-HttpxClient $c
    }

    It 'runs a scriptblock flow that reacts to a 401' {
        $auth = New-HttpxAuth {
            param($Request, $Response)
            if ($Response -and $Response.StatusCode -eq 401) {
                $Request.Headers.Set('Authorization', 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('ada:pw')))
                $Request
            }
        }
        $r = Invoke-Httpx "$base/basic-auth/ada/pw" -Auth $auth
        $r.StatusCode | Should -Be 200
        $r.History.Count | Should -Be 1
    }

    It 'sends a stream body again in a scriptblock flow that reads it first, and says StreamConsumed without' {
        function New-OneShotBody {
            # A stream that cannot seek: decompressing 'hello body'.
            $packed = [IO.MemoryStream]::new()
            $deflate = [IO.Compression.DeflateStream]::new($packed, [IO.Compression.CompressionMode]::Compress, $true)
            $bytes = [Text.Encoding]::UTF8.GetBytes('hello body'); $deflate.Write($bytes, 0, $bytes.Length); $deflate.Dispose()
            $packed.Position = 0
            [IO.Compression.DeflateStream]::new($packed, [IO.Compression.CompressionMode]::Decompress)
        }
        $retry = { param($Request, $Response) if ($Response -and -not $Request.Headers['X-Retry']) { $Request.Headers['X-Retry'] = '1'; $Request } }
        $readFirst = { param($Request, $Response) if (-not $Response) { $null = $Request.Read() } else { & $retry $Request $Response } }.GetNewClosure()
        $r = Invoke-Httpx "$base/anything" -Method POST -Content (New-OneShotBody) -Auth (New-HttpxAuth $readFirst)
        $r.History.Count | Should -Be 1
        $r.Json().body | Should -Be 'hello body'
        Invoke-Httpx "$base/anything" -Method POST -Content (New-OneShotBody) -Auth (New-HttpxAuth $retry) -ErrorVariable failure -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -Be 'Httpx.StreamConsumed,Httpx.PowerShell.Commands.InvokeHttpxCommand'
        "$($failure[0])" | Should -BeLike '*call its Read() before the first send*'
    }

    It 'fails a scriptblock flow that reads .Text or .Content of a body it did not ask for with Httpx.ResponseNotRead' {
        foreach ($member in 'Text', 'Content') {
            $auth = New-HttpxAuth { param($Request, $Response) if ($Response) { $script:seen = $Response.$member } }
            Invoke-Httpx "$base/status/401" -Auth $auth -ErrorVariable failure -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failure[0].FullyQualifiedErrorId | Should -Be 'Httpx.ResponseNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand'
            $failure[0].TargetObject | Should -Be "$base/status/401"
        }
        $auth = New-HttpxAuth -ReadResponseBody { param($Request, $Response) if ($Response) { $script:seen = $Response.Text } }
        (Invoke-Httpx "$base/status/401" -Auth $auth).StatusCode | Should -Be 401
        $script:seen | Should -Not -BeNullOrEmpty
    }

    It 'refreshes the token once with the help''s example flow, also when a redirect comes first and under strict mode' {
        Set-StrictMode -Version Latest
        $example = @((Get-Help New-HttpxAuth -Examples).examples.example) | Where-Object title -like '*refreshes a token*'
        $code = [string]$example.code
        function Get-MyNewToken { $script:refreshes++; 'fresh' }
        . ([scriptblock]::Create($code.Substring(0, $code.IndexOf('Invoke-Httpx '))))
        foreach ($case in @{ Url = "$base/bearer"; Status = 200 }, @{ Url = "$base/redirect-to?url=/bearer"; Status = 200 }, @{ Url = "$base/redirect-to?url=/status/401"; Status = 401 }) {
            $script:token = $null; $script:refreshes = 0
            (Invoke-Httpx $case.Url -Auth $auth -FollowRedirects).StatusCode | Should -Be $case.Status
            $script:refreshes | Should -Be 1
        }
    }

    It 'gets one token with the help''s example flow for requests refused together under -ThrottleLimit' {
        $example = @((Get-Help New-HttpxAuth -Examples).examples.example) | Where-Object title -like '*refreshes a token*'
        $code = [string]$example.code
        function Get-MyNewToken { $script:refreshes++; "fresh$script:refreshes" }
        . ([scriptblock]::Create($code.Substring(0, $code.IndexOf('Invoke-Httpx '))))
        $script:token = $null; $script:refreshes = 0
        $responses = 1..8 | ForEach-Object { "$base/bearer?i=$_" } | Invoke-Httpx -Auth $auth -ThrottleLimit 8
        $responses | ForEach-Object { "$($_.StatusCode) $($_.Json().token)" } | Sort-Object -Unique | Should -Be '200 fresh1'
        $script:refreshes | Should -Be 1
    }

    It 'gives a scriptblock flow back the request it returned' {
        $script:step = $null
        $auth = New-HttpxAuth {
            param($Request, $Response)
            if (-not $Response) { New-HttpxRequest "$base/basic-auth/ada/pw" -Headers @{ 'X-Step' = 'replaced' } }
            elseif ($Response.StatusCode -eq 401) {
                $script:step = $Request.Headers['X-Step']
                $Request.Headers.Set('Authorization', 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('ada:pw')))
                $Request
            }
        }
        $r = Invoke-Httpx "$base/status/418" -Auth $auth
        $script:step | Should -Be 'replaced'
        $r.StatusCode | Should -Be 200
        $r.Url.Path | Should -Be '/basic-auth/ada/pw'
    }

    It 'turns a client''s auth off with -Auth $null, as HTTPX''s auth=None' {
        $c = New-HttpxClient -Auth (New-HttpxAuth -UserName ada -Password s3cret)
        (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Client $c).StatusCode | Should -Be 200
        (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Client $c -Auth $null).StatusCode | Should -Be 401
        Close-HttpxClient $c
    }

    It 'sends a NetworkCredential''s domain with Basic as DOMAIN\user, as a PSCredential named so' {
        $network = [System.Net.NetworkCredential]::new('ada', 'pw', 'CORP')
        (Invoke-Httpx "$base/basic-auth/CORP%5Cada/pw" -Auth $network -As Json).user | Should -Be 'CORP\ada'
        (Invoke-Httpx "$base/basic-auth/CORP%5Cada/pw" -Auth ([pscredential]::new('CORP\ada', $network.SecurePassword)) -As Json).user | Should -Be 'CORP\ada'
    }

    It 'takes a NetworkCredential with neither user nor password for -Credential as no credential, and a password alone as -Auth does' {
        (New-HttpxAuth -Negotiate -Credential ([System.Net.CredentialCache]::DefaultNetworkCredentials)).UsesDefaultCredentials | Should -BeTrue
        { New-HttpxAuth -Credential ([System.Net.NetworkCredential]::new()) } | Should -Throw -ErrorId 'Httpx.InvalidArgument*'
        $token = [System.Net.NetworkCredential]::new('', 't0ken')
        (Invoke-Httpx "$base/get" -Auth (New-HttpxAuth -Basic -Credential $token)).Request.Headers['Authorization'] | Should -Be 'Basic OnQwa2Vu'
        (Invoke-Httpx "$base/get" -Auth $token).Request.Headers['Authorization'] | Should -Be 'Basic OnQwa2Vu'
    }

    It 'refuses HTTPX''s (user, password) pair, a bare token and a hashtable for -Auth, saying which New-HttpxAuth to give' {
        { Invoke-Httpx "$base/get" -Auth 'ada', 'S3CRET' -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*HTTPX's (user, password) pair is (New-HttpxAuth -Basic -UserName <user> -Password <password>) here*"
        $err = { Invoke-Httpx "$base/get" -Auth (ConvertTo-SecureString 'S3CRET' -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*a bearer token is (New-HttpxAuth -Bearer -Token <token>)*' -PassThru
        $err.Exception.Message | Should -Not -Match 'S3CRET'
        $err = { Invoke-Httpx "$base/get" -Auth @{ UserName = 'ada'; Password = 'S3CRET' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*Hashtable: a user name and password are (New-HttpxAuth -Basic -UserName <user> -Password <password>), or a PSCredential*' -PassThru
        $err.Exception.Message | Should -Not -Match 'S3CRET'
    }

    It 'takes a NetworkCredential without a user name or password for -Auth as no auth' {
        (Invoke-Httpx "$base/get" -Auth ([System.Net.CredentialCache]::DefaultNetworkCredentials)).Request.Headers.ContainsKey('Authorization') | Should -BeFalse
        $c = New-HttpxClient -Auth ([System.Net.NetworkCredential]::new())
        try { $c.Auth | Should -BeNullOrEmpty } finally { Close-HttpxClient $c }
        (Invoke-Httpx "$base/get" -Auth ([System.Net.NetworkCredential]::new('', 't0ken'))).Request.Headers['Authorization'] | Should -Be 'Basic OnQwa2Vu'
    }

    It 'sends a PSCredential without a user name as Basic with an empty user, as Invoke-WebRequest does' {
        $secure = [System.Net.NetworkCredential]::new('', 't0ken').SecurePassword
        $credential = [pscredential]::new([pscustomobject]@{ UserName = $null; Password = $secure })
        (Invoke-Httpx "$base/get" -Auth $credential).Request.Headers['Authorization'] | Should -Be 'Basic OnQwa2Vu'
        (Invoke-Httpx "$base/get" -Auth (New-HttpxAuth -Basic -Credential $credential)).Request.Headers['Authorization'] | Should -Be 'Basic OnQwa2Vu'
    }

    It 'takes [pscredential]::Empty as no credential' {
        (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Auth ([pscredential]::Empty)).StatusCode | Should -Be 401
        { New-HttpxAuth -Digest -Credential ([pscredential]::Empty) } | Should -Throw -ErrorId 'Httpx.InvalidArgument*'
    }

    It 'refuses a Digest user name with a line break when the auth is made' {
        { New-HttpxAuth -Digest -UserName "ada`n" -Password s3cret } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*Digest user name cannot contain line breaks*'
    }

    It 'says a folder given as the .netrc or the client certificate is a folder, where it said it did not exist' {
        $e = { New-HttpxAuth -NetRC -Path $TestDrive } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $e.CategoryInfo.Category | Should -Be InvalidArgument
        $e.TargetObject | Should -Be $TestDrive
        "$e" | Should -Be "The .netrc file '$TestDrive' is a folder: give the path of the .netrc file itself."
        { New-HttpxTransport -Certificate $TestDrive } | Should -Throw -ExpectedMessage "*The client certificate file '$TestDrive' is a folder: give the path of the certificate file."
    }

    It 'says a .netrc macro without a blank line to end it is malformed, naming its line, where it swallowed the entries after it' {
        $netrc = Join-Path $TestDrive 'macro.netrc'
        Set-Content $netrc "macdef init`ncd /pub`nmachine 127.0.0.1 login ada password fromfile"
        if (-not $IsWindows) { chmod 600 $netrc }
        $e = { New-HttpxAuth -NetRC -Path $netrc } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $e.CategoryInfo.Category | Should -Be InvalidData
        $e.TargetObject | Should -Be $netrc
        "$e" | Should -Be "Malformed .netrc file '$netrc', line 1: the macro 'init' has no blank line to end it, so every line after it is part of the macro."
    }

    It 'never shows the word after a .netrc login, which may be the password; it names the login' {
        # A template's empty login ("login  password s3cret") made "password" the login, and the message showed 's3cret'.
        $netrc = Join-Path $TestDrive 'template.netrc'
        Set-Content $netrc "machine 127.0.0.1 login  password s3cret"
        if (-not $IsWindows) { chmod 600 $netrc }
        $e = { New-HttpxAuth -NetRC -Path $netrc } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $e.CategoryInfo.Category | Should -Be InvalidData
        "$e" | Should -Be "Malformed .netrc file '$netrc', line 1: unexpected token after the login 'password' (a misspelled keyword, or a login that contains spaces and needs quotes)."
    }

    It 'says a .netrc that is not UTF-8 is malformed, naming the line, where it sent U+FFFD for the bytes' {
        $netrc = Join-Path $TestDrive 'latin1.netrc'
        [IO.File]::WriteAllBytes($netrc, [Text.Encoding]::Latin1.GetBytes("machine 127.0.0.1`nlogin ada password p$([char]0xE4)ss`n"))
        if (-not $IsWindows) { chmod 600 $netrc }
        $e = { New-HttpxAuth -NetRC -Path $netrc } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        $e.CategoryInfo.Category | Should -Be InvalidData
        "$e" | Should -Be "Malformed .netrc file '$netrc', line 2: it holds bytes that are not UTF-8 text (save the file as UTF-8)."
    }

    It 'refuses the user''s ~/.netrc with passwords that others can read, naming the file and its mode, as Python does' -Skip:$IsWindows {
        $netrc = Join-Path $TestDrive '.netrc'
        Set-Content $netrc "machine 127.0.0.1 login ada password fromfile"
        chmod 644 $netrc
        $saved = $env:HOME, $env:NETRC
        try {
            $env:HOME = "$TestDrive"; $env:NETRC = $null
            $e = { New-HttpxAuth -NetRC } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            $e.CategoryInfo.Category | Should -Be SecurityError
            $e.Exception.Message | Should -Match ([regex]::Escape("'$netrc'") + '.*\(mode 644\)')
            $e.Exception.Message | Should -Not -Match 'fromfile'
            # An account (ftp's second password) is a secret too; it was read.
            Set-Content $netrc "machine 127.0.0.1 login ada account acct-s3cret"
            chmod 644 $netrc
            { New-HttpxAuth -NetRC } | Should -Throw -ErrorId 'Httpx.InvalidArgument*'
            # An anonymous login's password (an email address, by ftp's convention) is no secret, as in Python.
            Set-Content $netrc "machine 127.0.0.1 login anonymous password guest@example.com"
            (New-HttpxAuth -NetRC).Path | Should -Be $netrc
        }
        finally { $env:HOME, $env:NETRC = $saved }
    }

    It 'finds a .netrc named by a relative $env:NETRC from the current location, as -Path' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'netrc-env')
        Set-Content (Join-Path $folder 'ci.netrc') "machine 127.0.0.1 login ada password fromenv"
        $saved = $env:NETRC
        Push-Location $folder
        try {
            $env:NETRC = 'ci.netrc'
            $auth = New-HttpxAuth -NetRC
            $auth.Path | Should -Be (Join-Path $folder 'ci.netrc')
            (Invoke-Httpx "$base/basic-auth/ada/fromenv" -Auth $auth).StatusCode | Should -Be 200
        }
        finally { Pop-Location; $env:NETRC = $saved }
    }

    It 'reads a .netrc named by -Path whatever its permissions, as Python''s netrc(file) and curl do' -Skip:$IsWindows {
        $netrc = Join-Path $TestDrive 'shared.netrc'
        Set-Content $netrc "machine 127.0.0.1 login ada password fromfile"
        chmod 644 $netrc
        (Invoke-Httpx "$base/basic-auth/ada/fromfile" -Auth (New-HttpxAuth -NetRC -Path $netrc)).StatusCode | Should -Be 200
    }

    It 'never shows the password' {
        "$(New-HttpxAuth -UserName ada -Password hunter2)" | Should -Not -Match 'hunter2'
        "$(New-HttpxAuth -Ntlm -UserName ada -Password hunter2 -Domain CORP)" | Should -Not -Match 'hunter2'
    }

    # On Linux, .NET reaches NTLM through GSSAPI's gss-ntlmssp mechanism, which .ci/run installs.
    It 'authenticates with NTLM as a domain account' -Skip:($IsLinux -and -not (Test-Path /etc/gss/mech.d/*ntlmssp*)) {
        $credential = [pscredential]::new('CORP\alice', (ConvertTo-SecureString 's3cret' -AsPlainText -Force))
        $answer = Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -Credential $credential) -As Json
        "$($answer.scheme) $($answer.user) $($answer.domain)" | Should -Be 'NTLM alice CORP'
    }

    It 'takes a NetworkCredential for -Credential, its domain kept' -Skip:($IsLinux -and -not (Test-Path /etc/gss/mech.d/*ntlmssp*)) {
        $network = [System.Net.NetworkCredential]::new('alice', 's3cret', 'CORP')
        $answer = Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -Credential $network) -As Json
        "$($answer.scheme) $($answer.user) $($answer.domain)" | Should -Be 'NTLM alice CORP'
        (Invoke-Httpx "$base/basic-auth/CORP%5Calice/s3cret" -Auth (New-HttpxAuth -Credential $network) -As Json).user | Should -Be 'CORP\alice'
    }
}

Describe 'New-HttpxMockTransport and New-HttpxResponse' {
    It 'answers without a network' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Json @{ ok = $true } })
        (Invoke-Httpx 'https://api.invalid/health' -Client $c).Json().ok | Should -BeTrue
    }

    It 'runs the handler given by -ScriptBlock in my session, also for concurrent requests' {
        $thread = [Environment]::CurrentManagedThreadId
        $script:elsewhere = 0
        $mock = New-HttpxMockTransport -ScriptBlock {
            param($Request)
            if ([Environment]::CurrentManagedThreadId -ne $thread) { $script:elsewhere++ }
            New-HttpxResponse 200 -Text $Request.Url.Path
        }
        $client = New-HttpxClient -Transport $mock
        1..8 | ForEach-Object { "https://mock.invalid/$_" } | Invoke-Httpx -Client $client -ThrottleLimit 4 | Should -HaveCount 8
        $script:elsewhere | Should -Be 0
    }

    It 'takes hashtable answers and sees the request' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) @{ StatusCode = 404; Text = $Request.Url.Path } })
        $r = Invoke-Httpx 'https://api.invalid/users/2' -Client $c
        $r.StatusCode | Should -Be 404
        $r.Text | Should -Be '/users/2'
    }

    It 'has the status codes by name, with their phrases and classes, as httpx.codes' {
        $r = New-HttpxResponse 404
        $r.StatusCode -eq [Httpx.Codes]::NotFound | Should -BeTrue
        [Httpx.StatusCodes]::ReasonPhrase([Httpx.Codes]::ImATeapot) | Should -Be "I'm a teapot"
        [Httpx.StatusCodes]::IsError(503) | Should -BeTrue
        [Httpx.StatusCodes]::IsSuccess(404) | Should -BeFalse
    }

    It 'reports a handler that returns no response as ScriptBlockError' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) 'not a response' })
        Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ScriptBlockError,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
    }

    It 'simulates failures thrown as Httpx exceptions' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) throw [Httpx.ConnectTimeoutException]::new('simulated', $Request) })
        { Invoke-Httpx 'https://slow.invalid/' -Client $c -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ConnectTimeout*'
    }

    It 'leaves the simulated failure as the last error in $Error' {
        $Error.Clear()
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) throw [Httpx.ConnectTimeoutException]::new('simulated', $Request) })
        Invoke-Httpx 'https://slow.invalid/' -Client $c -ErrorAction SilentlyContinue
        $Error.Count | Should -Be 1
        $Error[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectTimeout,*'
    }

    It 'shows the time a mock that simulates a slow server took in ElapsedMs' {
        $mock = New-HttpxMockTransport {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Start-Sleep -Milliseconds 100
            $script:waited = $clock.Elapsed.TotalMilliseconds
            New-HttpxResponse 200 -Text 'slow'
        }
        $r = Invoke-Httpx 'https://slow.invalid/' -Client (New-HttpxClient -Transport $mock)
        $r.ElapsedMs | Should -BeGreaterOrEqual ([Math]::Round($script:waited, 1))   # ElapsedMs is rounded to 0.1 ms: round alike
    }

    It 'answers every request with one response made beforehand, each answer keeping its own URL' {
        $ok = New-HttpxResponse 200 -Json @{ ok = $true }
        $c = New-HttpxClient -BaseUrl 'https://api.invalid' -Transport (New-HttpxMockTransport { $ok })
        $first = Invoke-Httpx /one -Client $c
        $second = Invoke-Httpx /two -Client $c
        $first.Url.ToString() | Should -Be 'https://api.invalid/one'
        $second.Url.ToString() | Should -Be 'https://api.invalid/two'
        $second.Json().ok | Should -BeTrue
    }

    It 'names a hashtable answer''s keys and the item of -Content that is no byte' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Content = @(104, 105, 256) } })
        { Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage 'Content as an array must hold bytes (numbers 0 to 255): item 2 is 256.*'
        { New-HttpxResponse 200 -Content 1, 2, 999 } | Should -Throw -ExpectedMessage '*item 2 is 999*'
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Json = '{"id":' } })
        { Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage 'The Json text is not valid JSON: *'
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Json = @{ a = [double]::NaN } } })
        { Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage 'The Json value contains NaN, which JSON cannot represent.*'
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Json = [Newtonsoft.Json.Linq.JProperty]::new('a', 1) } })
        { Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage 'The Json value holds a Newtonsoft.Json.Linq.JProperty whose text is not a JSON value: *'
    }

    It 'has -Headers or -Content as the target of a bad header or body, as Invoke-Httpx has' {
        ({ New-HttpxResponse 200 -Headers @{ 'a b' = 1 } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru).TargetObject | Should -Be 'Headers'
        ({ New-HttpxResponse 200 -Headers @{ X = "a`r`nb" } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru).TargetObject | Should -Be 'Headers'
        ({ New-HttpxResponse 200 -Content 1, 2, 999 } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -PassThru).TargetObject | Should -Be 'Content'
    }

    It 'refuses a hashtable answer whose StatusCode is $null, where no StatusCode key is 200' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ StatusCode = $staus; Text = 'gone' } })
        { Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage 'StatusCode is $null, which is no status code*'
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ Text = 'default' } })
        (Invoke-Httpx 'https://x.invalid/' -Client $c).StatusCode | Should -Be 200
    }

    It 'reads the empty output of a command in a hashtable answer as $null' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport {
            @{ StatusCode = 201; Json = $(if ($false) { 1 }); Content = $(if ($false) { 1 }); Text = $(if ($false) { 1 }); Headers = $(if ($false) { 1 }) } })
        $r = Invoke-Httpx 'https://x.invalid/' -Client $c
        $r.StatusCode | Should -Be 201
        $r.Headers['Content-Type'] | Should -BeNullOrEmpty
        $r.Text | Should -BeExactly ''
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { @{ StatusCode = $(if ($false) { 1 }) } })
        { Invoke-Httpx 'https://x.invalid/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage 'StatusCode is $null, which is no status code*'
    }

    It 'gives the handler the request as $_ too' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { if ($_.Url.Path -eq '/a') { New-HttpxResponse 200 } else { New-HttpxResponse 404 } })
        (Invoke-Httpx 'https://api.example/a' -Client $c).StatusCode | Should -Be 200
        Close-HttpxClient $c
    }

    It 'says what a handler output instead of a response' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { [pscustomobject]@{ StatusCode = 200 } })
        { Invoke-Httpx 'https://api.example/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ScriptBlockError*' -ExpectedMessage '*it output a PSCustomObject*'
        Close-HttpxClient $c
    }

    It 'reads a body of only whitespace as $null with -As Json, as an empty one and as ConvertFrom-Json' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content "`r`n" })
        Invoke-Httpx 'https://api.invalid/nothing' -Client $c -As Json -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures | Should -HaveCount 0
        { (Invoke-Httpx 'https://api.invalid/nothing' -Client $c).Json() } | Should -Throw '*is not valid JSON*'
        Close-HttpxClient $c
    }

    It 'takes -Json text as JSON, as Invoke-Httpx -Json does' {
        (New-HttpxResponse 200 -Json '{"id":1}').Json().id | Should -Be 1
    }

    It 'sets content type and length for JSON and text bodies' {
        $j = New-HttpxResponse 201 -Json @{ id = 42 }
        $j.Headers['content-type'] | Should -Be 'application/json'
        $j.Text | Should -Be '{"id":42}'
        (New-HttpxResponse 200 -Text 'hi').Headers['content-type'] | Should -Be 'text/plain; charset=utf-8'
        # In HTTPX's order, after the given headers.
        (New-HttpxResponse 200 -Json @{ id = 1 } -Headers @{ 'X-Id' = '1' }).Headers.Keys -join ',' | Should -BeExactly 'x-id,content-length,content-type'
    }

    It 'reads a Link header by rel, as a paginated API gives it' {
        $r = New-HttpxResponse 200 -Headers @{ Link = '<https://api.example/items?page=3>; rel="next", <https://api.example/items?page=1>; rel="prev"' }
        $r.Links.next.url | Should -Be 'https://api.example/items?page=3'
        $r.Links['prev'].url | Should -Be 'https://api.example/items?page=1'
    }

    It 'reads Links by rel and parameter in any case, as Invoke-WebRequest''s RelationLink' {
        $r = New-HttpxResponse 200 -Headers @{ Link = '<https://api.example/items?page=3>; rel="next", <https://api.example/items?page=9>; rel="Last"' }
        $r.Links.Next.Url | Should -Be 'https://api.example/items?page=3'
        $r.Links['LAST'].url | Should -Be 'https://api.example/items?page=9'
        $r.Links.Keys -join ',' | Should -BeExactly 'next,Last'
    }

    It 'builds a response without a body with an empty one, read at once' {
        $r = New-HttpxResponse 204
        $r.Content.GetType() | Should -Be ([byte[]])
        $r.Content.Length | Should -Be 0
        $r.Text | Should -BeExactly ''
        $r.IsClosed | Should -BeTrue
        $r.Headers.'Content-Length' | Should -BeNullOrEmpty
    }

    It 'reads a -Stream body as it is consumed, by -Stream Lines and -Download, and says HTTP/2 with -HttpVersion' {
        $mock = New-HttpxMockTransport {
            $body = [IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes("one`ntwo`n"))
            New-HttpxResponse 200 -Stream $body -Headers @{ 'Content-Type' = 'text/plain' } -HttpVersion HTTP/2 -ReasonPhrase 'Fine'
        }
        $c = New-HttpxClient -Transport $mock
        Invoke-Httpx 'https://api.invalid/tail' -Client $c -Stream Lines | Should -Be @('one', 'two')
        $path = Join-Path $TestDrive 'file.txt'
        Invoke-Httpx 'https://api.invalid/file' -Client $c -Download $path
        Get-Content $path -Raw | Should -BeExactly "one`ntwo`n"
        $r = Invoke-Httpx 'https://api.invalid/' -Client $c -Verbose 4>&1
        ($r | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message | Should -Contain '< HTTP/2 200 Fine'
        ($r | Where-Object { $_ -is [Httpx.Response] }).HttpVersion | Should -Be 'HTTP/2'
        (New-HttpxResponse 200 -Stream ([IO.MemoryStream]::new([byte[]](104, 105)))).IsStreamConsumed | Should -BeFalse
        Close-HttpxClient $c
    }

    It 'refuses a -Stream response made once and returned again, as Httpx.StreamConsumed naming both requests' {
        $once = New-HttpxResponse 200 -Stream ([IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes("one`ntwo`n")))
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { $once })
        Invoke-Httpx 'https://api.invalid/first' -Client $c -Stream Lines | Should -Be @('one', 'two')
        { Invoke-Httpx 'https://api.invalid/second' -Client $c -Stream Lines -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.StreamConsumed*' -ExpectedMessage "*for <Request('GET', 'https://api.invalid/second')>, the response with a stream body that it had returned for <Request('GET', 'https://api.invalid/first')>*"
        Close-HttpxClient $c
    }

    It 'writes floats in -Json as JSON floats' {
        (New-HttpxResponse 200 -Json @{ x = 2.0 }).Text | Should -Be '{"x":2.0}'
    }

    It 'reads a response''s Content-Length as digits in every culture' {
        # Read in the current culture, a mock response's '+5' was a Length of 5 under en-US and ignored under ar-SA.
        $saved = [cultureinfo]::CurrentCulture
        try {
            foreach ($culture in 'en-US', 'ar-SA') {
                [cultureinfo]::CurrentCulture = $culture
                (New-HttpxResponse 200 -Headers @{ 'Content-Length' = '+5' } -Content 'abc').Length | Should -Be 3 -Because $culture
                (New-HttpxResponse 200 -Headers @{ 'Content-Length' = '5' } -Content 'abc').Length | Should -Be 5 -Because $culture
            }
        }
        finally { [cultureinfo]::CurrentCulture = $saved }
    }
}

Describe 'New-HttpxTransport' {
    It 'says its settings as text, the proxy password masked, where it said its type name' {
        "$(New-HttpxTransport -Http2 -Retries 2 -Proxy 'http://ops:s3cret@proxy.example:3128')" |
            Should -BeExactly "HttpTransport(http1=True, http2=True, proxy=Proxy('http://ops:[secure]@proxy.example:3128'), retries=2)"
        (New-HttpxMockTransport { New-HttpxResponse 200 } | Out-String).Trim() | Should -BeExactly 'MockTransport(handler)'
    }

    It 'connects over a Unix socket' {
        $c = New-HttpxClient -Transport (New-HttpxTransport -UnixSocket $Server.unix)
        (Invoke-Httpx 'http://localhost/get' -Client $c -As Json).method | Should -Be 'GET'
    }

    It 'refuses a Unix socket with a proxy, naming both (TransportCmdletTests.A_unix_socket_with_a_proxy_is_refused_naming_both)' {
        { New-HttpxTransport -UnixSocket $Server.unix -Proxy 'http://ops:s3cret@proxy.example:3128' } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "A Unix socket ('$($Server.unix)') takes every connection of a transport, so it cannot be used with a proxy (http://ops:``[secure``]@proxy.example:3128): give one or the other.*"
    }

    It 'refuses a Unix socket path longer than the system takes, naming it (TransportCmdletTests.A_unix_socket_path_longer_than_the_system_takes_is_refused_naming_it)' {
        $path = Join-Path ([IO.Path]::GetTempPath()) ('s' * 120)
        $most = if ($IsMacOS) { 103 } else { 107 }
        { New-HttpxTransport -UnixSocket $path } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage "The Unix socket path '$path' is $($path.Length) bytes long, and a socket path on this system holds at most ${most}: give a shorter path to the socket (a symbolic link to it will do).*"
    }

    It 'says a -UnixSocket file with content is no socket, rather than a refused connection (HttpTransportOptionsTests.Unix_domain_socket_path_of_a_file_with_content_is_ConnectException_saying_it_is_no_socket)' {
        $file = Join-Path $TestDrive 'config.json'
        Set-Content -LiteralPath $file -Value '{}' -NoNewline
        $c = New-HttpxClient -Transport (New-HttpxTransport -UnixSocket $file)
        Invoke-Httpx 'http://localhost/get' -Client $c -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        "$($failure[0])" | Should -BeLike "Cannot connect to unix socket '$file': it is a file of 2 bytes, not a socket*"
    }

    It 'refuses a URL without a host over a Unix socket, saying to write one (HttpTransportOptionsTests.Unix_domain_socket_url_without_a_host_is_refused_saying_to_write_one)' {
        $c = New-HttpxClient -Transport (New-HttpxTransport -UnixSocket $Server.unix)
        Invoke-Httpx 'http:///get' -Client $c -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.UnsupportedProtocol,*'
        "$($failure[0])" | Should -BeExactly "Request URL has no host: 'http:///get'. Over a Unix socket the host is only sent in the Host header, but a request needs one: write one, as 'http://localhost/get'."
    }

    It 'says a host has no address of the -LocalAddress family, not that it does not resolve (HttpTransportOptionsTests.A_local_address_of_the_other_family_than_a_names_addresses_says_so_not_that_the_name_does_not_resolve)' {
        $c = New-HttpxClient -Transport (New-HttpxTransport -LocalAddress ::1)
        Invoke-Httpx 'http://localhost:1/' -Client $c -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        "$($failure[0])" | Should -Not -BeLike '*Could not resolve*'
        # Where localhost has an IPv6 address too, the request goes there and is refused.
        if ([Net.Sockets.Socket]::OSSupportsIPv6 -and -not ([Net.Dns]::GetHostAddresses('localhost') | Where-Object AddressFamily -EQ InterNetworkV6)) {
            "$($failure[0])" | Should -BeLike "Cannot connect to localhost:1 from the local address ::1: 'localhost' has no IPv6 address*"
        }
    }

    It 'speaks HTTP/2 with the test CA, and h2c without HTTP/1.1' {
        $tls = New-HttpxClient -Transport (New-HttpxTransport -Http2 -Verify $Server.ca)
        (Invoke-Httpx "$($Server.https)/get" -Client $tls).HttpVersion | Should -Be 'HTTP/2'
        $prior = New-HttpxClient -Transport (New-HttpxTransport -Http2 -NoHttp1)
        (Invoke-Httpx "$($Server.h2c)/get" -Client $prior).HttpVersion | Should -Be 'HTTP/2'
    }

    It 'is where the transport settings go: New-HttpxClient refuses them next to -Transport, naming the parameter' {
        { New-HttpxClient -Transport (New-HttpxTransport) -Http2 } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '-Http2 cannot be combined with -Transport*set it on New-HttpxTransport.'
        { New-HttpxClient -Transport (New-HttpxTransport) -SkipCertificateCheck } | Should -Throw -ExpectedMessage '-NoVerify cannot be combined with -Transport*'
    }

    It 'retries a connection that fails, and says how many attempts were made' {
        $c = New-HttpxClient -Transport (New-HttpxTransport -Retries 2)
        { Invoke-Httpx 'http://127.0.0.1:1/' -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ConnectError*' -ExpectedMessage '*after 3 attempts*'
    }

    It 'retries a TLS handshake that fails under the same count' {
        # Without the test CA every attempt connects, then fails its certificate check.
        $c = New-HttpxClient -Transport (New-HttpxTransport -Retries 1)
        { Invoke-Httpx "$($Server.https)/get" -Client $c -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.ConnectError*' -ExpectedMessage "*TLS certificate verification failed*, after 2 attempts (GET $($Server.https)/get)"
    }

    It 'shows its settings one a line, the proxy password masked' {
        $text = New-HttpxTransport -Http2 -Retries 2 -Proxy 'http://ops:s3cret@proxy.example:3128' | Out-String -Width 200
        $text | Should -Not -Match 's3cret|HttpTransportOptions \{'
        $text | Should -Match '(?m)^Http2 +: True *$'
        $text | Should -Match '(?m)^Retries +: 2 *$'
        $text | Should -Match "(?m)^Proxy +: Proxy\('http://ops:\[secure]@proxy\.example:3128'\) *$"
    }

    It 'refuses contradictory settings' {
        { New-HttpxTransport -NoVerify -Verify ./ca.pem } | Should -Throw -ErrorId 'Httpx.InvalidArgument*'
    }
}

Describe 'Help' {
    It 'has full help for <_>' -ForEach @(Get-Command -Module Httpx | ForEach-Object Name) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike "$_*"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'shows each item of a list in <_>''s help file as a paragraph of its own' -ForEach @(Get-Command -Module Httpx | ForEach-Object Name) {
        $help = Get-Help $_ -Full
        $paras = @(@($help.description) + @($help.alertSet.alert) + @($help.parameters.parameter | ForEach-Object description) +
            @($help.examples.example | ForEach-Object remarks) + @($help.inputTypes.inputType | ForEach-Object description) +
            @($help.returnValues.returnValue | ForEach-Object description) | Where-Object { $_ } | ForEach-Object { $_.Text.Trim() })
        $items = Get-Content (Join-Path $PSScriptRoot '..' '..' 'docs' 'help' "$_.md") | Where-Object { $_ -match '^\s{0,3}([-*+]|\d+[.)])\s' }
        foreach ($item in $items) { @($paras | Where-Object { $_.StartsWith($item.Trim()) }).Count | Should -BeGreaterThan 0 -Because $item }
    }

    It 'shows the output block of an example of <_> in its code, not as a paragraph of remarks' -ForEach @(Get-Command -Module Httpx | ForEach-Object Name) {
        foreach ($example in @((Get-Help $_ -Full).examples.example)) {
            @($example.remarks | Where-Object { $_.Text -match '```' }).Count | Should -Be 0 -Because $example.title
        }
    }

    It 'says in Invoke-Httpx''s notes what to use for each parameter of this PowerShell''s Invoke-WebRequest and Invoke-RestMethod it lacks' {
        # Read from the real cmdlets, so that a parameter a later PowerShell adds is noticed. One Invoke-Httpx has by the
        # same name (a parameter or alias) needs no word (nor do their short aliases, SV, CM, RHV); the list of those it
        # lacks names none it has.
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $theirs = (Get-Command Invoke-WebRequest, Invoke-RestMethod).Parameters.Values | Where-Object Name -notin $common |
            ForEach-Object { $_.Name; $_.Aliases | Where-Object Length -gt 3 } | Sort-Object -Unique
        $own = (Get-Command Invoke-Httpx).Parameters.Values | ForEach-Object { $_.Name; $_.Aliases }
        $notes = (@((Get-Help Invoke-Httpx -Full).alertSet.alert) | ForEach-Object { $_.Text }) -join ' ' -replace '\s+', ' '
        $theirs | Where-Object { $_ -notin $own -and $notes -notmatch ('-' + $_ + '\b') } | Should -BeNullOrEmpty
        $lacks = $notes.Substring($notes.IndexOf('The others are not parameters here'))
        $lacks = $lacks.Substring(0, $lacks.IndexOf("Invoke-RestMethod's output is"))
        [regex]::Matches($lacks, '(?:instead: |\. )(-\w+(?:(?:, | and )-\w+)*):') |
            ForEach-Object { $_.Groups[1].Value -split ', | and ' } | ForEach-Object { $_.TrimStart('-') } |
            Where-Object { $_ -in $own } | Should -BeNullOrEmpty
    }

    It 'shows the table Get-HttpxProxy''s first example prints under its code' {
        $code = [string]@((Get-Help Get-HttpxProxy -Full).examples.example)[0].code -replace '\r', ''
        $code | Should -BeLike "*Get-HttpxProxy`n`nPattern                  Source           Proxy`n-------                  ------           -----`n*"
    }

    It 'gives <_>''s related links to other help files no address that Get-Help -Online would take' -ForEach @(Get-Command -Module Httpx | ForEach-Object Name) {
        foreach ($link in @((Get-Help $_ -Full).relatedLinks.navigationLink)) {
            $link.uri | Should -Not -BeLike '*.md' -Because $link.linkText
            if ($link.uri) { [uri]::IsWellFormedUriString($link.uri, 'Absolute') | Should -BeTrue -Because $link.uri }
        }
    }
}
