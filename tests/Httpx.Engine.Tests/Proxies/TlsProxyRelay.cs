using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Httpx.TestServer;

namespace Httpx.Tests.Proxies;

/// <summary>
/// An https:// proxy for tests: terminates TLS on a loopback port (a self-signed certificate for 127.0.0.1) and relays
/// the plain bytes to an HTTP proxy (squid), so that the client speaks HTTP-proxy over TLS to it. Each connection is a
/// <see cref="ScriptedServer"/>'s, which closes them all when the relay is disposed.
/// </summary>
public sealed class TlsProxyRelay : IAsyncDisposable
{
    private readonly ScriptedServer _server;
    private readonly Uri _upstream;

    public TlsProxyRelay(string upstreamProxy)
    {
        _upstream = new Uri(upstreamProxy);
        Certificate = SelfSignedCertificate.ForLoopback();
        _server = new ScriptedServer(RelayAsync);
    }

    /// <summary>The relay's certificate: trust it (with the test CA) through <c>Verify</c>.</summary>
    public X509Certificate2 Certificate { get; }

    public string Url => $"https://127.0.0.1:{_server.Port}";

    private async Task RelayAsync(ScriptedConnection connection)
    {
        try
        {
            await using var tls = new SslStream(connection.Stream);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, connection.Stopping);
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(_upstream.Host, _upstream.Port, connection.Stopping);
            var plain = upstream.GetStream();
            await Task.WhenAny(tls.CopyToAsync(plain, connection.Stopping), plain.CopyToAsync(tls, connection.Stopping));
        }
        // A client that refuses the relay's certificate ends its own session only (the server ends the others quietly).
        catch (System.Security.Authentication.AuthenticationException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Certificate.Dispose();
    }
}
