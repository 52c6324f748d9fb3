namespace Httpx.Bench;

/// <summary>
/// The largest managed heap left after a garbage collection while it runs (what the run keeps alive, without the
/// garbage the next collection frees), above the heap after a full collection at its start. A thread of its own reads
/// the last collection's figures every millisecond. The heap's size between collections would count that garbage too,
/// and the collector's budget for it moves from run to run (4 to 32 MB here for the same stream). The thread also makes a
/// gen0 collection every <see cref="CollectEveryMs"/> ms: a large buffer held for a moment (a body read whole, then
/// sent) lives between two collections when the run allocates little else, and would not be seen otherwise.
/// </summary>
internal sealed class HeapPeak : IDisposable
{
    private readonly long _start;
    private readonly Thread _sampler;
    private volatile bool _stopped;
    private long _peak;
    private long _lastIndex;

    public HeapPeak()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        _start = _peak = SizeAfter(info);
        _lastIndex = info.Index;
        _sampler = new Thread(Sample) { IsBackground = true, Name = "HeapPeak" };
        _sampler.Start();
    }

    /// <summary>Bytes above the start at the peak (0 when no collection during the run left more); read it after Dispose.</summary>
    public long AboveStart => Math.Max(0, _peak - _start);

    private static long SizeAfter(GCMemoryInfo info)
    {
        long size = 0;
        foreach (var generation in info.GenerationInfo) size += generation.SizeAfterBytes;
        return size;
    }

    private void Sample()
    {
        var nextCollection = Environment.TickCount64 + CollectEveryMs;
        while (!_stopped)
        {
            if (Environment.TickCount64 >= nextCollection)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                nextCollection = Environment.TickCount64 + CollectEveryMs;
            }
            Read();
            Thread.Sleep(1);
        }
    }

    // Often enough to catch a body held for the time it takes to send it.
    private const int CollectEveryMs = 10;

    private void Read()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index == _lastIndex) return;
        _lastIndex = info.Index;
        var size = SizeAfter(info);
        if (size > _peak) _peak = size;
    }

    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        _sampler.Join();
        Read();
    }
}
