using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Httpx.PowerShell;

/// <summary>
/// JSON to and from PowerShell objects. To JSON: what ConvertTo-Json writes (hashtables, ordered dictionaries and
/// PSCustomObjects as objects, lists as arrays, DateTime as ISO 8601, enums as numbers) but 64 levels deep by default,
/// with a clear error beyond that or on a cycle instead of a silent cut. From JSON: what ConvertFrom-Json gives
/// (PSCustomObjects with NoteProperties in document order, arrays as object[], integers as Int64 or BigInteger,
/// other numbers as Double), except that date-like strings stay strings.
/// </summary>
public static class PowerShellJson
{
    // ConvertTo-Json's dates: ISO 8601 without trailing zeros in the fraction; Z, the offset, or nothing by Kind.
    internal const string IsoDate = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK";

    public const int DefaultMaxDepth = 64;

    // ---- PowerShell to JSON --------------------------------------------------------------------------------------

    /// <summary>
    /// A -Json argument as the engine's <c>json</c>: a string is JSON text, sent exactly as given (Invoke-RestMethod's
    /// habit), anything else is serialised as ConvertTo-Json would ($null inside a value as null). The same rule for
    /// a request's body (Invoke-Httpx, New-HttpxRequest) and a mocked response's (New-HttpxResponse).
    /// </summary>
    /// <param name="named">What errors call the value: "-Json", or "Json" for a mock handler's hashtable key.</param>
    public static object ToBody(object json, string named = "-Json")
    {
        if (PowerShellValues.Unwrap(json) is not string text) return (object?)ToJsonNode(json, named: named) ?? new JsonText("null");
        try
        {
            return new JsonText(text);
        }
        catch (ArgumentException e) when (e.InnerException is System.Text.Json.JsonException or ArgumentException)
        {
            // The engine's error named its C# 'json' as the target; every other -Json error names Json.
            throw new ArgumentException($"The {named} text is not valid JSON: {e.Data[JsonText.ReasonKey] ?? e.InnerException.Message}", "Json", e);
        }
    }

    /// <summary>The JSON for <paramref name="value"/> as a node (null for JSON null).</summary>
    public static JsonNode? ToJsonNode(object? value, int maxDepth = DefaultMaxDepth, string named = "-Json")
    {
        var writer = new JsonWriter(maxDepth, named);
        var node = writer.Convert(value, 0);
        if (writer.Failure is not { } failure) return node;
        var where = failure.Where.Count == 0 ? "in the top-level dictionary" : "in the dictionary at " + string.Concat(failure.Where);
        if (failure.DuplicateKey is { } duplicate)
            throw new ArgumentException($"The {named} value has two keys written as the JSON key '{duplicate}' ({where}), a number, enum, boolean or char and the same text: the server would see only one; keep one of them.", "Json");
        if (failure.KeyType is { } keyType)
            throw new ArgumentException(
                $"The {named} value has a dictionary key of type {keyType.FullName} ({where}), "
                + "which JSON cannot write as a key: keys are text, and strings, chars, numbers, enums and booleans are written (a number as its JSON text, an enum as its name, a boolean as true or false); make it text first ([string], or .ToString('o') for a date).",
                "Json");
        var problem = failure.CycleThrough is { } type
            ? $"refers to itself (a cycle through a {type.Name})"
            : $"is nested more than {maxDepth} levels deep";
        // A class's hidden properties are written but shown nowhere (Get-Member, Format-List): a tree's hidden Parent
        // made a cycle the user could not see, so they are named.
        var hidden = failure.NetObject is null ? [] : JsonWriter.HiddenProperties(failure.NetObject)
            .Concat(failure.CycleThrough is { } through ? JsonWriter.HiddenProperties(through) : []).Distinct().ToArray();
        var written = hidden.Length == 0 ? "all its properties" : $"all its properties (its hidden ones too: {string.Join(", ", hidden)})";
        throw new ArgumentException(failure.NetObject is null
            ? $"The {named} value {problem}; " + (failure.CycleThrough is null ? "flatten it or pass a JSON string." : "JSON cannot represent it.")
            : $"The {named} value holds a {failure.NetObject.FullName}, which is written with {written}, level after level, and {problem}: pick the ones to send (Select-Object, [pscustomobject]@{{...}}) or pass a JSON string.",
            "Json");
    }

