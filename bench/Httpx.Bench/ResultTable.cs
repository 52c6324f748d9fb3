using System.Globalization;
using System.Text;

namespace Httpx.Bench;

/// <summary>
/// The results as markdown tables, ready to paste into docs/benchmarks.md: one table per pair of contenders
/// (Httpx.Client vs HttpClient, Invoke-Httpx vs HttpClient in PowerShell...), each with its own target ratio.
/// </summary>
internal static class ResultTable
{
    public static string Markdown(IReadOnlyList<ScenarioResult> results)
    {
        var table = new StringBuilder();
        var groups = new List<List<ScenarioResult>>();
        foreach (var r in results)
        {
            var last = groups.LastOrDefault()?[0];
            if (last is not null && last.Subject.Label == r.Subject.Label && last.Baseline.Label == r.Baseline.Label && last.Scenario.Target == r.Scenario.Target)
                groups[^1].Add(r);
            else
                groups.Add(new List<ScenarioResult> { r });
        }
        foreach (var group in groups)
        {
            if (table.Length > 0) table.AppendLine().AppendLine();
            Append(table, group);
        }
        return table.ToString();
    }

    private static void Append(StringBuilder table, List<ScenarioResult> results)
    {
        var first = results[0];
        var target = first.Scenario.Target;
        table.AppendLine(CultureInfo.InvariantCulture,
            $"| Scenario | Load | Requests/round | {first.Subject.Label} req/s (best / median) | {first.Baseline.Label} req/s (best / median) | Ratio best | Ratio median (paired rounds) | Alloc/req {Short(first.Subject.Label)} / {Short(first.Baseline.Label)} | CPU µs/req {Short(first.Subject.Label)} / {Short(first.Baseline.Label)} |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            table.Append("| ").Append(r.Scenario.Name)
                .Append(" | ").Append(r.Scenario.Description)
                .Append(" | ").Append(Formatting.Rate(r.Scenario.Requests))
                .Append(" | ").Append(Formatting.Rate(r.Subject.Best)).Append(" / ").Append(Formatting.Rate(r.Subject.Median))
                .Append(" | ").Append(Formatting.Rate(r.Baseline.Best)).Append(" / ").Append(Formatting.Rate(r.Baseline.Median))
                .Append(" | ").Append(r.BestRatio.ToString("0.00", CultureInfo.InvariantCulture))
                .Append(" | ").Append(Ratio(r.MedianRatio, target))
                .Append(" | ").Append(Kilobytes(r.Subject.AllocatedPerRequest)).Append(" / ").Append(Kilobytes(r.Baseline.AllocatedPerRequest))
                .Append(" | ").Append(Micros(r.Subject.CpuMicrosecondsPerRequest)).Append(" / ").Append(Micros(r.Baseline.CpuMicrosecondsPerRequest))
                .AppendLine(" |");
        }
        table.Append(CultureInfo.InvariantCulture, $"\nRatio = {first.Subject.Label} / {first.Baseline.Label} requests per second; target ≥ {target:0.0#} for the paired median (⚠ under it). ");
        table.Append("Alloc/req and CPU µs/req (medians) count the whole process, in-process server included.");
    }

    // The engine table keeps its historical "engine / bare" allocation header.
    private static string Short(string label) => label switch
    {
        Contenders.EngineLabel => "engine",
        Contenders.BareLabel => "bare",
        _ => label,
    };

    // The paired median, the figure judged against the target: under it, ⚠, and four decimals when two would round
    // it up to the target (0.6989 rather than a 0.70 that looks met).
    private static string Ratio(double ratio, double target)
    {
        if (ratio >= target) return ratio.ToString("0.00", CultureInfo.InvariantCulture);
        var shown = Math.Round(ratio, 2) >= target ? ratio.ToString("0.0000", CultureInfo.InvariantCulture) : ratio.ToString("0.00", CultureInfo.InvariantCulture);
        return shown + " ⚠";
    }

    private static string Micros(double micros) => micros.ToString("0", CultureInfo.InvariantCulture);

    private static string Kilobytes(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
}
