using System.Collections;
using System.Dynamic;
using System.Linq.Expressions;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// URL query parameters as HTTPX's <c>QueryParams</c>: an immutable, ordered multi-dict. Keys keep the order in which they first
/// appeared; a key may carry several values. Enumerating yields every (key, value) pair, repeated keys included;
/// <see cref="Count"/> counts distinct keys, as HTTPX's <c>len()</c>.
/// </summary>
public sealed class QueryParams : IEnumerable<KeyValuePair<string, string>>, IEquatable<QueryParams>, IDynamicMetaObjectProvider, INamedValues
{
    /// <summary>No parameters.</summary>
    public static QueryParams Empty { get; } = new([], new Dictionary<string, string[]>(StringComparer.Ordinal));

    private readonly List<string> _keys;
    private readonly Dictionary<string, string[]> _values;
    // Keys given an empty list ({a: []}): no pair of their own, but merged into other parameters they remove those keys,
    // as in HTTPX, where such a key replaces the other's values with none. Not part of the pairs, so not of equality.
    private readonly string[] _cleared;

    private QueryParams(List<string> keys, Dictionary<string, string[]> values, string[]? cleared = null)
    {
        _keys = keys;
        _values = values;
        _cleared = cleared ?? [];
    }

    /// <summary>Parses a query string as Python's <c>parse_qs(keep_blank_values=True)</c>: '+' is a space, "a" alone is "a=".</summary>
    public static QueryParams Parse(string? query)
    {
        var builder = new Builder();
        foreach (var field in (query ?? "").Split('&'))
        {
            if (field.Length == 0) continue;
            var equals = field.IndexOf('=');
            var name = equals < 0 ? field : field[..equals];
            var value = equals < 0 ? "" : field[(equals + 1)..];
            builder.Append(PercentEncoding.FormDecode(name), PercentEncoding.FormDecode(value));
        }
        return builder.Build();
    }

    /// <summary>
    /// Builds parameters from whatever HTTPX accepts as <c>params</c>: null, a query string, a <see cref="QueryParams"/>,
    /// a dictionary (a PowerShell hashtable included) whose values are primitives or sequences of primitives (one pair
    /// per element), or a sequence of pairs (<see cref="KeyValuePair{TKey,TValue}"/>, tuples, <see cref="DictionaryEntry"/>,
    /// or two-element lists). Booleans become "true"/"false", null becomes "", numbers use the invariant culture.
    /// </summary>
    /// <exception cref="ArgumentException">The value, or one of its items, is of no supported shape.</exception>
    public static QueryParams From(object? value)
    {
        switch (value)
        {
            case null:
                return Empty;
            case string query:
                return Parse(query);
            case QueryParams parameters:
                return parameters;
            case IDictionary dictionary:
                var fromDictionary = new Builder();
                foreach (DictionaryEntry entry in dictionary) fromDictionary.AppendAll(entry.Key, entry.Value);
                return fromDictionary.Build();
            case IEnumerable pairs:
                // Python's list-of-pairs form: each pair adds one value, so a repeated key accumulates.
                var fromPairs = new Builder();
                foreach (var pair in pairs)
                {
                    var (key, item) = Deconstruct(pair);
                    var name = PrimitiveToString(key, "key");
                    fromPairs.Append(name, PrimitiveToString(item, "value", name));
                }
                return fromPairs.Build();
            default:
                throw new ArgumentException($"Query parameters cannot be built from a value of type {value.GetType().FullName}.", nameof(value));
        }
    }

    private static (object? Key, object? Value) Deconstruct(object? pair) =>
        NameValuePair.TryRead(pair, out var key, out var value)
            ? (key, value)
            : throw new ArgumentException($"A query parameter must be a (key, value) pair, got {pair?.GetType().FullName ?? "null"}.");

    /// <summary>
    /// HTTPX's <c>primitive_value_to_str</c>. Other objects go as their own text (a Uri, a Version), but one without
    /// a ToString of its own is refused, as a header value is: its text would be its type name ("token=System.Security.SecureString").
    /// </summary>
    private static string PrimitiveToString(object? value, string role, string? key = null) => WholeCharacters(value switch
    {
        IEnumerable and not string => throw NotPrimitive(value, role, key),
        _ when PrimitiveText.TryFormat(value, out var text) => text,
        _ when PrimitiveText.HasOwnText(value!) => value!.ToString() ?? "",
        _ => throw NotPrimitive(value!, role, key),
    }, role, key);