    /// <summary>
    /// A value JSON cannot hold (too deep, or a cycle), with the outermost .NET object on the way down, for the message.
    /// Such an object (Get-Item's FileInfo) is written with all its properties, whose graph may never end: a value two
    /// levels deep read as "nested more than 64 levels deep" or "a cycle through a RuntimeType" with no hint of why.
    /// </summary>
    private sealed class Unwritable(Type? cycleThrough, Type? keyType = null)
    {
        public Type? CycleThrough { get; } = cycleThrough;
        public Type? NetObject { get; set; }

        /// <summary>A dictionary key JSON cannot write (a DateTime, a Guid, an object), and where it is.</summary>
        public Type? KeyType { get; } = keyType;

        /// <summary>The text two keys of a dictionary are both written as.</summary>
        public string? DuplicateKey { get; init; }

        /// <summary>The way down to the failure (".meta", "[2]"), filled in as the frames above return.</summary>
        public List<string> Where { get; } = [];
    }

    /// <summary>
    /// One value's conversion: the objects on the way down (to find a cycle) and, once a value cannot be written, the
    /// <see cref="Failure"/>, after which every level returns at once (its partial node is never used).
    /// </summary>
    /// <param name="named">What its errors call the value, as <see cref="ToJsonNode"/>'s ("-Json", a mock handler's "Json").</param>
    private sealed class JsonWriter(int maxDepth, string named)
    {
        private readonly HashSet<object> _path = new(ReferenceEqualityComparer.Instance);

        public Unwritable? Failure { get; private set; }

