# Pester 5 tests of Set-HttpxProxy and Get-HttpxProxy; the same behaviours as
# tests/Httpx.PowerShell.Tests/ProxyCmdletTests.cs. Needs the loopback proxies of .ci/start-proxies: squid open on 3128
# and with Basic auth (proxyuser/proxypass) on 3129, dante SOCKS5 on 1080.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
    $script:squid = 'http://127.0.0.1:3128'
    $script:squidAuth = 'http://proxyuser:proxypass@127.0.0.1:3129'
    $script:socks5 = 'socks5://127.0.0.1:1080'

    function script:Test-ViaSquid([object] $Json) { "$($Json.headers.Via)" -like '*squid*' }
}

AfterAll {
    Set-HttpxProxy -Clear
    Stop-HttpxTestServer $script:Server
}

Describe 'The environment''s proxy variables' {
    BeforeEach {
        # Each test starts with no proxy variable set and gives the session its own back. Removed, not set to $null:
        # PowerShell passes $null to a string argument as '', and an empty REQUEST_METHOD still turns HTTP_PROXY off.
        $script:sessionProxyVariables = @{}
        foreach ($name in [Httpx.EnvironmentProxies]::UsualVariables) {
            $script:sessionProxyVariables[$name] = [Environment]::GetEnvironmentVariable($name)
            Remove-Item "env:$name" -ErrorAction Ignore
        }
    }

    AfterEach {
        foreach ($name in $script:sessionProxyVariables.Keys) {
            $value = $script:sessionProxyVariables[$name]
            if ($null -eq $value) { Remove-Item "env:$name" -ErrorAction Ignore } else { Set-Item "env:$name" $value }
        }
    }

    It 'apply to the calls made after they are set in the session, through squid' {
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        $env:HTTP_PROXY = $squid
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeTrue
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json -NoTrustEnv) | Should -BeFalse
        $env:HTTP_PROXY = $null
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
    }

    It 'name the variable in the error of a proxy that is down, password masked' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $env:HTTPS_PROXY = "http://user:env-secret@127.0.0.1:$port"
        Invoke-Httpx https://127.0.0.1:9/x -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        $failed[0].Exception.Message | Should -Be "Connection refused by proxy http://user:[secure]@127.0.0.1:$port (from the environment variable HTTPS_PROXY) (GET https://127.0.0.1:9/x)"
        "$($failed[0])" | Should -Not -BeLike '*env-secret*'
    }

    It 'let an empty lowercase variable set in the session turn the uppercase one off, as urllib reads them' {
        $env:HTTP_PROXY = $squid
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeTrue
        $env:http_proxy = ''
        (Get-HttpxProxy -Uri "$base/get").IsDirect | Should -BeTrue
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
    }

    It 'take NO_PROXY entries separated by spaces as well as commas, as curl did before 8.9' {
        $env:HTTP_PROXY = $squid
        $env:NO_PROXY = "example.org $(([uri]$base).Host)"
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        (Get-HttpxProxy -Uri 'http://www.example.org/').Reason | Should -Be "NO_PROXY match 'example.org'"
        (Get-HttpxProxy -Uri 'http://example.com/').Proxy | Should -Be $squid
    }

    It 'match an IPv6 NO_PROXY entry however the address is written' {
        $env:HTTP_PROXY = $squid
        $env:NO_PROXY = '0:0:0:0:0:0:0:1'
        (Get-HttpxProxy -Uri 'http://[::1]:8080/').Reason | Should -Be "NO_PROXY match '0:0:0:0:0:0:0:1'"
        (Get-HttpxProxy -Uri 'http://[::2]/').Proxy | Should -Be $squid
    }

    It 'match an IPv6 NO_PROXY entry with a zone on that zone only' {
        $env:HTTP_PROXY = $squid
        $env:NO_PROXY = 'fe80::1%eth0'
        (Get-HttpxProxy -Uri 'http://[fe80::1%25eth0]:8080/').Reason | Should -Be "NO_PROXY match 'fe80::1%eth0'"
        (Get-HttpxProxy -Uri 'http://[fe80::1%25eth1]/').Proxy | Should -Be $squid
        (Get-HttpxProxy -Uri 'http://[fe80::1]/').Proxy | Should -Be $squid
    }

    It 'match a NO_PROXY domain with or without a trailing dot on either side' {
        $env:HTTP_PROXY = $squid
        $env:NO_PROXY = 'example.org.'
        (Get-HttpxProxy -Uri 'http://www.example.org/').Reason | Should -Be "NO_PROXY match 'example.org.'"
        $env:NO_PROXY = 'example.org'
        (Get-HttpxProxy -Uri 'http://example.org./').Reason | Should -Be "NO_PROXY match 'example.org'"
        (Get-HttpxProxy -Uri 'http://example.com./').Proxy | Should -Be $squid
    }

    It 'use a proxy URL with a path at its address, as curl, Python and Go do' {
        $env:HTTP_PROXY = "$squid/some/path?x=1"
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeTrue
        (Get-HttpxProxy -Uri "$base/get").Proxy | Should -Be $squid
    }

    It 'match an international NO_PROXY name in its unicode or punycode spelling' {
        $env:HTTP_PROXY = $squid
        $env:NO_PROXY = 'localhost,bücher.example'
        (Get-HttpxProxy -Uri 'http://www.xn--bcher-kva.example/').Reason | Should -Be "NO_PROXY match 'bücher.example'"
        $env:NO_PROXY = 'localhost,xn--bcher-kva.example'
        (Get-HttpxProxy -Uri 'http://bücher.example/').Reason | Should -Be "NO_PROXY match 'xn--bcher-kva.example'"
        (Get-HttpxProxy -Uri 'http://bucher.example/').Proxy | Should -Be $squid
    }
}

