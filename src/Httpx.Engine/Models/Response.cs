using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// HTTPX's <c>Response</c>. A response from <see cref="Client.Stream"/> arrives with its body unread: iterate it with
/// <see cref="IterBytes"/> and friends (nothing is buffered) or call <see cref="Read"/>. Other client methods read it
/// for you. Dispose (or <see cref="Close"/>) a streaming response to return its connection to the pool.
/// </summary>
public sealed class Response : IDisposable, IAsyncDisposable
{
    private const int DefaultChunkSize = 64 * 1024;

    private Stream? _stream;
    private byte[]? _content;
    private string? _text;
    private Request? _request;
    private string? _explicitEncoding;
    private long _startTimestamp = Stopwatch.GetTimestamp();
    private TimeSpan? _elapsed;
    private long _numBytesDownloaded;
    // How many bytes ReadAtMostAsync read of a body it then left unread (0 when it read none so): what Content says.
    private int _readOnlyStart;

    /// <summary>
    /// Builds a response, as HTTPX's <c>Response(status_code, headers=, content=, text=, html=, json=, stream=)</c>:
    /// for mock transports and tests. A body given as content, text, html or json is in memory and counts as read; without
    /// one (nor a stream) the body is empty, read as well.
    /// </summary>
    public Response(int statusCode, object? headers = null, object? content = null, string? text = null, string? html = null,
        object? json = null, Stream? stream = null, Request? request = null, IDictionary<string, object?>? extensions = null)
    {
        if (statusCode is < 100 or > 999)
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, $"Invalid status code {statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)}: it must be a three-digit number.");
        StatusCode = statusCode;
        Headers = Headers.From(headers);
        _request = request;
        _extensions = extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(extensions);

        var (bytes, contentType) = InMemoryBody(content, text, html, json);
        if (bytes is not null)
        {
            // As HTTPX's encode_content, empty raw content says nothing of its length (text, html and json always do).
            if (!Headers.ContainsKey("Transfer-Encoding") && !(content is not null && bytes.Length == 0))
                Headers.SetDefault("Content-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // After Content-Length, as HTTPX's encode_text/encode_json list them (and as a Request's are).
            if (contentType is not null) Headers.SetDefault("Content-Type", contentType);
            _stream = new MemoryStream(bytes, writable: false);
            // HTTPX reads an in-memory body at once, so content is available and the raw stream counts as consumed.
            Read();
        }
        else if (stream is not null)
        {
            _stream = stream;
        }
        else
        {
            // HTTPX's encode_response gives a body of no bytes (and no Content-Length), read at once like any in memory.
            _stream = new MemoryStream([], writable: false);
            Read();
        }
    }

    /// <summary>
    /// A response from a transport: headers are taken over as they are, and the extensions (HTTPX's http_version and
    /// reason_phrase) are made only if asked for: no copies and no dictionary per response on the hot path.
    /// </summary>
    internal Response(int statusCode, Headers headers, Stream stream, Request request, string httpVersion, string? reasonPhrase)
    {
        StatusCode = statusCode;
        Headers = headers;
        _stream = stream;
        _request = request;
        _httpVersion = httpVersion;
        _reasonPhrase = reasonPhrase;
    }

    /// <summary>
    /// A copy of this read response, as it was received: status, headers, extensions, encoding and body (decoded
    /// already, so not decoded again), read and closed, with no request, history or elapsed time of its own yet.
    /// </summary>
    internal Response CopyRead() => new(this);

    /// <summary>Whether the body is in memory (made so, or read to the end).</summary>
    internal bool IsRead => _content is not null;

    /// <summary>
    /// True the first time only: a mock transport claims a response it hands out, so that the same object returned
    /// for another request, even one in flight at the same moment, is copied (<see cref="CopyRead"/>).
    /// </summary>
    internal bool TryClaimHandOut() => Interlocked.Exchange(ref _handedOut, 1) == 0;

    private int _handedOut;

    private Response(Response read)
    {
        StatusCode = read.StatusCode;
        Headers = read.Headers.Copy();
        _extensions = read._extensions is null ? null : new Dictionary<string, object?>(read._extensions);
        _httpVersion = read._httpVersion;
        _reasonPhrase = read._reasonPhrase;
        _explicitEncoding = read._explicitEncoding;
        _content = read.Content;
        _numBytesDownloaded = read.NumBytesDownloaded;
        IsStreamConsumed = true;
        IsClosed = true;
    }

    private Dictionary<string, object?>? _extensions;
    private readonly string? _httpVersion;
    private readonly string? _reasonPhrase;

