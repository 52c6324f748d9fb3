using System.Collections;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Creates an engine Client (HTTPX's <c>httpx.Client(...)</c>): its own connection pool, default headers, params,
/// cookies (a jar that keeps Set-Cookie between calls, optionally loaded from and saved to a curl cookies.txt), auth,
/// timeouts, proxies, mounts and event hooks. Pass it to Invoke-Httpx -Client; close it with Close-HttpxClient
/// ($client.Dispose() closes it too, but does not save the -CookieFile).
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxClient")]
[OutputType(typeof(Client))]
public sealed class NewHttpxClientCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    public string? BaseUrl { get; set; }

    [Parameter]
    public IDictionary? Headers { get; set; }

    [Parameter]
    public object? Params { get; set; }

    /// <summary>A hashtable of name to value, an Httpx.Cookies jar, a CookieContainer, an Invoke-WebRequest session, or Httpx/.NET Cookies (one or a list).</summary>
    [Parameter]
    public object? Cookies { get; set; }

    /// <summary>
    /// A curl/Netscape cookies.txt (curl -b/-c): its cookies are loaded now (a missing file starts an empty jar, as
    /// curl's cookie jar does) and Close-HttpxClient saves the jar back to it.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CookieFile { get; set; }

    /// <summary>An Httpx.Auth (New-HttpxAuth) or a PSCredential (Basic auth).</summary>
    [Parameter]
    public object? Auth { get; set; }

    /// <summary>As Invoke-Httpx -Timeout, with its -TimeoutSec and -ConnectionTimeoutSeconds aliases (Invoke-WebRequest's names).</summary>
    [Parameter]
    [Alias("TimeoutSec", "ConnectionTimeoutSeconds")]
    [HttpxTimeoutArgument]
    public HttpxTimeout? Timeout { get; set; }

    /// <summary>Most connections at once; $null: no limit.</summary>
    [Parameter]
    [ValidatePoolLimit(1, "no limit")]
    public int? MaxConnections { get; set; }

    /// <summary>Most idle connections kept; $null: no limit.</summary>
    [Parameter]
    [ValidatePoolLimit(0, "no limit")]
    public int? MaxKeepAliveConnections { get; set; }

    /// <summary>Seconds (or a TimeSpan) an idle connection is kept; $null: no expiry.</summary>
    [Parameter]
    [SecondsArgument]
    [ValidatePoolLimit(0, "no expiry")]
    public double? KeepAliveExpiry { get; set; }

    /// <summary>Offer HTTP/2 (ALPN on https).</summary>
    [Parameter]
    public SwitchParameter Http2 { get; set; }

    /// <summary>Turn HTTP/1.1 off: needs -Http2 (http:// URLs then use h2c with prior knowledge).</summary>
    [Parameter]
    public SwitchParameter NoHttp1 { get; set; }

    [Parameter]
    [Alias("SkipCertificateCheck")]
    public SwitchParameter NoVerify { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [CaBundleArgument]
    public string? Verify { get; set; }

    /// <summary>A client certificate with its key: an X509Certificate2, or HTTPX's cert (see <see cref="ClientCertificateArgumentAttribute"/>).</summary>
    [Parameter]
    [ClientCertificateArgument]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A proxy URL, or a hashtable from URL pattern ("all://", "https://", "all://*.example.com") to a proxy URL or $null (direct).</summary>
    [Parameter]
    public object? Proxy { get; set; }

    /// <summary>A hashtable from URL pattern to a transport (New-HttpxTransport, New-HttpxMockTransport), or $null for the default one.</summary>
    [Parameter]
    public IDictionary? Mounts { get; set; }

    /// <summary>Replaces the default transport (New-HttpxTransport, New-HttpxMockTransport).</summary>
    [Parameter]
    public ITransport? Transport { get; set; }

    /// <summary>Run with each request just before it is sent ($_ is the request), on the pipeline thread.</summary>
    [Parameter]
    public ScriptBlock[]? OnRequest { get; set; }

    /// <summary>Run with each response as soon as its headers arrive ($_ is the response), on the pipeline thread.</summary>
    [Parameter]
    public ScriptBlock[]? OnResponse { get; set; }

    /// <summary>
    /// HTTPX's event_hooks: <c>@{ Request = {...}; Response = {...}, {...} }</c>, taken as <c>$client.EventHooks =</c>
    /// takes it (see <see cref="EventHooksArgumentAttribute"/>), its hooks run as -OnRequest and -OnResponse ones.
    /// </summary>
    [Parameter]
    [EventHooksArgument]
    public EventHooks? EventHooks { get; set; }

    [Parameter]
    public SwitchParameter FollowRedirects { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxRedirects { get; set; } = 20;

    [Parameter]
    public SwitchParameter AllowInsecureRedirect { get; set; }

    /// <summary>
    /// Text encoding when Content-Type names none (e.g. 'latin-1'), or a scriptblock that guesses it from the body's
    /// bytes (HTTPX's callable default_encoding; see <see cref="ScriptBlockEncoding"/>).
    /// </summary>
    [Parameter]
    public object? DefaultEncoding { get; set; }

    [Parameter]
    public SwitchParameter NoTrustEnv { get; set; }

    // Settings of the transport the client makes: with -Transport there is none (HTTPX ignores them then, without a
    // word), so they are refused rather than lost. With -Proxy they still configure the proxy's transports.
    private static readonly string[] DefaultTransportParameters =
        { nameof(Http2), nameof(NoHttp1), nameof(NoVerify), nameof(Verify), nameof(Certificate), nameof(MaxConnections), nameof(MaxKeepAliveConnections), nameof(KeepAliveExpiry) };

    protected override void BeginProcessing()
    {
        // Refused rather than joined: HTTPX has one event_hooks, and the order of two lists of the same kind would be a
        // guess (a signing hook must run after the hooks that change the request). A $null one is no hook, no clash.
        var hookClash = EventHooks is null ? null : OnRequest is not null ? nameof(OnRequest) : OnResponse is not null ? nameof(OnResponse) : null;
        if (hookClash is not null)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(
                new ArgumentException($"-EventHooks cannot be combined with -{hookClash}: both set the client's hooks, and which ran first would be a guess; give them all in -EventHooks, as @{{ Request = {{...}}, {{...}}; Response = {{...}} }}."), hookClash));
        if (PowerShellValues.Unwrap(Transport) is null || MyInvocation.BoundParameters.ContainsKey(nameof(Proxy))) return;
        var clash = DefaultTransportParameters.FirstOrDefault(MyInvocation.BoundParameters.ContainsKey);
        if (clash is not null)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(
                new ArgumentException($"-{clash} cannot be combined with -Transport: it sets up the transport the client would make, and -Transport replaces it; set it on New-HttpxTransport."), clash));
    }

    protected override void ProcessRecord()
    {
        try
        {
            var limits = Limits.Default;
            // Given as $null: HTTPX's None, no limit (no expiry).
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(MaxConnections))) limits = limits with { MaxConnections = MaxConnections };
            if (bound.ContainsKey(nameof(MaxKeepAliveConnections))) limits = limits with { MaxKeepAliveConnections = MaxKeepAliveConnections };
            if (bound.ContainsKey(nameof(KeepAliveExpiry))) limits = limits with { KeepAliveExpiry = KeepAliveExpiry };
            var (http1, http2) = PowerShellValues.ToHttpVersions(Http2, NoHttp1);
            // A path of another provider (variable:jar.txt) is refused: the process's folder's jar.txt was read and written.
            var cookieFile = CookieFile is null ? null : FilePaths.InFileSystem(SessionState.Path, CookieFile, nameof(CookieFile));
            var options = new ClientOptions
            {
                BaseUrl = PowerShellValues.TrimUrl(BaseUrl), // as -Uri and $client.BaseUrl = are
                Headers = EngineHeaders(),
                Params = PowerShellValues.ToQueryParams(Params, nameof(Params)),
                Cookies = CookieJar(cookieFile),
                Auth = PowerShellValues.ToAuth(Auth),
                Timeout = HttpxTimeout.OfParameter(Timeout, MyInvocation.BoundParameters.ContainsKey(nameof(Timeout))) ?? Httpx.Timeout.Default,
                Limits = limits,
                Http1 = http1,
                Http2 = http2,
                Verify = PowerShellValues.ToVerify(NoVerify, Verify, SessionState.Path),
                ClientCertificate = Certificate,
                // Not the module default (Set-HttpxProxy): like an HTTPX client, its own settings and the environment's only.
                Proxy = ProxyRouting.ToEngineSetting(Proxy),
                Transport = PowerShellValues.Unwrap(Transport) as ITransport,
                Mounts = Mounts is null ? null : MountsFrom(Mounts),
                EventHooks = EventHooks ?? ScriptBlockHooks.Create(OnRequest, OnResponse),
                FollowRedirects = FollowRedirects,
                MaxRedirects = MaxRedirects,
                AllowInsecureRedirects = AllowInsecureRedirect,
                DefaultEncoding = ScriptBlockEncoding.ToEngineValue(DefaultEncoding),
                TrustEnv = !NoTrustEnv,
            };
            var client = new Client(options);
            if (cookieFile is not null) ModuleState.CookieFiles.AddOrUpdate(client, cookieFile);
            WriteObject(client);
        }
        catch (CookieFileException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(e.InnerException!, e.Path));
        }
        catch (Exception e) when (e is ArgumentException or HttpxException or IOException or System.Security.Cryptography.CryptographicException)
        {
            // A bad parameter value is the target when the error names one of ours (-NoHttp1, -Verify...), as for
            // New-HttpxTransport; anything else is about the client for -BaseUrl.
            var parameter = (e as ArgumentException)?.ParamName;
            object? target = ErrorRecordFactory.SettingTarget(e, Proxy, Verify, Certificate,
                otherwise: parameter is not null && MyInvocation.MyCommand.Parameters.ContainsKey(parameter) ? parameter : BaseUrl);
            ThrowTerminatingError(ErrorRecordFactory.Create(e, target));
        }
        catch (ObjectDisposedException e) when (e.ObjectName == nameof(HttpTransport))
        {
            // A -Transport or -Mounts transport its owner disposed: Httpx.TransportClosed now, not at the first request;
            // the target is the -Mounts key, or the -Transport given.
            ThrowTerminatingError(ErrorRecordFactory.Create(e, ErrorRecordFactory.RefusedPattern(e) ?? PowerShellValues.Unwrap(Transport)));
        }
    }

    /// <summary>
    /// -Headers as the engine checks a request's headers (every request sends them), here rather than in the Client: a
    /// bad name or value is reported against -Headers, as a bad -Params is against -Params (the engine names its own
    /// 'name' or 'value', and the error's target was then -BaseUrl's value, or none); a non-ASCII value is refused
    /// here, as Invoke-Httpx -Headers refuses it, not by every request the client sends.
    /// </summary>
    private Httpx.Headers? EngineHeaders()
    {
        if (PowerShellValues.ToHeaders(Headers) is not { } headers) return null;
        try
        {
            return Httpx.Headers.ForRequest(headers);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(ErrorRecordFactory.BareMessage(e), nameof(Headers), e);
        }
    }

    /// <summary>-Cookies (a jar is used as it is), with the cookies of -CookieFile loaded first when given.</summary>
    private object? CookieJar(string? cookieFile)
    {
        var given = PowerShellValues.ToCookies(Cookies);
        if (cookieFile is null) return given;
        var loaded = new Httpx.Cookies();
        try
        {
            // A missing file is an empty jar that Close-HttpxClient creates; a malformed one names its file and line.
            if (File.Exists(cookieFile)) loaded.LoadFrom(cookieFile);
            else if (Directory.Exists(cookieFile)) throw new IOException($"-CookieFile '{cookieFile}' is a folder, not a cookies.txt file.");
            // Said now rather than when Close-HttpxClient cannot save the jar there.
            else if (FilePaths.MissingFolderOf(cookieFile) is { } folder)
                throw new DirectoryNotFoundException($"-CookieFile '{cookieFile}': the folder '{folder}' does not exist.");
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new CookieFileException(cookieFile, e);
        }
        // Cookies given by hand replace those of the file with the same name, whatever their domain.
        if (given is not null) loaded.Override(Httpx.Cookies.From(given));
        return loaded;
    }

    /// <summary>A failure to read -CookieFile: reported with the file as target.</summary>
    private sealed class CookieFileException(string path, Exception inner) : Exception(inner.Message, inner)
    {
        public string Path { get; } = path;
    }

    private static Dictionary<string, ITransport?> MountsFrom(IDictionary mounts)
    {
        var result = new Dictionary<string, ITransport?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in mounts)
        {
            var pattern = Convert.ToString(PowerShellValues.Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            result[pattern] = PowerShellValues.Unwrap(entry.Value) switch
            {
                null => null,
                ITransport transport => transport,
                var other => throw new ArgumentException($"-Mounts '{pattern}': expected a transport (New-HttpxTransport, New-HttpxMockTransport) or $null, not {other.GetType().FullName}.", nameof(Mounts)),
            };
        }
        return result;
    }
}
