namespace Httpx.Tests.Client;

/// <summary>.NET's network failures become HTTPX's exceptions, naming the target, carrying the request and the original.</summary>
public class ExceptionMappingTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ExceptionMappingTests(ServerFixture f) => _server = f.Server;

    private static void AssertCarriesRequestAndCause(HttpException e, string url)
    {
        Assert.True(e.HasRequest);
        Assert.Equal(url, e.Request.Url.ToString());
        Assert.NotNull(e.InnerException);
    }

    [Fact]
    public void Connection_refused_is_ConnectException_naming_host_and_port()
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        var url = $"http://127.0.0.1:{port}/get";
        using var client = new Httpx.Client();
        var e = Assert.Throws<ConnectException>(() => client.Get(url));
        Assert.Equal("ConnectError", e.ErrorName);
        Assert.Contains($"Connection refused by 127.0.0.1:{port}", e.Message);
        Assert.EndsWith($"(GET {url})", e.Message);
        AssertCarriesRequestAndCause(e, url);
    }

    [SkippableFact]
    public void The_unspecified_address_is_connected_to_as_the_system_does_not_refused_with_dotnets_parameter_name()
    {
        // "http://0.0.0.0:8000/" is what a development server prints it listens on; HTTPX (and curl) hand the address
        // to the system, which on Linux and macOS connects to this machine. It failed with .NET's ArgumentException
        // text, "... cannot be used as a target address. (Parameter 'hostName')".
        Skip.If(OperatingSystem.IsWindows(), "Windows refuses a connect to the unspecified address");
        var port = new Uri(_server.HttpUrl).Port;
        using var client = new Httpx.Client();
        Assert.Equal(200, client.Get($"http://0.0.0.0:{port}/get").StatusCode);

        using var refusedPort = TestServer.RefusedPort.Reserve();
        var refused = refusedPort.Port;
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://0.0.0.0:{refused}/"));
        Assert.StartsWith($"Connection refused by 0.0.0.0:{refused}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", e.Message);
    }

    [Fact]
    public async Task Dns_failure_is_ConnectException_naming_the_host()
    {
        // ".invalid" is reserved (RFC 6761): resolvers answer NXDOMAIN for it, nothing is reachable.
        await using var client = new Httpx.Client();
        var e = await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync("http://no-such-host.invalid/"));
        Assert.Contains("no-such-host.invalid", e.Message);
        AssertCarriesRequestAndCause(e, "http://no-such-host.invalid/");
    }

    [Fact]
    public void Expired_certificate_is_ConnectException_saying_expired()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath });
        var e = Assert.Throws<ConnectException>(() => client.Get(_server.ExpiredHttpsUrl + "/get"));
        Assert.Contains("expired", e.Message);
        Assert.Contains("localhost", e.Message);
        AssertCarriesRequestAndCause(e, _server.ExpiredHttpsUrl + "/get");
    }

    [Fact]
    public void Wrong_host_certificate_is_ConnectException_saying_the_name_does_not_match()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath });
        var e = Assert.Throws<ConnectException>(() => client.Get(_server.WrongHostHttpsUrl + "/get"));
        Assert.Contains("does not match the host name 'localhost'", e.Message);
        Assert.Contains("wrong.example", e.Message);
        AssertCarriesRequestAndCause(e, _server.WrongHostHttpsUrl + "/get");
    }

    [Fact]
    public void Self_signed_certificate_is_ConnectException_saying_not_trusted()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath });
        var e = Assert.Throws<ConnectException>(() => client.Get(_server.SelfSignedHttpsUrl + "/get"));
        Assert.Contains("not trusted", e.Message);
        Assert.Contains("localhost", e.Message);
        AssertCarriesRequestAndCause(e, _server.SelfSignedHttpsUrl + "/get");
    }

    [Fact]
    public void The_test_ca_is_not_trusted_without_verify()
    {
        using var client = new Httpx.Client();
        var e = Assert.Throws<ConnectException>(() => client.Get(_server.HttpsUrl + "/get"));
        Assert.Contains("not trusted", e.Message);
    }

    [Fact]
    public void A_tls_failure_names_an_IPv6_host_in_brackets()
    {
        // Over the test server's plain-HTTP unix socket, so no IPv6 network is needed: the TLS handshake meets HTTP.
        using var client = new Httpx.Client(new ClientOptions { Uds = _server.UnixSocketPath, TrustEnv = false });
        var e = Assert.Throws<ConnectException>(() => client.Get("https://[::1]:8443/get"));
        Assert.StartsWith("TLS handshake with [::1]:8443 failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_false_accepts_any_certificate()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = false });
        Assert.Equal(200, client.Get(_server.SelfSignedHttpsUrl + "/get").StatusCode);
        Assert.Equal(200, client.Get(_server.ExpiredHttpsUrl + "/get").StatusCode);
    }

    [Theory]
    [InlineData("/bad-status")]
    [InlineData("/bad-header")]
    [InlineData("/truncated")]
    [InlineData("/close-before-headers")]
    [InlineData("/close-after-status")]
    [InlineData("/chunked-truncated")]
    [InlineData("/bad-chunk-size")]
    [InlineData("/endless-headers")]
    public void Broken_http_is_RemoteProtocolException(string path)
    {
        var url = _server.RawTcpUrl + path;
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Equal("RemoteProtocolError", e.ErrorName);
        Assert.Contains(path, e.Message);
        AssertCarriesRequestAndCause(e, url);
    }

    [Fact]
    public void A_Content_Length_that_is_no_number_is_RemoteProtocolException()
    {
        // The handler read the body to the connection's end as if there were no length: a 200 with "hello".
        var url = _server.RawTcpUrl + "/bad-content-length";
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.StartsWith("The server sent an invalid Content-Length header 'abc'", e.Message);
        Assert.Equal(url, e.Request.Url.ToString());
    }

    [Theory]
    [InlineData("Content-Length: 5\r\nContent-Length: 3", "'3'")]
    [InlineData("Content-Length: 5, 3", "'5, 3'")]
    public void Content_Length_values_that_disagree_are_RemoteProtocolException(string lengths, string said)
    {
        // h11 refuses conflicting Content-Length values; which one frames the body is anyone's guess (the handler read
        // the body to the connection's end, as if there were none).
        using var server = TestServer.ScriptedServer.AnsweringEvery(
            System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\n{lengths}\r\nConnection: close\r\n\r\nhello"));
        var url = $"{server.Url}/";
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Equal($"The server sent an invalid Content-Length header {said}: the body's length is unknown (GET {url})", e.Message);
    }

    [Fact]
    public void A_status_below_100_is_RemoteProtocolException_naming_it()
    {
        // The handler takes any three digits ("099" was a response with status 99); h11 refuses a status under 100, and
        // no HTTP status is one (RFC 9110 15: 100 to 599, three digits).
        var url = _server.RawTcpUrl + "/status-below-100";
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Equal($"The server sent an invalid status code '099': status codes start at 100 (GET {url})", e.Message);
        Assert.Equal(url, e.Request.Url.ToString());
    }

    [Theory]
    [InlineData("v=gzip,chunked", "gzip, chunked")]
    [InlineData("v=gzip", "gzip")]
    [InlineData("v=identity", "identity")]
    [InlineData("v=chunked,gzip", "chunked, gzip")]
    [InlineData("v=", "")]
    public void A_Transfer_Encoding_other_than_chunked_is_RemoteProtocolException_naming_it(string query, string shown)
    {
        // The handler takes off a chunked coding wherever it stands and hands on the rest as the body (gzip's bytes, read
        // to the close without chunked); h11 refuses any Transfer-Encoding but 'chunked'.
        var url = _server.RawTcpUrl + "/transfer-encoding?" + query;
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Equal($"The server sent an unsupported Transfer-Encoding '{shown}': only 'chunked' is supported (GET {url})", e.Message);
        Assert.Equal(url, e.Request.Url.ToString());
    }

    [Theory]
    [InlineData("GET", "v=chunked")]
    [InlineData("GET", "v=Chunked")]
    // 'chunked' said twice, on one line or two: servers and proxies that add the header again send it (encode/httpx#1862,
    // a Workday site) over a body chunked once, which the handler reads right; curl and browsers read it too.
    [InlineData("GET", "v=chunked,chunked")]
    [InlineData("GET", "v=chunked&v=chunked")]
    [InlineData("HEAD", "v=chunked,%20Chunked")]
    [InlineData("HEAD", "v=chunked&v=chunked")]
    public void A_Transfer_Encoding_chunked_in_any_case_is_read(string method, string query)
    {
        using var client = new Httpx.Client();
        var response = client.Request(method, _server.RawTcpUrl + "/transfer-encoding?" + query);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(method == "HEAD" ? "" : "ok", response.Text);
    }

    [Theory]
    [InlineData("/truncated", "received 10 bytes, expected 100")]
    [InlineData("/chunked-truncated", "received 5 bytes of a chunked body, whose end never came")]
    public void A_body_cut_short_by_a_close_says_how_much_came(string path, string said)
    {
        // As h11 says it ("received 10 bytes, expected 100", "incomplete chunked read"): the message said only that the
        // body was incomplete.
        var url = _server.RawTcpUrl + path;
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Equal($"Server disconnected without sending the complete response body: {said} ({e.Request.Describe()})", e.Message);

        using var streamed = client.Stream("GET", url);
        Assert.Contains(said, Assert.Throws<RemoteProtocolException>(() => streamed.IterBytes(3).ToList()).Message);
    }

    [Fact]
    public void Truncated_body_while_streaming_is_RemoteProtocolException_with_the_request()
    {
        using var client = new Httpx.Client();
        using var s = client.Stream("GET", _server.RawTcpUrl + "/truncated");
        Assert.Equal(200, s.StatusCode);
        var e = Assert.Throws<RemoteProtocolException>(() => s.IterRaw().ToList());
        Assert.Same(s.Request, e.Request);
    }

    [Fact]
    public void A_bad_header_line_is_quoted_without_the_CR_of_its_line_end()
    {
        // .NET quotes the line with the CR of its CRLF: shown on a console, the CR sent the cursor back to the start of
        // the line and the rest of the message ("'. (GET url)") overwrote it.
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(_server.RawTcpUrl + "/bad-header"));
        Assert.Contains("invalid header line: 'This line has no colon'.", e.Message);
        Assert.DoesNotContain('\r', e.Message);
    }

    [Fact]
    public void A_chunk_size_that_is_no_number_is_quoted_as_the_server_sent_it()
    {
        // The message quoted .NET's hex of the line ('7A-7A') and its enum name "(InvalidResponse)" before our "(GET url)".
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(_server.RawTcpUrl + "/bad-chunk-size"));
        Assert.Contains("could not be parsed: 'zz'.", e.Message);
        Assert.DoesNotContain("(InvalidResponse)", e.Message);
    }

    [Fact]
    public void A_bad_chunk_extension_is_quoted_as_the_server_sent_it()
    {
        // A chunk size written "0x2": the handler reads the size 0, then refuses "x2" as a chunk extension and quoted
        // it in hex ('78-32'), as it quotes a chunk size.
        using var client = new Httpx.Client();
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(_server.RawTcpUrl + "/bad-chunk-extension"));
        Assert.Contains("invalid chunk extension: 'x2'.", e.Message);
        Assert.DoesNotContain("(InvalidResponse)", e.Message);
    }

    [Fact]
    public void An_HTTP_2_RST_STREAM_is_RemoteProtocolException()
    {
        // As httpcore, which raises RemoteProtocolError for h2's StreamReset event.
        var url = _server.RawTcpUrl + "/h2-reset";
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Contains("reset the stream", e.Message);
        Assert.Contains("INTERNAL_ERROR", e.Message);
        // .NET's enum name that its HttpIOException appends, beside our own "(GET url)".
        Assert.DoesNotContain("(HttpProtocolError)", e.Message);
        // The server ended the stream on purpose: nothing it sent was invalid.
        Assert.DoesNotContain("invalid", e.Message);
        AssertCarriesRequestAndCause(e, url);
    }

    [Fact]
    public void An_HTTP_2_GOAWAY_is_RemoteProtocolException()
    {
        // As httpcore, which raises RemoteProtocolError for h2's ConnectionTerminated event. The server's GOAWAY covers
        // the request's stream (its last stream id), then it closes. .NET 9 and later fail the stream with the GOAWAY's
        // error code; .NET 8 (PowerShell 7.4) keeps that code to itself and fails it with the close that follows, which
        // is what the user reads there: true (the server disconnected without answering), same exception, no code. The
        // engine cannot tell a GOAWAY on .NET 8 without reading HTTP/2 frames itself.
        var url = _server.RawTcpUrl + "/h2-goaway";
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        if (Environment.Version.Major >= 9)
        {
            Assert.Contains("closed the connection", e.Message);
            Assert.Contains("INTERNAL_ERROR", e.Message);
        }
        else
        {
            Assert.Equal($"Server disconnected without sending a complete response (GET {url})", e.Message);
        }
        Assert.DoesNotContain("(HttpProtocolError)", e.Message);
        // The server ended the connection on purpose: nothing it sent was invalid.
        Assert.DoesNotContain("invalid", e.Message);
        AssertCarriesRequestAndCause(e, url);
    }

    [Theory]
    [InlineData("/h2-short-body", "received 10 bytes, expected 100")]
    [InlineData("/h2-long-body", "received 10 bytes, expected 2")]
    public void An_HTTP_2_body_that_ends_otherwise_than_its_Content_Length_is_RemoteProtocolException(string path, string said)
    {
        // The handler ends the body where the stream ends, whatever the Content-Length said: a body cut short came as if
        // whole. h2 refuses it (InvalidBodyLengthError: "Expected 100 bytes, received 10"), as nghttp2 (curl) does.
        var url = _server.RawTcpUrl + path;
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get(url));
        Assert.Equal($"The server ended the response body otherwise than its Content-Length: {said} (GET {url})", e.Message);
        Assert.Equal(url, e.Request.Url.ToString());

        using var streamed = client.Stream("GET", url);
        Assert.Contains(said, Assert.Throws<RemoteProtocolException>(() => streamed.IterRaw(3).ToList()).Message);
    }

    [Fact]
    public void An_HTTP_2_answer_to_HEAD_has_no_body_whatever_its_Content_Length()
    {
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true });
        var response = client.Head(_server.H2cUrl + "/bytes/10");
        Assert.Equal("HTTP/2", response.HttpVersion);
        Assert.Equal("10", response.Headers.Get("Content-Length"));
        Assert.Empty(response.Content);
    }

    [Fact]
    public void A_reset_while_reading_the_body_is_ReadException()
    {
        var url = _server.RawTcpUrl + "/reset-mid-body";
        using var client = new Httpx.Client();
        var e = Assert.Throws<ReadException>(() => client.Get(url));
        Assert.Equal("ReadError", e.ErrorName);
        Assert.Contains("/reset-mid-body", e.Message);
        AssertCarriesRequestAndCause(e, url);
    }

    [Fact]
    public async Task A_reset_while_streaming_the_body_is_ReadException_after_the_headers()
    {
        using var client = new Httpx.Client();
        await using var s = await client.StreamAsync("GET", _server.RawTcpUrl + "/reset-mid-body");
        Assert.Equal(200, s.StatusCode);
        var e = await Assert.ThrowsAsync<ReadException>(async () => { await foreach (var _ in s.IterRawAsync()) { } });
        Assert.Same(s.Request, e.Request);
    }

    [Fact]
    public void A_reset_while_sending_the_body_is_WriteException()
    {
        // More than the loopback socket buffers hold, so the client is still sending when the reset arrives.
        var url = _server.RawTcpUrl + "/reset-on-upload";
        using var client = new Httpx.Client();
        var e = Assert.Throws<WriteException>(() => client.Post(url, new RequestOptions { Content = new byte[64 * 1024 * 1024] }));
        Assert.Equal("WriteError", e.ErrorName);
        Assert.Contains("/reset-on-upload", e.Message);
        AssertCarriesRequestAndCause(e, url);
    }

    [Fact]
    public void A_server_that_answers_an_upload_early_and_closes_is_a_WriteException_that_says_how_to_get_its_answer()
    {
        // httpcore swallows the write error and reads the 413 the server sent first; over HTTP/1.1 .NET's handler reads
        // no answer before the body is sent, unless the request says Expect: 100-continue (as curl does for uploads).
        var url = _server.RawTcpUrl + "/413-on-upload";
        using var client = new Httpx.Client();
        var e = Assert.Throws<WriteException>(() => client.Put(url, new RequestOptions { Content = new byte[64 * 1024 * 1024] }));
        Assert.Contains("/413-on-upload", e.Message);
        Assert.Contains("before reading the whole body", e.Message);
        Assert.Contains("'Expect: 100-continue'", e.Message);
    }

    [Theory]
    [InlineData(10, "100")]
    [InlineData(200, "100")]
    public void A_body_that_disagrees_with_its_content_length_header_is_LocalProtocolException(int size, string declared)
    {
        // A stream of unknown length sent with the caller's own Content-Length: the client, not the server, breaks HTTP.
        var url = _server.HttpUrl + "/post";
        using var client = new Httpx.Client();
        var e = Assert.Throws<LocalProtocolException>(() => client.Post(url, new RequestOptions
        {
            Content = new NonSeekableStream(new byte[size]),
            Headers = new Dictionary<string, string> { ["Content-Length"] = declared },
        }));
        Assert.Equal("LocalProtocolError", e.ErrorName);
        Assert.Contains($"{declared} bytes", e.Message);
        Assert.Contains("/post", e.Message);
        Assert.Equal(url, e.Request.Url.ToString()); // raised by the engine itself: no cause underneath
    }

    [Theory]
    [InlineData("5")]
    [InlineData("20")]
    public void A_content_length_header_that_disagrees_with_a_known_body_is_LocalProtocolException_before_sending(string declared)
    {
        // HTTPX sends the caller's header as given, and h11 refuses the mismatch; it is not silently corrected. A length
        // above the body's too: the handler would send the body's own, and the caller's value would be lost unsaid.
        var url = _server.HttpUrl + "/post";
        using var client = new Httpx.Client();
        var e = Assert.Throws<LocalProtocolException>(() => client.Post(url, new RequestOptions
        {
            Content = "hello world",
            Headers = new Dictionary<string, string> { ["Content-Length"] = declared },
        }));
        Assert.Contains($"'{declared}'", e.Message);
        Assert.Contains("11 bytes", e.Message);
        Assert.Equal(url, e.Request.Url.ToString());

        var agreeing = client.Post(url, new RequestOptions
        {
            Content = "hello world",
            Headers = new Dictionary<string, string> { ["Content-Length"] = "11" },
        });
        Assert.Equal("hello world", agreeing.Json()!["body"]!.GetValue<string>());
    }

    [Fact]
    public void A_Host_header_that_dotnet_cannot_send_is_LocalProtocolException_naming_it()
    {
        // HTTPX sends any Host value as given; .NET's typed Host header refuses some, which surfaced as a bare
        // FormatException that named neither the value nor the request.
        var url = _server.HttpUrl + "/get";
        using var client = new Httpx.Client();
        var e = Assert.Throws<LocalProtocolException>(() => client.Get(url, new RequestOptions
        {
            Headers = new Dictionary<string, string> { ["Host"] = "bad host" },
        }));
        Assert.Contains("'bad host'", e.Message);
        Assert.EndsWith($"(GET {url})", e.Message);
        AssertCarriesRequestAndCause(e, url);

        var withPassword = Assert.Throws<LocalProtocolException>(() => client.Get(url, new RequestOptions
        {
            Headers = new Dictionary<string, string> { ["Host"] = "u:s3cret@example.org" },
        }));
        Assert.DoesNotContain("s3cret", withPassword.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_Host_header_is_LocalProtocolException_not_the_URLs_host_sent_in_its_place(string host)
    {
        // RFC 9112 3.2: a request whose URL has a host must send that authority as Host, so an empty one is invalid.
        // HTTPX (h11) sends "Host: " as given; .NET cannot (its typed Host header takes "" as "none") and sent the URL's
        // host instead, another value than the caller's without a word. Invoke-WebRequest refuses it too.
        var url = _server.RawTcpUrl + "/echo-raw";
        using var client = new Httpx.Client();
        var e = Assert.Throws<LocalProtocolException>(() => client.Get(url, new RequestOptions
        {
            Headers = new Dictionary<string, string> { ["Host"] = host },
        }));
        Assert.Equal($"The Host header is empty, which HTTP forbids when the URL has a host (RFC 9112 3.2): leave it out to send the URL's '{new Url(url).NetLoc}' (GET {url})", e.Message);
        Assert.Equal(url, e.Request.Url.ToString());
    }

    [Fact]
    public void A_request_whose_Host_header_was_removed_is_LocalProtocolException()
    {
        // HTTPX's documentation gives this as its example of LocalProtocolError: a Request built, its mandatory Host
        // header removed, then sent with client.send(). h11 refuses it ("Missing mandatory Host: header"); .NET's
        // handler wrote the URL's host back in and sent it as if the header had never been removed.
        var url = _server.RawTcpUrl + "/echo-raw";
        using var client = new Httpx.Client();
        var request = client.BuildRequest("GET", url);
        Assert.True(request.Headers.Remove("Host"));
        var e = Assert.Throws<LocalProtocolException>(() => client.Send(request));
        Assert.Equal($"The request has no Host header, which HTTP requires (GET {url})", e.Message);
        Assert.Same(request, e.Request);
    }

    [Fact]
    public void A_Host_header_a_request_hook_removes_on_a_redirect_hop_is_LocalProtocolException_over_HTTP_2_too()
    {
        // HTTPX refuses it wherever it was taken off (a request hook, on a redirect's next request, written "host"):
        // h11's "Missing mandatory Host: header". Over HTTP/2 httpcore fails too (an IndexError looking for the Host it
        // maps to :authority): the same refusal here. The message masks a password in the URL.
        static void DropHostAfterRedirect(Request r) { if (r.Url.Path == "/get") Assert.True(r.Headers.Remove("host")); }
        foreach (var (options, baseUrl) in new[]
        {
            (new ClientOptions(), _server.HttpUrl),
            (new ClientOptions { Http1 = false, Http2 = true }, _server.H2cUrl),
        })
        {
            using var client = new Httpx.Client(new ClientOptions
            {
                Http1 = options.Http1, Http2 = options.Http2, FollowRedirects = true,
                EventHooks = new EventHooks().OnRequest(DropHostAfterRedirect),
            });
            var url = baseUrl.Replace("://", "://user:s3cret@") + "/redirect-to?url=/get";
            var e = Assert.Throws<LocalProtocolException>(() => client.Get(url));
            Assert.StartsWith("The request has no Host header, which HTTP requires (GET ", e.Message);
            Assert.EndsWith("/get)", e.Message);
            Assert.DoesNotContain("s3cret", e.Message);
        }
    }

    [Fact]
    public void A_response_head_of_100_KB_is_read_as_httpcore_reads_it()
    {
        // As httpcore's test_http11_header_sub_100kb: a big Set-Cookie or Content-Security-Policy header. .NET's default
        // limit of 64 KB refused it with RemoteProtocolError "The server's response exceeded a limit".
        using var client = new Httpx.Client();
        var r = client.Get(_server.RawTcpUrl + "/large-header");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(100 * 1024 - 68, r.Headers["X-Large"].Length);
    }

    [Fact]
    public void Close_delimited_body_is_read_to_the_end()
    {
        using var client = new Httpx.Client();
        Assert.Equal("body until close", client.Get(_server.RawTcpUrl + "/close-delimited").Text);
    }

    [Fact]
    public void A_body_ends_at_its_Content_Length_whatever_the_server_sends_after_it()
    {
        // "okEXTRA" after Content-Length: 2: the body is the two bytes, as HTTPX reads it, not an error nor the rest.
        using var client = new Httpx.Client();
        Assert.Equal("ok", client.Get(_server.RawTcpUrl + "/longer-than-content-length").Text);
    }

    [Theory]
    [InlineData("ftp://example.org/file", "ftp")]
    [InlineData("file:///etc/passwd", "file")]
    public void Unsupported_scheme_is_UnsupportedProtocolException(string url, string scheme)
    {
        using var client = new Httpx.Client();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(url));
        Assert.Equal("UnsupportedProtocol", e.ErrorName);
        Assert.Contains($"'{scheme}://'", e.Message);
        Assert.True(e.HasRequest);
    }

    [Theory]
    [InlineData("localhost:8080/x", "Request URL has an unsupported protocol 'localhost://': 'localhost:8080/x'. For the host 'localhost' on port 8080, write 'http://localhost:8080/x' (or https://).")]
    [InlineData("myhost:5000", "Request URL has an unsupported protocol 'myhost://': 'myhost:5000'. For the host 'myhost' on port 5000, write 'http://myhost:5000' (or https://).")]
    [InlineData("api:8443?q=1", "Request URL has an unsupported protocol 'api://': 'api:8443?q=1'. For the host 'api' on port 8443, write 'http://api:8443?q=1' (or https://).")]
    [InlineData("127.0.0.1:9100/metrics", "Request URL is missing an 'http://' or 'https://' protocol: '127.0.0.1:9100/metrics'. For the address 127.0.0.1 on port 9100, write 'http://127.0.0.1:9100/metrics' (or https://).")]
    [InlineData("[::1]:8080/?q=1", "Request URL is missing an 'http://' or 'https://' protocol: '[::1]:8080/?q=1'. For the address [::1] on port 8080, write 'http://[::1]:8080/?q=1' (or https://).")]
    [InlineData("10.0.0.1", "Request URL is missing an 'http://' or 'https://' protocol: '10.0.0.1'. For the address 10.0.0.1, write 'http://10.0.0.1' (or https://).")]
    [InlineData("1.2.3:80/", "Request URL is missing an 'http://' or 'https://' protocol: '1.2.3:80/'.")]
    [InlineData("127.0.0.1:http/", "Request URL is missing an 'http://' or 'https://' protocol: '127.0.0.1:http/'.")]
    [InlineData("127.0.0.1:123456/", "Request URL is missing an 'http://' or 'https://' protocol: '127.0.0.1:123456/'.")]
    [InlineData("/items?page=2", "Request URL is missing an 'http://' or 'https://' protocol: '/items?page=2'. It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).")]
    [InlineData("?page=2", "Request URL is missing an 'http://' or 'https://' protocol: '?page=2'. It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).")]
    [InlineData("../items", "Request URL is missing an 'http://' or 'https://' protocol: '../items'. It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).")]
    [InlineData("example.org/x", "Request URL is missing an 'http://' or 'https://' protocol: 'example.org/x'.")]
    [InlineData("127.0.0.1:/metrics", "Request URL is missing an 'http://' or 'https://' protocol: '127.0.0.1:/metrics'.")]
    [InlineData("news:comp.lang.misc", "Request URL has an unsupported protocol 'news://': 'news:comp.lang.misc'.")]
    [InlineData("urn:123456", "Request URL has an unsupported protocol 'urn://': 'urn:123456'.")]
    public void A_host_and_port_without_a_protocol_is_told_what_to_write(string url, string message)
    {
        // HTTPX reads 'localhost:8080' as a scheme and a path, and says only that the scheme is unsupported; curl takes a
        // host and port. Only a port-like number after the colon gets the hint; an IP address has no scheme to read, and
        // gets it too.
        using var client = new Httpx.Client();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(url));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("unix:///var/run/docker.sock", "'unix://': 'unix:/var/run/docker.sock'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket '/var/run/docker.sock', HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/...).")]
    // A base URL joins the request's path onto the socket's: the socket ends at its .sock segment.
    [InlineData("unix:///var/run/docker.sock/v1.43/info", "'unix://': 'unix:/var/run/docker.sock/v1.43/info'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket '/var/run/docker.sock', HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/v1.43/info).")]
    // The first segment that ends in .sock: '.sockets' is a folder.
    [InlineData("unix:///home/ops/.sockets/api.sock/v1/info", "'unix://': 'unix:/home/ops/.sockets/api.sock/v1/info'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket '/home/ops/.sockets/api.sock', HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/v1/info).")]
    [InlineData("unix:///run/app.socket", "'unix://': 'unix:/run/app.socket'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket, HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/...).")]
    [InlineData("unix:///run/api", "'unix://': 'unix:/run/api'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket, HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/...).")]
    [InlineData("http+unix://%2Fvar%2Frun%2Fdocker.sock/info", "'http+unix://': 'http+unix://%2fvar%2frun%2fdocker.sock/info'. A Unix socket is not a URL: give its path to the transport (New-HttpxTransport -UnixSocket, HTTPX's HTTPTransport(uds=...)) and send to an http:// URL, whose host is only sent in the Host header (http://localhost/...).")]
    public void A_unix_socket_written_as_a_url_is_told_where_the_socket_goes(string url, string message)
    {
        // Docker's DOCKER_HOST form and requests-unixsocket's: HTTPX said only that the protocol is unsupported.
        using var client = new Httpx.Client();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(url));
        Assert.Equal("Request URL has an unsupported protocol " + message, e.Message);
    }

    [Fact]
    public void Missing_scheme_is_UnsupportedProtocolException()
    {
        using var client = new Httpx.Client();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get("example.org/path"));
        Assert.Contains("'http://' or 'https://'", e.Message);
    }

    [Theory]
    [InlineData("http://:80/", "Request URL has no host: 'http://:80/'.")]
    [InlineData("http:///path", "Request URL has no host: 'http:///path'.")]
    [InlineData("https://user:s3cret@:443/x", "Request URL has no host: 'https://user:[secure]@:443/x'.")]
    [InlineData("://example.org/", "Request URL is missing an 'http://' or 'https://' protocol: '://example.org/'.")]
    public void A_url_refused_for_its_missing_host_or_scheme_is_shown_as_written(string url, string message)
    {
        // Normalised, "http://:80/" reads "http:/" and "://example.org/" reads "//example.org/": not what was typed.
        using var client = new Httpx.Client();
        var e = Assert.Throws<UnsupportedProtocolException>(() => client.Get(url));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Passwords_in_the_url_are_not_in_error_messages()
    {
        using var refused = TestServer.RefusedPort.Reserve();
        var port = refused.Port;
        using var client = new Httpx.Client();
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://user:s3cret@127.0.0.1:{port}/"));
        Assert.DoesNotContain("s3cret", e.Message);
        Assert.Contains($"http://user:[secure]@127.0.0.1:{port}/", e.Message); // still names the URL, masked
    }

    [Theory]
    [InlineData("http://user:secret@exa mple.com/path", "exa mple.com", "http://user:[secure]@exa%20mple.com/path")]
    [InlineData("http://user:secret@a%zz.com/", "a%zz.com", "http://user:[secure]@a%zz.com/")]
    public void A_host_no_name_lookup_can_find_is_ConnectException_naming_the_host_as_written(string url, string host, string shown)
    {
        // HTTPX accepts these hosts in its URL model and httpcore fails to resolve them: ConnectError, not InvalidURL.
        using var client = new Httpx.Client();
        var e = Assert.Throws<ConnectException>(() => client.Get(url));
        Assert.StartsWith($"Could not resolve host '{host}': it is not a valid host name", e.Message);
        Assert.EndsWith($"(GET {shown})", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.True(e.HasRequest);
        Assert.IsType<UriFormatException>(e.InnerException);
    }

    [Fact]
    public void A_host_name_longer_than_DNS_allows_is_ConnectException_saying_so()
    {
        // 299 characters: .NET's resolver refuses it without asking the system, and the message was "Could not connect to
        // <host>:80: Unknown socket error", where curl and HTTPX say the host does not resolve.
        var host = string.Join('.', Enumerable.Repeat("abcde", 50));
        using var client = new Httpx.Client();
        var e = Assert.Throws<ConnectException>(() => client.Get($"http://{host}/"));
        Assert.StartsWith($"Could not resolve host '{host}': it is 299 characters long, and a host name has at most 253", e.Message);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
