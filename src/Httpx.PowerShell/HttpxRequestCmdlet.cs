using System.Collections;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace Httpx.PowerShell;

/// <summary>
/// The parameters shared by Invoke-Httpx and New-HttpxRequest (method, query, headers, cookies, body, auth, timeout,
/// client and connection settings) and their translation into engine options. No HTTP logic: the engine merges,
/// encodes and sends.
/// </summary>
public abstract class HttpxRequestCmdlet : AsyncPipelineCmdlet
{
    /// <summary>Any method; -CustomMethod is Invoke-WebRequest's name for one outside its enum (PURGE), which -Method takes too.</summary>
    [Parameter(Position = 1)]
    [Alias("CustomMethod")]
    [ArgumentCompleter(typeof(HttpMethodCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Method { get; set; }

    /// <summary>Query parameters: a hashtable (a value may be an array for repeated names), a list of name/value pairs, a query string or an Httpx.QueryParams.</summary>
    [Parameter]
    public object? Params { get; set; }

    [Parameter]
    public IDictionary? Headers { get; set; }

    /// <summary>
    /// Headers as curl's -H: "Name: value" items, added after the -Headers entries (a repeated name adds a value).
    /// The tab-completable way to give headers: PowerShell does not complete the keys of a hashtable literal.
    /// </summary>
    [Parameter]
    [Alias("H")]
    [ArgumentCompleter(typeof(HeaderCompleter))]
    public string[]? Header { get; set; }

    /// <summary>
    /// The Content-Type header, as Invoke-WebRequest's -ContentType: the name its users paste, which -Header
    /// 'Content-Type: ...' was the only way to say. It replaces a Content-Type of -Headers, -Header, the client's and
    /// the body's own (-Json's application/json), as Invoke-WebRequest's does.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MediaTypeCompleter))]
    public string? ContentType { get; set; }

    /// <summary>A hashtable of name to value, an Httpx.Cookies jar, a CookieContainer, an Invoke-WebRequest session, or Httpx/.NET Cookies (one or a list).</summary>
    [Parameter]
    public object? Cookies { get; set; }

    /// <summary>Raw body: a string (UTF-8), byte[], Stream or FileInfo.</summary>
    [Parameter]
    [Alias("Body")]
    public object? Content { get; set; }

    /// <summary>
    /// A file to send as the body, by its path (relative to the current location), as Invoke-WebRequest -InFile: the same
    /// as -Content (Get-Item path). A parameter of its own, not an alias of -Content, which would send the path's text.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? InFile { get; set; }

    /// <summary>Form fields (url-encoded, or multipart with -Files or under a multipart Content-Type).</summary>
    [Parameter]
    public IDictionary? Data { get; set; }

    /// <summary>Field name to a path, FileInfo, or @{ Path = ...; FileName = ...; ContentType = ... }.</summary>
    [Parameter]
    public IDictionary? Files { get; set; }

    /// <summary>Any object, sent as JSON (up to 64 levels deep); a string is sent as it is, as JSON text.</summary>
    [Parameter]
    public object? Json { get; set; }

    /// <summary>An Httpx.Auth (New-HttpxAuth) or a PSCredential (Basic auth).</summary>
    [Parameter]
    public object? Auth { get; set; }

    /// <summary>
    /// Seconds (0: no limit) or @{ Connect = ..; Read = ..; Write = ..; Pool = .. } (missing keys: -Client's, else 5 s). -TimeoutSec is
    /// what Invoke-WebRequest users type, for the same seconds with 0 as no limit; -ConnectionTimeoutSeconds is its name
    /// since PowerShell 7.4 (TimeoutSec its alias there), the one Get-Help and tab completion show them.
    /// </summary>
    [Parameter]
    [Alias("TimeoutSec", "ConnectionTimeoutSeconds")]
    [HttpxTimeoutArgument]
    public HttpxTimeout? Timeout { get; set; }

    /// <summary>A client from New-HttpxClient: its connections, defaults, cookies and hooks are used.</summary>
    [Parameter]
    public Client? Client { get; set; }

    [Parameter]
    public string? BaseUrl { get; set; }

    [Parameter]
    public SwitchParameter FollowRedirects { get; set; }

    /// <summary>
    /// The limit of -FollowRedirects. -MaximumRedirection is Invoke-WebRequest's name: given without -FollowRedirects it is
    /// refused with the advice to add it (or, for 0, to leave it out: no redirect is followed by default).
    /// </summary>
    [Parameter]
    [Alias("MaximumRedirection")]
    [ValidateRange(0, int.MaxValue)]
    public int MaxRedirects { get; set; } = 20;

    /// <summary>Follow redirects from https to http (refused by default).</summary>
    [Parameter]
    public SwitchParameter AllowInsecureRedirect { get; set; }

    [Parameter]
    public SwitchParameter Http2 { get; set; }

    [Parameter]
    [Alias("SkipCertificateCheck")]
    public SwitchParameter NoVerify { get; set; }

    /// <summary>A CA bundle (PEM file) or folder of CA files to verify the server with.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [CaBundleArgument(NoVerifyOf = "Invoke-Httpx")]
    public string? Verify { get; set; }

    /// <summary>A client certificate with its key: an X509Certificate2, or HTTPX's cert (see <see cref="ClientCertificateArgumentAttribute"/>).</summary>
    [Parameter]
    [ClientCertificateArgument]
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A proxy URL for this call (else the module default from Set-HttpxProxy, else the environment's).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ProxyUrlArgument]
    public string? Proxy { get; set; }

    /// <summary>Ignore HTTP_PROXY/HTTPS_PROXY/ALL_PROXY/NO_PROXY, SSL_CERT_FILE and SSL_CERT_DIR (a .netrc is only read through New-HttpxAuth -NetRC, as in HTTPX).</summary>
    [Parameter]
    public SwitchParameter NoTrustEnv { get; set; }

    private static readonly string[] ConnectionParameters = { nameof(Http2), nameof(NoVerify), nameof(Verify), nameof(Certificate), nameof(Proxy), nameof(NoTrustEnv), nameof(BaseUrl) };

    /// <summary>True when a body parameter is given (the method then defaults to POST).</summary>
    protected bool HasBody => Content is not null || InFile is not null || Data is not null || Files is not null || Json is not null;

    // -InFile's file, resolved and checked in CheckClientParameters: from then on the body is as a FileInfo -Content's.
    private FileInfo? _inFile;

    /// <summary>The raw body: -Content, or the file -InFile names.</summary>
    private object? RawBody => _inFile ?? PowerShellValues.Unwrap(Content);

    /// <summary>
    /// The method of one item: -Method, else the Method property of the piped object the URL came from (-Method given
    /// wins, as a parameter bound by name is not bound again from the pipeline), else POST with a body and GET without.
    /// </summary>
    protected string MethodFor(UrlArgument? item) => Method ?? item?.Method ?? (HasBody ? "POST" : "GET");

    /// <summary>
    /// The error of a piped object whose Method is no token (a typo in a Method column), for that item only, saying
    /// where the method came from; null when it is one, or when -Method is given (and wins).
    /// </summary>
    protected static ArgumentException? BadPipedMethod(UrlArgument? item, string? methodGiven)
    {
        if (methodGiven is not null || item?.Method is not { } method) return null;
        try
        {
            Request.CheckMethod(method);
            return null;
        }
        catch (ArgumentException e)
        {
            return new ArgumentException($"The Method of the piped object (the error's target) is no method: {ErrorRecordFactory.BareMessage(e)}", nameof(Method), e);
        }
    }

    private object _verify = true;
    private List<MultipartFile>? _files;
    private ClientOptions? _clientOptions;

    /// <summary>
    /// Called from BeginProcessing, on the pipeline thread: refuses two bodies at once, resolves the file parameters
    /// (-Verify, -Files) once per command, and refuses connection settings next to -Client (they belong to the client:
    /// New-HttpxClient).
    /// </summary>
    protected void CheckClientParameters()
    {
        CheckOneBody();
        try
        {
            // Paths are PowerShell paths (relative to its location, ~ and drives), resolved here on the pipeline thread
            // and once per command (none of these is pipeline-bound); a contradiction or a missing file (-Files, a FileInfo
            // -Content) stops the command.
            _verify = PowerShellValues.ToVerify(NoVerify, Verify, SessionState.Path);
            // A path of another provider (variable:a.txt) is refused: its provider path sent the process's folder's a.txt.
            _files = Files is null ? null : PowerShellValues.ToFiles(Files, (path, label) => FilePaths.InFileSystem(SessionState.Path, path, nameof(Files), label));
            // A DirectoryInfo too (Get-Item of a folder), named as a folder rather than as a type -Content does not take.
            if (PowerShellValues.Unwrap(Content) is FileSystemInfo file) PowerShellValues.CheckContentFile(file);
            if (InFile is not null) _inFile = new FileInfo(PowerShellValues.CheckInFile(FilePaths.InFileSystem(SessionState.Path, InFile, nameof(InFile))));
            // A stream body is read to its end by the first request that sends it.
            _oneShotBody = PowerShellValues.Unwrap(Content) is Stream ? nameof(Content)
                : _files?.Exists(f => f.IsStream) == true ? nameof(Files) : null;
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, e.ParamName));
        }
        if (Client is null)
        {
            CheckBaseUrl();
            return;
        }
        var clash = ConnectionParameters.FirstOrDefault(AsksForAConnectionSetting);
        if (clash is not null)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(
                new ArgumentException($"-{clash} cannot be combined with -Client: connection settings belong to the client; set them on New-HttpxClient.{DefaultedBy(clash, "remove that default to use -Client")}"), clash));
        if (Client.IsClosed)
            ThrowTerminatingError(ErrorRecordFactory.ClientClosed(Client));
    }

    /// <summary>
    /// A -BaseUrl that does not parse is a setting of the command: one error that stops it, as New-HttpxClient -BaseUrl
    /// gives, where each piped URL failed with the same InvalidURL (targeting the item, not the base URL). A base URL
    /// that parses is taken as HTTPX takes it, also relative or of another scheme (an absolute -Uri does not use it).
    /// </summary>
    private void CheckBaseUrl()
    {
        if (PowerShellValues.TrimUrl(BaseUrl) is not { } text) return;
        try
        {
            _ = new Url(text);
        }
        catch (InvalidUrlException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(e, text));
        }
    }

