using Httpx.Bench.Scenarios;

namespace Httpx.Bench;

/// <summary>
/// Every scenario the benchmark knows, in table order. Each scenario kind lives in its own file under Scenarios/ and
/// contributes its scenarios here.
/// </summary>
internal static class ScenarioRegistry
{
    public static IReadOnlyList<Scenario> All(BenchContext context) =>
    [
        .. SequentialGetScenarios.Create(context),
        .. ConcurrentGetScenarios.Create(context),
        .. PowerShellScenarios.Create(context),
    ];

    /// <summary>The memory checks, in table order (run after the scenarios, in a table of their own).</summary>
    public static IReadOnlyList<MemoryCheck> MemoryChecks() => [.. StreamingMemoryChecks.Create()];
}
