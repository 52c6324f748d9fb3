namespace Httpx.Bench;

/// <summary>
/// The largest managed heap while it runs (live objects and garbage not yet collected: GC.GetTotalMemory without a
/// collection), above the heap after a full collection at its start. A thread of its own reads it every millisecond.
/// Not the heap after each collection: a body kept whole in one large array may live and die between two collections
/// and never be seen that way.
/// </summary>
internal sealed class HeapPeak : IDisposable
{
    private readonly long _start;
    private readonly Thread _sampler;
    private volatile bool _stopped;
    private long _peak;

    public HeapPeak()
    {
        _start = _peak = GC.GetTotalMemory(forceFullCollection: true);
        _sampler = new Thread(Sample) { IsBackground = true, Name = "HeapPeak" };
        _sampler.Start();
    }

    /// <summary>Bytes above the start at the peak.</summary>
    public long AboveStart => Math.Max(0, Interlocked.Read(ref _peak) - _start);

    private void Sample()
    {
        while (!_stopped)
        {
            Read();
            Thread.Sleep(1);
        }
    }

    private void Read()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
    }

    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        _sampler.Join();
        Read();
    }
}
