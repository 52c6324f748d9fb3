using System.Text;

namespace Httpx.Tests.Models;

public class RequestTests
{
    [Fact]
    public void A_copy_has_headers_of_its_own()
    {
        // Sent changed (an auth flow's Authorization, a resume's Range), the copy leaves the original as it was.
        var original = new Request("GET", "https://example.org/", headers: new Dictionary<string, string> { ["X-A"] = "1" });
        var copy = original.Copy();
        copy.Headers.Set("Authorization", "Bearer t");
        copy.Headers.Set("X-A", "2");
        Assert.Null(original.Headers.Get("Authorization"));
        Assert.Equal("1", original.Headers.Get("X-A"));
        Assert.Equal("2", copy.Headers.Get("X-A"));
    }

    [Fact]
    public void Host_header_and_method_normalisation()
    {
        var r = new Request("get", "https://example.org:8443/path");
        Assert.Equal("GET", r.Method);
        Assert.Equal("example.org:8443", r.Headers["Host"]);
        Assert.Equal("example.org", new Request("GET", "https://example.org:443/").Headers["Host"]);
        Assert.Equal("[::1]:8080", new Request("GET", "http://[::1]:8080/").Headers["Host"]);
    }

    [Theory]
    [InlineData("http://[fe80::1%25eth0]:8080/")]
    [InlineData("http://[fe80::1%eth0]:8080/")]
    public void The_host_header_of_an_ipv6_url_with_a_zone_leaves_the_zone_out(string url)
    {
        // RFC 6874 section 4: the zone names an interface of this machine, and is not sent (curl, .NET's handler); so the
        // request shows the Host that goes out. HTTPX's is its netloc, zone and all. The URL keeps the zone.
        var r = new Request("GET", url);
        Assert.Equal("[fe80::1]:8080", r.Headers["Host"]);
        Assert.Equal(url, r.Url.ToString());
        // Moved to another port, the Host made from the URL follows it.
        r.Url = new Url(url.Replace("8080", "8081", StringComparison.Ordinal));
        Assert.Equal(["[fe80::1]:8081"], r.Headers.GetList("Host"));
    }

