using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Httpx;

/// <summary>
/// An immutable, normalised URL as HTTPX's <c>URL</c>. The scheme and host are lowercased, a default port is dropped, dot segments
/// are removed from the path of absolute URLs and every component is percent-encoded with HTTPX's safe sets, keeping existing
/// <c>%XX</c> escapes and encoding non-ASCII text as UTF-8. Hosts are IDNA-encoded (<see cref="RawHost"/>) and shown in unicode
/// (<see cref="Host"/>). Every malformed URL raises <see cref="InvalidUrlException"/> naming the problem and the value.
/// </summary>
/// <example>
/// <code>
/// var url = new Url("HTTPS://jo%40email.com:a%20secret@müller.de:1234/pa%20th?search=ab#anchorlink");
/// // url.Scheme == "https", url.Username == "jo@email.com", url.Password == "a secret",
/// // url.Host == "müller.de", url.RawHost == "xn--mller-kva.de", url.Port == 1234,
/// // url.Path == "/pa th", url.Query == "search=ab", url.RawPath == "/pa%20th?search=ab", url.Fragment == "anchorlink"
/// </code>
/// </example>
public sealed class Url : IEquatable<Url>
{
    private readonly UrlComponents _parts;
    private readonly string _text;
    // The text a URL without a scheme or host was parsed from: normalised, "http://:80/" reads "http:/" and
    // "://example.org/" reads "//example.org/", and a message that refuses it must show what the user wrote. Kept for
    // those only (a reference, no copy).
    private readonly string? _written;

    /// <summary>Parses and normalises <paramref name="url"/>, which may be absolute ("https://example.org/") or relative ("/path").</summary>
    /// <exception cref="InvalidUrlException">The URL is malformed.</exception>
    public Url(string url) : this(UrlParser.Parse(NotNull(url)))
    {
        if (IsRelativeUrl) _written = url;
    }

    /// <summary>
    /// Parses <paramref name="url"/>, made from <paramref name="writtenAs"/>, the text the user wrote, which its errors
    /// quote instead (<see cref="UrlPattern"/> parses a pattern's URL without its host's wildcard).
    /// </summary>
    internal static Url ParseWrittenAs(string url, string writtenAs) => new(UrlParser.Parse(NotNull(url), writtenAs: writtenAs));

    /// <summary>
    /// Parses <paramref name="url"/> and replaces its query with <paramref name="params"/>, as HTTPX's <c>URL(url, params=...)</c>:
    /// null or empty parameters leave no query at all. To add to an existing query use <see cref="CopyMergeParams"/>.
    /// </summary>
    /// <exception cref="InvalidUrlException">The URL is malformed.</exception>
    public Url(string url, QueryParams? @params)
        : this(UrlParser.Parse(NotNull(url), replaceQuery: true, query: @params is null || @params.IsEmpty ? null : @params.ToString()))
    {
    }

    private Url(UrlComponents parts)
    {
        _parts = parts;
        _text = parts.ToString();
    }

    private static string NotNull(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url;
    }

    /// <inheritdoc cref="Url(string)"/>
    public static Url Parse(string url) => new(url);

    /// <summary>Parses <paramref name="url"/>, returning false instead of throwing when it is null or malformed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? url, [NotNullWhen(true)] out Url? result)
    {
        result = null;
        if (url is null) return false;
        try
        {
            result = new Url(url);
            return true;
        }
        catch (InvalidUrlException)
        {
            return false;
        }
    }

    /// <summary>The scheme, lowercased ("https"); "" for a relative URL.</summary>
    public string Scheme => _parts.Scheme;

    /// <summary>The raw, percent-encoded userinfo ("jo%40email.com:a%20secret"); "" when absent.</summary>
    public string UserInfo => _parts.UserInfo;

    /// <summary>The username, percent-decoded.</summary>
    public string Username => PercentEncoding.Unquote(SplitUserInfo().User);

    /// <summary>The password, percent-decoded; "" when absent.</summary>
    public string Password => PercentEncoding.Unquote(SplitUserInfo().Password);

