namespace Httpx.PowerShell.Tests;

public class CompletionTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public CompletionTests(PowerShellFixture ps) => _ps = ps;

    [Theory]
    [InlineData("Invoke-Httpx http://x -Method P", new[] { "POST", "PUT", "PATCH" })]
    [InlineData("Invoke-Httpx http://x -Method ", new[] { "GET", "DELETE", "OPTIONS" })]
    [InlineData("New-HttpxRequest http://x -Method d", new[] { "DELETE" })]
    public void Method_completes_to_HTTP_methods(string line, string[] expected)
    {
        var result = _ps.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText");
        Assert.Empty(result.Errors);
        var matches = result.Output.Select(o => (string)o.BaseObject).ToList();
        Assert.All(expected, m => Assert.Contains(m, matches));
        Assert.All(matches, m => Assert.Contains(m, new[] { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT" }));
    }

    [Fact]
    public void Stream_and_As_complete_to_their_modes()
    {
        var line = "Invoke-Httpx http://x -Stream S";
        var result = _ps.Run($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText");
        Assert.Equal("ServerSentEvents", Assert.Single(result.Output).BaseObject);
    }
}
