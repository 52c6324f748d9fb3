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

    // The requests of one slice: the round's requests split as evenly as whole numbers allow.
    private static int SliceSize(int requests, int slices, int slice) => requests / slices + (slice < requests % slices ? 1 : 0);

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, BenchOptions options)
    {
        await using var subject = scenario.CreateSubject();
        await using var baseline = scenario.CreateBaseline();
        var subjectMeasurement = new Measurement(subject.Label);
        var baselineMeasurement = new Measurement(baseline.Label);

        // Warm up each, alternating, for a fixed time rather than a fixed count (see Scenario.WarmupSeconds), and then
        // on until the JIT has settled (see JitSettling), for at most MaxWarmupFactor times as long.
        var batch = Math.Max(200, scenario.Requests / 5);
        var warmed = 0;
        var warmupStart = System.Diagnostics.Stopwatch.GetTimestamp();
        var warmupTime = TimeSpan.FromSeconds(options.Quick ? 1 : scenario.WarmupSeconds);
        var jit = new JitSettling();
        Console.Error.WriteLine($"{scenario.Name}: warming up (at least {warmupTime.TotalSeconds:0} s, then until the JIT settles; batches of {batch} requests each)");
        bool settled;
        TimeSpan elapsed;
        do
        {
            await subject.RunAsync(batch);
            await baseline.RunAsync(batch);
            warmed += batch;
            settled = jit.Sample(invocations: 2);
            elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(warmupStart);
        } while (elapsed < warmupTime || (!settled && !options.Quick && elapsed < warmupTime * MaxWarmupFactor));
        Console.Error.WriteLine($"{scenario.Name}: warmed up with {warmed} requests each in {elapsed.TotalSeconds:0.0} s; " +
            (settled ? "JIT settled" : "JIT still compiling (measured anyway)") + $", {JitSettling.CompiledMethods} methods compiled");

        var slices = options.Slices ?? (options.Quick ? 1 : scenario.Slices);
        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = round % 2 == 1
                ? new[] { (subject, subjectMeasurement), (baseline, baselineMeasurement) }
                : new[] { (baseline, baselineMeasurement), (subject, subjectMeasurement) };
            var measured = order.Where(side => options.Only is not { } only || (only == "subject") == (side.Item1 == subject)).ToArray();
            Measurement.CollectBeforeRound();
            foreach (var (_, measurement) in measured) measurement.StartRound();
            // The round's requests of each side in slices, alternating: the two sides of a round share the machine's
            // moment at a finer grain than whole rounds, so the paired ratio follows the machine's drift less.
            for (var slice = 0; slice < slices; slice++)
                foreach (var (runner, measurement) in measured)
                    await measurement.SliceAsync(runner, SliceSize(scenario.Requests, slices, slice));
            foreach (var (runner, measurement) in measured)
            {
                var rate = measurement.EndRound();
                Console.Error.WriteLine($"{scenario.Name}: round {round} {runner.Label,-13} {Formatting.Rate(rate),8} req/s {measurement.LastCpuMicroseconds,6:0} CPU µs/req, {measurement.LastRuntimeCounters}");
            }
        }
        return new ScenarioResult(scenario, subjectMeasurement, baselineMeasurement);
    }
}