    /// <summary>
    /// Whether a connection parameter bound next to -Client asks for something the client does not already do: a switch
    /// given as :$false (a script passing `-NoTrustEnv:$ignoreEnv` through) asks for nothing, and -NoTrustEnv asks for
    /// nothing a client made with -NoTrustEnv does not do already.
    /// </summary>
    private bool AsksForAConnectionSetting(string parameter) => Given(parameter) && (parameter != nameof(NoTrustEnv) || Client!.TrustEnv);

    /// <summary>Whether a parameter was bound to ask for something: a switch bound to $false was not.</summary>
    protected bool Given(string parameter) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && PowerShellValues.Unwrap(value) is not SwitchParameter { IsPresent: false };

    /// <summary>
    /// " If it was not given..., it comes from $PSDefaultParameterValues['key']" when a default of the session can have bound
    /// <paramref name="parameter"/> (by its name or an alias, for this command): the user who set
    /// 'Invoke-Httpx:NoVerify' once never typed the -NoVerify that a call with -Client is refused for, nor the one who set
    /// 'Invoke-Httpx:Timeout' the -Timeout that a piped built request is refused for. <paramref name="remedy"/> ends it.
    /// </summary>
    protected string DefaultedBy(string parameter, string remedy)
    {
        // PowerShell does not say which parameters a default bound: a key that can have bound it is named as a maybe.
        if (SessionState.PSVariable.GetValue("PSDefaultParameterValues") is not System.Collections.IDictionary defaults
            || LanguagePrimitives.IsTrue(defaults["Disabled"])) return "";
        var names = new List<string> { parameter };
        if (MyInvocation.MyCommand.Parameters.TryGetValue(parameter, out var metadata)) names.AddRange(metadata.Aliases);
        foreach (var key in defaults.Keys.OfType<string>())
        {
            var colon = key.IndexOf(':');
            if (colon <= 0) continue;
            var command = new WildcardPattern(key[..colon].Trim(), WildcardOptions.IgnoreCase);
            var name = new WildcardPattern(key[(colon + 1)..].Trim(), WildcardOptions.IgnoreCase);
            if (command.IsMatch(MyInvocation.MyCommand.Name) && names.Exists(name.IsMatch))
                return $" If it was not given in this call, it comes from $PSDefaultParameterValues['{key}']: {remedy}.";
        }
        return "";
    }

