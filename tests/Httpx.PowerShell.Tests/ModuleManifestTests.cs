namespace Httpx.PowerShell.Tests;

public class ModuleManifestTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ModuleManifestTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void Test_ModuleManifest_passes_on_the_built_module()
    {
        var result = _ps.Run($"Test-ModuleManifest -Path '{PowerShellFixture.ModuleManifest}' | ForEach-Object {{ $_.Version.ToString() }}");
        Assert.Empty(result.Errors);
        Assert.Equal("0.1.0", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void The_manifest_asks_for_PowerShell_7_4_and_lists_its_cmdlets_by_name()
    {
        var result = _ps.Run($"Test-ModuleManifest -Path '{PowerShellFixture.ModuleManifest}' | ForEach-Object {{ $_.PowerShellVersion.ToString() }}");
        Assert.Empty(result.Errors);
        Assert.Equal("7.4", Assert.Single(result.Output).BaseObject);
        // Named one by one, so that PowerShell knows them without loading the module (no '*' to resolve).
        var manifest = File.ReadAllText(PowerShellFixture.ModuleManifest);
        var list = System.Text.RegularExpressions.Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        Assert.DoesNotContain("*", list, StringComparison.Ordinal); // under th-TH a culture's comparison finds '*' anywhere
        foreach (var cmdlet in new[] { "Invoke-Httpx", "New-HttpxClient", "Close-HttpxClient", "Set-HttpxProxy", "Get-HttpxProxy", "New-HttpxRequest",
                     "New-HttpxAuth", "New-HttpxTransport", "New-HttpxMockTransport", "New-HttpxResponse" })
            Assert.Contains($"'{cmdlet}'", list);
    }

    [Fact]
    public void The_module_folder_ships_the_license_and_the_notice_of_the_zstd_library_it_carries()
    {
        // The manifest says "MIT License" and the folder ships ZstdSharp.dll, whose MIT license asks for its notice in
        // every copy: both texts go with the module, as a user who copies out/Httpx (or expands the zip) gets it.
        var folder = Path.GetDirectoryName(PowerShellFixture.ModuleManifest)!;
        var license = Path.Combine(folder, "LICENSE");
        Assert.True(File.Exists(license), $"no {license}");
        Assert.StartsWith("MIT License", File.ReadAllText(license));
        var notices = Path.Combine(folder, "THIRD-PARTY-NOTICES.txt");
        Assert.True(File.Exists(notices), $"no {notices}");
        Assert.Contains("Copyright (c) 2021 Oleg Stepanischev", File.ReadAllText(notices));
    }
}