    /// <summary>The host, lowercased, with IDNA labels in unicode ("müller.de") and IPv6 addresses without brackets.</summary>
    public string Host => Idna.ToUnicode(_parts.Host);

    /// <summary>The host as sent on the wire: lowercased, IDNA-encoded ("xn--mller-kva.de"), IPv6 without brackets.</summary>
    public string RawHost => _parts.Host;

    /// <summary>The port, or null when absent or the scheme's default (http and ws 80, https and wss 443, ftp 21).</summary>
    public int? Port => _parts.Port;

    /// <summary>The port as written, the scheme's default one too ("https://a:443" gives 443); null when none was written.</summary>
    internal int? WrittenPort => _parts.WrittenPort;

    /// <summary>The port to connect to: <see cref="Port"/>, else the scheme's default, else -1.</summary>
    public int EffectivePort => _parts.Port ?? UrlParser.DefaultPort(_parts.Scheme) ?? -1;

    private string? _netLoc;

    /// <summary>
    /// The raw host (IPv6 in brackets) and any non-default port, as for a Host header: "example.com:8080". Made once
    /// per URL: the request that adds the Host header and the transport that compares with it ask for it alike.
    /// </summary>
    public string NetLoc => _netLoc ??= _parts.NetLoc;

    /// <summary>
    /// The Host header made from this URL: <see cref="NetLoc"/>, but for an IPv6 host with a zone ("[fe80::1%25eth0]:8080")
    /// without the zone ("[fe80::1]:8080"). RFC 6874 section 4: the zone names an interface of this machine and means
    /// nothing to the server; curl and .NET's handler leave it out of the Host they send. HTTPX sends the netloc, zone and
    /// all; here the request's headers (hooks, -Verbose, $r.Request.Headers) show the Host that is sent.
    /// </summary>
    internal string HostHeader => _parts.Host.Contains('%') ? _parts.HostHeader : NetLoc;

    /// <summary>The path, percent-decoded; "/" when the URL has none.</summary>
    public string Path => PercentEncoding.Unquote(RawPathOnly);

    /// <summary>The encoded path and, when present, '?' and the query: the target of the HTTP request line.</summary>
    public string RawPath => _parts.Query is null ? RawPathOnly : RawPathOnly + "?" + _parts.Query;

    /// <summary>The raw path without the query ("/" for none).</summary>
    internal string RawPathOnly => _parts.Path.Length == 0 ? "/" : _parts.Path;

    /// <summary>The raw query: null without a '?', "" for a bare '?'.</summary>
    internal string? RawQuery => _parts.Query;

    /// <summary>
    /// "scheme://host[:port]" and <see cref="RawPath"/>: what the transport sends, without userinfo (the client has made
    /// it auth already) and without the fragment (never sent). Most URLs are exactly that, so their own text is returned
    /// and nothing is built per request.
    /// </summary>
    internal string RequestUriText =>
        _parts.UserInfo.Length == 0 && _parts.Fragment is null && _parts.Path.Length > 0 && _parts.Host.Length > 0
            ? _text
            : $"{_parts.Scheme}://{NetLoc}{RawPath}";

    /// <summary>The raw, percent-encoded query without the '?'; "" when absent.</summary>
    public string Query => _parts.Query ?? "";

    /// <summary>The query parsed into parameters.</summary>
    public QueryParams Params => QueryParams.Parse(_parts.Query);

    /// <summary>The fragment, percent-decoded, without the '#'; "" when absent.</summary>
    public string Fragment => PercentEncoding.Unquote(_parts.Fragment ?? "");

    /// <summary>True when the URL has both a scheme and a host, so that a connection can be made from it alone.</summary>
    public bool IsAbsoluteUrl => _parts.Scheme.Length > 0 && _parts.Host.Length > 0;

    public bool IsRelativeUrl => !IsAbsoluteUrl;

    /// <summary>"scheme://host[:port]" (raw host, port only when not the default), for same-origin checks; "" for a relative URL.</summary>
    public string Origin => IsAbsoluteUrl ? $"{_parts.Scheme}://{NetLoc}" : "";

