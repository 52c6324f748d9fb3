using System.Management.Automation;

namespace Httpx.PowerShell.Tests;

/// <summary>
/// catch [Httpx.&lt;HTTPX's exception name&gt;]: the name an error id shows (Httpx.ConnectError, Httpx.HTTPStatusError)
/// and an HTTPX user writes (except httpx.ConnectTimeout) is a type name in PowerShell, base classes included.
/// </summary>
public class ExceptionTypeNameTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ExceptionTypeNameTests(PowerShellFixture ps) => _ps = ps;

    [Theory]
    // HTTPX's hierarchy: HTTPError > RequestError > TransportError > NetworkError > ConnectError; HTTPStatusError is an HTTPError.
    [InlineData("'http://127.0.0.1:1/'", "Httpx.ConnectError")]
    [InlineData("'http://127.0.0.1:1/'", "Httpx.NetworkError")]
    [InlineData("'http://127.0.0.1:1/'", "Httpx.TransportError")]
    [InlineData("'http://127.0.0.1:1/'", "Httpx.RequestError")]
    [InlineData("'http://127.0.0.1:1/'", "Httpx.HTTPError")]
    [InlineData("\"$base/delay/3000\" -Timeout @{ Read = 0.2 }", "Httpx.ReadTimeout")]
    [InlineData("\"$base/delay/3000\" -Timeout @{ Read = 0.2 }", "Httpx.TimeoutException")]
    [InlineData("\"$base/status/404\" -As Json", "Httpx.HTTPStatusError")]
    [InlineData("\"$base/status/404\" -As Json", "Httpx.HTTPError")]
    [InlineData("'ftp://127.0.0.1/'", "Httpx.UnsupportedProtocol")]
    [InlineData("'http://example.com:notaport/'", "Httpx.InvalidURL")]
    public void A_failure_is_caught_by_the_HTTPX_name_of_its_class_or_of_a_base_class(string arguments, string type)
    {
        var result = _ps.Run($$"""
            try { Invoke-Httpx {{arguments}} -ErrorAction Stop } catch [{{type}}] { 'caught'; $_.FullyQualifiedErrorId } catch { 'missed: ' + $_ }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("caught", result.Output[0].BaseObject);
    }

    [Fact]
    public void Each_engine_exception_is_reachable_by_its_error_name()
    {
        // Every concrete engine exception: [Httpx.<ErrorName>] is its type, so the id an error shows names what to catch.
        var result = _ps.Run("""
            $root = [Httpx.HttpxException]
            $concrete = $root.Assembly.GetTypes() | Where-Object { $root.IsAssignableFrom($_) -and -not $_.IsAbstract -and $_.IsPublic }
            $concrete.Count -gt 20
            foreach ($t in $concrete) {
                $name = [System.Runtime.CompilerServices.RuntimeHelpers]::GetUninitializedObject($t).ErrorName
                $found = "Httpx.$name" -as [type]
                if ($found -ne $t) { "Httpx.$name is $found, not $t" }
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(new object[] { true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void The_engines_own_class_names_still_resolve()
    {
        var result = _ps.Run("""
            try { Invoke-Httpx 'http://127.0.0.1:1/' -ErrorAction Stop } catch [Httpx.ConnectException] { 'caught' }
            [string][Httpx.HttpException]; [string][httpx.httpstatuserror]
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "caught", "Httpx.HttpException", "Httpx.HttpStatusException" }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
