namespace Httpx.Bench;

/// <summary>A memory check's peaks: the run with <see cref="MemoryCheck.Small"/> (scaled down by --quick) and the large one.</summary>
internal sealed record MemoryResult(MemoryCheck Check, int Small, long SmallPeak, long LargePeak)
{
    /// <summary>Slack for the collector's own variation between two runs (its budgets move with what it has seen).</summary>
    public const long Slack = 8 << 20;

    public int Large => Small * MemoryCheck.Factor;

    /// <summary>Flat: the large run peaks at under twice the small run's peak, plus <see cref="Slack"/>.</summary>
    public bool Flat => LargePeak <= 2 * SmallPeak + Slack;
}

/// <summary>
/// Runs a memory check in a runspace of its own (the module imported by its manifest, as for the PowerShell scenarios):
/// once unmeasured at the small size (JIT, connections), then measured at the small and the large size.
/// </summary>
internal static class MemoryCheckRunner
{
    public static async Task<MemoryResult> RunAsync(MemoryCheck check, BenchContext context)
    {
        var small = context.Quick ? Math.Max(1, check.Small / 10) : check.Small;
        // $file: a scratch file for the scripts (-Download writes it, the uploads send it; each run deletes it).
        var file = Path.Combine(Path.GetTempPath(), $"httpx-bench-{Guid.NewGuid():N}.bin");
        try
        {
            await using var runner = new PowerShellRunner(Scenarios.PowerShellScenarios.CmdletLabel, check.Script,
                Scenarios.PowerShellScenarios.Variables(context, ("file", file)));
            runner.Invoke(check.Script, small);
            var smallPeak = Measure(runner, check, small);
            var largePeak = Measure(runner, check, small * MemoryCheck.Factor);
            return new MemoryResult(check, small, smallPeak, largePeak);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static long Measure(PowerShellRunner runner, MemoryCheck check, int n)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var heap = new HeapPeak();
        using (heap) runner.Invoke(check.Script, n);
        var peak = heap.AboveStart; // with the collections up to the end of the run: Dispose reads the last one
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine($"{check.Name}: {Formatting.Rate(n)} {check.Unit} in {seconds:0.0} s, heap peak {Formatting.Megabytes(peak)} above the start");
        return peak;
    }
}
