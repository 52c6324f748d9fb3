using System.Globalization;
using System.Net;

namespace Httpx;

/// <summary>
/// HTTPX's <c>httpx.Proxy(url, auth=, headers=)</c>: a proxy server and how to talk to it.
/// Schemes: <c>http</c>, <c>https</c> (TLS to the proxy itself), <c>socks4</c> (names resolved here),
/// <c>socks4a</c> and <c>socks5h</c> (names resolved by the proxy), <c>socks5</c> (names resolved here, as curl does).
/// Credentials in the URL's userinfo are percent-decoded and moved to <see cref="Username"/> and the password;
/// <see cref="Url"/> never carries them, and <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class Proxy
{
    /// <summary>The proxy URL schemes we support.</summary>
    // A ReadOnlyCollection, not an array: PowerShell writes into an array whatever its declared type
    // ([Httpx.Proxy]::Schemes[0] = 'ftp' refused every http:// proxy of the session). Not C#'s [..] read-only list
    // either: PowerShell does not index that one ([Httpx.Proxy]::Schemes[0] gave every scheme).
    public static readonly IReadOnlyList<string> Schemes = Array.AsReadOnly(["http", "https", "socks4", "socks4a", "socks5", "socks5h"]);

    private readonly string? _password;

    public Proxy(string url, (string Username, string Password)? auth = null, object? headers = null)
        : this(Parse(url), auth, headers) { }

    public Proxy(Url url, (string Username, string Password)? auth = null, object? headers = null)
        : this(url, auth, headers, atItsAddress: false) { }

    /// <summary>
    /// The proxy of an environment variable (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY): used at its address whatever path,
    /// query or fragment follows it, as HTTPX, Python's urllib, curl and Go use it. The variable is shared with every
    /// tool that reads it, so refusing the value (as a -Proxy value with a path is refused: it is written for us alone)
    /// would stop every call over a value that works everywhere else.
    /// </summary>
    internal static Proxy AtItsAddress(string url, string? source = null) => new(Parse(url), null, null, atItsAddress: true) { Source = source };

    /// <summary>
    /// Where this proxy came from ("environment variable HTTPS_PROXY", "Windows proxy setting ProxyServer"), or null
    /// when it was given.
    /// </summary>
    internal string? Source { get; private init; }

    /// <summary>
    /// The proxy as an error message names it: <see cref="Display"/>, with the port connected to when its URL has none
    /// ("http://proxy on its default port 80": a user who expected 3128 or 8080 reads why it was refused or timed out),
    /// and for a proxy of the environment the variable it came from, for the user never typed it and looked for it in
    /// their script. (-Verbose and routes say where a proxy came from themselves.)
    /// </summary>
    internal string Named => (Url.Port is null ? $"{Display} on its default port {Port.ToString(CultureInfo.InvariantCulture)}" : Display)
        + (Source is null ? "" : $" (from the {Source})");

    private Proxy(Url url, (string Username, string Password)? auth, object? headers, bool atItsAddress)
    {
        ArgumentNullException.ThrowIfNull(url);
        // As written: normalised, "http://:80" would read "http:" in the "no host" message, and a refused
        // "ftp://user:pw@proxy.example:21" would lose its ":21". A password holding '/', '?' or '#' parses as a port and
        // a path ("http://user:1234/pw@proxy:3128"), which the URL shows as they are: masked from the text.
        var shown = UrlPasswords.Hide(url.ToWrittenRedactedString());
        if (!Schemes.Contains(url.Scheme))
            throw new ArgumentException(url.Scheme.Length == 0
                ? $"Proxy URL '{shown}' has no scheme: use one of {string.Join(", ", Schemes.Select(s => s + "://"))}."
                : $"Unknown scheme '{url.Scheme}' for proxy URL '{shown}': use one of {string.Join(", ", Schemes.Select(s => s + "://"))}.", "proxy");
        if (url.RawHost.Length == 0)
            throw new ArgumentException($"Proxy URL '{shown}' has no host.", "proxy");
        if (url.RawPath is not ("/" or "") || url.Fragment.Length > 0)
        {
            // An '@' after the address is a password holding '/', '?' or '#' that ended the address early:
            // "http://user:1234/pw@proxy:3128" is the host "user" on port 1234, and was shown and tried as "http://user:1234".
            // Said so for a -Proxy value too: "must not have a path" next to the masked 'http://user:[secure]@proxy:3128',
            // which shows none, left the user nothing to change.
            if (url.RawPath.Contains('@') || url.Fragment.Contains('@'))
                throw new ArgumentException($"Proxy URL '{shown}' has an '@' after its address{PasswordEndedAddress}", "proxy");
            if (!atItsAddress)
                throw new ArgumentException($"Proxy URL '{shown}' must not have a path, query or fragment: a proxy is only 'scheme://host:port'.", "proxy");
            url = url.Join("/");
        }

        if (url.UserInfo.Length > 0)
        {
            // As HTTPX's Proxy: credentials in the URL win over an auth given with it.
            auth = (url.Username, url.Password);
            url = url.CopyWith(username: "", password: "");
        }
        Url = url;
        HandlerUri = MakeHandlerUri(url, Port, shown);
        if (auth is { } credentials)
        {
            Username = credentials.Username ?? "";
            _password = credentials.Password ?? "";
        }
        Headers = Httpx.Headers.From(headers);
        // Refused here, where the user gave them, rather than on the first request sent through the proxy.
        Headers.ValidateRequestValues();
        // A copy (From copies a Headers too), fixed: the transports made with this proxy read them on every request, so
        // a change made later applied to some calls (forwarded ones, through the shared pool's transport for this very
        // object) and not to others (a client's transport made from a copy, HTTPX's snapshot of proxy.headers.raw),
        // and raced requests in flight. Refused, saying how to get what was meant.
        Headers.Fix($"The headers of proxy {Display} cannot be changed once it is made: make a new proxy with the headers you want ([Httpx.Proxy]::new(url, $null, headers)).");
    }

    /// <summary>The proxy's URL, without credentials.</summary>
    public Url Url { get; }

    /// <summary>The user name for proxy authentication, or null.</summary>
    public string? Username { get; }

    /// <summary>Whether a password is set (the password itself is only handed to the connection).</summary>
    public bool HasPassword => _password is { Length: > 0 };

    /// <summary>Headers for the proxy, read-only (a copy of those given, fixed when the proxy is made). Sent on requests
    /// forwarded through an HTTP proxy; see HttpTransport for tunnels.</summary>
    public Headers Headers { get; }

    /// <summary>True for socks4, socks4a, socks5 and socks5h.</summary>
    public bool IsSocks => Url.Scheme.StartsWith("socks", StringComparison.Ordinal);

    /// <summary>socks5 or socks5h: the SOCKS version with credentials and a reply code per refusal (RFC 1928, 1929).</summary>
    internal bool IsSocks5 => Url.Scheme is "socks5" or "socks5h";

    /// <summary>
    /// True when a request for <paramref name="url"/> is forwarded (an http:// URL through an http:// or https:// proxy:
    /// the proxy gets the request itself, with the absolute URL in its request line, over HTTP/1.1), false when it goes
    /// through a tunnel (CONNECT for https:// URLs, any SOCKS proxy).
    /// </summary>
    public bool Forwards(Url url) => !IsSocks && url.Scheme == "http";

    /// <summary>
    /// True when host names are resolved on this machine and the proxy is given an IP address (socks4, socks5),
    /// false when the proxy resolves them (http, https, socks4a, socks5h).
    /// </summary>
    public bool ResolvesNamesLocally => Url.Scheme is "socks4" or "socks5";

    /// <summary>
    /// The port connected to: the URL's, else 80 for http and 443 for https (HTTPX: the scheme's default), 1080 for SOCKS
    /// (httpcore's for socks5 and socks5h, curl's for every SOCKS version).
    /// </summary>
    public int Port => Url.Port ?? Url.Scheme switch { "http" => 80, "https" => 443, _ => 1080 };

    /// <summary>The URI SocketsHttpHandler is given (no credentials; socks5h is its socks5, which sends names to the proxy).</summary>
    internal Uri HandlerUri { get; }

    // HTTPX's URL model takes some hosts that no connection can reach (a space, a lone '['): refused here, where the
    // proxy is given, rather than as a bare UriFormatException when a transport is made for it.
    private static Uri MakeHandlerUri(Url url, int port, string shown)
    {
        var scheme = url.Scheme == "socks5h" ? "socks5" : url.Scheme;
        // An IPv6 zone written as RFC 6874 has it ("[fe80::1%25eth0]") is decoded, as a target URL's is: the handler
        // connects to the Uri's host, and "%25eth0" had the system look for an interface "25eth0" ("Invalid argument").
        var host = UrlComponents.ZoneDecoded(url.RawHost) ?? url.RawHost;
        try
        {
            return new Uri($"{scheme}://{UrlComponents.Bracketed(host)}:{port.ToString(CultureInfo.InvariantCulture)}/");
        }
        catch (UriFormatException e)
        {
            throw new ArgumentException($"Proxy URL '{shown}' has a host that cannot be connected to: '{url.RawHost}' ({e.Message})", "proxy", e);
        }
    }

    internal NetworkCredential? Credential => Username is null ? null : new NetworkCredential(Username, _password);

    /// <summary>"Basic ..." for the URL's credentials (UTF-8, as httpcore's proxy_auth), or null without them.</summary>
    internal string? BasicAuthorization => Username is null ? null : BasicAuth.HeaderValue(Username, _password ?? "");

    /// <summary>
    /// What HttpTransport adds to a request it forwards through this proxy (<see cref="Forwards"/>), given the request's
    /// own <paramref name="requestHeaders"/>: the proxy's headers the request does not set, then its credentials as
    /// Proxy-Authorization unless either sets one. As httpcore, a forwarded request carries them from the start; the
    /// handler would send credentials only in answer to a 407. One list for the transport and for -Verbose (HttpLog),
    /// so that what is shown is what was sent.
    /// </summary>
    internal IEnumerable<KeyValuePair<string, string>> ForwardedHeaders(Headers requestHeaders)
    {
        foreach (var header in Headers.Raw)
            if (!requestHeaders.ContainsKey(header.Key)) yield return header;
        if (BasicAuthorization is { } credentials && !requestHeaders.ContainsKey("Proxy-Authorization") && !Headers.ContainsKey("Proxy-Authorization"))
            yield return new("Proxy-Authorization", credentials);
    }

    /// <summary>The proxy for messages and logs: its URL with the user name and "[secure]" for any password.</summary>
    public string Display
    {
        get
        {
            var text = Url.ToString().TrimEnd('/');
            if (Username is null) return text;
            var at = text.IndexOf("://", StringComparison.Ordinal) + 3;
            var user = Uri.EscapeDataString(Username);
            return text[..at] + user + (_password is null ? "" : ":[secure]") + "@" + text[at..];
        }
    }

    /// <summary>A proxy from a URL string, <see cref="Url"/>, <see cref="Uri"/> or <see cref="Proxy"/>.</summary>
    public static Proxy From(object value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value)),
        Proxy proxy => proxy,
        Url url => new Proxy(url),
        Uri uri => new Proxy(uri.OriginalString),
        string text => new Proxy(text),
        _ => throw new ArgumentException($"A proxy must be a URL string, a Url, a Uri or a Proxy, not {value.GetType().FullName}.", nameof(value)),
    };

    public override string ToString() =>
        $"Proxy({Internal.PythonRepr.Of(Display)}{(Headers.Count > 0 ? ", headers=[" + string.Join(", ", Headers.Raw.Select(h => h.Key)) + "]" : "")})";

    private static Url Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        try
        {
            return new Url(url.Trim());
        }
        catch (InvalidUrlException e)
        {
            // The URL parser's message already shows the value with any password redacted. A password holding '/', '?' or
            // '#' and a letter ("http://user:s3cret/x@proxy:3128") is refused as a port ('[secure]', masked): say why.
            throw new ArgumentException($"Invalid proxy URL: {e.Message}" + (HasAtAfterAddress(url) ? $", as it has an '@' after its address{PasswordEndedAddress}" : ""), "proxy", e);
        }
    }

    private const string PasswordEndedAddress = ": percent-encode a '/', '?' or '#' in the password (%2F, %3F, %23).";

    // An '@' after the first '/', '?' or '#' that follows "scheme://": where the address ended before the userinfo did.
    private static bool HasAtAfterAddress(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0) return false;
        var end = url.AsSpan(start + 3).IndexOfAny('/', '?', '#');
        return end >= 0 && url.IndexOf('@', start + 3 + end) >= 0;
    }
}
