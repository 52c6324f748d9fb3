using System.Runtime.InteropServices;

namespace Httpx.TestServer;

/// <summary>Runs the test server stand-alone: prints its URLs and files, one "name: value" per line, until Ctrl+C.</summary>
internal static class Program
{
    public static async Task Main()
    {
        await using var host = await TestServerHost.StartAsync();
        Console.WriteLine($"http: {host.HttpUrl}");
        Console.WriteLine($"https: {host.HttpsUrl}");
        Console.WriteLine($"https-http1: {host.Http1HttpsUrl}");
        Console.WriteLine($"h2c: {host.H2cUrl}");
        Console.WriteLine($"unix: {host.UnixSocketPath}");
        Console.WriteLine($"expired: {host.ExpiredHttpsUrl}");
        Console.WriteLine($"wrong-host: {host.WrongHostHttpsUrl}");
        Console.WriteLine($"self-signed: {host.SelfSignedHttpsUrl}");
        Console.WriteLine($"client-cert: {host.ClientCertHttpsUrl}");
        Console.WriteLine($"raw-tcp: {host.RawTcpUrl}");
        Console.WriteLine($"http-ipv6: {host.HttpIPv6Url ?? "(no ::1 on this machine)"}");
        Console.WriteLine($"https-ipv6: {host.HttpsIPv6Url ?? "(no ::1 on this machine)"}");
        Console.WriteLine($"ca: {host.CaPemPath}");
        Console.WriteLine($"client-cert-pem: {host.ClientCertPemPath}");
        Console.WriteLine($"client-key-pem: {host.ClientKeyPemPath}");
        Console.WriteLine($"client-pfx: {host.ClientPfxPath}");
        Console.WriteLine($"client-pfx-password: {TestServerHost.ClientPfxPassword}");
        Console.Out.Flush();

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // shut down through DisposeAsync, not by the runtime's default
            stop.TrySetResult();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await stop.Task;
    }
}
