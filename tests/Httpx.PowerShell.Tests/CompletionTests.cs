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

    [Theory]
    [InlineData("Invoke-Httpx http://x -ContentType app", new[] { "application/json", "application/xml", "application/x-www-form-urlencoded", "application/octet-stream" })]
    [InlineData("New-HttpxRequest http://x -ContentType 'text/c", new[] { "text/csv" })]
    public void ContentType_completes_to_common_media_types(string line, string[] expected)
    {
        Assert.Equal(expected.Order(), Complete(line).Order());
    }

    [Theory]
    [InlineData("Invoke-Httpx http://x -Header Acc", new[] { "'Accept: '", "'Accept-Encoding: '", "'Accept-Language: '" })]
    [InlineData("New-HttpxRequest http://x -Header x-req", new[] { "'X-Request-Id: '", "'X-Requested-With: '" })]
    [InlineData("Invoke-Httpx http://x -H 'X-One: 1', autho", new[] { "'Authorization: '" })]
    [InlineData("Invoke-Httpx http://x -Header 'Accept: app", new[] { "'Accept: application/json'", "'Accept: application/xml'", "'Accept: application/x-ndjson'" })]
    [InlineData("Invoke-Httpx http://x -Header \"content-type: text/p", new[] { "\"Content-Type: text/plain\"" })]
    public void Header_completes_names_then_values(string line, string[] expected)
    {
        var matches = Complete(line);
        Assert.Equal(expected.Order(), matches.Order());
    }

    [Fact]
    public void Header_offers_the_common_names_and_no_values_where_it_knows_none()
    {
        var names = Complete("Invoke-Httpx http://x -Header ");
        Assert.True(names.Count >= 20, $"only {names.Count} names");
        Assert.All(new[] { "'Authorization: '", "'Content-Type: '", "'User-Agent: '", "'If-None-Match: '", "'X-Api-Key: '" }, n => Assert.Contains(n, names));
        Assert.Empty(Complete("Invoke-Httpx http://x -Header 'X-Request-Id: "));
    }

    // The keys of `-Timeout @{ <Tab>` complete in pwsh (tests/Pester/InvokeHttpx.Tests.ps1), not here: in this
    // runspace (the System.Management.Automation package alone) PowerShell's hashtable-key completion fails with an
    // ArgumentNullException for any type, [System.UriBuilder]@{ Ho<Tab> included.
    [Fact]
    public void Timeout_hashtable_is_still_checked_by_its_conversion()
    {
        // The settable keys are there for completion; a hashtable still goes through the checks of its conversion.
        var result = _ps.Run("[Httpx.PowerShell.HttpxTimeout]@{ Conect = 60 }");
        Assert.Contains("Unknown timeout 'Conect'", Assert.Single(result.Errors).Exception.Message);
        Assert.Equal("Timeout(connect=60.0, read=None, write=5.0, pool=5.0)",
            _ps.Run("([Httpx.PowerShell.HttpxTimeout]@{ Connect = 60; Read = 0 }).ToString()").Output.Single().BaseObject);
    }

    private List<string> Complete(string line)
    {
        var result = _ps.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText",
            new Dictionary<string, object?> { ["line"] = line });
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.ToString() + e.Exception.InnerException?.ToString())));
        return result.Output.Select(o => (string)o.BaseObject).ToList();
    }
}
