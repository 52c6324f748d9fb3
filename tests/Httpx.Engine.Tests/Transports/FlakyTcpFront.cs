using System.Net;
using System.Net.Sockets;

namespace Httpx.Tests.Transports;

/// <summary>
/// A loopback TCP port in front of another: its first connections fail their handshake (closed right after accept, or
/// held open in silence), the later ones are relayed byte for byte to the port behind. It counts what it accepted.
/// </summary>
public sealed class FlakyTcpFront : IAsyncDisposable
{
    public enum Failure { Close, Silence }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _upstreamPort;
    private readonly int _failing;
    private readonly Failure _failure;
    private readonly Task _acceptLoop;
    private int _accepted;

    public FlakyTcpFront(int upstreamPort, int failing, Failure failure)
    {
        (_upstreamPort, _failing, _failure) = (upstreamPort, failing, failure);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far, the failed ones included.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            var n = Interlocked.Increment(ref _accepted);
            _ = n <= _failing ? FailAsync(socket) : RelayAsync(socket);
        }
    }

    private async Task FailAsync(Socket socket)
    {
        using var _ = socket;
        if (_failure == Failure.Close) return;
        try { await Task.Delay(System.Threading.Timeout.Infinite, _stop.Token); }
        catch (OperationCanceledException) { }
    }

    private async Task RelayAsync(Socket socket)
    {
        using var _ = socket;
        await TestServer.LoopbackRelay.RelayAsync(socket, _upstreamPort, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
    }
}
