using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Httpx.PowerShell.Tests;

/// <summary>Ctrl+C (PowerShell.Stop) while requests are in flight.</summary>
public class StopTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public StopTests(PowerShellFixture ps) => _ps = ps;

    // One at a time, the pipeline thread itself does the exchange (as the sync API does): a stop still ends it.
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Stop_cancels_every_request_in_flight_at_once(int throttleLimit)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { PowerShellFixture.ModuleManifest });
        var sent = new CountdownEvent(throttleLimit);
        state.Variables.Add(new SessionStateVariableEntry("sent", sent, ""));
        state.Variables.Add(new SessionStateVariableEntry("base", _ps.Server.HttpUrl, ""));
        state.Variables.Add(new SessionStateVariableEntry("n", throttleLimit, ""));
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        // Requests the server holds for ten minutes (a stop that did not cancel them would wait that long);
        // the hook says when each is about to go out.
        ps.AddScript("""
            $c = New-HttpxClient -OnRequest { $sent.Signal() } -Timeout 0
            1..$n | ForEach-Object { "$base/hang?i=$_" } | Invoke-Httpx -Client $c -ThrottleLimit $n
            """);
        var running = ps.BeginInvoke();
        Assert.True(sent.Wait(TimeSpan.FromMinutes(1)), "the requests were not sent");
        ps.Stop();
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
    }
}
