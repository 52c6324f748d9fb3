namespace Httpx.Bench;

/// <summary>A memory check's peaks: the run with <see cref="MemoryCheck.Small"/> and the one with ten times as much.</summary>
internal sealed record MemoryResult(MemoryCheck Check, int Small, long SmallPeak, long LargePeak)
{
    /// <summary>Slack for the collector's own variation between two runs (its budgets move with what it has seen).</summary>
    public const long Slack = 8 << 20;

    public int Large => Small * 10;

    /// <summary>Flat: ten times the data peaks at under twice the smaller run's peak, plus <see cref="Slack"/>.</summary>
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
        // Where -Download writes (the script deletes the file after each run).
        var download = Path.Combine(Path.GetTempPath(), $"httpx-bench-{Guid.NewGuid():N}.bin");
        try
        {
            await using var runner = new PowerShellRunner(Scenarios.PowerShellScenarios.CmdletLabel, check.Script,
                Scenarios.PowerShellScenarios.Variables(context, ("download", download)));
            runner.Invoke(check.Script, small);
            var smallPeak = Measure(runner, check, small);
            var largePeak = Measure(runner, check, small * 10);
            return new MemoryResult(check, small, smallPeak, largePeak);
        }
        finally
        {
            File.Delete(download);
        }
    }

    private static long Measure(PowerShellRunner runner, MemoryCheck check, int n)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var heap = new HeapPeak();
        try
        {
            runner.Invoke(check.Script, n);
        }
        finally
        {
            heap.Dispose();
        }
        var peak = heap.AboveStart;
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine($"{check.Name}: {Formatting.Rate(n)} {check.Unit} in {seconds:0.0} s, heap peak {MemoryTable.Megabytes(peak)} above the start");
        return peak;
    }
}
