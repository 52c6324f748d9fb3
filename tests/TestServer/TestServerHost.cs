using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Httpx.TestServer.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Httpx.TestServer;

/// <summary>
/// The in-process test server: one Kestrel app with several loopback listeners (plain HTTP/1.1,
/// HTTPS with ALPN h2, h2c, a unix socket, and HTTPS variants with bad certificates), plus a raw
/// TCP server for malformed responses. Every Kestrel listener serves the same endpoints.
/// Start one with <see cref="StartAsync"/>, or share one per process with <see cref="GetSharedAsync"/>.
/// </summary>
public sealed class TestServerHost : IAsyncDisposable
{
    public const string ClientPfxPassword = "test-password";

    private static readonly Lazy<Task<TestServerHost>> SharedInstance = new(() => StartCoreAsync(shared: true));

    private readonly WebApplication _app;
    private readonly RawTcpServer _raw;
    private readonly Certificates _certificates;
    private readonly InflightTracker _inflight;
    private readonly DirectoryInfo _tempDirectory;
    private readonly bool _shared;
    private int _disposed;

    /// <summary>Plain HTTP/1.1: http://127.0.0.1:PORT.</summary>
    public string HttpUrl { get; }
    /// <summary>HTTPS with HTTP/1.1 and HTTP/2 by ALPN: https://localhost:PORT (bound on 127.0.0.1).</summary>
    public string HttpsUrl { get; }
    /// <summary>HTTPS with HTTP/1.1 alone (ALPN offers no h2): https://localhost:PORT (bound on 127.0.0.1).</summary>
    public string Http1HttpsUrl { get; }
    /// <summary>Cleartext HTTP/2 with prior knowledge only: http://127.0.0.1:PORT.</summary>
    public string H2cUrl { get; }
    /// <summary>A unix domain socket serving HTTP/1.1.</summary>
    public string UnixSocketPath { get; }
    /// <summary>HTTPS whose leaf certificate has expired (issued by the test CA).</summary>
    public string ExpiredHttpsUrl { get; }
    /// <summary>HTTPS whose leaf is valid but only for "wrong.example".</summary>
    public string WrongHostHttpsUrl { get; }
    /// <summary>HTTPS whose leaf is self-signed, not issued by the test CA.</summary>
    public string SelfSignedHttpsUrl { get; }
    /// <summary>HTTPS that requires a client certificate issued by the test CA (see /client-cert).</summary>
    public string ClientCertHttpsUrl { get; }
    /// <summary>HTTPS whose leaf is issued by an intermediate CA under the test CA, sent by the server with the leaf, as
    /// most public sites do: a client that trusts the test CA alone (<see cref="CaPemPath"/>) must verify it.</summary>
    public string IntermediateHttpsUrl { get; }
    /// <summary>Raw TCP server with broken HTTP answers (/bad-status, /bad-header, /truncated, ...).</summary>
    public string RawTcpUrl { get; }
    /// <summary>Plain HTTP/1.1 on the IPv6 loopback: http://[::1]:PORT; null when the machine has no ::1.</summary>
    public string? HttpIPv6Url { get; }
    /// <summary>The same listener with the loopback interface as an RFC 6874 zone: http://[::1%25lo]:PORT (the interface's
    /// name when it is a plain one, else its index); null when the machine has no ::1.</summary>
    public string? HttpIPv6ZonedUrl { get; }
    /// <summary>HTTPS with HTTP/1.1 and HTTP/2 by ALPN on the IPv6 loopback: https://[::1]:PORT (the leaf names ::1
    /// among its addresses); null when the machine has no ::1.</summary>
    public string? HttpsIPv6Url { get; }