        public JsonNode? Convert(object? value, int depth)
        {
            var wrapper = value as PSObject;
            value = PowerShellValues.Unwrap(value);
            switch (value)
            {
                // A database NULL (a DataRow's column) and the $null given to a .NET string parameter, as ConvertTo-Json writes them.
                case null or DBNull or System.Management.Automation.Language.NullString: return null;
                case JsonNode node: return node.DeepClone();
                case JsonElement element: return JsonNode.Parse(element.GetRawText());
                case string s: return JsonValue.Create(s);
                case char c: return JsonValue.Create(c.ToString());
                case bool b: return JsonValue.Create(b);
                case double d: return JsonValue.Create(Finite(d, named));
                case float f: Finite(f, named); return JsonValue.Create(f); // as a float: widened, 0.1 would read 0.10000000149011612
                // A whole decimal as ConvertTo-Json writes it, 10.0: a decimal is not an integer type, and "10" read as one
                // (ConvertFrom-Json's Int64, Python's int) where 10.0 reads as a Double or float.
                case decimal m: return m.Scale == 0 ? JsonNode.Parse(m.ToString(CultureInfo.InvariantCulture) + ".0") : JsonValue.Create(m);
                case BigInteger big: return JsonNode.Parse(big.ToString(CultureInfo.InvariantCulture));
                // A ulong enum's value may be above Int64's range (a [Flags] bit 63): read as ulong it is not an OverflowException.
                case Enum e when Type.GetTypeCode(e.GetType()) == TypeCode.UInt64: return JsonValue.Create(System.Convert.ToUInt64(e, CultureInfo.InvariantCulture));
                case Enum e: return JsonValue.Create(System.Convert.ToInt64(e, CultureInfo.InvariantCulture));
                case sbyte or byte or short or ushort or int or uint or long: return JsonValue.Create(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case ulong u: return JsonValue.Create(u);
                case DateTime dt: return JsonValue.Create(dt.ToString(IsoDate, CultureInfo.InvariantCulture));
                case DateTimeOffset dto: return JsonValue.Create(dto.ToString(IsoDate, CultureInfo.InvariantCulture));
                // As written, as ConvertTo-Json writes it (and -Uri reads it): ToString() adds a '/' to a bare host,
                // lower-cases it, drops a default port and unescapes %20, so the server got another URL.
                case Uri uri: return JsonValue.Create(uri.OriginalString);
                case Guid or Url or TimeSpan or Version: return JsonValue.Create(System.Convert.ToString(value, CultureInfo.InvariantCulture));
            }

            // Only an object or an array is a level, as ConvertTo-Json -Depth counts them: a number in the deepest object
            // is no level of its own (it was counted, and what ConvertTo-Json -Depth 64 writes whole was refused).
            if (depth > maxDepth) return Fail(null);

            // A Newtonsoft JToken is JSON already; a collection of its tokens to everything else (not an array or a dictionary).
            if (value is IEnumerable and not (Array or IDictionary) && NewtonsoftJToken.Json(value) is { } text) return Parsed(text, value.GetType());

            if (!_path.Add(value)) return Fail(value.GetType());
            try
            {
                switch (value)
                {
                    case IDictionary dict:
                        var obj = new JsonObject();
                        foreach (DictionaryEntry entry in dict)
                        {
                            var rawKey = PowerShellValues.Unwrap(entry.Key);
                            if (KeyText(rawKey) is not { } key)
                                return Fail(null, rawKey is PSObject ? typeof(PSCustomObject) : rawKey!.GetType());
                            // Two keys of one text (1 and '1', $true and 'true'): the later would replace the earlier unseen.
                            if (obj.ContainsKey(key)) return Fail(null, duplicate: key);
                            var item = Convert(entry.Value, depth + 1);
                            if (Failure is not null) return Within(Member(key));
                            obj[key] = item;
                        }
                        // Members added to it (Add-Member on a hashtable) follow its keys, as ConvertTo-Json writes them:
                        // they were left out without a word. Its adapted .NET properties (Count, Keys...) are not data.
                        return wrapper is null ? obj : Properties(wrapper, depth, obj, addedOnly: true);
                    case IEnumerable list:
                        var array = new JsonArray();
                        foreach (var item in list)
                        {
                            var node = Convert(item, depth + 1);
                            if (Failure is not null) return Within($"[{array.Count}]");
                            array.Add(node);
                        }
                        return array;
                    case PSObject custom:
                        return Properties(custom, depth);
                    default:
                        // Any other .NET object: its public properties, as ConvertTo-Json writes them.
                        var properties = Properties(PSObject.AsPSObject(value), depth);
                        // The frames above overwrite it: the outermost is named.
                        if (Failure is not null) Failure.NetObject = value.GetType();
                        return properties;
                }
            }
            finally
            {
                _path.Remove(value);
            }
        }

        private JsonObject? Properties(PSObject ps, int depth, JsonObject? into = null, bool addedOnly = false)
        {
            var obj = into ?? new JsonObject();
            foreach (var property in WrittenProperties(ps))
            {
                if (!property.IsGettable) continue;
                if (addedOnly && (property.MemberType == PSMemberTypes.Property || obj.ContainsKey(property.Name) || RemotingMembers.Contains(property.Name))) continue;
                object? v;
                try { v = property.Value; }
                // A getter that fails (a ScriptProperty's throw, Stream.ReadTimeout) is null, as ConvertTo-Json writes
                // it: the key stays, where leaving it out lost it without a word.
                catch (GetValueException) { v = null; }
                var node = Convert(v, depth + 1);
                if (Failure is not null) return (JsonObject?)Within(Member(property.Name));
                obj[property.Name] = node;
            }
            return obj;
        }

        /// <summary>
        /// The properties ConvertTo-Json writes: a PSCustomObject's in its order; a .NET object's public properties
        /// first, with the <c>hidden</c> ones of a PowerShell class in their declared place, then the members added to it
        /// (Add-Member's NoteProperty or ScriptProperty, a type's ETS members). 'hidden' only keeps a member out of
        /// Get-Member and tab completion (and out of <c>PSObject.Properties</c>), and ConvertTo-Json, which reads a type's
        /// public properties, writes it: -Json left a class's hidden property out without a word. PSObject.Properties
        /// lists added members before the .NET ones, and -Json sent them in that order, unlike ConvertTo-Json.
        /// </summary>
        private static IEnumerable<PSPropertyInfo> WrittenProperties(PSObject ps)
        {
            if (ps.BaseObject is PSCustomObject) return ps.Properties;
            var hidden = HiddenProperties(ps.BaseObject.GetType());
            if (hidden.Length == 0)
                return ps.Properties.OrderBy(p => p.MemberType == PSMemberTypes.Property ? 0 : 1); // stable: each group in its order
            var declared = ps.BaseObject.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
            return ps.Properties.Concat(hidden.Select(name => ps.Properties[name]).OfType<PSPropertyInfo>())
                .OrderBy(p => p.MemberType != PSMemberTypes.Property ? int.MaxValue : declared.IndexOf(p.Name) is var at and >= 0 ? at : int.MaxValue - 1);
        }

        // What Receive-Job and Invoke-Command add to every object they return: not a hashtable's data, which its keys are
        // (ConvertTo-Json writes them: every hashtable from a job or remote command went out with these four fields).
        private static readonly HashSet<string> RemotingMembers = new(StringComparer.OrdinalIgnoreCase)
            { "PSComputerName", "RunspaceId", "PSShowComputerName", "PSSourceJobInstanceId" };

        private static readonly ConcurrentDictionary<Type, string[]> HiddenByType = new();

        internal static string[] HiddenProperties(Type type) => HiddenByType.GetOrAdd(type, static t => t
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetGetMethod() is not null && p.IsDefined(typeof(HiddenAttribute), true))
            .Select(p => p.Name).ToArray());

