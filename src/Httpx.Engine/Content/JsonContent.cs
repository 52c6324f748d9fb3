using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Httpx;

/// <summary>
/// An <c>application/json</c> body, serialised like HTTPX 0.28's <c>json.dumps(ensure_ascii=False,
/// separators=(",", ":"), allow_nan=False)</c>: compact, non-ASCII text written as UTF-8, NaN and infinities refused.
/// </summary>
public sealed class JsonContent : BufferedContent
{
    public const string MediaType = "application/json";

    private static readonly JsonSerializerOptions DefaultOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
        Converters = { new PythonFloatJsonConverter() },
    };

    /// <param name="value">Any serialisable object, an already parsed JsonNode or JsonElement, or <see cref="JsonText"/> to send as it is.</param>
    /// <param name="options">Serializer options; by default property names are written as declared.</param>
    public JsonContent(object? value, JsonSerializerOptions? options = null)
        : base(Serialize(value, options), MediaType) { }

    private JsonContent(byte[] bytes) : base(bytes, MediaType) { }

    /// <summary>
    /// The JSON of <paramref name="value"/> for a request whose Content-Type (the caller's, which replaces
    /// application/json) is <paramref name="contentType"/>: in the charset it names when a codec knows one other than
    /// UTF-8 (charset=iso-8859-1, utf-16), as a string body is sent in it, since a server that reads that charset took
    /// the UTF-8 bytes for other text ('é' as 'Ã©'; HTTPX sends UTF-8 whatever the header says). The text is written
    /// first with every non-ASCII character escaped (\u00e9, as Python's json.dumps writes it by default), which any
    /// charset can carry and any JSON parser reads back as the same value; else UTF-8, as HTTPX writes it.
    /// </summary>
    internal static JsonContent Under(string? contentType, object? value)
    {
        var content = new JsonContent(value);
        if (Charset.FromContentType(contentType) is not { } charset || charset.CodePage == Encoding.UTF8.CodePage) return content;
        return new JsonContent(Charset.EncodeText(EscapeNonAscii(content.BufferedBytes!.Value.Span), contentType));
    }

    /// <summary>
    /// UTF-8 JSON as ASCII text: every character above U+007F as its \uXXXX escape (a pair of them beyond the BMP).
    /// JSON's own syntax is ASCII, so such a character can only be inside a string, where the escape means the same.
    /// </summary>
    private static string EscapeNonAscii(ReadOnlySpan<byte> json)
    {
        var text = Encoding.UTF8.GetString(json);
        var ascii = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            if (c < 0x80) ascii.Append(c);
            else ascii.Append($"\\u{(int)c:x4}");
        return ascii.ToString();
    }

    private static byte[] Serialize(object? value, JsonSerializerOptions? options)
    {
        if (value is JsonText text) return System.Text.Encoding.UTF8.GetBytes(text.Text);
        byte[] json;
        try
        {
            json = value is JsonNode node && options is null
                ? NodeBytes(node)
                : JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(object), options ?? DefaultOptions);
        }
        catch (ArgumentException e)
        {
            // NaN and the infinities have no JSON form; HTTPX (allow_nan=False) refuses them too.
            throw new ArgumentException($"The value for 'json' cannot be serialised: {e.Message}", "json", e);
        }
        return UnescapeNonAscii(json);
    }

    /// <summary>
    /// A JsonNode's values keep the converters they were made with, so the float converter of
    /// <see cref="DefaultOptions"/> never sees them: the tree is written here, its floats as Python writes them.
    /// </summary>
    private static byte[] NodeBytes(JsonNode? node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = DefaultOptions.Encoder }))
            Write(writer, node);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            // System.Text.Json writes a lone surrogate as U+FFFD, and has no raw property name: such an object is written here.
            case JsonObject members when members.Any(member => LoneSurrogateStrings.IndexIn(member.Key) >= 0):
                writer.WriteRawValue(ObjectWithLoneSurrogateNames(members), skipInputValidation: true);
                break;
            case JsonObject members:
                writer.WriteStartObject();
                foreach (var (name, member) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, member);
                }
                writer.WriteEndObject();
                break;
            case JsonArray items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            // Parsed JSON (a JsonElement inside) is written as it was given, an integer staying an integer.
            case JsonValue value when value.TryGetValue(out JsonElement _):
                node.WriteTo(writer, DefaultOptions);
                break;
            case JsonValue value when value.TryGetValue(out string? text) && LoneSurrogateStrings.IndexIn(text) >= 0:
                writer.WriteRawValue(StringLiteral(text), skipInputValidation: true);
                break;
            case JsonValue value when value.TryGetValue(out double number):
                JsonSerializer.Serialize(writer, number, DefaultOptions);
                break;
            case JsonValue value when value.TryGetValue(out float number):
                JsonSerializer.Serialize(writer, number, DefaultOptions);
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer, DefaultOptions);
                break;
        }
    }

    /// <summary>
    /// <paramref name="text"/> as a JSON string literal in UTF-8, a lone surrogate escaped ("\ud83d") as JavaScript's
    /// JSON.stringify and Python's json.dumps write it, where the serializer would write U+FFFD and lose it; the rest
    /// as <see cref="UnescapeNonAscii"/> leaves the serializer's output (which keeps such an escape as it is).
    /// </summary>
    private static byte[] StringLiteral(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) literal.Append(c).Append(text[++i]);
            else if (c < 0x20 || c is '"' or '\\' || char.IsSurrogate(c)) literal.Append(PythonEscape(c));
            else literal.Append(c);
        }
        return Encoding.UTF8.GetBytes(literal.Append('"').ToString());
    }

    private static byte[] ObjectWithLoneSurrogateNames(JsonObject members)
    {
        var json = new List<byte> { (byte)'{' };
        foreach (var (name, member) in members)
        {
            if (json.Count > 1) json.Add((byte)',');
            json.AddRange(StringLiteral(name));
            json.Add((byte)':');
            json.AddRange(NodeBytes(member));
        }
        json.Add((byte)'}');
        return [.. json];
    }

    /// <summary>
    /// The serializer writes characters outside the Basic Multilingual Plane (and a few others, such as U+2028)
    /// as \u escapes; Python's ensure_ascii=False writes them as they are. Rewrite those escapes as UTF-8 and keep
    /// only the escapes Python writes: quote, backslash and control characters (\uXXXX in lower case).
    /// Backslashes only occur inside strings, so a scan of the bytes is enough.
    /// </summary>
    private static byte[] UnescapeNonAscii(byte[] json)
    {
        if (json.AsSpan().IndexOf("\\u"u8) < 0) return json;
        var output = new List<byte>(json.Length);
        Span<byte> utf8 = stackalloc byte[4];
        int i = 0;
        while (i < json.Length)
        {
            if (json[i] != (byte)'\\' || json[i + 1] != (byte)'u')
            {
                // An ordinary byte, or a short escape such as \n copied whole so that its second byte is not re-read.
                int copy = json[i] == (byte)'\\' ? 2 : 1;
                for (int k = 0; k < copy; k++) output.Add(json[i + k]);
                i += copy;
                continue;
            }
            char unit = ParseUnit(json, i + 2);
            if (char.IsHighSurrogate(unit) && i + 12 <= json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u'
                && char.IsLowSurrogate(ParseUnit(json, i + 8)))
            {
                int count = new Rune(unit, ParseUnit(json, i + 8)).EncodeToUtf8(utf8);
                foreach (byte b in utf8[..count]) output.Add(b);
                i += 12;
            }
            else if (unit < 0x20 || unit is '"' or '\\' || char.IsSurrogate(unit))
            {
                // Python keeps these escaped (a lone surrogate cannot be written as UTF-8 at all).
                foreach (char c in PythonEscape(unit)) output.Add((byte)c);
                i += 6;
            }
            else
            {
                int count = new Rune(unit).EncodeToUtf8(utf8);
                foreach (byte b in utf8[..count]) output.Add(b);
                i += 6;
            }
        }
        return output.ToArray();
    }

    private static char ParseUnit(byte[] json, int offset) =>
        (char)ushort.Parse(json.AsSpan(offset, 4), System.Globalization.NumberStyles.AllowHexSpecifier);

    private static string PythonEscape(char unit) => unit switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\b' => "\\b",
        '\f' => "\\f",
        _ => $"\\u{(int)unit:x4}",
    };
}
