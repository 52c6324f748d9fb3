using System.Diagnostics;
using System.Reflection;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// HTTPX's <c>Client</c> and <c>AsyncClient</c> in one: an async core with sync methods on top. Holds a connection pool
/// (through its transports), default headers, params, cookies, auth and timeouts, and applies HTTPX's rules for merging
/// them with each request, following redirects and running auth flows. Dispose it to close its connections.
/// </summary>
public sealed class Client : IDisposable, IAsyncDisposable
{
    /// <summary>Our User-Agent, in HTTPX's form: <c>httpx-dotnet/&lt;version&gt;</c>.</summary>
    public static readonly string UserAgent = "httpx-dotnet/" +
        (typeof(Client).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    private readonly ITransport _transport;
    private readonly bool _ownsTransport;
    private readonly HandlerAuthTransports _handlerAuthTransports = new();
    private readonly ClientOptions _options;
    private readonly IReadOnlyDictionary<string, string?>? _environment;
    private readonly IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> _customMounts;
    private static readonly IReadOnlyList<(UrlPattern Pattern, ITransport? Transport)> NoMounts = [];
    private readonly object _routingLock = new();
    private HttpTransportOptions? _transportOptions;
    // Swapped whole by SetProxy; requests read it once per hop.
    private volatile MountTable _routing;
    private Url? _baseUrl;
    private bool _closed;

    public Client() : this(new ClientOptions()) { }

    public Client(ClientOptions options) : this(options, null) { }

    /// <summary>For tests: <paramref name="environment"/> replaces the process's environment variables.</summary>
    internal Client(ClientOptions options, IReadOnlyDictionary<string, string?>? environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        RefuseClosed(options.Transport, options.Mounts);
        BaseUrl = options.BaseUrl is null ? null : new Url(options.BaseUrl);
        if (options.Headers is not null) Headers.Update(Httpx.Headers.From(options.Headers));
        Params = QueryParams.From(options.Params);
        _cookies = Cookies.From(options.Cookies);
        Auth = Httpx.Auth.From(options.Auth);
        Timeout = options.Timeout;
        FollowRedirects = options.FollowRedirects;
        MaxRedirects = options.MaxRedirects;
        AllowInsecureRedirects = options.AllowInsecureRedirects;
        _eventHooks = EventHooks.Copy(options.EventHooks); // as HTTPX: clients made from one options object do not share hooks
        DefaultEncoding = options.DefaultEncoding;

        _options = options;
        _environment = environment;
        _ownsTransport = options.Transport is null;
        _transport = options.Transport ?? new HttpTransport(TransportOptions());
        _customMounts = options.Mounts is null ? NoMounts : options.Mounts.Select(m => (new UrlPattern(m.Key), m.Value)).ToList();
        _routing = Routing(ProxyMap.For(options, environment));
    }

    /// <summary>
    /// A transport its owner disposed (a shared one closed by mistake) was taken, and the client failed only at its
    /// first request, far from the cause: refused here, where it is given, as the Closed error a request through it
    /// gets (PowerShell: Httpx.TransportClosed), naming it and, for a mount, its pattern (on the error, as a refused
    /// pattern is). A MockTransport has nothing to close, as in HTTPX, and is taken.
    /// </summary>
    private static void RefuseClosed(ITransport? transport, IDictionary<string, ITransport?>? mounts)
    {
        if (transport is HttpTransport { IsClosed: true })
            throw new ObjectDisposedException(nameof(HttpTransport),
                $"The transport given as the client's transport, {transport}, has been closed (disposed): a client cannot send through it. Give an open transport.");
        if (mounts is null) return;
        foreach (var (pattern, mounted) in mounts)
        {
            if (mounted is not HttpTransport { IsClosed: true }) continue;
            _ = new UrlPattern(pattern); // a bad key is refused as such first (its message hides what must be hidden)
            var error = new ObjectDisposedException(nameof(HttpTransport),
                $"The transport given for mount '{pattern}', {mounted}, has been closed (disposed): a client cannot send through it. Give an open transport.");
            error.Data[UrlPattern.RefusedPatternKey] = pattern;
            throw error;
        }
    }

    // Built only when a transport of ours is (so a MockTransport client never reads certificates or CA bundles).
    private HttpTransportOptions TransportOptions()
    {
        lock (_routingLock) return _transportOptions ??= TransportOptions(_options, _environment);
    }

    private HttpTransport ProxyTransport(Proxy proxy) => new(TransportOptions() with { Proxy = proxy });

    private MountTable Routing(IReadOnlyList<ProxyMount> proxyMounts) =>
        MountTable.Build(proxyMounts, _customMounts, static (client, proxy) => client.ProxyTransport(proxy), this);

    /// <summary>The base URL relative request URLs are joined to (always ending in '/').</summary>
    public Url? BaseUrl
    {
        get => _baseUrl;
        set => _baseUrl = value is null ? null : EnforceTrailingSlash(value);
    }

    // Copied from the defaults on first use: most clients (the module makes one per call) never change their headers,
    // and their requests copy the shared defaults instead.
    private Headers? _headers;

    /// <summary>
    /// The headers sent with every request. Setting them, as HTTPX's setter does, starts again from the defaults
    /// (Accept, Accept-Encoding, Connection, User-Agent) and applies the given ones over them.
    /// </summary>
    public Headers Headers
    {
        get => LazyInitializer.EnsureInitialized(ref _headers, static () => DefaultHeadersTemplate.Copy());
        set
        {
            // Null leaves the default headers only, as HTTPX's client.headers = None.
            var headers = DefaultHeadersTemplate.Copy();
            if (value is not null) headers.Update(value);
            _headers = headers;
        }
    }

    /// <summary>The client's query parameters; null sets none, as HTTPX's <c>client.params = None</c>.</summary>
    public QueryParams Params { get => _params; set => _params = value ?? QueryParams.Empty; }

    private QueryParams _params = QueryParams.Empty;

    /// <summary>The client's jar. Setting it copies the cookies given (the caller's jar is not filled); null empties it.</summary>
    public Cookies Cookies { get => _cookies; set => _cookies = Cookies.From(value); }

    private Cookies _cookies = new();

    public Auth? Auth { get; set; }

    /// <summary>
    /// The timeout of requests that carry none; null sets no limits, as HTTPX's <c>client.timeout = None</c>.
    /// HTTPX's <c>client.timeout</c>: the client's own, as HTTPX copies the one it is given (<c>Timeout(timeout)</c>), so
    /// that changing a limit of it (<c>$client.Timeout.Read = 30</c> in PowerShell, which calls init accessors) changes
    /// this client only, not another client given the same one. A shared <see cref="Timeout.Default"/> or
    /// <see cref="Timeout.None"/> is copied when first read here rather than when the client is made: a client made
    /// for one call, as the module's are, then costs nothing more. Requests read the field, never this.
    /// </summary>
    public Timeout Timeout
    {
        get => _timeout.IsShared ? _timeout = _timeout with { } : _timeout;
        set => _timeout = value is null ? Timeout.None : value.IsShared ? value : value with { };
    }

    private Timeout _timeout = Timeout.None;

    public bool FollowRedirects { get; set; }

    /// <summary>Whether the client reads the environment (proxies, SSL_CERT_FILE), as HTTPX's read-only <c>client.trust_env</c>.</summary>
    public bool TrustEnv => _options.TrustEnv;

    public int MaxRedirects { get; set; }

    /// <summary>Follow https → http redirects (refused with <see cref="InsecureRedirectException"/> when false).</summary>
    public bool AllowInsecureRedirects { get; set; }

    /// <summary>The client's event hooks. Its own lists: setting them, as at construction, copies the ones given.</summary>
    public EventHooks EventHooks { get => _eventHooks; set => _eventHooks = EventHooks.Copy(value); }

    private EventHooks _eventHooks;

    /// <summary>
    /// Text encoding when Content-Type names none: an encoding name a codec knows, or a <c>Func&lt;byte[], string?&gt;</c>
    /// that guesses one. Checked when set: an unknown name would otherwise decode as UTF-8 while naming itself.
    /// </summary>
    public object? DefaultEncoding
    {
        get => _defaultEncoding;
        set => _defaultEncoding = value switch
        {
            null or Func<byte[], string?> => value,
            string name when Charset.FromName(name) is not null => name,
            string name => throw new ArgumentException($"Unknown text encoding '{name}' for the default encoding: give a codec name such as 'utf-8' or 'latin-1'.", nameof(DefaultEncoding)),
            _ => throw new ArgumentException($"The default encoding is an encoding name or a Func<byte[], string?>, not {value.GetType().FullName}.", nameof(DefaultEncoding)),
        };
    }

    private object? _defaultEncoding;

    public bool IsClosed => _closed;

    // "$client" was the bare type name 'Httpx.Client'; its base URL (password masked, as Url's text masks it) says which
    // client it is, and a closed one says so.
    public override string ToString()
    {
        var parts = new List<string>(2);
        if (BaseUrl is { } url) parts.Add($"base_url={Internal.PythonRepr.Of(url.ToString())}");
        if (_closed) parts.Add("closed");
        return $"Client({string.Join(", ", parts)})";
    }

    // ---- Building requests -------------------------------------------------------------------------------------

    /// <summary>Builds a request with the client's base URL, headers, params, cookies and timeout merged in (HTTPX's <c>build_request</c>).</summary>
    public Request BuildRequest(string method, string url, RequestOptions? options = null) =>
        BuildRequest(method, new Url(url), options);

    public Request BuildRequest(string method, Url url, RequestOptions? options = null)
    {
        options ??= RequestOptions.None;
        // Request copies the headers and extensions it is given, so the client's own are passed as they are unless
        // this request adds to them (saves two copies per request).
        var headers = _headers ?? DefaultHeadersTemplate;
        if (options.Headers is not null)
        {
            headers = headers.Copy();
            headers.Update(Httpx.Headers.From(options.Headers));
        }
        var request = new Request(method, MergeUrl(url), @params: MergeParams(options.Params), headers: headers,
            content: options.Content, data: options.Data, files: options.Files, json: options.Json, extensions: options.Extensions);
        request.SetDefaultTimeout(options.Timeout ?? _timeout);

        var cookies = Cookies;
        if (options.Cookies is not null)
        {
            // Request cookies go with this request only (a copy of the jar), and win over jar cookies of the same name.
            // A Cookie header given by hand wins over both, as in HTTPX (SetCookieHeader leaves it alone).
            cookies = Cookies.From(Cookies);   // a copy: request cookies never enter the jar
            cookies.Override(Cookies.From(options.Cookies));
        }
        cookies.SetCookieHeader(request);
        return request;
    }

    private Url MergeUrl(Url url)
    {
        if (!url.IsRelativeUrl || BaseUrl is null) return url;
        // HTTPX joins by raw path concatenation so that "/api/" + "/users" is "/api/users", not "/users".
        var baseQuery = BaseUrl.RawQuery;
        if (string.IsNullOrEmpty(baseQuery)) return BaseUrl.CopyWith(rawPath: BaseUrl.RawPathOnly + url.RawPath.TrimStart('/'));
        // A base URL with a query ("https://api.example.org/v1?code=K", an API key) keeps it on every request: the
        // path joins after the base's path (HTTPX joins after the query: "?code=K/users"), and the request URL's own
        // query goes after the base's.
        var query = url.RawQuery;
        var merged = string.IsNullOrEmpty(query) ? baseQuery : baseQuery + "&" + query;
        return BaseUrl.CopyWith(rawPath: BaseUrl.RawPathOnly + url.RawPathOnly.TrimStart('/') + "?" + merged);
    }

    private QueryParams? MergeParams(object? requestParams)
    {
        // A client's key given an empty list counts too: it takes that key out of the URL's query, as in HTTPX.
        if (requestParams is null) return Params.ChangesNothing ? null : Params;
        return Params.Merge(requestParams);
    }

    // The '/' goes at the end of the path, before any query (HTTPX appends it to the query: "?code=K/").
    private static Url EnforceTrailingSlash(Url url)
    {
        var path = url.RawPathOnly;
        return path.EndsWith('/') ? url : url.CopyWith(rawPath: path + "/" + (url.RawQuery is { } query ? "?" + query : ""));
    }

    // Built and checked once; each client starts from a copy.
    private static readonly Headers DefaultHeadersTemplate = DefaultHeaders();

    private static Headers DefaultHeaders()
    {
        var headers = new Headers();
        headers.Add("Accept", "*/*");
        headers.Add("Accept-Encoding", ContentDecoding.AcceptEncoding);
        headers.Add("Connection", "keep-alive");
        headers.Add("User-Agent", UserAgent);
        return headers;
    }

    // ---- Sending ----------------------------------------------------------------------------------------------

    // The sync methods run the auth's sync flow, the async ones its async flow (syncCall), as HTTPX's Client and AsyncClient.
    public Response Request(string method, string url, RequestOptions? options = null) =>
        SyncOverAsync.Run(() => BuildAndSendAsync(method, new Url(url), options, stream: false, syncCall: true, CancellationToken.None));

    public Task<Response> RequestAsync(string method, string url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        RequestAsync(method, new Url(url), options, cancellationToken);

    public Task<Response> RequestAsync(string method, Url url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        BuildAndSendAsync(method, url, options, stream: false, syncCall: false, cancellationToken);

    /// <summary>Sends and returns the response with its body unread: iterate it, then dispose it (HTTPX's <c>client.stream</c>).</summary>
    public Response Stream(string method, string url, RequestOptions? options = null) =>
        SyncOverAsync.Run(() => BuildAndSendAsync(method, new Url(url), options, stream: true, syncCall: true, CancellationToken.None));

    public Task<Response> StreamAsync(string method, string url, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
        BuildAndSendAsync(method, new Url(url), options, stream: true, syncCall: false, cancellationToken);

    private Task<Response> BuildAndSendAsync(string method, Url url, RequestOptions? options, bool stream, bool syncCall, CancellationToken cancellationToken)
    {
        var request = BuildRequest(method, url, options);
        return SendCoreAsync(request, stream, options?.Auth, Policy(options), syncCall, cancellationToken);
    }

    /// <summary>
    /// HTTPX's get, head, options and delete (and their async forms) send no body: Content, Data, Files or Json in
    /// <paramref name="options"/> is an ArgumentException; <see cref="Request(string, string, RequestOptions?)"/> sends one.
    /// </summary>
    public Response Get(string url, RequestOptions? options = null) => Request("GET", url, Bodiless("GET", options));
    public Response Head(string url, RequestOptions? options = null) => Request("HEAD", url, Bodiless("HEAD", options));
    public Response Options(string url, RequestOptions? options = null) => Request("OPTIONS", url, Bodiless("OPTIONS", options));
    public Response Post(string url, RequestOptions? options = null) => Request("POST", url, options);
    public Response Put(string url, RequestOptions? options = null) => Request("PUT", url, options);
    public Response Patch(string url, RequestOptions? options = null) => Request("PATCH", url, options);
    public Response Delete(string url, RequestOptions? options = null) => Request("DELETE", url, Bodiless("DELETE", options));

    public Task<Response> GetAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("GET", url, Bodiless("GET", options), cancellationToken);
    public Task<Response> HeadAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("HEAD", url, Bodiless("HEAD", options), cancellationToken);
    public Task<Response> OptionsAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("OPTIONS", url, Bodiless("OPTIONS", options), cancellationToken);
    public Task<Response> PostAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("POST", url, options, cancellationToken);
    public Task<Response> PutAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("PUT", url, options, cancellationToken);
    public Task<Response> PatchAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("PATCH", url, options, cancellationToken);
    public Task<Response> DeleteAsync(string url, RequestOptions? options = null, CancellationToken cancellationToken = default) => RequestAsync("DELETE", url, Bodiless("DELETE", options), cancellationToken);

    // As HTTPX's get, head, options and delete, which take no content, data, files or json: a body there is most often
    // a mistake. Request(method, ...) sends one with any method.
    private static RequestOptions? Bodiless(string method, RequestOptions? options) =>
        options is { Content: null, Data: null, Files: null, Json: null } or null
            ? options
            : throw new ArgumentException($"{method} requests take no body here, as in HTTPX: to send one anyway, use Request(\"{method}\", url, options).", nameof(options));

    public Response Send(Request request, bool stream = false, object? auth = null, bool? followRedirects = null) =>
        SyncOverAsync.Run(() => SendCoreAsync(request, stream, auth, Policy(new RequestOptions { FollowRedirects = followRedirects }), syncCall: true, CancellationToken.None));

    /// <summary>
    /// Sends a built request through auth and redirects (HTTPX's <c>send</c>). Unless <paramref name="stream"/> is set,
    /// the body is read before returning and the connection is free again.
    /// </summary>
    public Task<Response> SendAsync(Request request, bool stream = false, object? auth = null, bool? followRedirects = null,
        CancellationToken cancellationToken = default) =>
        SendCoreAsync(request, stream, auth, Policy(new RequestOptions { FollowRedirects = followRedirects }), syncCall: false, cancellationToken);

    /// <summary>
    /// Sends a built request with the per-request auth and redirect settings of <paramref name="options"/> (Auth,
    /// FollowRedirects, AllowInsecureRedirects, MaxRedirects; the others shape a request and were used when it was built).
    /// </summary>
    public Task<Response> SendAsync(Request request, RequestOptions options, bool stream = false, CancellationToken cancellationToken = default) =>
        SendAsync(request, options, stream, syncCall: false, cancellationToken);

    /// <summary>
    /// <see cref="SendAsync(Request, RequestOptions, bool, CancellationToken)"/> for an engine method that may be sync
    /// (Downloader.Download): <paramref name="syncCall"/> runs the auth's sync flow, as the client's own sync methods do.
    /// </summary>
    internal Task<Response> SendAsync(Request request, RequestOptions options, bool stream, bool syncCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SendCoreAsync(request, stream, options.Auth, Policy(options), syncCall, cancellationToken);
    }

    private RedirectPolicy Policy(RequestOptions? options) => new(
        options?.FollowRedirects ?? FollowRedirects,
        options?.AllowInsecureRedirects ?? AllowInsecureRedirects,
        options?.MaxRedirects ?? MaxRedirects);

    private Task<Response> SendCoreAsync(Request request, bool stream, object? auth, RedirectPolicy redirects, bool syncCall,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // HTTPX's RuntimeError, as the disposed object it is in .NET.
        if (_closed) throw new ObjectDisposedException(nameof(Client), "Cannot send a request, as the client has been closed.");
        // HTTPX's send sets the client's timeout, as it is now, on a request that carries none (one made with new
        // Request rather than built by this client); the transport would otherwise use the one it was made with.
        request.SetDefaultTimeout(_timeout);
        var flow = RequestAuth(request, auth);
        // Without auth there is no flow to run: straight to the redirects (no enumerator, context or history list per
        // request). Either way the loop that produces the final response reads its body, inside the try that closes it
        // on failure: no async frame of this method's own per request.
        return flow is NoAuth
            ? SendHandlingRedirectsAsync(request, redirects, null, readBody: !stream, cancellationToken)
            : SendThroughAuthFlowAsync(request, flow, redirects, readBody: !stream, syncCall, cancellationToken);
    }

    private Auth RequestAuth(Request request, object? auth)
    {
        var chosen = Httpx.Auth.From(auth) ?? Auth;
        // Auth.None, given for the request or the client (HTTPX's auth=None): no flow of its own, the URL's credentials count.
        if (ReferenceEquals(chosen, Httpx.Auth.None)) chosen = null;
        if (chosen is not null) return chosen;
        // Credentials in the URL become Basic auth, as in HTTPX.
        if (request.Url.Username.Length > 0 || request.Url.Password.Length > 0)
            return new BasicAuth(request.Url.Username, request.Url.Password);
        return NoAuth.Instance;
    }

    private readonly record struct RedirectPolicy(bool Follow, bool AllowInsecure, int MaxRedirects);

    /// <summary>
    /// Runs the auth flow's requests (each through the redirects): its sync flow for a sync call, else its async flow
    /// (<see cref="AuthFlowSteps"/>); with <paramref name="readBody"/> the final response's body is read too.
    /// </summary>
    private async Task<Response> SendThroughAuthFlowAsync(Request request, Auth auth, RedirectPolicy redirects, bool readBody,
        bool syncCall, CancellationToken cancellationToken)
    {
        if (auth.ReadsRequestBodyFirst(request)) await request.ReadAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<Response>();
        var context = new AuthFlowContext();
        var flow = AuthFlowSteps.Start(auth, request, context, syncCall, cancellationToken);
        // Disposed without the caller's context, as the engine waits everywhere (`await using` would capture it): an async
        // flow that a failed send left half-way may really wait in its clean-up, and a GUI thread blocked on this call
        // cannot run a continuation posted to it.
        try
        {
            if (!await flow.MoveNextAsync().ConfigureAwait(false)) throw new InvalidOperationException($"The auth flow {auth.GetType().Name} yielded no request.");
            var next = flow.Current;
            var trace = request.Trace;
            while (true)
            {
                // A flow may send a request of its own making: the caller's trace follows every step.
                if (trace is not null && next.Trace is null) next.Extensions["trace"] = trace;
                var response = await SendHandlingRedirectsAsync(next, redirects, history, readBody: false, cancellationToken).ConfigureAwait(false);
                try
                {
                    if (auth.RequiresResponseBody) await response.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    context.Response = response;
                    if (!await flow.MoveNextAsync().ConfigureAwait(false))
                    {
                        if (readBody) await response.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                        return response;
                    }
                    next = flow.Current;
                    // A flow that answers at the request that got this response (Digest after a redirect) does not follow
                    // the redirects again: those that led here stay in the chain, as its History already has them. A flow
                    // that sends an earlier request again follows them anew, so they are left out, as in HTTPX.
                    if (ReferenceEquals(next, response.Request))
                    {
                        history.Clear();
                        history.AddRange(response.History);
                    }
                    else
                    {
                        response.History = history.ToList();
                    }
                    await response.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    history.Add(response);
                    // The jar already holds what the challenge set, but the follow-up was built before it: give it those cookies.
                    Cookies.AddSetCookies(next, response);
                }
                catch
                {
                    await response.CloseAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }
        finally
        {
            await flow.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and follows its redirects as the policy says; with <paramref name="readBody"/>
    /// the final response's body is read too (on failure the response is closed).
    /// </summary>
    private async Task<Response> SendHandlingRedirectsAsync(Request request, RedirectPolicy redirects, List<Response>? history, bool readBody,
        CancellationToken cancellationToken)
    {
        // Made on the first redirect: most exchanges have none.
        var hops = history is { Count: > 0 } ? history.ToList() : null;
        while (true)
        {
            if (hops?.Count > redirects.MaxRedirects)
                // The request named is the redirect refused (HTTPX's TooManyRedirects carries it too), never sent: "last:"
                // read as the last one sent, and sent a user looking for why that URL had redirected.
                throw new TooManyRedirectsException($"Exceeded the maximum of {redirects.MaxRedirects} redirects (the next, not sent: {request.Describe()}){AuthStepsCounted(history)}{LoopNoted(hops)}.", request);

            await EventHooks.RunRequestHooksAsync(request, cancellationToken).ConfigureAwait(false);
            var trace = request.Trace;
            trace?.Invoke(RequestTraceEvents.Sending, request);
            // One exchange with the transport (HTTPX's _send_single_request), inline: a stage of its own cost an async state machine per request.
            var transport = _handlerAuthTransports.For(TransportFor(request.Url), request);
            var start = Stopwatch.GetTimestamp();
            Response response;
            try
            {
                response = await transport.HandleRequestAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpException e) when (!e.HasRequest)
            {
                // As HTTPX's request_context: an error from any transport (a mock's, a user's) names the request.
                e.Request = request;
                throw;
            }
            catch (ObjectDisposedException) when (_closed)
            {
                // Closed by another thread (a runspace sharing this client) while the request was on its way: its own
                // transports were closed under it. Said of the client the user closed, not of a transport they never made.
                throw new ObjectDisposedException(nameof(Client), $"The client was closed while this request was on its way ({request.Describe()}).");
            }
            catch (StreamConsumedException) when (!request.Stream.IsReplayable)
            {
                // HTTPX's message speaks of generators, redirects and responses: a built request sent a second time
                // (piped again, say) is told which request it is and what to do.
                throw new StreamConsumedException(
                    $"The body of {request.Describe()} is a stream that was already read to its end (by an earlier send of this request, or an earlier step of this one), and a stream can be sent once. Build the request again, or call its Read() before the first send to keep the body in memory and send it as often as needed.");
            }
            Received(response, request, start);
            trace?.Invoke(RequestTraceEvents.Received, response);
            try
            {
                await EventHooks.RunResponseHooksAsync(response, cancellationToken).ConfigureAwait(false);
                // Most responses have no history: share the empty list rather than allocate one per request.
                response.History = hops is null ? Array.Empty<Response>() : hops.ToList();
                if (response.HasRedirectLocation)
                {
                    if (redirects.Follow)
                    {
                        var redirect = RedirectBuilder.Build(request, response, Cookies);
                        (hops ??= new()).Add(response);
                        RedirectBuilder.EnsureFollowable(request, response, redirect, redirects.AllowInsecure);
                        await response.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                        request = redirect;
                        continue;
                    }
                    response.NextRequest = RedirectBuilder.TryBuild(request, response, Cookies);
                }
                // The final response: not a redirect, or one not followed.
                if (readBody) await response.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                return response;
            }
            catch
            {
                await response.CloseAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// The earlier requests of an auth flow count against MaxRedirects, as in HTTPX (they share one history). Said in the
    /// message: a Digest exchange with MaxRedirects 0 otherwise fails "after 0 redirects" where none was seen.
    /// The history also holds the redirects an auth step followed (kept when the flow answers at their target): not counted here.
    /// </summary>
    private static string AuthStepsCounted(List<Response>? history) => history?.Count(r => !r.HasRedirectLocation) switch
    {
        null or 0 => "",
        1 => "; the count includes the earlier request of the auth flow (answered by a challenge, say), as in HTTPX",
        var steps => $"; the count includes the {steps} earlier requests of the auth flow, as in HTTPX",
    };

    /// <summary>
    /// Says so when a URL (the fragment aside, as it is not sent) redirected the chain away twice: a loop, which no limit
    /// would have ended. One redirect back to a URL already requested is not yet one: a server may redirect to the same
    /// URL once it has set a cookie, and answer it then (the limit may have been reached before that request was sent).
    /// An auth flow's retries of one URL are no redirects. HTTPX says only that the limit was exceeded. Run once, at the
    /// limit: a set, so that a long chain costs one pass.
    /// </summary>
    private static string LoopNoted(List<Response>? hops)
    {
        if (hops is null) return "";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hop in hops)
        {
            if (!hop.HasRedirectLocation || !hop.HasRequest) continue;
            var url = WithoutFragment(hop.Request.Url);
            if (!seen.Add(url))
                return $": it came back to {HttpLog.Printable(UrlPasswords.Hide(url))}, which had redirected it already: a redirect loop";
        }
        return "";
    }

    // A '#' before the fragment would be percent-encoded: the first one starts it.
    private static string WithoutFragment(Url url)
    {
        var text = url.ToUnredactedString();
        var hash = text.IndexOf('#');
        return hash < 0 ? text : text[..hash];
    }

    /// <summary>What a response from the transport takes from its exchange: the request, the elapsed clock, the default encoding, and its cookies go to the jar.</summary>
    private void Received(Response response, Request request, long start)
    {
        response.Request = request;
        response.MarkSent(start);
        response.DefaultEncoding = DefaultEncoding;
        Cookies.ExtractCookies(response);
    }

    /// <summary>
    /// <see cref="TransportFor(Url)"/> for a URL as text. Called from PowerShell with a string, the conversion to Url
    /// failed with PowerShell's 'Cannot convert argument "url", with value: "&lt;the raw text&gt;"', password included;
    /// parsed here, it fails with InvalidURL's own message, password masked.
    /// </summary>
    public ITransport TransportFor(string url) => TransportFor(new Url(url));

    /// <summary>The transport that serves <paramref name="url"/>: the most specific matching mount, else the default.</summary>
    public ITransport TransportFor(Url url)
    {
        // By index: every request of a client with proxies or mounts comes here, and foreach over the list's interface
        // boxed its enumerator (48 bytes a request).
        var mounts = _routing.Mounts;
        for (var i = 0; i < mounts.Count; i++)
            if (mounts[i].Pattern.Matches(url)) return mounts[i].Transport ?? _transport;
        return _transport;
    }

    /// <summary><see cref="ProxyFor(Url)"/> for a URL as text, parsed here for the reason <see cref="TransportFor(string)"/> gives.</summary>
    public ProxyRoute ProxyFor(string url) => ProxyFor(new Url(url));

    /// <summary>
    /// Which way <paramref name="url"/> goes: through which proxy, or direct, and why (the matching pattern and the
    /// option or environment variable behind it). The same choice as <see cref="TransportFor(Url)"/> makes for the request:
    /// a relative URL is joined to <see cref="BaseUrl"/> first, as it is when sent; one with no scheme even then (a path
    /// and no base URL), or with a scheme other than http/https bound for an <see cref="HttpTransport"/>, is the
    /// <see cref="UnsupportedProtocolException"/> that sending it raises.
    /// </summary>
    public ProxyRoute ProxyFor(Url url)
    {
        ArgumentNullException.ThrowIfNull(url);
        url = MergeUrl(url);
        // A path with no base URL to join goes nowhere: sending it is this error, so routing it is too (it matched
        // all:// and was shown going through that proxy).
        if (url.Scheme.Length == 0) throw UnsupportedProtocolException.MissingProtocol(url);
        var shown = url.ToRedactedString();
        var routing = _routing;
        foreach (var (pattern, transport) in routing.Mounts)
        {
            if (!pattern.Matches(url)) continue;
            RefuseUnsupportedScheme(url, transport ?? _transport);
            var mount = routing.ProxyMounts.FirstOrDefault(m => m.Pattern.Pattern == pattern.Pattern);
            if (transport is HttpTransport { Options.Proxy: { } proxy } && mount?.Proxy == proxy)
                return new ProxyRoute(shown, pattern.Pattern, proxy.Display, mount.Reason);
            if (transport is null)
                return DefaultRoute(shown, pattern.Pattern, mount?.Reason ?? $"mount '{pattern.Pattern}' uses the default transport");
            // A transport given with a proxy of its own (New-HttpxTransport -Proxy) sends through that proxy.
            return ProxyOf(transport) is { } through
                ? new ProxyRoute(shown, pattern.Pattern, through.Display, $"mount '{pattern.Pattern}' uses a {transport.GetType().Name} through its proxy") { ViaCustomTransport = true }
                : new ProxyRoute(shown, pattern.Pattern, null, $"mount '{pattern.Pattern}' uses a {transport.GetType().Name}") { ViaCustomTransport = true };
        }
        RefuseUnsupportedScheme(url, _transport);
        return DefaultRoute(shown, null, routing.ProxyMounts.Count == 0 ? "no proxy configured" : "no proxy pattern matches");
    }

    // An ftp:// URL bound for an HttpTransport goes nowhere: sending it is this error, so routing it is too (it was
    // shown going direct, or through an all:// proxy). A mock or custom transport may serve any scheme: not refused.
    private static void RefuseUnsupportedScheme(Url url, ITransport transport)
    {
        if (transport is HttpTransport && url.Scheme is not ("http" or "https"))
            throw UnsupportedProtocolException.UnsupportedScheme(url);
    }

    // The default transport: direct, unless it is a transport given with a proxy of its own (ClientOptions.Transport).
    private ProxyRoute DefaultRoute(string shown, string? pattern, string reason) => ProxyOf(_transport) is { } proxy
        ? new ProxyRoute(shown, pattern, proxy.Display, "the client's transport goes through its proxy")
        : new ProxyRoute(shown, pattern, null, reason);

    private static Proxy? ProxyOf(ITransport transport) => (transport as HttpTransport)?.Options.Proxy;

    /// <summary>The proxy mounts in use, most specific first: from the Proxy option, the environment, or <see cref="SetProxy"/>.</summary>
    public IReadOnlyList<ProxyMount> ProxyMounts => _routing.ProxyMounts.OrderBy(m => m.Pattern).ToList();

    /// <summary>
    /// Replaces the client's proxies, which HTTPX fixes at construction: <paramref name="proxy"/> takes the forms of
    /// <see cref="ClientOptions.Proxy"/> (null: the environment's proxies when trusted and neither a transport nor a Unix
    /// socket was given, as at construction). New proxy transports are made with the client's connection settings and
    /// the replaced ones are disposed, so a request still in flight through a replaced proxy may fail; mounts given in
    /// <see cref="ClientOptions.Mounts"/> stay. <paramref name="source"/> labels the new mounts in
    /// <see cref="ProxyMounts"/> and <see cref="ProxyFor(Url)"/>. An invalid proxy or pattern throws ArgumentException
    /// (naming the value, password redacted) and changes nothing.
    /// </summary>
    public void SetProxy(object? proxy, string source = "SetProxy")
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var proxyMounts = ProxyMap.For(proxy, ProxyMap.UsesEnvironment(_options), _environment, source);
        MountTable replaced;
        lock (_routingLock)
        {
            if (_closed) throw new ObjectDisposedException(nameof(Client), "Cannot change the proxy of a client that has been closed.");
            replaced = _routing;
            _routing = Routing(proxyMounts);
        }
        replaced.DisposeProxyTransports();
    }

    /// <summary>
    /// Removes the proxy route of <paramref name="pattern"/> (as <see cref="ProxyMounts"/> lists it; scheme and host in
    /// any case), keeping the other routes and their connections, where <see cref="SetProxy"/> replaces them all (and
    /// <see cref="ProxyMounts"/> hides the passwords a caller would need to give the others again). False when no proxy
    /// route has that pattern. Removing the last route leaves none, so requests go direct: as in HTTPX, a proxy setting
    /// given replaces the environment's, and only <c>SetProxy(null)</c> brings those back. A request in flight through
    /// the removed route may fail. A pattern that is not a URL pattern throws, as <see cref="UrlPattern"/> does.
    /// </summary>
    public bool RemoveProxyRoute(string pattern)
    {
        var key = new UrlPattern(pattern);
        bool Matches(ProxyMount mount) => mount.Pattern.IsSameRoute(key);
        IReadOnlyList<ITransport> removed;
        lock (_routingLock)
        {
            if (_closed) throw new ObjectDisposedException(nameof(Client), "Cannot change the proxy of a client that has been closed.");
            if (!_routing.ProxyMounts.Any(Matches)) return false;
            _routing = _routing.Without(Matches, _customMounts, out removed);
        }
        foreach (var transport in removed) transport.Dispose();
        return true;
    }

    private static HttpTransportOptions TransportOptions(ClientOptions options, IReadOnlyDictionary<string, string?>? environment)
    {
        if (options.Cert is not null && options.ClientCertificate is not null)
            throw new ArgumentException("Give the client certificate as either Cert or ClientCertificate, not both.", nameof(options));
        environment = options.TrustEnv ? environment ?? EnvironmentProxies.ProcessEnvironment() : null;
        if (environment is not null) EnvironmentTls.EnableKeyLogging(environment);
        return new()
        {
            Verify = environment is null ? options.Verify : EnvironmentTls.Verify(options.Verify, environment),
            // Applied just above, from the client's environment (or not at all without TrustEnv).
            TrustEnv = false,
            ClientCertificate = ClientCertificateLoader.Load(options.Cert ?? options.ClientCertificate),
            Http1 = options.Http1,
            Http2 = options.Http2,
            Limits = options.Limits,
            Retries = options.Retries,
            LocalAddress = options.LocalAddress,
            Uds = options.Uds,
            DefaultTimeout = options.Timeout,
        };
    }

    // ---- Lifetime ---------------------------------------------------------------------------------------------

    public void Close() => Dispose();

    public void Dispose()
    {
        MountTable routing;
        lock (_routingLock)
        {
            if (_closed) return;
            _closed = true;
            routing = _routing;
        }
        // The transports this client made (its own, one per proxy); those it was given (Transport, Mounts) are the
        // caller's, which may share them between clients, as HttpClient leaves a handler it did not make. HTTPX
        // closes given ones too; here closing one client closed a mounted transport that others still used.
        if (_ownsTransport) _transport.Dispose();
        routing.DisposeProxyTransports();
        _handlerAuthTransports.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