    /// <summary>
    /// The normalised, encoded URL with any password replaced by "[secure]" (as <see cref="ToRedactedString"/>): a URL
    /// ends up in strings, logs, tables and messages, where a password must never show. This is where the engine
    /// differs from HTTPX's str(URL); <see cref="ToUnredactedString"/> is that text, password included.
    /// </summary>
    public override string ToString() => ToRedactedString();

    /// <summary>The normalised, encoded URL, password included (HTTPX's str(URL)): for sending, never for showing.</summary>
    public string ToUnredactedString() => _text;

    /// <summary>
    /// The same URL as a <see cref="Uri"/>, password included (for APIs that take one: <c>[uri]$response.Url</c>, or
    /// a URL passed to Invoke-RestMethod). Explicit, as Uri may refuse what HTTPX takes; a relative URL is a relative Uri.
    /// </summary>
    public static explicit operator Uri(Url url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new Uri(url._text, UriKind.RelativeOrAbsolute);
    }

    /// <summary>The URL with any password replaced by "[secure]", for messages and logs.</summary>
    public string ToRedactedString() =>
        // Most URLs hold no password: their own text, with nothing built. Without a host, the '@' of curl's
        // "user:password@host" may sit in the path.
        _parts.UserInfo.Contains(':') || (_parts.Host.Length == 0 && _text.Contains('@')) ? _parts.ToRedactedString() : _text;

    /// <summary>
    /// The URL as the user wrote it, password masked, for messages about the value given: a URL without a scheme or host
    /// (parsed from a string and not changed since) as its text, as normalising hides what is missing ("http://:80"
    /// reads "http:"); otherwise <see cref="ToRedactedString"/> with the port as written, a scheme's default one too
    /// (":21" in "ftp://proxy.example:21", which the normalised URL drops).
    /// </summary>
    internal string ToWrittenRedactedString() =>
        _written is not null ? UrlPasswords.Hide(_written)
        : _parts is { WrittenPort: { } written, Port: null } ? (_parts with { Port = written }).ToRedactedString()
        : ToRedactedString();

    /// <summary>
    /// Text that holds URLs, valid or not (a value that failed to parse, a message), with every password in it
    /// replaced by "[secure]": "scheme://user:password@host", passwords holding '/', '?' or '#', and curl's
    /// scheme-less "user:password@host". In text that is not a valid URL it errs on the side of hiding.
    /// </summary>
    public static string HidePasswords(string text) => UrlPasswords.Hide(text);

    private (string User, string Password) SplitUserInfo()
    {
        var colon = _parts.UserInfo.IndexOf(':');
        return colon < 0 ? (_parts.UserInfo, "") : (_parts.UserInfo[..colon], _parts.UserInfo[(colon + 1)..]);
    }

