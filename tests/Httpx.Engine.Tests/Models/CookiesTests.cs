namespace Httpx.Tests.Models;

/// <summary>The Cookies jar and Set-Cookie parsing (HTTPX's tests/models/test_cookies.py, plus RFC 6265 rules).</summary>
public class CookiesTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Cookie? Parse(string header, string url = "https://www.example.com/docs/page") =>
        Cookie.ParseSetCookie(header, new Url(url), Now);

    [Theory]
    [InlineData("sid=COOKIESECRET", "'sid…'", "'='")]
    [InlineData("sid COOKIESECRET", "'sid…'", "' '")]
    public void An_invalid_cookie_name_is_shown_only_up_to_its_bad_character(string name, string shown, string bad)
    {
        // "name=value" given as a name: what follows the bad character is often the value, a secret.
        var e = Assert.Throws<ArgumentException>(() => new Cookies().Set(name, "x"));
        Assert.DoesNotContain("COOKIESECRET", e.Message);
        Assert.Contains($"Invalid cookie name {shown}: it holds {bad} at position 3", e.Message);
    }

    [Fact]
    public void An_empty_cookie_name_is_refused_naming_the_cookie_name()
    {
        // It was .NET's "The value cannot be an empty string. (Parameter 'name')", which said neither cookie nor name.
        var e = Assert.Throws<ArgumentException>(() => new Cookies().Set("", "SECRET"));
        Assert.StartsWith("Invalid cookie name '': the name is empty, and a cookie is sent as name=value.", e.Message);
        Assert.DoesNotContain("SECRET", e.Message);
        Assert.Throws<ArgumentException>(() => Cookies.From(new Dictionary<string, object?> { [""] = "x" }));
    }

    [Fact]
    public void A_dictionary_value_that_is_a_list_or_a_dictionary_is_refused_not_sent_as_its_type_name()
    {
        // PowerShell's @{ b = 1, 2 } or @{ b = @{ x = 1 } }: the jar stored "System.Collections.Generic.List`1[...]".
        var list = Assert.Throws<ArgumentException>(() => Cookies.From(new Dictionary<string, object?> { ["b"] = new List<object?> { "SECRET1", "SECRET2" } }));
        Assert.Contains("The cookie 'b' is given a list of 2 values: a cookie holds one value.", list.Message);
        Assert.DoesNotContain("SECRET", list.Message);
        var map = Assert.Throws<ArgumentException>(() => Cookies.From(new Dictionary<string, object?> { ["c"] = new Dictionary<string, object?> { ["x"] = "SECRET" } }));
        Assert.Contains("The cookie 'c' is given a dictionary as its value", map.Message);
        Assert.DoesNotContain("SECRET", map.Message);

        // One value of any other kind goes as its invariant text, as before; null as an empty value.
        var cookies = Cookies.From(new Dictionary<string, object?> { ["n"] = 1.5, ["t"] = true, ["e"] = null, ["s"] = "text" });
        Assert.Equal(["1.5", "True", "", "text"], new[] { cookies["n"], cookies["t"], cookies["e"], cookies["s"] });
    }

    [Fact]
    public void Cookies_of_a_jar_one_or_a_list_make_a_jar_keeping_their_scope()
    {
        var source = new Cookies();
        source.ExtractCookies(new Response(200, headers: new Dictionary<string, string> { ["Set-Cookie"] = "sid=1; Path=/api" }, request: new Request("GET", "https://api.example.org/x")));
        source.Set("any", "2");
        var one = Cookies.From(source.Jar[0]);
        Assert.Equal(("api.example.org", true, "/api"), (one.Jar[0].Domain, one.Jar[0].HostOnly, one.Jar[0].Path));
        var list = Cookies.From(new object[] { source.Jar[0], source.Jar[1], new System.Net.Cookie("n", "3", "/", ".example.org") });
        Assert.Equal(["sid", "any", "n"], list.Jar.Select(c => c.Name));
        Assert.Equal("example.org", list.Jar[2].Domain);
        var bad = Assert.Throws<ArgumentException>(() => Cookies.From(new object[] { source.Jar[0], "SECRET=1" }));
        Assert.StartsWith("A list of cookies holds Httpx.Cookie or System.Net.Cookie items or (name, value) pairs, not System.String (item 2;", bad.Message);
        Assert.DoesNotContain("SECRET", bad.Message);
    }

    [Fact]
    public void A_list_of_name_value_tuples_makes_a_jar_as_for_headers_and_params()
    {
        // HTTPX's Cookies([("name1", "val1"), ("name2", "val2")]) (test_cookies_can_be_a_list_of_tuples): refused here
        // as items of an unknown type, where Headers.From and QueryParams.From take the same list.
        var cookies = new Cookies(new[] { ("name1", "val1"), ("name2", "val2") });
        Assert.Equal(["name1", "name2"], cookies.Keys);
        Assert.Equal(("val1", "val2"), (cookies["name1"], cookies["name2"]));
        Assert.Equal("", cookies.Jar[0].Domain); // set by hand: sent to every host, as a dictionary's are
        Assert.Equal("7", Cookies.From(new object[] { ("n", 7) })["n"]);
        var bad = Assert.Throws<ArgumentException>(() => Cookies.From(new object[] { ("b", new[] { "SECRET1", "SECRET2" }) }));
        Assert.Contains("The cookie 'b' is given a list of 2 values", bad.Message);
        Assert.DoesNotContain("SECRET", bad.Message);
    }

    [Fact]
    public void A_list_of_two_item_lists_makes_a_jar_as_for_headers_and_params()
    {
        // PowerShell's @(@('sid', 'abc'), @('lang', 'en')): an object[] of object[], refused as an item of unknown type.
        var cookies = Cookies.From(new object[] { new object[] { "sid", "abc" }, new List<object> { "n", 7 } });
        Assert.Equal(["sid", "n"], cookies.Keys);
        Assert.Equal(("abc", "7"), (cookies["sid"], cookies["n"]));
        var empty = Assert.Throws<ArgumentException>(() => Cookies.From(new object[] { new object[] { "", "SECRET" } }));
        Assert.Contains("no name (item 1)", empty.Message);
        Assert.DoesNotContain("SECRET", empty.Message);
        // A pair whose first item is not text: its name's type is named, not its value.
        var bad = Assert.Throws<ArgumentException>(() => Cookies.From(new object[] { new object[] { 1, "SECRET" } }));
        Assert.Contains("The name of the cookie pair at item 1 is System.Int32, not text.", bad.Message);
        Assert.DoesNotContain("SECRET", bad.Message);
    }

    [Fact]
    public void A_tuple_without_a_name_is_refused_naming_the_item()
    {
        // (null, value) was turned into the name "" and refused by Cookie's constructor as "The value cannot be an empty
        // string. (Parameter 'name')": a parameter the caller never saw, and no word of which item.
        var e = Assert.Throws<ArgumentException>(() => Cookies.From(new object?[] { ("a", "1"), ((string?)null, "SECRET") }));
        Assert.Contains("item 2", e.Message);
        Assert.Contains("no name", e.Message);
        Assert.DoesNotContain("SECRET", e.Message);
    }

    [Fact]
    public void Keys_are_the_names_each_once_in_the_jars_order()
    {
        var cookies = new Cookies();
        cookies.Set("b", "1");
        cookies.Set("a", "2", "one.example");
        cookies.Set("b", "3", "two.example");
        Assert.Equal(["b", "a"], cookies.Keys);
        Assert.Empty(new Cookies().Keys);
    }

    [Fact]
    public void Set_get_delete_clear_indexer_and_count()
    {
        var cookies = new Cookies();
        cookies["a"] = "1";
        cookies.Set("b", "2", domain: "example.org", path: "/p");
        Assert.Equal(2, cookies.Count);
        Assert.Equal("1", cookies["a"]);
        Assert.Equal("2", cookies.Get("b", domain: ".example.org"));
        Assert.Null(cookies.Get("missing"));
        Assert.Equal("dflt", cookies.Get("missing", "dflt"));
        Assert.Throws<KeyNotFoundException>(() => cookies["missing"]);
        Assert.Equal(new[] { "a", "b" }, cookies.Select(c => c.Name).OrderBy(k => k));

        cookies.Delete("a");
        Assert.False(cookies.Contains("a"));
        cookies.Clear(domain: "example.org");
        Assert.Equal(0, cookies.Count);
    }

    [Fact]
    public void Get_delete_and_clear_keep_to_the_domain_and_path_given()
    {
        var cookies = new Cookies();
        cookies.Set("id", "org-root", domain: "example.org", path: "/");
        cookies.Set("id", "org-api", domain: "example.org", path: "/api");
        cookies.Set("id", "com", domain: "example.com", path: "/");
        cookies.Set("other", "x", domain: "example.com", path: "/api");

        Assert.Equal("org-api", cookies.Get("id", domain: "example.org", path: "/api"));
        Assert.Equal("com", cookies.Get("id", domain: "example.com"));

        cookies.Delete("id", domain: "example.org", path: "/api");
        Assert.Equal("org-root", cookies.Get("id", domain: "example.org"));
        Assert.Equal(3, cookies.Count);

        cookies.Clear(domain: "example.com", path: "/api");
        Assert.Equal(new[] { "id/example.com", "id/example.org" }, cookies.Select(c => $"{c.Name}/{c.Domain}").OrderBy(k => k));
        cookies.Clear(domain: "example.org");
        Assert.Equal("com", cookies.Get("id"));
    }

    [Fact]
    public void Get_with_several_values_conflicts_until_domain_and_path_choose()
    {
        var cookies = new Cookies();
        cookies.Set("name", "value-1", domain: "example.org");
        cookies.Set("name", "value-2", domain: "example.com");
        var e = Assert.Throws<CookieConflictException>(() => cookies.Get("name"));
        Assert.Equal("CookieConflict", e.ErrorName);
        Assert.DoesNotContain("value-", e.Message);
        Assert.Equal("value-2", cookies.Get("name", domain: "example.com"));

        // The same value twice conflicts too, as in HTTPX: which cookie is meant is still open.
        var same = new Cookies();
        same.Set("n", "v", domain: "a.org");
        same.Set("n", "v", domain: "b.org");
        Assert.Throws<CookieConflictException>(() => same.Get("n"));
        Assert.Equal("v", same.Get("n", domain: "a.org"));
    }

    [Fact]
    public void Update_and_setting_again_replace_by_name_domain_and_path()
    {
        var cookies = new Cookies();
        cookies.Set("a", "1");
        var other = new Cookies();
        other.Set("a", "2");
        other.Set("b", "3");
        cookies.Update(other);
        Assert.Equal(2, cookies.Count);
        Assert.Equal("2", cookies["a"]);
    }

    [Fact]
    public void A_replaced_cookie_keeps_its_place_in_the_jar_and_the_Cookie_header()
    {
        // RFC 6265's creation time and Python's cookiejar order: "a=3; b=2", where it was "b=2; a=3".
        var cookies = new Cookies();
        cookies.Set("a", "1");
        cookies.Set("b", "2");
        cookies.Set("a", "3");
        Assert.Equal(["a", "b"], cookies.Jar.Select(c => c.Name));
        Assert.Equal("a=3; b=2", CookieHeaderFor(cookies));
    }

    // The Cookie header the jar gives a request to the URL (null: none).
    private static string? CookieHeaderFor(Cookies cookies, string url = "https://example.org/")
    {
        var request = new Request("GET", url);
        cookies.SetCookieHeader(request);
        return request.Headers.Get("Cookie");
    }

    [Fact]
    public void A_cookie_a_server_sets_again_keeps_its_place_too()
    {
        var cookies = new Cookies();
        var request = new Request("GET", "https://example.org/");
        foreach (var header in new[] { "a=1", "b=2", "a=3" })
            cookies.ExtractCookies(new Response(200, headers: new Dictionary<string, string> { ["Set-Cookie"] = header }, request: request));
        Assert.Equal("a=3; b=2", CookieHeaderFor(cookies));
    }

    [Fact]
    public void An_empty_domain_or_path_is_any_as_PowerShell_passes_null()
    {
        var cookies = new Cookies();
        cookies.Set("n", "root", domain: "h.example.com", path: "/");
        cookies.Set("n", "x", domain: "h.example.com", path: "/x");
        cookies.Set("n", "dom", domain: "example.com", path: "/");
        Assert.Equal("dom", cookies.Get("n", null, "example.com", ""));
        cookies.Delete("n", "", "/x");
        Assert.Equal(2, cookies.Count);
        cookies.Clear("", "/");
        Assert.Equal(0, cookies.Count);
    }

    [Fact]
    public void ToString_never_shows_values()
    {
        var cookies = new Cookies();
        cookies.Set("session", "s3cr3t-value", domain: "example.org");
        Assert.DoesNotContain("s3cr3t", cookies.ToString());
        Assert.Contains("session", cookies.ToString());
        Assert.DoesNotContain("s3cr3t", cookies.Jar[0].ToString());
    }

    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT")]     // RFC 1123
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT")]    // RFC 850
    [InlineData("Sun Nov  6 08:49:37 1994")]          // asctime
    [InlineData("06 Nov 1994 08:49:37")]
    [InlineData("Sun, 06-Nov-1994 08:49:37 UTC")]
    // 5.1.1's tokens: a month is its first three letters, an hour one or two digits, a tab delimits as a space does.
    [InlineData("Sunday, 06 November 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 8:49:37 GMT")]
    [InlineData("Sun,\t06\tNov\t1994\t08:49:37\tGMT")]
    public void Expires_accepts_the_formats_of_rfc6265_5_1_1(string date)
    {
        var cookie = Parse("a=1; Expires=" + date)!;
        Assert.Equal(new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero), cookie.Expires);
    }

    [Theory]
    [InlineData("not a date")]
    [InlineData("Sun, 31 Feb 2031 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1500 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 2031 25:49:37 GMT")]
    public void Unparseable_expires_is_ignored_and_the_cookie_is_a_session_one(string date)
    {
        Assert.Null(Parse("a=1; Expires=" + date)!.Expires);
    }

    [Fact]
    public void Max_age_takes_precedence_and_negative_means_expired()
    {
        Assert.Equal(Now.AddSeconds(60), Parse("a=1; Max-Age=60; Expires=Sun, 06 Nov 1994 08:49:37 GMT")!.Expires);
        Assert.True(Parse("a=1; Max-Age=-1")!.Expires <= Now);
        Assert.Null(Parse("a=1; Max-Age=+5")!.Expires); // not delta-seconds: ignored
    }

    [Fact]
    public void A_cookie_that_expires_while_in_the_jar_is_no_longer_sent()
    {
        // Python's cookiejar clears expired cookies before it adds the Cookie header, and so does the jar. A cookie
        // stored with two seconds to live; the test waits on the clock until they have passed (the behaviour is the
        // passing of time: there is no clock to set). It checks the cookie was kept first, so that it cannot pass
        // without having sent a cookie that expired in the jar.
        var jar = new Cookies();
        var expires = DateTimeOffset.UtcNow.AddSeconds(2);
        jar.Add(new Cookie("session", "1") { Domain = "example.com", HostOnly = true, Expires = expires });
        Assert.Equal(1, jar.Count);
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow > expires);
        var request = new Request("GET", "https://example.com/");
        jar.SetCookieHeader(request);
        Assert.False(request.Headers.ContainsKey("Cookie"));
        Assert.Equal(0, jar.Count);
    }

    [Fact]
    public void A_server_cannot_keep_a_cookie_for_more_than_400_days()
    {
        // RFC 6265bis 5.5, as browsers do (Python's cookiejar has no cap): an Expires or a Max-Age decades away is cut
        // to 400 days from now, so the jar (and the cookies.txt saved from it) does not keep the cookie longer.
        var cap = Now.AddDays(400);
        Assert.Equal(cap, Parse("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT")!.Expires);
        Assert.Equal(cap, Parse("a=1; Max-Age=999999999")!.Expires);
        Assert.Equal(cap, Parse("a=1; Max-Age=99999999999999999999")!.Expires);
        Assert.Equal(Now.AddDays(399), Parse("a=1; Expires=" + Now.AddDays(399).ToString("r"))!.Expires); // under it: as given
    }

    [Fact]
    public void Domain_rules()
    {
        var domain = Parse("a=1; Domain=.Example.com; Path=/")!;
        Assert.Equal("example.com", domain.Domain);
        Assert.False(domain.HostOnly);
        Assert.True(domain.Matches(new Url("https://example.com/")));
        Assert.True(domain.Matches(new Url("https://api.example.com/")));
        Assert.False(domain.Matches(new Url("https://badexample.com/")));

        var hostOnly = Parse("a=1")!;
        Assert.True(hostOnly.HostOnly);
        Assert.Equal("www.example.com", hostOnly.Domain);
        Assert.False(hostOnly.Matches(new Url("https://sub.www.example.com/docs")));

        Assert.Null(Parse("a=1; Domain=other.com"));
        Assert.Null(Parse("a=1; Domain=..example.com")); // one leading dot is dropped (5.2.3), not every one
        Assert.Null(Parse("a=1; Domain=sub.www.example.com"));
        // A single label is treated as a public suffix: refused for a subdomain, host-only for the host itself.
        Assert.Null(Parse("a=1; Domain=com"));
        var local = Parse("a=1; Domain=localhost", "http://localhost/")!;
        Assert.True(local.HostOnly);
        // An IP address: only itself, host-only.
        Assert.Null(Parse("a=1; Domain=0.0.1", "http://127.0.0.1/"));
        Assert.True(Parse("a=1; Domain=127.0.0.1", "http://127.0.0.1/")!.HostOnly);
    }

    [Fact]
    public void A_domain_cookie_is_not_sent_to_an_ip_address_that_ends_in_its_domain()
    {
        // RFC 6265 5.1.3, as browsers do: 127.0.0.1 is not "under" 0.0.1. A server cannot set such a cookie (above), but
        // one given by hand or read from a cookies.txt file can name it. HTTPX differs: Python's cookiejar matches a
        // Netscape cookie's domain as a string suffix (domain_match's host-name rule is for RFC 2965 cookies only), so
        // it sends this cookie, and even stores Domain=0.0.1 from 127.0.0.1.
        var cookies = new Cookies();
        cookies.Set("a", "1", domain: "0.0.1");
        var request = new Request("GET", "http://127.0.0.1/");
        cookies.SetCookieHeader(request);
        Assert.False(request.Headers.ContainsKey("Cookie"));
    }

    [Theory]
    // Python's cookiejar rule for "co.uk"-style suffixes (DefaultCookiePolicy with strict_domain): a two-label domain,
    // a two-letter country code under one of its fixed second-level names, is a public suffix, as "com" is.
    [InlineData("a=1; Domain=.co.uk", "https://www.example.co.uk/")]
    [InlineData("a=1; Domain=co.uk", "https://www.example.co.uk/")]
    [InlineData("a=1; Domain=.com.au", "https://shop.example.com.au/")]
    [InlineData("a=1; Domain=AC.UK", "https://www.ox.ac.uk/")]
    [InlineData("a=1; Domain=gov.uk", "https://www.gov.uk/")]
    public void A_country_code_second_level_domain_is_refused_as_a_public_suffix(string header, string url)
    {
        Assert.Null(Parse(header, url));
    }

    [Theory]
    // A fully qualified host ("www.example.co.uk.") names its domains with the root's dot: "co.uk." and "com." are the
    // same public suffixes as "co.uk" and "com", and were kept as domain cookies for every such host.
    [InlineData("a=1; Domain=co.uk.", "https://www.example.co.uk./")]
    [InlineData("a=1; Domain=.co.uk.", "https://www.example.co.uk./")]
    [InlineData("a=1; Domain=com.", "https://www.example.com./")]
    public void A_public_suffix_with_a_trailing_dot_is_refused_too(string header, string url)
    {
        Assert.Null(Parse(header, url));
        // The registrable domain under it is still a domain.
        Assert.False(Parse("a=1; Domain=example.co.uk.", "https://www.example.co.uk./")!.HostOnly);
    }

    [Fact]
    public void A_country_code_second_level_domain_is_the_hosts_own_for_that_host_and_its_children_are_domains()
    {
        // The host itself gets its cookie, host-only, as for a single-label domain (RFC 6265 5.3 step 5).
        var own = Parse("a=1; Domain=co.uk", "https://co.uk/")!;
        Assert.True(own.HostOnly);
        Assert.False(own.Matches(new Url("https://example.co.uk/")));
        // A registrable domain under it, or a name that is not in the list, is a domain as before.
        var site = Parse("a=1; Domain=.example.co.uk", "https://www.example.co.uk/")!;
        Assert.False(site.HostOnly);
        Assert.True(site.Matches(new Url("https://api.example.co.uk/")));
        Assert.False(Parse("a=1; Domain=example.io", "https://www.example.io/")!.HostOnly);
        Assert.False(Parse("a=1; Domain=me.uk", "https://www.me.uk/")!.HostOnly);   // not in Python's list
        Assert.False(Parse("a=1; Domain=co.com", "https://www.co.com/")!.HostOnly); // a three-letter top-level domain
    }

    [Fact]
    public void Path_rules()
    {
        Assert.Equal("/docs", Parse("a=1")!.Path);
        Assert.Equal("/docs", Parse("a=1; Path=relative")!.Path);
        var c = Parse("a=1; Path=/docs")!;
        Assert.True(c.Matches(new Url("https://www.example.com/docs")));
        Assert.True(c.Matches(new Url("https://www.example.com/docs/x?q=1")));
        Assert.False(c.Matches(new Url("https://www.example.com/docsx")));
        Assert.False(c.Matches(new Url("https://www.example.com/")));
    }

    [Theory]
    // Python's cookiejar (HTTPX) compares paths escaped (escape_path: characters a URL path cannot hold as UTF-8 %XX,
    // every %xx upper-cased), so a Path and a request URL that differ only in how they are escaped match, and the
    // cookie keeps its Path escaped (test_escape_path, test_url_encoding).
    [InlineData("a=1; Path=/%7euser", "/%7Euser", "https://www.example.com/%7Euser/x")]
    [InlineData("a=1; Path=/%7Euser", "/%7Euser", "https://www.example.com/%7euser/x")]
    [InlineData("a=1; Path=/a b", "/a%20b", "https://www.example.com/a b/x")]
    [InlineData("a=1; Path=/api/{id}", "/api/%7Bid%7D", "https://www.example.com/api/%7bid%7d")]
    [InlineData("a=1; Path=/caf\u00e9", "/caf%C3%A9", "https://www.example.com/caf%c3%a9/x")]
    [InlineData("a=1; Path=/a|b^c", "/a%7Cb%5Ec", "https://www.example.com/a|b^c")]
    [InlineData("a=1", "/caf%C3%A9", "https://www.example.com/caf%c3%a9/x")] // the default path, from the request URL
    public void Paths_are_compared_escaped_as_Python_escapes_them(string header, string path, string url)
    {
        var cookie = Cookie.ParseSetCookie(header, new Url("https://www.example.com/caf%c3%a9/page"), Now)!;
        Assert.Equal(path, cookie.Path);
        Assert.True(cookie.Matches(new Url(url)));
        // Escaping is all: nothing is decoded, so an escaped '/' is still not a '/'.
        Assert.False(Parse("b=1; Path=/foo%2Fbar")!.Matches(new Url("https://www.example.com/foo/bar")));
    }

    [Fact]
    public void A_path_set_by_hand_or_read_from_a_file_is_kept_as_given_and_compared_escaped()
    {
        // A server's Path is kept escaped; one given by hand, or read from a cookies.txt (curl keeps a Path as the
        // server wrote it; files saved before 68e8eaf hold it unescaped), is kept as given and escaped when compared,
        // so that it goes with the URL that writes it otherwise. Python's jar compares such a path unescaped with the
        // escaped request path, and never sends '/a b'.
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "www.example.com\tFALSE\t/%7euser\tFALSE\t0\ttilde\t1\n");
            var jar = Cookies.Load(file);
            jar.Set("spaced", "1", "www.example.com", "/a b");
            Assert.Equal(new[] { "/%7euser", "/a b" }, jar.Jar.Select(c => c.Path));
            Assert.Equal("tilde=1", CookieHeaderFor(jar, "https://www.example.com/%7Euser/x"));
            Assert.Equal("spaced=1", CookieHeaderFor(jar, "https://www.example.com/a%20b/x"));
            Assert.Equal("spaced=1", CookieHeaderFor(jar, "https://www.example.com/a b"));
            Assert.Null(CookieHeaderFor(jar, "https://www.example.com/a%20bc"));
            Assert.Null(CookieHeaderFor(jar, "https://www.example.com/~user/x")); // escaping decodes nothing: '%7E' is not '~'
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    // RFC 6265bis 4.1.3, as browsers and curl check them: a site relies on these names to know that a cookie was set
    // over https (__Secure-), and by its own host for the whole site (__Host-), never by a sibling or parent domain.
    [InlineData("__Secure-a=1; Secure", true)]
    [InlineData("__Secure-a=1", false)]
    [InlineData("__Host-a=1; Secure; Path=/", true)]
    [InlineData("__Host-a=1; Path=/", false)]
    [InlineData("__Host-a=1; Secure", false)]
    [InlineData("__Host-a=1; Secure; Path=/docs", false)]
    [InlineData("__Host-a=1; Secure; Path=/; Domain=example.com", false)]
    [InlineData("__host-a=1; Path=/", false)]
    [InlineData("__SECURE-a=1", false)]
    public void Cookie_name_prefixes_are_kept_only_with_the_attributes_they_promise(string header, bool kept)
    {
        var cookie = Parse(header);
        Assert.Equal(kept, cookie is not null);
        if (cookie is not null) Assert.True(cookie.Secure);
    }

    [Fact]
    public void Secure_cookie_is_refused_from_http_and_only_matches_https()
    {
        Assert.Null(Parse("a=1; Secure", "http://www.example.com/"));
        var secure = Parse("a=1; Secure; Path=/")!;
        Assert.False(secure.Matches(new Url("http://www.example.com/")));
        Assert.True(secure.Matches(new Url("https://www.example.com/")));
    }

    [Fact]
    public void Invalid_set_cookie_headers_are_ignored()
    {
        Assert.Null(Parse(""));
        Assert.Null(Parse("; Path=/"));
        Assert.Null(Parse("=nameless"));
        Assert.Equal("", Parse("empty=")!.Value);
    }

    [Fact]
    public void A_Set_Cookie_without_an_equals_sign_is_a_cookie_without_a_value_sent_back_as_its_name()
    {
        // Python's cookiejar (HTTPX) keeps 'Set-Cookie: eggs' as the cookie eggs without a value and sends it back as
        // 'eggs' (test_missing_value, test_ns_parser); RFC 6265bis and browsers send 'eggs' too. It was dropped.
        var eggs = Parse(" eggs ; Path=/")!;
        Assert.Equal(("eggs", "", false), (eggs.Name, eggs.Value, eggs.HasValue));
        Assert.True(Parse("fortytwo=")!.HasValue); // an empty value is a value: 'fortytwo='

        var jar = new Cookies();
        var url = "http://www.acme.com/";
        void Set(string header) => jar.ExtractCookies(new Response(200, headers: new Dictionary<string, string> { ["Set-Cookie"] = header }, request: new Request("GET", url)));
        string? Sent(string to)
        {
            var request = new Request("GET", to);
            jar.SetCookieHeader(request);
            return request.Headers.Get("Cookie");
        }
        Set("eggs");
        Set("\"spam\"; path=/foo/");
        Set("fortytwo=");
        Assert.Equal("\"spam\"; eggs; fortytwo=", Sent("http://www.acme.com/foo/"));
        Assert.Equal("", jar["eggs"]);

        // Same name, domain and path: one cookie, whichever form came last (Python's jar keys them by name).
        Set("eggs=1");
        Assert.Equal("eggs=1; fortytwo=", Sent(url));
        Set("eggs");
        Assert.Equal("eggs; fortytwo=", Sent(url));
        Set("eggs; Max-Age=0");
        Assert.Equal("fortytwo=", Sent(url));
    }

    [Fact]
    public void Curl_cookie_file_is_loaded_with_flags_comments_and_httponly()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "# Netscape HTTP Cookie File\n" +
                "# a comment\n\n" +
                ".example.com\tTRUE\t/\tFALSE\t0\tdomaincookie\tv1\n" +
                "#HttpOnly_www.example.com\tFALSE\t/docs\tTRUE\t4102444800\thostcookie\tv2\n" +
                "example.com\tFALSE\t/\tFALSE\t1000\texpired\tgone\n" +
                "example.com\tFALSE\t/\tFALSE\t0\tempty\n");
            var cookies = Cookies.Load(path);
            Assert.Equal(3, cookies.Count);
            var d = cookies.Jar.Single(c => c.Name == "domaincookie");
            Assert.False(d.HostOnly);
            Assert.Null(d.Expires);
            Assert.True(d.Matches(new Url("http://sub.example.com/x")));
            var h = cookies.Jar.Single(c => c.Name == "hostcookie");
            Assert.True(h.HostOnly && h.HttpOnly && h.Secure);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(4102444800), h.Expires);
            Assert.Equal("", cookies["empty"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_expired_line_of_a_cookies_txt_file_leaves_the_jars_cookie_of_that_name_alone()
    {
        // As Python's FileCookieJar.load does (an expired line is skipped, not set): the file's line is old news,
        // not a server telling the client to forget the cookie, so a newer session in the jar survives the load.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "# Netscape HTTP Cookie File\n" +
                "example.com\tFALSE\t/\tFALSE\t1000\tsession\told\n" +
                "example.com\tFALSE\t/\tFALSE\t0\tlang\ten\n");
            var cookies = new Cookies();
            cookies.Set("session", "current", "example.com");
            cookies.LoadFrom(path);
            Assert.Equal("current", cookies["session"]);
            Assert.Equal("en", cookies["lang"]);
            Assert.Equal(2, cookies.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cookies_txt_file_edited_on_Windows_loads_with_its_line_ends_indented_comments_and_domain_case()
    {
        // Saved by a Windows editor: CRLF line ends, a comment indented as curl skips it, and a domain as the user
        // typed it, which matches the host in any case (kept as typed, it matched no host).
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "# Netscape HTTP Cookie File\r\n" +
                "  # an indented comment\r\n" +
                "Example.COM\tFALSE\t/\tFALSE\t0\tsid\tv\r\n" +
                "#HttpOnly_.Example.ORG\tTRUE\t/\tFALSE\t0\tlang\ten\r\n");
            var jar = Cookies.Load(path);
            Assert.Equal(new[] { ("lang", "en"), ("sid", "v") }, jar.Jar.Select(c => (c.Name, c.Value)).OrderBy(c => c.Name));
            Assert.True(jar.Jar.Single(c => c.Name == "lang").HttpOnly);
            Assert.Equal("sid=v", CookieHeaderFor(jar, "https://example.com/"));
            Assert.Equal("lang=en", CookieHeaderFor(jar, "https://www.example.org/"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cookies_txt_line_with_an_empty_name_is_the_cookie_named_by_its_value_field_without_a_value()
    {
        // Python's MozillaCookieJar saves 'Set-Cookie: flag' (a cookie without a value) with an empty NAME field and
        // the name in the VALUE field, and loads such a line back as that cookie without a value, sent as 'flag'. It is
        // read and written so here; it was read as 'flag' with the empty value, sent as 'flag=' and saved as such.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "# Netscape HTTP Cookie File\n" +
                "example.com\tFALSE\t/\tFALSE\t0\t\tflag\n" +
                "#HttpOnly_.example.org\tTRUE\t/p\tTRUE\t4102444800\t\tother\n" +
                "example.com\tFALSE\t/\tFALSE\t0\tsid\tv\n");
            var jar = Cookies.Load(path);
            Assert.Equal(new[] { ("flag", "", false), ("other", "", false), ("sid", "v", true) },
                jar.Jar.Select(c => (c.Name, c.Value, c.HasValue)).OrderBy(c => c.Name));
            var other = jar.Jar.Single(c => c.Name == "other");
            Assert.True(other.HttpOnly && other.Secure && !other.HostOnly);
            Assert.Equal(("example.org", "/p"), (other.Domain, other.Path));
            var request = new Request("GET", "http://example.com/");
            jar.SetCookieHeader(request);
            Assert.Equal("flag; sid=v", request.Headers.Get("Cookie"));

            jar.Save(path);
            Assert.Contains("\nexample.com\tFALSE\t/\tFALSE\t0\t\tflag\n", File.ReadAllText(path));
            Assert.Equal(jar.Jar.Select(c => (c.Name, c.Value, c.HasValue, c.Domain, c.Path)).OrderBy(c => c.Name),
                Cookies.Load(path).Jar.Select(c => (c.Name, c.Value, c.HasValue, c.Domain, c.Path)).OrderBy(c => c.Name));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cookies_txt_line_whose_name_holds_a_space_or_a_comma_loads_as_curl_wrote_it()
    {
        // curl keeps 'Set-Cookie: foo bar=baz' and saves it so; the whole file was refused ("Malformed cookie file ...
        // line 2: Invalid cookie name 'foo…'"), as if the name had been given by hand.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "# Netscape HTTP Cookie File\n" +
                "example.com\tFALSE\t/\tFALSE\t0\tfoo bar\tbaz\n" +
                "example.com\tFALSE\t/\tFALSE\t0\ta,b\t1\n");
            var jar = Cookies.Load(path);
            var request = new Request("GET", "http://example.com/");
            jar.SetCookieHeader(request);
            Assert.Equal("foo bar=baz; a,b=1", request.Headers.Get("Cookie"));
            jar.Save(path);
            Assert.Equal(new[] { ("a,b", "1"), ("foo bar", "baz") }, Cookies.Load(path).Jar.Select(c => (c.Name, c.Value)).OrderBy(c => c.Name, StringComparer.Ordinal));
            // By hand such a name is still refused: it is most often 'name value' typed as one name.
            Assert.Throws<ArgumentException>(() => jar.Set("c d", "x"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_NUL_in_a_cookie_is_refused_where_the_cookie_is_made_not_by_every_request_after()
    {
        // A NUL cannot go in a header (Headers refuses it as header injection): a cookie holding one was taken, and every
        // later request to its host then failed with "Invalid value for header 'Cookie'", naming no cookie. RFC 6265bis
        // (5.6 step 1) and curl ignore a Set-Cookie with a NUL; a server's NUL does not reach the jar (.NET's HTTP/1.1
        // parser makes it a space, as RFC 9110 5.5 allows), but a cookies.txt file or a script can give one.
        var byHand = Assert.Throws<ArgumentException>(() => new Cookies().Set("t", "SECRET\0PART"));
        Assert.Contains("Invalid value for cookie 't'", byHand.Message);
        Assert.DoesNotContain("SECRET", byHand.Message);
        Assert.Throws<ArgumentException>(() => new Cookies().Set("t\0u", "v"));
        Assert.Null(Parse("a=x\0y"));
        Assert.Null(Parse("a\0b=1"));

        var path = Path.GetTempFileName();
        try
        {
            foreach (var line in new[] { "example.com\tFALSE\t/\tFALSE\t0\tsid\tSECRET\0PART\n", "example.com\tFALSE\t/\tFALSE\t0\ts\0id\tv\n" })
            {
                File.WriteAllText(path, "# Netscape HTTP Cookie File\n" + line);
                var malformed = Assert.Throws<FormatException>(() => Cookies.Load(path));
                Assert.Contains("line 2", malformed.Message);
                Assert.DoesNotContain("SECRET", malformed.Message);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("foo bar=baz", "foo bar", "baz")]
    [InlineData(" a,b = 1 ; Path=/", "a,b", "1")]
    public void A_Set_Cookie_name_holding_a_space_or_a_comma_is_kept_as_RFC_6265_and_Python_read_it(string header, string name, string value)
    {
        var cookie = Parse(header);
        Assert.NotNull(cookie);
        Assert.Equal((name, value), (cookie!.Name, cookie.Value));
    }

    [Fact]
    public void A_session_cookie_with_an_empty_expiry_as_Python_saves_it_is_loaded_as_a_session_cookie()
    {
        // Python's MozillaCookieJar.save(ignore_discard=True) writes a session cookie's expiry as an empty field; such a
        // line failed the whole file ("the expiry '' is not a number of seconds"), so a jar saved by Python did not load.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path,
                "# Netscape HTTP Cookie File\n" +
                "example.com\tFALSE\t/\tFALSE\t\tsid\tv\n" +
                "example.com\tFALSE\t/\tFALSE\t4102444800\tlang\ten\n");
            var jar = Cookies.Load(path);
            Assert.Equal(new[] { ("lang", "en"), ("sid", "v") }, jar.Jar.Select(c => (c.Name, c.Value)).OrderBy(c => c.Name));
            Assert.Null(jar.Jar.Single(c => c.Name == "sid").Expires);
            jar.Save(path);
            Assert.Contains("example.com\tFALSE\t/\tFALSE\t0\tsid\tv\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Save_then_load_round_trips_every_attribute()
    {
        var path = Path.GetTempFileName();
        try
        {
            var jar = new Cookies();
            var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600);
            jar.Add(new Cookie("a", "1") { Domain = "example.com", HostOnly = true, Path = "/p", Secure = true, HttpOnly = true, Expires = expires });
            jar.Add(new Cookie("b", "2") { Domain = "example.org", HostOnly = false });
            jar.Set("anyhost", "3");
            jar.Save(path);
            var text = File.ReadAllText(path);
            Assert.Contains("#HttpOnly_example.com\tFALSE\t/p\tTRUE\t" + expires.ToUnixTimeSeconds() + "\ta\t1", text);
            Assert.Contains(".example.org\tTRUE\t/\tFALSE\t0\tb\t2", text);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

            var loaded = Cookies.Load(path);
            Assert.Equal(
                jar.Jar.Select(c => (c.Name, c.Value, c.Domain, c.HostOnly, c.Path, c.Secure, c.HttpOnly, c.Expires)).OrderBy(c => c.Name),
                loaded.Jar.Select(c => (c.Name, c.Value, c.Domain, c.HostOnly, c.Path, c.Secure, c.HttpOnly, c.Expires)).OrderBy(c => c.Name));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cookie_value_with_a_tab_is_kept_and_sent_but_never_written_to_a_cookies_txt_file()
    {
        // RFC 6265bis 5.6 refuses control characters in a value except the tab, and HTTPX (http.cookiejar) keeps such a
        // cookie: dropping it lost the session of a script that never saves a file. The file is where a tab cannot go
        // (it separates the fields: the file would not load again), so the cookie is left out of it, as curl would
        // drop that line reading it. A tab or line break in a domain or path given by hand is refused (it would forge a
        // file line); a server's Path is kept escaped (as Python's cookiejar keeps it), where a tab is %09.
        Assert.Equal("a\tb", Parse("tabbed=a\tb")!.Value);
        Assert.Equal("/a%09b", Parse("tabbed=ab; Path=/a\tb")!.Path);
        Assert.Equal("a b", Parse("spaced=a b")!.Value);
        var byHand = new Cookies();
        byHand.Set("t", "SECRET\tPART");
        Assert.Equal("SECRET\tPART", byHand.Get("t"));
        var request = new Request("GET", "https://example.com/");
        byHand.SetCookieHeader(request);
        Assert.Equal("t=SECRET\tPART", request.Headers.Get("Cookie"));
        var refused = Assert.Throws<ArgumentException>(() => new Cookies().Set("t", "SECRET;PART"));
        Assert.DoesNotContain("SECRET", refused.Message);
        Assert.Throws<ArgumentException>(() => new Cookies().Set("t", "v", path: "/a\tb"));
        Assert.Throws<ArgumentException>(() => new Cookies().Set("t", "v", domain: "example.com\n.evil.org\tTRUE"));

        var path = Path.GetTempFileName();
        try
        {
            var jar = new Cookies();
            jar.ExtractCookies(new Response(200, headers: new Headers(new[]
            {
                new KeyValuePair<string, string>("Set-Cookie", "tabbed=a\tb"),
                new KeyValuePair<string, string>("Set-Cookie", "plain=ok"),
            })) { Request = new Request("GET", "https://example.com/") });
            Assert.Equal("a\tb", jar.Get("tabbed"));
            jar.Save(path);
            Assert.Equal(new[] { ("plain", "ok") }, Cookies.Load(path).Jar.Select(c => (c.Name, c.Value)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("example.com\tTRUE\t/\tFALSE\t0\tn\tv\textra", "found 8")]
    [InlineData("example.com\tMAYBE\t/\tFALSE\t0\tn\tv", "'MAYBE'")]
    [InlineData("example.com\tTRUE\t/\tFALSE\tsoon\tn\tv", "'soon'")]
    [InlineData("example.com\tTRUE\tnoslash\tFALSE\t0\tn\tv", "'noslash'")]
    [InlineData("example.com\tTRUE\t/\tFALSE\t0\t\t", "name ''")]
    public void Malformed_line_names_the_file_and_line(string bad, string problem)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# header\nexample.com\tTRUE\t/\tFALSE\t0\tok\tv\n" + bad + "\n");
            var e = Assert.Throws<FormatException>(() => Cookies.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("line 3", e.Message);
            Assert.Contains(problem, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
