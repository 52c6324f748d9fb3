using System.Text;

namespace Httpx.Tests.Content;

public class MultipartContentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("httpx-multipart-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task FieldsThenFilesWithKnownLength()
    {
        string path = Path.Combine(_directory, "report.csv");
        await File.WriteAllTextAsync(path, "a,b\n1,2\n");
        var content = new MultipartContent(
            [new("message", "Hello, world!"), new("n", new object?[] { 1, false }), new("raw", new byte[] { 0, 255 })],
            [MultipartFile.FromPath("file", path), MultipartFile.FromBytes("blob", "xyz"u8.ToArray(), "b.png")],
            boundary: "BOUNDARY");

        byte[] body = await ContentReader.ReadAllAsync(content);
        var parts = MultipartParser.Parse(body, "BOUNDARY");

        Assert.Equal(body.Length, content.Length);
        Assert.True(content.IsReplayable);
        Assert.Equal("multipart/form-data; boundary=BOUNDARY", content.ContentType);
        Assert.Equal(
            ["form-data; name=\"message\"", "form-data; name=\"n\"", "form-data; name=\"n\"", "form-data; name=\"raw\"",
             "form-data; name=\"file\"; filename=\"report.csv\"", "form-data; name=\"blob\"; filename=\"b.png\""],
            parts.Select(p => p.Headers["Content-Disposition"]));
        Assert.Equal(["Hello, world!", "1", "false"], parts.Take(3).Select(p => p.Text));
        Assert.Equal(new byte[] { 0, 255 }, parts[3].Body);
        Assert.False(parts[0].Headers.ContainsKey("Content-Type"));
        Assert.Equal("text/csv", parts[4].Headers["Content-Type"]);
        Assert.Equal("a,b\n1,2\n", parts[4].Text);
        Assert.Equal("image/png", parts[5].Headers["Content-Type"]);
        Assert.Equal(body, await ContentReader.ReadAllAsync(content));
    }

    [Fact]
    public async Task ExactBytesOfASingleField()
    {
        var content = new MultipartContent([new("a", "1")], [], "X");
        Assert.Equal("--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--X--\r\n", await ContentReader.ReadTextAsync(content));
        Assert.Equal(59, content.Length);
    }

    [Fact]
    public void RandomBoundaryIs32HexCharacters()
    {
        var first = new MultipartContent(null, [MultipartFile.FromText("f", "x")]);
        var second = new MultipartContent(null, [MultipartFile.FromText("f", "x")]);
        Assert.Matches("^[0-9a-f]{32}$", first.Boundary);
        Assert.NotEqual(first.Boundary, second.Boundary);
    }

    [Fact]
    public async Task FileNamesAreEscapedAsHtml5Forms()
    {
        var file = MultipartFile.FromText("field\"name", "x", "a\"b\\c\r\nd\u001be.txt");
        var parts = MultipartParser.Parse(await ContentReader.ReadAllAsync(new MultipartContent(null, [file], "B")), "B");

        Assert.Equal("form-data; name=\"field%22name\"; filename=\"a%22b\\\\c%0D%0Ad\u001be.txt\"", parts[0].Headers["Content-Disposition"]);
    }

    [Fact]
    public async Task The_body_is_byte_for_byte_HTTPXs_for_every_kind_of_field()
    {
        // HTTPX's test_multipart_encode: bytes as they are, a list as repeated fields, true as "true", null as "", and a
        // file's type guessed from its name; TestHeaderParamHTML5Formatting.test_unicode: a non-ASCII name as UTF-8.
        var content = new MultipartContent(
            [new("a", "1"), new("b", "C"u8.ToArray()), new("c", new[] { "11", "22", "33" }), new("d", ""), new("e", true), new("f", null)],
            [MultipartFile.FromBytes("file", "<file content>"u8.ToArray(), "name.txt"), MultipartFile.FromBytes("upload", "x"u8.ToArray(), "n\u00e4me")],
            "BOUNDARY");
        byte[] body = await ContentReader.ReadAllAsync(content);
        Assert.Equal(
            "--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nC\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n11\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n22\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n33\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"d\"\r\n\r\n\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\ntrue\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"name.txt\"\r\nContent-Type: text/plain\r\n\r\n<file content>\r\n"
            + "--BOUNDARY\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"n\u00e4me\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n"
            + "--BOUNDARY--\r\n",
            Encoding.UTF8.GetString(body));
        Assert.Contains("filename=\"n\xc3\xa4me\"", Encoding.Latin1.GetString(body));
        Assert.Equal(body.Length, content.Length);
    }

    [Fact]
    public async Task ForwardOnlyStreamMakesTheBodyChunkedAndOneShot()
    {
        var content = new MultipartContent(null, [MultipartFile.FromStream("f", new ForwardOnlyStream("stream data"u8.ToArray()))], "B");

        Assert.Null(content.Length);
        Assert.False(content.IsReplayable);
        var parts = MultipartParser.Parse(await ContentReader.ReadAllAsync(content), "B");
        Assert.Equal("stream data", parts[0].Text);
        Assert.Equal("form-data; name=\"f\"; filename=\"upload\"", parts[0].Headers["Content-Disposition"]);
        Assert.Throws<StreamConsumedException>(() => content.ReadChunksAsync());
    }

    [Fact]
    public async Task SeekableStreamIsReplayedAndFileStreamKeepsItsName()
    {
        string path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, "notes");
        await using var stream = File.OpenRead(path);
        var content = new MultipartContent(null, [MultipartFile.FromStream("f", stream)], "B");

        Assert.True(content.IsReplayable);
        byte[] first = await ContentReader.ReadAllAsync(content);
        Assert.Equal(first, await ContentReader.ReadAllAsync(content));
        Assert.Equal(first.Length, content.Length);
        var part = MultipartParser.Parse(first, "B")[0];
        Assert.Equal("form-data; name=\"f\"; filename=\"notes.txt\"", part.Headers["Content-Disposition"]);
        Assert.Equal("text/plain", part.Headers["Content-Type"]);
    }

    // As a whole body's stream (StreamContent): a seekable stream is sent from where it stands, and the length says so.
    [Fact]
    public async Task SeekableStreamIsSentFromItsPositionWithThatLength()
    {
        var stream = new MemoryStream("skip:payload"u8.ToArray()) { Position = 5 };
        var content = new MultipartContent(null, [MultipartFile.FromStream("f", stream)], "B");

        byte[] body = await ContentReader.ReadAllAsync(content);

        Assert.Equal(body.Length, content.Length);
        Assert.Equal("payload", MultipartParser.Parse(body, "B")[0].Text);
    }

    [Fact]
    public async Task LargeFileIsStreamedIntact()
    {
        string path = Path.Combine(_directory, "big.bin");
        byte[] data = new byte[300_000];
        Random.Shared.NextBytes(data);
        await File.WriteAllBytesAsync(path, data);
        var content = new MultipartContent(null, [MultipartFile.FromPath("f", path)], "B");

        byte[] body = await ContentReader.ReadAllAsync(content);

        Assert.Equal(body.Length, content.Length);
        Assert.Equal(data, MultipartParser.Parse(body, "B")[0].Body);
    }

    [Fact]
    public async Task ExplicitTypeNoFileNameAndExtraHeaders()
    {
        var files = new[]
        {
            MultipartFile.FromText("a", "1", fileName: "", contentType: null),
            MultipartFile.FromText("b", "2", "data.bin", "application/x-custom", [new("X-Extra", "yes")]),
            MultipartFile.FromText("c", "3", "data.txt", headers: [new("content-type", "text/x-mine")]),
        };
        var parts = MultipartParser.Parse(await ContentReader.ReadAllAsync(new MultipartContent(null, files, "B")), "B");

        Assert.Equal("form-data; name=\"a\"", parts[0].Headers["Content-Disposition"]);
        Assert.False(parts[0].Headers.ContainsKey("Content-Type"));
        Assert.Equal("yes", parts[1].Headers["X-Extra"]);
        Assert.Equal("application/x-custom", parts[1].Headers["Content-Type"]);
        Assert.Equal("text/x-mine", parts[2].Headers["Content-Type"]);
        Assert.Single(parts[2].Headers, h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("report.xls", "application/vnd.ms-excel")]
    [InlineData("photo.JPG", "image/jpeg")]
    [InlineData("data.json", "application/json")]
    [InlineData("archive.tar.gz", "application/x-tar")]
    [InlineData("table.csv.gz", "text/csv")]
    [InlineData("bundle.tgz", "application/x-tar")]
    [InlineData("unknown.zzz", "application/octet-stream")]
    [InlineData("noextension", "application/octet-stream")]
    public void MediaTypeIsGuessedFromTheFileName(string fileName, string expected) =>
        Assert.Equal(expected, MultipartFile.FromText("f", "", fileName).ContentType);

    // PowerShell passes $null to a string argument as "": an empty type is guessed from the name, never sent empty.
    [Fact]
    public void An_empty_content_type_is_guessed_from_the_file_name() =>
        Assert.Equal("image/png", MultipartFile.FromText("f", "", "photo.png", contentType: "").ContentType);

    // Any printable ASCII character is taken in a boundary, up to '~'; DEL and control characters are refused.
    [Fact]
    public void A_boundary_is_printable_ascii_from_space_to_tilde()
    {
        Assert.Equal("multipart/form-data; boundary= a~", new MultipartContent(null, [], " a~").ContentType);
        var e = Assert.Throws<ArgumentException>(() => new MultipartContent(null, [], "a\u007f"));
        Assert.Equal("boundary", e.ParamName);
        Assert.Throws<ArgumentException>(() => new MultipartContent(null, [], "a\tb"));
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=abc", "abc")]
    [InlineData("multipart/form-data; charset=utf-8; Boundary=\"q-b\"", "q-b")]
    [InlineData("multipart/form-data", null)]
    [InlineData("text/plain; boundary=abc", null)]
    [InlineData("multipart/mixed; boundary=XYZ", "XYZ")]
    [InlineData("Multipart/Related; boundary=\"r\"", "r")]
    [InlineData("multipartx/mixed; boundary=abc", null)]
    [InlineData(null, null)]
    public void BoundaryIsReadFromAContentType(string? contentType, string? expected) =>
        Assert.Equal(expected, MultipartContent.BoundaryFromContentType(contentType));

    // A secret header's value stays out of the message (ee7b35a shows refused values) also when its name has spaces
    // around it: the value was shown whole.
    [Theory]
    [InlineData("Authorization ")]
    [InlineData(" cookie")]
    [InlineData("Proxy-Authorization\t")]
    public void A_refused_secret_header_value_is_not_shown_whatever_the_spaces_around_its_name(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => MultipartFile.FromText("f", "x", headers: [new(name, "Bearer s3cret\r\nX-B: 2")]));
        Assert.Contains("[secure]", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }

    // The message shows what was refused, escaped: "contains a line break" alone left the user to find which value.
    [Fact]
    public void LineBreaksInExtraHeadersAreRefusedNamingTheHeaderAndTheValue()
    {
        var e = Assert.Throws<ArgumentException>(() => MultipartFile.FromText("f", "x", headers: [new("X-A", "1\r\nX-B: 2")]));
        Assert.Equal(@"The value of header 'X-A' of file 'f' contains a line break: '1\r\nX-B: 2'. (Parameter 'headers')", e.Message);
        e = Assert.Throws<ArgumentException>(() => MultipartFile.FromText("f", "x", headers: [new("X-A\nX-B", "1")]));
        Assert.StartsWith("The name of a header of file 'f' contains a line break: 'X-A …'.", e.Message);
    }

    // A Content-Type is written into the part's head as it is: a line break in it would add headers of the caller's
    // making to the body (or end the head early), so it is refused as one among the extra headers is.
    [Theory]
    [InlineData("text/plain\r\nX-Injected: 1")]
    [InlineData("text/plain\n\nnot the file")]
    public void LineBreaksInTheContentTypeAreRefused(string contentType)
    {
        var e = Assert.Throws<ArgumentException>(() => MultipartFile.FromText("f", "x", "a.txt", contentType));
        // The value shown with its line breaks escaped, so that the user sees which value and where it breaks.
        Assert.StartsWith($"The Content-Type of file 'f' contains a line break: '{contentType.Replace("\r", "\\r").Replace("\n", "\\n")}'.", e.Message);
        Assert.Equal("contentType", e.ParamName);
    }

    [Fact]
    public void A_folder_given_as_a_file_is_refused_as_a_folder()
    {
        // .NET said "Could not find file '<folder>'" of a path that is there.
        var error = Assert.Throws<ArgumentException>(() => MultipartFile.FromPath("logs", _directory));
        Assert.Equal("path", error.ParamName);
        Assert.StartsWith($"The file of field 'logs' is a folder, not a file: '{_directory}'.", error.Message);
    }
}