    /// <summary>
    /// A copy with the given components replaced; a null argument keeps the current component. Text is percent-encoded as
    /// when parsing (so <paramref name="path"/> "/a b" becomes "/a%20b"); <paramref name="query"/> and <paramref name="rawPath"/> are
    /// taken as already encoded. <paramref name="rawPath"/> ("/path?query") replaces both the path and the query.
    /// Setting only one of <paramref name="username"/> and <paramref name="password"/> keeps the other; "" for both removes the userinfo.
    /// Use <see cref="CopyWithPort"/> to remove a port.
    /// </summary>
    /// <exception cref="InvalidUrlException">A component is malformed, or the result is not a valid URL.</exception>
    /// <exception cref="ArgumentException"><paramref name="rawPath"/> is given with <paramref name="path"/> or <paramref name="query"/>.</exception>
    public Url CopyWith(
        string? scheme = null,
        string? username = null,
        string? password = null,
        string? host = null,
        int? port = null,
        string? path = null,
        string? query = null,
        string? fragment = null,
        string? rawPath = null)
    {
        if (rawPath is not null && (path is not null || query is not null))
            throw new ArgumentException("Give either rawPath or path and query, not both.", nameof(rawPath));

        var context = UrlErrorContext.Copying(this);
        if (scheme is not null) UrlParser.CheckComponent("scheme", scheme, UrlParser.SchemeComponent, context);

        var userInfo = _parts.UserInfo;
        if (username is not null || password is not null)
        {
            var (currentUser, currentPassword) = SplitUserInfo();
            var user = username is null ? currentUser : PercentEncoding.Quote(username, PercentEncoding.UserPartSafe);
            var secret = password is null ? currentPassword : PercentEncoding.Quote(password, PercentEncoding.UserPartSafe);
            userInfo = secret.Length > 0 ? user + ":" + secret : user;
            UrlParser.CheckComponent("userinfo", userInfo, null, context, secret: true);
        }

        if (host is not null)
        {
            // An IPv6 address may be given with or without its brackets.
            if (host.Contains(':') && !(host.StartsWith('[') && host.EndsWith(']'))) host = $"[{host}]";
            UrlParser.CheckComponent("host", host, UrlParser.HostComponent, context);
        }

        if (rawPath is not null)
        {
            var mark = rawPath.IndexOf('?');
            path = mark < 0 ? rawPath : rawPath[..mark];
            query = mark < 0 ? null : rawPath[(mark + 1)..];
        }
        if (path is not null) UrlParser.CheckComponent("path", path, UrlParser.PathComponent, context);
        if (query is not null) UrlParser.CheckComponent("query", query, UrlParser.QueryComponent, context);
        if (fragment is not null) UrlParser.CheckComponent("fragment", fragment, null, context);
        return Rebuild(scheme, userInfo, host, port?.ToString(CultureInfo.InvariantCulture), path, query, fragment, context,
            replaceQuery: rawPath is not null || query is not null);
    }

    /// <summary>A copy with the port replaced; null removes it (the scheme's default then applies).</summary>
    /// <exception cref="InvalidUrlException">The port is outside 0 to 65535.</exception>
    public Url CopyWithPort(int? port) =>
        Rebuild(null, _parts.UserInfo, null, port?.ToString(CultureInfo.InvariantCulture) ?? "", null, null, null,
            UrlErrorContext.Copying(this), replaceQuery: false);

    /// <summary>A copy where the query parameter <paramref name="key"/> has the single value <paramref name="value"/>.</summary>
    public Url CopySetParam(string key, object? value = null) => WithParams(Params.Set(key, value));

    /// <summary>A copy with <paramref name="value"/> appended to the values of the query parameter <paramref name="key"/>.</summary>
    public Url CopyAddParam(string key, object? value = null) => WithParams(Params.Add(key, value));

    /// <summary>A copy without the query parameter <paramref name="key"/>.</summary>
    public Url CopyRemoveParam(string key) => WithParams(Params.Remove(key));

    /// <summary>
    /// A copy whose query is merged with <paramref name="params"/> (anything <see cref="QueryParams.From"/> accepts):
    /// the given keys replace the same keys, keeping their position; keys given an empty list are removed; other keys are
    /// kept. No parameters leave the URL as it is, and parameters that only add names go after the query as it was written.
    /// </summary>
    public Url CopyMergeParams(object? @params)
    {
        var added = QueryParams.From(@params);
        if (added.ChangesNothing) return this;
        var current = Params;
        // HTTPX re-encodes the whole query ("?$select=a,b&flag" comes back "?%24select=a%2Cb&flag="), which a server may
        // read otherwise; only a name being replaced or removed needs that.
        var removes = added.ClearedKeys.Any(current.ContainsKey);
        if (added.IsEmpty && !removes) return this;
        if (_parts.Query is { Length: > 0 } query && !removes && !added.OrderedKeys.Exists(current.ContainsKey))
            return Rebuild(null, _parts.UserInfo, null, null, null, query + "&" + added, null, UrlErrorContext.Copying(this), replaceQuery: true);
        return WithParams(current.Merge(added));
    }

    // The query is re-serialised from the parameters, so it comes out form-encoded; no parameters leave no '?'.
    private Url WithParams(QueryParams parameters) =>
        Rebuild(null, _parts.UserInfo, null, null, null, parameters.IsEmpty ? null : parameters.ToString(), null,
            UrlErrorContext.Copying(this), replaceQuery: true);

