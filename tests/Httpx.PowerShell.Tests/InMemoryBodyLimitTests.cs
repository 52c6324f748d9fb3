using System.Management.Automation;

namespace Httpx.PowerShell.Tests;

/// <summary>
/// A body too large to hold in memory (-As Bytes, Text, Json; $r.Text) is Httpx.ResponseTooLarge (LimitsExceeded)
/// naming the size, the URL and -Download and -Stream, where .NET's failures were Httpx.UnexpectedError "Insufficient
/// memory" (text past 1 G characters) and Httpx.FileError "Stream was too long" (past 2 GB). The engine's limits are
/// lowered for the script's own flow (its internal InMemoryBodyLimits.Lower, called by reflection: the module's
/// assembly is PowerShell's to load, not referenced here).
/// </summary>
public class InMemoryBodyLimitTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public InMemoryBodyLimitTests(PowerShellFixture ps) => _ps = ps;

    private static string Lowered(int bytes, int chars) =>
        $"$limits = [Httpx.Response].Assembly.GetType('Httpx.InMemoryBodyLimits').GetMethod('Lower', [Reflection.BindingFlags]'NonPublic, Static').Invoke($null, @({bytes}, {chars}))\n";

    private const string Advice = "save it with Invoke-Httpx -Download <file>, or read it in pieces with -Stream Bytes, Text or Lines.";

    [Theory]
    [InlineData("Bytes")]
    [InlineData("Text")]
    [InlineData("Json")]
    public void As_on_a_body_past_the_limit_is_ResponseTooLarge_naming_the_url_and_what_to_do(string shape)
    {
        var result = _ps.Run(Lowered(1000, int.MaxValue) + $"Invoke-Httpx \"$base/bytes/5000?chunked=1\", \"$base/get\" -As {shape}");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ResponseTooLarge,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Equal("Httpx.ResponseTooLargeException", error.Exception.GetType().FullName);
        Assert.StartsWith($"The body of the response to GET {_ps.Server.HttpUrl}/bytes/5000?chunked=1 is too large to hold in memory: more than 1,000 bytes once decoded (", error.ToString());
        Assert.EndsWith(Advice, error.ToString());
        // The next URL is read.
        Assert.NotEmpty(result.Output);
    }

    [Fact]
    public void Text_of_a_response_longer_than_a_string_can_hold_is_ResponseTooLarge_and_Content_stays()
    {
        var result = _ps.Run(Lowered(int.MaxValue, 100) + """
                $r = Invoke-Httpx "$base/bytes/500"
                try { $r.Text } catch { $_ }
                $r.Content.Length
                """);
        Assert.Empty(result.Errors);
        var error = Assert.IsType<ErrorRecord>(result.Output[0].BaseObject);
        Assert.Equal("Httpx.ResponseTooLarge", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Equal($"The body of the response to GET {_ps.Server.HttpUrl}/bytes/500 is too long to hold as one string: 500 bytes decode to 500 characters of utf-8, more than the 100 a string can hold; {Advice}", error.ToString());
        Assert.Equal(500, result.Output[1].BaseObject);
    }
}
