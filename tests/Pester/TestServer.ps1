# The shared set-up of the Pester files: imports the built module and starts the in-repo test server (tests/TestServer).
# Dot-source it in BeforeAll, and stop the server in AfterAll:
#   BeforeAll { . (Join-Path $PSScriptRoot 'TestServer.ps1') }
#   AfterAll { Stop-HttpxTestServer $script:Server }
# It sets $script:Server (the server's "name: value" lines: http, https, h2c, unix, ca, ...) and, for short test
# lines, $script:base, $script:https, $script:h2c and $script:ca. The server serves until it is stopped.

function Start-HttpxTestServer {
    [CmdletBinding()]
    param([string] $Configuration = 'Release')

    $project = Join-Path $PSScriptRoot '..' 'TestServer'
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in 'run', '--project', $project, '-c', $Configuration, '--no-launch-profile') { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)

    # Read the printed lines until the last one the server writes before serving (blocking reads, no polling).
    $server = [ordered]@{ Process = $process }
    while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
        if ($line -match '^(?<name>[a-z0-9-]+): (?<value>.+)$') { $server[$Matches.name] = $Matches.value }
        if ($line.StartsWith('client-pfx-password:')) { break }
    }
    if (-not $server.Contains('http')) {
        $process.Kill($true)
        throw "The test server did not start (dotnet run --project $project exited with code $($process.ExitCode))."
    }
    [pscustomobject]$server
}

function Stop-HttpxTestServer {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Server)
    if ($Server.Process -and -not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit()
    }
    # Killed, the server cannot remove its own folder, which holds its certificates and the client's private key.
    $folder = if ($Server.ca) { Split-Path $Server.ca -Parent }
    if ($folder -and (Split-Path $folder -Leaf).StartsWith('httpx-testserver-') -and (Test-Path $folder)) {
        Remove-Item $folder -Recurse -Force
    }
}

# Dot-sourced, this runs in the caller's scope: the variables are the test file's.
Import-Module (Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1') -Force
$script:Server = Start-HttpxTestServer
$script:base = $Server.http
$script:https = $Server.https
$script:h2c = $Server.h2c
$script:ca = $Server.ca
