using System.Diagnostics;
using System.Runtime;

namespace Httpx.Bench;

/// <summary>
/// Whether the JIT has settled: tiered compilation recompiles hot methods (tier 0, then instrumented for dynamic PGO,
/// then tier 1) on a background thread, which on a 2-core machine under load finishes seconds after the load starts,
/// and later for the side with more code. Rounds measured before it settles ran 10-40 % slower, the engine's side
/// more than the bare client's. Settled: the JIT spent at most <see cref="QuietShare"/> of the wall time compiling
/// over the last <see cref="Window"/>.
/// </summary>
internal sealed class JitSettling
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    public const double QuietShare = 0.01;

    private readonly Queue<(long Timestamp, TimeSpan Compiling)> _samples = new();

    /// <summary>Records the JIT's total compilation time now; true when the last <see cref="Window"/> was quiet.</summary>
    public bool Sample()
    {
        var now = Stopwatch.GetTimestamp();
        var compiling = JitInfo.GetCompilationTime();
        _samples.Enqueue((now, compiling));
        // Keep the oldest sample that still spans the whole window.
        while (_samples.Count > 1 && Stopwatch.GetElapsedTime(_samples.ElementAt(1).Timestamp, now) >= Window) _samples.Dequeue();
        var (since, compiledBefore) = _samples.Peek();
        var span = Stopwatch.GetElapsedTime(since, now);
        return span >= Window && (compiling - compiledBefore).TotalMilliseconds <= span.TotalMilliseconds * QuietShare;
    }

    /// <summary>Methods compiled so far (tier promotions included), for the progress line.</summary>
    public static long CompiledMethods => JitInfo.GetCompiledMethodCount();
}
