namespace Httpx.Bench;

internal sealed record ScenarioResult(Scenario Scenario, Measurement Subject, Measurement Baseline)
{
    public double BestRatio => Subject.Best / Baseline.Best;
    public double MedianRatio => Subject.Median / Baseline.Median;
}

/// <summary>
/// Runs one scenario: both runners warm up (JIT, connections, TLS), then measured rounds alternate between them,
/// swapping who goes first each round, so that drift on a shared machine falls on both alike.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(Scenario scenario, int rounds)
    {
        await using var subject = scenario.CreateSubject();
        await using var baseline = scenario.CreateBaseline();
        var subjectMeasurement = new Measurement(subject.Label);
        var baselineMeasurement = new Measurement(baseline.Label);

        var warmup = Math.Max(200, scenario.Requests / 5);
        Console.Error.WriteLine($"{scenario.Name}: warming up ({warmup} requests each)");
        await subject.RunAsync(warmup);
        await baseline.RunAsync(warmup);

        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1
                ? new[] { (subject, subjectMeasurement), (baseline, baselineMeasurement) }
                : new[] { (baseline, baselineMeasurement), (subject, subjectMeasurement) };
            foreach (var (runner, measurement) in order)
            {
                var rate = await measurement.RoundAsync(runner, scenario.Requests);
                Console.Error.WriteLine($"{scenario.Name}: round {round} {runner.Label,-13} {Formatting.Rate(rate),8} req/s");
            }
        }
        return new ScenarioResult(scenario, subjectMeasurement, baselineMeasurement);
    }
}
