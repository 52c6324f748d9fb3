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
        // Requests the server holds for two minutes (/hang's bound: a stop that did not cancel them would wait that
        // long, and end as stopped all the same); the hook says when each is about to go out.
        ps.AddScript("""
            $c = New-HttpxClient -OnRequest { $sent.Signal() } -Timeout 0
            1..$n | ForEach-Object { "$base/hang?i=$_" } | Invoke-Httpx -Client $c -ThrottleLimit $n
            """);
        var running = ps.BeginInvoke();
        Assert.True(sent.Wait(TimeSpan.FromMinutes(1)), "the requests were not sent");
        // The stop ends the command at once, well before the server would answer (a bound, not a synchronisation).
        var stopping = ps.BeginStop(null, null);
        Assert.True(stopping.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "the stop waited for the requests in flight");
        ps.EndStop(stopping);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
    }

    // Close-HttpxClient (another runspace, a finally block) while a -Stream of the client's is being read: the stream
    // ends with an Httpx.ReadError, as httpx's client.close() closes its pool's connections, in use or not. It went on
    // reading an endless stream over the closed client.
    [Fact]
    public void Closing_the_client_ends_a_stream_it_is_reading_with_a_read_error()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { PowerShellFixture.ModuleManifest });
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        var client = (IDisposable)ps.AddScript("New-HttpxClient -Timeout 0").Invoke()[0].BaseObject;
        ps.Commands.Clear();
        ps.Runspace.SessionStateProxy.SetVariable("c", client);
        ps.AddScript($"Invoke-Httpx '{_ps.Server.HttpUrl}/stream-lines/0?delay_ms=20' -Client $c -Stream Lines");
        var output = new PSDataCollection<PSObject>();
        var lines = new CountdownEvent(2);
        output.DataAdded += (_, _) => { if (!lines.IsSet) lines.Signal(); };
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        Assert.True(lines.Wait(TimeSpan.FromMinutes(1)), "no lines came");
        client.Dispose();
        // Not a timing assert: a guard against the old behaviour's endless stream (10 minutes on the server).
        var ended = running.AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1));
        if (!ended) ps.Stop();
        Assert.True(ended, "the stream went on after its client was closed");
        ps.EndInvoke(running);
        var error = Assert.Single(ps.Streams.Error);
        Assert.StartsWith("Httpx.ReadError", error.FullyQualifiedErrorId);
        Assert.Contains("client (or transport) was closed", error.Exception.Message);
    }
}
