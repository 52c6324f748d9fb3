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
}