        private JsonNode? Fail(Type? cycleThrough, Type? keyType = null, string? duplicate = null)
        {
            Failure = new Unwritable(cycleThrough, keyType) { DuplicateKey = duplicate };
            return null;
        }

        private JsonNode? Parsed(string json, Type from)
        {
            try
            {
                return JsonNode.Parse(json);
            }
            catch (JsonException e)
            {
                // A JProperty ("a": 1), a JRaw or JConstructor with text that is no JSON value.
                throw new ArgumentException($"The {named} value holds a {from.FullName} whose text is not a JSON value: {e.Message}", "Json", e);
            }
        }

        // Only on failure: the step of this frame, put before those of the frames below.
        private JsonNode? Within(string step)
        {
            Failure!.Where.Insert(0, step);
            return null;
        }

        private static string Member(string name) =>
            name.Length > 0 && name.All(c => char.IsLetterOrDigit(c) || c == '_') ? "." + name : $".'{name.Replace("'", "''")}'";

        /// <summary>
        /// An (unwrapped) dictionary key as JSON's key text, or null for a type JSON cannot write as a key, which the
        /// caller refuses. Python's json.dumps (HTTPX's json=) decides the numbers and booleans: a number as its JSON
        /// text as -Json writes it as a value (but a decimal as its own text, 10 and not 10.0: a key reads back as text),
        /// a boolean as true or false, null as null. A string or char is itself. An enum is its name, as PowerShell shows
        /// the key (Group-Object -AsHashTable, $counts[$_.Status]++). Any other type (a DateTime, a Guid, an object) is
        /// refused: its invariant text ("01/02/2024 00:00:00", "System.Diagnostics.Process (pwsh)") went out as a key
        /// no one meant. ConvertTo-Json (PowerShell 7.6) refuses every key that is not a string.
        /// </summary>
        private string? KeyText(object? key)
        {
            switch (key)
            {
                case null: return "null";
                case string s: return s;
                case char c: return c.ToString();
                case Enum e: return e.ToString(); // a [Flags] value as "ReadOnly, Archive", an undefined one as its number
                // Its text, 10 for 10d: a whole decimal value is written 10.0 so that it reads back as no integer, but a key
                // reads back as text, and "10.0" was a key no one wrote (a double 10 key is "10", as PowerShell shows both).
                case decimal m: return m.ToString(CultureInfo.InvariantCulture);
                case var k and (bool or sbyte or byte or short or ushort or int or uint or long or ulong or BigInteger or double or float):
                    return Convert(k, 0)!.ToJsonString(); // Finite's error for NaN and ±Infinity, as Python's allow_nan=False
                default: return null;
            }
        }
    }

    // Named as the writer's other errors: -Json also serves New-HttpxResponse -Json and a mock handler's Json key.
    private static double Finite(double d, string named) => double.IsFinite(d)
        ? d
        : throw new ArgumentException($"The {named} value contains {d.ToString(CultureInfo.InvariantCulture)}, which JSON cannot represent.", "Json");

    // ---- JSON to PowerShell --------------------------------------------------------------------------------------

