# Starts the in-repo test server (tests/TestServer) for the Pester tests and stops it again.
# Dot-source it in BeforeAll:  . $PSScriptRoot/TestServer.ps1; $script:Server = Start-HttpxTestServer
# It prints "name: value" lines (http, https, h2c, unix, ca, ...) and then serves until it is stopped.

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
}
