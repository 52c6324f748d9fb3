using System.Globalization;
using System.Text;

namespace Httpx.Bench;

/// <summary>The memory checks' results as a markdown table, for docs/benchmarks.md.</summary>
internal static class MemoryTable
{
    public static string Markdown(IReadOnlyList<MemoryResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| Check | Load | Amount (small / large) | Heap peak above the start (small / large) | Memory |");
        table.AppendLine("|---|---|---:|---:|---|");
        foreach (var r in results)
        {
            table.Append("| ").Append(r.Check.Name)
                .Append(" | ").Append(r.Check.Description)
                .Append(" | ").Append(Formatting.Rate(r.Small)).Append(" / ").Append(Formatting.Rate(r.Large)).Append(' ').Append(r.Check.Unit)
                .Append(" | ").Append(Formatting.Megabytes(r.SmallPeak)).Append(" / ").Append(Formatting.Megabytes(r.LargePeak))
                .Append(" | ").Append(Verdict(r))
                .AppendLine(" |");
        }
        table.Append(CultureInfo.InvariantCulture,
            $"\nHeap peak: the largest managed heap left after a collection during the run, above the heap after a full collection before it (whole process, in-process server included). ");
        table.Append(CultureInfo.InvariantCulture,
            $"Flat: {MemoryCheck.Factor} times the amount peaks at under twice the small run's peak plus {Formatting.Megabytes(MemoryResult.Slack)} (⚠ otherwise); the contrast rows keep what they read, to show that growth would be seen.");
        return table.ToString();
    }

    private static string Verdict(MemoryResult r) => (r.Check.KeepsData, r.Flat) switch
    {
        (false, true) => "flat",
        (false, false) => "grows ⚠",
        (true, false) => "grows (keeps what it reads, as expected)",
        (true, true) => "flat ⚠ (kept data should grow: the measurement missed it)",
    };
}
