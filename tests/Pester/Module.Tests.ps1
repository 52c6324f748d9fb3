# Pester 5 tests of the module as shipped: build.ps1's package. The manifest and help are covered in a runspace by
# tests/Httpx.PowerShell.Tests (ModuleManifestTests, HelpTests); a runspace has no Import-PowerShellDataFile to run build.ps1.
Describe 'build.ps1 -Task Package' {
    BeforeAll {
        $root = Join-Path $PSScriptRoot '..' '..'
        $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        # A process of its own: the build script sets strict mode and stops on errors.
        $log = & $pwsh -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') -Task Package *>&1
        $script:exitCode = $LASTEXITCODE
        $script:log = $log -join "`n"
        $version = (Import-PowerShellDataFile (Join-Path $root 'Httpx.psd1')).ModuleVersion
        $script:zip = Join-Path $root 'out' "Httpx-$version.zip"
    }

    It 'makes a zip of an Httpx folder that holds only the module' {
        $script:exitCode | Should -Be 0 -Because $script:log
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $archive = [System.IO.Compression.ZipFile]::OpenRead($script:zip)
        try { $entries = @($archive.Entries | ForEach-Object FullName | Where-Object { -not $_.EndsWith('/') } | Sort-Object) }
        finally { $archive.Dispose() }
        $entries | Should -Be @('Httpx/en-US/Httpx.PowerShell.dll-Help.xml', 'Httpx/Httpx.Engine.dll', 'Httpx/Httpx.Format.ps1xml',
            'Httpx/Httpx.PowerShell.dll', 'Httpx/Httpx.psd1', 'Httpx/Httpx.Types.ps1xml', 'Httpx/LICENSE', 'Httpx/THIRD-PARTY-NOTICES.txt',
            'Httpx/ZstdSharp.dll')
    }

    It 'expanded into a folder of PSModulePath, imports by name' {
        $modules = Join-Path $TestDrive 'Modules'
        # What Expand-Archive -DestinationPath does (ZipFile here: a pwsh built from source may lack Microsoft.PowerShell.Archive).
        [System.IO.Compression.ZipFile]::ExtractToDirectory($script:zip, $modules)
        $pwsh = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        $out = & $pwsh -NoProfile -NonInteractive -Command "`$env:PSModulePath = '$modules'; Import-Module Httpx -ErrorAction Stop; (Get-Module Httpx).ModuleBase; @(Get-Command -Module Httpx).Count"
        $out[0] | Should -Be (Join-Path $modules 'Httpx')
        $out[1] | Should -Be 10
    }
}

Describe 'Get-Help ./build.ps1' {
    It 'shows the synopsis, the tasks and the example of its comment help' {
        # A '#Requires' line right above the help block made one comment block of both: Get-Help showed only the syntax.
        $help = Get-Help (Join-Path $PSScriptRoot '..' '..' 'build.ps1') -Full
        $help.Synopsis | Should -Be 'Builds, tests and packages the Httpx module (for contributors with pwsh).'
        $description = ($help.description | ForEach-Object Text) -join "`n"
        foreach ($task in 'Build:', 'Test:', 'Package:', 'Pester:') { $description | Should -Match $task }
        @($help.examples.example).Count | Should -Be 1
    }
}
