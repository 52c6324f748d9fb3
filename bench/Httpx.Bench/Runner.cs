namespace Httpx.Bench;

/// <summary>
/// One contender in a scenario (the engine, a bare HttpClient, later a PowerShell cmdlet): owns its client for the
/// whole scenario, so connections stay warm between rounds, and sends a given number of requests when asked.
/// </summary>
internal abstract class Runner : IAsyncDisposable
{
    protected Runner(string label) => Label = label;

    /// <summary>What is measured, as shown in the table ("Httpx.Client", "HttpClient").</summary>
    public string Label { get; }

    /// <summary>Sends <paramref name="requests"/> requests, reading each response body to the end.</summary>
    public abstract Task RunAsync(int requests);

    public abstract ValueTask DisposeAsync();
}
