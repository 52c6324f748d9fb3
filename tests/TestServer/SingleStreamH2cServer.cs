using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Httpx.TestServer;

/// <summary>
/// An h2c (prior knowledge) server that allows one stream per connection and takes a single connection: a client with
/// a request in flight must open a second connection for another one, and a test can make that connect hang by filling
/// <see cref="Port"/>'s accept queue (its backlog is the smallest). Kestrel serves it on a port of its own (its stream
/// limit is server-wide); the one connection accepted here is relayed to it byte for byte.
/// <list type="bullet">
/// <item>/get: 200 at once.</item>
/// <item>/held: answered when the test calls <see cref="ReleaseHeld"/>; <see cref="HeldArrived"/> completes when it comes in.</item>
/// <item>/delay/{ms}: 200 after that many milliseconds.</item>
/// </list>
/// </summary>
public sealed class SingleStreamH2cServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly TaskCompletionSource _heldArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _relay = Task.CompletedTask;

    private SingleStreamH2cServer(WebApplication app) => _app = app;

    /// <summary>The port the client connects to (the relay's listener).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Completes when a request for /held has reached the server.</summary>
    public Task HeldArrived => _heldArrived.Task;

    /// <summary>Lets the /held request be answered.</summary>
    public void ReleaseHeld() => _release.TrySetResult();

    public static async Task<SingleStreamH2cServer> StartAsync()
    {
        var builder = TestServerHost.QuietKestrelBuilder();
        ListenOptions? listen = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.MaxStreamsPerConnection = 1;
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                listen = o;
            });
        });
        var app = builder.Build();
        var server = new SingleStreamH2cServer(app);
        app.UseRouting();
        app.Map("/get", context => context.Response.WriteAsync("ok"));
        app.Map("/held", async context =>
        {
            server._heldArrived.TrySetResult();
            await server._release.Task.WaitAsync(server._stop.Token);
            await context.Response.WriteAsync("held");
        });
        app.Map("/delay/{ms}", async context =>
        {
            await Task.Delay(int.Parse((string)context.Request.RouteValues["ms"]!), server._stop.Token);
            await context.Response.WriteAsync("late");
        });
        await app.StartAsync();
        var kestrel = listen!.IPEndPoint!.Port;

        server._listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        server._listener.Listen(0);
        server._relay = server.RelayOneConnectionAsync(kestrel);
        return server;
    }

    // Accepts one connection, no more, and relays it to Kestrel in both directions until either side closes.
    private async Task RelayOneConnectionAsync(int kestrelPort)
    {
        Socket client;
        try
        {
            client = await _listener.AcceptAsync(_stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return;
        }
        using (client) await LoopbackRelay.RelayAsync(client, kestrelPort, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _relay;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
