using System.Diagnostics;

namespace Httpx.Bench;

/// <summary>Requests per second (and bytes allocated per request) of each round of one runner in one scenario.</summary>
internal sealed class Measurement(string label)
{
    private readonly List<double> _rates = new();
    private readonly List<double> _allocations = new();
    private readonly List<double> _cpu = new();

    public string Label { get; } = label;

    public double Best => _rates.Max();

    /// <summary>Each round's rate, in the order run.</summary>
    public IReadOnlyList<double> Rates => _rates;

    public double Median => MedianOf(_rates);

    /// <summary>Bytes allocated per request in the whole process (the in-process server's share is the same for every runner).</summary>
    public double AllocatedPerRequest => MedianOf(_allocations);

    /// <summary>
    /// CPU time per request in microseconds, the whole process's (server included, the same for every runner). Steadier
    /// than the rate on a small shared machine: when the CPU is saturated, the rate is the cores over this.
    /// </summary>
    public double CpuMicrosecondsPerRequest => MedianOf(_cpu);

    public double LastCpuMicroseconds => _cpu[^1];

    /// <summary>The last round's thread-pool work items per request, share of wall time paused for GC, and gen0/1/2 collections.</summary>
    public string LastRuntimeCounters { get; private set; } = "";

    /// <summary>Runs one round and records its rate. A full collection first, so no round pays for another's garbage.</summary>
    public async Task<double> RoundAsync(Runner runner, int requests)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var start = Stopwatch.GetTimestamp();
        await runner.RunAsync(requests).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        _cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / requests);
        var rate = requests / elapsed.TotalSeconds;
        var paused = (GC.GetTotalPauseDuration() - pauseBefore) / elapsed;
        LastRuntimeCounters = $"TP items/req {(ThreadPool.CompletedWorkItemCount - workItemsBefore) / (double)requests:0.00}, GC {paused:P0} paused, {GC.CollectionCount(0) - collectionsBefore[0]}/{GC.CollectionCount(1) - collectionsBefore[1]}/{GC.CollectionCount(2) - collectionsBefore[2]} gen0/1/2";
        _rates.Add(rate);
        _allocations.Add((GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / (double)requests);
        return rate;
    }

    internal static double MedianOf(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