Describe 'Windows'' system proxy (ProxyServer), as HTTPX reads it through Python''s getproxies_registry()' {
    # The parsing of the registry values, given here so that it runs on every OS (the registry itself only on Windows).
    It 'reads one address for all, per-protocol pairs, and socks as socks4 for both' {
        $routes = [Httpx.WindowsProxySettings]::From(1, 'proxy:3128')
        $routes.Pattern | Should -Be @('http://', 'https://')
        $routes.ProxyUrl | Should -Be @('http://proxy:3128', 'http://proxy:3128')
        $routes[0].Source | Should -Be 'Windows proxy setting ProxyServer'
        ([Httpx.WindowsProxySettings]::From(1, 'http=h:80;socks=s:1080')).ProxyUrl | Should -Be @('http://h:80', 'socks4://s:1080')
        [Httpx.WindowsProxySettings]::From(0, 'proxy:3128') | Should -BeNullOrEmpty
        [Httpx.WindowsProxySettings]::From(1, '') | Should -BeNullOrEmpty
    }

    It 'sends the hosts of the bypass list (ProxyOverride) direct, unlike HTTPX and as Python''s urllib' {
        $routes = [Httpx.WindowsProxySettings]::From(1, 'proxy:3128', '<local>; *.corp.example;10.*')
        $bypass = @($routes | Where-Object { $null -eq $_.ProxyUrl })
        $bypass.Pattern | Should -Be @('all://<local>', 'all://*.corp.example', 'all://10.*')
        $bypass.Source | Should -Be @('Windows proxy setting ProxyOverride', 'Windows proxy setting ProxyOverride', 'Windows proxy setting ProxyOverride')
        [Httpx.WindowsProxySettings]::From(0, 'proxy:3128', '<local>') | Should -BeNullOrEmpty
    }

    It 'is not read on Linux and macOS' -Skip:($IsWindows) {
        [Httpx.WindowsProxySettings]::FromCurrentUser() | Should -BeNullOrEmpty
    }
}

Describe 'The list of proxy schemes' {
    It 'refuses a change, so that no session-wide list of schemes can be broken by accident' {
        { [Httpx.Proxy]::Schemes[0] = 'ftp' } | Should -Throw
        [Httpx.Proxy]::Schemes[0] | Should -Be 'http'
        [Httpx.Proxy]::new('http://127.0.0.1:3128').Url.Scheme | Should -Be 'http'
        [Httpx.PowerShell.HttpMethodCompleter]::Methods | Should -BeNullOrEmpty
    }
}