    // Text cut inside an emoji: UTF-8 has no bytes for half a surrogate pair, and it went out as %EF%BF%BD (U+FFFD).
    private static string WholeCharacters(string text, string role, string? key) =>
        LoneSurrogateStrings.IndexIn(text) is var at && at < 0 ? text : throw new ArgumentException(
            $"A query parameter {role} has {LoneSurrogateStrings.Described(text, at, "UTF-8")}{(key is null ? "" : $" (parameter '{key}')")}.");

    private static ArgumentException NotPrimitive(object value, string role, string? key) => new(
        $"A query parameter {role} must be a string, number, boolean or null, got {value.GetType().FullName}{(key is null ? "" : $" (parameter '{key}')")}.");

    /// <summary>The number of distinct keys.</summary>
    public int Count => _keys.Count;

    public bool IsEmpty => _keys.Count == 0;

    /// <summary>
    /// The keys given an empty list (<c>@{ a = @() }</c>): they have no pair, but <see cref="Merge"/> removes them from the
    /// parameters merged into, so a request's empty list takes out the client's (and the URL's) values of that key.
    /// </summary>
    internal IReadOnlyList<string> ClearedKeys => _cleared;

    // Nothing to add and nothing to take out: merging it changes nothing.
    internal bool ChangesNothing => _keys.Count == 0 && _cleared.Length == 0;

    /// <summary>
    /// The distinct keys, in order of first appearance: a read-only view, as the parameters are immutable (HTTPX's are).
    /// PowerShell calls List.Add whatever the declared type: [Httpx.QueryParams]::Empty.Keys.Add('x') changed the shared
    /// Empty of every client without params. The engine reads <see cref="OrderedKeys"/>, with no view to make.
    /// </summary>
    public IReadOnlyList<string> Keys => _keys.AsReadOnly();

    internal List<string> OrderedKeys => _keys;

    /// <summary>The first value of each key, in key order.</summary>
    public IReadOnlyList<string> Values => _keys.Select(k => _values[k][0]).ToList();

    /// <summary>The first value of <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">The key is absent.</exception>
    public string this[string key] =>
        _values.TryGetValue(key, out var values) ? values[0] : throw new KeyNotFoundException($"The query parameter '{key}' is absent.");

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary><see cref="ContainsKey"/> under a hashtable's other name, as <see cref="Headers.Contains"/>.</summary>
    public bool Contains(string key) => ContainsKey(key);

    /// <summary>The first value of <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public string? Get(string key, string? defaultValue = null) => _values.TryGetValue(key, out var values) ? values[0] : defaultValue;

    // $url.Params.page in PowerShell: a name that is not a member of this class reads that parameter (its first value) (NamedValuesMetaObject).
    DynamicMetaObject IDynamicMetaObjectProvider.GetMetaObject(Expression parameter) => new NamedValuesMetaObject(parameter, this);

    string? INamedValues.ValueNamed(string name) => Get(name);

    void INamedValues.SetNamed(string name, object? value) =>
        throw new NotSupportedException($"Query parameters cannot be changed in place (as HTTPX's QueryParams): .Set('{name}', value) returns a copy with it.");

    /// <summary>Every value of <paramref name="key"/>; empty when absent.</summary>
    /// <remarks>A read-only view: the array is shared with the copies made from these parameters (<see cref="Set"/>...),
    /// and PowerShell writes into an array whatever its declared type ($client.Params.GetList('a')[0] = 'z').</remarks>
    public IReadOnlyList<string> GetList(string key) => _values.TryGetValue(key, out var values) ? Array.AsReadOnly(values) : [];

    /// <summary>Every (key, value) pair, repeated keys included, grouped by key in key order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MultiItems() =>
        _keys.SelectMany(k => _values[k].Select(v => new KeyValuePair<string, string>(k, v))).ToList();

    /// <summary>A copy where <paramref name="key"/> has the single value <paramref name="value"/> (in place if present, else last).</summary>
    public QueryParams Set(string key, object? value) => With(key, [PrimitiveToString(value, "value", key)]);

    /// <summary>A copy with <paramref name="value"/> appended to the values of <paramref name="key"/>.</summary>
    public QueryParams Add(string key, object? value) => With(key, [.. _values.GetValueOrDefault(key, []), PrimitiveToString(value, "value", key)]);

