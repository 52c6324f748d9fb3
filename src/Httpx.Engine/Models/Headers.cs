using System.Collections;
using System.Dynamic;
using System.Linq.Expressions;
using System.Text;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// HTTPX's <c>Headers</c>: an ordered, case-insensitive multi-dict that keeps each name's original casing.
/// The indexer joins repeated values with ", " (as HTTP allows); <see cref="GetList"/> gives them apart.
/// </summary>
public sealed class Headers : IEnumerable<Header>, IEquatable<Headers>, IDynamicMetaObjectProvider, INamedValues
{
    // Headers whose value is a URL, which may carry a password.
    private static readonly HashSet<string> UrlValued = new(StringComparer.OrdinalIgnoreCase) { "Referer", "Location", "Content-Location" };

    private readonly List<KeyValuePair<string, string>> _items;

    // Set when the headers belong to something made once that reads them on every use (a Proxy): why they cannot change.
    private string? _fixedBecause;

    public Headers() => _items = new();

    /// <summary>Room for <paramref name="capacity"/> headers: a request or response fills its list once, without regrowing it.</summary>
    internal Headers(int capacity) => _items = new(capacity);

    public Headers(IEnumerable<KeyValuePair<string, string>> items)
    {
        _items = new();
        foreach (var (k, v) in items) Add(k, v);
    }

    /// <summary>Whether <see cref="From"/> reads <paramref name="value"/>'s shape (its values are checked as it reads them).</summary>
    internal static bool IsReadable(object? value) =>
        value is null or Headers or IDictionary or (IEnumerable and not string);

