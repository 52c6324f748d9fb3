using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.Tests.Proxies;

/// <summary>
/// An https:// proxy for tests: terminates TLS on a loopback port (a self-signed certificate for 127.0.0.1) and relays
/// the plain bytes to an HTTP proxy (squid), so that the client speaks HTTP-proxy over TLS to it.
/// </summary>
public sealed class TlsProxyRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _upstream;
    private readonly Task _acceptLoop;

    public TlsProxyRelay(string upstreamProxy)
    {
        _upstream = new Uri(upstreamProxy);
        Certificate = SelfSignedCertificate.ForLoopback();
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The relay's certificate: trust it (with the test CA) through <c>Verify</c>.</summary>
    public X509Certificate2 Certificate { get; }

    public string Url => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, _stop.Token);
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
            var plain = upstream.GetStream();
            await Task.WhenAny(tls.CopyToAsync(plain, _stop.Token), plain.CopyToAsync(tls, _stop.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            // One failed session ends only itself.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _acceptLoop;
        _stop.Dispose();
        Certificate.Dispose();
    }
}
