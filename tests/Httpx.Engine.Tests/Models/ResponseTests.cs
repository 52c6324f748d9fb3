using System.Text;

namespace Httpx.Tests.Models;

/// <summary>Responses built in memory (as a MockTransport handler would), plus charsets over the network.</summary>
public class ResponseTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ResponseTests(ServerFixture f) => _server = f.Server;

    private static Response WithRequest(Response r)
    {
        r.Request = new Request("GET", "https://example.org/path");
        return r;
    }

    [Fact]
    public void Empty_raw_content_says_nothing_of_its_length_as_in_HTTPX()
    {
        Assert.Null(new Response(200, content: "").Headers.Get("Content-Length"));
        Assert.Null(new Response(200, content: Array.Empty<byte>()).Headers.Get("Content-Length"));
        Assert.Equal("0", new Response(200, text: "").Headers["Content-Length"]);
        Assert.Equal("3", new Response(200, content: "abc").Headers["Content-Length"]);
    }

    [Fact]
    public void A_response_built_without_a_body_has_an_empty_one_read_at_once()
    {
        // HTTPX's Response(204): content b"", text "", closed, and no Content-Length.
        var r = new Response(204);
        Assert.Empty(r.Content);
        Assert.Equal("", r.Text);
        Assert.True(r.IsClosed);
        Assert.Null(r.Headers.Get("Content-Length"));
    }

    [Fact]
    public void Json_reads_NaN_and_Infinity_as_pythons_json_module_does_and_only_outside_strings()
    {
        var json = new Response(200, content: "[NaN, Infinity, -Infinity, \"NaN\", \"a\\\"Infinity\"]"u8.ToArray()).Json()!.AsArray();
        Assert.True(double.IsNaN(json[0]!.GetValue<double>()));
        Assert.Equal(double.PositiveInfinity, json[1]!.GetValue<double>());
        Assert.Equal(double.NegativeInfinity, json[2]!.GetValue<double>());
        Assert.Equal("NaN", json[3]!.GetValue<string>());
        Assert.Equal("a\"Infinity", json[4]!.GetValue<string>());
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: "[NaNa]"u8.ToArray()).Json());
        // Only where a value goes: as a key it stays invalid, as in Python's json.
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: "{NaN: 1}"u8.ToArray()).Json());
        Assert.Equal(double.PositiveInfinity, new Response(200, content: "{\"a\" : Infinity}"u8.ToArray()).Json()!["a"]!.GetValue<double>());
        // The whole body one literal, as json.loads("NaN") reads it.
        Assert.True(double.IsNaN(new Response(200, content: " NaN "u8.ToArray()).Json()!.GetValue<double>()));
        Assert.Equal(double.NegativeInfinity, new Response(200, content: "-Infinity"u8.ToArray()).Json()!.GetValue<double>());
        // After a line break: Python's json.dumps(indent=2) writes "[\n  NaN\n]".
        var indented = new Response(200, content: "{\r\n  \"a\": [\n    NaN,\n    -Infinity\n  ]\n}"u8.ToArray()).Json()!["a"]!.AsArray();
        Assert.True(double.IsNaN(indented[0]!.GetValue<double>()));
        Assert.Equal(double.NegativeInfinity, indented[1]!.GetValue<double>());
        // Invalid for another reason too: the error names a place in the body as sent, not in the text read again with
        // the literals marked (longer: 'x' was its 12th byte, in a body of 8).
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: "[NaN, x]"u8.ToArray()).Json());
        Assert.InRange(e.BytePositionInLine!.Value, 0, "[NaN, x]".Length - 1);
    }

    [Fact]
    public void CharsetEncoding_names_a_charset_no_codec_knows_while_Encoding_falls_back()
    {
        var r = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=Foo" }, content: "ok"u8.ToArray());
        Assert.Equal("foo", r.CharsetEncoding);
        Assert.Equal("utf-8", r.Encoding);
        Assert.Equal("ok", r.Text);
    }

    [Fact]
    public void An_empty_reason_phrase_is_kept_as_HTTPX_keeps_it()
    {
        Assert.Equal("", new Response(200, extensions: new Dictionary<string, object?> { ["reason_phrase"] = "" }).ReasonPhrase);
        Assert.Equal("OK", new Response(200).ReasonPhrase);
    }

    [Theory]
    [InlineData("/no-reason", "", "<Response [200 ]>")]
    [InlineData("/custom-reason", "All Good", "<Response [200 All Good]>")]
    public void The_reason_phrase_is_the_servers_over_HTTP_1_1(string path, string reason, string shown)
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.RawTcpUrl + path);
        Assert.Equal(reason, r.ReasonPhrase);
        Assert.Equal(shown, r.ToString());
    }

    [Theory]
    [InlineData(418, "I'm a teapot")]
    [InlineData(505, "HTTP Version Not Supported")]
    public void HTTP_2_has_no_reason_phrase_and_HTTPX_s_standard_one_is_used(int status, string reason)
    {
        // .NET's own phrases differ for these (none for 418, "Http Version Not Supported").
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath });
        var r = client.Get($"{_server.HttpsUrl}/status/{status}");
        Assert.Equal("HTTP/2", r.HttpVersion);
        Assert.Equal(reason, r.ReasonPhrase);
        Assert.False(r.Extensions.ContainsKey("reason_phrase"));
    }

    [Fact]
    public void In_memory_bodies_set_content_type_and_length_and_count_as_read()
    {
        var text = new Response(200, text: "héllo");
        Assert.Equal("text/plain; charset=utf-8", text.Headers["Content-Type"]);
        Assert.Equal("6", text.Headers["Content-Length"]);
        Assert.Equal("héllo", text.Text);
        Assert.True(text.IsStreamConsumed);

        var html = new Response(200, html: "<p>x</p>");
        Assert.Equal("text/html; charset=utf-8", html.Headers["Content-Type"]);

        var json = new Response(200, json: new { a = new[] { 1, 2 } });
        Assert.Equal("application/json", json.Headers["Content-Type"]);
        Assert.Equal(2, json.Json()!["a"]!.AsArray().Count);
        Assert.Equal(new Dictionary<string, int[]> { ["a"] = [1, 2] }["a"], json.Json<Dictionary<string, int[]>>()!["a"]);

        var empty = new Response(204);
        Assert.Empty(empty.Read());
        Assert.Equal("", empty.Text);
    }

    [Fact]
    public void In_memory_bodies_list_Content_Length_before_Content_Type_after_the_given_headers()
    {
        // HTTPX's encode_text/encode_html/encode_json give {Content-Length, Content-Type}, set after the caller's headers,
        // and a request built here lists them in that order too. A mocked response listed Content-Type first, in
        // $r.Headers and in -Verbose's "< " lines.
        Assert.Equal(["content-length", "content-type"], new Response(200, text: "Hello, world!").Headers.Keys);
        Assert.Equal(["content-length", "content-type"], new Response(200, html: "<p>hi</p>").Headers.Keys);
        Assert.Equal(["content-length", "content-type"], new Response(200, json: new { hello = "world" }).Headers.Keys);
        var given = new Response(200, headers: new Dictionary<string, string> { ["X-Id"] = "1" }, json: new { hello = "world" });
        Assert.Equal(["x-id", "content-length", "content-type"], given.Headers.Keys);
        // As HTTPX's setdefault: a Content-Type the caller gave is kept, not replaced by the body's own.
        var problem = new Response(400, headers: new Dictionary<string, string> { ["Content-Type"] = "application/problem+json" }, json: new { title = "x" });
        Assert.Equal("application/problem+json", problem.Headers["Content-Type"]);
        Assert.Equal(["content-type", "content-length"], problem.Headers.Keys);
    }

    [Theory]
    [InlineData("utf-16", new byte[] { 0xFE, 0xFF, 0, (byte)'h', 0, (byte)'i' }, "hi")]
    [InlineData("utf-32", new byte[] { 0xFF, 0xFE, 0, 0, (byte)'h', 0, 0, 0 }, "h")]
    [InlineData("utf-8-sig", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i' }, "hi")]
    [InlineData("utf-16le", new byte[] { 0xFF, 0xFE, (byte)'h', 0 }, "\uFEFFh")]
    [InlineData("utf-8", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i' }, "\uFEFFhi")]
    public void Text_and_IterText_drop_a_byte_order_mark_where_pythons_codec_does(string charset, byte[] body, string expected)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=" + charset };
        Assert.Equal(expected, new Response(200, headers: headers, content: body).Text);
        Assert.Equal(expected, string.Concat(new Response(200, headers: headers, stream: new MemoryStream(body)).IterText()));
    }

    [Fact]
    public void Utf8_sig_is_a_charset_and_an_encoding_to_set()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, (byte)'o', (byte)'k'];
        var r = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=utf-8-sig" }, content: body);
        Assert.Equal("utf-8-sig", r.Encoding);
        var chosen = new Response(200, content: body) { Encoding = "utf-8-sig" };
        Assert.Equal("ok", chosen.Text);
    }

    [Fact]
    public void Encoding_comes_from_the_charset()
    {
        var latin = Encoding.Latin1.GetBytes("café");
        var r = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=ISO-8859-1" }, content: latin);
        Assert.Equal("iso-8859-1", r.Encoding);
        Assert.Equal("iso-8859-1", r.CharsetEncoding);
        Assert.Equal("café", r.Text);
    }

    [Theory]
    [InlineData("UTF-16LE", "utf-16le")]
    [InlineData("latin-1", "latin-1")]
    [InlineData("\"utf8\"", "utf8")]
    public void Encoding_is_the_charset_as_the_server_spelled_it(string charset, string expected)
    {
        var r = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = $"text/plain; charset={charset}" }, content: "ok"u8.ToArray());
        Assert.Equal(expected, r.CharsetEncoding);
        Assert.Equal(expected, r.Encoding);
    }

    [Fact]
    public void Without_a_charset_utf8_is_assumed_unless_overridden()
    {
        var bytes = Encoding.Latin1.GetBytes("café");
        var r = new Response(200, content: bytes);
        Assert.Null(r.CharsetEncoding);
        Assert.Equal("utf-8", r.Encoding);
        Assert.Equal("caf\uFFFD", r.Text); // undecodable bytes become U+FFFD

        var overridden = new Response(200, content: bytes) { Encoding = "latin-1" };
        Assert.Equal("café", overridden.Text);
        Assert.Throws<InvalidOperationException>(() => overridden.Encoding = "utf-8");
        var e = Assert.Throws<ArgumentException>(() => new Response(200, content: bytes).Encoding = "no-such-codec");
        Assert.Contains("no-such-codec", e.Message);
    }

    [Fact]
    public void Client_default_encoding_name_and_detector()
    {
        var url = _server.HttpUrl + "/charset/windows-1252?nocharset=1";
        var expected = Expected("windows-1252");
        using (var byName = new Httpx.Client(new ClientOptions { DefaultEncoding = "windows-1252" }))
        {
            var r = byName.Get(url);
            Assert.Equal("windows-1252", r.Encoding);
            Assert.Equal(expected, r.Text);
        }
        byte[]? seen = null;
        Func<byte[], string?> detector = body => { seen = body; return "cp1252"; };
        using (var detecting = new Httpx.Client(new ClientOptions { DefaultEncoding = detector }))
        {
            var r = detecting.Get(url);
            Assert.Equal(expected, r.Text);
            Assert.Equal(r.Content, seen);
        }
        using (var plain = new Httpx.Client())
        {
            Assert.NotEqual(expected, plain.Get(url).Text);
        }
        // A charset in Content-Type beats the default.
        using var wrongDefault = new Httpx.Client(new ClientOptions { DefaultEncoding = "utf-16" });
        var withCharset = wrongDefault.Get(_server.HttpUrl + "/charset/windows-1252");
        Assert.Equal("windows-1252", withCharset.Encoding);
        Assert.Equal(expected, withCharset.Text);
    }

    [Fact]
    public void Python_codec_names_decode_as_HTTPX_decodes_them()
    {
        byte[] privet = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]; // "Привет" in cp1251
        // As a charset: .NET knows this code page only as "windows-1251"; it used to read as unknown, and decode as UTF-8.
        var r = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "text/plain; charset=cp1251" }, content: privet);
        Assert.Equal("cp1251", r.Encoding);
        Assert.Equal("Привет", r.Text);
        // Set by the caller (it was refused).
        Assert.Equal("Привет", new Response(200, content: privet) { Encoding = "cp1251" }.Text);
        // Guessed by a client's default-encoding function, as charset_normalizer names them (it was shown, and decoded as UTF-8).
        using var client = new Httpx.Client(new ClientOptions
        {
            DefaultEncoding = (Func<byte[], string?>)(_ => "cp1251"),
            Transport = new MockTransport(_ => new Response(200, content: privet)),
        });
        var guessed = client.Get("http://example.org/");
        Assert.Equal("cp1251", guessed.Encoding);
        Assert.Equal("Привет", guessed.Text);
    }

    [Fact]
    public void A_default_encoding_function_is_asked_once_per_response_as_HTTPX_keeps_its_encoding()
    {
        // HTTPX keeps the encoding once worked out (Response._encoding); the function was called again for Text and for
        // each read of Encoding: a PowerShell -DefaultEncoding scriptblock ran (and wrote, and cost) each time.
        var calls = 0;
        using var client = new Httpx.Client(new ClientOptions
        {
            DefaultEncoding = (Func<byte[], string?>)(_ => ++calls == 1 ? "cp1251" : "latin-1"),
            Transport = new MockTransport(_ => new Response(200, content: new byte[] { 0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2 })),
        });
        var r = client.Get("http://example.org/");
        Assert.Equal("Привет", r.Text);
        Assert.Equal("cp1251", r.Encoding);
        Assert.Equal("cp1251", r.Encoding);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_guess_no_codec_knows_reads_as_UTF_8_and_says_so()
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            DefaultEncoding = (Func<byte[], string?>)(_ => "klingon"),
            Transport = new MockTransport(_ => new Response(200, content: "café"u8.ToArray())),
        });
        var r = client.Get("http://example.org/");
        Assert.Equal("utf-8", r.Encoding);
        Assert.Equal("café", r.Text);
    }

    [Fact]
    public void An_unknown_default_encoding_is_refused_when_the_client_is_made()
    {
        // It used to be taken, shown as the response's Encoding, and decoded as UTF-8.
        var e = Assert.Throws<ArgumentException>(() => new Httpx.Client(new ClientOptions { DefaultEncoding = "klingon" }));
        Assert.Contains("'klingon'", e.Message);
        using var client = new Httpx.Client();
        Assert.Throws<ArgumentException>(() => client.DefaultEncoding = 42);
        Assert.Null(client.DefaultEncoding);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("iso-8859-1")]
    [InlineData("windows-1252")]
    [InlineData("shift_jis")]
    [InlineData("euc-jp")]
    [InlineData("utf-16")]
    public void Charsets_over_the_network(string charset)
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.HttpUrl + "/charset/" + charset);
        Assert.Equal(Expected(charset), r.Text);
    }

    private string Expected(string charset)
    {
        using var client = new Httpx.Client();
        return client.Get(_server.HttpUrl + "/charset/text?name=" + charset).Json()!["expected"]!.GetValue<string>();
    }

    [Theory]
    [InlineData(100, true, false, false, false, false)]
    [InlineData(200, false, true, false, false, false)]
    [InlineData(299, false, true, false, false, false)]
    [InlineData(302, false, false, true, false, false)]
    [InlineData(404, false, false, false, true, false)]
    [InlineData(503, false, false, false, false, true)]
    public void Status_classes(int code, bool info, bool success, bool redirect, bool client, bool server)
    {
        var r = new Response(code);
        Assert.Equal(info, r.IsInformational);
        Assert.Equal(success, r.IsSuccess);
        Assert.Equal(redirect, r.IsRedirect);
        Assert.Equal(client, r.IsClientError);
        Assert.Equal(server, r.IsServerError);
        Assert.Equal(client || server, r.IsError);
    }

    // HTTPX's has_redirect_location: the five statuses the client follows, and only with a Location to follow.
    [Theory]
    [InlineData(301, true, true)]
    [InlineData(302, true, true)]
    [InlineData(303, true, true)]
    [InlineData(307, true, true)]
    [InlineData(308, true, true)]
    [InlineData(308, false, false)]
    [InlineData(300, true, false)]
    [InlineData(304, true, false)]
    [InlineData(200, true, false)]
    public void HasRedirectLocation_is_a_followed_redirect_status_with_a_Location(int status, bool withLocation, bool expected)
    {
        var headers = withLocation ? new Dictionary<string, string> { ["Location"] = "/next" } : null;
        Assert.Equal(expected, new Response(status, headers: headers).HasRedirectLocation);
    }

    [Fact]
    public void RaiseForStatus_messages_follow_httpx()
    {
        var ok = WithRequest(new Response(200));
        Assert.Same(ok, ok.RaiseForStatus());

        var notFound = WithRequest(new Response(404));
        var e = Assert.Throws<HttpStatusException>(() => notFound.RaiseForStatus());
        Assert.Equal("Client error '404 Not Found' for url 'https://example.org/path'\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/404", e.Message);
        Assert.Same(notFound, e.Response);
        Assert.Same(notFound.Request, e.Request);
        Assert.Equal("HTTPStatusError", e.ErrorName);

        var moved = WithRequest(new Response(301, headers: new Dictionary<string, string> { ["Location"] = "https://example.org/new" }));
        var m = Assert.Throws<HttpStatusException>(() => moved.RaiseForStatus());
        Assert.StartsWith("Redirect response '301 Moved Permanently' for url 'https://example.org/path'\nRedirect location: 'https://example.org/new'\n", m.Message);

        // A 3xx that is not a followable redirect names no redirect location, Location header or not.
        var withLocation = new Dictionary<string, string> { ["Location"] = "https://example.org/new" };
        foreach (var status in new[] { 300, 304, 305 })
        {
            var notRedirecting = Assert.Throws<HttpStatusException>(() => WithRequest(new Response(status, headers: withLocation)).RaiseForStatus());
            Assert.StartsWith($"Redirect response '{status} ", notRedirecting.Message);
            Assert.DoesNotContain("Redirect location", notRedirecting.Message);
        }

        Assert.StartsWith("Server error '500 Internal Server Error'", Assert.Throws<HttpStatusException>(() => WithRequest(new Response(500)).RaiseForStatus()).Message);
        Assert.StartsWith("Informational response '101 Switching Protocols'", Assert.Throws<HttpStatusException>(() => WithRequest(new Response(101)).RaiseForStatus()).Message);

        var unknown = Assert.Throws<HttpStatusException>(() => WithRequest(new Response(600)).RaiseForStatus());
        Assert.StartsWith("Invalid status code '600 ' for url 'https://example.org/path'\n", unknown.Message);
        Assert.StartsWith("Invalid status code '999 '", Assert.Throws<HttpStatusException>(() => WithRequest(new Response(999)).RaiseForStatus()).Message);

        var noRequest = Assert.Throws<InvalidOperationException>(() => new Response(500).RaiseForStatus());
        Assert.Contains("request instance has not been set", noRequest.Message);
    }

    [Fact]
    public void RaiseForStatus_redacts_passwords_in_the_url()
    {
        var r = new Response(401) { Request = new Request("GET", "https://user:hunter2@example.org/") };
        var e = Assert.Throws<HttpStatusException>(() => r.RaiseForStatus());
        Assert.DoesNotContain("hunter2", e.Message);
        Assert.Contains("https://user:[secure]@example.org/", e.Message); // still names the URL, masked
    }

    [Fact]
    public void ToString_and_reason_phrases()
    {
        Assert.Equal("<Response [200 OK]>", new Response(200).ToString());
        Assert.Equal("<Response [404 Not Found]>", new Response(404).ToString());
        Assert.Equal("Custom", new Response(200, extensions: new Dictionary<string, object?> { ["reason_phrase"] = "Custom" }).ReasonPhrase);
        Assert.Equal("HTTP/1.1", new Response(200).HttpVersion);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(1000)]
    public void Invalid_status_codes_are_rejected_naming_them(int code)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Response(code));
        Assert.Contains(code.ToString(), e.Message);
    }

    [Fact]
    public void Request_is_required_for_Url()
    {
        Assert.Throws<InvalidOperationException>(() => new Response(200).Url);
        Assert.False(new Response(200).HasRequest);
    }

    [Fact]
    public void Cookies_are_empty_without_a_request_and_listed_once_it_is_set()
    {
        var r = new Response(200, headers: new Dictionary<string, string> { ["Set-Cookie"] = "flavour=oat; Path=/" });
        Assert.Empty(r.Cookies);
        r.Request = new Request("GET", "https://example.org/cookies");
        Assert.Equal("oat", r.Cookies["flavour"]);
        Assert.Equal("example.org", Assert.Single(r.Cookies).Domain);
    }

    [Fact]
    public void Stream_body_is_read_lazily_and_once()
    {
        var r = new Response(200, stream: new MemoryStream("a\nb\r\nc"u8.ToArray()));
        Assert.Throws<ResponseNotReadException>(() => r.Content);
        Assert.Equal(["a", "b", "c"], r.IterLines());
        Assert.Throws<StreamConsumedException>(() => r.Read());
        Assert.True(r.IsClosed);
    }

    [Fact]
    public void A_read_body_is_cut_into_chunks_as_a_streamed_one_is_as_in_HTTPX()
    {
        // HTTPX's test_iter_text_with_chunk_size and test_iter_bytes_with_chunk_size: an in-memory body (already read)
        // is cut by the chunk size as a streamed one is, and an empty one gives no chunk at all.
        static Response Read(string body) => new(200, content: Encoding.ASCII.GetBytes(body));
        Assert.Equal(["Hello", ", wor", "ld!"], Read("Hello, world!").IterText(5));
        Assert.Equal(["Hello, ", "world!!"], Read("Hello, world!!").IterText(7));
        Assert.Equal(["Hello, world!"], Read("Hello, world!").IterText(13));
        Assert.Equal(["Hello, world!"], Read("Hello, world!").IterText(20));
        Assert.Equal(["Hello", ", wor", "ld!"], Read("Hello, world!").IterBytes(5).Select(Encoding.ASCII.GetString));
        Assert.Equal(["Hello", ", wor", "ld!"], new Response(200, stream: new MemoryStream("Hello, world!"u8.ToArray())).IterText(5));
        Assert.Empty(Read("").IterBytes());
        Assert.Empty(Read("").IterText());
        Assert.Empty(Read("").IterLines());
    }

    [Fact]
    public void IterRaw_counts_each_chunk_in_NumBytesDownloaded_as_it_is_given()
    {
        // HTTPX's test_iter_raw_increments_updates_counter.
        var r = new Response(200, stream: new MemoryStream("Hello, world!"u8.ToArray()));
        long before = r.NumBytesDownloaded;
        foreach (var chunk in r.IterRaw(5))
        {
            Assert.Equal(chunk.Length, r.NumBytesDownloaded - before);
            before = r.NumBytesDownloaded;
        }
        Assert.Equal(13, r.NumBytesDownloaded);
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("gzip")]
    [InlineData("br")]
    public void A_body_built_with_a_broken_Content_Encoding_fails_when_built(string encoding)
    {
        // HTTPX's test_decode_error_with_request / test_value_error_without_request: the in-memory body is decoded at once.
        var headers = new Dictionary<string, string> { ["Content-Encoding"] = encoding };
        Assert.Throws<DecodingException>(() => new Response(200, headers: headers, content: "xxxxxxxxxxxxxx"u8.ToArray()));
        Assert.Throws<DecodingException>(() => new Response(200, headers: headers, content: "xxxxxxxxxxxxxx"u8.ToArray(), request: new Request("GET", "https://www.example.org/")));
    }

    [Fact]
    public void A_status_with_no_standard_phrase_has_an_empty_one()
    {
        // HTTPX's test_unknown_status_code.
        var r = new Response(600);
        Assert.Equal("", r.ReasonPhrase);
        Assert.Equal("", r.Text);
        Assert.Equal("<Response [600 ]>", r.ToString());
    }

    [Fact]
    public void A_stream_closed_unread_is_not_consumed_and_its_text_was_never_read()
    {
        // HTTPX's test_cannot_read_after_response_closed. StreamClosed on Read after Close, and Elapsed only once closed,
        // are StreamingTests' Reading_after_close_raises_StreamClosed and Elapsed_is_available_once_the_stream_is_closed.
        var r = new Response(200, stream: new MemoryStream("Hello, world!"u8.ToArray()));
        r.Close();
        Assert.False(r.IsStreamConsumed);
        Assert.Throws<ResponseNotReadException>(() => r.Text);
    }

    [Fact]
    public void Json_of_a_non_json_body_throws()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, text: "not json").Json());
    }

    [Fact]
    public void Json_keeps_the_last_value_of_a_repeated_key_as_python_json_loads()
    {
        var json = new Response(200, text: """{"a": 1, "b": [{"x": "first", "x": "last"}], "a": 2}""").Json()!;
        Assert.Equal(2, json["a"]!.GetValue<int>());
        Assert.Equal("last", json["b"]![0]!["x"]!.GetValue<string>());
        Assert.Equal(["a", "b"], json.AsObject().Select(p => p.Key));
        Assert.Equal(1.5m, new Response(200, text: "[1.5]").Json()![0]!.GetValue<decimal>());
        Assert.Null(new Response(200, text: " null ").Json());
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, text: """{"a": 1} x""").Json());
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, text: "").Json());
    }

    [Theory]
    [InlineData("utf-8", true)]
    [InlineData("utf-16le", false)]
    [InlineData("utf-16le", true)]
    [InlineData("utf-16be", false)]
    [InlineData("utf-16be", true)]
    [InlineData("utf-32le", false)]
    [InlineData("utf-32le", true)]
    [InlineData("utf-32be", false)]
    [InlineData("utf-32be", true)]
    public void Json_parses_utf8_with_a_bom_and_utf16_and_utf32_as_python_json_loads(string encodingName, bool withBom)
    {
        // A server may send any of these with no charset (or a wrong one): json.loads(bytes) finds the encoding itself.
        var encoding = Encoding.GetEncoding(encodingName);
        byte[] body = [.. withBom ? encoding.GetPreamble() : [], .. encoding.GetBytes("{\"name\": \"Zoë ✓\", \"n\": [1, 2]}")];
        var r = new Response(200, headers: new Dictionary<string, string> { ["Content-Type"] = "application/json" }, content: body);
        Assert.Equal("Zoë ✓", r.Json()!["name"]!.GetValue<string>());
        Assert.Equal([1, 2], r.Json<Dictionary<string, System.Text.Json.JsonElement>>()!["n"].EnumerateArray().Select(e => e.GetInt32()));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'7', 0 }, 7)]        // two bytes: UTF-16 LE
    [InlineData(new byte[] { 0, (byte)'7' }, 7)]        // two bytes: UTF-16 BE
    [InlineData(new byte[] { (byte)'4', (byte)'2' }, 42)] // no zero byte: UTF-8 as it is
    // Four bytes, the fewest json.detect_encoding looks at whole: UTF-16 of two characters, UTF-32 of one.
    [InlineData(new byte[] { (byte)'4', 0, (byte)'2', 0 }, 42)]
    [InlineData(new byte[] { 0, (byte)'4', 0, (byte)'2' }, 42)]
    [InlineData(new byte[] { (byte)'7', 0, 0, 0 }, 7)]
    [InlineData(new byte[] { 0, 0, 0, (byte)'7' }, 7)]
    public void Json_of_a_short_body_finds_its_encoding_too(byte[] body, int expected) =>
        Assert.Equal(expected, new Response(200, content: body).Json()!.GetValue<int>());

    [Fact]
    public void Json_of_XX_00_00_XX_is_UTF_16_LE_as_pythons_json_detect_encoding_reads_it()
    {
        // "\u0100" in UTF-16 LE: 22 00 00 01 22 00. The third byte is zero but the fourth is not: UTF-32 LE would need both.
        var body = Encoding.Unicode.GetBytes("\"\u0100\"");
        Assert.Equal([0x22, 0x00, 0x00, 0x01], body[..4]);
        Assert.Equal("\u0100", new Response(200, content: body).Json()!.GetValue<string>());
    }

    [Fact]
    public void Json_of_a_body_that_is_not_UTF_8_is_refused_at_once_naming_the_byte_as_pythons_json_loads()
    {
        // A legacy server's Latin-1 JSON: "café" with é as the single byte 0xE9. It used to parse, and the string threw an
        // InvalidOperationException ("Cannot transcode invalid UTF-8") only when it was read; json.loads raises at once.
        var body = Encoding.Latin1.GetBytes("{\"name\": \"café\"}");
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: body).Json());
        Assert.Contains("0xE9", e.Message);
        Assert.Contains("position 13", e.Message);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: body).Json<Dictionary<string, string>>());
        // After a UTF-8 byte order mark, the position is still the body's.
        var bom = Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: (byte[])[0xEF, 0xBB, 0xBF, .. body]).Json());
        Assert.Contains("position 16", bom.Message);
    }

    [Fact]
    public void Json_reads_an_escaped_lone_surrogate_as_pythons_json_loads()
    {
        // JavaScript's JSON.stringify writes a string cut in the middle of an emoji so. It used to parse, and then throw
        // InvalidOperationException ("missing low surrogate") when the string or the key was read.
        var json = new Response(200, content: """{"text": "cut \ud83d", "\udc00 key": ["\\u\t\ud83d\ude00 \"ok\""], "n": NaN}"""u8.ToArray()).Json()!;
        Assert.Equal("cut \ud83d", json["text"]!.GetValue<string>());
        Assert.Equal(["text", "\udc00 key", "n"], json.AsObject().Select(p => p.Key));
        Assert.Equal("\\u\t😀 \"ok\"", json["\udc00 key"]![0]!.GetValue<string>());
        Assert.True(double.IsNaN(json["n"]!.GetValue<double>()));
        Assert.Equal("\udfff", new Response(200, content: "\"\\udfff\""u8.ToArray()).Json()!.GetValue<string>());
    }

    [Fact]
    public void Json_of_bytes_the_detected_encoding_cannot_decode_names_them()
    {
        // A UTF-16 LE byte order mark, then a lone low surrogate.
        var e = Assert.ThrowsAny<System.Text.Json.JsonException>(() => new Response(200, content: new byte[] { 0xFF, 0xFE, 0x00, 0xDC, 0x31, 0x00 }).Json());
        Assert.Contains("utf-16", e.Message);
        Assert.Contains("00DC", e.Message);
    }

    [Fact]
    public void A_password_in_a_redirect_location_is_masked_in_messages_and_verbose_lines()
    {
        var response = new Response(302, headers: new Dictionary<string, string> { ["Location"] = "https://ada:s3cret@other.example/next" },
            request: new Request("GET", "http://example.org/"));
        var e = Assert.Throws<HttpStatusException>(() => response.RaiseForStatus());
        Assert.Contains("https://ada:[secure]@other.example/next", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
        var lines = string.Join("\n", HttpLog.FormatResponse(response));
        Assert.Contains("Location: https://ada:[secure]@other.example/next", lines);
        Assert.DoesNotContain("s3cret", lines);
    }

    [Fact]
    public void Verbose_lines_escape_control_characters_in_the_reason_phrase_and_header_values()
    {
        // ESC, BEL and the C1 CSI (0x9b, a Latin-1 byte) from a server would drive the terminal a log is read on.
        var response = new Response(200, headers: new Dictionary<string, string> { ["X-Evil"] = "a\u001b]0;t\u0007b\u009bc\td" },
            request: new Request("GET", "http://example.org/"), extensions: new Dictionary<string, object?> { ["reason_phrase"] = "OK\u001b[2J" });
        Assert.Equal(["< HTTP/1.1 200 OK\\x1b[2J", "< X-Evil: a\\x1b]0;t\\x07b\\x9bc\\td"], HttpLog.FormatResponse(response));
        Assert.Equal("HTTP Request: GET http://example.org/ \"HTTP/1.1 200 OK\\x1b[2J\"", HttpLog.Summary(response));
        Assert.Equal(["> X-Evil: a\\x1bb"], HttpLog.FormatRequestHeaders(new Headers { { "X-Evil", "a\u001bb" } }, "HTTP/1.1"));
    }

    [Fact]
    public void A_status_error_and_the_repr_escape_control_characters_in_the_reason_phrase()
    {
        var response = new Response(404, request: new Request("GET", "http://example.org/"),
            extensions: new Dictionary<string, object?> { ["reason_phrase"] = "Nope\u001b[2J" });
        Assert.Equal("<Response [404 Nope\\x1b[2J]>", response.ToString());
        var e = Assert.Throws<HttpStatusException>(() => response.RaiseForStatus());
        Assert.StartsWith("Client error '404 Nope\\x1b[2J' for url 'http://example.org/'", e.Message);
        Assert.Equal("Nope\u001b[2J", response.ReasonPhrase);
    }

    [Theory]
    [InlineData("Caf\u00e9 \u4e2d\u6587 \U0001F600", "Caf\u00e9 \u4e2d\u6587 \U0001F600")]   // letters of any script, an emoji: as they are
    [InlineData("a\tb", "a\\tb")]
    [InlineData("a\u007fb", "a\\x7fb")]                                                   // DEL
    [InlineData("a\u0080b\u0085c\u009fd", "a\\x80b\\x85c\\x9fd")]                          // C1, as Latin-1 reads them
    public void Status_errors_and_the_repr_escape_control_characters_only(string reason, string shown)
    {
        var response = new Response(500, request: new Request("GET", "http://example.org/"),
            extensions: new Dictionary<string, object?> { ["reason_phrase"] = reason });
        Assert.Equal($"<Response [500 {shown}]>", response.ToString());
        Assert.StartsWith($"Server error '500 {shown}'", Assert.Throws<HttpStatusException>(() => response.RaiseForStatus()).Message);
        Assert.Equal(reason, response.ReasonPhrase);
    }

    [Fact]
    public void A_status_error_escapes_control_characters_in_the_redirect_location_it_quotes()
    {
        // The message quotes the server's Location as it quotes its reason phrase: an ESC or BEL in it reached the console.
        var response = new Response(302, headers: new Headers { ["Location"] = "/next\u001b]0;pwned\u0007" },
            request: new Request("GET", "http://example.org/"));
        var e = Assert.Throws<HttpStatusException>(() => response.RaiseForStatus());
        Assert.Contains("Redirect location: '/next\\x1b]0;pwned\\x07'", e.Message);
        Assert.DoesNotContain(e.Message, c => c is '\u001b' or '\u0007');
        Assert.Equal("/next\u001b]0;pwned\u0007", response.Headers["Location"]);
    }

    [Fact]
    public void An_environment_proxy_never_shows_its_password()
    {
        var proxy = new EnvironmentProxy("all://", "http://user:s3cret@proxy:3128", "ALL_PROXY", "http://user:s3cret@proxy:3128");
        Assert.DoesNotContain("s3cret", proxy.ToString());
        Assert.Contains("user:[secure]@proxy:3128", proxy.ToString());
    }
}
