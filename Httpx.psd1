@{
    RootModule           = 'Httpx.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d7c1e-5d43-4b8e-9a7c-2f1b6e0c8d31'
    Author               = 'Httpx contributors'
    CompanyName          = 'Httpx'
    Copyright            = '(c) Httpx contributors. MIT License.'
    Description          = 'HTTPX for PowerShell: a fast HTTP client with HTTPX semantics (HTTP/2, streaming, timeouts, redirects, auth flows, proxies) as pipeline-native cmdlets.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('Httpx.Engine.dll')
    FormatsToProcess     = @('Httpx.Format.ps1xml')
    TypesToProcess       = @('Httpx.Types.ps1xml')
    CmdletsToExport      = @(
        'Invoke-Httpx'
        'New-HttpxClient'
        'Close-HttpxClient'
        'New-HttpxRequest'
        'New-HttpxAuth'
        'New-HttpxTransport'
        'New-HttpxMockTransport'
        'New-HttpxResponse'
        'Set-HttpxProxy'
        'Get-HttpxProxy'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('http', 'http2', 'rest', 'httpx', 'curl', 'web')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
