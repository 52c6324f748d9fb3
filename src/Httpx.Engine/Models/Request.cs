namespace Httpx;

/// <summary>
/// HTTPX's <c>Request</c>: method, URL, headers and a body stream, plus <see cref="Extensions"/> that carry
/// per-request settings to the transport (such as <c>"timeout"</c>).
/// </summary>
public sealed class Request
{
    private byte[]? _content;

    /// <summary>
    /// Builds a request as HTTPX's <c>Request(...)</c> does: params added to the URL's query, the body encoded from one of
    /// <paramref name="content"/>, <paramref name="data"/>, <paramref name="files"/>, <paramref name="json"/>, and the
    /// headers HTTPX adds, first: Host, then what the body implies (Content-Length or Transfer-Encoding, Content-Type). A
    /// ready <paramref name="stream"/> comes with the given headers only, as in HTTPX.
    /// </summary>
    public Request(string method, Url url, object? @params = null, object? headers = null, object? content = null,
        object? data = null, object? files = null, object? json = null, RequestContent? stream = null,
        IDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        _method = NormaliseMethod(method); // the field: the setter would check and upper-case it a second time
        // HTTPX 0.28 replaces the URL's query with the params ("?b=2" and params {c: 3} give "?c=3"); here they are added
        // to it, as HTTPX did before: a query written in the URL is the caller's too, and dropping it loses it silently.
        Url = @params is null ? url : url.CopyMergeParams(@params);
        Headers = Headers.From(headers);
        // Only request headers must be ASCII (HTTPX refuses the rest when the request is built); the transport checks
        // again for values set later (hooks, auth flows, cookies).
        Headers.ValidateRequestValues();
        if (extensions is not null) _extensions = new Dictionary<string, object?>(extensions);

        if (stream is not null)
        {
            // As HTTPX: a ready stream comes with the caller's headers and no others (redirects and resumed downloads
            // rebuild requests so, and set what they change themselves).
            Stream = stream;
            return;
        }
        var given = Headers.Get("Content-Type");
        var boundary = MultipartContent.BoundaryFromContentType(given);
        // Form fields under a caller's multipart Content-Type (form-data, related, mixed...) go as a multipart body, files
        // or not: HTTPX url-encodes them without files, and "a=1" under a multipart Content-Type is a body no server can parse.
        var multipart = MultipartContent.IsMultipartContentType(given);
        (RequestContent body, IReadOnlyList<KeyValuePair<string, string>> bodyHeaders) encoded;
        try
        {
            encoded = RequestContentFactory.Encode(content, data, files, json, boundary, multipart, given);
        }
        catch (ArgumentException e) when (boundary is not null && e.ParamName == "boundary")
        {
            // The boundary came from the caller's header: named as they wrote it, not as a C# parameter.
            throw MultipartContent.InvalidBoundaryIn(given!, boundary, e);
        }
        var (body, bodyHeaders) = encoded;
        Stream = body;
        // A caller's multipart Content-Type without a boundary ("multipart/form-data", Invoke-WebRequest's -ContentType
        // habit, or "multipart/related") gets the body's: sent as given, as HTTPX sends it, no server could find the parts.
        if (body is MultipartContent multipartBody && boundary is null && multipart)
            Headers.Set("Content-Type", $"{given!.TrimEnd().TrimEnd(';')}; boundary={multipartBody.Boundary}");
        // As HTTPX's _prepare: a Content-Length given by the caller is not joined by the body's Transfer-Encoding.
        foreach (var (name, value) in bodyHeaders)
            if (!Headers.ContainsKey(name) && !(name == "Transfer-Encoding" && Headers.ContainsKey("Content-Length"))) Headers.Add(name, value);
        // HTTPX's auto headers go before the others: Host, then (a POST, PUT or PATCH without a body still says so,
        // as servers may refuse it unframed) Content-Length: 0, in the request's headers for hooks and mocks to see,
        // and on the wire over HTTP/2 as over HTTP/1.1.
        var auto = 0;
        if (!Headers.ContainsKey("Host") && Url.RawHost.Length > 0) Headers.InsertTrusted(auto++, "Host", Url.HostHeader);
        if (Method is "POST" or "PUT" or "PATCH" && !Headers.ContainsKey("Content-Length") && !Headers.ContainsKey("Transfer-Encoding"))
            Headers.InsertTrusted(auto, "Content-Length", "0");
    }

