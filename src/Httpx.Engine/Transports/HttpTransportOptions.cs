using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Httpx;

/// <summary>Settings of <see cref="HttpTransport"/>, as HTTPX's <c>HTTPTransport(...)</c> arguments.</summary>
public sealed record HttpTransportOptions
{
    /// <summary>
    /// Server certificate verification: true (the system trust store), false (no checks), a path to a CA bundle file
    /// or a directory of CA files, an <see cref="X509Certificate2Collection"/> of trusted roots, or a
    /// <see cref="TlsVerification"/> for full control.
    /// </summary>
    public object Verify { get; init => field = Unfixed(value, nameof(Verify), "-Verify or -NoVerify"); } = true;

    /// <summary>
    /// With <see cref="Verify"/> true, trust the CA bundle that SSL_CERT_FILE (else SSL_CERT_DIR) names instead of the
    /// system store, as HTTPX's <c>HTTPTransport(trust_env=True)</c>, its default. A client applies its own
    /// environment to the transports it makes (their options then say false).
    /// </summary>
    public bool TrustEnv { get; init => field = Unfixed(value, nameof(TrustEnv), "-NoTrustEnv"); } = true;

    /// <summary>A client certificate for TLS client authentication.</summary>
    public X509Certificate2? ClientCertificate { get; init => field = Unfixed(value, nameof(ClientCertificate), "-Certificate"); }

    public bool Http1 { get; init => field = Unfixed(value, nameof(Http1), "-NoHttp1"); } = true;

    /// <summary>Offer HTTP/2 (ALPN on https). With <see cref="Http1"/> off, http:// URLs use h2c with prior knowledge.</summary>
    public bool Http2 { get; init => field = Unfixed(value, nameof(Http2), "-Http2"); }

    public Limits Limits { get; init => field = Unfixed(value, nameof(Limits), "-MaxConnections, -MaxKeepAliveConnections, -KeepAliveExpiry"); } = Limits.Default;

    /// <summary>
    /// How many times to retry a connection that fails to establish (ConnectError or ConnectTimeout): its TCP connect or
    /// its TLS handshake, counted together, as httpcore's connect step retries both.
    /// </summary>
    public int Retries { get; init => field = Unfixed(value, nameof(Retries), "-Retries"); }

    /// <summary>The local IP address to connect from (IPv4 or IPv6).</summary>
    public IPAddress? LocalAddress { get; init => field = Unfixed(value, nameof(LocalAddress), "-LocalAddress"); }

    /// <summary>Connect to this Unix domain socket instead of the URL's host and port.</summary>
    public string? Uds { get; init => field = Unfixed(value, nameof(Uds), "-UnixSocket"); }

    /// <summary>A proxy for every request of this transport (HTTPX's <c>HTTPTransport(proxy=...)</c>), or null for direct connections.</summary>
    public Proxy? Proxy { get; init => field = Unfixed(value, nameof(Proxy), "-Proxy"); }

    /// <summary>
    /// How long an idle connection beyond <see cref="Limits.MaxKeepAliveConnections"/> is kept before it is closed: long
    /// enough that back-to-back requests of a busy client reuse it, short enough that the pool shrinks after a burst.
    /// </summary>
    internal TimeSpan IdleTrimDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The timeout used when a request carries none.</summary>
    public Timeout DefaultTimeout { get; init => field = Unfixed(value, nameof(DefaultTimeout), null); } = Timeout.Default;

    /// <summary>
    /// Credentials for the handler's own connection-bound schemes (NTLM, Negotiate). Internal: only the transports a
    /// client builds for <see cref="HandlerAuth"/> set it, with a cache limited to one origin and one scheme, so every
    /// other transport keeps the handler's credentials switched off.
    /// </summary>
    internal ICredentials? Credentials { get; init; }

    /// <summary>
    /// The options a transport keeps, fixed (<see cref="Internal.FixedInstances{T}"/>): it builds its handler, pool and
    /// limits from them when it is made. A copy of <paramref name="given"/> (whose owner may still set it up for another
    /// transport) with a copy of its limits; options already fixed are kept as they are.
    /// </summary>
    internal static HttpTransportOptions FixedCopy(HttpTransportOptions given) =>
        Internal.FixedInstances<HttpTransportOptions>.Copy(given, options => options with { Limits = Limits.FixedCopy(options.Limits) });

    /// <summary>
    /// <paramref name="value"/>, or the refusal for a transport's options. <paramref name="parameter"/> is New-HttpxTransport's
    /// parameter for the setting (null: it has none), named as the Limits refusal names its own: Options.Uds is -UnixSocket there.
    /// </summary>
    private T Unfixed<T>(T value, string name, string? parameter) => !Internal.FixedInstances<HttpTransportOptions>.Contains(this) ? value
        : throw new InvalidOperationException($"A transport's settings are fixed when it is made, so its Options.{name} is not changed here: make a new transport with the setting ({(parameter is null ? "" : $"New-HttpxTransport {parameter}, or ")}[Httpx.HttpTransport]::new() with [Httpx.HttpTransportOptions] set up first).");
}
