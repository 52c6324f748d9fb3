using Httpx.TestServer;

namespace Httpx.Tests;

/// <summary>
/// The in-repo test server, started once per process and shared: test classes take it as an <c>IClassFixture</c>
/// so that they still run in parallel.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServerHost Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServerHost.GetSharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
