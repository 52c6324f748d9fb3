namespace Httpx.Bench;

internal sealed record ScenarioResult(Scenario Scenario, Measurement Subject, Measurement Baseline)
{
    public double BestRatio => Subject.Best / Baseline.Best;
    /// <summary>
    /// The median of each round's ratio: a subject round and its baseline round run back to back, so drift on a shared
    /// machine (which moves whole rounds by ±30 % here) falls on both sides of each ratio.
    /// </summary>
    public double MedianRatio => Measurement.MedianOf(Subject.Rates.Zip(Baseline.Rates, (s, b) => s / b).ToList());
}

/// <summary>
/// Runs one scenario: both runners warm up (JIT, connections, TLS), then measured rounds alternate between them,
/// swapping who goes first each round, so that drift on a shared machine falls on both alike.
/// </summary>
internal static class ScenarioRunner
{
    /// <summary>The warm-up goes on past its minimum until the JIT settles, but not past this many times the minimum.</summary>
    private const int MaxWarmupFactor = 4;

    /// <summary>
    /// The warm-up runs each runner at least this many times (a PowerShell scenario's round is one invocation, an
    /// engine scenario's round one per slice): tiered compilation moves a method to tier 1 after 30 calls, so code run
    /// once per invocation (PowerShell parsing the round's script, making its pipeline and binding it) reached tier 1
    /// only around the 30th round. With the warm-up's 12-24 rounds, that came in a measured round of Invoke-Httpx:
    /// 215-239 methods and 185-256 ms of JIT there in four of six runs (session 49), after a warm-up that had "settled".
    /// </summary>
    private const int MinWarmupInvocations = 32;

    // The requests of one slice: the round's requests split as evenly as whole numbers allow.
    private static int SliceSize(int requests, int slices, int slice) => requests / slices + (slice < requests % slices ? 1 : 0);

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, BenchOptions options)
    {
        await using var subject = scenario.CreateSubject();
        await using var baseline = scenario.CreateBaseline();
        var subjectMeasurement = new Measurement(subject.Label);
        var baselineMeasurement = new Measurement(baseline.Label);

        // Warm up in rounds run exactly as the measured ones below, unrecorded: both sides, swapping who goes first, in
        // the same slices, for a fixed time rather than a fixed count (see Scenario.WarmupSeconds), and then on until
        // the JIT has settled (see JitSettling), for at most MaxWarmupFactor times as long. Not in short batches: what
        // happens only in a round's pauses then stays cold until the first measured rounds. Between two of its rounds
        // run second and first, a side waits through both of the other side's (~1.3 s in ps-pipeline-h1), and the
        // engine's pool closes the connections idle beyond MaxKeepAliveConnections (after 1 s, see ConnectionTracker);
        // the first rounds that opened them again compiled the connect path in the round: 300-550 methods and
        // 250-300 ms of JIT in each even Invoke-Httpx round of ps-pipeline-h1, after a warm-up that had "settled".
        var slices = options.Slices ?? (options.Quick ? 1 : scenario.Slices);
        var warmupRounds = 0;
        var warmupStart = System.Diagnostics.Stopwatch.GetTimestamp();
        var warmupTime = TimeSpan.FromSeconds(options.Quick ? 1 : scenario.WarmupSeconds);
        var jit = new JitSettling();
        Console.Error.WriteLine($"{scenario.Name}: warming up (at least {warmupTime.TotalSeconds:0} s, then until the JIT settles; rounds of {scenario.Requests} requests each)");
        bool settled;
        TimeSpan elapsed;
        do
        {
            warmupRounds++;
            var sides = Order(warmupRounds, (subject, new Measurement(subject.Label)), (baseline, new Measurement(baseline.Label)));
            await RunRoundAsync(sides, scenario.Requests, slices);
            settled = jit.Sample(invocations: 2 * slices);
            elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(warmupStart);
        } while (elapsed < warmupTime || (!options.Quick && warmupRounds * slices < MinWarmupInvocations)
                 || (!settled && !options.Quick && elapsed < warmupTime * MaxWarmupFactor));
        Console.Error.WriteLine($"{scenario.Name}: warmed up with {warmupRounds} rounds ({warmupRounds * scenario.Requests} requests per side) in {elapsed.TotalSeconds:0.0} s; " +
            (settled ? "JIT settled" : "JIT still compiling (measured anyway)") + $", {JitSettling.CompiledMethods} methods compiled");

        for (var round = 1; round <= options.Rounds; round++)
        {
            var sides = Order(round, (subject, subjectMeasurement), (baseline, baselineMeasurement))
                .Where(side => options.Only is not { } only || (only == "subject") == (side.Runner == subject)).ToArray();
            await RunRoundAsync(sides, scenario.Requests, slices);
            foreach (var (runner, measurement) in sides)
                Console.Error.WriteLine($"{scenario.Name}: round {round} {runner.Label,-13} {Formatting.Rate(measurement.Rates[^1]),8} req/s {measurement.LastCpuMicroseconds,6:0} CPU µs/req, {measurement.LastRuntimeCounters}");
        }
        return new ScenarioResult(scenario, subjectMeasurement, baselineMeasurement);
    }

    // Odd rounds start with the subject, even ones with the baseline.
    private static (Runner Runner, Measurement Measurement)[] Order(int round, (Runner, Measurement) subject, (Runner, Measurement) baseline) =>
        round % 2 == 1 ? [subject, baseline] : [baseline, subject];

    /// <summary>
    /// One round: a full collection first, so that no round pays for the garbage of the one before, then each side's
    /// requests in slices, alternating: the two sides of a round share the machine's moment at a finer grain than
    /// whole rounds, so the paired ratio follows the machine's drift less.
    /// </summary>
    private static async Task RunRoundAsync((Runner Runner, Measurement Measurement)[] sides, int requests, int slices)
    {
        Measurement.CollectBeforeRound();
        foreach (var (_, measurement) in sides) measurement.StartRound();
        for (var slice = 0; slice < slices; slice++)
            foreach (var (runner, measurement) in sides)
                await measurement.SliceAsync(runner, SliceSize(requests, slices, slice));
        foreach (var (_, measurement) in sides) measurement.EndRound();
    }
}
