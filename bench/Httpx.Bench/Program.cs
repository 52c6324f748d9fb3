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
if (options.List)
{
    foreach (var s in all) Console.WriteLine($"{s.Name,-14} {s.Description}");
    return 0;
}

var unknown = options.Scenarios.Where(n => !all.Any(s => s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", all.Select(s => s.Name))}.");
    return 2;
}
var selected = options.Scenarios.Count == 0
    ? all
    : all.Where(s => options.Scenarios.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();

Console.Error.WriteLine($"{RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, server in-process; " +
                        $"{options.Rounds} round(s) per contender{(options.Quick ? ", quick" : "")}.");

var results = new List<ScenarioResult>();
foreach (var scenario in selected)
    results.Add(await ScenarioRunner.RunAsync(scenario, options));

if (options.Only is not null) return 0; // one side measured: no ratios to show
Console.WriteLine();
Console.WriteLine(ResultTable.Markdown(results));
return 0;

internal static class Formatting
{
    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