    [Fact]
    public void Automatic_headers_come_first_as_in_HTTPX()
    {
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["X-A"] = "1" });
        Assert.Equal(["Host", "Content-Length", "X-A"], r.Headers.Select(h => h.Name));
    }

    [Fact]
    public void A_multipart_content_type_without_a_boundary_gets_the_bodys()
    {
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = "multipart/form-data" },
            files: new Dictionary<string, object> { ["f"] = "x"u8.ToArray() });
        var contentType = r.Headers["Content-Type"];
        Assert.StartsWith("multipart/form-data; boundary=", contentType);
        var boundary = contentType["multipart/form-data; boundary=".Length..];
        Assert.NotEmpty(boundary);
        var body = Encoding.ASCII.GetString(r.Read());
        Assert.StartsWith($"--{boundary}\r\n", body);
    }

    [Theory]
    [InlineData("multipart/form-data;")]
    [InlineData("multipart/form-data; ")]
    public void A_multipart_content_type_ending_in_a_semicolon_gets_the_boundary_as_its_only_parameter(string given)
    {
        // Appended as given, "multipart/form-data;; boundary=..." holds an empty parameter before the boundary.
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = given },
            files: new Dictionary<string, object> { ["f"] = "x"u8.ToArray() });
        Assert.Matches("^multipart/form-data; boundary=[^;\\s]+$", r.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=xyz")]
    [InlineData("Multipart/Form-Data")]
    [InlineData("multipart/form-data ; boundary=\"xyz\"")]
    public void Form_fields_under_a_callers_multipart_content_type_are_sent_as_multipart(string given)
    {
        // Without files HTTPX url-encodes data whatever the Content-Type says: "a=1&b=x" under multipart/form-data, a
        // body no server can parse. The caller asked for a multipart form (Invoke-WebRequest's -ContentType habit).
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = given },
            data: new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" });
        var contentType = r.Headers["Content-Type"];
        var boundary = contentType[(contentType.IndexOf("boundary=", StringComparison.Ordinal) + "boundary=".Length)..].Trim('"');
        Assert.Equal(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n--{boundary}--\r\n",
            Encoding.ASCII.GetString(r.Read()));
        Assert.Equal(r.Read().Length.ToString(), r.Headers["Content-Length"]);
    }

    [Theory]
    [InlineData("multipart/related; boundary=XYZ")]
    [InlineData("multipart/mixed; boundary=\"XYZ\"")]
    [InlineData("multipart/form-data-x; boundary=XYZ")]
    public void Form_fields_under_any_callers_multipart_content_type_with_a_boundary_are_sent_as_multipart_with_it(string given)
    {
        // Fields alone went url-encoded under a multipart/related or multipart/mixed header ("a=1&b=x" under
        // boundary=XYZ), which no server can parse; files under it already used its boundary. The subtype is kept.
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = given },
            data: new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" });
        Assert.Equal(given, r.Headers["Content-Type"]);
        Assert.Equal(
            "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XYZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n--XYZ--\r\n",
            Encoding.ASCII.GetString(r.Read()));
    }

    [Fact]
    public void Form_fields_under_a_callers_multipart_content_type_without_a_boundary_get_the_bodys_in_that_type()
    {
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = "multipart/mixed" },
            data: new Dictionary<string, object?> { ["a"] = 1 });
        var contentType = r.Headers["Content-Type"];
        Assert.StartsWith("multipart/mixed; boundary=", contentType);
        var boundary = contentType["multipart/mixed; boundary=".Length..];
        Assert.Equal($"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--{boundary}--\r\n", Encoding.ASCII.GetString(r.Read()));
    }

    [Theory]
    [InlineData("multipart")]
    [InlineData("multipartx/form-data; boundary=xyz")]
    [InlineData("text/plain")]
    public void Form_fields_under_a_media_type_that_is_not_multipart_stay_url_encoded(string given)
    {
        // Only a media type of type multipart asks for a multipart body: another, even one that starts with those
        // letters, is sent as given with HTTPX's url-encoded body.
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = given },
            data: new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" });
        Assert.Equal("a=1&b=x", Encoding.ASCII.GetString(r.Read()));
        Assert.Equal(given, r.Headers["Content-Type"]);
    }

    [Theory]
    [InlineData("multipart/mixed; boundary=XYZ")]
    [InlineData("multipart/related; type=\"application/json\"; boundary=\"XYZ\"")]
    [InlineData("multipart/form-data; boundary=XYZ")]
    public void Files_under_a_callers_multipart_content_type_with_a_boundary_use_that_boundary(string given)
    {
        // HTTPX reads the boundary of multipart/form-data only: under multipart/mixed or related (an API's upload of a
        // metadata part and a file) the header kept XYZ over a body made with a random one, which no server can parse.
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = given },
            files: new Dictionary<string, object> { ["f"] = "x"u8.ToArray() });
        Assert.Equal(given, r.Headers["Content-Type"]);
        var body = Encoding.ASCII.GetString(r.Read());
        Assert.StartsWith("--XYZ\r\n", body);
        Assert.EndsWith("\r\n--XYZ--\r\n", body);
    }

    [Fact]
    public void Files_under_a_callers_multipart_content_type_without_a_boundary_get_the_bodys_in_that_type()
    {
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Type"] = "multipart/related" },
            files: new Dictionary<string, object> { ["f"] = "x"u8.ToArray() });
        var contentType = r.Headers["Content-Type"];
        Assert.StartsWith("multipart/related; boundary=", contentType);
        Assert.StartsWith($"--{contentType["multipart/related; boundary=".Length..]}\r\n", Encoding.ASCII.GetString(r.Read()));
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/mixed; boundary=\"\"")]
    public void An_empty_boundary_in_the_callers_content_type_is_refused_naming_the_header(string given)
    {
        // The message named a C# parameter: "Invalid multipart boundary ''. (Parameter 'boundary')".
        var e = Assert.Throws<ArgumentException>(() => new Request("POST", "https://example.org/",
            headers: new Dictionary<string, string> { ["Content-Type"] = given },
            files: new Dictionary<string, object> { ["f"] = "x"u8.ToArray() }));
        Assert.Equal("headers", e.ParamName);
        Assert.StartsWith($"Invalid multipart boundary '' in the Content-Type header '{given}': a boundary is one or more printable ASCII characters.", e.Message);
        // Fields alone go as multipart under any multipart type, so they are refused the same way.
        var fields = Assert.Throws<ArgumentException>(() => new Request("POST", "https://example.org/",
            headers: new Dictionary<string, string> { ["Content-Type"] = given }, data: new Dictionary<string, object?> { ["a"] = 1 }));
        Assert.Equal(e.Message, fields.Message);
        // A body that is not multipart does not use the boundary, and is sent as before.
        Assert.Equal("raw", Encoding.ASCII.GetString(new Request("POST", "https://example.org/",
            headers: new Dictionary<string, string> { ["Content-Type"] = given }, content: "raw").Read()));
    }

    [Fact]
    public void A_ready_stream_comes_with_the_callers_headers_only()
    {
        // HTTPX: with stream= no header is added; a Content-Length: 0 made here contradicted the body.
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["X-A"] = "1" },
            stream: new ByteArrayContent("hello"u8.ToArray(), null));
        Assert.Equal(["X-A"], r.Headers.Select(h => h.Name));
    }

    [Theory]
    [InlineData("GE T")]
    [InlineData("")]
    [InlineData("G(ET")]
    public void Invalid_methods_are_rejected_naming_them(string method)
    {
        var e = Assert.Throws<ArgumentException>(() => new Request(method, "https://example.org/"));
        Assert.Contains($"'{method}'", e.Message);
    }

    /// <summary>A method built from a script's data ("GET /x HTTP/1.1\r\nX: 1") is quoted with its control characters escaped, as every other value a message quotes.</summary>
    [Fact]
    public void An_invalid_method_is_quoted_with_its_control_characters_escaped()
    {
        var e = Assert.Throws<ArgumentException>(() => new Request("GET /x HTTP/1.1\r\nX: 1\u001b[2J", "https://example.org/"));
        Assert.StartsWith(@"Invalid HTTP method 'GET /x HTTP/1.1\r\nX: 1\x1b[2J': a method is a token", e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain('\u001b', e.Message);
    }

    [Fact]
    public void A_url_given_as_the_method_is_named_as_one_with_its_password_masked()
    {
        var e = Assert.Throws<ArgumentException>(() => new Request("https://user:hunter2@example.org/", "POST"));
        Assert.Contains("'https://user:[secure]@example.org/'", e.Message);
        Assert.Contains("this is a URL", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void Json_body_sets_content_headers()
    {
        var r = new Request("POST", "https://example.org/", json: new { a = 1 });
        Assert.Equal("application/json", r.Headers["Content-Type"]);
        Assert.Equal("7", r.Headers["Content-Length"]);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(r.Content));
    }

    [Fact]
    public void A_given_Content_Length_is_not_joined_by_Transfer_Encoding()
    {
        // A streamed body would add "Transfer-Encoding: chunked"; hooks and mock transports saw both headers.
        static async IAsyncEnumerable<byte[]> Body() { yield return "abc"u8.ToArray(); await Task.CompletedTask; }
        var r = new Request("POST", "https://example.org/", headers: new Dictionary<string, string> { ["Content-Length"] = "3" }, content: Body());
        Assert.Equal("3", r.Headers["Content-Length"]);
        Assert.Null(r.Headers.Get("Transfer-Encoding"));
        Assert.Equal("chunked", new Request("POST", "https://example.org/", content: Body()).Headers["Transfer-Encoding"]);
    }

    [Fact]
    public void Params_are_merged_into_the_url()
    {
        var r = new Request("GET", "https://example.org/?a=1", @params: new Dictionary<string, string> { ["b"] = "2" });
        Assert.Equal("https://example.org/?a=1&b=2", r.Url.ToString());
    }

    [Fact]
    public async Task A_streaming_body_must_be_read_before_Content()
    {
        var r = new Request("POST", "https://example.org/", content: Chunks());
        Assert.Equal("chunked", r.Headers["Transfer-Encoding"]);
        Assert.Throws<RequestNotReadException>(() => r.Content);
        Assert.Equal("abc", Encoding.UTF8.GetString(await r.ReadAsync()));
        Assert.Equal("abc", Encoding.UTF8.GetString(r.Content));
        // Once read, the body is replayable.
        Assert.True(r.Stream.IsReplayable);

        static IEnumerable<byte[]> Chunks()
        {
            yield return "ab"u8.ToArray();
            yield return "c"u8.ToArray();
        }
    }

    [Fact]
    public void ToString_redacts_the_password()
    {
        var r = new Request("GET", "https://user:hunter2@example.org/x");
        Assert.DoesNotContain("hunter2", r.ToString());
        Assert.StartsWith("<Request('GET', 'https://user:", r.ToString());
    }

    [Fact]
    public void ToString_quotes_the_url_as_python_repr_does() =>
        Assert.Equal("<Request('GET', \"https://example.org/it's\")>", new Request("GET", "https://example.org/it's").ToString());

    [Fact]
    public void Describe_names_method_and_url_with_the_password_redacted() =>
        Assert.Equal("POST https://user:[secure]@example.org/x?q=1", new Request("post", "https://user:hunter2@example.org/x?q=1").Describe());

    [Fact]
    public void Timeout_lives_in_the_extensions()
    {
        var r = new Request("GET", "https://example.org/") { Timeout = new Timeout(3) };
        Assert.Same(r.Timeout, r.Extensions["timeout"]);
    }

    [Fact]
    public void The_url_cannot_be_set_to_null()
    {
        // It failed only when sent, as a NullReferenceException, and a piped request vanished without an error record.
        var r = new Request("GET", "https://example.org/x");
        var e = Assert.Throws<ArgumentNullException>(() => r.Url = null!);
        Assert.Equal("Url", e.ParamName);
        Assert.Contains("URL cannot be null", e.Message);
        Assert.Equal("https://example.org/x", r.Url.ToString());
    }

    [Fact]
    public void The_host_header_follows_a_new_url_unless_the_caller_set_another()
    {
        // HTTPX keeps the first Host: a request moved to another server named the old one there.
        var r = new Request("GET", "https://a.example/x");
        r.Url = new Url("https://b.example:8443/y");
        Assert.Equal(["b.example:8443"], r.Headers.GetList("Host"));
        Assert.Equal("Host", r.Headers.First().Name);
        r.Url = new Url("https://b.example:8443/z");   // same host: nothing to change
        Assert.Equal("b.example:8443", r.Headers["Host"]);

        var vhost = new Request("GET", "https://a.example/x", headers: new Dictionary<string, string> { ["Host"] = "vhost.test" });
        vhost.Url = new Url("https://b.example/x");
        Assert.Equal("vhost.test", vhost.Headers["Host"]);
    }

    [Fact]
    public void The_method_can_be_changed_and_is_normalised_as_when_built()
    {
        // HTTPX's request.method is settable; here it was read-only.
        var r = new Request("GET", "https://example.org/");
        r.Method = "purge";
        Assert.Equal("PURGE", r.Method);
        Assert.Throws<ArgumentException>(() => r.Method = "GE T");
        Assert.Throws<ArgumentNullException>(() => r.Method = null!);
        Assert.Equal("PURGE", r.Method);
    }
}
