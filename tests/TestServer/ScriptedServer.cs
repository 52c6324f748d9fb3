using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Httpx.TestServer;

/// <summary>
/// A TCP server on 127.0.0.1 (port 0) that serves each connection it accepts with a test's own script, for a server
/// that must misbehave in a way the test server and <see cref="RawTcpServer"/> do not (take the connection and never
/// answer, close at a chosen byte, hold a response until the test says so). Each connection is served on its own task,
/// so the accept loop stays free for a retry on a new connection while the first is still being served.
/// <para>
/// Disposing stops the listener, cancels <see cref="ScriptedConnection.Stopping"/>, closes every accepted connection
/// (so a script blocked on a read or write ends) and waits, bounded, for the loop and the scripts: no listener, socket
/// or task outlives the test. Tests synchronise on <see cref="FirstAccepted"/> and <see cref="FirstServed"/>, never
/// on sleeps.
/// </para>
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable, IDisposable
{
    // How long disposing waits for scripts that ignore the close (one awaiting a signal the test never gave).
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly int _maxConnections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _served = new();
    private readonly TaskCompletionSource _firstAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;
    private int _accepted;
    private int _disposed;

    /// <param name="script">Serves one connection; the connection is closed when it returns. A script that fails because
    /// the client went away (a socket, I/O or cancellation error) ends quietly; any other failure faults
    /// <see cref="FirstServed"/> when it was the first connection's.</param>
    /// <param name="maxConnections">How many connections are accepted; later ones wait in the accept queue (with
    /// <paramref name="backlog"/> 0, a connect beyond the queue then never completes, see AcceptQueue).</param>
    /// <param name="backlog">The listener's accept queue length.</param>
    public ScriptedServer(Func<ScriptedConnection, Task> script, int maxConnections = int.MaxValue, int backlog = 128)
    {
        _script = script;
        _maxConnections = maxConnections;
        _listener.Start(backlog);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>A server that takes every connection and never sends a byte nor reads one: a peer that hung (a proxy
    /// that never answers its CONNECT, a port that never answers the TLS ClientHello). Connections close on dispose.</summary>
    public static ScriptedServer Silent() => new(c => c.HoldAsync());

    /// <summary>A server that answers every request, on every connection, with the same raw <paramref name="response"/>:
    /// a challenge it repeats whatever the client sends, a status it always gives.</summary>
    public static ScriptedServer AnsweringEvery(byte[] response) => new(async connection =>
    {
        while (await connection.ReadHeadAsync() is not null) await connection.SendAsync(response);
    });

    public int Port { get; }

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The number of connections accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Completes when the first connection has been accepted.</summary>
    public Task FirstAccepted => _firstAccepted.Task;

    /// <summary>Completes when the first connection's script has returned (and the connection is closed); faults with
    /// its error when it failed other than by the client going away.</summary>
    public Task FirstServed => _firstServed.Task;

    /// <summary>Stops listening: connects are refused from now on; accepted connections are served on.</summary>
    public void StopListening() => _listener.Stop();

    private async Task AcceptLoopAsync()
    {
        while (Accepted < _maxConnections)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stopping.Token); }
            // Stopped or disposed: a stopped TcpListener says "Not listening" (InvalidOperationException).
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            var number = Interlocked.Increment(ref _accepted);
            _served[socket] = Task.Run(() => ServeAsync(new ScriptedConnection(this, socket, number, _stopping.Token)));
            // Accepted as disposing began, after it closed the connections it knew of.
            if (Volatile.Read(ref _disposed) == 1) socket.Dispose();
            if (number == 1) _firstAccepted.TrySetResult();
        }
    }

    private async Task ServeAsync(ScriptedConnection connection)
    {
        Exception? failure = null;
        try { await _script(connection); }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException) { }
        catch (Exception e) { failure = e; }
        finally { connection.Socket.Dispose(); }
        if (connection.Number == 1)
        {
            if (failure is null) _firstServed.TrySetResult();
            else _firstServed.TrySetException(failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // ConfigureAwait(false): Dispose blocks on this; a continuation posted to the blocked test's context would wait
        // for the thread it blocks.
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var socket in _served.Keys) socket.Dispose();
        await Task.WhenAny(Task.WhenAll(_served.Values.Append(_acceptLoop)), Task.Delay(DisposeWait)).ConfigureAwait(false);
        _firstAccepted.TrySetCanceled();
        _firstServed.TrySetCanceled();
    }

    // Every task it waits for runs on the thread pool (Task.Run) and DisposeAsync resumes there too, so blocking here
    // cannot deadlock a test's synchronisation context.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