    /// <summary>
    /// One body per request: -Content, -Data (with -Files for a multipart form), -Files or -Json. The engine takes them
    /// in HTTPX's order and drops the others without a word; given together they are a mistake worth an error here, as
    /// Invoke-WebRequest gives one for -Body with -Form.
    /// </summary>
    private void CheckOneBody()
    {
        var bodies = new List<string>(3);
        if (Content is not null) bodies.Add(nameof(Content));
        if (InFile is not null) bodies.Add(nameof(InFile));
        if (Data is not null || Files is not null) bodies.Add(Data is null ? nameof(Files) : nameof(Data));
        if (Json is not null) bodies.Add(nameof(Json));
        if (bodies.Count < 2) return;
        ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(
            new ArgumentException($"{string.Join(" and ", bodies.Select(b => "-" + b))} each give the request's body: use one of -Content, -InFile, -Data (with -Files for a multipart form), -Files and -Json."), bodies[1]));
    }

    private ITransport? _sharedTransport;

    /// <summary>
    /// For a command that sends without -Client: takes the shared transport for its connection settings now, on the
    /// pipeline thread, so that settings that cannot make one (a CA bundle that is not there, a proxy URL that does not
    /// parse) stop the command with one error rather than fail every piped item with the same one.
    /// </summary>
    protected void TakeSharedTransport()
    {
        if (Client is not null) return;
        try
        {
            _sharedTransport = ModuleState.SharedPool.For(ConnectionSettings());
        }
        catch (Exception e) when (e is ArgumentException or HttpxException)
        {
            var option = (e as ArgumentException)?.ParamName;
            ThrowTerminatingError(ErrorRecordFactory.Create(e,
                ErrorRecordFactory.SettingTarget(e, Proxy ?? ModuleState.DefaultProxy, Verify, Certificate, otherwise: option)));
        }
    }

    /// <summary>The connection settings of a client-less call (the key of the shared pool).</summary>
    protected TransportSettings ConnectionSettings() => new(
        Http2.IsPresent,
        _verify,
        Certificate,
        Proxy ?? ModuleState.DefaultProxy,
        !NoTrustEnv.IsPresent,
        NoTrustEnv.IsPresent ? "" : TransportSettings.EnvironmentNow());

    // A client of the user's may have hooks, a mock handler or a scriptblock auth; a call without one only the last.
    protected override bool MayRunUserScriptBlocks => Client is not null || PowerShellValues.Unwrap(Auth) is ScriptBlockAuth;

    /// <summary>-Client, or a fresh engine client over the shared transport (owned: dispose it after the call).</summary>
    internal (Client Client, bool Owned) ClientForCall()
    {
        if (Client is not null) return (Client, false);
        // None of these is pipeline-bound: the options are built once per command, a client (with its own empty
        // cookie jar) is made from them for each call.
        var client = new Client(_clientOptions ??= new ClientOptions
        {
            Transport = _sharedTransport ??= ModuleState.SharedPool.For(ConnectionSettings()),
            BaseUrl = PowerShellValues.TrimUrl(BaseUrl), // as -Uri and $client.BaseUrl = are
            Auth = PowerShellValues.ToAuth(Auth),
            Timeout = CallTimeout() ?? Httpx.Timeout.Default,
            FollowRedirects = FollowRedirects.IsPresent,
            MaxRedirects = MaxRedirects,
            AllowInsecureRedirects = AllowInsecureRedirect.IsPresent,
            TrustEnv = !NoTrustEnv.IsPresent,
            Cookies = CookiesGiven(), // each call's client copies them into a jar of its own
        });
        return (client, true);
    }

    /// <summary>
    /// The per-request options; the stream it opens for a FileInfo body is <paramref name="opened"/>, for the caller to
    /// close. None of the parameters is pipeline-bound, so everything but a file body (each request reads its own
    /// stream) is converted once per command (headers, the JSON walk of -Json...), not once per piped URL; the engine
    /// copies or serialises what it is given, so sharing it between requests is safe. With <paramref name="sentLater"/>
    /// (a request built to be sent later) a file body is opened when it is sent, and nothing is opened here.
    /// </summary>
    internal RequestOptions RequestOptionsFor(out IDisposable? opened, bool sentLater = false)
    {
        opened = null;
        var options = _requestOptions ??= CommandRequestOptions();
        // A stream body is read to its end by the first request: a second one would go out empty, without a word.
        if (_oneShotBody is { } parameter && Interlocked.Exchange(ref _oneShotBodyUsed, 1) == 1)
            throw new ArgumentException(
                $"-{parameter} holds a stream, which the first request read to its end. To send the same body with several URLs, give bytes, a string or a file ([IO.FileInfo] or a path) instead.",
                parameter);
        if (RawBody is not FileInfo file) return options;
        // A request built to be sent later (New-HttpxRequest) opens its file each time it is sent: a file opened per request
        // built stayed open until the garbage collector closed it (one handle per request: a few thousand ran out of
        // them), and a file replaced since went out as it was when built.
        if (sentLater) return options with { Content = new FileContent(file.FullName) };
        // Shared as -Files' are: on Windows, File.OpenRead refused a log another program is writing.
        var stream = UploadFile.Open(file.FullName);
        opened = stream;
        return options with { Content = stream };
    }

    private RequestOptions? _requestOptions;

    /// <summary>
    /// A header every request of the command carries: the command's (-Headers, -Header), else -Client's; null before
    /// <see cref="PrepareRequestOptions"/> and for a built -Request, whose headers are its own.
    /// </summary>
    protected string? HeaderOfEveryRequest(string name) =>
        _requestOptions is null ? null : (_requestOptions.Headers as Httpx.Headers)?.Get(name) ?? Client?.Headers.Get(name);

    // The parameter whose body is a stream (read once), if any, and whether a request has taken it.
    private string? _oneShotBody;
    private int _oneShotBodyUsed;

    /// <summary>
    /// Converts the request parameters once, in BeginProcessing: a bad -Method, -Json, -Params, -Data, -Header or -Content
    /// stops the command with one error naming it, where converting them at the first item made every piped URL fail with it.
    /// </summary>
    protected void PrepareRequestOptions()
    {
        try
        {
            // A -Method that is no token fails every request alike: one error that stops the command, as a bad -Header does.
            if (Method is not null) Request.CheckMethod(Method);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, nameof(Method)));
        }
        try
        {
            _requestOptions ??= CommandRequestOptions();
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(e, e.ParamName));
        }
    }

    // -Cookies as a jar, made once per command (none of these is pipeline-bound); the engine copies it per call.
    private Cookies? CookiesGiven() => _cookiesGiven ??= PowerShellValues.ToCookies(Cookies);

    private Cookies? _cookiesGiven;

    // How many items a list holds when all are of type T (a file's lines, or its bytes one by one), else null.
    private static int? AllOf<T>(IEnumerable list)
    {
        var count = 0;
        foreach (var item in list)
        {
            if (PowerShellValues.Unwrap(item) is not T) return null;
            count++;
        }
        return count > 0 ? count : null;
    }

    // What -Content takes, as each refusal of another type lists it.
    private const string ContentTypesTaken = "a string, [xml], byte[], Stream or FileInfo";

    private RequestOptions CommandRequestOptions()
    {
        var headers = RequestHeaders();
        // The Content-Type that goes out: this call's, else -Client's (the engine lets the call's win).
        var sentContentType = headers?.Get("Content-Type") ?? Client?.Headers.Get("Content-Type");
        object? content = null, json = null;
        switch (RawBody)
        {
            case null or FileInfo: break; // a file is opened for each request (RequestOptionsFor)
            case string text:
                content = ContentText(text, sentContentType);
                break;
            case XmlNode xml:
                // An [xml] document (or element) is its markup, as Invoke-WebRequest sends it: its ToString() would be
                // the type's name, '#document'.
                content = XmlContent(xml, sentContentType);
                break;
            case byte[] or Stream:
                content = PowerShellValues.Unwrap(Content);
                break;
            case System.Net.Http.HttpContent httpContent:
                // Invoke-WebRequest's -Body takes one (a MultipartFormDataContent built by hand, from its docs of old):
                // its form is -Data with -Files here, which the advice for a hashtable did not say.
                throw new ArgumentException($"-Content takes {ContentTypesTaken}, not {httpContent.GetType().FullName} (an HttpContent, as Invoke-WebRequest's -Body takes): give a multipart form's fields to -Data and its files to -Files (-Data @{{ name = 'value' }} -Files @{{ upload = './report.pdf' }}), other content as its text or bytes with -ContentType.", nameof(Content));
            case IDictionary table:
                // Invoke-WebRequest sends a hashtable -Body as the query string of a GET and as form fields otherwise:
                // the advice named -Data only, which would turn a GET into a POST.
                throw new ArgumentException($"-Content takes {ContentTypesTaken}, not {table.GetType().FullName}. Invoke-WebRequest's hashtable -Body is -Params here for a GET (it went in the query string) and -Data for a POST (form fields); -Json sends it as a JSON body.", nameof(Content));
            // Get-Content without -Raw gives a file's lines, or with -AsByteStream its bytes one by one: the advice for
            // objects (-Data, -Json) sent users away from what they meant, the file's text or bytes (Invoke-WebRequest
            // sent the lines joined with spaces, the bytes as numbers: "104 101 108").
            case IEnumerable list when AllOf<string>(list) is { } count:
                throw new ArgumentException($"-Content takes {ContentTypesTaken}, not a list of {count} strings (Get-Content without -Raw gives a file's lines): give them as one string (Get-Content -Raw, or the lines -join \"`n\"), or the file itself with -InFile.", nameof(Content));
            case IEnumerable list when AllOf<byte>(list) is { } count:
                throw new ArgumentException($"-Content takes {ContentTypesTaken}, not a list of {count} bytes (Get-Content -AsByteStream without -Raw gives them one by one): give a byte[] (Get-Content -AsByteStream -Raw, or [byte[]] of the list), or the file itself with -InFile.", nameof(Content));
            case var other:
                throw new ArgumentException($"-Content takes {ContentTypesTaken}, not {other.GetType().FullName}; use -Data for form fields (what Invoke-WebRequest sends for a hashtable -Body) or -Json for a JSON body.", nameof(Content));
        }
        // A multipart body under a boundary no body can use: the engine refused it for each request; the header is the
        // command's (or the client's), so it stops the command, as a bad -Headers does. -Data alone is a multipart body
        // under a multipart Content-Type (the only one with a boundary to check).
        if (_files is { Count: > 0 } || Data is not null)
            try
            {
                MultipartContent.CheckBoundaryIn(sentContentType);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(ErrorRecordFactory.BareMessage(e), nameof(Headers), e);
            }
        // The body the engine makes multipart: with files, or -Data alone under a multipart Content-Type.
        var multipartBody = _files is { Count: > 0 } || MultipartContent.IsMultipartContentType(sentContentType);
        if (Json is not null) json = PowerShellJson.ToBody(Json);
        // Without -Client the cookies are the call's own client's (as HTTPX's httpx.get(cookies=) makes them): every hop
        // of a redirect sends them. With -Client they go with the request only, as HTTPX's per-request cookies do.
        var cookies = CookiesGiven(); // converted here too, so that a bad -Cookies stops the command at once
        // The per-call send settings, as for a built request, and the parts of the request it builds.
        return SendOptionsForBuiltRequest() with
        {
            Params = PowerShellValues.ToQueryParams(Params, nameof(Params)),
            Headers = headers,
            Cookies = Client is null ? null : cookies,
            Content = content,
            Data = PowerShellValues.ToFields(Data, nameof(Data), value => FormValueTaken(value, multipartBody)),
            Files = _files,
            Json = json,
            Timeout = CallTimeout(), // a built request has its own
        };
    }

    /// <summary>
    /// An [xml] -Content's bytes: in the Content-Type's charset when it names one a codec knows (RFC 7303: the receiver
    /// reads that first), as a string is; else in the encoding its declaration names (&lt;?xml ... encoding="iso-8859-1"?&gt;),
    /// as Invoke-WebRequest writes it and an XML parser reads it, where UTF-8 bytes under that declaration read as other
    /// text; else UTF-8.
    /// </summary>
    private static byte[] XmlContent(XmlNode xml, string? contentType)
    {
        var declared = (xml as XmlDocument)?.FirstChild is XmlDeclaration { Encoding: { Length: > 0 } encoding } ? encoding : null;
        if (declared is null || Charset.KnownNameFromContentType(contentType) is not null) return ContentText(xml.OuterXml, contentType);
        if (Charset.FromName(declared) is null)
            throw new ArgumentException($"-Content: the [xml] document's declaration names encoding '{declared}', which no codec knows. Give the Content-Type a charset (-Header 'Content-Type: application/xml; charset=utf-8') or correct the declaration.", nameof(Content));
        try
        {
            return Charset.EncodeText(xml.OuterXml, declared, "the [xml] document's declaration");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"-Content: {ErrorRecordFactory.BareMessage(e)} Give the Content-Type a charset that can (charset=utf-8), or give bytes.", nameof(Content), e);
        }
    }

    // A string -Content in the charset its Content-Type names, as Invoke-WebRequest sends it (HTTPX: always UTF-8, which
    // a server reading that charset took for other text); a character the charset cannot write stops the command.
    private static byte[] ContentText(string text, string? contentType)
    {
        try
        {
            return Charset.EncodeText(text, contentType);
        }
        catch (ArgumentException e)
        {
            var remedy = LoneSurrogateStrings.IndexIn(text) >= 0 ? "Mend the text (where it was cut) or give bytes." : "Send the text as UTF-8 (charset=utf-8) or give bytes.";
            throw new ArgumentException($"-Content: {ErrorRecordFactory.BareMessage(e)} {remedy}", nameof(Content), e);
        }
    }

    // A -Data value the form sends: text, or bytes in a multipart form (with -Files, or -Data alone under a multipart
    // Content-Type, the command's or the client's), as a part whose content is the bytes. A url-encoded form has no text
    // for bytes, and the engine refused them for each request, so that every piped URL failed with the same error.
    private static bool FormValueTaken(object? value, bool multipart) => FormValue.IsText(value) || (value is byte[] && multipart);

    /// <summary>
    /// -Headers and -Header as the engine checks a request's headers, once per command: a $null, non-ASCII or
    /// line-breaking value, or a bad name, failed every piped request with the same error, as the engine checked them
    /// when it built each one.
    /// </summary>
    private Httpx.Headers? RequestHeaders()
    {
        var table = PowerShellValues.ToHeaders(Headers) is { } given ? CheckedHeaders(given, nameof(Headers)) : null;
        var headers = Header is null ? table : CheckedHeaders(HeaderLines.Merge(table, Header), nameof(Header));
        if (ContentType is null) return headers;
        // Over the Content-Type of -Headers and -Header; checked as they are (ASCII too), once, against -ContentType.
        var withContentType = headers?.Copy() ?? new Httpx.Headers();
        withContentType.Update(CheckedHeaders(new Dictionary<string, string> { ["Content-Type"] = ContentType }, nameof(ContentType)));
        return withContentType;
    }

    // The engine's refusal told against the parameter given (the engine names its own 'name' or 'value').
    private static Httpx.Headers CheckedHeaders(object headers, string parameter)
    {
        try
        {
            return Httpx.Headers.ForRequest(headers);
        }
        catch (ArgumentException e) when (e.ParamName != parameter)
        {
            throw new ArgumentException(ErrorRecordFactory.BareMessage(e), parameter, e);
        }
    }

    /// <summary>
    /// -Timeout for this call: null when not given (the client's), no limit when given as $null; a hashtable's missing
    /// keys keep -Client's limits.
    /// </summary>
    private Timeout? CallTimeout() => HttpxTimeout.OfParameter(Timeout, MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)), Client?.Timeout);

    /// <summary>
    /// -Auth for this call. Given as $null with -Client: HTTPX's <c>auth=None</c>, which turns the client's auth off for
    /// the request and leaves a user and password in the URL working (the engine's null means the client's).
    /// </summary>
    private Auth? CallAuth() =>
        Auth is null && Client is not null && MyInvocation.BoundParameters.ContainsKey(nameof(Auth)) ? Httpx.Auth.None : PowerShellValues.ToAuth(Auth);

    /// <summary>
    /// The per-call auth and redirect settings: for sending a request built beforehand (New-HttpxRequest), and the base
    /// of every call's options.
    /// </summary>
    internal RequestOptions SendOptionsForBuiltRequest() => new()
    {
        Auth = CallAuth(),
        FollowRedirects = MyInvocation.BoundParameters.ContainsKey(nameof(FollowRedirects)) ? FollowRedirects.IsPresent : null,
        AllowInsecureRedirects = MyInvocation.BoundParameters.ContainsKey(nameof(AllowInsecureRedirect)) ? AllowInsecureRedirect.IsPresent : null,
        MaxRedirects = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRedirects)) ? MaxRedirects : null,
    };
}
