using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Httpx.TestServer;

namespace Httpx.Bench;

/// <summary>
/// The two clients under comparison, configured alike: the engine's <see cref="Client"/> and a bare
/// <see cref="HttpClient"/> over a <see cref="SocketsHttpHandler"/> set up as the engine sets up its own handler
/// (no decompression, no redirects or cookies, same pool size and idle expiry, same HTTP version policy, the same
/// default request headers, trust in the test CA only), so that the ratio shows what the engine's layer costs.
/// </summary>
internal static class Contenders
{
    public const string EngineLabel = "Httpx.Client";
    public const string BareLabel = "HttpClient";

    public static Client Engine(TestServerHost server, bool http2) => http2
        ? new Client(new ClientOptions { Http2 = true, Verify = server.CaPemPath })
        : new Client();

    public static HttpClient Bare(TestServerHost server, bool http2)
    {
        var ca = server.CaCertificate;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Limits.Default.MaxConnections ?? int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(Limits.Default.KeepAliveExpiry ?? 5),
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustsTestCa(ca, certificate, errors),
            },
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        // The engine sends these on every request (HTTPX's defaults); send the same bytes.
        client.DefaultRequestHeaders.Accept.ParseAdd("*/*");
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd(ContentDecoding.AcceptEncoding);
        client.DefaultRequestHeaders.Connection.Add("keep-alive");
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Client.UserAgent);
        return client;
    }

    /// <summary>One GET through the engine, body read (the engine reads it before returning).</summary>
    public static async Task EngineGetAsync(Client client, string url)
    {
        using var response = await client.GetAsync(url).ConfigureAwait(false);
        EnsureOk(response.StatusCode, response.Content.Length);
    }

    public static void EngineGet(Client client, string url)
    {
        using var response = client.Get(url);
        EnsureOk(response.StatusCode, response.Content.Length);
    }

    /// <summary>One GET through the bare client, reading the whole body into an array as the engine does.</summary>
    public static async Task BareGetAsync(HttpClient client, string url)
    {
        using var response = await client.SendAsync(Get(client, url), HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        EnsureOk((int)response.StatusCode, body.Length);
    }

    /// <summary>The bare client's sync API: Send buffers the body, then we take it as an array.</summary>
    public static void BareGet(HttpClient client, string url)
    {
        using var response = client.Send(Get(client, url), HttpCompletionOption.ResponseContentRead);
        var body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        EnsureOk((int)response.StatusCode, body.Length);
    }

    /// <summary>
    /// A GET as HttpClient.GetAsync builds it: DefaultRequestVersion and DefaultVersionPolicy only apply to requests
    /// the client creates itself, not to a message we pass to Send.
    /// </summary>
    public static HttpRequestMessage Get(HttpClient client, string url) => new(HttpMethod.Get, url)
    {
        Version = client.DefaultRequestVersion,
        VersionPolicy = client.DefaultVersionPolicy,
    };

    private static void EnsureOk(int status, int bodyLength)
    {
        if (status != 200 || bodyLength == 0)
            throw new InvalidOperationException($"Benchmark request failed: status {status}, {bodyLength} body bytes.");
    }

    // Chain to the test CA only, as the engine does with Verify = CaPemPath (checked once per connection, so cheap either way).
    private static bool TrustsTestCa(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
