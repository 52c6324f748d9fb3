using System.Management.Automation;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// New-HttpxTransport: an HTTP transport with its own settings (HTTPX's <c>httpx.HTTPTransport(...)</c>), for
/// -Transport of New-HttpxClient or as a mount. Each transport has its own connection pool.
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxTransport")]
[OutputType(typeof(HttpTransport))]
public sealed class NewHttpxTransportCommand : PSCmdlet
{
    /// <summary>Offer HTTP/2 (ALPN over TLS).</summary>
    [Parameter]
    public SwitchParameter Http2 { get; set; }

    /// <summary>Turn HTTP/1.1 off: with -Http2, http:// URLs use h2c with prior knowledge.</summary>
    [Parameter]
    public SwitchParameter NoHttp1 { get; set; }

    [Parameter]
    [ValidateRange(0, 100)]
    public int Retries { get; set; }

    [Parameter]
    public IPAddress? LocalAddress { get; set; }

    [Parameter]
    [Alias("Uds")]
    [ValidateNotNullOrEmpty]
    public string? UnixSocket { get; set; }

    /// <summary>Skip server certificate verification.</summary>
    [Parameter]
    [Alias("SkipCertificateCheck")]
    public SwitchParameter NoVerify { get; set; }

    /// <summary>A CA bundle file (PEM) or a directory of CA files to trust instead of the system store.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [CaBundleArgument]
    public string? Verify { get; set; }

    /// <summary>A client certificate with its key: an X509Certificate2, or HTTPX's cert (see <see cref="ClientCertificateArgumentAttribute"/>).</summary>
    [Parameter]
    [ValidateNotNull]
    [ClientCertificateArgument]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Most connections at once; $null: no limit.</summary>
    [Parameter]
    [ValidatePoolLimit(1, "no limit")]
    public int? MaxConnections { get; set; } = Limits.Default.MaxConnections;

    /// <summary>Most idle connections kept; $null: no limit.</summary>
    [Parameter]
    [ValidatePoolLimit(0, "no limit")]
    public int? MaxKeepAliveConnections { get; set; } = Limits.Default.MaxKeepAliveConnections;

    /// <summary>Seconds (or a TimeSpan) an idle connection is kept for reuse; $null: no expiry.</summary>
    [Parameter]
    [SecondsArgument]
    [ValidatePoolLimit(0, "no expiry")]
    public double? KeepAliveExpiry { get; set; } = Limits.Default.KeepAliveExpiry;

    /// <summary>A proxy URL for every request of this transport (http, https, socks4, socks4a, socks5, socks5h).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ProxyUrlArgument]
    public string? Proxy { get; set; }

    /// <summary>Ignore SSL_CERT_FILE and SSL_CERT_DIR (HTTPX's trust_env=False); the system store is then trusted.</summary>
    [Parameter]
    public SwitchParameter NoTrustEnv { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var (http1, http2) = PowerShellValues.ToHttpVersions(Http2, NoHttp1);
            var options = new HttpTransportOptions
            {
                Http1 = http1,
                Http2 = http2,
                Retries = Retries,
                LocalAddress = LocalAddress,
                // Paths are relative to the PowerShell location, not the process's working directory; one of another
                // provider (variable:s.sock) is refused, as it named the process's folder's s.sock.
                Uds = UnixSocket is null ? null : FilePaths.InFileSystem(SessionState.Path, UnixSocket, nameof(UnixSocket)),
                Verify = PowerShellValues.ToVerify(NoVerify, Verify, SessionState.Path),
                TrustEnv = !NoTrustEnv,
                ClientCertificate = Certificate,
                Proxy = Proxy is null ? null : new Proxy(Proxy),
                Limits = new Limits
                {
                    MaxConnections = MaxConnections,
                    MaxKeepAliveConnections = MaxKeepAliveConnections,
                    KeepAliveExpiry = KeepAliveExpiry,
                },
            };
            WriteObject(new HttpTransport(options));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, ErrorRecordFactory.SettingTarget(e, Proxy, Verify, Certificate, otherwise: e.ParamName == "uds" ? nameof(UnixSocket) : e.ParamName)));
        }
    }
}