    public int StatusCode { get; }

    /// <summary>
    /// The reason phrase the server sent (HTTP/1.x), empty too when it sent none, as HTTPX has it; else (HTTP/2, or
    /// built without one) the standard phrase for the status code.
    /// </summary>
    public string ReasonPhrase =>
        (_extensions is null ? _reasonPhrase : _extensions.GetValueOrDefault("reason_phrase") as string) ?? StatusCodes.ReasonPhrase(StatusCode);

    /// <summary>"HTTP/1.1", "HTTP/2", "HTTP/1.0" or "HTTP/3".</summary>
    public string HttpVersion => (_extensions is null ? _httpVersion : _extensions.GetValueOrDefault("http_version") as string) ?? "HTTP/1.1";

    public Headers Headers { get; }

    /// <summary>
    /// HTTPX's extensions: "http_version" and "reason_phrase" from a transport, or what the response was built with;
    /// on a 101 Switching Protocols from a transport, "network_stream" too: the upgraded connection, a Stream to read and
    /// write while the response is open. As in httpcore, it is the response's connection: disposing the stream or
    /// closing the response closes it, and so does reading the (empty) body to its end, as every non-streamed request
    /// does: use it from <see cref="Client.Stream"/>. Once closed it stays here, and using it raises ObjectDisposedException.
    /// </summary>
    public Dictionary<string, object?> Extensions => _extensions ??= TransportExtensions();

    // An HTTP/2 response has no reason phrase, and no key for one (as httpcore's).
    private Dictionary<string, object?> TransportExtensions()
    {
        var extensions = new Dictionary<string, object?> { ["http_version"] = _httpVersion };
        if (_reasonPhrase is not null) extensions["reason_phrase"] = _reasonPhrase;
        if (NetworkStream is { } upgraded) extensions["network_stream"] = upgraded;
        return extensions;
    }

    /// <summary>
    /// The connection a 101 switched to (the transport sets it; the body is then empty). Owned by the response, whoever
    /// read <see cref="Extensions"/>: <see cref="Close"/> closes it, also at the end of the body, as httpcore closes a
    /// 101's connection with its response. Left open by a read, a non-streamed 101 kept a socket for as long as .NET
    /// did not collect a response that nobody disposed.
    /// </summary>
    internal Stream? NetworkStream { get; set; }

    // Closed once, kept: the extensions, made on first read (before or after the close), always hold it.
    private int _networkStreamClosed;

    /// <summary>The request this response answers. Throws when the response was built without one (as HTTPX does).</summary>
    public Request Request
    {
        get => _request ?? throw new InvalidOperationException("The request instance has not been set on this response.");
        set => _request = value;
    }

    public bool HasRequest => _request is not null;

    public Url Url => Request.Url;

    private Cookies? _cookies;

    /// <summary>
    /// The cookies this response sets: its Set-Cookie headers, scoped to its request's URL (HTTPX's
    /// <c>response.cookies</c>). Built when first read; empty for a response built without a request. A client's jar
    /// takes them as well; this shows what this one response set (an expired cookie, which deletes, is not in it).
    /// </summary>
    public Cookies Cookies
    {
        get
        {
            if (_cookies is { } cookies) return cookies;
            // Not kept until there is a request: a mock handler may look before the client sets it.
            if (!HasRequest) return new Cookies();
            cookies = new Cookies();
            cookies.ExtractCookies(this);
            return _cookies = cookies;
        }
    }

    /// <summary>Responses of the redirects (and auth steps) that led to this one, oldest first.</summary>
    public IReadOnlyList<Response> History { get; internal set; } = Array.Empty<Response>();

    /// <summary>
    /// When redirects are not followed: the request the redirect points to, else null; null too for a redirect whose
    /// Location is no one URL that could be followed (empty, two different ones, not a URL, data: or file:///).
    /// </summary>
    public Request? NextRequest { get; internal set; }

    /// <summary>
    /// The Link header's links by their rel (else their URL), each its parameters and its "url", as HTTPX's
    /// <c>response.links</c>: <c>Links["next"]["url"]</c> for paginated APIs. Empty without a Link header.
    /// Rels and parameter names are looked up in any case (<c>Links["Next"]["URL"]</c>), as RFC 8288 compares them and
    /// as PowerShell's <c>$r.Links.Next.Url</c> and Invoke-WebRequest's RelationLink read them; the keys keep the
    /// header's spelling. HTTPX's are Python dicts, where only the exact spelling finds them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Links
    {
        get
        {
            var links = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
            if (Headers.Get("Link") is { } header)
                foreach (var link in LinkHeader.Parse(header))
                    links[link.TryGetValue("rel", out var rel) && rel.Length > 0 ? rel : link["url"]] = link;
            return links;
        }
    }

