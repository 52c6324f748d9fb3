namespace Httpx.Tests.Client;

/// <summary>
/// The sync API called from many threads at once over one client. It blocks 64 thread-pool threads for as long as it
/// runs, which starves every other test running beside it of pool threads (their 5 s timeouts then expire: connecting,
/// waiting for a response): the class runs alone.
/// </summary>
[CollectionDefinition(nameof(ConcurrentSyncCallTests), DisableParallelization = true)]
public class ConcurrentSyncCallTestsCollection;

[Collection(nameof(ConcurrentSyncCallTests))]
public class ConcurrentSyncCallTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ConcurrentSyncCallTests(ServerFixture f) => _server = f.Server;

    [Fact]
    public async Task Sixty_four_threads_share_one_client_through_the_sync_API_each_getting_its_own_answer()
    {
        // Parallel.For over one client, each thread blocked in client.Get: every request completes with its own query,
        // headers, cookies and auth (one pool, no cross-talk). Limits are generous: 64 pool threads blocked at once on
        // this 2-core machine leave few for the requests' continuations, which then wait for the pool to grow (seconds;
        // measured by hand, not asserted here).
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath, Timeout = new Timeout(60) });
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var done = Task.Run(() => Parallel.For(0, 256, new ParallelOptions { MaxDegreeOfParallelism = 64 }, i =>
        {
            var url = (i % 2 == 0 ? _server.HttpUrl : _server.HttpsUrl) + $"/anything?i={i}";
            var r = client.Get(url, new RequestOptions
            {
                Headers = new Dictionary<string, string> { ["X-I"] = $"{i}" },
                Cookies = new Dictionary<string, string> { ["c"] = $"{i}" },
                Auth = ($"u{i}", "p"),
            });
            var echoed = r.Json()!;
            // Over HTTP/2 header names arrive in lower case.
            string? Sent(string kind, string name) =>
                echoed[kind]!.AsObject().FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value?[0]?.GetValue<string>();
            var basic = "Basic " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"u{i}:p"));
            if (r.StatusCode != 200 || Sent("args", "i") != $"{i}" || Sent("headers", "X-I") != $"{i}" || Sent("headers", "Cookie") != $"c={i}"
                || Sent("headers", "Authorization") != basic)
                failures.Add($"{i}: {r.StatusCode} {echoed.ToJsonString()}");
        }));
        Assert.True(await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(300))) == done, "64 threads sending through one client did not finish within 300 s.");
        await done;
        Assert.Empty(failures);
    }
}