    public Request(string method, string url, object? @params = null, object? headers = null, object? content = null,
        object? data = null, object? files = null, object? json = null, RequestContent? stream = null,
        IDictionary<string, object?>? extensions = null)
        : this(method, new Url(url), @params, headers, content, data, files, json, stream, extensions) { }

    /// <summary>
    /// The method, upper-cased. Settable as HTTPX's <c>request.method</c> is, to change a built request before it is
    /// sent; a new value is checked and upper-cased as the constructor's is (HTTPX takes any string there).
    /// </summary>
    public string Method
    {
        get => _method;
        set => _method = NormaliseMethod(value ?? throw new ArgumentNullException(nameof(Method), "A request's method cannot be null: assign a method such as GET or POST."));
    }

    private string _method = null!;

    /// <summary>
    /// The URL the request goes to; it can be changed before the request is sent, never to null. The Host header made
    /// from the URL follows it to a new host or port; a Host the caller set to another value stays.
    /// </summary>
    public Url Url
    {
        get => _url;
        set
        {
            // A null URL was taken and failed only when sent, as a NullReferenceException (and a piped request vanished
            // without an error record): refused where it is set, naming the property.
            if (value is null) throw new ArgumentNullException(nameof(Url), "A request's URL cannot be null: assign a URL (a string or an Httpx.Url).");
            // HTTPX leaves the Host it built at first: a request moved to another server went there naming the old one
            // (a virtual host's 404, an HTTP/2 server's 421). Headers is null while the constructor sets the URL.
            if (_url is not null && value.RawHost.Length > 0 && Headers?.Get("Host") is { } host
                && string.Equals(host, _url.HostHeader, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(host, value.HostHeader, StringComparison.OrdinalIgnoreCase))
                Headers.Set("Host", value.HostHeader);
            _url = value;
        }
    }

    private Url _url = null!;

    public Headers Headers { get; }

    /// <summary>The body as the transport will send it.</summary>
    public RequestContent Stream { get; set; }

    // Most requests carry only a timeout: it lives in a field until someone asks for the dictionary (no dictionary per request).
    private Dictionary<string, object?>? _extensions;
    private Timeout? _timeout;
    private bool _hasTimeout;
    // _timeout is lent to the request (the client's own $client.Timeout, a per-request one, or the shared Default):
    // copied when someone outside the engine reads it, never for sending. PowerShell calls init accessors, so
    // $response.Request.Timeout.Read = 1 changed the client's timeout, or was refused as a change to the shared one;
    // HTTPX's request.extensions["timeout"] is a dict of the request's own.
    private bool _timeoutIsLent;

    /// <summary>Per-request settings: <c>"timeout"</c> holds a <see cref="Timeout"/>; <c>"trace"</c> a <see cref="RequestTrace"/> the client calls at each hop.</summary>
    public Dictionary<string, object?> Extensions
    {
        get
        {
            if (_extensions is not null) return _extensions;
            var extensions = new Dictionary<string, object?>();
            if (_hasTimeout) extensions["timeout"] = OwnTimeout();
            return _extensions = extensions;
        }
    }

    /// <summary>The timeout this request carries (set by the client from its own or the per-request one): the request's own.</summary>
    public Timeout? Timeout
    {
        get => _extensions is null ? OwnTimeout() : SendingTimeout;
        set
        {
            if (_extensions is not null)
            {
                _extensions["timeout"] = value;
                return;
            }
            _timeout = value;
            _hasTimeout = true;
            _timeoutIsLent = false;
        }
    }

    /// <summary>The timeout to send with, as <see cref="Timeout"/> without copying the one the client lent.</summary>
    internal Timeout? SendingTimeout =>
        _extensions is null ? _timeout : _extensions.TryGetValue("timeout", out var t) ? t as Timeout : null;

    private Timeout? OwnTimeout()
    {
        if (!_timeoutIsLent) return _timeout;
        _timeoutIsLent = false;
        return _timeout = _timeout! with { };
    }

    /// <summary>
    /// Sets the timeout unless the request already carries one (the client's default under a per-request one), lent
    /// (see <see cref="_timeoutIsLent"/>): the request's own copy is made only if someone reads it.
    /// </summary>
    internal void SetDefaultTimeout(Timeout timeout)
    {
        // The dictionary is the caller's to read, so it gets a copy; only when it has no timeout yet (the client sets one
        // when it builds the request and again when it sends it: TryAdd would make the copy both times).
        if (_extensions is not null)
        {
            if (!_extensions.ContainsKey("timeout")) _extensions["timeout"] = timeout with { };
        }
        else if (!_hasTimeout)
        {
            _timeout = timeout;
            _hasTimeout = true;
            _timeoutIsLent = true;
        }
    }

    /// <summary>
    /// The same request (method, URL, body) with <paramref name="headers"/> and <paramref name="extensions"/> in place
    /// of copies of its own: to send it changed and leave this one as it was (a resumed download's Range, a trace).
    /// </summary>
    public Request Copy(Headers? headers = null, IDictionary<string, object?>? extensions = null) =>
        new(Method, Url, headers: headers ?? Headers, stream: Stream, extensions: extensions ?? Extensions);

    /// <summary>The <c>"trace"</c> extension, if any.</summary>
    internal RequestTrace? Trace => Extension("trace") as RequestTrace;

    /// <summary>An extension's value, without making the dictionary.</summary>
    internal object? Extension(string key) =>
        _extensions is not null ? _extensions.GetValueOrDefault(key) : key == "timeout" ? _timeout : null;

    /// <summary>The body's bytes. A streaming body must be read first (<see cref="Read"/>), else <see cref="RequestNotReadException"/>.</summary>
    public byte[] Content
    {
        get
        {
            if (_content is not null) return _content;
            if (Stream.BufferedBytes is { } bytes) return _content = bytes.ToArray();
            throw new RequestNotReadException();
        }
    }

    /// <summary>Reads a streaming body into memory, which also makes it replayable (for redirects and auth retries).</summary>
    public byte[] Read() => ReadAsync().GetAwaiter().GetResult();

    public async Task<byte[]> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_content is not null) return _content;
        if (Stream.BufferedBytes is { } buffered) return _content = buffered.ToArray();
        using var buffer = new MemoryStream();
        try
        {
            await foreach (var chunk in Stream.ReadChunksAsync(cancellationToken).ConfigureAwait(false))
                buffer.Write(chunk.Span);
        }
        catch (Exception e) when (RequestContent.IsSourceFailure(e))
        {
            // The source failed before the request went out (read first for an auth flow): marked as when it fails
            // while sent (EngineHttpContent), for a caller to name it and the URL; the engine's own and a cancellation
            // go as they are.
            Stream.MarkFailure(e, this);
            throw;
        }
        _content = buffer.ToArray();
        Stream = new ByteArrayContent(_content, Stream.ContentType);
        return _content;
    }

    /// <summary>HTTPX's repr: <c>&lt;Request('GET', 'https://example.org/')&gt;</c>, with any password in the URL masked.</summary>
    public override string ToString() => $"<Request({Internal.PythonRepr.Of(Method)}, {Internal.PythonRepr.Of(Url.ToRedactedString())})>";

    // A loop, not LINQ over the string: every request's method passes here.
    private static bool IsToken(string method)
    {
        foreach (var c in method)
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".Contains(c)) return false;
        return true;
    }

    /// <summary>
    /// Refuses a method that is no HTTP token (ArgumentException, as a request built with it would): for a caller that
    /// checks a method once before building requests with it (Invoke-Httpx -Method, for every piped URL).
    /// </summary>
    public static void CheckMethod(string method) => NormaliseMethod(method);

    private static string NormaliseMethod(string method)
    {
        if (method.Length == 0 || !IsToken(method))
            throw new ArgumentException(method.Contains("://", StringComparison.Ordinal)
                // A URL where the method goes (arguments given in HTTPX's order to a cmdlet that takes the URL first, say):
                // its password masked, as in every other message that shows a URL.
                ? $"Invalid HTTP method '{HttpLog.Printable(UrlPasswords.Hide(method))}': a method is a token such as GET or POST, and this is a URL. Was it given in the method's place?"
                // A method from a script's data may hold a line break or an escape sequence: shown escaped, not printed.
                : $"Invalid HTTP method '{HttpLog.Printable(method)}': a method is a token such as GET or POST.", nameof(method));
        return method.ToUpperInvariant();
    }
}
