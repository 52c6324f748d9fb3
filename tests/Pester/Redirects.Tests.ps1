# Pester 5 tests of redirects and -Proxy from Invoke-Httpx and New-HttpxClient. The same behaviours as
# tests/Httpx.PowerShell.Tests (RedirectTests, ProxyParameterTests). The proxy tests need the squid proxies that
# .ci/start-proxies runs on 127.0.0.1:3128 (open) and :3129 (user proxyuser, password proxypass).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:squid = if ($env:HTTPX_TEST_SQUID) { $env:HTTPX_TEST_SQUID } else { 'http://127.0.0.1:3128' }
    $script:squidAuth = if ($env:HTTPX_TEST_SQUID_AUTH) { $env:HTTPX_TEST_SQUID_AUTH } else { 'http://127.0.0.1:3129' }
}

AfterAll {
    Stop-HttpxTestServer $script:Server
}

Describe 'Redirects' {
    It 'writes the 3xx with its NextRequest when not following' {
        $r = Invoke-Httpx "$base/redirect/2"
        $r.StatusCode | Should -Be 302
        $r.NextRequest.Url.Path | Should -Be '/redirect/1'
        ($r.NextRequest | Invoke-Httpx).NextRequest.Url.Path | Should -Be '/get'
    }

    It 'raises for a redirect not followed when the body is asked for, unless -SkipHttpErrorCheck' {
        { Invoke-Httpx "$base/redirect-to?url=/json" -As Json -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        { Invoke-Httpx "$base/redirect-to?url=/json" -Stream Lines -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        (Invoke-Httpx "$base/redirect-to?url=/json" -As Json -SkipHttpErrorCheck).location | Should -Be '/json'
        Invoke-Httpx "$base/redirect-to?url=/json" -As Json -FollowRedirects | Should -BeOfType [pscustomobject]
    }

    It 'names the Location of a redirect not followed, and -FollowRedirects, in the error shown' {
        # What the console shows is the record's message (ErrorDetails), not .Exception.Message, which Should -Throw reads.
        $shown = try { Invoke-Httpx "$base/redirect-to?url=/json" -As Json -ErrorAction Stop } catch { "$_" }
        $shown | Should -BeLike "*a redirect to '/json', not followed: add -FollowRedirects to follow it*"
    }

    It 'writes a redirect whose Location is no URL when not following, and says why in the error' {
        $r = Invoke-Httpx "$base/redirect-to?url=http%3A%2F%2F%5Bbad"
        $r.StatusCode | Should -Be 302
        $r.Headers['Location'] | Should -Be 'http://[bad'
        $r.NextRequest | Should -BeNullOrEmpty
        $shown = try { Invoke-Httpx "$base/redirect-to?url=http%3A%2F%2F%5Bbad" -As Json -ErrorAction Stop } catch { "$_" }
        $shown | Should -BeLike "*a redirect to 'http://``[bad', not followed: its Location is no URL that can be followed*"
    }

    It 'names an empty Location, two Locations, one in another scheme and a loop in its error' {
        { Invoke-Httpx "$base/redirect-to?url=" -FollowRedirects -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage 'The Location header of a 302 redirect is empty*'
        { Invoke-Httpx "$base/redirect-to?url=%2Fget&url=%2Fanything" -FollowRedirects -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage "*2 different Location headers, '/get' and '/anything'*"
        { Invoke-Httpx "$base/redirect-to?url=file%3A%2F%2F%2Fetc%2Fpasswd" -FollowRedirects -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.UnsupportedProtocol*' -ExpectedMessage "*'file:///etc/passwd', in the 'file:' scheme*"
        { Invoke-Httpx "$base/redirect-to?url=%23again" -FollowRedirects -MaxRedirects 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.TooManyRedirects*' -ExpectedMessage '*a redirect loop.'
        (Invoke-Httpx "$base/redirect-to?url=%2Fget&url=%2Fget" -FollowRedirects).Url.Path | Should -Be '/get'
    }

    It 'does not call one redirect back to the same URL a loop' {
        $e = $null
        Invoke-Httpx "$base/redirect-to?url=%23again" -FollowRedirects -MaxRedirects 0 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.TooManyRedirects*'
        $e[0].Exception.Message | Should -Not -BeLike '*loop*'
    }

    It 'keeps a backslash of a Location in the path, on the same host' {
        $r = Invoke-Httpx "$base/redirect-to?url=%2F%5Cevil.example" -FollowRedirects
        $r.Url.Host | Should -Be '127.0.0.1'
        $r.Url.Path | Should -Be '/\evil.example'
    }

    It 'follows with -FollowRedirects and keeps every hop in History' {
        $r = Invoke-Httpx "$base/redirect/3" -FollowRedirects
        $r.StatusCode | Should -Be 200
        $r.History.StatusCode | Should -Be @(302, 302, 302)
        $r.History.Url.Path | Should -Be @('/redirect/3', '/redirect/2', '/redirect/1')
    }

    It 'raises TooManyRedirects beyond -MaxRedirects, with or without a client' {
        { Invoke-Httpx "$base/redirect/5" -FollowRedirects -MaxRedirects 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.TooManyRedirects*' -ExpectedMessage "Exceeded the maximum of 2 redirects (the next, not sent: GET $base/redirect/2)."
        $c = New-HttpxClient -FollowRedirects
        { Invoke-Httpx "$base/redirect/5" -Client $c -MaxRedirects 1 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.TooManyRedirects*'
        Close-HttpxClient $c
    }

    It 'refuses -MaxRedirects without -FollowRedirects, which it would not limit' {
        { Invoke-Httpx "$base/redirect/1" -MaxRedirects 3 -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*'
        (Invoke-Httpx "$base/redirect/1" -MaxRedirects 3 -FollowRedirects).StatusCode | Should -Be 200
    }

    It 'takes Invoke-WebRequest''s -MaximumRedirection as -MaxRedirects, and says to leave out its 0' {
        (Invoke-Httpx "$base/redirect/2" -MaximumRedirection 5 -FollowRedirects).StatusCode | Should -Be 200
        { Invoke-Httpx "$base/redirect/1" -MaximumRedirection 5 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-MaxRedirects 5*add -FollowRedirects*'
        { Invoke-Httpx "$base/redirect/1" -MaximumRedirection 0 -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*leave it out to get the 3xx response itself (Invoke-WebRequest's -MaximumRedirection 0)*"
    }

    It 'refuses https to http unless -AllowInsecureRedirect' {
        $to = "$https/redirect-to?url=" + [uri]::EscapeDataString("$base/get")
        { Invoke-Httpx $to -FollowRedirects -Verify $ca -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InsecureRedirect*'
        (Invoke-Httpx $to -FollowRedirects -Verify $ca -AllowInsecureRedirect).Url.Scheme | Should -Be 'http'
    }

    It 'keeps Authorization on the same origin and drops it for another' {
        $h = @{ Authorization = 'Bearer s3cret' }
        (Invoke-Httpx "$base/redirect-to?url=/anything" -FollowRedirects -Headers $h -As Json).headers.Authorization | Should -Be 'Bearer s3cret'
        $other = $base.Replace('127.0.0.1', 'localhost')
        $away = Invoke-Httpx ("$base/redirect-to?url=" + [uri]::EscapeDataString("$other/anything")) -FollowRedirects -Headers $h -As Json
        $away.headers.Authorization | Should -BeNullOrEmpty
    }

    It 'shows each hop with -Verbose as it was sent, and the hops before a failure' {
        $verbose = Invoke-Httpx "$base/digest-auth/auth/u/p/MD5" -Auth (New-HttpxAuth -Digest -UserName u -Password p) -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        # The digest flow's first request went out without Authorization; the second, after the 401, with it.
        $first = 0..($verbose.Count - 1) | Where-Object { $verbose[$_] -like '> GET /digest-auth/*' } | Select-Object -First 1
        $challenge = $verbose.IndexOf('< HTTP/1.1 401 Unauthorized')
        $first | Should -Not -BeNullOrEmpty
        $challenge | Should -BeGreaterThan $first
        @($verbose[$first..$challenge] -like '> Authorization:*') | Should -HaveCount 0
        $verbose[$challenge..($verbose.Count - 1)] | Should -Contain '> Authorization: [secure]'
        $verbose[$first + 1] | Should -Be "> Host: $(([uri]$base).Authority)"

        # The 302 before the connection failure is shown, then the connect of the hop that got no answer: its request
        # never went out (refused), so it has no request head, as httpx -v and curl -v show it.
        $verbose = Invoke-Httpx "$base/redirect-to?url=http://127.0.0.1:1/x" -FollowRedirects -Verbose -ErrorVariable failure -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        $verbose | Should -Contain '< HTTP/1.1 302 Found'
        @($verbose -like '> GET *') | Should -Be '> GET /redirect-to?url=http://127.0.0.1:1/x HTTP/1.1'
        $verbose[-1] | Should -Be "* Connecting to '127.0.0.1'"
    }

    It 'masks the password of a URL in a Location header in its views and text, as -Verbose does' {
        $to = [uri]::EscapeDataString(($base -replace '//', '//ops:l0cation-s3cret@') + '/get')
        $r = Invoke-Httpx "$base/redirect-to?url=$to"
        # (The response's own Url holds that URL as a query value, as the user gave it: only the headers are looked at.)
        $listed = $r | Format-List | Out-String -Width 250 -Stream | Where-Object { $_ -like 'Headers *' }
        $shown = ($r.Headers | Out-String -Width 250) + $listed + "$($r.Headers)" + $r.Headers.ToString()
        $shown | Should -Not -Match 'l0cation-s3cret'
        $shown | Should -Match ([regex]::Escape("Location: $($base -replace '//', '//ops:[secure]@')/get"))
        $r.Headers.Location | Should -Be "$($base -replace '//', '//ops:l0cation-s3cret@')/get"
    }
}

Describe '-Proxy' {
    It 'sends through squid, which adds its Via header' {
        (Invoke-Httpx "$base/get" -Proxy $squid -As Json).headers.Via | Should -Match 'squid'
        (Invoke-Httpx "$base/get" -As Json).headers.Via | Should -BeNullOrEmpty
    }

    It 'tunnels https through the proxy' {
        (Invoke-Httpx "$https/get" -Proxy $squid -Verify $ca).StatusCode | Should -Be 200
    }

    It 'authenticates with credentials in the proxy URL of a client' {
        $c = New-HttpxClient -Proxy ($squidAuth -replace '://', '://proxyuser:proxypass@')
        (Invoke-Httpx "$base/get" -Client $c -As Json).headers.Via | Should -Match 'squid'
        Close-HttpxClient $c
    }

    It 'raises ProxyError for a wrong password and never shows it' {
        $wrong = $squidAuth -replace '://', '://proxyuser:wrong-s3cret@'
        Invoke-Httpx "$base/get" -Proxy $wrong -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ProxyError,*'
        $failure[0].Exception.Message | Should -Match '407'
        $failure[0].Exception.Message | Should -Match ([regex]::Escape(([uri]$squidAuth).Authority))
        "$($failure[0])" | Should -Not -Match 'wrong-s3cret'
    }

    It 'says that the proxy refused when it is down, naming it without its password' {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        Invoke-Httpx "$base/get" -Proxy "http://user:down-s3cret@127.0.0.1:$port" -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        $failure[0].Exception.Message | Should -BeLike "Connection refused by proxy http://user:``[secure``]@127.0.0.1:$port (GET $base/get)"
        "$($failure[0])" | Should -Not -Match 'down-s3cret'
    }

    It 'times the set-up of a CONNECT tunnel by the connect limit, and says the proxy took the connection' {
        # A proxy that accepts and never answers the CONNECT: a ConnectTimeout after the connect limit, not a
        # ReadTimeout "waiting for the response" from a server nothing had reached.
        # The next call through it is timed by its own limit as well, not held behind the tunnel the first gave up on.
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(4); $port = $listener.LocalEndpoint.Port
        try {
            foreach ($connect in 0.3, 0.4) {
                Invoke-Httpx https://example.com/ -Proxy "http://user:hung-s3cret@127.0.0.1:$port" -Timeout @{ Connect = $connect; Read = 30 } -ErrorVariable failure -ErrorAction SilentlyContinue
                $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectTimeout,*'
                $failure[0].Exception.Message | Should -BeLike "Timed out after $connect s setting up the connection to example.com:443 through proxy http://user:``[secure``]@127.0.0.1:$port*the CONNECT tunnel or the TLS handshake with the server did not complete (GET https://example.com/)"
                "$($failure[0])" | Should -Not -Match 'hung-s3cret'
            }
        }
        finally { $listener.Stop() }
    }

    It 'gives every call through a hung proxy the same ConnectTimeout when the read limit is the shorter' {
        # The handler tries the given-up tunnel again for nobody and the next call waits for that attempt: it was timed
        # by its read limit, a ReadTimeout on the second or third call where the first got a ConnectTimeout.
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(16); $port = $listener.LocalEndpoint.Port
        try {
            $ids = foreach ($i in 1..4) {
                Invoke-Httpx https://example.com/ -Proxy "http://127.0.0.1:$port" -Timeout @{ Connect = 1; Read = 0.3 } -ErrorVariable failure -ErrorAction SilentlyContinue
                $failure[0].FullyQualifiedErrorId
            }
            $ids | Should -Be @(1..4 | ForEach-Object { 'Httpx.ConnectTimeout,Httpx.PowerShell.Commands.InvokeHttpxCommand' })
        }
        finally { $listener.Stop() }
    }

    It 'retries the set-up of a tunnel through a hung proxy on every call, on the call that takes over a given-up one too' {
        # The handler's attempt again for a call that gave up is taken over by the next call: counted as no attempt of
        # that call, it was not retried ("did not complete" after 1 attempt where the calls around it made 2).
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(32); $port = $listener.LocalEndpoint.Port
        $client = New-HttpxClient -Transport (New-HttpxTransport -Retries 1 -Proxy "http://127.0.0.1:$port") -Timeout @{ Connect = 0.3; Read = 30 } -NoTrustEnv
        try {
            $messages = foreach ($i in 1..4) {
                Invoke-Httpx https://example.com/ -Client $client -ErrorVariable failure -ErrorAction SilentlyContinue
                $failure[0].Exception.Message
            }
            $messages | Should -HaveCount 4
            foreach ($message in $messages) { $message | Should -BeLike '*did not complete, after 2 attempts (GET https://example.com/)' }
        }
        finally { Close-HttpxClient $client; $listener.Stop() }
    }
}
