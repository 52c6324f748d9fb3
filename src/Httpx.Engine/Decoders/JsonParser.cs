using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Httpx;

/// <summary>
/// JSON text parsed into nodes as Python's <c>json.loads</c> reads it, which is what HTTPX's <c>Response.json()</c>
/// gives: an object with a key twice keeps the last value (at the first one's place). <c>JsonNode.Parse</c> accepts such
/// text but throws an ArgumentException when the object is first read, far from the parse; ConvertFrom-Json keeps the
/// last value too. Public for the PowerShell module, which parses bodies into PowerShell objects through it.
/// </summary>
public static class JsonParser
{
    /// <summary>
    /// Parses UTF-8 JSON text (one value, whitespace around it); malformed text raises <see cref="JsonException"/>.
    /// NaN, Infinity and -Infinity are read as doubles, as Python's json.loads (and ConvertFrom-Json) read them.
    /// </summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return Parse(utf8, nonFiniteMarked: false);
        }
        // System.Text.Json has no switch for these literals: they are read again as marked strings, on this path only.
        catch (JsonException original) when (NonFiniteLiterals.Mark(utf8) is { } marked)
        {
            try
            {
                return Parse(marked, nonFiniteMarked: true);
            }
            catch (JsonException)
            {
                // Invalid for another reason too: the error as the text has it (positions in the marked text are off).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(original);
                throw;
            }
        }
    }

    private static JsonNode? Parse(ReadOnlySpan<byte> utf8, bool nonFiniteMarked)
    {
        // ConvertFrom-Json's depth (1024) rather than the reader's 64: Python's json.loads has no such limit either.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024 });
        // A document of its own that needs no disposing (nothing rented), so the values can refer to it.
        var root = JsonElement.ParseValue(ref reader);
        reader.Read(); // raises on anything after the value but whitespace
        return ToNode(root, nonFiniteMarked, LoneSurrogateStrings.Possible(utf8));
    }

    /// <summary>
    /// Parses a JSON body as Python's <c>json.loads(bytes)</c> does: its encoding (UTF-8 with or without a byte order
    /// mark, UTF-16, UTF-32) found by <see cref="JsonEncoding"/>.
    /// </summary>
    public static JsonNode? ParseBody(byte[] body) => Parse(JsonEncoding.ToUtf8(body));

    /// <summary>Parses JSON text given as a string (a line of JSON lines, an event's data).</summary>
    public static JsonNode? Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    private static JsonNode? ToNode(JsonElement element, bool nonFiniteMarked, bool surrogateEscapes)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    var name = surrogateEscapes ? LoneSurrogateStrings.Name(property) : property.Name;
                    obj[name] = ToNode(property.Value, nonFiniteMarked, surrogateEscapes); // a repeated key replaces the value, as a Python dict does
                }
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray()) array.Add(ToNode(item, nonFiniteMarked, surrogateEscapes));
                return array;
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String when nonFiniteMarked && NonFiniteLiterals.Value(LoneSurrogateStrings.Value(element)) is { } number:
                return JsonValue.Create(number);
            case JsonValueKind.String when surrogateEscapes:
                return JsonValue.Create(LoneSurrogateStrings.Value(element));
            default:
                // Numbers keep their text (a long, a decimal or a double, as the reader asks), as JsonNode.Parse keeps them.
                return JsonValue.Create(element);
        }
    }
}
