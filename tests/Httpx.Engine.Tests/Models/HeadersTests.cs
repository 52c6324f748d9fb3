namespace Httpx.Tests.Models;

/// <summary>Headers: HTTPX's case-insensitive ordered multi-dict, with secrets masked in ToString.</summary>
public class HeadersTests
{
    [Fact]
    public void ForRequest_checks_values_as_a_request_does_and_From_does_not()
    {
        // Response headers may hold Latin-1: only a request's are refused for it, now before the first request is built.
        var table = new Dictionary<string, object?> { ["X-Name"] = "José" };
        Assert.Equal("José", Headers.From(table)["X-Name"]);
        var e = Assert.Throws<ArgumentException>(() => Headers.ForRequest(table));
        Assert.Contains("'X-Name': character 4 is not ASCII", e.Message);
        Assert.DoesNotContain("Jos", e.Message);
        Assert.Equal("Bearer é", Headers.ForRequest(new Dictionary<string, object?> { ["Authorization"] = "Bearer é" })["Authorization"]);
    }

    [Fact]
    public void Lookup_is_case_insensitive_and_repeated_values_join()
    {
        var h = new Headers([new("Accept", "a"), new("accept", "b"), new("X-One", "1")]);
        Assert.Equal("a, b", h["ACCEPT"]);
        Assert.Equal(["a", "b"], h.GetList("Accept"));
        Assert.Equal(["accept", "x-one"], h.Keys);
        Assert.Null(h.Get("missing"));
        Assert.Equal("dflt", h.Get("missing", "dflt"));
        var e = Assert.Throws<KeyNotFoundException>(() => h["Missing"]);
        Assert.Contains("Missing", e.Message);
    }

    [Fact]
    public void Values_are_one_per_name_joined_in_the_order_of_the_keys()
    {
        // HTTPX's headers.values() (its test_headers): "123, 456" then "789".
        var h = new Headers([new("a", "123"), new("A", "456"), new("b", "789")]);
        Assert.Equal(["a", "b"], h.Keys);
        Assert.Equal(["123, 456", "789"], h.Values);
        Assert.Empty(new Headers().Values);
    }

    [Fact]
    public void Dynamic_code_reads_and_sets_a_header_as_a_member_after_the_collections_own_members()
    {
        dynamic h = new Headers([new("Location", "/next"), new("Accept", "a"), new("accept", "b"), new("Count", "9")]);
        Assert.Equal("/next", (string)h.location);
        Assert.Equal("a, b", (string)h.Accept);
        Assert.Equal(4, (int)h.Count); // the collection's own member, not the header named Count
        Assert.Throws<Microsoft.CSharp.RuntimeBinder.RuntimeBinderException>(() => (string)h.Missing);
        h.Location = "/elsewhere";
        h.Via = new[] { "1.1 a", "1.1 b" };
        h.Accept = new[] { "x", "y" };
        Assert.Equal("/elsewhere", (string)h.Location);
        Assert.Equal(["1.1 a", "1.1 b"], ((Headers)h).GetList("via"));
        Assert.Equal(["location", "accept", "count", "via"], ((Headers)h).Keys); // a list takes the name's first place
        Assert.Equal("x, y", (string)h.Accept);
        Assert.Throws<ArgumentException>(() => h.Via = new[] { "ok", "bad\nvalue" });
        Assert.Equal(["1.1 a", "1.1 b"], ((Headers)h).GetList("via")); // nothing changed by the refused list
    }

    [Fact]
    public void Values_are_text_or_have_text_of_their_own()
    {
        var headers = Headers.From(new Dictionary<string, object?>
        {
            ["Accept"] = new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"),
            ["X-Bytes"] = "hi"u8.ToArray(),
            ["X-Number"] = 5,
        });
        Assert.Equal("application/json", headers["Accept"]);
        Assert.Equal("hi", headers["X-Bytes"]);
        Assert.Equal("5", headers["X-Number"]);
        // A Uri as written: its ToString() lower-cases the host and unescapes %20 to a space, another URL.
        Assert.Equal("HTTPS://Example.COM/a%20b", Headers.From(new[] { ("X-Next", new Uri("HTTPS://Example.COM/a%20b")) })["X-Next"]);
        // A dictionary, a list in the list, or an object with no text of its own went out as "[a, 1]" or a type name.
        var dictionary = Assert.Throws<ArgumentException>(() => Headers.From(new Dictionary<string, object?> { ["X-A"] = new Dictionary<string, int> { ["a"] = 1 } }));
        Assert.Contains("Header 'X-A'", dictionary.Message);
        Assert.Throws<ArgumentException>(() => Headers.From(new Dictionary<string, object?> { ["X-A"] = new object[] { 1, new[] { 2, 3 } } }));
        Assert.Throws<ArgumentException>(() => Headers.From(new Dictionary<string, object?> { ["X-A"] = new object() }));
    }

