using System.Collections;
using System.Text;

namespace Httpx.Tests.Content;

public class RequestContentFactoryTests
{
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void NothingGivenMeansAnEmptyBodyAndNoHeaders()
    {
        var (content, headers) = RequestContentFactory.Encode();
        Assert.Same(RequestContent.Empty, content);
        Assert.Empty(headers);
    }

    [Fact]
    public void EmptyBytesHaveNoContentLength()
    {
        var (content, headers) = RequestContentFactory.Encode(content: Array.Empty<byte>());
        Assert.Equal(0, content.Length);
        Assert.Empty(headers);
    }

    [Fact]
    public async Task StringContentIsUtf8WithItsLength()
    {
        var (content, headers) = RequestContentFactory.Encode(content: "héllo");
        Assert.Equal(new Dictionary<string, string> { ["Content-Length"] = "6" }, ContentReader.ToDictionary(headers));
        Assert.Equal("héllo", await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public void SeekableStreamSendsContentLengthOtherStreamsChunked()
    {
        var (_, seekable) = RequestContentFactory.Encode(content: new MemoryStream(new byte[10]));
        var (_, forwardOnly) = RequestContentFactory.Encode(content: new ForwardOnlyStream(new byte[10]));

        Assert.Equal(new Dictionary<string, string> { ["Content-Length"] = "10" }, ContentReader.ToDictionary(seekable));
        Assert.Equal(new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" }, ContentReader.ToDictionary(forwardOnly));
    }

    [Fact]
    public async Task ChunkSequencesAreChunked()
    {
        var (content, headers) = RequestContentFactory.Encode(content: new[] { "a"u8.ToArray(), "b"u8.ToArray() });
        Assert.Equal(new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" }, ContentReader.ToDictionary(headers));
        Assert.Equal("ab", await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public async Task FormDataHasLengthAndType()
    {
        var (content, headers) = RequestContentFactory.Encode(data: new Dictionary<string, object?> { ["a"] = "1", ["b"] = new[] { "x", "y" } });
        Assert.Equal(
            new Dictionary<string, string> { ["Content-Length"] = "11", ["Content-Type"] = "application/x-www-form-urlencoded" },
            ContentReader.ToDictionary(headers));
        Assert.Equal("a=1&b=x&b=y", await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public async Task JsonHasLengthAndType()
    {
        var (content, headers) = RequestContentFactory.Encode(json: new { integer = 123, boolean = true, list = new[] { "a" } });
        string text = await ContentReader.ReadTextAsync(content);
        Assert.Equal("{\"integer\":123,\"boolean\":true,\"list\":[\"a\"]}", text);
        Assert.Equal(
            new Dictionary<string, string> { ["Content-Length"] = text.Length.ToString(), ["Content-Type"] = "application/json" },
            ContentReader.ToDictionary(headers));
    }

    [Fact]
    public async Task FilesWithDataMakeMultipartWithTheGivenBoundary()
    {
        var files = new Hashtable { ["upload"] = new object[] { "abc"u8.ToArray(), MultipartFile.FromText("ignored", "def", "d.txt") } };
        var (content, headers) = RequestContentFactory.Encode(data: new Hashtable { ["message"] = "hi" }, files: files, boundary: "BND");

        byte[] body = await ContentReader.ReadAllAsync(content);
        var parts = MultipartParser.Parse(body, "BND");
        Assert.Equal(
            new Dictionary<string, string> { ["Content-Length"] = body.Length.ToString(), ["Content-Type"] = "multipart/form-data; boundary=BND" },
            ContentReader.ToDictionary(headers));
        Assert.Equal(["hi", "abc", "def"], parts.Select(p => p.Text));
        Assert.Equal("form-data; name=\"upload\"; filename=\"d.txt\"", parts[2].Headers["Content-Disposition"]);
    }

    [Fact]
    public void MultipartWithAForwardOnlyStreamIsChunked()
    {
        var (_, headers) = RequestContentFactory.Encode(files: new Dictionary<string, object> { ["f"] = new ForwardOnlyStream([1]) });
        Assert.Equal("chunked", ContentReader.ToDictionary(headers)["Transfer-Encoding"]);
        Assert.DoesNotContain(headers, h => h.Key == "Content-Length");
    }

    [Fact]
    public async Task ContentWinsOverFormAndJsonAndRawDataIsContent()
    {
        var (content, _) = RequestContentFactory.Encode(content: "raw", data: new Dictionary<string, object?> { ["a"] = "1" }, json: 1);
        Assert.Equal("raw", await ContentReader.ReadTextAsync(content));

        var (fromData, headers) = RequestContentFactory.Encode(data: "plain text");
        Assert.Equal("plain text", await ContentReader.ReadTextAsync(fromData));
        Assert.Equal("10", ContentReader.ToDictionary(headers)["Content-Length"]);
    }

    // HTTPX's encode_request treats raw data as content before it looks at content: given both, the data is sent.
    [Fact]
    public async Task Raw_data_wins_over_content()
    {
        var (content, headers) = RequestContentFactory.Encode(content: "from content", data: "from data");
        Assert.Equal("from data", await ContentReader.ReadTextAsync(content));
        Assert.Equal("9", ContentReader.ToDictionary(headers)["Content-Length"]);
    }

    // Under a caller's multipart Content-Type the fields are a multipart body whether files is absent or empty; an empty
    // files must not turn them back into a url-encoded body sent under that multipart type.
    [Fact]
    public async Task Under_a_multipart_content_type_fields_go_multipart_with_an_empty_files_too()
    {
        var (content, headers) = RequestContentFactory.Encode(
            null, new Dictionary<string, object?> { ["a"] = "1" }, new Dictionary<string, object>(), null, "B", multipart: true);

        Assert.Equal("multipart/form-data; boundary=B", ContentReader.ToDictionary(headers)["Content-Type"]);
        Assert.Equal("1", MultipartParser.Parse(await ContentReader.ReadAllAsync(content), "B").Single().Text);
    }

    [Fact]
    public async Task EmptyFilesFallBackToFormAndEmptyDataToJson()
    {
        var (form, _) = RequestContentFactory.Encode(data: new Dictionary<string, object?> { ["a"] = "1" }, files: new Dictionary<string, object>());
        Assert.Equal("application/x-www-form-urlencoded", form.ContentType);

        var (json, _) = RequestContentFactory.Encode(data: new Dictionary<string, object?>(), json: new[] { 1 });
        Assert.Equal("[1]", await ContentReader.ReadTextAsync(json));
    }

    [Fact]
    public void BadInputsNameTheParameterAndType()
    {
        var content = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(content: 42));
        Assert.Equal("content", content.ParamName);
        Assert.Contains("System.Int32", content.Message);

        var files = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(files: new Dictionary<string, object> { ["f"] = 3.5 }));
        Assert.Equal("files", files.ParamName);
        Assert.Contains("System.Double", files.Message);

        var data = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(data: 7));
        Assert.Equal("data", data.ParamName);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_field_name_that_is_not_a_string_is_refused_naming_the_name(bool multipart)
    {
        // As HTTPX's test_multipart_invalid_key, whose message shows the key itself: the message named only its type, and
        // a null name in a list of pairs was a NullReferenceException (url-encoded) or "Value cannot be null." (multipart).
        var files = multipart ? new Dictionary<string, object> { ["file"] = "<file content>"u8.ToArray() } : null;
        var number = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(data: new Hashtable { [1] = "abc" }, files: files));
        Assert.Equal("data", number.ParamName);
        Assert.StartsWith("Invalid name in 'data': expected a string, got 1 (System.Int32).", number.Message);
        var fraction = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(data: new Hashtable { [2.3] = "abc" }, files: files));
        Assert.StartsWith("Invalid name in 'data': expected a string, got 2.3 (System.Double).", fraction.Message);

        var none = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(
            data: new List<KeyValuePair<string, object?>> { new("ok", "1"), new(null!, "abc") }, files: files));
        Assert.Equal("data", none.ParamName);
        Assert.StartsWith("Invalid name in 'data': expected a string, got null.", none.Message);
    }

    [Fact]
    public void A_file_under_a_null_name_is_refused_naming_files()
    {
        // It was "Value cannot be null. (Parameter 'fieldName')", a parameter the caller never saw.
        var error = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(
            files: new List<KeyValuePair<string, object?>> { new(null!, "<file content>"u8.ToArray()) }));
        Assert.Equal("files", error.ParamName);
        Assert.StartsWith("Invalid name in 'files': expected a string, got null.", error.Message);
    }

    [Fact]
    public async Task FileInfoAndPathsAreUploaded()
    {
        string path = Path.Combine(Path.GetTempPath(), $"httpx-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, "on disk", Encoding.UTF8);
        try
        {
            var (content, _) = RequestContentFactory.Encode(
                files: new List<KeyValuePair<string, object?>> { new("a", path), new("b", new FileInfo(path)) }, boundary: "B");
            var parts = MultipartParser.Parse(await ContentReader.ReadAllAsync(content), "B");
            Assert.Equal(["\uFEFFon disk", "\uFEFFon disk"], parts.Select(p => p.Text));
            Assert.All(parts, p => Assert.Equal("text/plain", p.Headers["Content-Type"]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_tuples_headers_are_sent_whatever_mapping_holds_them()
    {
        // HTTPX's test_multipart_file_tuple_headers and test_multipart_headers_include_content_type: the fourth item is
        // any mapping (a dict, httpx.Headers). Headers or a Hashtable were dropped without a word, and the guessed type sent.
        var expires = new Headers { ["Expires"] = "0" };
        var png = new Hashtable { ["Content-Type"] = "image/png" };
        var loose = new Dictionary<string, object?> { ["X-Part"] = 1 };
        var (content, _) = RequestContentFactory.Encode(files: new List<KeyValuePair<string, object?>>
        {
            new("a", ("test.txt", "<a>"u8.ToArray(), (string?)null, expires)),
            new("b", ("test.txt", "<b>"u8.ToArray(), "text/plain", png)),
            new("c", ("test.txt", "<c>"u8.ToArray(), "text/plain", loose)),
        }, boundary: "BOUNDARY");
        Assert.Equal(
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"; filename=\"test.txt\"\r\nExpires: 0\r\nContent-Type: text/plain\r\n\r\n<a>\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"b\"; filename=\"test.txt\"\r\nContent-Type: image/png\r\n\r\n<b>\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"c\"; filename=\"test.txt\"\r\nX-Part: 1\r\nContent-Type: text/plain\r\n\r\n<c>\r\n"
            + "--BOUNDARY--\r\n",
            await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public void A_tuples_content_type_or_headers_of_another_type_are_refused_naming_the_file()
    {
        var type = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(
            files: new Dictionary<string, object> { ["f"] = ("a.txt", "x"u8.ToArray(), 42) }));
        Assert.Equal("files", type.ParamName);
        Assert.StartsWith("The content type of file 'f' in 'files' must be a string, not System.Int32.", type.Message);

        var headers = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(
            files: new Dictionary<string, object> { ["f"] = ("a.txt", "x"u8.ToArray(), "text/plain", "Expires: 0") }));
        Assert.Equal("files", headers.ParamName);
        Assert.StartsWith("The headers of file 'f' in 'files' must be a dictionary or a list of name/value pairs, not System.String.", headers.Message);
    }

    [Fact]
    public void A_tuples_headers_that_are_a_list_of_anything_but_pairs_are_refused_naming_the_file()
    {
        // Headers.From reads any list of pairs now: a list of "Name: value" lines passes the shape check and is refused
        // item by item, which said nothing of the file ("Headers: item 1 of the list is System.String").
        var headers = Assert.Throws<ArgumentException>(() => RequestContentFactory.Encode(
            files: new Dictionary<string, object> { ["f"] = ("a.txt", "x"u8.ToArray(), "text/plain", new[] { "Expires: 0" }) }));
        Assert.Equal("files", headers.ParamName);
        Assert.StartsWith("The headers of file 'f' in 'files': item 1 of the list is System.String, not a (name, value) pair", headers.Message);
        Assert.DoesNotContain("Expires: 0", headers.Message);
    }
}
