using System.Globalization;

namespace Httpx;

/// <summary>One cookie with its RFC 6265 scope and attributes.</summary>
public sealed class Cookie
{
    public Cookie(string name, string value) : this(name, value, setByServer: false) { }

    /// <summary>
    /// A cookie as a server set it (a Set-Cookie header, or a cookies.txt file, which holds what servers set). Its name
    /// may hold a space or a comma: RFC 6265 5.2 takes all before the first '=' as the name, and browsers, curl and
    /// Python's cookiejar (HTTPX) keep 'Set-Cookie: foo bar=baz' and send 'foo bar=baz' back. A name given by hand with
    /// one is refused: it is most often 'name value' or 'a, b' typed as one name.
    /// </summary>
    internal Cookie(string name, string value, bool setByServer)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        // .NET's "The value cannot be an empty string." named neither the cookie nor the name (a hashtable's '' key, a
        // System.Net.Cookie made without one).
        if (name.Length == 0)
            throw new ArgumentException("Invalid cookie name '': the name is empty, and a cookie is sent as name=value.", nameof(name));
        // The name is shown up to the bad character only: what follows is often the value ("sid=..." given as a name).
        if (name.AsSpan().IndexOfAny(setByServer ? ServerNameStoppers : NameStoppers) is var bad and >= 0)
            throw new ArgumentException($"Invalid cookie name '{name[..bad]}…': it holds {UrlParser.Display(name[bad].ToString())} at position {bad}, and a cookie name holds no ';', '=', {(setByServer ? "" : "',', space, ")}tab, line break or NUL.", nameof(name));
        // A tab is allowed, as RFC 6265bis (5.6) and HTTPX allow it; a cookies.txt file cannot hold it, so
        // NetscapeCookieFile leaves such a cookie out. A NUL is refused here, where the cookie is named: the Cookie
        // header cannot carry it (Headers refuses it), and every request to the cookie's host would fail instead.
        if (value.AsSpan().IndexOfAny(ValueStoppers) >= 0)
            throw new ArgumentException($"Invalid value for cookie '{name}': it contains ';', a line break or a NUL.", nameof(value));
        Name = name;
        Value = value;
    }

    // Checked for every cookie made, each Set-Cookie of a response too: no array per check.
    private static readonly System.Buffers.SearchValues<char> NameStoppers = System.Buffers.SearchValues.Create(";=\r\n \t,\0");
    // A tab stays out of a server's name too: cookies.txt could not hold it, and no server was seen to send one.
    private static readonly System.Buffers.SearchValues<char> ServerNameStoppers = System.Buffers.SearchValues.Create(";=\r\n\t\0");
    private static readonly System.Buffers.SearchValues<char> ValueStoppers = System.Buffers.SearchValues.Create(";\r\n\0");

    public string Name { get; }
    public string Value { get; }

    /// <summary>
    /// False for a cookie a server set without a value ('Set-Cookie: flag', no '='), Python's cookie whose value is
    /// None: it is sent back as its name alone ('Cookie: flag'), as Python's cookiejar (HTTPX) and browsers send it.
    /// Its <see cref="Value"/> reads as "".
    /// </summary>
    public bool HasValue { get; init; } = true;

    /// <summary>The cookie as a Cookie header gives it: name=value, or the name alone for a cookie without a value.</summary>
    internal string HeaderText => HasValue ? Name + "=" + Value : Name;

    /// <summary>Lowercased domain without a leading dot; empty means "any host" (cookies set by hand).</summary>
    public string Domain { get => _domain; init => _domain = Scope(value, "domain"); }

    /// <summary>True when the cookie came without a Domain attribute: only the exact host gets it back.</summary>
    public bool HostOnly { get; init; }

    public string Path
    {
        get => _path;
        init
        {
            _path = Scope(value, "path");
            _escapedPath = EscapePath(_path);
        }
    }

    private readonly string _domain = "";
    private readonly string _path = "/";

    // The path as Matches compares it, escaped once here rather than for every request: a server's Path is escaped
    // already (the same string then), one given by hand or read from a file is kept as given.
    private readonly string _escapedPath = "/";

    // A tab or a line break in a domain or path would split a cookies.txt line, or start a forged one.
    private static string Scope(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value, what);
        return value.AsSpan().IndexOfAny('\t', '\r', '\n') < 0 ? value
            : throw new ArgumentException($"Invalid cookie {what} {UrlParser.Display(value)}: it contains a tab or a line break.", what);
    }
    public bool Secure { get; init; }
    public bool HttpOnly { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    internal bool SameIdentity(Cookie other) => Name == other.Name && Domain == other.Domain && Path == other.Path;

    /// <summary>This cookie with another creation time (and everything else the same).</summary>
    internal Cookie CreatedAt(DateTimeOffset created) => new(Name, Value, setByServer: true) // its name was checked when it was made
    {
        HasValue = HasValue, Domain = Domain, HostOnly = HostOnly, Path = Path, Secure = Secure, HttpOnly = HttpOnly, Expires = Expires, Created = created,
    };

    internal bool IsExpired(DateTimeOffset now) => Expires is { } e && e <= now;

    /// <summary>
    /// RFC 6265 5.4: whether this cookie goes with a request to <paramref name="url"/>: its host (exactly for a
    /// host-only cookie, or a subdomain for a domain cookie), its path, and https for a Secure one.
    /// A cookie without a domain (set by hand) goes to every host, as in HTTPX.
    /// </summary>
    public bool Matches(Url url) => Matches(url, EscapePath(RequestPath(url)));

    /// <summary><see cref="Matches(Url)"/> with the request's path already escaped (the jar escapes it once per request).</summary>
    internal bool Matches(Url url, string escapedRequestPath)
    {
        if (Secure && url.Scheme != "https") return false;
        var host = url.RawHost.ToLowerInvariant();
        if (Domain.Length > 0 && !(HostOnly ? host == Domain : DomainMatches(host, Domain))) return false;
        return PathMatches(escapedRequestPath, _escapedPath);
    }

    /// <summary>
    /// Python's cookiejar escape_path, through which HTTPX compares a cookie's path with the request's: what a URL path
    /// does not hold as it is goes as UTF-8 %XX, and every %xx is upper-cased. So '/%7euser' and '/%7Euser', '/a b' and
    /// '/a%20b', '/café' and '/caf%C3%A9' are one path (as URLs they are one). Nothing is decoded: '%2F' is not '/'.
    /// </summary>
    internal static string EscapePath(string path) =>
        PercentEncoding.UppercaseEscapes(PercentEncoding.Quote(path, PercentEncoding.CookiePathSafe));

    /// <summary>RFC 6265 5.1.3: the host is the domain, or a name under it (never an IP address under it).</summary>
    internal static bool DomainMatches(string host, string domain) =>
        host == domain || (host.EndsWith("." + domain, StringComparison.Ordinal) && !IsIpAddress(host));

    /// <summary>RFC 6265 5.1.4: the cookie path is the request path, or a prefix of it ending at a '/'.</summary>
    internal static bool PathMatches(string requestPath, string cookiePath) =>
        requestPath == cookiePath ||
        (requestPath.StartsWith(cookiePath, StringComparison.Ordinal) && (cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/'));

    // The raw (still percent-encoded) path, without the query.
    internal static string RequestPath(Url url)
    {
        var raw = url.RawPath;
        var q = raw.IndexOf('?');
        if (q >= 0) raw = raw[..q];
        return raw.Length == 0 ? "/" : raw;
    }

    private static bool IsIpAddress(string host) => System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _);

    // Browsers cap lifetimes at 400 days (RFC 6265bis 5.5): a server cannot plant a cookie for decades.
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(400);

    /// <summary>
    /// Parses a Set-Cookie header (RFC 6265 5.2 and 5.3) for a response from <paramref name="url"/>; null when the
    /// cookie must be ignored: no name, a Domain the host does not belong to, Secure from a plain-http origin, or a
    /// __Secure- or __Host- name without the attributes its prefix requires.
    /// An expired cookie is returned (with its past expiry) so that the jar deletes the one it replaces.
    /// A first pair without '=' ('flag') is the cookie of that name without a value, as Python's cookiejar reads it
    /// (RFC 6265 ignores it; RFC 6265bis and browsers keep it as a nameless cookie, and send it back as 'flag' too).
    /// </summary>
    /// <remarks>
    /// HTTPX leaves these rules to Python's http.cookiejar. Where it and RFC 6265 (what browsers and curl do) part,
    /// this follows Python for a cookie without a value, paths compared escaped, and a replaced cookie keeping its
    /// place; and the RFC, deliberately, where Python's rule is a leak or a quirk no server expects: a host-only cookie
    /// goes to that host only (Python sends it to subdomains too); Secure only from https (Python takes it from http
    /// too); __Secure-/__Host- names checked (Python does not check them); a co.uk-style Domain refused as a
    /// single-label one is (Python refuses only the single-label one, 'com', and takes 'co.uk': its strict_domain is
    /// off); an expired Set-Cookie deletes only a cookie its host may set (Python deletes first, for any Domain); a
    /// malformed attribute (Max-Age=oops, Domain with no value) is ignored, where Python drops the whole cookie; the
    /// last of a repeated attribute wins (Python: the first); a Path not starting with '/' is the default path (Python
    /// keeps it and never sends the cookie); Port is ignored (Python takes every URL without a port, https ones too,
    /// for port 80); Expires is read by RFC 6265 5.1.1 (Python also takes a date without a time or seconds and a
    /// numeric zone, and puts a two-digit year within 50 years of today, '70' in 2070); lifetimes are capped at 400
    /// days (Python has no cap); a host-only and a domain cookie of one host, name and path are one cookie (RFC 6265
    /// 5.3; Python keeps two); from an IPv6 host ([::1]), 'Domain=::1' is a host-only cookie and 'Domain=[::1]' is
    /// refused, as curl does (Python, which gives a host without a dot a '.local', refuses the first and keeps the
    /// second without ever sending it).
    /// Both agree, and so does this, on a name holding a space or a comma ('foo bar=baz' is kept and sent back; only a
    /// name given by hand is refused so). Checked against the IETF http-state suite (Adam Barth's parser and date cases):
    /// the cases this does not pass are the valueless cookies above (RFC 6265 ignores 'foo'; RFC 6265bis and Python
    /// keep it), a NUL in a value (RFC 6265bis 5.6, browsers and curl ignore the whole line, HTTPX fails the response;
    /// .NET's HTTP/1.1 reader has made it a space, as RFC 9110 5.5 allows, before the jar sees it, so 'AAA=BB\0ZYX' is
    /// kept as 'AAA=BB ZYX'; a NUL given by hand or in a cookies.txt file is refused), a name and value over 4096 bytes
    /// (kept, as Python keeps it; browsers drop it) and dates now past. Every date case is read as 5.1.1 says; Python's
    /// http2time reads 30 of those 70, curl 53. A two-digit year '70' is 1970 here (a deletion with
    /// 'Thu, 01-Jan-70 00:00:01 GMT' deletes), 2070 for Python and curl.
    /// </remarks>
    public static Cookie? ParseSetCookie(string header, Url url, DateTimeOffset now)
    {
        var parts = header.Split(';');
        var pair = parts[0];
        var eq = pair.IndexOf('=');
        var name = (eq < 0 ? pair : pair[..eq]).Trim(' ', '\t');
        var value = eq < 0 ? "" : pair[(eq + 1)..].Trim(' ', '\t');
        if (name.Length == 0) return null;

        string? domain = null;
        string? path = null;
        bool secure = false, httpOnly = false;
        DateTimeOffset? expires = null;
        DateTimeOffset? maxAgeExpiry = null;
        foreach (var raw in parts.Skip(1))
        {
            var i = raw.IndexOf('=');
            var key = (i < 0 ? raw : raw[..i]).Trim(' ', '\t').ToLowerInvariant();
            var val = i < 0 ? "" : raw[(i + 1)..].Trim(' ', '\t');
            switch (key)
            {
                // The last occurrence of an attribute wins (5.3 step 3 walks the list in order).
                // 5.2.3: one leading dot is dropped; "..example.com" then names no domain of the host and is refused,
                // as Python's cookiejar refuses it.
                case "domain" when val.Length > 0: domain = (val.StartsWith('.') ? val[1..] : val).ToLowerInvariant(); break;
                case "path": path = val.StartsWith('/') ? val : null; break;
                case "secure": secure = true; break;
                case "httponly": httpOnly = true; break;
                case "max-age" when IsDeltaSeconds(val) && long.TryParse(val, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds):
                    maxAgeExpiry = seconds <= 0 ? DateTimeOffset.UnixEpoch : now + TimeSpan.FromSeconds(Math.Min(seconds, (long)MaxLifetime.TotalSeconds));
                    break;
                case "max-age" when IsDeltaSeconds(val): // beyond a long: far past (expired) or far future (the cap)
                    maxAgeExpiry = val.StartsWith('-') ? DateTimeOffset.UnixEpoch : now + MaxLifetime;
                    break;
                case "expires" when CookieDate.Parse(val) is { } date:
                    expires = date > now + MaxLifetime ? now + MaxLifetime : date;
                    break;
            }
        }

        var host = url.RawHost.ToLowerInvariant();
        var hostOnly = true;
        if (domain is not null)
        {
            // 5.3 step 6: a server may only set a cookie for its own host or a domain above it. With no public-suffix
            // list, a single-label domain ("com", "localhost") and a "co.uk"-style one (IsCountryCodeSecondLevel) are
            // treated as public suffixes (step 5): allowed only when it is the host itself, and then the cookie is
            // host-only. An IP address has no domains above it.
            if (!DomainMatches(host, domain)) return null;
            // A fully qualified name ends with the root's dot: "co.uk." and "com." are the suffixes "co.uk" and "com".
            var bare = domain.EndsWith('.') ? domain[..^1] : domain;
            var publicSuffix = !bare.Contains('.') || IsCountryCodeSecondLevel(bare);
            if (publicSuffix || IsIpAddress(host))
            {
                if (host != domain) return null;
            }
            else
            {
                hostOnly = false;
            }
        }
        if (secure && url.Scheme != "https") return null; // RFC 6265bis 5.6 step 8: only secure origins set Secure cookies.
        // RFC 6265bis 4.1.3 (prefixes matched case-insensitively, as browsers and curl do): a site trusts a
        // __Secure- cookie to have come over https, and a __Host- one to be its host's own for the whole site, which
        // a sibling or parent domain could otherwise plant. Python's cookiejar (HTTPX) does not check them.
        if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) && !secure) return null;
        if (name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) && (!secure || domain is not null || path != "/")) return null;

        try
        {
            return new Cookie(name, value, setByServer: true)
            {
                HasValue = eq >= 0,
                Domain = hostOnly ? host : domain!,
                HostOnly = hostOnly,
                // Kept escaped, as Python's cookiejar keeps it (what the jar lists and a cookies.txt file holds).
                Path = EscapePath(path ?? DefaultPath(RequestPath(url))),
                Secure = secure,
                HttpOnly = httpOnly,
                Expires = maxAgeExpiry ?? expires, // 5.3 step 3: Max-Age wins over Expires
                Created = now,
            };
        }
        catch (ArgumentException)
        {
            return null; // a name or value we could not send back in a Cookie header
        }
    }

    // Python's cookiejar (DefaultCookiePolicy.set_ok_domain with strict_domain) refuses a two-label domain made of one of
    // these second-level names under a two-letter country code: "co.uk", "com.au", "ac.jp". HTTPX's jar leaves
    // strict_domain off and accepts them, which lets www.evil.co.uk plant a cookie that every .co.uk site is sent;
    // browsers refuse them through the public-suffix list. This fixed list is Python's, and no more.
    private static readonly HashSet<string> CountryCodeSecondLevels = new(StringComparer.Ordinal)
    {
        "co", "ac", "com", "edu", "org", "net", "gov", "mil", "int", "aero", "biz", "cat", "coop",
        "info", "jobs", "mobi", "museum", "name", "pro", "travel", "eu",
    };

    // The domain is lowercased: "co.uk", never "www.co.uk" (three labels) nor "co.com" (a top-level domain of three letters).
    private static bool IsCountryCodeSecondLevel(string domain)
    {
        var dot = domain.IndexOf('.');
        return dot > 0 && domain.Length - dot - 1 == 2 && domain.IndexOf('.', dot + 1) < 0 &&
               CountryCodeSecondLevels.Contains(domain[..dot]);
    }

    // RFC 6265 5.2.2: an optional '-' then digits only (no '+', no spaces, no fraction).
    private static bool IsDeltaSeconds(string value)
    {
        var digits = value.StartsWith('-') ? value[1..] : value;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }

    /// <summary>RFC 6265 5.1.4: the directory of the request path.</summary>
    private static string DefaultPath(string requestPath)
    {
        if (!requestPath.StartsWith('/')) return "/";
        var last = requestPath.LastIndexOf('/');
        return last <= 0 ? "/" : requestPath[..last];
    }

    public override string ToString() => $"<Cookie {Name}=[secure] for {(Domain.Length == 0 ? "*" : Domain)}{Path}>";
}