    [Fact]
    public void GetList_can_split_commas()
    {
        var h = new Headers([new("Vary", "Accept, Cookie"), new("Vary", "Origin")]);
        Assert.Equal(["Accept", "Cookie", "Origin"], h.GetList("vary", splitCommas: true));
    }

    [Fact]
    public void Set_replaces_every_value_in_place_and_Add_appends()
    {
        var h = new Headers([new("A", "1"), new("B", "2"), new("a", "3")]);
        h.Set("A", "x");
        Assert.Equal([new("A", "x"), new("B", "2")], h.Raw);
        h.Add("b", "4");
        Assert.Equal("2, 4", h["B"]);
        h.SetDefault("B", "ignored");
        h.SetDefault("C", "c");
        Assert.Equal("2, 4", h["B"]);
        Assert.Equal("c", h["c"]);
        Assert.True(h.Contains("a"));
        Assert.True(h.Remove("b"));
        Assert.False(h.ContainsKey("B"));
        Assert.False(h.Contains("b"));
    }

    [Fact]
    public void Update_replaces_names_present_in_the_other()
    {
        var h = new Headers([new("A", "1"), new("B", "2")]);
        h.Update(new Headers([new("a", "x"), new("a", "y"), new("C", "3")]));
        Assert.Equal("x, y", h["A"]);
        Assert.Equal("2", h["B"]);
        Assert.Equal("3", h["C"]);
    }

    // HTTPX's test_headers_decode_ascii, _utf_8 and _iso_8859_1: header bytes are ASCII, else UTF-8, else Latin-1.
    [Theory]
    [InlineData("Example", "ascii")]
    [InlineData("Code point: \u2603", "utf-8")]
    [InlineData("Code point: \u00ff", "iso-8859-1")]
    public void Byte_values_are_read_as_httpx_reads_header_bytes(string text, string encoding)
    {
        var bytes = System.Text.Encoding.GetEncoding(encoding).GetBytes(text);
        var headers = Headers.From(new System.Collections.Hashtable { ["Custom"] = bytes });
        Assert.Equal(text, headers["custom"]);
        Assert.Equal($"Headers({{'custom': '{text}'}})", headers.ToString());
    }

    [Fact]
    public void A_list_of_two_item_lists_is_read_as_name_value_pairs_as_query_params_are()
    {
        // PowerShell's @(@('X-A', '1'), @('X-A', '2')): an object[] of object[]. QueryParams.From took it, Headers.From
        // refused it as "not a list of name/value pairs" (HTTPX's Headers takes a list of pairs).
        var headers = Headers.From(new object[] { new object[] { "X-A", "1" }, new object[] { "X-A", 2 }, new List<object> { "X-B", "b" } });
        Assert.Equal(["1", "2"], headers.GetList("x-a"));
        Assert.Equal("b", headers["X-B"]);
        Assert.Equal(["X-A", "X-A", "X-B"], headers.Select(h => h.Name));
        // KeyValuePairs of any type, DictionaryEntries and Headers' own items, in one list.
        var mixed = Headers.From(new object[] { new KeyValuePair<string, int>("X-N", 5), new System.Collections.DictionaryEntry("X-E", "e"), new Header("X-H", "h") });
        Assert.Equal(("5", "e", "h"), (mixed["X-N"], mixed["X-E"], mixed["X-H"]));
        // As the checks of any header: a request's headers are checked for a list too.
        var nul = Assert.Throws<ArgumentException>(() => Headers.ForRequest(new object?[] { new object?[] { "Authorization", null } }));
        Assert.Contains("Header 'Authorization' has no value", nul.Message);
        // A flat list (a one-pair PowerShell list unrolled) is named by the item's type and place, never its value.
        var flat = Assert.Throws<ArgumentException>(() => Headers.From(new object[] { "Authorization", "Bearer SECRET" }));
        Assert.Contains("item 1 of the list is System.String, not a (name, value) pair", flat.Message);
        Assert.DoesNotContain("SECRET", flat.Message);
        var three = Assert.Throws<ArgumentException>(() => Headers.From(new object[] { new object[] { "Cookie", "a=SECRET", "x" } }));
        Assert.DoesNotContain("SECRET", three.Message);
        var name = Assert.Throws<ArgumentException>(() => Headers.From(new object[] { new object?[] { 5, "SECRET" } }));
        Assert.Contains("the name of pair 1 is System.Int32, not text", name.Message);
        Assert.DoesNotContain("SECRET", name.Message);
        Assert.Throws<ArgumentException>(() => Headers.From("X-A: 1"));
    }

