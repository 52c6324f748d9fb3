# Pester 5 tests of what a user's own tests do with the module: Pester's Mock of Invoke-Httpx, New-HttpxClient,
# Close-HttpxClient and New-HttpxAuth inside a script module of theirs, and Should -Invoke -ParameterFilter on the values
# bound (the runspace half is InvokeHttpxTests.A_Timeout_equals_the_value_it_was_given_as_a_Pester_ParameterFilter_compares_it).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1') -Force
    # The user's module: a dynamic module, as a .psm1 of theirs would be, calling the cmdlets from its own scope.
    New-Module -Name OpsApi -ScriptBlock {
        function New-OpsItem {
            param([string] $Name, [string] $Token)
            $auth = New-HttpxAuth -Bearer -Token $Token
            Invoke-Httpx https://api.example.com/items -Method POST -Json @{ name = $Name } -Headers @{ 'X-Trace' = 'abc' } -Auth $auth -Timeout 5
        }
        function Get-OpsItem { param([string] $Id) Invoke-Httpx "https://api.example.com/items/$Id" -As Json -Timeout @{ Connect = 2; Read = 30 } }
        function Test-OpsHealth { param([string[]] $Urls) $Urls | Invoke-Httpx -ThrottleLimit 4 }
        function Test-OpsRows { param([object[]] $Rows) $Rows | Invoke-Httpx }
        function Get-OpsLog { Invoke-Httpx https://api.example.com/log -Stream Lines }
        function Save-OpsArtifact { param([string] $Path) Invoke-Httpx https://api.example.com/a.zip -OutFile $Path }
        function Send-OpsRaw { Invoke-Httpx https://api.example.com/raw -Method PUT -Body 'hello' -TimeoutSec 3 }
        function Invoke-OpsWithClient {
            $c = New-HttpxClient -BaseUrl https://api.example.com -Timeout 10
            try { Invoke-Httpx /x -Client $c } finally { Close-HttpxClient $c }
        }
        Export-ModuleMember -Function *
    } | Import-Module -Force
}

AfterAll {
    Remove-Module OpsApi -ErrorAction SilentlyContinue
}

Describe "Pester's Mock of the module's cmdlets" {
    It 'filters on -Uri, -Method, -Json, -Headers, -Auth and -Timeout 5 as passed (help: Invoke-Httpx example 12)' {
        Mock Invoke-Httpx -ModuleName OpsApi { New-HttpxResponse 201 -Json @{ id = 7 } }
        (New-OpsItem -Name widget -Token tok).Json().id | Should -Be 7
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter {
            $Uri -eq 'https://api.example.com/items' -and $Method -eq 'POST' -and $Json.name -eq 'widget' -and
            $Headers['X-Trace'] -eq 'abc' -and $Auth -is [Httpx.BearerAuth] -and $Timeout -eq 5
        }
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 0 -Exactly -ParameterFilter { $Timeout -eq 6 }
    }

    It 'compares a hashtable -Timeout by its keys and -As by name, and returns what -As Json would' {
        Mock Invoke-Httpx -ModuleName OpsApi { [pscustomobject]@{ id = 1; name = 'x' } }
        (Get-OpsItem -Id 1).name | Should -Be 'x'
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter {
            $As -eq 'Json' -and $Timeout -eq @{ Connect = 2; Read = 30 } -and $Timeout.Read -eq 30
        }
    }

    It 'binds piped URLs one call each, with -ThrottleLimit' {
        Mock Invoke-Httpx -ModuleName OpsApi { New-HttpxResponse 200 }
        @(Test-OpsHealth -Urls https://a.example/, https://b.example/, https://c.example/).Count | Should -Be 3
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 3 -Exactly
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $Uri -eq 'https://b.example/' -and $ThrottleLimit -eq 4 }
    }

    It 'binds a piped object with a Url property whole, as the cmdlet takes it' {
        Mock Invoke-Httpx -ModuleName OpsApi { New-HttpxResponse 200 }
        Test-OpsRows -Rows ([pscustomobject]@{ Url = 'https://a.example/'; Team = 'ops' })
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $Uri.Url -eq 'https://a.example/' }
    }

    It 'binds the aliases -OutFile, -Body and -TimeoutSec to their parameters' {
        Mock Invoke-Httpx -ModuleName OpsApi { }
        Save-OpsArtifact -Path (Join-Path $TestDrive 'a.zip')
        Send-OpsRaw
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $Download -eq (Join-Path $TestDrive 'a.zip') }
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $Content -eq 'hello' -and $Method -eq 'PUT' -and $Timeout -eq 3 }
    }

    It 'returns lines for -Stream Lines' {
        Mock Invoke-Httpx -ModuleName OpsApi { 'l1'; 'l2' }
        Get-OpsLog | Should -Be @('l1', 'l2')
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -ParameterFilter { $Stream -eq 'Lines' }
    }

    It 'mocks New-HttpxClient with a client over a mock transport, and Close-HttpxClient' {
        $mockClient = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $_.Url.Path })
        Mock New-HttpxClient -ModuleName OpsApi { $mockClient }
        Mock Close-HttpxClient -ModuleName OpsApi { }
        (Invoke-OpsWithClient).Text | Should -Be '/x'
        Should -Invoke New-HttpxClient -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $BaseUrl -eq 'https://api.example.com' -and $Timeout -eq 10 }
        Should -Invoke Close-HttpxClient -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $Client -eq $mockClient }
        Close-HttpxClient $mockClient
    }

    It 'mocks New-HttpxAuth and passes what it returns to -Auth' {
        Mock New-HttpxAuth -ModuleName OpsApi { New-HttpxAuth -UserName fake -Password fake }
        Mock Invoke-Httpx -ModuleName OpsApi { }
        New-OpsItem -Name w -Token tok
        Should -Invoke New-HttpxAuth -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { $Bearer -and $Token -eq 'tok' }
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 1 -Exactly -ParameterFilter { "$Auth" -like "BasicAuth(username='fake'*" }
    }

    It 'takes a one-item -Timeout list as the cmdlet does, and refuses a tuple with its message' {
        Mock Invoke-Httpx { }
        Invoke-Httpx https://x.example/ -Timeout @(5)
        Should -Invoke Invoke-Httpx -Times 1 -Exactly -ParameterFilter { $Timeout -eq 5 }
        { Invoke-Httpx https://x.example/ -Timeout 5, 30 } | Should -Throw '*Invalid timeout 5, 30: give one number of seconds*'
    }

    It 'refuses what the cmdlet refuses when binding: a misspelt -Timeout key, an -As that is no output' {
        Mock Invoke-Httpx { }
        { Invoke-Httpx https://x.example/ -Timeout @{ Conect = 3 } } | Should -Throw "*Unknown timeout 'Conect'*"
        { Invoke-Httpx https://x.example/ -As Xml } | Should -Throw '*Xml*'
        Should -Invoke Invoke-Httpx -Times 0 -Exactly
    }
}

Describe 'A Pester mock of Invoke-Httpx that calls the cmdlet over a mock transport (help: Invoke-Httpx example 12)' {
    BeforeAll {
        $client = New-HttpxClient -Transport (New-HttpxMockTransport {
            param($Request)
            switch ($Request.Url.Path) {
                '/items/7' { New-HttpxResponse 200 -Json @{ id = 7 } }
                '/log' { New-HttpxResponse 200 -Stream ([IO.MemoryStream]::new([Text.Encoding]::UTF8.GetBytes("one`ntwo`n"))) }
                '/a.zip' { New-HttpxResponse 200 -Content ([byte[]](80, 75, 3, 4)) }
                default { New-HttpxResponse 404 -Text 'no such thing' }
            }
        })
        Mock Invoke-Httpx -ModuleName OpsApi { Httpx\Invoke-Httpx @PesterBoundParameters -Client $client }
    }

    It 'gives a script that takes no -Client the cmdlet''s -As Json, -Stream, -Download and errors' {
        (Get-OpsItem -Id 7).id | Should -Be 7
        Get-OpsLog | Should -Be 'one', 'two'
        $path = Join-Path $TestDrive 'a.zip'
        Save-OpsArtifact -Path $path
        [IO.File]::ReadAllBytes($path) | Should -Be 80, 75, 3, 4
        # Thrown or written, as the caller's $ErrorActionPreference has it (build.ps1 runs Pester under Stop).
        $err = try { Get-OpsItem -Id 8 2>&1 } catch { $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'Httpx.HTTPStatusError,*'
        "$err" | Should -Be '404 Not Found from GET https://api.example.com/items/8: no such thing'
        Should -Invoke Invoke-Httpx -ModuleName OpsApi -Times 4 -Exactly
    }
}

Describe 'Should in a mock transport''s handler or a hook' {
    # A failed Should there was written as the request's error, which is not thrown: the user's test passed.
    It 'fails the test with Should''s message, whatever -ErrorAction the call has' {
        $mock = New-HttpxMockTransport { param($Request) $Request.Method | Should -Be 'PUT'; New-HttpxResponse 200 }
        $c = New-HttpxClient -Transport $mock
        { Invoke-Httpx https://api.example.com/items -Method POST -Client $c -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'PesterAssertionFailed' -ExpectedMessage "*Expected: 'PUT'*But was:  'POST'*"
        $hooked = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 }) -OnRequest { $_.Headers['X-Trace'] | Should -Be 'abc' }
        { Invoke-Httpx https://api.example.com/items -Client $hooked } | Should -Throw -ErrorId 'PesterAssertionFailed'
        (Invoke-Httpx https://api.example.com/items -Client $hooked -Headers @{ 'X-Trace' = 'abc' }).StatusCode | Should -Be 200
    }
}
