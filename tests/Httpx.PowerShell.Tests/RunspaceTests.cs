namespace Httpx.PowerShell.Tests;

/// <summary>
/// The module used from several runspaces of one process, as ops scripts do with ForEach-Object -Parallel: a client
/// handed over with $using:, its scriptblocks (hooks, auth flows, mock handlers) made in the runspace that made it.
/// </summary>
public class RunspaceTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public RunspaceTests(PowerShellFixture ps) => _ps = ps;

    // Bounded: a scriptblock handed between runspaces can leave a call waiting forever, and a hang must fail the test.
    private PowerShellResult RunWithManifest(string script)
    {
        var run = Task.Run(() => _ps.Run(script, new Dictionary<string, object?> { ["manifest"] = PowerShellFixture.ModuleManifest }));
        Assert.True(run.Wait(TimeSpan.FromSeconds(90)), "The script did not finish within 90 s: a call hung.");
        return run.Result;
    }

    [Fact]
    public void A_client_handed_to_ForEach_Object_Parallel_shares_its_connections_and_cookies()
    {
        var result = RunWithManifest("""
            $c = New-HttpxClient -BaseUrl $base
            $null = Invoke-Httpx -Client $c '/cookies/set?flavour=choc'
            $codes = 1..20 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                $r = Invoke-Httpx -Client $using:c "/cookies?i=$_"
                "$($r.StatusCode) $($r.Json().cookies.flavour)"
            } -ThrottleLimit 5
            @($codes | Where-Object { $_ -eq '200 choc' }).Count
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 20 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_mock_handler_made_in_one_runspace_runs_once_per_request_from_parallel_runspaces()
    {
        // PowerShell hands a scriptblock called from another runspace to the runspace that made it through an engine
        // event; two such calls at once could deliver one call's event to both waiting subscriptions: one request's
        // block ran twice, the other's never ("returned no response"; a hook would be skipped). A race: before the fix
        // this failed in about two runs in three, or hung.
        var result = RunWithManifest("""
            $script:ran = [System.Collections.Concurrent.ConcurrentDictionary[string, int]]::new()
            $mock = New-HttpxMockTransport {
                param($Request)
                $null = $script:ran.AddOrUpdate($Request.Url.Path, 1, [Func[string, int, int]] { param($k, $v) $v + 1 })
                New-HttpxResponse 200 -Text $Request.Url.Path
            }
            $c = New-HttpxClient -Transport $mock
            $paths = 1..40 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                try { (Invoke-Httpx -Client $using:c "https://mock.test/p$_" -ErrorAction Stop).Text }
                catch { "error: $($_.Exception.Message)" }
            } -ThrottleLimit 10
            @($paths | Where-Object { $_ -like '/p*' }).Count
            @($script:ran.Values | Where-Object { $_ -eq 1 }).Count
            @($paths | Where-Object { $_ -notlike '/p*' }) -join '; '
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 40, 40, "" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_scriptblock_whose_runspace_was_closed_is_an_error_saying_so()
    {
        // A client made in a runspace that has since closed (a job's, a pool's): its mock handler cannot run anywhere, and
        // the error was PowerShell's "Object reference not set to an instance of an object".
        var result = RunWithManifest("""
            $rs = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2()); $rs.Open()
            $ps = [powershell]::Create(); $ps.Runspace = $rs
            $c = $ps.AddScript("Import-Module '$manifest'; New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 })").Invoke()[0]
            $ps.Dispose(); $rs.Close()
            Invoke-Httpx -Client $c 'https://mock.test/a', 'https://mock.test/b'
            """);
        Assert.Null(result.Terminating);
        Assert.True(result.Errors.Count == 2, string.Join("\n", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        var error = result.Errors[0];
        Assert.Equal("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("https://mock.test/a", error.TargetObject);
        Assert.StartsWith("This scriptblock belongs to a runspace that is closed", error.ToString());
    }
}
