namespace Httpx.Tests.Auth;

/// <summary>
/// An auth's async flow (HTTPX's async_auth_flow): the client's async methods run it, its sync methods the sync flow
/// (sync_auth_flow), as HTTPX's AsyncClient and Client do.
/// </summary>
public class AsyncAuthFlowTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public AsyncAuthFlowTests(ServerFixture f) => _f = f;

    private string Url(string path) => _f.Server.HttpUrl + path;

    /// <summary>Says in a header which of its flows sent the request.</summary>
    private sealed class FlowNamingAuth : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            request.Headers.Set("X-Flow", "sync");
            yield return request;
        }

        public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            request.Headers.Set("X-Flow", "async");
            yield return request;
        }
    }

    [Fact]
    public async Task The_async_methods_run_the_async_flow_and_the_sync_methods_the_sync_flow()
    {
        var auth = new FlowNamingAuth();
        using var client = new Httpx.Client(new ClientOptions { Auth = auth });
        static string Flow(Response r) => r.Request.Headers.Get("X-Flow")!;

        Assert.Equal("async", Flow(await client.GetAsync(Url("/get"))));
        Assert.Equal("async", Flow(await client.RequestAsync("POST", Url("/post"))));
        using (var streamed = await client.StreamAsync("GET", Url("/get"))) Assert.Equal("async", Flow(streamed));
        Assert.Equal("async", Flow(await client.SendAsync(client.BuildRequest("GET", Url("/get")))));
        Assert.Equal("async", Flow(await client.SendAsync(client.BuildRequest("GET", Url("/get")), new RequestOptions())));

        Assert.Equal("sync", Flow(client.Get(Url("/get"))));
        Assert.Equal("sync", Flow(client.Request("POST", Url("/post"))));
        using (var streamed = client.Stream("GET", Url("/get"))) Assert.Equal("sync", Flow(streamed));
        Assert.Equal("sync", Flow(client.Send(client.BuildRequest("GET", Url("/get")))));
    }

    [Fact]
    public async Task A_downloaders_sync_Download_runs_the_sync_flow_and_DownloadAsync_the_async_one()
    {
        // Download is a sync method as Get is: it runs the flow the caller's thread can block in, not the async one.
        var folder = Directory.CreateTempSubdirectory("httpx-authflow-").FullName;
        try
        {
            using var client = new Httpx.Client(new ClientOptions { Auth = new FlowNamingAuth() });
            var downloader = new Downloader(client);
            static string Flow(DownloadResult d) => d.Response.Request.Headers.Get("X-Flow")!;
            Assert.Equal("sync", Flow(downloader.Download(client.BuildRequest("GET", Url("/get")), Path.Combine(folder, "a.json"))));
            Assert.Equal("async", Flow(await downloader.DownloadAsync(client.BuildRequest("GET", Url("/get")), Path.Combine(folder, "b.json"))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Answers a 401 with credentials it fetches asynchronously, after reading the challenge's body.</summary>
    private sealed class RetryingAsyncAuth : Httpx.Auth
    {
        public readonly List<int> Seen = new();
        public string? ChallengeBody;

        public override bool RequiresResponseBody => true;

        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context) =>
            throw new InvalidOperationException("The sync flow was run.");

        public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return request;
            Seen.Add(context.Response!.StatusCode);
            ChallengeBody = context.Response.Text;
            if (context.Response.StatusCode != 401) yield break;
            await Task.Yield();
            request.Headers.Set("Authorization", "Basic " + Convert.ToBase64String("user:pass"u8.ToArray()));
            yield return request;
            Seen.Add(context.Response!.StatusCode);
        }
    }

    [Fact]
    public async Task The_async_flow_sees_each_response_and_its_body_when_it_asks_for_it()
    {
        var auth = new RetryingAsyncAuth();
        using var client = new Httpx.Client();
        var r = await client.GetAsync(Url("/basic-auth/user/pass"), new RequestOptions { Auth = auth });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(new[] { 401, 200 }, auth.Seen);
        Assert.NotNull(auth.ChallengeBody); // read before the flow resumed (RequiresResponseBody)
        Assert.Equal(401, Assert.Single(r.History).StatusCode);
    }

    /// <summary>Waits, after the first response, for something that never comes but the request's cancellation.</summary>
    private sealed class WaitingAuth : Httpx.Auth
    {
        public readonly TaskCompletionSource Waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken Token;

        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context) { yield return request; }

        public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            yield return request;
            Token = cancellationToken;
            Waiting.SetResult();
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            yield return request;
        }
    }

    [Fact]
    public async Task The_requests_cancellation_reaches_the_async_flow()
    {
        var auth = new WaitingAuth();
        using var client = new Httpx.Client();
        using var cancel = new CancellationTokenSource();
        var sending = client.GetAsync(Url("/get"), new RequestOptions { Auth = auth }, cancel.Token);
        await auth.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(60));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.True(auth.Token.IsCancellationRequested);
    }

    /// <summary>Fails before its first request, or after the first response.</summary>
    private sealed class FailingAsyncAuth(bool atOnce, Exception failure) : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context) { yield return request; }

        public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (atOnce) throw failure;
            yield return request;
            throw failure;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_exception_of_the_async_flow_is_the_one_the_caller_gets_and_the_connection_is_freed(bool atOnce)
    {
        var failure = new InvalidOperationException("token store unreachable");
        // One connection: a response left open by the failure would keep the next request waiting for the pool.
        using var client = new Httpx.Client(new ClientOptions { Limits = new Limits { MaxConnections = 1 }, Timeout = new Timeout(30) });
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetAsync(Url("/get"), new RequestOptions { Auth = new FailingAsyncAuth(atOnce, failure) }));
        Assert.Same(failure, thrown);
        Assert.Equal(200, (await client.GetAsync(Url("/get"))).StatusCode);
    }

    private sealed class EmptyAsyncAuth : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context) { yield return request; }

        public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield break;
        }
    }

    [Fact]
    public async Task An_async_flow_that_yields_no_request_is_the_error_a_sync_one_gets()
    {
        using var client = new Httpx.Client();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetAsync(Url("/get"), new RequestOptions { Auth = new EmptyAsyncAuth() }));
        Assert.Equal("The auth flow EmptyAsyncAuth yielded no request.", e.Message);
    }

    [Fact]
    public async Task An_auth_without_an_async_flow_runs_its_sync_flow_on_the_async_path()
    {
        // HTTPX's default async_auth_flow runs auth_flow: a custom flow written once serves both.
        using var client = new Httpx.Client();
        var r = await client.GetAsync(Url("/basic-auth/user/pass"), new RequestOptions { Auth = new BasicAuth("user", "pass") });
        Assert.Equal(200, r.StatusCode);
        var steps = new List<Request>();
        await foreach (var step in new BasicAuth("u", "p").AuthFlowAsync(new Request("GET", Url("/get")), new AuthFlowContext()))
            steps.Add(step);
        Assert.StartsWith("Basic ", Assert.Single(steps).Headers.Get("Authorization"));
    }
}
