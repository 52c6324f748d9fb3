using System.Diagnostics;
using System.Runtime;

namespace Httpx.Bench;

/// <summary>
/// Whether the JIT has settled: tiered compilation recompiles hot methods (tier 0, then instrumented for dynamic PGO,
/// then tier 1) on a background thread, which on a 2-core machine under load finishes seconds after the load starts,
/// and later for the side with more code. Rounds measured before it settles ran 10-40 % slower, the engine's side
/// more than the bare client's. Settled: over the last <see cref="Window"/>, no more methods were compiled than one per
/// runner invocation (PowerShell compiles the script it is given each time it runs it) and <see cref="Slack"/>.
/// </summary>
internal sealed class JitSettling
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    public const int Slack = 4;

    private readonly List<(long Timestamp, long Compiled, long Invocations)> _samples = new();
    private long _invocations;

    /// <summary>After <paramref name="invocations"/> more runner invocations: true when the last <see cref="Window"/> was quiet.</summary>
    public bool Sample(int invocations)
    {
        _invocations += invocations;
        var now = Stopwatch.GetTimestamp();
        var compiled = JitInfo.GetCompiledMethodCount();
        _samples.Add((now, compiled, _invocations));
        // Compared with the newest sample that is at least a window old; the older ones are no longer needed.
        var since = _samples.FindLastIndex(s => Stopwatch.GetElapsedTime(s.Timestamp, now) >= Window);
        if (since < 0) return false;
        _samples.RemoveRange(0, since);
        var (_, compiledBefore, invocationsBefore) = _samples[0];
        return compiled - compiledBefore <= _invocations - invocationsBefore + Slack;
    }

    /// <summary>Methods compiled so far (tier promotions included), for the progress line.</summary>
    public static long CompiledMethods => JitInfo.GetCompiledMethodCount();
}
