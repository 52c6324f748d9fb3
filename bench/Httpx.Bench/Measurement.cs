using System.Diagnostics;
using System.Runtime;

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

    /// <summary>The last round's thread-pool work items per request, share of wall time paused for GC, gen0/1/2 collections, and methods JIT-compiled (and the compile time).</summary>
    public string LastRuntimeCounters { get; private set; } = "";

    private RoundTotals _round;

    /// <summary>Starts a round, which one or more slices (<see cref="SliceAsync"/>) make up; the runner's figures of the round are their sums.</summary>
    public void StartRound() => _round = default;

    /// <summary>Runs one slice of the current round: <paramref name="requests"/> requests through <paramref name="runner"/>, timed and counted.</summary>
    public async Task SliceAsync(Runner runner, int requests)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var jitMethodsBefore = JitInfo.GetCompiledMethodCount();
        var jitTimeBefore = JitInfo.GetCompilationTime();
        var start = Stopwatch.GetTimestamp();
        await runner.RunAsync(requests).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        _round.Requests += requests;
        _round.Elapsed += elapsed;
        _round.Cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        _round.Allocated += GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        _round.Paused += GC.GetTotalPauseDuration() - pauseBefore;
        _round.WorkItems += ThreadPool.CompletedWorkItemCount - workItemsBefore;
        _round.Gen0 += GC.CollectionCount(0) - collectionsBefore[0];
        _round.Gen1 += GC.CollectionCount(1) - collectionsBefore[1];
        _round.Gen2 += GC.CollectionCount(2) - collectionsBefore[2];
        _round.JitMethods += JitInfo.GetCompiledMethodCount() - jitMethodsBefore;
        _round.JitTime += JitInfo.GetCompilationTime() - jitTimeBefore;
    }

    /// <summary>Records the round's rate (its requests over the time of its slices) and its counters; returns the rate.</summary>
    public double EndRound()
    {
        var r = _round;
        var rate = r.Requests / r.Elapsed.TotalSeconds;
        _cpu.Add(r.Cpu.TotalMicroseconds / r.Requests);
        LastRuntimeCounters = $"TP items/req {r.WorkItems / (double)r.Requests:0.00}, GC {r.Paused / r.Elapsed:P0} paused, {r.Gen0}/{r.Gen1}/{r.Gen2} gen0/1/2, " +
            $"JIT {r.JitMethods} methods in {r.JitTime.TotalMilliseconds:0} ms";
        _rates.Add(rate);
        _allocations.Add(r.Allocated / (double)r.Requests);
        return rate;
    }

    /// <summary>A full collection, so that no round pays for the garbage of the one before.</summary>
    public static void CollectBeforeRound()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private struct RoundTotals
    {
        public int Requests;
        public TimeSpan Elapsed, Cpu, Paused, JitTime;
        public long Allocated, WorkItems, JitMethods;
        public int Gen0, Gen1, Gen2;
    }

    internal static double MedianOf(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
