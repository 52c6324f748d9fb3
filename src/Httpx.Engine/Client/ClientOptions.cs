using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Httpx;

/// <summary>Everything HTTPX's <c>Client(...)</c> takes, as one options object.</summary>
public sealed record ClientOptions
{
    // Printed with URL passwords and auth secrets masked (Internal.OptionsText).
    private bool PrintMembers(System.Text.StringBuilder builder) => Internal.OptionsText.PrintMembers(this, builder);

    /// <summary>Prefix for relative request URLs (a trailing slash is added when missing, as HTTPX does).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Headers sent with every request (a dictionary, a Headers, or name/value pairs); request headers win.</summary>
    public object? Headers { get; init; }

    /// <summary>Query parameters added to every request; request parameters of the same name win.</summary>
    public object? Params { get; init; }

    /// <summary>Cookies sent with every request (a Cookies jar, a name to value dictionary, or a CookieContainer), copied into the client's jar.</summary>
    public object? Cookies { get; init; }

    /// <summary>Authentication for every request (an Auth, a (user, password) pair, a function).</summary>
    public object? Auth { get; init; }

    public Timeout Timeout { get; init; } = Timeout.Default;

    public Limits Limits { get; init; } = Limits.Default;

    public bool Http1 { get; init; } = true;

    public bool Http2 { get; init; }

    /// <summary>See <see cref="HttpTransportOptions.Verify"/>.</summary>
    public object Verify { get; init; } = true;

    /// <summary>A client certificate with its private key (see <see cref="Cert"/> for paths).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// HTTPX's <c>cert</c>: an X509Certificate2, a PKCS#12 or PEM (certificate and key) path, (certificate path, key
    /// path[, key password]) or (PKCS#12 path, password); see <see cref="ClientCertificateLoader"/>. Not with <see cref="ClientCertificate"/>.
    /// </summary>
    public object? Cert { get; init; }

    /// <summary>
    /// HTTPX's <c>proxy</c>: a proxy URL (string, Url, Uri) or <see cref="Httpx.Proxy"/> for every request, or a mapping
    /// (IDictionary, a PowerShell hashtable) from URL patterns (<c>"all://"</c>, <c>"https://"</c>,
    /// <c>"all://*.example.com"</c>, <c>"http://host:8080"</c>...) to a proxy, or to null for "no proxy". When null and
    /// <see cref="TrustEnv"/> is on (and neither a <see cref="Transport"/> nor a <see cref="Uds"/> is given), HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY apply; on Windows, when none is set, the system proxy (<see cref="WindowsProxySettings"/>).
    /// </summary>
    public object? Proxy { get; init; }

    /// <summary>Connect retries for the default transport.</summary>
    public int Retries { get; init; }

    public IPAddress? LocalAddress { get; init; }

    /// <summary>
    /// Connect to this Unix domain socket instead of the URL's host and port (HTTPX's <c>HTTPTransport(uds=...)</c>):
    /// every connection, so the environment's proxies do not apply, and a <see cref="Proxy"/> is refused with it.
    /// </summary>
    public string? Uds { get; init; }

    /// <summary>Replaces the default transport (a MockTransport in tests, say).</summary>
    public ITransport? Transport { get; init; }

    /// <summary>Transports for URL patterns (<c>"all://"</c>, <c>"https://example.com"</c>, ...); a null transport means the default one.</summary>
    public IDictionary<string, ITransport?>? Mounts { get; init; }

    public EventHooks? EventHooks { get; init; }

    public bool FollowRedirects { get; init; }

    public int MaxRedirects { get; init; } = 20;

    /// <summary>
    /// Follow redirects from https to http (off by default: they are refused with <c>InsecureRedirectException</c>,
    /// since the next request would go out in clear text). Not in HTTPX, which follows them.
    /// </summary>
    public bool AllowInsecureRedirects { get; init; }

    /// <summary>Text encoding when Content-Type names none: an encoding name, or a <c>Func&lt;byte[], string?&gt;</c> that guesses one.</summary>
    public object? DefaultEncoding { get; init; }

    /// <summary>
    /// Read proxies (HTTP_PROXY..., and on Windows the system proxy when no proxy variable is set), CA bundles (SSL_CERT_FILE, SSL_CERT_DIR) and SSLKEYLOGFILE from the environment. (.netrc
    /// is read only by <see cref="NetRCAuth"/>, as in HTTPX; on Linux, .NET's OpenSSL reads SSL_CERT_FILE/DIR for the
    /// system store itself, also with this off.)
    /// </summary>
    public bool TrustEnv { get; init; } = true;
}