    /// <summary>The test CA as PEM, for clients that take a CA bundle path.</summary>
    public string CaPemPath { get; }
    /// <summary>The test CA without its private key.</summary>
    public X509Certificate2 CaCertificate => _certificates.CaPublic;
    /// <summary>A client certificate (with private key) issued by the test CA.</summary>
    public X509Certificate2 ClientCertificate => _certificates.Client;
    public string ClientCertPemPath { get; }
    /// <summary>Unencrypted PKCS#8 PEM key of the client certificate.</summary>
    public string ClientKeyPemPath { get; }
    /// <summary>PKCS#12 of the client certificate and key, protected by <see cref="ClientPfxPassword"/>.</summary>
    public string ClientPfxPath { get; }

    /// <summary>The most /inflight requests (default group) seen at once since start or the last reset.</summary>
    public int MaxInFlightObserved => _inflight.MaxObserved();

    /// <summary>Same as GET /inflight/reset for the default group.</summary>
    public void ResetInFlight() => _inflight.Reset();

    private TestServerHost(WebApplication app, RawTcpServer raw, Certificates certificates, InflightTracker inflight,
        DirectoryInfo tempDirectory, bool shared, Listeners listeners, string unixSocketPath)
    {
        _app = app;
        _raw = raw;
        _certificates = certificates;
        _inflight = inflight;
        _tempDirectory = tempDirectory;
        _shared = shared;

        HttpUrl = $"http://127.0.0.1:{Port(listeners.Http)}";
        HttpsUrl = $"https://localhost:{Port(listeners.Https)}";
        Http1HttpsUrl = $"https://localhost:{Port(listeners.Http1Https)}";
        H2cUrl = $"http://127.0.0.1:{Port(listeners.H2c)}";
        ExpiredHttpsUrl = $"https://localhost:{Port(listeners.Expired)}";
        WrongHostHttpsUrl = $"https://localhost:{Port(listeners.WrongHost)}";
        SelfSignedHttpsUrl = $"https://localhost:{Port(listeners.SelfSigned)}";
        ClientCertHttpsUrl = $"https://localhost:{Port(listeners.ClientCert)}";
        IntermediateHttpsUrl = $"https://localhost:{Port(listeners.Intermediate)}";
        RawTcpUrl = $"http://127.0.0.1:{raw.Port}";
        HttpIPv6Url = listeners.HttpIPv6 is null ? null : $"http://[::1]:{Port(listeners.HttpIPv6)}";
        HttpsIPv6Url = listeners.HttpsIPv6 is null ? null : $"https://[::1]:{Port(listeners.HttpsIPv6)}";
        HttpIPv6ZonedUrl = listeners.HttpIPv6 is null ? null : $"http://[::1%25{LoopbackZone()}]:{Port(listeners.HttpIPv6)}";
        UnixSocketPath = unixSocketPath;

        CaPemPath = Path.Combine(tempDirectory.FullName, "ca.pem");
        ClientCertPemPath = Path.Combine(tempDirectory.FullName, "client.pem");
        ClientKeyPemPath = Path.Combine(tempDirectory.FullName, "client.key");
        ClientPfxPath = Path.Combine(tempDirectory.FullName, "client.pfx");
        File.WriteAllText(CaPemPath, certificates.CaPublic.ExportCertificatePem());
        File.WriteAllText(ClientCertPemPath, certificates.Client.ExportCertificatePem());
        File.WriteAllText(ClientKeyPemPath, certificates.Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        // Export as .NET 8 has it (the engine tests also run there): on Linux it encrypts with 3DES (PBE-SHA1), which
        // OpenSSL 3 loads without its legacy provider (no RC2), as .NET does.
        File.WriteAllBytes(ClientPfxPath, certificates.Client.Export(X509ContentType.Pkcs12, ClientPfxPassword));
    }

    /// <summary>Starts a new server on free loopback ports; it is listening when the task completes.</summary>
    public static Task<TestServerHost> StartAsync() => StartCoreAsync(shared: false);

    /// <summary>
    /// One server per process, started on first use, for test assemblies and fixtures that share it.
    /// Disposing the shared instance does nothing; it lives until the process exits.
    /// </summary>
    public static Task<TestServerHost> GetSharedAsync() => SharedInstance.Value;

    private static async Task<TestServerHost> StartCoreAsync(bool shared)
    {
        var tempDirectory = Directory.CreateTempSubdirectory("httpx-testserver-");
        var certificates = Certificates.Create();
        var inflight = new InflightTracker();
        var digest = new DigestAuthEndpoint();
        var unixSocketPath = Path.Combine(tempDirectory.FullName, "kestrel.sock");
        var listeners = new Listeners();

        var builder = QuietKestrelBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            ConfigureLimits(k.Limits);
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                listeners.Http = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(Tls(certificates.Leaf, certificates.CaPublic));
                listeners.Https = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                o.UseHttps(Tls(certificates.Leaf, certificates.CaPublic));
                listeners.Http1Https = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http2; // h2c with prior knowledge
                listeners.H2c = o;
            });
            k.ListenUnixSocket(unixSocketPath, o => o.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(Tls(certificates.ExpiredLeaf, certificates.CaPublic));
                listeners.Expired = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(Tls(certificates.WrongHostLeaf, certificates.CaPublic));
                listeners.WrongHost = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(Tls(certificates.SelfSignedLeaf));
                listeners.SelfSigned = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                var tls = Tls(certificates.Leaf, certificates.CaPublic);
                tls.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // Only certificates chained to our CA; the machine's trust store plays no part.
                tls.ClientCertificateValidation = (certificate, _, _) => certificates.IsIssuedByCa(certificate);
                o.UseHttps(tls);
                listeners.ClientCert = o;
            });
            k.Listen(IPAddress.Loopback, 0, o =>
            {
                o.Protocols = HttpProtocols.Http1AndHttp2;
                o.UseHttps(Tls(certificates.IntermediateLeaf, certificates.IntermediatePublic, certificates.CaPublic));
                listeners.Intermediate = o;
            });
            // IPv6 literals end to end (Host header, certificate checked by IP, redirects, cookies). Skipped where the
            // machine has no ::1 (IPv6 switched off in a container), so that the rest of the server still starts.
            if (IPv6LoopbackAvailable())
            {
                k.Listen(IPAddress.IPv6Loopback, 0, o =>
                {
                    o.Protocols = HttpProtocols.Http1;
                    listeners.HttpIPv6 = o;
                });
                k.Listen(IPAddress.IPv6Loopback, 0, o =>
                {
                    o.Protocols = HttpProtocols.Http1AndHttp2;
                    o.UseHttps(Tls(certificates.Leaf, certificates.CaPublic));
                    listeners.HttpsIPv6 = o;
                });
            }
        });

        var app = builder.Build();
        MapEndpoints(app, inflight, digest);

        var raw = new RawTcpServer();
        try
        {
            await app.StartAsync();
            raw.Start();
        }
        catch
        {
            await app.DisposeAsync();
            await raw.DisposeAsync();
            certificates.Dispose();
            tempDirectory.Delete(recursive: true);
            throw;
        }

        var host = new TestServerHost(app, raw, certificates, inflight, tempDirectory, shared, listeners, unixSocketPath);
        if (shared)
        {
            // Nobody disposes the shared instance; at least leave no temp files behind.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => host.DeleteTempDirectory();
        }
        return host;
    }

    /// <summary>
    /// A Kestrel app builder with routing and nothing else: the empty builder brings no configuration files,
    /// environment URLs, file watchers or logging providers, so nothing from the machine leaks in and nothing is
    /// printed. Also for the test servers of their own (<see cref="SingleStreamH2cServer"/>).
    /// </summary>
    internal static WebApplicationBuilder QuietKestrelBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        // Streaming and hanging requests would otherwise hold shutdown for the default 30 s.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        return builder;
    }

    private static void ConfigureLimits(KestrelServerLimits limits)
    {
        limits.MaxConcurrentConnections = null;
        limits.MaxConcurrentUpgradedConnections = null;
        limits.MaxRequestBodySize = null;
        // Slow-client tests must not be cut off by Kestrel's minimum data rates.
        limits.MinRequestBodyDataRate = null;
        limits.MinResponseDataRate = null;
        limits.MaxRequestLineSize = 64 * 1024;
        limits.MaxRequestHeadersTotalSize = 256 * 1024;
        limits.MaxRequestHeaderCount = 1000;
        limits.Http2.MaxStreamsPerConnection = 1000;
        limits.Http2.MaxRequestHeaderFieldSize = 64 * 1024;
        limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
        limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
    }

    /// <summary>TLS with <paramref name="leaf"/> and the CA certificates above it (<paramref name="chain"/>, from its issuer up).</summary>
    private static HttpsConnectionAdapterOptions Tls(X509Certificate2 leaf, params X509Certificate2[] chain)
    {
        var options = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = leaf,
            ClientCertificateMode = ClientCertificateMode.NoCertificate,
            CheckCertificateRevocation = false,
            // Kestrel's default (10 s) drops a TLS handshake that a client's starved thread pool has not finished:
            // a test that blocks 64 pool threads in the sync API saw "disconnected before the HTTP/2 handshake".
            // Every test sets its own limit; the server should never be the one that gives up first.
            HandshakeTimeout = TimeSpan.FromMinutes(5),
        };
        if (chain.Length > 0)
        {
            // Lets SslStream build the chain context offline, and sends the intermediates. (.NET leaves a self-signed
            // root out of what it sends, so clients still have to trust the CA: CaPemPath / CaCertificate.)
            options.ServerCertificateChain = [.. chain];
        }
        return options;
    }

    private static void MapEndpoints(IEndpointRouteBuilder app, InflightTracker inflight, DigestAuthEndpoint digest)
    {
        EchoEndpoints.Map(app);
        BytesEndpoints.Map(app);
        StreamingEndpoints.Map(app);
        EncodingEndpoints.Map(app);
        ContentEndpoints.Map(app);
        RedirectEndpoints.Map(app);
        CookieEndpoints.Map(app);
        AuthEndpoints.Map(app);
        PagedEndpoints.Map(app);
        FlakyEndpoints.Map(app);
        digest.Map(app);
        InflightEndpoints.Map(app, inflight);
    }

    // The loopback interface as a zone: "lo" on Linux, "lo0" on macOS; Windows' name has spaces, so its index.
    private static string LoopbackZone()
    {
        var loopback = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .First(i => i.NetworkInterfaceType == System.Net.NetworkInformation.NetworkInterfaceType.Loopback);
        return loopback.Name.All(char.IsAsciiLetterOrDigit) ? loopback.Name : loopback.GetIPProperties().GetIPv6Properties().Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IPv6LoopbackAvailable()
    {
        if (!Socket.OSSupportsIPv6) return false;
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Port(ListenOptions? options)
        => options?.IPEndPoint is { Port: > 0 } endPoint
            ? endPoint.Port
            : throw new InvalidOperationException("Kestrel did not report a bound port.");

    private void DeleteTempDirectory()
    {
        try
        {
            _tempDirectory.Refresh();
            if (_tempDirectory.Exists)
            {
                _tempDirectory.Delete(recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: it is a temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_shared || Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            await _raw.DisposeAsync();
            _certificates.Dispose();
            DeleteTempDirectory();
        }
    }

    /// <summary>Filled in by the Listen callbacks; their EndPoint holds the real port once Kestrel has bound.</summary>
    private sealed class Listeners
    {
        public ListenOptions? Http;
        public ListenOptions? Https;
        public ListenOptions? Http1Https;
        public ListenOptions? H2c;
        public ListenOptions? Expired;
        public ListenOptions? WrongHost;
        public ListenOptions? SelfSigned;
        public ListenOptions? ClientCert;
        public ListenOptions? Intermediate;
        public ListenOptions? HttpIPv6;
        public ListenOptions? HttpsIPv6;
    }
}