    [Fact]
    public void From_accepts_dictionaries_hashtables_with_lists_and_pairs()
    {
        Assert.Equal("1", Headers.From(new Dictionary<string, string> { ["X"] = "1" })["x"]);
        var table = new System.Collections.Hashtable { ["X-List"] = new[] { "a", "b" }, ["X-Num"] = 5, ["X-Bool"] = true };
        var h = Headers.From(table);
        Assert.Equal(["a", "b"], h.GetList("X-List"));
        Assert.Equal("5", h["X-Num"]);
        Assert.Equal("true", h["X-Bool"]);
        Assert.Equal("v", Headers.From(new[] { ("N", "v") })["n"]);
        var dates = Headers.From(new System.Collections.Hashtable
        {
            ["If-Modified-Since"] = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ["X-Offset"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
        });
        Assert.Equal("Tue, 02 Jan 2024 03:04:05 GMT", dates["If-Modified-Since"]); // HTTP's date format
        Assert.Equal("Tue, 02 Jan 2024 01:04:05 GMT", dates["X-Offset"]);
        var e = Assert.Throws<ArgumentException>(() => Headers.From(42));
        Assert.Contains("System.Int32", e.Message);
    }

    [Theory]
    [InlineData("Bad Name", "v", "'Bad …': character 'space'")]
    [InlineData("Bad:Name", "v", "'Bad …': character ':'")]
    [InlineData("Bad(Name)", "v", "'Bad(Name)'")]
    [InlineData("X-Trace ", "v", "'X-Trace ': character 'space'")]
    [InlineData("", "v", "empty")]
    [InlineData("X-Inject", "a\r\nEvil: 1", "X-Inject")]
    [InlineData("X-Nul", "a\0b", "\\0")]
    public void Invalid_names_and_values_are_rejected_naming_them(string name, string value, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => new Headers().Add(name, value));
        Assert.Contains(named, e.Message);
    }

    [Theory]
    [InlineData("Authorization: Bearer tok3n", "'Authorization …'")]
    [InlineData("Authorization Bearer tok3n", "'Authorization …'")]
    [InlineData("cookie:sid=tok3n", "'cookie …'")]
    [InlineData("X-Api-Key\ntok3n", "'X-Api-Key …'")]
    public void A_header_line_given_as_a_name_does_not_show_a_secret_value(string name, string shown)
    {
        // -Headers @{ 'Authorization: Bearer ...' = 'x' }: the message showed the token.
        var e = Assert.Throws<ArgumentException>(() => new Headers().Add(name, "x"));
        Assert.Contains(shown, e.Message);
        Assert.DoesNotContain("tok3n", e.Message);
    }

    [Fact]
    public void Equality_ignores_order_and_name_case()
    {
        Assert.Equal(new Headers([new("A", "1"), new("B", "2")]), new Headers([new("b", "2"), new("a", "1")]));
        Assert.NotEqual(new Headers([new("A", "1")]), new Headers([new("A", "2")]));
    }

    [Fact]
    public void ToString_masks_secrets()
    {
        var h = new Headers([new("Authorization", "Bearer topsecret"), new("Proxy-Authorization", "Basic xyz"),
            new("Cookie", "session=abc"), new("Set-Cookie", "id=1"), new("Accept", "*/*")]);
        var text = h.ToString();
        Assert.Equal("Headers({'authorization': '[secure]', 'proxy-authorization': '[secure]', 'cookie': '[secure]', 'set-cookie': '[secure]', 'accept': '*/*'})", text);
        // A repeated name: HTTPX's list form, secrets still masked.
        Assert.Equal("Headers([('a', '1'), ('a', '2'), ('authorization', '[secure]')])",
            new Headers([new("a", "1"), new("A", "2"), new("Authorization", "Bearer s3cret")]).ToString());
        Assert.DoesNotContain("topsecret", text);
        Assert.Equal("Bearer topsecret", h["authorization"]); // the value itself is intact
    }

