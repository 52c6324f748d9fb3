using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Httpx.TestServer;
using static Httpx.Tests.EchoJson;

namespace Httpx.Tests.Client;

/// <summary>Request bodies as the real server parses them (the unit tests in Content/ check the bytes themselves).</summary>
public class ContentTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ContentTests(ServerFixture f) => _server = f.Server;

    [Fact]
    public void Form_data_is_parsed_by_the_server()
    {
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions
        {
            Data = new Dictionary<string, object> { ["name"] = "Zoë & co", ["multi"] = new[] { "a", "b" } },
        }).Json()!;
        Assert.Equal("application/x-www-form-urlencoded", Header(echo, "Content-Type"));
        Assert.Equal("Zoë & co", echo["form"]!["name"]![0]!.GetValue<string>());
        Assert.Equal(["a", "b"], echo["form"]!["multi"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void File_tuples_give_the_file_name_and_content_type()
    {
        using var client = new Httpx.Client();
        using var stream = new MemoryStream("a,b\n1,2\n"u8.ToArray());
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions
        {
            Files = new Dictionary<string, object>
            {
                ["report"] = ("report.csv", stream, "text/csv"),
                ["blob"] = ("data.bin", new byte[] { 1, 2, 3 }),
            },
        }).Json()!;
        var report = echo["files"]!["report"]![0]!;
        Assert.Equal("report.csv", report["filename"]!.GetValue<string>());
        Assert.Equal("text/csv", report["content_type"]!.GetValue<string>());
        Assert.Equal("a,b\n1,2\n", report["content"]!.GetValue<string>());
        var blob = echo["files"]!["blob"]![0]!;
        Assert.Equal("data.bin", blob["filename"]!.GetValue<string>());
        Assert.Equal(3, blob["size"]!.GetValue<int>());
    }

    [Fact]
    public void A_file_tuple_without_a_file_name_is_a_form_field_as_in_httpx()
    {
        // HTTPX's docs: files={'upload-file': (None, 'text content', 'text/plain')} arrives under "form", not "files";
        // with no content type given, none is guessed.
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions
        {
            Files = new Dictionary<string, object>
            {
                ["upload-file"] = ((string?)null, "text content", "text/plain"),
                ["plain"] = ((string?)null, "no type"),
            },
        }).Json()!;
        Assert.Equal("text content", echo["form"]!["upload-file"]![0]!.GetValue<string>());
        Assert.Equal("no type", echo["form"]!["plain"]![0]!.GetValue<string>());
        Assert.Empty(echo["files"]!.AsObject());
    }

    [Fact]
    public void Json_is_parsed_by_the_server()
    {
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions { Json = new { text = "héllo", n = 3, list = new[] { 1, 2 } } }).Json()!;
        Assert.Equal("application/json", Header(echo, "Content-Type"));
        Assert.Equal("héllo", echo["json"]!["text"]!.GetValue<string>());
        Assert.Equal(3, echo["json"]!["n"]!.GetValue<int>());
        Assert.Equal(2, echo["json"]!["list"]!.AsArray().Count);
    }

    [Theory]
    // A server that reads the charset the Content-Type names (ASP.NET Core's JSON input does) took UTF-8 bytes
    // labelled latin-1 for 'cafÃ©' and labelled utf-16 for no JSON at all.
    [InlineData("application/json; charset=iso-8859-1", "7B2273223A226361665C7530306539205C75643833645C7564653030227D")]
    [InlineData("application/merge-patch+json; charset=\"utf-16\"", "FFFE7B002200730022003A0022006300610066005C00750030003000650039002000" +
        "5C00750064003800330064005C007500640065003000300022007D00")]
    [InlineData("application/json; charset=utf-8", "7B2273223A22636166C3A920F09F9880227D")]
    [InlineData("application/json; charset=no-such-codec", "7B2273223A22636166C3A920F09F9880227D")]
    public void Json_under_a_Content_Type_of_mine_is_sent_in_the_charset_it_names_non_ASCII_escaped(string contentType, string hex)
    {
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions
        {
            Json = new { s = "café 😀" },
            Headers = new Dictionary<string, string> { ["Content-Type"] = contentType },
        }).Json()!;
        Assert.Equal(contentType, Header(echo, "Content-Type"));
        Assert.Equal(hex, Convert.ToHexString(Convert.FromBase64String(Str(echo, "body_base64"))));
    }

    [Fact]
    public void Multipart_files_and_fields_are_parsed_by_the_server()
    {
        var path = Path.Combine(Path.GetTempPath(), $"httpx-upload-{Guid.NewGuid():N}.bin");
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        File.WriteAllBytes(path, bytes);
        try
        {
            using var client = new Httpx.Client();
            var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions
            {
                Data = new Dictionary<string, string> { ["field"] = "value" },
                Files = new Dictionary<string, object>
                {
                    ["upload"] = path,
                    ["note"] = MultipartFile.FromText("note", "hello", "note.txt", "text/plain"),
                },
            }).Json()!;
            Assert.StartsWith("multipart/form-data; boundary=", Header(echo, "Content-Type"));
            Assert.Equal("value", echo["form"]!["field"]![0]!.GetValue<string>());
            var upload = echo["files"]!["upload"]![0]!;
            Assert.Equal(Path.GetFileName(path), upload["filename"]!.GetValue<string>());
            Assert.Equal(bytes.Length, upload["size"]!.GetValue<int>());
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), upload["sha256"]!.GetValue<string>());
            var note = echo["files"]!["note"]![0]!;
            Assert.Equal("note.txt", note["filename"]!.GetValue<string>());
            Assert.Equal("text/plain", note["content_type"]!.GetValue<string>());
            Assert.Equal("hello", note["content"]!.GetValue<string>());
            // The file's size is known, so the whole body has a Content-Length.
            Assert.False(echo["chunked"]!.GetValue<bool>());
            Assert.Equal(echo["body_length"]!.GetValue<long>(), echo["content_length"]!.GetValue<long>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_another_program_has_open_for_writing_is_uploaded_as_python_uploads_it()
    {
        // A service's log, open for writing with the share mode .NET and most programs give a file they write
        // (readers allowed, writers not). On Windows our FileShare.Read (no other writer allowed) refused it as "used by
        // another process", where Python's open() shares it; on Linux and macOS both opens take a shared flock.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-upload-{Guid.NewGuid():N}.log");
        try
        {
            using var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            writer.Write("line 1\n"u8);
            writer.Flush();
            using var client = new Httpx.Client();
            var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions { Files = new Dictionary<string, object> { ["log"] = path } }).Json()!;
            Assert.Equal("line 1\n", echo["files"]!["log"]![0]!["content"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_streamed_upload_without_a_length_is_sent_chunked()
    {
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions { Content = Chunks("ab", "cd", "ef") }).Json()!;
        Assert.True(echo["chunked"]!.GetValue<bool>());
        Assert.Null(echo["content_length"]);
        Assert.Equal("abcdef", Str(echo, "body"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_Transfer_Encoding_chunked_header_of_mine_sends_a_body_of_known_length_chunked(bool http2)
    {
        // HTTPX's h11 frames the body chunked when the header says chunked (and sends Content-Length: 3 with it, which
        // RFC 9112 6.2 forbids); the body went out with a Content-Length and the caller's header was dropped. HTTP/2 has
        // no chunked coding nor Transfer-Encoding (RFC 9113 8.2.2): the body arrives whole in its DATA frames.
        using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
        var echo = client.Post((http2 ? _server.HttpsUrl : _server.HttpUrl) + "/post", new RequestOptions
        {
            Content = "abc"u8.ToArray(),
            Headers = new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" },
        }).Json()!;
        Assert.Equal(http2 ? "HTTP/2" : "HTTP/1.1", Str(echo, "http_version"));
        Assert.Equal(!http2, echo["chunked"]!.GetValue<bool>());
        Assert.Null(echo["content_length"]);
        Assert.Equal("abc", Str(echo, "body"));
    }

    [Fact]
    public void A_Transfer_Encoding_chunked_header_on_a_request_without_a_body_sends_an_empty_chunked_body()
    {
        // As h11 frames it: the header, then "0" and the blank line; not a request that says chunked and sends nothing.
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions
        {
            Headers = new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" },
        }).Json()!;
        Assert.True(echo["chunked"]!.GetValue<bool>());
        Assert.Null(echo["content_length"]);
        Assert.Equal("", Str(echo, "body"));
    }

    [Fact]
    public void A_Transfer_Encoding_chunked_header_over_an_HTTP2_only_client_keeps_the_Content_Length()
    {
        // HTTP/2 has no chunked coding: HTTPX (httpcore's h2) drops the header and sends content-length: 3, as this did
        // before the header was honoured on HTTP/1.1. Known to be HTTP/2 before anything is sent, it still does; only
        // an ALPN-negotiated connection, decided after the request is framed, goes without the length.
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var echo = client.Post(_server.H2cUrl + "/post", new RequestOptions
        {
            Content = "abc"u8.ToArray(),
            Headers = new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" },
        }).Json()!;
        Assert.Equal("HTTP/2", Str(echo, "http_version"));
        Assert.Equal(3, echo["content_length"]!.GetValue<long>());
        Assert.Equal("abc", Str(echo, "body"));
    }

    [Theory]
    [InlineData("gzip, chunked")]
    [InlineData("identity")]
    public void A_Transfer_Encoding_other_than_chunked_is_a_LocalProtocolError_as_in_HTTPX(string value)
    {
        // h11 refuses it ("Only Transfer-Encoding: chunked is supported"); it was dropped without a word and the body
        // went out with a Content-Length the caller had not asked for.
        using var client = new Httpx.Client();
        var e = Assert.Throws<LocalProtocolException>(() => client.Post(_server.HttpUrl + "/post", new RequestOptions
        {
            Content = "abc"u8.ToArray(),
            Headers = new Dictionary<string, string> { ["Transfer-Encoding"] = value },
        }));
        Assert.Contains($"'{value}'", e.Message);
        Assert.Contains("only chunked", e.Message);
    }

    [Fact]
    public async Task An_async_stream_and_a_non_seekable_stream_are_sent_chunked_and_arrive_whole()
    {
        var bytes = RandomNumberGenerator.GetBytes(1_000_000);
        await using var client = new Httpx.Client();
        var r = await client.PostAsync(_server.HttpUrl + "/upload-size", new RequestOptions { Content = new NonSeekableStream(bytes) });
        Assert.Equal(bytes.Length, r.Json()!["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), r.Json()!["sha256"]!.GetValue<string>());

        var echo = (await client.PostAsync(_server.HttpUrl + "/post", new RequestOptions { Content = AsyncChunks("x", "y") })).Json()!;
        Assert.True(echo["chunked"]!.GetValue<bool>());
        Assert.Equal("xy", Str(echo, "body"));
    }

    [Fact]
    public void Content_length_is_sent_when_the_length_is_known()
    {
        using var client = new Httpx.Client();
        var echo = client.Post(_server.HttpUrl + "/post", new RequestOptions { Content = new byte[] { 1, 2, 3, 4, 5 } }).Json()!;
        Assert.False(echo["chunked"]!.GetValue<bool>());
        Assert.Equal(5, echo["content_length"]!.GetValue<long>());

        using var seekable = new MemoryStream(new byte[1234]);
        echo = client.Post(_server.HttpUrl + "/post", new RequestOptions { Content = seekable }).Json()!;
        Assert.Equal(1234, echo["content_length"]!.GetValue<long>());
        Assert.False(echo["chunked"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_bodyless_post_put_or_patch_says_Content_Length_0_as_HTTPX_and_other_methods_only_on_the_wire(bool http2)
    {
        // HTTPX adds Content-Length: 0 to a bodyless POST, PUT or PATCH only. The request's headers say so here too, but
        // .NET's handler writes it on the wire for every method but GET, HEAD, OPTIONS and DELETE: TRACE and
        // custom methods get it though their headers do not list it (docs/help/Invoke-Httpx.md NOTES).
        using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
        var url = (http2 ? _server.HttpsUrl : _server.HttpUrl) + "/anything";
        foreach (var method in new[] { "POST", "PUT", "PATCH" })
        {
            var r = client.Request(method, url);
            Assert.Equal("0", r.Request.Headers["Content-Length"]);
            Assert.Equal(0, r.Json()!["content_length"]!.GetValue<long>());
        }
        foreach (var method in new[] { "GET", "OPTIONS", "DELETE" })
        {
            var r = client.Request(method, url);
            Assert.False(r.Request.Headers.ContainsKey("Content-Length"), method);
            Assert.Null(r.Json()!["content_length"]);
        }
        foreach (var method in new[] { "TRACE", "PURGE" })
        {
            var r = client.Request(method, url);
            Assert.False(r.Request.Headers.ContainsKey("Content-Length"), method);
            Assert.Equal(0, r.Json()!["content_length"]!.GetValue<long>());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Content_headers_of_mine_on_a_request_without_a_body_are_sent_not_dropped(bool http2)
    {
        // As HTTPX sends them (some APIs want a Content-Type on GET or DELETE); .NET takes Expires as a content header.
        using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
        var echo = client.Get((http2 ? _server.HttpsUrl : _server.HttpUrl) + "/anything", new RequestOptions
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Expires"] = "0" },
        }).Json()!;
        Assert.Equal("application/json", Header(echo, "Content-Type"));
        Assert.Equal("0", Header(echo, "Expires"));
        Assert.Equal(0, echo["body_length"]!.GetValue<int>());
    }

    [Fact]
    public void A_request_without_a_body_sends_no_content_headers()
    {
        using var client = new Httpx.Client();
        var echo = client.Get(_server.HttpUrl + "/get").Json()!;
        Assert.Null(Header(echo, "Content-Length"));
        Assert.Null(Header(echo, "Transfer-Encoding"));
        Assert.Null(Header(echo, "Content-Type"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_response_sent_before_the_body_is_read_is_returned(bool http2)
    {
        // A server that refuses an upload early (413, 401) answers without reading it: the caller gets that response,
        // as from HTTPX, not an error about the rest of the body that could not be sent.
        await using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
        var url = (http2 ? _server.HttpsUrl : _server.HttpUrl) + "/status/413";
        var r = await client.PostAsync(url, new RequestOptions { Content = new byte[16 * 1024 * 1024] });
        Assert.Equal(413, r.StatusCode);
        Assert.Equal(http2 ? "HTTP/2" : "HTTP/1.1", r.HttpVersion);
    }

    [Fact]
    public void Under_Expect_100_continue_the_answer_of_a_server_that_refuses_an_upload_and_closes_is_returned()
    {
        // What the WriteException of an early refusal advises (httpcore returns that answer without it).
        using var client = new Httpx.Client();
        var r = client.Put(_server.RawTcpUrl + "/413-on-upload", new RequestOptions
        {
            Content = new byte[64 * 1024 * 1024],
            Headers = new Dictionary<string, string> { ["Expect"] = "100-continue" },
        });
        Assert.Equal(413, r.StatusCode);
        Assert.Equal("too big", r.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_source_that_fails_raises_its_own_exception_not_a_broken_connection(bool http2)
    {
        // A file that cannot be read half-way (a disk error), a sequence of chunks that throws: HTTPX lets the source's
        // exception through. It read "The connection broke while sending the request" (WriteError), which sent the user
        // to the network, the server or the proxy.
        await using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
        var url = (http2 ? _server.HttpsUrl : _server.HttpUrl) + "/upload-size";
        var read = await Assert.ThrowsAsync<IOException>(() => client.PutAsync(url, new RequestOptions { Content = new FailingStream(3) }));
        Assert.Equal("Input/output error", read.Message);
        // Marked with the body and the request it failed, for a caller's message (the module's error record).
        Assert.Equal($"stream {typeof(FailingStream).FullName}", read.Data[RequestContent.FailedSourceKey]);
        Assert.Equal(url, Assert.IsType<Request>(read.Data[RequestContent.FailedRequestKey]).Url.ToString());
        var produced = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PutAsync(url, new RequestOptions { Content = FailingChunks() }));
        Assert.Equal("the export failed", produced.Message);
        Assert.Equal("a sequence of chunks", produced.Data[RequestContent.FailedSourceKey]);
        var part = await Assert.ThrowsAsync<IOException>(() => client.PutAsync(url, new RequestOptions
        {
            Files = new Dictionary<string, object> { ["backup"] = new FailingStream(3) },
        }));
        // The part's stream and its field, where "a file of the multipart form" named neither.
        Assert.Equal($"stream {typeof(FailingStream).FullName} (field 'backup' of the multipart form)", part.Data[RequestContent.FailedSourceKey]);
        // The connection was not to blame: the client goes on.
        Assert.Equal(200, (await client.GetAsync((http2 ? _server.HttpsUrl : _server.HttpUrl) + "/get")).StatusCode);
    }

    [Fact]
    public async Task A_multipart_file_that_is_gone_when_sent_is_named_by_its_path_and_field_among_the_others()
    {
        // Checked when the form was made (its length is the file's), deleted before it was sent: .NET's
        // FileNotFoundException, marked with the file and its field, not the form's first or last file.
        var folder = Directory.CreateTempSubdirectory("httpx-multipart-");
        try
        {
            var kept = Path.Combine(folder.FullName, "kept.txt");
            var gone = Path.Combine(folder.FullName, "gone.txt");
            File.WriteAllText(kept, "kept");
            File.WriteAllText(gone, "gone");
            var files = new List<MultipartFile>
            {
                MultipartFile.FromPath("first", kept),
                MultipartFile.FromPath("report", gone),
                MultipartFile.FromBytes("last", "x"u8.ToArray()),
            };
            File.Delete(gone);
            await using var client = new Httpx.Client();
            var url = _server.HttpUrl + "/upload-size";
            var e = await Assert.ThrowsAsync<FileNotFoundException>(() => client.PutAsync(url, new RequestOptions { Files = files }));
            Assert.Equal($"file '{gone}' (field 'report' of the multipart form)", e.Data[RequestContent.FailedSourceKey]);
            Assert.Equal(url, Assert.IsType<Request>(e.Data[RequestContent.FailedRequestKey]).Url.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_body_source_that_fails_while_read_before_sending_is_marked_as_one_that_fails_while_sent()
    {
        // Digest auth reads a body that cannot be sent twice into memory before the first request (as does an auth
        // flow that requires the body): its source failing there is the same failure as while it is sent, and a caller
        // (the module's error record) names it and the URL alike. Unmarked, it read as a file error of no request.
        await using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var url = _server.HttpUrl + "/upload-size";
        var read = await Assert.ThrowsAsync<IOException>(() => client.PutAsync(url, new RequestOptions { Content = new FailingStream(3) }));
        Assert.Equal("Input/output error", read.Message);
        Assert.Equal($"stream {typeof(FailingStream).FullName}", read.Data[RequestContent.FailedSourceKey]);
        Assert.Equal(url, Assert.IsType<Request>(read.Data[RequestContent.FailedRequestKey]).Url.ToString());
    }

    [Fact]
    public async Task A_body_sources_exception_whose_Data_is_read_only_still_goes_out_as_it_is()
    {
        // Exception.Data is virtual: a user's exception type may give a read-only one. Marking it threw
        // NotSupportedException in place of the source's exception, which the handler then wrapped as a broken
        // connection: the mark is extra, the source's exception is the failure.
        await using var client = new Httpx.Client();
        var failed = await Assert.ThrowsAsync<SealedDataException>(() =>
            client.PutAsync(_server.HttpUrl + "/upload-size", new RequestOptions { Content = new FailingStream(0, new SealedDataException()) }));
        Assert.Empty(failed.Data);
    }

    private sealed class SealedDataException() : IOException("the device is gone")
    {
        public override System.Collections.IDictionary Data { get; } = new System.Collections.ObjectModel.ReadOnlyDictionary<object, object>(new Dictionary<object, object>());
    }

    [Theory]
    [InlineData(false, 1_000)]
    [InlineData(false, -1_000)]
    [InlineData(true, 1_000)]
    [InlineData(true, -1_000)]
    public async Task A_file_that_grows_or_shrinks_while_it_is_uploaded_is_a_LocalProtocolError_naming_it(bool http2, int change)
    {
        // A live log: its Content-Length is its size when the request was built, and it has another by the time it is
        // read. HTTPX's h11 raises LocalProtocolError ("Too much/Too little data for declared Content-Length"); the
        // handler's own check read as the connection breaking ("The server closed it before reading the whole body"),
        // and over HTTP/2 it has none, so a body longer than its Content-Length went out whole.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-live-{Guid.NewGuid():N}.log");
        await File.WriteAllBytesAsync(path, new byte[200_000]);
        try
        {
            await using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
            var url = (http2 ? _server.HttpsUrl : _server.HttpUrl) + "/upload-size";
            await using var log = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var request = client.BuildRequest("PUT", url, new RequestOptions { Content = log });
            Assert.Equal("200000", request.Headers["Content-Length"]);
            await using (var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                writer.SetLength(200_000 + change);
            var e = await Assert.ThrowsAsync<LocalProtocolException>(() => client.SendAsync(request));
            Assert.Contains(change > 0 ? "Too much data" : "Too little data", e.Message);
            Assert.Contains(Path.GetFileName(path), e.Message);
            Assert.Contains("/upload-size", e.Message);
            Assert.Contains(change > 0 ? "grew" : "shrank", e.Message);
            // Nothing reached the server as a complete request, and the client goes on.
            Assert.Equal(200, (await client.GetAsync((http2 ? _server.HttpsUrl : _server.HttpUrl) + "/get")).StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(false, 1_000)]
    [InlineData(false, -1_000)]
    [InlineData(true, 1_000)]
    [InlineData(true, -1_000)]
    public async Task A_multipart_file_that_grows_or_shrinks_while_it_is_uploaded_is_a_LocalProtocolError_naming_it_and_its_field(bool http2, int change)
    {
        // A live log among the files of a form: the error named "<stream of N bytes>", the whole body, not which file
        // changed, and a file that grew had its extra bytes sent before the body's length check stopped it.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-live-{Guid.NewGuid():N}.log");
        await File.WriteAllBytesAsync(path, new byte[200_000]);
        try
        {
            await using var client = new Httpx.Client(new ClientOptions { Http2 = http2, Verify = _server.CaPemPath });
            var url = (http2 ? _server.HttpsUrl : _server.HttpUrl) + "/upload-size";
            var files = new List<MultipartFile>
            {
                MultipartFile.FromPath("log", path),
                MultipartFile.FromBytes("after", new byte[50_000]),
            };
            var request = client.BuildRequest("PUT", url, new RequestOptions { Files = files });
            Assert.NotNull(request.Headers["Content-Length"]);
            await using (var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                writer.SetLength(200_000 + change);
            var e = await Assert.ThrowsAsync<LocalProtocolException>(() => client.SendAsync(request));
            Assert.Contains(change > 0 ? "Too much data" : "Too little data", e.Message);
            Assert.Contains($"file '{path}' (field 'log' of the multipart form)", e.Message);
            Assert.Contains(change > 0 ? "grew" : "shrank", e.Message);
            Assert.Contains("200000 bytes measured", e.Message);
            Assert.Contains("/upload-size", e.Message);
            Assert.Same(request, e.Request);
            Assert.Equal(200, (await client.GetAsync((http2 ? _server.HttpsUrl : _server.HttpUrl) + "/get")).StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_multipart_body_sent_chunked_takes_a_file_that_grew_whole()
    {
        // Without a Content-Length (another file is a one-shot stream) there is no length to disagree with, as in HTTPX:
        // the file is sent as it is when read.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-live-{Guid.NewGuid():N}.log");
        await File.WriteAllBytesAsync(path, new byte[1_000]);
        try
        {
            await using var client = new Httpx.Client();
            var files = new List<MultipartFile>
            {
                MultipartFile.FromPath("log", path),
                MultipartFile.FromStream("pipe", new NonSeekableStream(new byte[10])),
            };
            var request = client.BuildRequest("POST", _server.HttpUrl + "/post", new RequestOptions { Files = files });
            Assert.Equal("chunked", request.Headers["Transfer-Encoding"]);
            await File.WriteAllBytesAsync(path, new byte[3_000]);
            var r = await client.SendAsync(request);
            Assert.Equal(3_000, r.Json()!["files"]!["log"]![0]!["size"]!.GetValue<int>());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<byte[]> FailingChunks()
    {
        yield return new byte[100_000];
        throw new InvalidOperationException("the export failed");
    }

    [Fact]
    public void Uploads_over_h2_arrive_whole()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath });
        var r = client.Post(_server.HttpsUrl + "/upload-size", new RequestOptions { Content = Chunks(bytes[..100_000], bytes[100_000..]) });
        Assert.Equal("HTTP/2", r.HttpVersion);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), r.Json()!["sha256"]!.GetValue<string>());
    }

    private static IEnumerable<byte[]> Chunks(params string[] parts) => parts.Select(p => System.Text.Encoding.UTF8.GetBytes(p));

    private static IEnumerable<byte[]> Chunks(params byte[][] parts) => parts;

    private static async IAsyncEnumerable<byte[]> AsyncChunks(params string[] parts)
    {
        foreach (var p in parts)
        {
            await Task.Yield();
            yield return System.Text.Encoding.UTF8.GetBytes(p);
        }
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void A_built_request_whose_stream_body_was_sent_names_itself_when_sent_again()
    {
        // HTTPX's StreamConsumed text speaks of generators, redirects and responses, not of this request.
        using var client = new Httpx.Client();
        using var body = new NonSeekableStream("abc"u8.ToArray());
        var request = client.BuildRequest("POST", _server.HttpUrl + "/post", new RequestOptions { Content = body });
        Assert.Equal(3, client.Send(request).Json()!["body_length"]!.GetValue<int>());
        var e = Assert.Throws<StreamConsumedException>(() => client.Send(request));
        Assert.StartsWith($"The body of POST {_server.HttpUrl}/post is a stream that was already read", e.Message);
        Assert.Contains("Read()", e.Message);
    }
}
