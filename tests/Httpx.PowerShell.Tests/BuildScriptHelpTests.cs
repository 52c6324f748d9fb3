namespace Httpx.PowerShell.Tests;

/// <summary>build.ps1 is the contributors' entry point; Get-Help ./build.ps1 is how they learn its tasks.</summary>
public class BuildScriptHelpTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public BuildScriptHelpTests(PowerShellFixture ps) => _ps = ps;

    private static readonly string BuildScript = Path.GetFullPath(Path.Combine(
        Path.GetDirectoryName(PowerShellFixture.ModuleManifest)!, "..", "..", "build.ps1"));

    [Fact]
    public void Get_Help_of_build_ps1_shows_its_synopsis_tasks_and_example()
    {
        // A '#Requires' line right above the help block made one comment block of both, which is no help: Get-Help
        // showed only the syntax line.
        var result = _ps.Run($$"""
            $help = Get-Help '{{BuildScript}}' -Full
            $help.Synopsis
            (@($help.description) | ForEach-Object { $_.Text }) -join "`n"
            @($help.examples.example).Count
            """);
        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        Assert.Equal("Builds, tests and packages the Httpx module (for contributors with pwsh).", result.Output[0].BaseObject);
        var description = (string)result.Output[1].BaseObject;
        foreach (var task in new[] { "Build:", "Test:", "Package:", "Pester:" }) Assert.Contains(task, description);
        Assert.Equal(1, result.Output[2].BaseObject);
    }
}
