using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Httpx.Bench;

/// <summary>
/// A runner that sends its requests from PowerShell text, in a runspace of the real PowerShell engine hosted in this
/// process with the built module (out/Httpx/Httpx.psd1) imported by its manifest, as a user's pwsh session would.
/// The runspace lives for the whole scenario (module loaded, shared connection pool warm); each round runs the script
/// once with <c>$n</c> = the number of requests. The script must send exactly <c>$n</c> requests and read every body.
/// </summary>
internal sealed class PowerShellRunner : Runner
{
    private readonly Runspace _runspace;
    private readonly string _script;
    private readonly IDisposable? _owned;

    /// <param name="variables">Defined in the runspace before the first round ($base, $https, $ca, a client...).</param>
    /// <param name="owned">Disposed with the runner (e.g. an HttpClient handed to the script as a variable).</param>
    public PowerShellRunner(string label, string script, IReadOnlyDictionary<string, object> variables, IDisposable? owned = null) : base(label)
    {
        _script = script;
        _owned = owned;
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ModuleManifest.Value });
        foreach (var (name, value) in variables)
            state.Variables.Add(new SessionStateVariableEntry(name, value, ""));
        _runspace = RunspaceFactory.CreateRunspace(state);
        // One pipeline thread for every round, as in an interactive session.
        _runspace.ThreadOptions = PSThreadOptions.ReuseThread;
        _runspace.Open();
    }

    public override Task RunAsync(int requests)
    {
        Invoke(_script, requests);
        return Task.CompletedTask;
    }

    /// <summary>Runs <paramref name="script"/> with $n = <paramref name="n"/>; any error fails the benchmark (figures of failed requests mean nothing).</summary>
    public IReadOnlyList<PSObject> Invoke(string script, int n = 0)
    {
        using var ps = PowerShell.Create(_runspace);
        ps.AddScript("param($n)\n" + script).AddArgument(n);
        var output = ps.Invoke();
        if (ps.HadErrors || ps.Streams.Error.Count > 0)
        {
            var first = ps.Streams.Error.FirstOrDefault();
            throw new InvalidOperationException($"PowerShell runner '{Label}' failed ({ps.Streams.Error.Count} error(s)): {first?.Exception.Message ?? "see the script"}");
        }
        return output;
    }

    public override ValueTask DisposeAsync()
    {
        _runspace.Dispose();
        _owned?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>out/Httpx/Httpx.psd1 of this worktree: the first out/ found walking up from the benchmark's binaries.</summary>
    private static readonly Lazy<string> ModuleManifest = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, "out", "Httpx", "Httpx.psd1");
            if (File.Exists(manifest)) return manifest;
        }
        throw new FileNotFoundException($"No out/Httpx/Httpx.psd1 above {AppContext.BaseDirectory}: build src/Httpx.PowerShell first (building the benchmark does).");
    });
}
