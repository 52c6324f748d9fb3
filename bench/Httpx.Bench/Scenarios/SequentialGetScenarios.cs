namespace Httpx.Bench.Scenarios;

/// <summary>
/// One client, one request at a time: GET /get over HTTP/1.1 with the sync API and with the async API. Latency-bound,
/// so per-request overhead in the client shows most plainly here.
/// </summary>
internal static class SequentialGetScenarios
{
    public static IEnumerable<Scenario> Create(BenchContext context)
    {
        var server = context.Server;
        var url = server.HttpUrl + "/get";
        var requests = context.Requests(10_000);

        yield return new Scenario("seq-sync-h1", "sequential GETs, HTTP/1.1, sync API", requests,
            () =>
            {
                var client = Contenders.Engine(server, http2: false);
                return new ClientRunner(Contenders.EngineLabel, client, n =>
                {
                    Load.SequentialSync(n, () => Contenders.EngineGet(client, url));
                    return Task.CompletedTask;
                });
            },
            () =>
            {
                var client = Contenders.Bare(server, http2: false);
                return new ClientRunner(Contenders.BareLabel, client, n =>
                {
                    Load.SequentialSync(n, () => Contenders.BareGet(client, url));
                    return Task.CompletedTask;
                });
            });

        yield return new Scenario("seq-async-h1", "sequential GETs, HTTP/1.1, async API", requests,
            () =>
            {
                var client = Contenders.Engine(server, http2: false);
                return new ClientRunner(Contenders.EngineLabel, client, n => Load.SequentialAsync(n, () => Contenders.EngineGetAsync(client, url)));
            },
            () =>
            {
                var client = Contenders.Bare(server, http2: false);
                return new ClientRunner(Contenders.BareLabel, client, n => Load.SequentialAsync(n, () => Contenders.BareGetAsync(client, url)));
            });
    }
}