    private Url Rebuild(string? scheme, string userInfo, string? host, string? port, string? path, string? query, string? fragment, UrlErrorContext context, bool replaceQuery)
    {
        var currentHost = UrlComponents.Bracketed(_parts.Host);
        return new Url(UrlParser.Normalize(
            scheme ?? _parts.Scheme,
            userInfo,
            host ?? currentHost,
            port ?? _parts.Port?.ToString(CultureInfo.InvariantCulture) ?? "",
            path ?? _parts.Path,
            replaceQuery ? query : _parts.Query,
            fragment ?? _parts.Fragment,
            context));
    }

    /// <summary>Resolves <paramref name="url"/> against this URL as a base, per RFC 3986 section 5.2 (HTTPX's <c>URL.join</c>).</summary>
    /// <exception cref="InvalidUrlException"><paramref name="url"/> is malformed.</exception>
    public Url Join(string url) => Join(new Url(url));

    /// <inheritdoc cref="Join(string)"/>
    public Url Join(Url url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var reference = url._parts;
        // As Python's urljoin: an empty reference is the base itself, fragment included.
        if (url._text.Length == 0) return this;
        // RFC 3986 5.2.2's non-strict reading, as Python's urljoin (so HTTPX) and browsers: "http:g" against an http base
        // is the relative "g", not a URL without a host.
        if (reference.Scheme.Length > 0 && reference.Scheme == _parts.Scheme && !HasAuthority(reference))
            reference = reference with { Scheme = "" };

        UrlComponents target;
        if (reference.Scheme.Length > 0)
        {
            target = reference with { Path = RemoveDotSegments(reference.Path) };
        }
        else if (HasAuthority(reference))
        {
            target = reference with { Scheme = _parts.Scheme, Path = RemoveDotSegments(reference.Path) };
        }
        else if (reference.Path.Length == 0)
        {
            target = _parts with { Query = reference.Query ?? _parts.Query, Fragment = reference.Fragment };
        }
        else
        {
            var path = reference.Path.StartsWith('/') ? reference.Path : MergePaths(reference.Path);
            target = _parts with { Path = RemoveDotSegments(path), Query = reference.Query, Fragment = reference.Fragment };
        }
        return new Url(target.ToString());
    }

    private static bool HasAuthority(UrlComponents parts) => parts.UserInfo.Length > 0 || parts.Host.Length > 0 || parts.Port is not null;

    // RFC 3986 section 5.2.3.
    private string MergePaths(string relativePath)
    {
        if (HasAuthority(_parts) && _parts.Path.Length == 0) return "/" + relativePath;
        return _parts.Path[..(_parts.Path.LastIndexOf('/') + 1)] + relativePath;
    }

    // RFC 3986 section 5.2.4, which keeps a trailing '/' for a final "." or ".." ("/b/c/.." is "/b/").
    private static string RemoveDotSegments(string path)
    {
        var input = path;
        var output = new StringBuilder();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal)) input = input[3..];
            else if (input.StartsWith("./", StringComparison.Ordinal)) input = input[2..];
            else if (input.StartsWith("/./", StringComparison.Ordinal)) input = input[2..];
            else if (input == "/.") input = "/";
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = "/" + input[(input == "/.." ? 3 : 4)..];
                var last = output.ToString().LastIndexOf('/');
                output.Length = Math.Max(last, 0);
            }
            else if (input is "." or "..") input = "";
            else
            {
                var next = input.IndexOf('/', 1);
                var segmentEnd = next < 0 ? input.Length : next;
                output.Append(input, 0, segmentEnd);
                input = input[segmentEnd..];
            }
        }
        return output.ToString();
    }

    /// <summary>Equal when the normalised strings are equal: "http://example.com:80" equals "http://EXAMPLE.com".</summary>
    public bool Equals(Url? other) => other is not null && _text == other._text;

    /// <summary>True when <paramref name="other"/> parses to an equal URL.</summary>
    public bool Equals(string? other) => TryParse(other, out var url) && Equals(url);

    public override bool Equals(object? obj) => obj is Url other && Equals(other);

    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(Url? left, Url? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Url? left, Url? right) => !(left == right);
}
