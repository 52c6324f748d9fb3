using System.Collections;
using System.Text.Json.Nodes;

namespace Httpx.Tests.Content;

public class FormAndJsonContentTests
{
    [Fact]
    public async Task FormEncodesLikeUrlencodeWithDoseq()
    {
        var content = new FormContent([
            new("key 1", "value with spaces & symbols=/?"),
            new("list", new object?[] { "a", 1, true, null }),
            new("café", "日本~_.-"),
        ]);

        Assert.Equal(
            "key+1=value+with+spaces+%26+symbols%3D%2F%3F&list=a&list=1&list=true&list=&caf%C3%A9=%E6%97%A5%E6%9C%AC~_.-",
            await ContentReader.ReadTextAsync(content));
        Assert.Equal("application/x-www-form-urlencoded", content.ContentType);
        Assert.True(content.IsReplayable);
    }

    [Fact]
    public async Task FormWritesFloatsAsPythonDoes()
    {
        var content = new FormContent([new("whole", 2.0), new("small", 0.00001), new("plain", 0.5)]);
        Assert.Equal("whole=2.0&small=1e-05&plain=0.5", await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public void FormRejectsNonPrimitiveValues()
    {
        var error = Assert.Throws<ArgumentException>(() => new FormContent([new("k", new object())]));
        Assert.Equal("data", error.ParamName);
        Assert.Contains("System.Object", error.Message);
    }

    [Fact]
    public void A_form_value_cut_inside_an_emoji_is_refused_naming_the_field_not_sent_as_U_FFFD()
    {
        // Half of a surrogate pair went out as %EF%BF%BD (and as EF BF BD in a multipart part); HTTPX raises.
        string half = "a😀"[..2];
        var error = Assert.Throws<ArgumentException>(() => new FormContent([new("note", half)]));
        Assert.Equal("Form value 'note' in 'data' has half of a surrogate pair (U+D83D) at character 1, text cut inside a character such as an emoji, which cannot be encoded in UTF-8. (Parameter 'data')", error.Message);
        Assert.Throws<ArgumentException>(() => new MultipartContent([new("note", new object?[] { "ok", half })], []));
    }

    public static TheoryData<object?> FieldValues() => new() { "text", 1, 2.5, true, 'c', null, DateTime.UnixEpoch, new object(), new Uri("http://x/") };

    [Theory]
    [MemberData(nameof(FieldValues))]
    public void FormValue_IsText_is_the_rule_the_form_encoder_applies(object? value)
    {
        // The public check a caller (the module's -Data) uses to refuse a value up front says what encoding would do.
        var encodes = Record.Exception(() => new FormContent([new("k", value)])) is null;
        Assert.Equal(encodes, FormValue.IsText(value));
    }

    [Fact]
    public async Task JsonIsCompactAndKeepsNonAsciiAsUtf8()
    {
        var content = new JsonContent(new Dictionary<string, object?>
        {
            ["integer"] = 123,
            ["text"] = "café 😀 \u2028 <tag> \"q\" \\ \n \u0001 \b\f\t\r",
            ["list"] = new[] { "a", "b" },
            ["none"] = null,
        });

        Assert.Equal(
            "{\"integer\":123,\"text\":\"café 😀 \u2028 <tag> \\\"q\\\" \\\\ \\n \\u0001 \\b\\f\\t\\r\",\"list\":[\"a\",\"b\"],\"none\":null}",
            await ContentReader.ReadTextAsync(content));
        Assert.Equal("application/json", content.ContentType);
    }

    [Fact]
    public async Task JsonKeepsALoneSurrogateEscapedAsJsonStringifyWritesIt()
    {
        // Half an emoji ("😀" cut after its first UTF-16 unit) was sent as U+FFFD: the server could not tell it from
        // a real replacement character. Escaped, it reaches the server as the string it was, as JSON.stringify sends it.
        string half = "a😀"[..2];
        var node = new JsonObject { ["s"] = half, [half] = new JsonArray(half + "😀\\ud83d\"", "\ud800\udc00") };
        Assert.Equal(
            "{\"s\":\"a\\ud83d\",\"a\\ud83d\":[\"a\\ud83d😀\\\\ud83d\\\"\",\"𐀀\"]}",
            await ContentReader.ReadTextAsync(new JsonContent(node)));
    }

    [Fact]
    public async Task JsonAcceptsParsedNodes()
    {
        var node = JsonNode.Parse("{ \"a\" : [ 1, 2 ] }");
        Assert.Equal("{\"a\":[1,2]}", await ContentReader.ReadTextAsync(new JsonContent(node)));
    }

    [Fact]
    public async Task JsonTextIsSentExactlyAsGiven()
    {
        var (content, headers) = RequestContentFactory.Encode(json: new JsonText("{ \"a\" : [1,  2] }"));
        Assert.Equal("{ \"a\" : [1,  2] }", await ContentReader.ReadTextAsync(content));
        Assert.Contains(new KeyValuePair<string, string>("Content-Type", "application/json"), headers);
    }

    [Fact]
    public void JsonTextMustBeJson()
    {
        var error = Assert.Throws<ArgumentException>(() => new JsonText("{ a: 1 }"));
        Assert.Equal("json", error.ParamName);
        Assert.StartsWith("The text given as JSON is not valid JSON:", error.Message);
    }

    [Fact]
    public async Task JsonTextWithAByteOrderMarkIsSentWithoutIt()
    {
        // A string holding a file's bytes decoded with the mark kept: System.Text.Json refused it as "'0xEF' is an
        // invalid start of a value", and a server that parses strictly would refuse the mark too (RFC 8259 8.1).
        var (content, _) = RequestContentFactory.Encode(json: new JsonText("\uFEFF{\"a\":1}"));
        Assert.Equal("{\"a\":1}", await ContentReader.ReadTextAsync(content));
    }

    [Theory]
    // Curly quotes pasted from a chat or a document: the message quoted the first of their UTF-8 bytes, '0xE2'.
    [InlineData("{\"a\": \u201Cx\u201D}", "'\u201C' (U+201C) is an invalid start of a value (line 1, character 7)")]
    // A no-break space looks like nothing between quotes: its code point alone.
    [InlineData("{\n  \"a\":\u00A01\n}", "U+00A0 is an invalid start of a value (line 2, character 7)")]
    // After a character of four UTF-8 bytes (two UTF-16 chars), the position is still the refused character's.
    [InlineData("[\"\U0001F600\", \u00E9]", "'\u00E9' (U+00E9) is an invalid start of a value (line 1, character 8)")]
    // After characters of three UTF-8 bytes (curly quotes inside a string, where they are text): still the refused one's.
    [InlineData("[\"\u201Cx\u201D\", \u00E9]", "'\u00E9' (U+00E9) is an invalid start of a value (line 1, character 9)")]
    // A zero-width space (a format character, not a space) shows nothing between quotes either.
    [InlineData("[\u200B1]", "U+200B is an invalid start of a value (line 1, character 2)")]
    // Empty, or a byte order mark alone: System.Text.Json's own reason, not an IndexOutOfRangeException.
    [InlineData("", "The input does not contain any JSON tokens.")]
    [InlineData("\uFEFF", "The input does not contain any JSON tokens.")]
    public void JsonTextThatIsNotJsonNamesTheCharacterAndWhereItIs(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => new JsonText(text));
        Assert.StartsWith("The text given as JSON is not valid JSON: " + reason, error.Message);
    }

    [Fact]
    public async Task JsonFloatsAreWrittenAsPythonsJsonDumpsWritesThem()
    {
        // Python: json.dumps({"x": -0.0, "y": 2.0, "z": 1e16, "w": 5e-324, "f": 0.1, "i": 3}, separators=(",", ":")).
        // A whole float written as "2" arrives as an integer at servers that tell the two apart.
        // A .NET float (PowerShell's [float]) is a Python float too: 2f is "2.0".
        var value = new { x = -0.0, y = 2.0, z = 1e16, w = 5e-324, f = 0.1f, g = 2f, i = 3 };
        Assert.Equal("""{"x":-0.0,"y":2.0,"z":1e+16,"w":5e-324,"f":0.1,"g":2.0,"i":3}""", await ContentReader.ReadTextAsync(new JsonContent(value)));
        Assert.Equal("1.0", await ContentReader.ReadTextAsync(new JsonContent(1.0)));
        var node = new System.Text.Json.Nodes.JsonObject { ["y"] = 2.0, ["list"] = new System.Text.Json.Nodes.JsonArray(1.5, 1e20) };
        Assert.Equal("""{"y":2.0,"list":[1.5,1e+20]}""", await ContentReader.ReadTextAsync(new JsonContent(node)));
        // Parsed JSON keeps its numbers as written.
        Assert.Equal("""{"a":3,"b":2.50}""", await ContentReader.ReadTextAsync(new JsonContent(System.Text.Json.Nodes.JsonNode.Parse("""{"a":3,"b":2.50}"""))));
    }

    [Fact]
    public void JsonRefusesNaN()
    {
        var error = Assert.Throws<ArgumentException>(() => new JsonContent(new { value = double.NaN }));
        Assert.Equal("json", error.ParamName);
    }

    [Fact]
    public async Task HashtableWithArrayValuesIsAcceptedAsFormData()
    {
        var (content, _) = RequestContentFactory.Encode(data: new Hashtable { ["k"] = new object[] { "x", 2 } });
        Assert.Equal("k=x&k=2", await ContentReader.ReadTextAsync(content));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_dictionary_as_a_field_value_is_refused_as_itself_naming_the_field(bool multipart)
    {
        // HTTPX's test_multipart_invalid_value: a dict value is refused ("Invalid type for value ... got <class 'dict'>"),
        // not taken as a list of its entries, each refused under a type the caller never gave.
        var data = new Dictionary<string, object?> { ["name"] = "ok", ["text"] = new Dictionary<string, string> { ["key"] = "value" } };
        var files = multipart ? new Dictionary<string, object> { ["file"] = "<file content>"u8.ToArray() } : null;
        var error = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(data: data, files: files));
        Assert.Equal("data", error.ParamName);
        Assert.StartsWith(
            "Invalid type for form value 'text' in 'data': expected a string, number, boolean or null, got System.Collections.Generic.Dictionary`2[System.String,System.String].",
            error.Message);
        var hashtable = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(data: new Hashtable { ["h"] = new Hashtable { ["key"] = "value" } }, files: files));
        Assert.Contains("form value 'h' in 'data'", hashtable.Message);
        Assert.Contains("got System.Collections.Hashtable.", hashtable.Message);
    }
}
