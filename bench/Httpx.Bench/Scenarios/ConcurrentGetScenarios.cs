namespace Httpx.Bench.Scenarios;

/// <summary>
/// One client shared by 64 async workers: GET /get over HTTP/1.1 (a pool of 64 connections) and over HTTP/2 with
/// TLS (streams multiplexed on one connection). Throughput-bound: shows contention and allocation costs.
/// </summary>
internal static class ConcurrentGetScenarios
{
    public const int Concurrency = 64;

    public static IEnumerable<Scenario> Create(BenchContext context)
    {
        var server = context.Server;
        var requests = context.Requests(20_000);
        yield return Concurrent("conc64-h1", $"GETs, {Concurrency} concurrent, HTTP/1.1", requests, context, server.HttpUrl + "/get", http2: false);
        yield return Concurrent("conc64-h2", $"GETs, {Concurrency} concurrent, HTTP/2 over TLS", requests, context, server.HttpsUrl + "/get", http2: true);
    }

    private static Scenario Concurrent(string name, string description, int requests, BenchContext context, string url, bool http2) =>
        new(name, description, requests,
            () =>
            {
                var client = Contenders.Engine(context.Server, http2);
                using (var probe = client.Get(url)) ExpectVersion(name, probe.HttpVersion, http2 ? "HTTP/2" : "HTTP/1.1");
                return new ClientRunner(Contenders.EngineLabel, client,
                    n => Load.ConcurrentAsync(n, Concurrency, () => Contenders.EngineGetAsync(client, url)));
            },
            () => BareRunner(name, Contenders.BareLabel, context, url, http2),
            // Slices of 4,000: each one ramps up to 64 requests in flight and drains at its end, on both sides alike.
            Slices: 5);

    /// <summary>The bare client at <see cref="Concurrency"/> concurrent requests (also the baseline of the PowerShell pipeline scenarios).</summary>
    public static Runner BareRunner(string scenario, string label, BenchContext context, string url, bool http2)
    {
        var client = Contenders.Bare(context.Server, http2);
        using (var probe = client.SendAsync(Contenders.Get(client, url)).GetAwaiter().GetResult()) // sync Send has no HTTP/2
            ExpectVersion(scenario, probe.Version.Major == 2 ? "HTTP/2" : "HTTP/1.1", http2 ? "HTTP/2" : "HTTP/1.1");
        return new ClientRunner(label, client, n => Load.ConcurrentAsync(n, Concurrency, () => Contenders.BareGetAsync(client, url)));
    }

    // A scenario that silently fell back to another protocol would measure the wrong thing.
    public static void ExpectVersion(string scenario, string actual, string expected)
    {
        if (actual != expected) throw new InvalidOperationException($"Scenario {scenario}: expected {expected}, the server answered with {actual}.");
    }
}
