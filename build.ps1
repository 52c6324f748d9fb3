#Requires -Version 7.4
# (A blank line between: a comment right above the help block joins it, and Get-Help then finds no help.)

<#
.SYNOPSIS
    Builds, tests and packages the Httpx module (for contributors with pwsh).
.DESCRIPTION
    Build:   dotnet build -c Release (the module lands in out/Httpx/, with its help in out/Httpx/en-US/).
    Test:    the README's test command (bash .ci/run: starts the proxy servers, runs dotnet test Httpx.slnx -c Release,
             then tests/Pester with pwsh and Pester from the NuGet registry, .ci/run-pester).
    Package: builds the module, then out/Httpx-<version>.zip (an Httpx/ folder to expand into a $env:PSModulePath
             folder) and a PowerShell Gallery style out/package-feed/Httpx.<version>.nupkg of out/Httpx/.
    Pester:  Invoke-Pester tests/Pester (Pester 5), after starting the proxy servers as the Test task does; builds
             the module first if out/Httpx/ has none.
.EXAMPLE
    ./build.ps1 -Task Build, Pester
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Pester')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'out' 'Httpx'

function Invoke-Native {
    # Native commands do not throw on failure: stop the build on a non-zero exit code.
    param([string] $Command, [string[]] $Arguments)
    Write-Host "> $Command $($Arguments -join ' ')" -ForegroundColor Cyan
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command exited with code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'Httpx.slnx'), '-c', $Configuration)
}

function Invoke-Test {
    # The README's test command: it installs and starts the proxy servers the proxy tests use.
    if ($IsWindows) {
        Write-Warning '.ci/run needs bash and apt (Debian/Ubuntu); running dotnet test alone (proxy tests will fail without squid and dante).'
        Invoke-Native dotnet @('test', (Join-Path $root 'Httpx.slnx'), '-c', $Configuration)
    }
    else {
        Invoke-Native bash @((Join-Path $root '.ci' 'run'))
    }
}

function Invoke-Package {
    # Always (incrementally) built: a module folder left by an older checkout would be packaged under the new name.
    Invoke-Native dotnet @('build', (Join-Path $root 'src' 'Httpx.PowerShell'), '-c', $Configuration)
    $manifest = Join-Path $moduleDir 'Httpx.psd1'
    $version = (Import-PowerShellDataFile $manifest).ModuleVersion
    $zip = Join-Path $root 'out' "Httpx-$version.zip"
    # Rooted at Httpx/, so that expanding it into a folder of $env:PSModulePath gives an importable module; made with
    # .NET's ZipFile (entries with '/' on every OS), not Compress-Archive, which a pwsh may lack.
    Remove-Item -LiteralPath $zip -ErrorAction Ignore
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::CreateFromDirectory($moduleDir, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)
    Write-Host "Package: $zip"

    # A nupkg the PowerShell Gallery format accepts (Publish-Module/Install-PSResource), without needing a feed here.
    $repository = Join-Path $root 'out' 'package-feed'
    New-Item -ItemType Directory -Force $repository | Out-Null
    $nupkg = Join-Path $repository "Httpx.$version.nupkg"
    # Made again each time: publishing over an existing version fails.
    Remove-Item -LiteralPath $nupkg -ErrorAction Ignore
    if (Get-Command Compress-PSResource -ErrorAction SilentlyContinue) {
        # PSResourceGet 1.1+ (pwsh 7.5+): the nupkg without a repository.
        Compress-PSResource -Path $moduleDir -DestinationPath $repository
        Write-Host "Package: $nupkg"
    }
    elseif (Get-Command Register-PSResourceRepository -ErrorAction SilentlyContinue) {
        # PSResourceGet 1.0 publishes only to a registered repository: one of our own for this call, removed after, so
        # that building leaves the user's repository settings as they were.
        $name = "HttpxPackage-$([guid]::NewGuid().ToString('n'))"
        Register-PSResourceRepository -Name $name -Uri $repository -Trusted
        try { Publish-PSResource -Path $moduleDir -Repository $name }
        finally { Unregister-PSResourceRepository -Name $name }
        Write-Host "Package: $nupkg"
    }
    else {
        Write-Warning 'Microsoft.PowerShell.PSResourceGet is not installed: only the zip was made.'
    }
}

function Invoke-PesterTests {
    if (-not (Test-Path (Join-Path $moduleDir 'Httpx.psd1'))) { Invoke-Build }
    # The tests are written as users write scripts; this script's strict mode would reach into them.
    Set-StrictMode -Off
    # The proxy tests need squid and dante on their ports, as .ci/run starts them (Debian/Ubuntu, with apt).
    $startProxies = Join-Path $root '.ci' 'start-proxies'
    if (-not $IsWindows -and (Get-Command apt-get -ErrorAction SilentlyContinue)) { Invoke-Native bash @($startProxies) }
    else { Write-Warning "The proxy tests need squid on 127.0.0.1:3128/3129 and dante on :1080 (see $startProxies)." }
    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) { throw 'Pester 5 is needed: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser' }
    Import-Module $pester
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $root 'tests' 'Pester'
    $config.Run.Exit = $false
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $config
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package }
        'Pester' { Invoke-PesterTests }
    }
}