    /// <summary>
    /// Builds headers from a <see cref="Headers"/>, a dictionary (a PowerShell hashtable included; a value that is a list
    /// adds the name once per item), or a sequence of name/value pairs (KeyValuePairs, tuples, <see cref="Header"/>s, or
    /// 2-item lists: PowerShell's <c>@(,@('X-A', '1'))</c>, as <see cref="QueryParams.From"/> takes them). Null gives empty headers.
    /// </summary>
    public static Headers From(object? value)
    {
        if (value is Headers given) return given.Copy();
        var headers = new Headers(4);
        switch (value)
        {
            case null: break;
            case IDictionary dict:
                foreach (DictionaryEntry e in dict) headers.AddValues(Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "", e.Value);
                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var (k, v) in pairs) headers.Add(k, v);
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (k, v) in pairs) headers.AddValues(k, v);
                break;
            case IEnumerable<(string, string)> tuples:
                foreach (var (k, v) in tuples) headers.Add(k, v);
                break;
            // Any other list of pairs, as QueryParams.From reads one: PowerShell's @(@('X-A', '1'), @('X-A', '2')) is an
            // object[] of object[], which the typed cases above do not see (it was refused as "not a list of pairs").
            case IEnumerable pairs and not string:
                var position = 0;
                foreach (var pair in pairs)
                {
                    position++;
                    var (name, item) = Pair(pair, position);
                    headers.AddValues(name, item);
                }
                break;
            default:
                throw new ArgumentException($"Headers must be a dictionary or a list of name/value pairs, not {value.GetType().FullName}.", nameof(value));
        }
        return headers;
    }

    // One item of a list of pairs. The refusals name the item's type and place only: a value may be a secret (Authorization).
    private static (string Name, object? Value) Pair(object? pair, int position)
    {
        object? name, value;
        if (pair is Header header) (name, value) = (header.Name, header.Value);
        // A PowerShell list of one pair is flattened to its name and value: @(,@('X-A', '1')) keeps it a pair.
        else if (!NameValuePair.TryRead(pair, out name, out value))
            throw new ArgumentException(
                $"Headers: item {position} of the list is {pair?.GetType().FullName ?? "null"}, not a (name, value) pair (one pair alone is written @(,@('Name', 'value')) in PowerShell).", "headers");
        if (name is not string text)
            throw new ArgumentException($"Headers: the name of pair {position} is {name?.GetType().FullName ?? "null"}, not text.", "headers");
        return (text, value);
    }

    private void AddValues(string name, object? value)
    {
        // Bytes are one value, as HTTPX takes them (it was a value per byte: "104, 105").
        if (value is byte[] bytes) { Add(name, DecodeValue(bytes)); return; }
        if (value is string or null || value is not IEnumerable list) { Add(name, FormatValue(CheckedValue(name, value))); return; }
        if (value is IDictionary) CheckedValue(name, value);
        foreach (var item in list) Add(name, FormatValue(CheckedValue(name, item)));
    }

    /// <summary>
    /// A value given as bytes, read as HTTPX reads header bytes: UTF-8 when they are (ASCII is), else Latin-1. Read as
    /// Latin-1 always, UTF-8 text showed as "JosÃ©", and Authorization and Cookie (sent as UTF-8) went out double-encoded.
    /// HTTPX picks one encoding for the whole set; one value at a time here, as a user's values do not come as a set.
    /// </summary>
    private static string DecodeValue(byte[] bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    /// <summary>
    /// A value a header can hold: text, a number, a boolean, a date, or any object with text of its own (a
    /// MediaTypeHeaderValue, a Uri). A dictionary, a list inside the list, or an object without its own ToString would
    /// go out as its type name or as "[a, 1]": HTTPX refuses what is not text too.
    /// </summary>
    private static object? CheckedValue(string name, object? value)
    {
        // HTTPX: "Header value must be str or bytes". An empty value is "" (sent as it is); null is most often a
        // variable that was never set (-Headers @{ Authorization = $token }).
        if (value is null)
            throw new ArgumentException($"Header '{name}' has no value (null): give text, \"\" for an empty value.", "headers");
        if (value is string or IFormattable or bool or char) return value;
        if (value is IEnumerable || !Internal.PrimitiveText.HasOwnText(value))
            throw new ArgumentException($"Header '{name}': a value is text, a number, a boolean or a date, or a list of them, not {value.GetType().FullName}.", "headers");
        return value;
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        // HTTP's one date format (If-Modified-Since, Date...): "Tue, 02 Jan 2024 03:04:05 GMT", not the invariant text;
        // a date of unspecified kind is taken as UTC.
        DateTime date => (date.Kind == DateTimeKind.Unspecified ? date : date.ToUniversalTime()).ToString("r", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset date => date.ToUniversalTime().ToString("r", System.Globalization.CultureInfo.InvariantCulture),
        // A Uri as written (before IFormattable, which Uri is): its ToString() lower-cases the host and unescapes %20
        // to a space, so 'X-Next' = https://h/a%20b went out as "https://h/a b", another URL. As -Json writes it.
        Uri uri => uri.OriginalString,
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>All values of <paramref name="name"/> joined with ", ". Throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public string this[string name]
    {
        get => Get(name) ?? throw new KeyNotFoundException($"No header named '{name}'.");
        set => Set(name, value);
    }

    /// <summary>All values of <paramref name="name"/> joined with ", ", or <paramref name="defaultValue"/>.</summary>
    public string? Get(string name, string? defaultValue = null)
    {
        string? first = null;
        StringBuilder? joined = null;
        foreach (var (k, v) in _items)
        {
            if (!string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) continue;
            if (first is null) { first = v; continue; }
            joined ??= new StringBuilder(first);
            joined.Append(", ").Append(v);
        }
        return joined?.ToString() ?? first ?? defaultValue;
    }

    /// <summary>Each value of <paramref name="name"/>; with <paramref name="splitCommas"/> comma-separated values are split too.</summary>
    public IReadOnlyList<string> GetList(string name, bool splitCommas = false)
    {
        var values = new List<string>();
        foreach (var (k, v) in _items)
        {
            if (!string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) continue;
            if (!splitCommas) { values.Add(v); continue; }
            foreach (var part in v.Split(',')) values.Add(part.Trim());
        }
        return values;
    }

    public bool ContainsKey(string name) => IndexOf(name) >= 0;

    /// <summary>
    /// <see cref="ContainsKey"/> under a hashtable's other name (HTTPX's <c>"etag" in headers</c>): in PowerShell,
    /// <c>$r.Headers.Contains('ETag')</c> without it went to each header in turn and failed with "[Httpx.Header] does not
    /// contain a method named 'Contains'". The cookie jar and the query parameters answer both names too.
    /// </summary>
    public bool Contains(string name) => ContainsKey(name);

    // $response.Headers.Location in PowerShell: a name that is not a member of this class reads that header (NamedValuesMetaObject).
    DynamicMetaObject IDynamicMetaObjectProvider.GetMetaObject(Expression parameter) => new NamedValuesMetaObject(parameter, this);

    string? INamedValues.ValueNamed(string name) => Get(name);

    // The values as From takes them (a list sets the header once per item; $null, an unset variable, is an error naming
    // the header), all checked before any is changed.
    void INamedValues.SetNamed(string name, object? value)
    {
        ThrowIfFixed();
        Validate(name, "");
        var given = new Headers();
        given.AddValues(name, value);
        if (given._items.Count == 0) { Remove(name); return; }
        // In the place of the name's first value, as Set keeps it.
        Set(name, given._items[0].Value);
        var at = IndexOf(name);
        for (var i = 1; i < given._items.Count; i++) _items.Insert(at + i, new(name, given._items[i].Value));
    }

    // A loop rather than List.Exists/FindIndex with a lambda: no closure per lookup, and lookups run several times per request.
    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Replaces every value of <paramref name="name"/> with one value, keeping the first one's position.</summary>
    public void Set(string name, string value)
    {
        ThrowIfFixed();
        Validate(name, value);
        var index = IndexOf(name);
        if (index < 0) { _items.Add(new(name, value)); return; }
        _items[index] = new(name, value);
        for (var i = _items.Count - 1; i > index; i--)
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase)) _items.RemoveAt(i);
    }

    /// <summary>Adds a value, keeping any existing values of the same name.</summary>
    public void Add(string name, string value)
    {
        ThrowIfFixed();
        Validate(name, value);
        _items.Add(new(name, value));
    }

    /// <summary>Adds a value that the HTTP stack has already validated (response headers): no checks on the hot path.</summary>
    internal void AddTrusted(string name, string value) => _items.Add(new(name, value));

    /// <summary>Puts a header the engine made (valid by construction) at <paramref name="index"/>.</summary>
    internal void InsertTrusted(int index, string name, string value) => _items.Insert(index, new(name, value));

    /// <summary>Sets <paramref name="name"/> only when it has no value yet.</summary>
    public void SetDefault(string name, string value)
    {
        if (!ContainsKey(name)) Add(name, value);
    }

    public bool Remove(string name)
    {
        ThrowIfFixed();
        return _items.RemoveAll(i => string.Equals(i.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;
    }

    /// <summary>True for headers that are fixed once made (a <see cref="Proxy"/>'s): changing them throws, saying why.</summary>
    public bool IsReadOnly => _fixedBecause is not null;

    /// <summary>Makes these headers read-only; a change then throws an InvalidOperationException saying <paramref name="because"/>.</summary>
    internal Headers Fix(string because)
    {
        _fixedBecause = because;
        return this;
    }

    private void ThrowIfFixed()
    {
        if (_fixedBecause is not null) throw new InvalidOperationException(_fixedBecause);
    }

    /// <summary>Replaces the values of each name present in <paramref name="other"/> (HTTPX's <c>update</c>).</summary>
    public void Update(Headers other)
    {
        ThrowIfFixed();
        if (other._items.Count == 0) return;
        foreach (var (name, _) in other._items) Remove(name);
        _items.AddRange(other._items);
    }

    /// <summary>Distinct names, lowercased as HTTPX's <c>keys()</c>.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var keys = new List<string>();
            foreach (var (k, _) in _items)
                if (seen.Add(k)) keys.Add(k.ToLowerInvariant());
            return keys;
        }
    }

    /// <summary>
    /// One value per distinct name, its values joined with ", ", in the order of <see cref="Keys"/> (HTTPX's
    /// <c>values()</c>). Also what <c>$r.Headers.Values</c> gives, as a hashtable's does: without it PowerShell read a
    /// header named "Values" ($null).
    /// </summary>
    public IReadOnlyList<string> Values => Keys.Select(k => Get(k)!).ToList();

    /// <summary>One entry per distinct name (lowercased), values joined with ", ".</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Items() => Keys.Select(k => new KeyValuePair<string, string>(k, Get(k)!)).ToList();

    /// <summary>Every (name, value) with the name lowercased, repeated names kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MultiItems() =>
        _items.Select(i => new KeyValuePair<string, string>(i.Key.ToLowerInvariant(), i.Value)).ToList();

    /// <summary>Every (name, value) exactly as given: original casing, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Raw => _items;

    /// <summary><see cref="Raw"/> as its list, for enumerating without boxing an enumerator (the transport, per request).</summary>
    internal List<KeyValuePair<string, string>> RawList => _items;

    public int Count => _items.Count;

    /// <summary>
    /// A copy (its items were checked when added: not checked again), with room for the few headers a request adds
    /// (Host, Content-Length, Content-Type, Cookie).
    /// </summary>
    public Headers Copy()
    {
        var copy = new Headers(_items.Count + 4);
        copy._items.AddRange(_items);
        return copy;
    }

    public IEnumerator<Header> GetEnumerator()
    {
        foreach (var (name, value) in _items) yield return new Header(name, value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(Headers? other) =>
        other is not null && MultiItems().OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal)
            .SequenceEqual(other.MultiItems().OrderBy(i => i.Key, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal));

    public override bool Equals(object? obj) => obj is Headers h && Equals(h);
    public override int GetHashCode() => Count;

    /// <summary>
    /// HTTPX's repr, with secrets (<see cref="SecretHeaderNames"/>) masked as [secure]: a dict, or a list of pairs
    /// when a name repeats (a dict could not show both values).
    /// </summary>
    public override string ToString()
    {
        var items = _items.Select(i => (Name: i.Key.ToLowerInvariant(), Value: Redact(i.Key, i.Value))).ToList();
        // Quoted as Python's repr quotes: "default-src 'self'" keeps its quotes readable.
        return items.Select(i => i.Name).Distinct().Count() == items.Count
            ? "Headers({" + string.Join(", ", items.Select(i => $"{PythonRepr.Of(i.Name)}: {PythonRepr.Of(i.Value)}")) + "})"
            : "Headers([" + string.Join(", ", items.Select(i => $"({PythonRepr.Of(i.Name)}, {PythonRepr.Of(i.Value)})")) + "])";
    }

    /// <summary>
    /// The value as it may be shown in logs, messages, views and reprs: secrets masked, and the password of a URL in a
    /// header whose value is one (a redirect's Location may carry one the server put there).
    /// </summary>
    public static string Redact(string name, string value)
    {
        // Trimmed: a name refused for its spaces ("Authorization ") still names a secret (Trim allocates only when it cuts).
        var key = name.Trim();
        return SecretHeaderNames.Contains(key) ? "[secure]" : UrlValued.Contains(key) ? UrlPasswords.Hide(value) : value;
    }

    // RFC 9110 token characters for names; values may not carry CR, LF or NUL (header injection).
    private static void Validate(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Length == 0) throw new ArgumentException("Invalid header name: the name is empty.", nameof(name));
        foreach (var c in name)
            if (!IsTokenChar(c))
                throw new ArgumentException($"Invalid header name '{ShownName(name)}': character '{Printable(c)}' is not allowed in a header name.", nameof(name));
        foreach (var c in value)
            if (c is '\r' or '\n' or '\0')
                throw new ArgumentException($"Invalid value for header '{name}': it contains '{Printable(c)}', which would break the header apart.", nameof(value));
    }

    /// <summary>
    /// A refused header name as messages show it: up to its first space, tab, '=' or ':', where a value would start
    /// ('Bad …'). A whole header line given as a name ('Authorization: Bearer abc', 'Cookie sid=abc') holds a value,
    /// maybe a secret, after that point.
    /// </summary>
    public static string ShownName(string name)
    {
        // Cut where a value would start in the trimmed text; with nothing to cut, the name as given ('X-Trace ', whose
        // trailing space is what was refused).
        var trimmed = name.Trim();
        var end = trimmed.AsSpan().IndexOfAny(" \t\r\n=:");
        return end < 0 ? name : $"{trimmed[..end]} …";
    }

    /// <summary>
    /// Refuses a request header whose value is not ASCII, as HTTPX does when it builds a request (it encodes str values
    /// as ASCII). Without this .NET refuses it only while writing the request, which surfaced as a broken connection.
    /// Response headers are never checked: servers do send Latin-1 there. No allocation unless a value is refused.
    /// </summary>
    internal static void ValidateRequestValue(string name, string value)
    {
        if (Ascii.IsValid(value) || IsUtf8Header(name)) return;
        // The position, not the character: the value may be a secret.
        var at = value.AsSpan().IndexOfAnyExceptInRange('\0', '\x7f') + 1;
        throw new ArgumentException(
            $"Invalid value for header '{name}': character {at} is not ASCII, and request header values must be ASCII " +
            "(encode the text first, e.g. percent-encoding or RFC 8187's UTF-8'' form where the header allows it).", "headers");
    }

    /// <summary>
    /// Cookie and Authorization, sent as UTF-8 (a cookie from a server, a Digest user name); the transport writes them
    /// so. HTTPX's cookie jar and auth flows set them through <c>Headers.__setitem__</c>, which encodes with the
    /// encoding the headers were read in, ASCII: it raises UnicodeEncodeError, and a server's non-ASCII cookie breaks
    /// every later request to its host.
    /// </summary>
    internal static bool IsUtf8Header(string name) =>
        name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <see cref="From"/> checked as a request's headers are (names, values, ASCII): for a caller that converts its
    /// headers once and sends them with many requests, a bad one is one error then, not one per request.
    /// </summary>
    public static Headers ForRequest(object? value)
    {
        var headers = From(value);
        headers.ValidateRequestValues();
        return headers;
    }

    /// <summary><see cref="ValidateRequestValue"/> for every value.</summary>
    internal void ValidateRequestValues()
    {
        foreach (var (name, value) in _items) ValidateRequestValue(name, value);
    }

    private static bool IsTokenChar(char c) =>
        c is > ' ' and < (char)127 && "\"(),/:;<=>?@[\\]{}".IndexOf(c) < 0;

    private static string Printable(char c) => c switch
    {
        '\r' => "\\r", '\n' => "\\n", '\0' => "\\0", ' ' => "space",
        _ when char.IsControl(c) => $"\\x{(int)c:x2}",
        _ => c.ToString(),
    };
}