    /// <summary>A copy without <paramref name="key"/>.</summary>
    public QueryParams Remove(string key)
    {
        if (!ContainsKey(key)) return _cleared.Contains(key) ? new QueryParams(_keys, _values, Uncleared(key)) : this;
        var values = new Dictionary<string, string[]>(_values, StringComparer.Ordinal);
        values.Remove(key);
        return new QueryParams(_keys.Where(k => k != key).ToList(), values, _cleared);
    }

    /// <summary>
    /// A copy updated with <paramref name="other"/> (anything <see cref="From"/> accepts): its keys replace the same keys here,
    /// keeping their position; its new keys come last; its keys given an empty list are removed (HTTPX's <c>merge</c>, where
    /// <c>{a: []}</c> replaces the values of <c>a</c> with none). The result keeps those keys as <see cref="ClearedKeys"/>,
    /// so merged again (client, then request, then the URL's query) they remove them there too.
    /// </summary>
    public QueryParams Merge(object? other)
    {
        var update = From(other);
        if (ChangesNothing) return update;
        var merged = this;
        foreach (var key in update._cleared)
        {
            merged = merged.Remove(key);
            merged = new QueryParams(merged._keys, merged._values, [.. merged._cleared, key]);
        }
        foreach (var key in update._keys) merged = merged.With(key, update._values[key]);
        return merged;
    }

    private QueryParams With(string key, string[] values)
    {
        var keys = ContainsKey(key) ? _keys : [.. _keys, key];
        return new QueryParams(keys, new Dictionary<string, string[]>(_values, StringComparer.Ordinal) { [key] = values }, Uncleared(key));
    }

    private string[] Uncleared(string key) => _cleared.Contains(key) ? _cleared.Where(k => k != key).ToArray() : _cleared;

    /// <summary>The form-encoded query string, as Python's <c>urlencode</c>: "a=1&amp;b=x+y".</summary>
    public override string ToString() => string.Join('&',
        MultiItems().Select(item => PercentEncoding.FormEncode(item.Key) + "=" + PercentEncoding.FormEncode(item.Value)));

    /// <summary>Equal when they hold the same pairs, whatever their order, as in HTTPX.</summary>
    public bool Equals(QueryParams? other) => other is not null && SortedItems().SequenceEqual(other.SortedItems());

    public override bool Equals(object? obj) => obj is QueryParams other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in SortedItems()) hash.Add(item);
        return hash.ToHashCode();
    }

    private IEnumerable<(string, string)> SortedItems() => MultiItems()
        .Select(i => (i.Key, i.Value))
        .OrderBy(i => i.Key, StringComparer.Ordinal)
        .ThenBy(i => i.Value, StringComparer.Ordinal);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => MultiItems().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Accumulates values per key, keeping the order of first appearance.</summary>
    private sealed class Builder
    {
        private readonly List<string> _keys = [];
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

        public void Append(string key, string value)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                _keys.Add(key);
                _values[key] = list = [];
            }
            list.Add(value);
        }

        // A dictionary value that is a sequence (not a string) gives one pair per element; the key is then replaced, as in HTTPX.
        // Bytes are one value, refused (PrimitiveToString), not a list of numbers: "a=65&a=66" would lose them silently.
        public void AppendAll(object? key, object? value)
        {
            var name = PrimitiveToString(key, "key");
            var items = value is IEnumerable sequence and not (string or byte[])
                ? sequence.Cast<object?>().Select(v => PrimitiveToString(v, "value", name)).ToList()
                : [PrimitiveToString(value, "value", name)];
            if (_values.TryGetValue(name, out var existing)) existing.Clear();
            else
            {
                _keys.Add(name);
                _values[name] = existing = [];
            }
            existing.AddRange(items);
        }

        // A key given an empty sequence has no pair, so it is not one of the keys; it is kept as a cleared key, which
        // Merge uses to remove it from the parameters merged into.
        public QueryParams Build()
        {
            var keys = _keys.Where(k => _values[k].Count > 0).ToList();
            var cleared = _keys.Where(k => _values[k].Count == 0).ToArray();
            return keys.Count == 0 && cleared.Length == 0
                ? Empty
                : new QueryParams(keys, keys.ToDictionary(k => k, k => _values[k].ToArray(), StringComparer.Ordinal), cleared);
        }
    }
}