Describe 'Set-HttpxProxy on the module default' {
    AfterEach {
        # The module default is session-wide: every test leaves it cleared.
        Set-HttpxProxy -Clear
    }

    It 'sends calls without -Client through squid until cleared' {
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        Set-HttpxProxy -Proxy $squid
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeTrue
        $routes = @(Get-HttpxProxy)
        $routes.Count | Should -Be 1
        $routes[0].Pattern | Should -Be 'all://'
        $routes[0].Proxy | Should -Be $squid
        $routes[0].Source | Should -Be 'Set-HttpxProxy'
        Set-HttpxProxy -Clear
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
    }

    It 'sends a pattern routed to $null direct, and Get-HttpxProxy -Uri says so' {
        $hostName = ([uri]$base).Host
        Set-HttpxProxy -Routes @{ 'all://' = $squid; "all://$hostName" = $null }
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        $route = Get-HttpxProxy -Uri "$base/get"
        $route.IsDirect | Should -BeTrue
        $route.Pattern | Should -Be "all://$hostName"
        $route.Reason | Should -Be "Set-HttpxProxy pattern 'all://$hostName' is set to no proxy"
        ([pscustomobject]@{ Url = 'http://example.com/x' } | Get-HttpxProxy).Proxy | Should -Be $squid
    }

    It 'sends a route to an empty string direct, as one to $null' {
        $hostName = ([uri]$base).Host
        function Set-Routes([string] $InternalProxy) { Set-HttpxProxy -Routes @{ 'all://' = $squid; "all://$hostName" = $InternalProxy } }
        Set-Routes
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        (Get-HttpxProxy -Uri "$base/get").IsDirect | Should -BeTrue
        $client = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = $squid; "all://$hostName" = ' ' }
        try {
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeFalse
            (Get-HttpxProxy -Client $client -Uri "$base/get").IsDirect | Should -BeTrue
        }
        finally { Close-HttpxClient $client }
    }

    It 'does not reach clients made by New-HttpxClient' {
        Set-HttpxProxy -Proxy $squid
        $client = New-HttpxClient -NoTrustEnv
        try {
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeFalse
            @(Get-HttpxProxy -Client $client).Count | Should -Be 0
            (Get-HttpxProxy -Uri "$base/get" -Client $client).IsDirect | Should -BeTrue
        }
        finally { Close-HttpxClient $client }
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeTrue
    }

    It 'never shows the proxy password in output, verbose output or errors' {
        $out = Set-HttpxProxy -Proxy $squidAuth -PassThru -Verbose 4>&1
        $out += Get-HttpxProxy
        $out += Get-HttpxProxy -Uri "$base/get"
        $json = Invoke-Httpx "$base/get" -As Json -Verbose 4>&1 | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        Test-ViaSquid $json | Should -BeTrue
        Set-HttpxProxy -Proxy 'http://proxyuser:wrongproxypass@127.0.0.1:3129'
        $out += Invoke-Httpx "$base/get" -RaiseForStatus -Verbose -ErrorVariable +failures -ErrorAction SilentlyContinue 4>&1
        $out += Invoke-Httpx "$https/get" -Verify $ca -Verbose -ErrorVariable +failures -ErrorAction SilentlyContinue 4>&1
        $failures.Count | Should -Be 2
        $text = ($out | Out-String) + ($failures | ForEach-Object { "$_ $($_.Exception) $($_.TargetObject)" } | Out-String)
        $text | Should -Not -Match 'proxypass'
        $text | Should -Match ([regex]::Escape('http://proxyuser:[secure]@127.0.0.1:3129'))
    }

    It 'removes one route with -Remove, keeps the others'' password, and leaves none after the last' {
        $hostName = ([uri]$base).Host
        Set-HttpxProxy -Routes @{ 'http://' = $squidAuth; "all://$hostName" = $null }
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        Set-HttpxProxy -Remove -Pattern "ALL://$hostName", 'all://nope' -ErrorVariable missing -ErrorAction SilentlyContinue
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json -RaiseForStatus) | Should -BeTrue
        $missing.Count | Should -Be 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ProxyRouteNotFound,*'
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].TargetObject | Should -Be 'all://nope'
        Get-HttpxProxy | Set-HttpxProxy -Remove
        @(Get-HttpxProxy).Count | Should -Be 0
        Test-ViaSquid (Invoke-Httpx "$base/get" -As Json) | Should -BeFalse
        Set-HttpxProxy -Clear
        { Set-HttpxProxy -Remove 'https://' -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ProxyRouteNotFound,*'
    }

    It 'removes piped routes without -Client from where they were listed: a client, or the module default' {
        Set-HttpxProxy -Routes @{ 'all://' = $squid; 'https://' = $squid }
        $a = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = $squid; 'http://' = $squid }
        $b = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = $squid }
        $closed = New-HttpxClient -NoTrustEnv -Proxy $squid
        try {
            $fromClosed = @(Get-HttpxProxy -Client $closed); Close-HttpxClient $closed
            @(Get-HttpxProxy -Client $a | Where-Object Pattern -eq 'all://') + $fromClosed + @(Get-HttpxProxy -Client $b) |
                Set-HttpxProxy -Remove -ErrorVariable failed -ErrorAction SilentlyContinue
            @(Get-HttpxProxy -Client $a).Pattern | Should -Be 'http://'
            @(Get-HttpxProxy -Client $b).Count | Should -Be 0
            @(Get-HttpxProxy).Count | Should -Be 2
            # A closed client's route is an error of its own; the others are still removed.
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ClientClosed,*'
            $failed[0].TargetObject | Should -Be $closed

            Get-HttpxProxy | Where-Object Pattern -eq 'https://' | Set-HttpxProxy -Remove
            @(Get-HttpxProxy).Pattern | Should -Be 'all://'
            @(Get-HttpxProxy -Client $a).Count | Should -Be 1
            Set-HttpxProxy -Client $a -Routes @{ 'https://' = $squid } -PassThru | Set-HttpxProxy -Remove
            @(Get-HttpxProxy -Client $a).Count | Should -Be 0
            @(Get-HttpxProxy).Count | Should -Be 1
            { Set-HttpxProxy -Client $null -Remove 'all://' } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*'
        }
        finally { $a, $b | Close-HttpxClient }
    }

    It 'changes nothing for a piped $null client or for routes piped to -Proxy, -Routes or -Clear: an error each' {
        Set-HttpxProxy -Proxy 'http://default.example:3128'
        $c = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://' = 'http://a.example:3128'; 'https://' = $null }
        try {
            $null | Set-HttpxProxy -Proxy 'http://nullpiped.example:3128' -ErrorVariable +failed -ErrorAction SilentlyContinue
            @($null) | Set-HttpxProxy -Clear -ErrorVariable +failed -ErrorAction SilentlyContinue
            $null | Set-HttpxProxy -Remove -Pattern 'all://' -ErrorVariable +failed -ErrorAction SilentlyContinue
            $routes = @(Get-HttpxProxy -Client $c | Set-HttpxProxy -Proxy 'http://twice.example:3128' -PassThru -ErrorVariable +failed -ErrorAction SilentlyContinue)
            @(Get-HttpxProxy).Proxy | Should -Be 'http://default.example:3128'
            $routes.Count | Should -Be 0
            @(Get-HttpxProxy -Client $c).Count | Should -Be 2
            $failed.Count | Should -Be 5
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
        }
        finally { Close-HttpxClient $c; Set-HttpxProxy -Clear }
    }

    It 'takes an Httpx.Url as -Proxy with its password (its text masks it)' {
        $good = [Httpx.Url]::new($squidAuth)
        (Invoke-Httpx "$base/get" -Proxy $good -NoTrustEnv -RaiseForStatus).StatusCode | Should -Be 200
        $wrong = [Httpx.Url]::new($squidAuth.Replace('proxypass', 'wrongpass'))
        { Invoke-Httpx "$base/get" -Proxy $wrong -NoTrustEnv -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.ProxyError,*'
    }

    It 'says with -Verbose which proxy each call goes through, password masked, and nothing when direct' {
        $verbose = Invoke-Httpx "$base/get" -Proxy $squidAuth -RaiseForStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $client = New-HttpxClient -Proxy $squid
        try { $verbose += Invoke-Httpx "$base/get" -Client $client -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } }
        finally { Close-HttpxClient $client }
        Set-HttpxProxy -Proxy $squidAuth
        $verbose += Invoke-Httpx "$base/get" -RaiseForStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        Set-HttpxProxy -Clear
        $saved = $env:HTTP_PROXY
        $env:HTTP_PROXY = 'http://envuser:proxypass@127.0.0.1:1'
        try { $verbose += Invoke-Httpx "$base/get" -Verbose -ErrorAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } }
        finally { $env:HTTP_PROXY = $saved }
        $verbose += Invoke-Httpx "$base/get" -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose.Message -like '`* Proxy:*') | Should -Be @(
            '* Proxy: http://proxyuser:[secure]@127.0.0.1:3129'
            '* Proxy: http://127.0.0.1:3128'
            '* Proxy: http://proxyuser:[secure]@127.0.0.1:3129'
            '* Proxy: http://envuser:[secure]@127.0.0.1:1'
        )
        # The environment's proxy refused the connect: that call shows where it connected, and no request head.
        @($verbose.Message -like '> GET *').Count | Should -Be 4
        $verbose.Message | Should -Not -Contain "* Connected to '127.0.0.1' on port 1"
        ($verbose.Message -join "`n") | Should -Not -Match 'proxypass'
    }

    It 'shows with -Verbose the connect to the proxy and, through a CONNECT tunnel, the server''s TLS handshake (VerboseConnectionTests)' {
        $c = New-HttpxClient -Proxy $squidAuth -Verify $ca
        try {
            $lines = @(Invoke-Httpx "$https/get" -Client $c -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $lines[0..2] | Should -Be @('* Proxy: http://proxyuser:[secure]@127.0.0.1:3129', "* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port 3129")
            $lines[3] | Should -BeLike '`* SSL established using *'
            $lines[7] | Should -Be "*     commonName: 'localhost'"
            $lines | Should -Contain '> GET /get HTTP/1.1'
            ($lines -join "`n") | Should -Not -Match 'proxypass'
        }
        finally { Close-HttpxClient $c }
    }

    It 'shows with -Verbose the connect to a SOCKS proxy that refuses the connection, and no request head (VerboseConnectionTests)' {
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $lines = @(Invoke-Httpx "http://127.0.0.1:$port/get" -Proxy ($socks5 -replace '^socks5:', 'socks5h:') -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ProxyError,*'
        $lines | Should -Be @('* Proxy: socks5h://127.0.0.1:1080', "* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port 1080")
    }

    It 'shows with -Verbose the connect to a proxy that closes without answering the CONNECT, and no request head (VerboseConnectionTests)' {
        # dante's SOCKS port given as an http:// proxy reads the CONNECT as a SOCKS greeting and closes.
        $lines = @(Invoke-Httpx "$https/get" -Verify $ca -Proxy 'http://127.0.0.1:1080' -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        $failed[0].Exception.Message | Should -BeLike 'Proxy http://127.0.0.1:1080 closed the connection without answering the CONNECT to *'
        # The request never went out: no request head. One connect, as in curl and HTTPX: .NET's handler sent the
        # CONNECT again on new connections, and the request again, 16 connects in all.
        $lines | Should -Be @('* Proxy: http://127.0.0.1:1080', "* Connecting to '127.0.0.1'", "* Connected to '127.0.0.1' on port 1080")
    }

    It 'shows with -Verbose the absolute URL a forwarding proxy is sent, and the path through a tunnel' {
        $hostPort = ([uri]$base).Authority
        $verbose = @(
            Invoke-Httpx "http://user:urlsecret@$hostPort/get?a=1" -Proxy $squidAuth -RaiseForStatus -Verbose 4>&1
            Invoke-Httpx "$https/get?b=2" -Proxy $squidAuth -Verify $ca -RaiseForStatus -Verbose 4>&1
            Invoke-Httpx "$base/get?c=3" -Proxy 'socks5h://127.0.0.1:1080' -RaiseForStatus -Verbose 4>&1
        ) | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($verbose.Message -like '> GET *') | Should -Be @(
            "> GET http://$hostPort/get?a=1 HTTP/1.1"
            '> GET /get?b=2 HTTP/1.1'
            '> GET /get?c=3 HTTP/1.1'
        )
        ($verbose.Message -join "`n") | Should -Not -Match 'urlsecret|proxypass'
    }

    It 'lists with -Verbose the proxy headers and the masked Proxy-Authorization a forwarded request carries' {
        $client = New-HttpxClient -Proxy ([Httpx.Proxy]::new($squidAuth, $null, @{ 'X-Proxy-Tag' = 'ops' })) -NoTrustEnv
        try {
            $forwarded = Invoke-Httpx "$base/get" -Client $client -RaiseForStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        }
        finally { Close-HttpxClient $client }
        $tunnelled = Invoke-Httpx "$https/get" -Proxy $squidAuth -Verify $ca -RaiseForStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        @($forwarded.Message -like '> *')[-2..-1] | Should -Be @('> X-Proxy-Tag: ops', '> Proxy-Authorization: [secure]')
        @($tunnelled.Message -like '*Proxy-Authorization*').Count | Should -Be 0
        $base64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('proxyuser:proxypass'))
        (($forwarded + $tunnelled).Message -join "`n") | Should -Not -Match "proxypass|$([regex]::Escape($base64))"
    }

    It 'refuses a change to a proxy''s headers once it is made, and its client sends those it was made with' {
        $proxy = [Httpx.Proxy]::new($squidAuth, $null, @{ 'X-Proxy-Tag' = 'ops' })
        $client = New-HttpxClient -Proxy $proxy -NoTrustEnv
        try {
            $refused = try { $proxy.Headers['X-Proxy-Tag'] = 'changed' } catch { $_.Exception.GetBaseException() }
            $refused | Should -BeOfType [System.InvalidOperationException]
            $refused.Message | Should -BeLike 'The headers of proxy http://proxyuser:`[secure`]@* cannot be changed once it is made: make a new proxy with the headers you want*'
            $refused.Message | Should -Not -Match 'proxypass'
            $proxy.Headers.IsReadOnly | Should -BeTrue
            $forwarded = Invoke-Httpx "$base/get" -Client $client -RaiseForStatus -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            @($forwarded.Message -like '> X-Proxy-Tag: *') | Should -Be @('> X-Proxy-Tag: ops')
        }
        finally { Close-HttpxClient $client }
    }

    It 'shows with -Verbose no request head for an http:// request an HTTP/2-only client cannot forward' {
        $client = New-HttpxClient -Http2 -NoHttp1 -Proxy $squidAuth -NoTrustEnv
        try {
            $verbose = Invoke-Httpx "$base/get" -Client $client -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1
        }
        finally { Close-HttpxClient $client }
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        $failed[0].Exception.Message | Should -BeLike '*forwards an http:// request over HTTP/1.1, and HTTP/1.1 is switched off*'
        @($verbose.Message) | Should -Be @('* Proxy: http://proxyuser:[secure]@127.0.0.1:3129')
    }

    It 'says a proxy host that does not resolve is the proxy''s, password masked' {
        Invoke-Httpx "$base/get" -Proxy 'http://user:dns-secret@no-such-proxy.invalid:3128' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        $failed[0].Exception.Message | Should -BeLike "Could not resolve host 'no-such-proxy.invalid' of proxy http://user:``[secure``]@no-such-proxy.invalid:3128: *"
        "$($failed[0])" | Should -Not -Match 'dns-secret'
    }

    It 'names the proxy, not the server, when an http:// proxy URL names a SOCKS port that drops the request' {
        Invoke-Httpx "$base/get" -Proxy 'http://user:socks-slip@127.0.0.1:1080' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        $failed[0].Exception.Message | Should -BeLike "Proxy http://user:``[secure``]@127.0.0.1:1080 disconnected without sending a response to the request it was to forward (GET $base/get)"
        "$($failed[0])" | Should -Not -Match 'socks-slip'
    }

    It 'names the port a proxy URL without one went to (socks5:// is 1080, as in HTTPX and curl)' {
        # 'Proxy socks5://127.0.0.1 failed ...' left a user whose proxy listens on 9050 to guess the port tried.
        Invoke-Httpx 'https://127.0.0.1:9/x' -Proxy 'socks5://127.0.0.1' -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ProxyError,*'
        $failed[0].Exception.Message | Should -Be 'Proxy socks5://127.0.0.1 on its default port 1080 failed to open a tunnel to 127.0.0.1:9: could not connect: connection refused (SOCKS5 reply 0x05) (GET https://127.0.0.1:9/x)'
    }

    It 'refuses an invalid proxy with an error naming it, and changes nothing' {
        Set-HttpxProxy -Proxy $squid
        { Set-HttpxProxy -Proxy 'ftp://user:hunter2@proxy.example:21' } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand' -ExpectedMessage "*Unknown scheme 'ftp'*"
        try { Set-HttpxProxy -Routes @{ 'https://' = 'http://user:hunter2@proxy.example:notaport' } }
        catch {
            $_.TargetObject | Should -Be 'https://'
            "$($_.Exception.Message)" | Should -BeLike "Set-HttpxProxy pattern 'https://': *notaport*"
            "$($_.Exception.Message)" | Should -Not -Match 'hunter2'
        }
        { Set-HttpxProxy -Routes @{ 'https' = $squid } } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*'
        (Get-HttpxProxy).Proxy | Should -Be $squid
    }

    It 'refuses a route written as NO_PROXY writes a host, naming the pattern to write' {
        { Set-HttpxProxy -Routes @{ '*.corp.example' = $null } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*use "all://`*.corp.example"*'
        { Set-HttpxProxy -Routes @{ 'all://.corp.example' = $null } } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*"all://`*.corp.example" routes its subdomains, "all://`*corp.example" the domain and its subdomains*'
    }

    It 'masks a proxy password holding a slash or a hash in the target and message of every refusal, which says to encode it' {
        $bad = 'http://user:47531/hunter2@proxy.example:3128'
        $failures = @(
            { Invoke-Httpx "$base/get" -Proxy $bad -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            { Invoke-Httpx "$base/get" -Proxy 'http://user:s3cret/hunter2@proxy.example:3128' -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            { New-HttpxClient -Proxy 'http://user:47531#hunter2@proxy.example:3128' } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            { New-HttpxTransport -Proxy $bad } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            { Set-HttpxProxy -Proxy $bad -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        )
        $failures.TargetObject | ForEach-Object { $_ | Should -BeLike 'http://user:`[secure`]@proxy.example:3128*' }
        $failures.Exception.Message | ForEach-Object { $_ | Should -BeLike "*percent-encode a '/', '?' or '#' in the password (%2F, %3F, %23)*" }
        ($failures | ForEach-Object { "$_ $($_.Exception) $($_.TargetObject)" }) -join "`n" | Should -Not -Match 'hunter2|47531|s3cret'
    }

    It 'shows with -NoTrustEnv the route of calls that ignore the environment''s proxies' {
        $saved = $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy, $env:ALL_PROXY, $env:all_proxy
        $env:https_proxy = $null; $env:NO_PROXY = $null; $env:no_proxy = $null; $env:ALL_PROXY = $null; $env:all_proxy = $null
        $env:HTTPS_PROXY = 'http://envproxy.invalid:3128'
        try {
            (Get-HttpxProxy -Uri 'https://api.example/').Proxy | Should -Be 'http://envproxy.invalid:3128'
            (Get-HttpxProxy -Uri 'https://api.example/' -NoTrustEnv).IsDirect | Should -BeTrue
            { Get-HttpxProxy -Uri 'https://api.example/' -Client (New-HttpxClient) -NoTrustEnv } |
                Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.GetHttpxProxyCommand'
        }
        finally { $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy, $env:ALL_PROXY, $env:all_proxy = $saved }
    }

    It 'makes the variable''s name the target of an invalid environment proxy''s error, on every cmdlet' {
        $saved = $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy
        $env:https_proxy = $null; $env:no_proxy = $null
        try {
            $env:HTTPS_PROXY = 'ftp://user:hunter2@proxy.example:21'
            $failures = @(
                { Invoke-Httpx "$https/get" -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
                { New-HttpxRequest "$https/get" | Invoke-Httpx -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
                { New-HttpxClient } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
                { Get-HttpxProxy } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
                { Set-HttpxProxy -Clear -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            )
            $env:HTTPS_PROXY = $null
            $env:NO_PROXY = '10.0.0.0/99'
            $failures += { Get-HttpxProxy -Uri "$base/get" } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            # A URL-pattern entry with credentials is refused without quoting its password.
            $env:NO_PROXY = 'localhost,http://user:hunter2@internal.example'
            $failures += { Invoke-Httpx "$base/get" -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            # A password holding an unencoded '/' is refused, not taken as the host "user" on port 47531.
            $env:NO_PROXY = $null
            $env:HTTPS_PROXY = 'http://user:47531/hunter2@proxy.example:3128'
            $failures += { Get-HttpxProxy -Uri "$https/get" } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
        }
        finally { $env:HTTPS_PROXY, $env:https_proxy, $env:NO_PROXY, $env:no_proxy = $saved }
        $failures.TargetObject | Should -Be @('HTTPS_PROXY', 'HTTPS_PROXY', 'HTTPS_PROXY', 'HTTPS_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'NO_PROXY', 'HTTPS_PROXY')
        ($failures | ForEach-Object { "$_ $($_.Exception) $($_.TargetObject)" }) -join "`n" | Should -Not -Match 'hunter2|47531'
    }

    It 'clears with an invalid environment proxy, then says the variable is invalid' {
        Set-HttpxProxy -Proxy $squid
        $saved = $env:HTTPS_PROXY
        $env:HTTPS_PROXY = 'ftp://user:hunter2@proxy.example:21'
        try {
            { Set-HttpxProxy -Clear -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.SetHttpxProxyCommand' -ExpectedMessage "*HTTPS_PROXY*'ftp://user:``[secure``]@proxy.example:21'*"
        }
        finally { $env:HTTPS_PROXY = $saved }
        (Get-HttpxProxy -Uri "$base/get").IsDirect | Should -BeTrue
    }

    It 'refuses a hashtable where one proxy URL goes, naming where routes go' {
        $routes = @{ 'all://' = $squid }
        { Set-HttpxProxy $routes } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*Set-HttpxProxy -Routes*'
        { Invoke-Httpx "$base/get" -Proxy $routes } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*not a hashtable*'
    }

    It 'refuses an Httpx.Proxy object where one proxy URL goes, naming where it goes, password masked' {
        $proxy = [Httpx.Proxy]::new($squidAuth, $null, @{ 'X-Proxy-Tag' = 'ops' })
        { Invoke-Httpx "$base/get" -Proxy $proxy } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage '*not an Httpx.Proxy object (http://proxyuser:`[secure`]@127.0.0.1:3129)*New-HttpxClient -Proxy*'
        { New-HttpxTransport -Proxy $proxy } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }

    It 'refuses a .NET WebProxy where one proxy URL goes, saying to give its address, password masked' {
        $web = [System.Net.WebProxy]::new('http://ops:hunter2@proxy.internal:3128')
        $failure = { Invoke-Httpx "$base/get" -Proxy $web } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -PassThru
        $failure.Exception.Message | Should -BeLike "*not a System.Net.WebProxy: give its address ('http://ops:``[secure``]@proxy.internal:3128*"
        "$failure $($failure.Exception)" | Should -Not -Match 'hunter2'
        { Set-HttpxProxy -Proxy $web } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }
}

Describe 'Set-HttpxProxy -Client' {
    It 'changes and clears the routes of a client' {
        $client = New-HttpxClient -NoTrustEnv
        try {
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeFalse
            $set = Set-HttpxProxy -Client $client -Proxy $squid -PassThru
            $set.Pattern | Should -Be 'all://'
            $set.Source | Should -Be 'Set-HttpxProxy'
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeTrue

            Set-HttpxProxy -Client $client -Routes @{ 'http://' = $socks5; 'https://' = $squid }
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeFalse
            (Get-HttpxProxy -Uri "$base/get" -Client $client).Proxy | Should -Be $socks5

            Set-HttpxProxy -Client $client -Clear
            @(Get-HttpxProxy -Client $client).Count | Should -Be 0
            (Get-HttpxProxy -Uri "$base/get" -Client $client).Reason | Should -Be 'no proxy configured'
        }
        finally { Close-HttpxClient $client }
    }

    It 'shows a route''s reason at 80 columns, its proxy password masked' {
        $client = New-HttpxClient -NoTrustEnv -Proxy @{ 'https://' = 'http://user:route-secret@proxy.corp.example:3128'; 'all://*.internal.example' = $null }
        try {
            $text = 'https://api.example.com/v1/items', 'https://build.internal.example/x' | Get-HttpxProxy -Client $client | Out-String -Width 80
            $text | Should -Match "(?m)^Reason +: Proxy pattern 'https://'\s*$"
            $text | Should -Match "(?m)^Proxy +: direct\s*\nReason +: Proxy pattern 'all://\*\.internal\.example' is set to no proxy\s*$"
            $text | Should -Match '(?m)^Proxy +: http://user:\[secure\]@proxy\.corp\.example:3128\s*$'
            $text | Should -Not -Match 'route-secret'
        }
        finally { Close-HttpxClient $client }
    }

    It 'shows the routes'' source and direct ones at 80 columns, the proxy password masked' {
        # Without widths the Source column was dropped at 80 columns and a direct route's Proxy was empty; the
        # client's ProxyMounts (no view) dropped Source too.
        $client = New-HttpxClient -NoTrustEnv -Proxy @{ 'https://' = 'http://ops:route-secret@proxy.corp:3128'; 'all://*.internal.example' = $null }
        try {
            $env = [Httpx.ProxyMount]::new([Httpx.UrlPattern]::new('all://localhost'), $null, 'reason', 'environment variable NO_PROXY')
            $text = (Get-HttpxProxy -Client $client), $client.ProxyMounts, $env | Out-String -Width 80
            $text | Should -Not -Match 'route-secret'
            $lines = $text -split "`n" | Where-Object { $_.Trim() } | ForEach-Object { $_.TrimEnd() }
            $lines | Should -Be @(
                'Pattern                  Source           Proxy'
                '-------                  ------           -----'
                'all://*.internal.example Proxy option     direct'
                'https://                 Proxy option     http://ops:[secure]@proxy.corp:3128'
                'all://*.internal.example Proxy option     direct'
                'https://                 Proxy option     http://ops:[secure]@proxy.corp:3128'
                'all://localhost          $env:NO_PROXY    direct'
            )
        }
        finally { Close-HttpxClient $client }
    }

    It 'removes one route of a client with -Remove and keeps the others with their password' {
        $hostName = ([uri]$base).Host
        $client = New-HttpxClient -NoTrustEnv -Verify $ca -Proxy @{ 'https://' = $squidAuth; 'all://' = $squid; "all://$hostName" = $null }
        try {
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeFalse
            $routes = Set-HttpxProxy -Client $client -Remove "all://$hostName", 'all://nope', 'https' -PassThru -ErrorVariable bad -ErrorAction SilentlyContinue
            ($routes | ForEach-Object { "$($_.Pattern)=$($_.Proxy)" }) | Should -Be @('https://=http://proxyuser:[secure]@127.0.0.1:3129', "all://=$squid")
            $bad.Count | Should -Be 2
            $bad[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ProxyRouteNotFound,*'
            $bad[0].TargetObject | Should -Be 'all://nope'
            $bad[1].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument,*'
            Test-ViaSquid (Invoke-Httpx "$base/get" -Client $client -As Json) | Should -BeTrue
            (Invoke-Httpx "$https/get" -Client $client -RaiseForStatus).StatusCode | Should -Be 200
            Set-HttpxProxy -Client $client -Remove 'https://' -WhatIf
            @(Get-HttpxProxy -Client $client).Count | Should -Be 2
            Get-HttpxProxy -Client $client | Set-HttpxProxy -Client $client -Remove
            (Get-HttpxProxy -Uri "$base/get" -Client $client).IsDirect | Should -BeTrue
        }
        finally { Close-HttpxClient $client }
    }

    It 'removes the route of a URL, piped from Get-HttpxProxy -Uri, from the client that routed it' {
        $client = New-HttpxClient -NoTrustEnv -Proxy @{ 'all://*.internal' = $null; 'all://' = $squid }
        try {
            Get-HttpxProxy -Uri 'https://db.internal/' -Client $client | Set-HttpxProxy -Remove
            @(Get-HttpxProxy -Client $client).Pattern | Should -Be 'all://'
            (Get-HttpxProxy -Uri 'https://example.com/' -Client $client).Client | Should -Be $client
        }
        finally { Close-HttpxClient $client }
    }

    It 'lists the proxy a client was made with, redacted, and keeps its mounts' {
        $mock = New-HttpxMockTransport { New-HttpxResponse 204 }
        $client = New-HttpxClient -Proxy $squidAuth -Mounts @{ 'http://mocked.example' = $mock }
        try {
            $route = Get-HttpxProxy -Client $client
            $route.Proxy | Should -Be 'http://proxyuser:[secure]@127.0.0.1:3129'
            $route.Source | Should -Be 'Proxy option'
            Set-HttpxProxy -Client $client -Proxy $squid
            (Invoke-Httpx 'http://mocked.example/' -Client $client).StatusCode | Should -Be 204
        }
        finally { Close-HttpxClient $client }
    }

    It 'serves the hosts of an international wildcard pattern, and names the character IDNA refuses in one' {
        $client = New-HttpxClient -NoTrustEnv
        try {
            Set-HttpxProxy -Client $client -Routes @{ 'all://' = $squid; 'all://*.bücher.example' = $null }
            (Get-HttpxProxy -Client $client -Uri 'http://www.xn--bcher-kva.example/').Pattern | Should -Be 'all://*.bücher.example'
            (Get-HttpxProxy -Client $client -Uri 'http://bücher.example/').Pattern | Should -Be 'all://'
            $failure = { Set-HttpxProxy -Client $client -Routes @{ 'all://*.☃.example' = $null } } | Should -Throw -ErrorId 'Httpx.InvalidArgument*' -PassThru
            $failure.TargetObject | Should -Be 'all://*.☃.example'
            $failure.Exception.Message | Should -Be "Invalid IDNA hostname '☃.example': codepoint U+2603 at position 1 of '☃' not allowed in URL 'all://*.☃.example'"
        }
        finally { Close-HttpxClient $client }
        $mock = New-HttpxMockTransport { New-HttpxResponse 204 }
        $mounted = New-HttpxClient -NoTrustEnv -Mounts @{ 'all://*bücher.example' = $mock }
        try {
            (Invoke-Httpx 'http://BÜCHER.example/' -Client $mounted).StatusCode | Should -Be 204
            (Invoke-Httpx 'http://www.xn--bcher-kva.example/' -Client $mounted).StatusCode | Should -Be 204
        }
        finally { Close-HttpxClient $mounted }
    }

    It 'routes '''' as the client''s base URL, and names no -BaseUrl it lacks when there is none' {
        $client = New-HttpxClient -NoTrustEnv -BaseUrl $base -Proxy @{ 'http://' = $squid }
        try {
            (Get-HttpxProxy '' -Client $client).Url | Should -Be "$base/"
            { Get-HttpxProxy '' -NoTrustEnv -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.InvalidArgument,*' -ExpectedMessage '*or a path with a -Client made with -BaseUrl*'
            { Invoke-Httpx '' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*or a path with -BaseUrl.*'
            { Get-HttpxProxy /get -NoTrustEnv -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.UnsupportedProtocol,*' -ExpectedMessage "Request URL is missing an 'http://' or 'https://' protocol: '/get'. It is relative: join it to the URL it came from*"
            { Get-HttpxProxy ftp://x/ -NoTrustEnv -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.UnsupportedProtocol,*' -ExpectedMessage "Request URL has an unsupported protocol 'ftp://': 'ftp://x/'."
        }
        finally { Close-HttpxClient $client }
    }

    It 'answers every good URL of a pipeline and reports the bad one' {
        $client = New-HttpxClient -Proxy @{ 'https://' = $squid } -NoTrustEnv
        try {
            $routes = 'https://example.com', 'http://example.com:notaport', 'http://example.com' |
                Get-HttpxProxy -Client $client -ErrorVariable bad -ErrorAction SilentlyContinue
            $routes.IsDirect | Should -Be @($false, $true)
            $bad.Count | Should -Be 1
            $bad[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidURL,*'
        }
        finally { Close-HttpxClient $client }
    }

    It 'changes nothing with -WhatIf, and still refuses an invalid proxy' {
        $client = New-HttpxClient -NoTrustEnv
        Set-HttpxProxy -Client $client -Proxy $squid -WhatIf
        @(Get-HttpxProxy -Client $client).Count | Should -Be 0
        { Set-HttpxProxy -Client $client -Proxy 'ftp://proxy.example' -WhatIf } | Should -Throw -ErrorId 'Httpx.InvalidArgument,*'
        Close-HttpxClient $client
    }

    It 'takes clients from the pipeline, a closed one an error of its own' {
        $a = New-HttpxClient -NoTrustEnv; $b = New-HttpxClient -NoTrustEnv
        $closed = New-HttpxClient; Close-HttpxClient $closed
        try {
            $a, $closed, $b | Set-HttpxProxy -Proxy $squid -ErrorVariable failed -ErrorAction SilentlyContinue
            (Get-HttpxProxy -Client $a).Proxy | Should -Be $squid
            (Get-HttpxProxy -Client $b).Proxy | Should -Be $squid
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ClientClosed,*'
            @(Get-HttpxProxy -NoTrustEnv).Count | Should -Be 0
        }
        finally { $a, $b | Close-HttpxClient }
    }

    It 'refuses a closed client' {
        $client = New-HttpxClient
        Close-HttpxClient $client
        { Set-HttpxProxy -Client $client -Clear } | Should -Throw -ErrorId 'Httpx.ClientClosed,*'
        { Get-HttpxProxy -Client $client } | Should -Throw -ErrorId 'Httpx.ClientClosed,*'
        # Patterns piped with -Remove are not piped clients: the closed -Client stops the command.
        { [pscustomobject]@{ Pattern = 'all://' }, [pscustomobject]@{ Pattern = 'https://' } |
            Set-HttpxProxy -Remove -Client $client -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'Httpx.ClientClosed,*'
    }
}

Describe 'A proxy that cuts or holds a response' {
    It 'writes Httpx.ReadTimeout naming the proxy, password masked, when the answer does not come in time' {
        Invoke-Httpx "$base/delay/3000" -Proxy 'http://user:slow-secret@127.0.0.1:3128' -Timeout @{ Read = 0.5 } -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ReadTimeout,*'
        $failed[0].Exception.Message | Should -BeLike '*waiting for the response through proxy http://user:`[secure`]@127.0.0.1:3128 (GET*'
        "$($failed[0]) $($failed[0].Exception)" | Should -Not -Match 'slow-secret'
    }

    It 'writes an error naming the proxy, password masked, when the body breaks off' {
        # The raw server, as the proxy, answers the forwarded request itself and cuts the body.
        $raw = $Server.'raw-tcp'
        $proxy = $raw -replace '://', '://user:cut-secret@'
        Invoke-Httpx "$raw/truncated" -Proxy $proxy -Timeout 10 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        $failed[0].Exception.Message | Should -BeLike "*through proxy $($raw -replace '://', '://user:`[secure`]@'): received 10 bytes, expected 100*"
        "$($failed[0]) $($failed[0].Exception)" | Should -Not -Match 'cut-secret'
    }
}

Describe 'A proxy that misbehaves while it sets up a CONNECT tunnel' {
    BeforeAll {
        # A proxy that reads each request head (the CONNECT) and closes without a word.
        if (-not ('HttpxPester.SilentProxy' -as [type])) {
            Add-Type -TypeDefinition @'
namespace HttpxPester {
    public sealed class SilentProxy : System.IDisposable {
        private readonly System.Net.Sockets.TcpListener _listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        public SilentProxy() { _listener.Start(); Loop(); }
        public int Port { get { return ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port; } }
        private async void Loop() {
            while (true) {
                System.Net.Sockets.Socket s;
                try { s = await _listener.AcceptSocketAsync(); } catch (System.Exception) { return; }
                using (s) {
                    try {
                        var head = new System.Text.StringBuilder();
                        var buffer = new byte[4096];
                        while (!head.ToString().EndsWith("\r\n\r\n")) {
                            var n = await s.ReceiveAsync(new System.ArraySegment<byte>(buffer), System.Net.Sockets.SocketFlags.None);
                            if (n == 0) break;
                            head.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                        }
                        s.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                    } catch (System.Exception) { }
                }
            }
        }
        public void Dispose() { _listener.Stop(); }
    }
}
'@
        }
    }

    It 'writes Httpx.RemoteProtocolError naming the proxy, password masked, when it closes before answering' {
        $proxy = [HttpxPester.SilentProxy]::new()
        try {
            Invoke-Httpx https://127.0.0.1:9/x -Proxy "http://user:hunter2@127.0.0.1:$($proxy.Port)" -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
            $failed[0].CategoryInfo.Category | Should -Be 'ProtocolError'
            $failed[0].Exception.Message | Should -Be "Proxy http://user:[secure]@127.0.0.1:$($proxy.Port) closed the connection without answering the CONNECT to 127.0.0.1:9 (GET https://127.0.0.1:9/x)"
            "$($failed[0])" | Should -Not -BeLike '*hunter2*'
        }
        finally { $proxy.Dispose() }
    }
}
