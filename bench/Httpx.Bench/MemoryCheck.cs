namespace Httpx.Bench;

/// <summary>
/// A check that memory stays flat however much data goes through: the same PowerShell text run with <c>$n</c> =
/// <see cref="Small"/> and then <see cref="Factor"/> times as much, the managed heap's peak measured during each run
/// (see <see cref="HeapPeak"/>). Streaming keeps the two peaks alike; data kept as it arrives makes the second ten times
/// the first. <see cref="KeepsData"/> marks a contrast row, expected to grow, that shows the measurement would see it.
/// </summary>
internal sealed record MemoryCheck(string Name, string Description, string Script, int Small, string Unit, bool KeepsData = false)
{
    /// <summary>How many times the small run's amount the large run takes.</summary>
    public const int Factor = 10;
}
