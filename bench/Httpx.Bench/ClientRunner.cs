namespace Httpx.Bench;

/// <summary>A runner made of a client and the load it applies with it; disposes the client at the end of the scenario.</summary>
internal sealed class ClientRunner : Runner
{
    private readonly IDisposable _client;
    private readonly Func<int, Task> _run;

    public ClientRunner(string label, IDisposable client, Func<int, Task> run) : base(label)
    {
        _client = client;
        _run = run;
    }

    public override Task RunAsync(int requests) => _run(requests);

    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