    [Theory]
    [InlineData("X-API-Key")]
    [InlineData("x-api-key")]
    [InlineData("Api-Key")]
    [InlineData("PRIVATE-TOKEN")]
    [InlineData("X-Auth-Token")]
    [InlineData("X-Vault-Token")]
    [InlineData("X-Subject-Token")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    [InlineData("X-Registry-Auth")]
    [InlineData("X-Registry-Config")]
    [InlineData("X-Api-Secret")]
    [InlineData("X_Api_Key")]
    [InlineData("X-Octopus-ApiKey")]
    [InlineData("X-JFrog-Art-Api")]
    [InlineData("X-Authorization")]
    [InlineData("X-Session-Id")]
    // Each word of the list, one case each: a word dropped from it would show that header's value.
    [InlineData("X-Api-Password")]
    [InlineData("X-Passwd")]
    [InlineData("X-Credential")]
    [InlineData("X-Credentials")]
    [InlineData("X-JWT-Assertion")]
    // Run together, as ApiKey is: a token's names written as one word, and Honeycomb's key by its name.
    [InlineData("X-AuthToken")]
    [InlineData("X-AccessToken")]
    [InlineData("X-Honeycomb-Team")]
    public void ToString_and_each_headers_text_mask_an_api_key_or_token_header(string name)
    {
        var h = new Headers([new(name, "k3y-s3cret"), new("Accept", "*/*")]);
        Assert.Equal($"Headers({{'{name.ToLowerInvariant()}': '[secure]', 'accept': '*/*'}})", h.ToString());
        Assert.Equal($"{name}: [secure]", h.First().ToString());
        Assert.Equal("k3y-s3cret", h[name]); // the value itself is intact
    }

    [Theory]
    [InlineData("X-Api-Version")]
    [InlineData("WWW-Authenticate")]
    [InlineData("Authentication-Info")]
    [InlineData("Idempotency-Key")]
    [InlineData("Sec-WebSocket-Key")]
    [InlineData("Keep-Alive")]
    [InlineData("X-Request-Id")]
    [InlineData("X-Keystone")]
    public void Each_headers_text_shows_a_header_whose_name_names_no_credential(string name)
    {
        var h = new Headers([new(name, "v-1")]);
        Assert.Equal($"{name}: v-1", h.First().ToString());
    }

    [Fact]
    public void ToString_and_each_headers_text_mask_the_password_of_a_url_valued_header()
    {
        var h = new Headers([new("Location", "https://ada:s3cret@other.example/next"), new("Referer", "http://bob:pw2@a.example/"),
            new("Link", "<https://c.example/>; rel=next")]);
        Assert.Equal("Headers({'location': 'https://ada:[secure]@other.example/next', 'referer': 'http://bob:[secure]@a.example/', 'link': '<https://c.example/>; rel=next'})", h.ToString());
        Assert.Equal(["Location: https://ada:[secure]@other.example/next", "Referer: http://bob:[secure]@a.example/", "Link: <https://c.example/>; rel=next"],
            h.Select(header => header.ToString()));
        Assert.Equal("https://ada:s3cret@other.example/next", h["location"]); // the value itself is intact
    }

    [Fact]
    public void ToString_quotes_values_as_python_repr_does()
    {
        // As CPython prints HTTPX's Headers: a value holding a single quote goes in double quotes.
        var h = new Headers([new("Content-Security-Policy", "default-src 'self'"), new("ETag", "W/\"x\"")]);
        Assert.Equal("Headers({'content-security-policy': \"default-src 'self'\", 'etag': 'W/\"x\"'})", h.ToString());
    }

    [Fact]
    public void Enumerates_headers_in_order_whose_text_masks_secrets()
    {
        var h = new Headers([new("Authorization", "Bearer topsecret"), new("X-Id", "7"), new("x-id", "8")]);
        Assert.Equal(["Authorization", "X-Id", "x-id"], h.Select(header => header.Name));
        var (name, value) = h.First();
        Assert.Equal(("Authorization", "Bearer topsecret"), (name, value));
        // What joins a collection's items into text (PowerShell's "$headers") shows no secret.
        Assert.Equal("Authorization: [secure] X-Id: 7 x-id: 8", string.Join(" ", h));
    }

    [Fact]
    public void Copy_is_independent()
    {
        var h = new Headers([new("A", "1")]);
        var copy = h.Copy();
        copy.Set("A", "2");
        Assert.Equal("1", h["A"]);
    }
}
