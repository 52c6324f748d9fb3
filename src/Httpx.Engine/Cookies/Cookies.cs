using System.Collections;
using System.Dynamic;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// HTTPX's <c>Cookies</c>: a cookie jar. Cookies set without a domain are sent to every host (as HTTPX does for
/// <c>Client(cookies=...)</c>); cookies from responses follow RFC 6265 domain, path, secure and expiry rules.
/// It enumerates its <see cref="Cookie"/>s, not name/value pairs: whatever turns a collection into text by joining its
/// items (PowerShell's <c>"$($client.Cookies)"</c>) then shows names and scopes, never values.
/// </summary>
public sealed class Cookies : IEnumerable<Cookie>, IDynamicMetaObjectProvider, INamedValues
{
    private readonly object _lock = new();
    private readonly List<Cookie> _jar = new();
    private int _stored; // 1 once any cookie has been stored: lets an empty jar skip the lock

    public Cookies() { }

    /// <summary>
    /// HTTPX's <c>Cookies(cookies)</c>: a jar holding the cookies of any value <see cref="From"/> takes. Also what lets
    /// PowerShell convert a hashtable to a jar (<c>$client.Cookies = @{ sid = '...' }</c>, as HTTPX's
    /// <c>client.cookies = {...}</c>): without it PowerShell tried to set a property per key, and failed.
    /// </summary>
    public Cookies(object? cookies)
    {
        switch (cookies)
        {
            case null: break;
            case Cookies c: Update(c); break;
            case IDictionary dict:
                foreach (DictionaryEntry e in dict)
                {
                    var name = Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!;
                    Set(name, ValueText(name, e.Value));
                }
                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var (k, v) in pairs) Set(k, v);
                break;
            // .NET's own (Invoke-WebRequest's session holds a CookieContainer), as HTTPX takes a CookieJar.
            case System.Net.CookieContainer container:
                foreach (System.Net.Cookie cookie in container.GetAllCookies()) Add(FromNet(cookie));
                break;
            case System.Net.CookieCollection collection:
                foreach (System.Net.Cookie cookie in collection) Add(FromNet(cookie));
                break;
            case System.Net.Cookie single:
                Add(FromNet(single));
                break;
            // A jar's own cookies, one or a list: what PowerShell gives for $client.Cookies | Where-Object Name -eq sid,
            // or $response.Cookies.Jar. Each keeps its domain, path and flags.
            case Cookie one:
                Add(one);
                break;
            case IEnumerable items and not string:
                var position = 0;
                foreach (var item in items)
                {
                    position++;
                    switch (item)
                    {
                        case Cookie one: Add(one); break;
                        case System.Net.Cookie net: Add(FromNet(net)); break;
                        // HTTPX's list of (name, value) tuples, as Headers.From and QueryParams.From take them: it was
                        // refused as an item of unknown type.
                        case ITuple { Length: 2 } pair:
                            var name = Convert.ToString(pair[0], System.Globalization.CultureInfo.InvariantCulture);
                            // Cookie's own check would say only "(Parameter 'name')", of no item in particular.
                            if (string.IsNullOrEmpty(name))
                                throw new ArgumentException($"A cookie in the list has no name (item {position}): a (name, value) pair needs a name.", nameof(cookies));
                            Set(name, ValueText(name, pair[1]));
                            break;
                        // PowerShell's pair, @('sid', 'abc') in @(@('sid', 'abc'), @('lang', 'en')), as Headers.From and
                        // QueryParams.From take it: it was refused as an item of unknown type (System.Object[]).
                        case IList { Count: 2 } list when list[0] is string listName:
                            if (listName.Length == 0)
                                throw new ArgumentException($"A cookie in the list has no name (item {position}): a (name, value) pair needs a name.", nameof(cookies));
                            Set(listName, ValueText(listName, list[1]));
                            break;
                        case IList { Count: 2 } list:
                            throw new ArgumentException($"The name of the cookie pair at item {position} is {list[0]?.GetType().FullName ?? "null"}, not text.", nameof(cookies));
                        // The type only: the item may hold a value. A flat list is most often PowerShell's one pair,
                        // unrolled by @(): @('sid', 'abc') is two strings, @(,@('sid', 'abc')) a list of one pair.
                        default: throw new ArgumentException($"A list of cookies holds Httpx.Cookie or System.Net.Cookie items or (name, value) pairs, not {item?.GetType().FullName ?? "null"} (item {position}; one pair alone is written @(,@('Name', 'value')) in PowerShell).", nameof(cookies));
                    }
                }
                break;
            default:
                throw new ArgumentException($"Cookies must be a Cookies jar, a dictionary of names to values, a CookieContainer, or cookies (Httpx.Cookie or System.Net.Cookie, one or a list), not {cookies.GetType().FullName}.", nameof(cookies));
        }
    }

    // A cookie holds one value: a list or a dictionary would go out as its type's name ("System.Collections.Generic.List`1[...]").
    // The values are not shown: they are secrets.
    private static string ValueText(string name, object? value) => value switch
    {
        null => "",
        string text => text,
        IDictionary => throw new ArgumentException($"The cookie '{name}' is given a dictionary as its value: a cookie holds one value (text, a number...).", nameof(value)),
        IEnumerable list => throw new ArgumentException($"The cookie '{name}' is given a list of {list.Cast<object?>().Count()} values: a cookie holds one value.", nameof(value)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// A jar from null, a Cookies (copied), a dictionary of name to value, name/value pairs (KeyValuePairs or tuples), .NET's CookieContainer,
    /// CookieCollection or Cookie, or Cookies of a jar, one or a list (domain, path, flags and expiry kept).
    /// </summary>
    public static Cookies From(object? value) => new(value);

    // A .NET cookie: a domain with a leading dot is a domain cookie, another one the host's only (.NET does not say
    // otherwise); no domain is any host, as a cookie set by hand here.
    private static Cookie FromNet(System.Net.Cookie cookie) => new(cookie.Name, cookie.Value)
    {
        Domain = NormalizeDomain(cookie.Domain),
        HostOnly = cookie.Domain.Length > 0 && !cookie.Domain.StartsWith('.'),
        Path = cookie.Path.Length > 0 ? cookie.Path : "/",
        Secure = cookie.Secure,
        HttpOnly = cookie.HttpOnly,
        Expires = cookie.Expires == DateTime.MinValue ? null : new DateTimeOffset(cookie.Expires.ToUniversalTime()),
    };

    public int Count { get { lock (_lock) return _jar.Count; } }

    /// <summary>
    /// The names of the jar's cookies, each once, in the jar's order: HTTPX's <c>cookies.keys()</c>, and what
    /// <c>$response.Cookies.Keys</c> gives as a hashtable's and <c>$response.Headers.Keys</c> do (it read a cookie named
    /// "Keys", $null). HTTPX lists a name once per cookie; a name held for two domains is one key here, as in a hashtable.
    /// </summary>
    public IReadOnlyList<string> Keys { get { lock (_lock) return _jar.Select(c => c.Name).Distinct(StringComparer.Ordinal).ToList(); } }

    /// <summary>Every cookie in the jar, with its domain, path and attributes.</summary>
    public IReadOnlyList<Cookie> Jar { get { lock (_lock) return _jar.ToList(); } }

    /// <summary>
    /// Sets a cookie by hand (HTTPX's <c>cookies.set</c>). Without a domain it is sent to every host; with one, to that
    /// domain and its subdomains. Replaces the cookie of the same name, domain and path.
    /// </summary>
    public void Set(string name, string value, string domain = "", string path = "/")
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/')) throw new ArgumentException($"A cookie path must start with '/', not '{path}'.", nameof(path));
        Add(new Cookie(name, value) { Domain = NormalizeDomain(domain), Path = path, HostOnly = false });
    }

    private static string NormalizeDomain(string domain) => domain.TrimStart('.').ToLowerInvariant();

    // Null or empty is any domain or path: PowerShell passes $null to a string argument as "" (Delete('n', $null, '/x')).
    private static bool InScope(Cookie c, string? domain, string? path) =>
        (string.IsNullOrEmpty(domain) || c.Domain == NormalizeDomain(domain)) && (string.IsNullOrEmpty(path) || c.Path == path);

    /// <summary>Adds or replaces (same name, domain and path) a cookie.</summary>
    public void Add(Cookie cookie)
    {
        lock (_lock)
        {
            // A cookie replaced keeps its place: its creation time (RFC 6265 5.3, step 11.3), which orders the Cookie
            // header, and its position in the jar, as Python's cookiejar keeps it ("a=3; b=2" after a=1, b=2, a=3).
            int index = _jar.FindIndex(c => c.SameIdentity(cookie));
            if (index < 0)
            {
                if (!cookie.IsExpired(DateTimeOffset.UtcNow)) Store(cookie);
                return;
            }
            var replaced = _jar[index];
            _jar.RemoveAt(index);
            if (!cookie.IsExpired(DateTimeOffset.UtcNow)) _jar.Insert(index, cookie.CreatedAt(replaced.Created));
        }
    }

    /// <summary>The value of the cookie <paramref name="name"/>, or <paramref name="defaultValue"/>; <see cref="CookieConflictException"/> when several match.</summary>
    public string? Get(string name, string? defaultValue = null, string? domain = null, string? path = null)
    {
        lock (_lock)
        {
            var matches = _jar.Where(c => c.Name == name && InScope(c, domain, path)).ToList();
            // Any second match, also with the same value, as HTTPX's Cookies.get.
            if (matches.Count > 1)
                throw new CookieConflictException(
                    $"Multiple cookies exist with name={name} (for {string.Join(", ", matches.Select(c => (c.Domain.Length == 0 ? "*" : c.Domain) + c.Path))}); " +
                    "give a domain and path to choose one.");
            return matches.Count > 0 ? matches[0].Value : defaultValue;
        }
    }

    public string this[string name]
    {
        get => Get(name) ?? throw new KeyNotFoundException($"No cookie named '{name}'.");
        set => Set(name, value);
    }

    // $response.Cookies.session in PowerShell: a name that is not a member of this class reads that cookie (NamedValuesMetaObject).
    DynamicMetaObject IDynamicMetaObjectProvider.GetMetaObject(Expression parameter) => new NamedValuesMetaObject(parameter, this);

    string? INamedValues.ValueNamed(string name) => Get(name);

    void INamedValues.SetNamed(string name, object? value) => Set(name, value?.ToString() ?? "");

    /// <summary>True when a cookie of that name is in the jar (for any domain and path).</summary>
    public bool Contains(string name)
    {
        lock (_lock) return _jar.Exists(c => c.Name == name);
    }

    /// <summary><see cref="Contains"/> under a hashtable's other name, as <see cref="Headers.ContainsKey"/>.</summary>
    public bool ContainsKey(string name) => Contains(name);

    /// <summary>Removes the cookies named <paramref name="name"/> (only those of the domain and path when given).</summary>
    public void Delete(string name, string? domain = null, string? path = null)
    {
        lock (_lock) _jar.RemoveAll(c => c.Name == name && InScope(c, domain, path));
    }

    /// <summary>Removes every cookie, or those of a domain (and path).</summary>
    public void Clear(string? domain = null, string? path = null)
    {
        lock (_lock) _jar.RemoveAll(c => InScope(c, domain, path));
    }

    public void Update(Cookies other)
    {
        foreach (var cookie in other.Jar) Add(cookie);
    }

    /// <summary>
    /// Adds <paramref name="other"/>'s cookies so that they win by name: every cookie of the same name goes first,
    /// whatever its domain and path (cookies given by hand for one request over the client's). HTTPX merges them
    /// into a copy of the jar by (domain, path, name), so a jar cookie scoped to a domain and the one given by hand
    /// would both be sent, as "a=jar; a=req"; here the one given wins, which is what giving it asks for.
    /// </summary>
    public void Override(Cookies other)
    {
        var own = other.Jar;
        foreach (var cookie in own) Delete(cookie.Name);
        foreach (var cookie in own) Add(cookie);
    }

    /// <summary>
    /// Writes the jar to <paramref name="path"/> in the Netscape <c>cookies.txt</c> format that curl reads
    /// (<c>curl -b</c>/<c>-c</c>), session cookies included with expiry 0. The file is readable by its owner only.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var now = DateTimeOffset.UtcNow;
        NetscapeCookieFile.Write(path, Jar.Where(c => !c.IsExpired(now)));
    }

    /// <summary>A jar read from a Netscape/curl <c>cookies.txt</c> file; expired cookies are skipped.</summary>
    public static Cookies Load(string path)
    {
        var cookies = new Cookies();
        cookies.LoadFrom(path);
        return cookies;
    }

    /// <summary>Adds the cookies of a Netscape/curl <c>cookies.txt</c> file to this jar (replacing those of the same name, domain and path).</summary>
    public void LoadFrom(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        foreach (var cookie in NetscapeCookieFile.Read(path, DateTimeOffset.UtcNow)) Add(cookie);
    }

    /// <summary>Stores the cookies of every Set-Cookie header of <paramref name="response"/>, scoped to its request URL.</summary>
    public void ExtractCookies(Response response)
    {
        if (!response.HasRequest || !response.Headers.ContainsKey("Set-Cookie")) return;
        var url = response.Request.Url;
        var now = DateTimeOffset.UtcNow;
        foreach (var header in response.Headers.GetList("Set-Cookie"))
        {
            if (Cookie.ParseSetCookie(header, url, now) is { } cookie) Add(cookie); // a replaced one keeps its place
        }
    }

    // Under the lock.
    private void Store(Cookie cookie)
    {
        _jar.Add(cookie);
        Volatile.Write(ref _stored, 1);
    }

    /// <summary>
    /// Sets the request's Cookie header from the cookies that belong to its URL. Leaves it alone when none do, and when
    /// the request already has a Cookie header: one given by hand is sent as it is (HTTPX's jar adds the header only
    /// <c>if not request.has_header("Cookie")</c>).
    /// </summary>
    public void SetCookieHeader(Request request)
    {
        // An empty jar (most clients) costs no lock, nor a look through the headers: a cookie stored concurrently by
        // another response may or may not go with this request either way.
        if (Volatile.Read(ref _stored) == 0) return;
        if (request.Headers.ContainsKey("Cookie")) return;
        if (CookieHeaderFor(request.Url) is { } header) request.Headers.Set("Cookie", header);
    }

    // The Cookie header the jar holds for url, or null. A method of its own: the closures below capture its arguments,
    // and C# makes their object on entry to the method that declares them, also for an empty jar's early return.
    private string? CookieHeaderFor(Url url)
    {
        var now = DateTimeOffset.UtcNow;
        List<Cookie> matching;
        lock (_lock)
        {
            if (_jar.Count == 0) return null;
            // Made after the check above: most clients' jars are empty, and a request then pays nothing for its path.
            var path = Cookie.EscapePath(Cookie.RequestPath(url));
            _jar.RemoveAll(c => c.IsExpired(now));
            matching = _jar.Where(c => c.Matches(url, path)).ToList();
        }
        if (matching.Count == 0) return null;
        // RFC 6265 5.4: longer paths first, then earlier creation.
        return string.Join("; ", matching.OrderByDescending(c => c.Path.Length).ThenBy(c => c.Created).Select(c => c.HeaderText));
    }

    /// <summary>
    /// Adds to <paramref name="request"/>'s Cookie header the cookies that <paramref name="response"/> set and that belong
    /// to the request's URL (an auth flow's retry after a challenge that set a session cookie, as HTTPX's DigestAuth does).
    /// Cookies already in the header stay; one of the same name takes the newer value.
    /// </summary>
    internal static void AddSetCookies(Request request, Response response)
    {
        if (!response.HasRequest || !response.Headers.ContainsKey("Set-Cookie")) return;
        var now = DateTimeOffset.UtcNow;
        var fresh = new List<Cookie>();
        foreach (var header in response.Headers.GetList("Set-Cookie"))
            if (Cookie.ParseSetCookie(header, response.Request.Url, now) is { } cookie && !cookie.IsExpired(now) && cookie.Matches(request.Url))
                fresh.Add(cookie);
        if (fresh.Count == 0) return;

        // The header's pairs as they were sent (name, text), so that only the names the response set change.
        var pairs = (request.Headers.Get("Cookie") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => (Name: pair.Split('=', 2)[0].Trim(), Text: pair)).ToList();
        foreach (var cookie in fresh)
        {
            var at = pairs.FindIndex(p => p.Name == cookie.Name);
            var text = cookie.HeaderText;
            if (at >= 0) pairs[at] = (cookie.Name, text);
            else pairs.Add((cookie.Name, text));
        }
        request.Headers.Set("Cookie", string.Join("; ", pairs.Select(p => p.Text)));
    }

    public IEnumerator<Cookie> GetEnumerator() => Jar.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Names and scopes only: cookie values are secrets.</summary>
    public override string ToString() =>
        "<Cookies[" + string.Join(", ", Jar.Select(c => $"<Cookie {c.Name}=[secure] for {(c.Domain.Length == 0 ? "*" : c.Domain)}{c.Path}>")) + "]>";
}
