using System.Globalization;
using System.Runtime.InteropServices;
using Httpx.Bench;
using Httpx.TestServer;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

await using var server = await TestServerHost.StartAsync();
var context = new BenchContext(server, options.Quick);
var all = ScenarioRegistry.All(context);
var allChecks = ScenarioRegistry.MemoryChecks();
if (options.List)
{
    foreach (var s in all) Console.WriteLine($"{s.Name,-14} {s.Description}");
    foreach (var c in allChecks) Console.WriteLine($"{c.Name,-14} {c.Description}");
    return 0;
}

var known = all.Select(s => s.Name).Concat(allChecks.Select(c => c.Name)).ToList();
var unknown = options.Scenarios.Where(n => !known.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.");
    return 2;
}
bool Selected(string name) => options.Scenarios.Count == 0 || options.Scenarios.Contains(name, StringComparer.OrdinalIgnoreCase);
var selected = all.Where(s => Selected(s.Name)).ToList();
// Memory is a figure of its own, not a side of a ratio: none when one side is profiled.
var selectedChecks = options.Only is null ? allChecks.Where(c => Selected(c.Name)).ToList() : [];

Console.Error.WriteLine($"{RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, server in-process; " +
                        $"{options.Rounds} round(s) per contender{(options.Quick ? ", quick" : "")}.");

var results = new List<ScenarioResult>();
foreach (var scenario in selected)
    results.Add(await ScenarioRunner.RunAsync(scenario, options));

var memory = new List<MemoryResult>();
foreach (var check in selectedChecks)
    memory.Add(await MemoryCheckRunner.RunAsync(check, context));

if (options.Only is not null) return 0; // one side measured: no ratios to show
if (results.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine(ResultTable.Markdown(results));
}
if (memory.Count > 0)
{
    Console.WriteLine();
    Console.WriteLine(MemoryTable.Markdown(memory));
}
return 0;

internal static class Formatting
{
    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";
}