    /// <summary>
    /// The Retry-After header (RFC 9110 10.2.3) as a wait, for a script's loop over 429 and 503 answers: its seconds, or
    /// the time left until its HTTP date (zero once past, the machine's clock against the date, as curl and urllib3
    /// read it); null without one, or when it is neither (two values, a fraction). Not HTTPX's, whose scripts parse the
    /// header themselves; read on each get, so nothing is spent on a response that is never asked.
    /// </summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            if (Headers.Get("Retry-After") is not { } value
                || !System.Net.Http.Headers.RetryConditionHeaderValue.TryParse(value, out var parsed)) return null;
            if (parsed.Delta is { } seconds) return seconds;
            var left = parsed.Date!.Value - DateTimeOffset.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Time from sending the request to the response being closed (read to the end or disposed).</summary>
    public TimeSpan Elapsed =>
        _elapsed ?? throw new InvalidOperationException("'.Elapsed' may only be accessed after the response has been read or closed.");

    /// <summary>Bytes taken from the network for the body so far, before decompression.</summary>
    public long NumBytesDownloaded => Interlocked.Read(ref _numBytesDownloaded);

    /// <summary>Called by the body stream with each read's byte count (see <see cref="CountingReadStream"/>).</summary>
    internal void CountDownloaded(int bytes) => Interlocked.Add(ref _numBytesDownloaded, bytes);

    public bool IsClosed { get; private set; }

    public bool IsStreamConsumed { get; private set; }

    /// <summary>
    /// The client's fallback when Content-Type has no charset: an encoding name, or a function that guesses one from
    /// the body (returning null for "no idea", which falls back to UTF-8).
    /// </summary>
    internal object? DefaultEncoding { get; set; }

    /// <summary>
    /// Starts <see cref="Elapsed"/> when the request was sent. A response already closed when received (one a mock
    /// made in memory, read as it was made) ends it now: its clock had stopped when it was made, which left out the
    /// time the handler took (a mock simulating a slow server showed 0 ms).
    /// </summary>
    internal void MarkSent(long startTimestamp)
    {
        _startTimestamp = startTimestamp;
        if (IsClosed) _elapsed = Stopwatch.GetElapsedTime(startTimestamp);
    }

    /// <summary>
    /// The text encoding: the Content-Type charset, else the client's default encoding, else "utf-8".
    /// Setting it (before <see cref="Text"/> is first read) overrides both.
    /// </summary>
    public string Encoding
    {
        get => _explicitEncoding ?? Charset.KnownNameFromContentType(Headers.Get("Content-Type")) ?? DefaultEncodingName() ?? "utf-8";
        set
        {
            if (_text is not null)
                throw new InvalidOperationException("Setting the encoding after Text has been accessed is not allowed.");
            _ = ResolveEncoding(value) ?? throw new ArgumentException($"Unknown text encoding '{value}': give a codec name such as 'utf-8' or 'latin-1'.", nameof(value));
            _explicitEncoding = value;
        }
    }

    /// <summary>
    /// The Content-Type header, null without one. Not HTTPX's (it reads headers["content-type"]): a typed property for
    /// PowerShell's Get-Member and response table, which had a script property typed object.
    /// </summary>
    public string? ContentType => Headers.Get("Content-Type");

    /// <summary>The charset named by Content-Type (lower-cased, spelled as the server spelled it), known to a codec or not, else null.</summary>
    public string? CharsetEncoding => Charset.NameFromContentType(Headers.Get("Content-Type"));

    private string? DefaultEncodingName() => DefaultEncoding switch
    {
        string name => name,
        // Asked once, as HTTPX keeps the encoding it worked out: Encoding and Text agree, and the function (a user's
        // PowerShell scriptblock) runs once per response, not on each read. "" is a guess taken that gave none.
        Func<byte[], string?> detect when _content is not null => (_guessedEncoding ??= Guess(detect, _content)) is { Length: > 0 } guess ? guess : null,
        _ => null,
    };

    private string? _guessedEncoding;

    // A guess no codec knows reads as no guess: the text is then UTF-8, and Encoding says so.
    private static string Guess(Func<byte[], string?> detect, byte[] content) =>
        detect(content) is { } guess && Charset.FromName(guess) is not null ? guess : "";

    /// <summary>
    /// The codec for <see cref="Text"/>: as <see cref="Encoding"/> says, but the charset's own encoding rather than the
    /// one its .NET name finds (a "utf-16le" charset is called "utf-16", and must keep a byte order mark where "utf-16" drops it).
    /// </summary>
    internal Encoding TextEncoding =>
        (_explicitEncoding is not null ? ResolveEncoding(_explicitEncoding) : null)
        ?? Charset.FromContentType(Headers.Get("Content-Type"))
        ?? (DefaultEncodingName() is { } name ? ResolveEncoding(name) : null)
        ?? new UTF8Encoding(false);

    private static Encoding? ResolveEncoding(string name)
    {
        return Charset.FromName(name);
    }

    /// <summary>The whole body, decoded. A streaming response must be read first, else <see cref="ResponseNotReadException"/>.</summary>
    public byte[] Content => _content ?? throw NotRead();

    // HTTPX's ResponseNotRead says to call Read(), which cannot bring back a body ReadAtMostAsync left unread (the
    // connection is closed; Read() then raised StreamConsumed): said so. RaiseForStatusAsync reads an error body so, for
    // a streamed request's error (Invoke-Httpx -Stream, -Download), whose API error JSON was out of reach without a word.
    private ResponseNotReadException NotRead() => _readOnlyStart == 0 ? new() : new(
        $"Only the first {_readOnlyStart} bytes of this body were read (as an error body's start is read for its error, " +
        "which holds them as BodyStart), and the connection was then closed: the rest cannot be read. To read such a body " +
        "whole, read it before raising for its status (Invoke-Httpx -SkipHttpErrorCheck).");

    /// <summary>
    /// The body as text, decoded with <see cref="Encoding"/> (undecodable bytes become U+FFFD). As in Python, a byte
    /// order mark is dropped for "utf-16", "utf-32" and "utf-8-sig" and kept as U+FEFF for the others ("utf-8" too).
    /// </summary>
    public string Text => _text ??= Content.Length == 0 ? "" : Decoded(Content);

    /// <summary>
    /// <paramref name="content"/> (the body, or the start of it) decoded as <see cref="Text"/> is, without fixing
    /// <see cref="Encoding"/>: for Text, and for <see cref="HttpStatusException.BodyText"/>. A body of more bytes than a
    /// string can hold characters is counted first (most decode to fewer characters than bytes): past the limit, .NET's
    /// GetString threw OutOfMemoryException, "Insufficient memory".
    /// </summary>
    internal string Decoded(byte[] content)
    {
        var encoding = TextEncoding;
        var limit = InMemoryBodyLimits.Chars;
        if (content.Length > limit && encoding.GetCharCount(content) is var chars && chars > limit)
            throw ResponseTooLargeException.OfText(content.Length, chars, limit, Encoding, _request);
        return encoding.GetString(content);
    }

    /// <summary>
    /// The body parsed as JSON (null for the JSON literal null). UTF-8, with or without a byte order mark, UTF-16 and
    /// UTF-32 are told apart as Python's <c>json.loads</c> does (<see cref="JsonEncoding"/>); the charset is not used. A key
    /// given twice in an object keeps its last value, as there (<see cref="JsonParser"/>); NaN, Infinity and -Infinity are
    /// doubles, and values nest up to 1024 levels.
    /// </summary>
    public JsonNode? Json() => JsonParser.ParseBody(Content);

    /// <summary>
    /// The body deserialised as <typeparamref name="T"/>, its encoding found as for <see cref="Json()"/>; System.Text.Json's
    /// own rules from there on (an escaped lone surrogate, which <see cref="Json()"/> keeps, is an error here).
    /// </summary>
    public T? Json<T>(JsonSerializerOptions? options = null) => JsonSerializer.Deserialize<T>(JsonEncoding.ToUtf8(Content), options);

    public bool IsInformational => StatusCodes.IsInformational(StatusCode);
    public bool IsSuccess => StatusCodes.IsSuccess(StatusCode);
    public bool IsRedirect => StatusCodes.IsRedirect(StatusCode);
    public bool IsClientError => StatusCodes.IsClientError(StatusCode);
    public bool IsServerError => StatusCodes.IsServerError(StatusCode);
    public bool IsError => StatusCodes.IsError(StatusCode);

    /// <summary>
    /// A redirect status (301, 302, 303, 307, 308) with a Location header, as HTTPX's has_redirect_location: one the
    /// client would follow. Whether its Location can be followed (one URL, in http or https) is <see cref="NextRequest"/>
    /// when not following, and the error raised when following.
    /// </summary>
    public bool HasRedirectLocation =>
        StatusCode is 301 or 302 or 303 or 307 or 308 && Headers.ContainsKey("Location");

    /// <summary>Throws <see cref="HttpStatusException"/> unless the status is 2xx; returns this response otherwise.</summary>
    public Response RaiseForStatus() => RaiseForStatusWith(bodyStart: null);

    /// <summary>How much of an error's body <see cref="RaiseForStatusAsync"/> reads by default: 64 KB.</summary>
    public const int ErrorBodyReadLimit = 64 * 1024;

    /// <summary>
    /// <see cref="RaiseForStatus()"/> for a streamed response, with the body of an error status read first, so that the
    /// exception's <see cref="HttpStatusException.Response"/> holds why it failed: at most
    /// <paramref name="maxBodyLength"/> bytes, as an error body may never end (a 503 that keeps streaming). A longer body
    /// is left unread, the response closed, and its start is the exception's <see cref="HttpStatusException.BodyStart"/>.
    /// A body that fails to arrive leaves the status as the error. A 2xx body is never read.
    /// </summary>
    public async Task<Response> RaiseForStatusAsync(int maxBodyLength = ErrorBodyReadLimit, CancellationToken cancellationToken = default)
    {
        if (IsSuccess || _request is null || _content is not null) return RaiseForStatus();
        byte[]? bodyStart = null;
        try
        {
            var (start, whole) = await ReadAtMostAsync(maxBodyLength, cancellationToken).ConfigureAwait(false);
            if (!whole) bodyStart = start;
        }
        catch (HttpxException)
        {
        }
        return RaiseForStatusWith(bodyStart);
    }

    private Response RaiseForStatusWith(byte[]? bodyStart)
    {
        if (_request is null)
            throw new InvalidOperationException("Cannot call RaiseForStatus() as the request instance has not been set on this response.");
        if (IsSuccess) return this;

        // HTTPX's error_types by status_code // 100: a code past 5xx (the constructor allows up to 999) is no server error.
        var kind = (StatusCode / 100) switch
        {
            1 => "Informational response",
            3 => "Redirect response",
            4 => "Client error",
            5 => "Server error",
            _ => "Invalid status code",
        };
        var message = new StringBuilder($"{kind} '{StatusCode} {HttpLog.Printable(ReasonPhrase)}' for url '{Url.ToRedactedString()}'");
        // Only a redirect the client could follow (HTTPX's has_redirect_location): a 304's Location points nowhere.
        if (HasRedirectLocation && Headers.Get("Location") is { } location) message.Append($"\nRedirect location: '{HttpLog.Printable(UrlPasswords.Hide(location))}'");
        message.Append($"\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{StatusCode}");
        throw new HttpStatusException(message.ToString(), _request, this) { BodyStart = bodyStart };
    }

    /// <summary>Reads the whole body into memory (decoded), closes the stream and returns the bytes.</summary>
    public byte[] Read() => _content ?? SyncOverAsync.Wait(() => new ValueTask<byte[]>(ReadAsync()));

    public Task<byte[]> ReadAsync(CancellationToken cancellationToken = default) =>
        _content is not null ? Task.FromResult(_content) : ReadToEndAsync(cancellationToken).AsTask();

    /// <summary>
    /// Reads at most <paramref name="maxLength"/> bytes of the decoded body: a body that fits is read whole, as by
    /// <see cref="ReadAsync"/> (<see cref="Content"/> and <see cref="Text"/> then hold it), and <c>Whole</c> is true; of a
    /// longer one the first <paramref name="maxLength"/> bytes are returned, the response is closed and its body left
    /// unread. For a look at a body that may never end, as an error page before raising for its status.
    /// </summary>
    public async Task<(byte[] Start, bool Whole)> ReadAtMostAsync(int maxLength, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        if (_content is not null) return _content.Length <= maxLength ? (_content, true) : (_content[..maxLength], false);
        using var buffer = new MemoryStream();
        var source = OpenBody(decoded: true);
        var chunk = ArrayPool<byte>.Shared.Rent(DefaultChunkSize);
        // A maxLength past what memory holds (int.MaxValue: "all of it") reads a body as ReadAsync does, to its limit.
        var limit = InMemoryBodyLimits.Bytes;
        try
        {
            // One byte past the limit tells a body of exactly maxLength bytes from a longer one (in long: maxLength + 1
            // overflowed for int.MaxValue, a negative read size).
            while (buffer.Length <= maxLength)
            {
                var read = await ReadBodyAsync(source, chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxLength + 1L - buffer.Length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _content = buffer.ToArray();
                    return (_content, true);
                }
                if (read > limit - buffer.Length) throw ResponseTooLargeException.OfBytes(buffer.Length + read, limit, _request);
                buffer.Write(chunk, 0, read);
            }
            _readOnlyStart = maxLength;
            return (buffer.GetBuffer()[..maxLength], false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The Content-Length header as a number of bytes, or null without one (or with one that is no number): ASCII digits
    /// only, in every culture, as the transport reads it.
    /// </summary>
    internal long? DeclaredLength =>
        Headers.Get("Content-Length") is { } header && long.TryParse(header, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    /// <summary>
    /// <see cref="ReadAsync"/> for the client, which reads every non-streamed response: a body that is already
    /// buffered by the handler completes at once, and a ValueTask then costs no Task per response.
    /// </summary>
    internal async ValueTask<byte[]> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        if (_content is not null) return _content;
        var limit = InMemoryBodyLimits.Bytes;
        var length = LengthToPresize(limit);
        if (length > 0 && length <= DefaultChunkSize) return _content = await ReadKnownLengthAsync(length, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream(length);
        // As IterBytesAsync, but straight into the buffer: no async iterator and no copy of every chunk, since most
        // responses are read whole this way.
        var source = OpenBody(decoded: true);
        var chunk = ArrayPool<byte>.Shared.Rent(length is > 0 and < DefaultChunkSize ? length + 1 : DefaultChunkSize);
        try
        {
            while (true)
            {
                var read = await ReadBodyAsync(source, chunk, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                // Past .NET's largest array MemoryStream said "Stream was too long" (an IOException, read as a file's).
                if (read > limit - buffer.Length) throw ResponseTooLargeException.OfBytes(buffer.Length + read, limit, _request);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            await CloseAsync().ConfigureAwait(false);
        }
        _content = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        return _content;
    }

    /// <summary>
    /// How much room to make for the body before reading it: its declared length when it is uncompressed and can come,
    /// at most <see cref="MaxPresize"/>; 0 (grow as it comes) otherwise. The declared length is not refused before
    /// reading, nor trusted with memory: a HEAD's or a 304's says what a GET would have sent (a HEAD of a 1.5 GB artifact
    /// made a 1.5 GB buffer for no byte), and a server may declare 2 GB and send nothing.
    /// </summary>
    private int LengthToPresize(int limit) =>
        DeclaredLength is { } n && n > 0 && n <= limit && MayHaveBody && !Headers.ContainsKey("Content-Encoding") ? (int)Math.Min(n, MaxPresize) : 0;

    // Bodies read whole are mostly far smaller; a larger one grows its buffer as it arrives.
    private const int MaxPresize = 16 * 1024 * 1024;

    /// <summary>Whether the response can have a body whatever its headers say: none to a HEAD, nor a 1xx, 204 or 304 (RFC 9112 6.3).</summary>
    internal bool MayHaveBody => StatusCode >= 200 && !Transports.ResponseHeadRules.HasNoBody(_request?.Method, StatusCode);

    /// <summary>
    /// A small body of announced length (most API responses): read straight into an array of that size, then once more
    /// to see the end (which hands the connection back), with no buffer to copy from.
    /// </summary>
    private async ValueTask<byte[]> ReadKnownLengthAsync(int length, CancellationToken cancellationToken)
    {
        var source = OpenBody(decoded: true);
        var body = new byte[length];
        var filled = 0;
        var probe = ArrayPool<byte>.Shared.Rent(1);
        try
        {
            while (true)
            {
                var room = filled < length ? body.AsMemory(filled) : probe.AsMemory(0, 1);
                var read = await ReadBodyAsync(source, room, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                if (filled >= length)
                {
                    // More than Content-Length said (only a lenient transport lets that through): keep it all.
                    var extra = probe[0];
                    var rest = await ReadRestAsync(source, cancellationToken).ConfigureAwait(false);
                    return [.. body, extra, .. rest];
                }
                filled += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(probe);
            await CloseAsync().ConfigureAwait(false);
        }
        return filled == length ? body : body[..filled];
    }

    /// <summary>One read of the body for <see cref="ReadAsync"/>: an error from the transport gets this response's request.</summary>
    private async ValueTask<int> ReadBodyAsync(Stream source, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpException e) when (!e.HasRequest && _request is not null)
        {
            e.Request = _request;
            throw;
        }
    }

    private static async Task<byte[]> ReadRestAsync(Stream source, CancellationToken cancellationToken)
    {
        using var rest = new MemoryStream();
        await source.CopyToAsync(rest, cancellationToken).ConfigureAwait(false);
        return rest.ToArray();
    }

    /// <summary>The body as it came off the network (still compressed), in chunks of <paramref name="chunkSize"/> bytes, or as received.</summary>
    public IEnumerable<byte[]> IterRaw(int? chunkSize = null) => SyncOverAsync.Enumerate(IterRawAsync(chunkSize));

    public async IAsyncEnumerable<byte[]> IterRawAsync(int? chunkSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var source = OpenBody(decoded: false);
        try
        {
            await foreach (var chunk in ReadChunksAsync(source, chunkSize, cancellationToken).ConfigureAwait(false))
                yield return chunk;
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The decoded body (gzip, deflate, br, zstd undone), in chunks of <paramref name="chunkSize"/> bytes, or as decoded.</summary>
    public IEnumerable<byte[]> IterBytes(int? chunkSize = null) => SyncOverAsync.Enumerate(IterBytesAsync(chunkSize));

    public async IAsyncEnumerable<byte[]> IterBytesAsync(int? chunkSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_content is not null)
        {
            foreach (var chunk in ChunkBuffered(_content, chunkSize)) yield return chunk;
            yield break;
        }
        var source = OpenBody(decoded: true);
        try
        {
            await foreach (var chunk in ReadChunksAsync(source, chunkSize, cancellationToken).ConfigureAwait(false))
                yield return chunk;
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The decoded body as text, decoded incrementally with <see cref="Encoding"/>.</summary>
    public IEnumerable<string> IterText(int? chunkSize = null) => SyncOverAsync.Enumerate(IterTextAsync(chunkSize));

    public IAsyncEnumerable<string> IterTextAsync(int? chunkSize = null, CancellationToken cancellationToken = default) =>
        IterTextAsync(TextEncoding, chunkSize, cancellationToken);

    private async IAsyncEnumerable<string> IterTextAsync(Encoding encoding, int? chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var decoder = encoding.GetDecoder();
        var chunker = new TextChunker(chunkSize);
        var decoded = new List<string>();
        var pieces = new List<string>();
        await foreach (var bytes in IterBytesAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            DecodeChunk(decoder, bytes, flush: false, decoded);
            foreach (var text in decoded) chunker.Decode(text, pieces);
            decoded.Clear();
            foreach (var piece in pieces) yield return piece;
            pieces.Clear();
        }
        DecodeChunk(decoder, Array.Empty<byte>(), flush: true, decoded);
        foreach (var text in decoded) chunker.Decode(text, pieces);
        chunker.Flush(pieces);
        foreach (var piece in pieces) yield return piece;
    }

    /// <summary>
    /// The most characters that one piece of decoded text holds. A 64 KB chunk of the body decodes to up to 64 K
    /// characters: as one string (128 KB), and with the array it was decoded into, it would go to the large-object
    /// heap, which only full collections free, twice per chunk of every text stream (-Stream Text, lines, events).
    /// </summary>
    private const int MaxTextPiece = 16 * 1024;

    /// <summary>
    /// The body's lines as they arrive, without their endings (\n, \r\n and \r all end a line). A line longer than 16 MiB
    /// raises <see cref="DecodingException"/> (<see cref="StreamedLineLimit"/>).
    /// </summary>
    public IEnumerable<string> IterLines() => SyncOverAsync.Enumerate(IterLinesAsync());

    public IAsyncEnumerable<string> IterLinesAsync(CancellationToken cancellationToken = default) =>
        IterLinesAsync(protocolLines: false, cancellationToken);

    /// <summary>
    /// With <paramref name="protocolLines"/>, the lines of server-sent events: only \n, \r\n and \r end a line, and the
    /// text is UTF-8 whatever the charset says, a leading byte order mark dropped and a byte that is not UTF-8 read as
    /// U+FFFD (WHATWG's event stream decodes "UTF-8, BOM stripped", with replacement). JSON lines are split as bytes
    /// (<see cref="Utf8LineDecoder"/>), so that such a byte is an error.
    /// </summary>
    internal async IAsyncEnumerable<string> IterLinesAsync(bool protocolLines, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var decoder = new LineDecoder(protocolLines);
        var lines = new List<string>();
        var encoding = protocolLines ? Charset.FromName("utf-8-sig")! : TextEncoding;
        await foreach (var text in IterTextAsync(encoding, chunkSize: null, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                decoder.Decode(text, lines);
            }
            catch (DecodingException e)
            {
                throw StreamedLineLimit.Of(this, e);
            }
            foreach (var line in lines) yield return line;
            lines.Clear();
        }
        decoder.Flush(lines);
        foreach (var line in lines) yield return line;
    }

    /// <summary>
    /// Closes the body stream, returning the connection to the pool, and the upgraded connection of a 101 (its
    /// network_stream extension). Safe to call more than once.
    /// </summary>
    public void Close() => SyncOverAsync.Wait(() => new ValueTask(CloseAsync()));

    public async Task CloseAsync()
    {
        // Left in the extensions (as httpcore's), closed: a later use raises ObjectDisposedException rather than
        // reopening anything. Only a 101 pays for the atomic exchange (two closes at once dispose it once).
        if (NetworkStream is { } upgraded && Interlocked.Exchange(ref _networkStreamClosed, 1) == 0)
            await upgraded.DisposeAsync().ConfigureAwait(false);
        if (IsClosed) return;
        IsClosed = true;
        _elapsed ??= Stopwatch.GetElapsedTime(_startTimestamp);
        var stream = _stream;
        _stream = null;
        if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => Close();

    public ValueTask DisposeAsync() => new(CloseAsync());

    /// <summary>HTTPX's repr: <c>&lt;Response [200 OK]&gt;</c>.</summary>
    // The server's reason phrase with its control characters escaped: this text is printed ("$r", messages).
    public override string ToString() => $"<Response [{StatusCode} {HttpLog.Printable(ReasonPhrase)}]>";

    private Stream OpenBody(bool decoded)
    {
        if (IsStreamConsumed) throw new StreamConsumedException();
        if (IsClosed) throw new StreamClosedException();
        Stream raw = new CountingReadStream(_stream!, this);
        // Wrapping only stacks decoders: corrupt data raises DecodingException on a read, naming the request. Too many
        // codings raise it here, before a byte is read: the body stays unconsumed, for IterRaw as the message says.
        var body = decoded ? ContentDecoding.Wrap(raw, Headers.Get("Content-Encoding"), _request) : raw;
        IsStreamConsumed = true;
        return body;
    }

    private async IAsyncEnumerable<byte[]> ReadChunksAsync(Stream source, int? chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (chunkSize is <= 0) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "Chunk size must be a positive number of bytes.");
        var size = chunkSize ?? DefaultChunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            while (true)
            {
                int n;
                try
                {
                    n = chunkSize is null
                        ? await source.ReadAsync(buffer.AsMemory(0, size), cancellationToken).ConfigureAwait(false)
                        : await source.ReadAtLeastAsync(buffer.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpException e) when (!e.HasRequest && _request is not null)
                {
                    e.Request = _request;
                    throw;
                }
                if (n == 0) yield break;
                yield return buffer.AsSpan(0, n).ToArray();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IEnumerable<byte[]> ChunkBuffered(byte[] content, int? chunkSize)
    {
        if (chunkSize is null || chunkSize >= content.Length)
        {
            if (content.Length > 0) yield return content;
            yield break;
        }
        if (chunkSize <= 0) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "Chunk size must be a positive number of bytes.");
        for (var i = 0; i < content.Length; i += chunkSize.Value)
            yield return content.AsSpan(i, Math.Min(chunkSize.Value, content.Length - i)).ToArray();
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> into <paramref name="pieces"/> of at most <see cref="MaxTextPiece"/> characters,
    /// never ending one between the two halves of a surrogate pair.
    /// </summary>
    private static void DecodeChunk(Decoder decoder, byte[] bytes, bool flush, List<string> pieces)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, decoder.GetCharCount(bytes, flush)));
        try
        {
            var n = decoder.GetChars(bytes, 0, bytes.Length, chars, 0, flush);
            for (var start = 0; start < n;)
            {
                var length = Math.Min(MaxTextPiece, n - start);
                if (start + length < n && char.IsHighSurrogate(chars[start + length - 1])) length--;
                pieces.Add(new string(chars, start, length));
                start += length;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static (byte[]? Bytes, string? ContentType) InMemoryBody(object? content, string? text, string? html, object? json)
    {
        if (content is not null)
        {
            return content switch
            {
                byte[] b => (b, null),
                ReadOnlyMemory<byte> m => (m.ToArray(), null),
                string s => (System.Text.Encoding.UTF8.GetBytes(s), null),
                _ => throw new ArgumentException($"Response content must be bytes or a string, not {content.GetType().FullName}.", nameof(content)),
            };
        }
        if (text is not null) return (System.Text.Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8");
        if (html is not null) return (System.Text.Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
        if (json is not null) return (new JsonContent(json).BufferedBytes!.Value.ToArray(), JsonContent.MediaType);
        return (null, null);
    }
}
