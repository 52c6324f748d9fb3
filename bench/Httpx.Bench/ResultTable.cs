using System.Globalization;
using System.Text;

namespace Httpx.Bench;

/// <summary>The results as a markdown table, ready to paste into docs/benchmarks.md.</summary>
internal static class ResultTable
{
    /// <summary>The engine should keep at least this share of the bare client's throughput.</summary>
    public const double Target = 0.9;

    public static string Markdown(IReadOnlyList<ScenarioResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| Scenario | Load | Requests/round | Httpx.Client req/s (best / median) | HttpClient req/s (best / median) | Ratio best | Ratio median | Alloc/req engine / bare |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            table.Append("| ").Append(r.Scenario.Name)
                .Append(" | ").Append(r.Scenario.Description)
                .Append(" | ").Append(Formatting.Rate(r.Scenario.Requests))
                .Append(" | ").Append(Formatting.Rate(r.Subject.Best)).Append(" / ").Append(Formatting.Rate(r.Subject.Median))
                .Append(" | ").Append(Formatting.Rate(r.Baseline.Best)).Append(" / ").Append(Formatting.Rate(r.Baseline.Median))
                .Append(" | ").Append(Ratio(r.BestRatio))
                .Append(" | ").Append(Ratio(r.MedianRatio))
                .Append(" | ").Append(Kilobytes(r.Subject.AllocatedPerRequest)).Append(" / ").Append(Kilobytes(r.Baseline.AllocatedPerRequest))
                .AppendLine(" |");
        }
        table.Append(CultureInfo.InvariantCulture, $"\nRatio = Httpx.Client / HttpClient requests per second; target ≥ {Target:0.0#}. ");
        table.Append("Alloc/req counts the whole process, in-process server included.");
        return table.ToString();
    }

    private static string Ratio(double ratio) =>
        ratio.ToString("0.00", CultureInfo.InvariantCulture) + (ratio >= Target ? "" : " ⚠");

    private static string Kilobytes(double bytes) => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB";
}
