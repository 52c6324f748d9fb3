namespace Httpx.Bench.Scenarios;

/// <summary>
/// The PowerShell module against a bare HttpClient (the issue "The PowerShell module"), run in an in-process
/// runspace with the built module imported by its manifest:
/// <list type="bullet">
/// <item><c>ps-loop-h1</c>: sequential <c>Invoke-Httpx</c> calls in a PowerShell loop vs the same loop calling one
/// HttpClient made outside it. Both pay PowerShell's per-iteration cost; the ratio shows the cmdlet's own cost
/// (binding, its client and pipeline machinery, the engine). Target ≥ 0.5.</item>
/// <item><c>ps-pipeline-h1</c>/<c>-h2</c>: URLs piped into <c>Invoke-Httpx -ThrottleLimit 64</c> vs the bare client at
/// 64 concurrent requests driven from C# (the conc64 baseline): what a user gets from the pipeline compared with
/// writing the concurrent client code by hand. Target ≥ 0.7.</item>
/// </list>
/// Output is discarded as it is written, as the C# baseline discards each response: in the loop with <c>$null = ...</c>
/// per call (one object), in the pipeline with <c>&gt; $null</c>. Not <c>$null = &lt;pipeline&gt;</c>: PowerShell evaluates
/// the whole pipeline into a list before the assignment throws it away, so all 20,000 responses stay alive to the
/// end (gen1/gen2 collections, GC pauses 4x those of <c>&gt; $null</c>): that measures a user keeping every result, not
/// the module. Nor <c>| ForEach-Object { }</c>: a scriptblock call per response that the C# baseline does not pay.
/// Each round runs its script once, in one slice: the load is one pipeline of 20,000 URLs, and slices would
/// add a script invocation (and, for the pipeline, a ramp up and down) per slice that the C# baseline does not pay.
/// </summary>
internal static class PowerShellScenarios
{
    public const string CmdletLabel = "Invoke-Httpx";
    public const string LoopBaselineLabel = "HttpClient in PowerShell";
    public const string PipelineBaselineLabel = "HttpClient (C#)";
    public const double LoopTarget = 0.5;
    public const double PipelineTarget = 0.7;
    public const int ThrottleLimit = ConcurrentGetScenarios.Concurrency;

    public static IEnumerable<Scenario> Create(BenchContext context)
    {
        var server = context.Server;

        var loopRequests = context.Requests(2_000);
        yield return new Scenario("ps-loop-h1", "sequential Invoke-Httpx in a PowerShell loop, HTTP/1.1", loopRequests,
            () => Cmdlet(context, "ps-loop-h1", http2: false,
                """foreach ($i in 1..$n) { $null = Invoke-Httpx "$base/get?i=$i" }"""),
            () =>
            {
                // Configured as the engine configures its handler (Contenders.Bare), made once outside the loop.
                var client = Contenders.Bare(server, http2: false);
                return new PowerShellRunner(LoopBaselineLabel,
                    """foreach ($i in 1..$n) { $null = $hc.GetStringAsync("$base/get?i=$i").GetAwaiter().GetResult() }""",
                    Variables(context, ("hc", client)), owned: client);
            },
            LoopTarget, Scenario.PowerShellWarmupSeconds, Slices: 1);

        var pipelineRequests = context.Requests(20_000);
        yield return new Scenario("ps-pipeline-h1", $"URLs piped to Invoke-Httpx -ThrottleLimit {ThrottleLimit}, HTTP/1.1", pipelineRequests,
            () => Cmdlet(context, "ps-pipeline-h1", http2: false,
                $$"""1..$n | ForEach-Object { "$base/get?i=$_" } | Invoke-Httpx -ThrottleLimit {{ThrottleLimit}} > $null"""),
            () => ConcurrentGetScenarios.BareRunner("ps-pipeline-h1", PipelineBaselineLabel, context, server.HttpUrl + "/get", http2: false),
            PipelineTarget, Scenario.PowerShellWarmupSeconds, Slices: 1);

        yield return new Scenario("ps-pipeline-h2", $"URLs piped to Invoke-Httpx -ThrottleLimit {ThrottleLimit}, HTTP/2 over TLS", pipelineRequests,
            () => Cmdlet(context, "ps-pipeline-h2", http2: true,
                $$"""1..$n | ForEach-Object { "$https/get?i=$_" } | Invoke-Httpx -ThrottleLimit {{ThrottleLimit}} -Http2 -Verify $ca > $null"""),
            () => ConcurrentGetScenarios.BareRunner("ps-pipeline-h2", PipelineBaselineLabel, context, server.HttpsUrl + "/get", http2: true),
            PipelineTarget, Scenario.PowerShellWarmupSeconds, Slices: 1);
    }

    /// <summary>An Invoke-Httpx runner, after a probe checking the protocol and the status of one call.</summary>
    private static PowerShellRunner Cmdlet(BenchContext context, string scenario, bool http2, string script)
    {
        var runner = new PowerShellRunner(CmdletLabel, script, Variables(context));
        var probe = http2
            ? runner.Invoke("""$r = Invoke-Httpx "$https/get" -Http2 -Verify $ca; "$($r.HttpVersion) $($r.StatusCode)" """)
            : runner.Invoke("""$r = Invoke-Httpx "$base/get"; "$($r.HttpVersion) $($r.StatusCode)" """);
        var answer = probe.Single().ToString();
        ConcurrentGetScenarios.ExpectVersion(scenario, answer, (http2 ? "HTTP/2" : "HTTP/1.1") + " 200");
        return runner;
    }

    /// <summary>$base, $https and $ca for a runspace of the benchmark, and <paramref name="extra"/>.</summary>
    internal static Dictionary<string, object> Variables(BenchContext context, params (string Name, object Value)[] extra)
    {
        var variables = new Dictionary<string, object>
        {
            ["base"] = context.Server.HttpUrl,
            ["https"] = context.Server.HttpsUrl,
            ["ca"] = context.Server.CaPemPath,
        };
        foreach (var (name, value) in extra) variables[name] = value;
        return variables;
    }
}
