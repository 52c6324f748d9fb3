using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using Httpx.PowerShell.Tests.Hosting;
using Httpx.TestServer;

namespace Httpx.PowerShell.Tests;

/// <summary>
/// The test server plus a way to run PowerShell text in a fresh in-process runspace of the real engine with the built
/// module (out/Httpx/Httpx.psd1) imported by its manifest. Each <see cref="Run"/> gets its own runspace so tests stay
/// independent; the module's shared connection pool lives in the process, as it would in one pwsh session.
/// </summary>
public sealed class PowerShellFixture : IAsyncLifetime
{
    public static readonly string ModuleManifest = Path.GetFullPath(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "out", "Httpx", "Httpx.psd1"));

    public TestServerHost Server { get; private set; } = null!;

    // Each Run blocks the xunit thread it is called on, a thread-pool thread, for the whole script (pwsh runs a pipeline
    // on a thread of its own). With tests in parallel on this 2-core machine that left the requests' continuations
    // waiting for the pool to grow: requests in unrelated tests timed out after 5 s (ConnectTimeout, ReadTimeout) in
    // about one run of the suite in three. Enough threads from the start, as a pwsh process has them free.
    static PowerShellFixture()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
    }

    public async Task InitializeAsync() => Server = await TestServerHost.GetSharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs <paramref name="script"/> with $base (HTTP/1.1 URL), $https, $h2c and $ca defined.</summary>
    public PowerShellResult Run(string script, IDictionary<string, object?>? variables = null) => Run(script, variables, host: null);

    /// <summary>
    /// As <see cref="Run(string, IDictionary{string, object?}?)"/>, for a script that would run for minutes if the code
    /// were wrong (an endless body read whole): stopped and failed when still running after <paramref name="within"/>,
    /// a bound far above what the right code takes, so that such a test fails instead of hanging the suite.
    /// </summary>
    public PowerShellResult Run(string script, TimeSpan within) => Run(script, variables: null, host: null, within);

    /// <summary>
    /// What a console <paramref name="width"/> columns wide shows for the output of <paramref name="script"/>: the
    /// module's format views as Out-Host applies them. Errors in the script fail the call.
    /// </summary>
    public string Display(string script, int width = 200)
    {
        var host = new TextHost(width);
        var result = Run($"& {{ {script} }} | Out-Host", variables: null, host);
        if (result.Terminating is { } e) throw new InvalidOperationException($"The script failed: {e.Message}", e);
        if (result.Errors.Count > 0) throw new InvalidOperationException($"The script wrote errors: {string.Join("; ", result.Errors)}");
        return host.Text;
    }

    /// <summary>
    /// An open runspace as <see cref="Run"/> makes them (the module imported, the same variables), for a test that uses
    /// it from C# across several calls: the caller disposes it.
    /// </summary>
    public Runspace OpenRunspace(IDictionary<string, object?>? variables = null, PSHost? host = null)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ModuleManifest });
        state.Commands.Add(new SessionStateCmdletEntry("Select-First", typeof(SelectFirstCommand), null));
        state.Variables.Add(new SessionStateVariableEntry("base", Server.HttpUrl, "HTTP/1.1 test server"));
        state.Variables.Add(new SessionStateVariableEntry("https", Server.HttpsUrl, "HTTPS test server"));
        state.Variables.Add(new SessionStateVariableEntry("h2c", Server.H2cUrl, "h2c test server"));
        state.Variables.Add(new SessionStateVariableEntry("ca", Server.CaPemPath, "test CA bundle"));
        state.Variables.Add(new SessionStateVariableEntry("raw", Server.RawTcpUrl, "a server answering with broken HTTP (RawTcpServer)"));
        // Held until the runspace closes, so that no other socket takes the port while scripts use it.
        var refused = TestServer.RefusedPort.Reserve();
        state.Variables.Add(new SessionStateVariableEntry("refusedPort", refused.Port, "a loopback port with nothing listening"));
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            state.Variables.Add(new SessionStateVariableEntry(name, value, ""));
        var runspace = host is null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
        runspace.StateChanged += (_, e) =>
        {
            if (e.RunspaceStateInfo.State is RunspaceState.Closed or RunspaceState.Broken) refused.Dispose();
        };
        runspace.Open();
        return runspace;
    }

    internal PowerShellResult Run(string script, IDictionary<string, object?>? variables, PSHost? host, TimeSpan? within = null)
    {
        using var runspace = OpenRunspace(variables, host);
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        ps.AddScript(script);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            if (within is { } bound)
            {
                var running = ps.BeginInvoke();
                if (!running.AsyncWaitHandle.WaitOne(bound))
                {
                    ps.Stop();
                    throw new Xunit.Sdk.XunitException($"The script still ran after {bound.TotalSeconds:0} s and was stopped: {script}");
                }
                output = new Collection<PSObject>(ps.EndInvoke(running));
            }
            else output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            output = new Collection<PSObject>();
            terminating = e;
        }
        return new PowerShellResult(output, ps.Streams.Error.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Warning.Select(w => w.Message).ToList(), ps.Streams.Progress.ToList(), terminating);
    }
}

public sealed record PowerShellResult(
    Collection<PSObject> Output,
    List<ErrorRecord> Errors,
    List<string> Verbose,
    List<string> Warnings,
    List<ProgressRecord> Progress,
    Exception? Terminating);