    /// <summary>
    /// Whether <paramref name="body"/> holds no JSON value at all: nothing, or only JSON whitespace (after a UTF-8 byte
    /// order mark), as a server's "\n" for nothing. ConvertFrom-Json reads that as $null, and so does -As Json.
    /// </summary>
    internal static bool IsBlank(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith("\uFEFF"u8)) body = body[3..];
        return body.IndexOfAnyExcept(" \t\r\n"u8) < 0;
    }

    /// <summary>
    /// Parses the body of <paramref name="response"/> into PowerShell objects; a syntax error raises DecodingException
    /// naming the request and the body's Content-Type (an HTML error page from a proxy, say, reads as what it is).
    /// </summary>
    public static object? Parse(Response response)
    {
        JsonNode? node;
        try
        {
            // Parsed as the engine's Response.Json() parses it: a BOM, UTF-16 and UTF-32 too, a repeated key's last value.
            node = JsonParser.ParseBody(response.Content);
        }
        catch (JsonException e)
        {
            var request = response.HasRequest ? response.Request : null;
            var body = request is null ? "The response body" : $"The body of the response to {request.Describe()}";
            var type = response.Headers.Get("Content-Type") is { } contentType ? $"Content-Type {contentType}" : "no Content-Type";
            throw new DecodingException($"{body} is not valid JSON ({type}): {JsonEncoding.Reason(e)}", request, e);
        }
        return FromJsonNode(node);
    }

    /// <summary>The data of a server-sent event as PowerShell objects; a syntax error raises DecodingException.</summary>
    public static object? Parse(ServerSentEvent sse)
    {
        JsonNode? node;
        try
        {
            node = sse.Json();
        }
        catch (JsonException e)
        {
            // Named by its event, id and data, as a stream's events look alike: "the event" did not say which one.
            throw new DecodingException($"The data of {sse.Describe()} is not valid JSON: {e.Message}", null, e);
        }
        return FromJsonNode(node);
    }

    /// <summary>A parsed JSON node as PowerShell objects (see the class summary).</summary>
    public static object? FromJsonNode(JsonNode? node)
    {
        switch (node)
        {
            case null: return null;
            case JsonObject obj:
                var ps = NewCustomObject(obj.Count);
                foreach (var (name, child) in obj)
                {
                    CheckPropertyName(name);
                    if (ps.Properties[name] is not null)
                        throw new DecodingException($"The JSON object has keys that differ only in case ('{name}'), which PowerShell properties cannot both be named; read it as text, or as JSON nodes with $r.psbase.Json().");
                    ps.Properties.Add(new PSNoteProperty(name, FromJsonNode(child)));
                }
                return ps;
            case JsonArray array:
                return array.Select(FromJsonNode).ToArray();
            default:
                return node.GetValueKind() switch
                {
                    JsonValueKind.String => node.GetValue<string>(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => NumberOf(node),
                    _ => null,
                };
        }
    }

    // The names PowerShell keeps for every object's own members (PSMemberInfoCollection.IsReservedName), any case.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase) { "psbase", "psadapted", "psextended", "psobject", "pstypenames" };

    /// <summary>
    /// A key no NoteProperty can be named by raises DecodingException naming it, as ConvertFrom-Json refuses it. Without
    /// this check PowerShell's own error came out: for "" an ArgumentException ('the value of argument "name" is not
    /// valid', naming no key), for "psobject" an ExtendedTypeSystemException that -As Json did not report as a
    /// DecodingError, and "pstypenames" (found by the case check) read as keys differing in case.
    /// </summary>
    private static void CheckPropertyName(string name)
    {
        if (name.Length == 0)
            throw new DecodingException("The JSON object has an empty key (\"\"), which a PowerShell property cannot be named; read it as text, or as JSON nodes with $r.psbase.Json().");
        if (name.Length is >= 6 and <= 11 && ReservedNames.Contains(name))
            throw new DecodingException($"The JSON object has the key '{name}', a name PowerShell reserves for every object's own members (psbase, psadapted, psextended, psobject, pstypenames); read it as text, or as JSON nodes with $r.psbase.Json().");
    }

    /// <summary>
    /// A PSCustomObject that keeps its properties in itself, as ConvertFrom-Json makes them (PowerShell's
    /// <c>PSObject(int)</c>, 6.1 and later; not in PowerShellStandard.Library 5.1, which the module compiles against).
    /// <c>new PSObject()</c> keeps them in PowerShell's process-wide table of instance members instead: on an endless
    /// -Stream JsonLines that table grew with every object and slowed every collection down (2,000,000 objects: the
    /// heap's peak 62 MB above the start and 29 s, against 9 MB and 1.2 s for 200,000; docs/benchmarks.md, mem-jsonlines).
    /// </summary>
    private static readonly Func<int, PSObject> NewCustomObject = CustomObjectFactory();

    private static Func<int, PSObject> CustomObjectFactory()
    {
        if (typeof(PSObject).GetConstructor([typeof(int)]) is not { } withCapacity) return static _ => new PSObject();
        var capacity = Expression.Parameter(typeof(int));
        return Expression.Lambda<Func<int, PSObject>>(Expression.New(withCapacity, capacity), capacity).Compile();
    }

    private static object NumberOf(JsonNode node) =>
        // NaN and ±Infinity (Python's json writes them) are numbers with no JSON text; parsed ones carry their element.
        node is JsonValue value && !value.TryGetValue<JsonElement>(out _) && value.TryGetValue<double>(out var d) && !double.IsFinite(d)
            ? d
            : Number(node.ToJsonString());

    private static object Number(string text)
    {
        if (text.AsSpan().IndexOfAny(".eE") < 0)
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                ? (object)l : BigInteger.Parse(text, CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
