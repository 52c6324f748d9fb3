namespace Httpx.Tests.Transports;

/// <summary>
/// A loopback TCP port in front of another: its first connections fail their handshake (closed right after accept, or
/// held open in silence), the later ones are relayed byte for byte to the port behind. It counts what it accepted.
/// </summary>
public sealed class FlakyTcpFront : IAsyncDisposable
{
    public enum Failure { Close, Silence }

    private readonly TestServer.ScriptedServer _server;

    public FlakyTcpFront(int upstreamPort, int failing, Failure failure) =>
        _server = new TestServer.ScriptedServer(connection =>
            connection.Number > failing ? TestServer.LoopbackRelay.RelayAsync(connection.Socket, upstreamPort, connection.Stopping)
            : failure == Failure.Silence ? connection.HoldAsync()
            : Task.CompletedTask);

    public int Port => _server.Port;

    /// <summary>Connections accepted so far, the failed ones included.</summary>
    public int Accepted => _server.Accepted;

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
