namespace Httpx.Tests.Urls;

// Ported from HTTPX's tests/models/test_url.py, plus the error-message and redaction requirements of this port.
public class UrlTests
{
    [Fact]
    public void BasicUrl()
    {
        var url = new Url("https://www.example.com/");
        Assert.Equal("https", url.Scheme);
        Assert.Equal("", url.UserInfo);
        Assert.Equal("www.example.com", url.NetLoc);
        Assert.Equal("www.example.com", url.Host);
        Assert.Null(url.Port);
        Assert.Equal(443, url.EffectivePort);
        Assert.Equal("/", url.Path);
        Assert.Equal("", url.Query);
        Assert.Equal("", url.Fragment);
        Assert.Equal("https://www.example.com/", url.ToString());
        Assert.True(url.IsAbsoluteUrl);
        Assert.False(url.IsRelativeUrl);
    }

    [Fact]
    public void CompleteUrl()
    {
        var url = new Url("https://example.org:123/path/to/somewhere?abc=123#anchor");
        Assert.Equal("https", url.Scheme);
        Assert.Equal("example.org", url.Host);
        Assert.Equal(123, url.Port);
        Assert.Equal(123, url.EffectivePort);
        Assert.Equal("/path/to/somewhere", url.Path);
        Assert.Equal("abc=123", url.Query);
        Assert.Equal("/path/to/somewhere?abc=123", url.RawPath);
        Assert.Equal("anchor", url.Fragment);
        Assert.Equal("https://example.org:123", url.Origin);
        Assert.Equal("https://example.org:123/path/to/somewhere?abc=123#anchor", url.ToString());
    }

    [Theory]
    [InlineData("http://xn--mller-kva.de/", "müller.de")]
    [InlineData("http://xn--a.com/", "xn--a.com")]   // decodes to a control character: not a real A-label
    [InlineData("http://xn--example-.com/", "xn--example-.com")]   // decodes to ASCII "example": not a real A-label
    public void Host_shows_unicode_only_for_real_a_labels(string url, string host) =>
        Assert.Equal(host, new Url(url).Host);

    [Fact]
    public void DocstringExample()
    {
        var url = new Url("HTTPS://jo%40email.com:a%20secret@müller.de:1234/pa%20th?search=ab#anchorlink");
        Assert.Equal("https", url.Scheme);
        Assert.Equal("jo@email.com", url.Username);
        Assert.Equal("a secret", url.Password);
        Assert.Equal("jo%40email.com:a%20secret", url.UserInfo);
        Assert.Equal("müller.de", url.Host);
        Assert.Equal("xn--mller-kva.de", url.RawHost);
        Assert.Equal(1234, url.Port);
        Assert.Equal("xn--mller-kva.de:1234", url.NetLoc);
        Assert.Equal("/pa th", url.Path);
        Assert.Equal("search=ab", url.Query);
        Assert.Equal("/pa%20th?search=ab", url.RawPath);
        Assert.Equal("anchorlink", url.Fragment);
    }

    [Fact]
    public void EmptyQueryIsKeptInRawPath()
    {
        var url = new Url("https://www.example.com/path");
        Assert.Equal(("/path", "", "/path"), (url.Path, url.Query, url.RawPath));
        url = new Url("https://www.example.com/path?");
        Assert.Equal(("/path", "", "/path?"), (url.Path, url.Query, url.RawPath));
        Assert.Equal("https://www.example.com/path?", url.ToString());
    }

    [Fact]
    public void NoScheme()
    {
        var url = new Url("://example.com");
        Assert.Equal("", url.Scheme);
        Assert.Equal("example.com", url.Host);
        Assert.Equal("/", url.Path);
        Assert.True(url.IsRelativeUrl);
        Assert.Equal("", url.Origin);
        Assert.Equal(-1, url.EffectivePort);
    }

    [Fact]
    public void NoAuthority()
    {
        var url = new Url("http://");
        Assert.Equal("http", url.Scheme);
        Assert.Equal("", url.Host);
        Assert.Equal("/", url.Path);
        Assert.True(url.IsRelativeUrl);
    }

    [Fact]
    public void EmptyPathOfAnAbsoluteUrlReadsAsSlashButIsNotAdded()
    {
        var url = new Url("https://example.org");
        Assert.Equal("/", url.Path);
        Assert.Equal("/", url.RawPath);
        Assert.Equal("https://example.org", url.ToString());
    }

    [Theory]
    [InlineData("https://example.com/!$&'()*+,;= abc ABC 123 :/[]@", "/!$&'()*+,;=%20abc%20ABC%20123%20:/[]@", "/!$&'()*+,;= abc ABC 123 :/[]@", "", "")]
    [InlineData("https://example.com/!$&'()*+,;=%20abc%20ABC%20123%20:/[]@", "/!$&'()*+,;=%20abc%20ABC%20123%20:/[]@", "/!$&'()*+,;= abc ABC 123 :/[]@", "", "")]
    [InlineData("https://example.com/ %61%62%63", "/%20%61%62%63", "/ abc", "", "")]
    [InlineData("https://example.com/?!$&'()*+,;= abc ABC 123 :/[]@?", "/?!$&'()*+,;=%20abc%20ABC%20123%20:/[]@?", "/", "!$&'()*+,;=%20abc%20ABC%20123%20:/[]@?", "")]
    [InlineData("https://example.com/?!$&%27()*+,;=%20abc%20ABC%20123%20:%2F[]@?", "/?!$&%27()*+,;=%20abc%20ABC%20123%20:%2F[]@?", "/", "!$&%27()*+,;=%20abc%20ABC%20123%20:%2F[]@?", "")]
    [InlineData("https://example.com/?%20%97%98%99", "/?%20%97%98%99", "/", "%20%97%98%99", "")]
    [InlineData("https://example.com/#!$&'()*+,;= abc ABC 123 :/[]@?#", "/", "/", "", "!$&'()*+,;= abc ABC 123 :/[]@?#")]
    public void PathQueryAndFragmentEncoding(string input, string rawPath, string path, string query, string fragment)
    {
        var url = new Url(input);
        Assert.Equal(rawPath, url.RawPath);
        Assert.Equal(path, url.Path);
        Assert.Equal(query, url.Query);
        Assert.Equal(fragment, url.Fragment);
    }

    [Theory]
    [InlineData("https://example.com/a\"b<c>d`e{f}g", "https://example.com/a%22b%3Cc%3Ed%60e%7Bf%7Dg")]
    [InlineData("https://example.com/?a\"b<c>d`e{f}g", "https://example.com/?a%22b%3Cc%3Ed`e{f}g")]
    [InlineData("https://example.com/#a\"b<c>d`e{f}g#", "https://example.com/#a%22b%3Cc%3Ed%60e{f}g#")]
    [InlineData("https://example.com/100%/%zz?p=100%#5%", "https://example.com/100%/%zz?p=100%#5%")]
    [InlineData("https://example.com/ü?ü#ü", "https://example.com/%C3%BC?%C3%BC#%C3%BC")]
    public void EachComponentHasItsOwnSafeSet(string input, string expected)
    {
        Assert.Equal(expected, new Url(input).ToString());
    }

    [Fact]
    public void QueryEncoding()
    {
        Assert.Equal("/?a=b%20c&d=e/f", new Url("https://www.example.com/?a=b c&d=e/f").RawPath);
        Assert.Equal("/?a=b+c&d=e/f", new Url("https://www.example.com/?a=b+c&d=e/f").RawPath);
        var parameters = QueryParams.From(new Dictionary<string, string> { ["a"] = "b c", ["d"] = "e/f" });
        Assert.Equal("/?a=b+c&d=e%2Ff", new Url("https://www.example.com/", parameters).RawPath);
    }

    [Fact]
    public void ParamsReplaceTheQuery()
    {
        var a = QueryParams.Parse("a=123");
        var url = new Url("https://example.org:123/path/to/somewhere", a);
        Assert.Equal("https://example.org:123/path/to/somewhere?a=123", url.ToString());
        Assert.Equal(a, url.Params);

        url = new Url("https://example.org:123/path/to/somewhere?b=456", a);
        Assert.Equal("https://example.org:123/path/to/somewhere?a=123", url.ToString());

        Assert.Equal("https://example.org/x", new Url("https://example.org/x?b=456", QueryParams.Empty).ToString());
        Assert.Equal("https://example.org/x", new Url("https://example.org/x?b=456", null).ToString());
    }

    [Theory]
    [InlineData("https://username:password@example.com", "username:password", "username", "password")]
    [InlineData("https://username%40gmail.com:pa%20ssword@example.com", "username%40gmail.com:pa%20ssword", "username@gmail.com", "pa ssword")]
    [InlineData("https://user%20name:p%40ssword@example.com", "user%20name:p%40ssword", "user name", "p@ssword")]
    [InlineData("https://username@gmail.com:pa ssword@example.com", "username%40gmail.com:pa%20ssword", "username@gmail.com", "pa ssword")]
    [InlineData("https://user name:p@ssword@example.com", "user%20name:p%40ssword", "user name", "p@ssword")]
    [InlineData("https://user@example.com", "user", "user", "")]
    // ';' and '=' are in WHATWG's userinfo percent-encode set (HTTPX's USERINFO_SAFE leaves them out); ':' parts the two.
    [InlineData("https://us;er:pa=ss@example.com", "us%3Ber:pa%3Dss", "us;er", "pa=ss")]
    public void UsernameAndPassword(string input, string userInfo, string username, string password)
    {
        var url = new Url(input);
        Assert.Equal(userInfo, url.UserInfo);
        Assert.Equal(username, url.Username);
        Assert.Equal(password, url.Password);
        Assert.Equal("example.com", url.Host);
    }

    [Theory]
    [InlineData("https://example.com/", "example.com")]
    [InlineData("https://EXAMPLE.com/", "example.com")]
    [InlineData("https://exam le.com/", "exam%20le.com")]
    [InlineData("https://023b76x43144/", "023b76x43144")]
    [InlineData("https://1.2.3.4/", "1.2.3.4")]
    // Not an IPv4 address (HTTPX's pattern wants digits after each dot): a name with a trailing dot, not an error.
    [InlineData("https://1.2.3./", "1.2.3.")]
    [InlineData("https://[2001:db8::ff00:42:8329]/", "2001:db8::ff00:42:8329")]
    [InlineData("https://[2001:DB8::1]/", "2001:db8::1")]
    public void Hosts(string input, string host)
    {
        Assert.Equal(host, new Url(input).Host);
    }

    [Fact]
    public void Ports()
    {
        Assert.Equal(123, new Url("https://example.com:123/").Port);
        Assert.Null(new Url("https://example.com:443/").Port);
        Assert.Null(new Url("http://example.com:80/").Port);
        Assert.Null(new Url("ws://example.com:80/").Port);
        Assert.Null(new Url("wss://example.com:443/").Port);
        Assert.Null(new Url("ftp://example.com:21/").Port);
        Assert.Null(new Url("HTTP://example.com:80/").Port);
        Assert.Equal(443, new Url("http://example.com:443/").Port);
        Assert.Null(new Url("http://example.com:/").Port);
        Assert.Equal(80, new Url("ws://example.com/").EffectivePort);
        Assert.Equal(-1, new Url("foo://example.com/").EffectivePort);
        Assert.Equal(new Url("http://example.com"), new Url("http://example.com:80"));
    }

    // Leading zeros do not count against a port's five digits, as in HTTPX (int(port)) and WHATWG's port parsing
    // (cases "http://f:00000000000000/c" and "http://f:00000000000000000000080/c" of HTTPX's whatwg.json).
    [Theory]
    [InlineData("http://example.com:00000000000000/c", 0, "http://example.com:0/c")]
    [InlineData("http://example.com:00000000000000000000080/c", null, "http://example.com/c")]
    [InlineData("https://example.com:0000000008443/", 8443, "https://example.com:8443/")]
    [InlineData("https://example.com:065535/", 65535, "https://example.com:65535/")]
    public void PortsWithLeadingZeros(string input, int? port, string text)
    {
        var url = new Url(input);
        Assert.Equal(port, url.Port);
        Assert.Equal(text, url.ToString());
    }

    [Fact]
    public void PathNormalisation()
    {
        Assert.Equal("/abc/ghi/jkl", new Url("https://example.com/abc/def/../ghi/./jkl").Path);
        Assert.Equal("/path/to", new Url("https://example.com/path/./to/somewhere/..").Path);
        Assert.Equal("/abc", new Url("https://example.com/../abc").Path);
        Assert.Equal("../abc", new Url("../abc").Path);
        Assert.Equal("/%20/%F0%9F%8C%9F/", new Url("https://example.com/ /🌟/").RawPath);
    }

    [Fact]
    public void ParamsAreFormEncodedButTheUrlBarIsNot()
    {
        string WithParam(string value) =>
            new Url("http://webservice", QueryParams.From(new Dictionary<string, string> { ["u"] = value })).ToString();

        Assert.Equal("http://webservice?u=with+spaces", WithParam("with spaces"));
        Assert.Equal("http://webservice?u=%25", WithParam("%"));
        Assert.Equal("http://webservice?u=with%2520spaces", WithParam("with%20spaces"));
        Assert.Equal("http://webservice?u=http%3A%2F%2Fexample.com%3Fq%3Dfoo%252Fa", WithParam("http://example.com?q=foo%2Fa"));

        Assert.Equal("http://webservice?u=phrase%20with%20spaces", new Url("http://webservice?u=phrase%20with%20spaces").ToString());
        Assert.Equal("http://webservice?u=phrase%20with%20spaces", new Url("http://webservice?u=phrase with spaces").ToString());
        Assert.Equal("http://webservice?u=phrase%20with%20spaces", new Url("http://webservice?u=phrase%20with spaces").ToString());
    }

    // Invalid URLs: every message names the problem and the offending value.

    [Theory]
    [InlineData("https://example.com:abc/", "Invalid port 'abc' in URL 'https://example.com:abc/'")]
    [InlineData("https://example.com:-1/", "Invalid port '-1' in URL 'https://example.com:-1/'")]
    [InlineData("https://example.com:65536/", "Invalid port '65536' in URL 'https://example.com:65536/'")]
    [InlineData("https://example.com:0065536/", "Invalid port '0065536' in URL 'https://example.com:0065536/'")]
    [InlineData("https://example.com:0000000000100000/", "Invalid port '0000000000100000' in URL 'https://example.com:0000000000100000/'")]
    [InlineData("https://999.999.999.999/", "Invalid IPv4 address '999.999.999.999' in URL 'https://999.999.999.999/'")]
    [InlineData("https://01.2.3.4/", "Invalid IPv4 address '01.2.3.4' in URL 'https://01.2.3.4/'")]
    [InlineData("https://[2001]/", "Invalid IPv6 address '[2001]' in URL 'https://[2001]/'")]
    [InlineData("https://[1::2::3]/", "Invalid IPv6 address '[1::2::3]' in URL 'https://[1::2::3]/'")]
    // .NET's IPAddress.TryParse takes "[::1]" and "::1%" as addresses; Python's ipaddress (so HTTPX) refuses both.
    [InlineData("http://[[::1]]/", "Invalid IPv6 address '[[::1]]' in URL 'http://[[::1]]/'")]
    [InlineData("http://[::1%]/", "Invalid IPv6 address '[::1%]' in URL 'http://[::1%]/'")]
    // An unclosed '[' used to read as the port ':1' after a host '['.
    [InlineData("http://[::1", "Invalid IPv6 address '[::1': the '[' is not closed by ']' in URL 'http://[::1'")]
    [InlineData("http://u:pw@[::1:8080/x", "Invalid IPv6 address '[::1:8080': the '[' is not closed by ']' in URL 'http://u:[secure]@[::1:8080/x'")]
    [InlineData("http://[fe80/", "Invalid IPv6 address '[fe80': the '[' is not closed by ']' in URL 'http://[fe80/'")]
    // An IPv6 address without its brackets read as a host before the first ':' and a port after it: the hint says what to write.
    [InlineData("http://::1:8080/", "Invalid port ':1:8080' in URL 'http://::1:8080/': an IPv6 address goes in brackets in a URL, write '[::1]:8080' (or '[::1:8080]' if all of it is the address)")]
    [InlineData("http://u:pw@::1:18081/x", "Invalid port ':1:18081' in URL 'http://u:[secure]@::1:18081/x': an IPv6 address goes in brackets in a URL, write '[::1]:18081'")]
    [InlineData("http://::1/", "Invalid port ':1' in URL 'http://::1/': an IPv6 address goes in brackets in a URL, write '[::1]'")]
    [InlineData("http://fe80::1%eth0/", "Invalid port ':1%eth0' in URL 'http://fe80::1%eth0/': an IPv6 address goes in brackets in a URL, write '[fe80::1%25eth0]'")]
    // Bracketed already: no hint (.NET's IPAddress reads '[::1]:80' as an address too).
    [InlineData("http://[::1]:80:90/", "Invalid port '80:90' in URL 'http://[::1]:80:90/'")]
    [InlineData("http://localhost:8080:/", "Invalid port '8080:' in URL 'http://localhost:8080:/'")]
    [InlineData("http://a:b:c/", "Invalid port 'b:c' in URL 'http://a:b:c/'")]
    [InlineData("https://u:p@[invalid!]//evilHost/path?t=w#tw", "Invalid IPv6 address '[invalid!]' in URL 'https://u:[secure]@[invalid!]//evilHost/path?t=w#tw'")]
    [InlineData("https://www.example.com/\n", "Invalid non-printable ASCII character '\\n' at position 24 in URL 'https://www.example.com/\\n'")]
    [InlineData("https://ex\tample.com/", "Invalid non-printable ASCII character '\\t' at position 10 in URL 'https://ex\\tample.com/'")]
    [InlineData("https://exa\u007fmple.com/", "Invalid non-printable ASCII character '\\x7f' at position 11 in URL 'https://exa\\x7fmple.com/'")]
    public void InvalidUrlsNameTheProblemAndTheValue(string input, string message)
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url(input));
        Assert.Equal(message, error.Message);
        Assert.False(Url.TryParse(input, out var result));
        Assert.Null(result);
    }

    [Theory]
    [InlineData("https://😇/", "Invalid IDNA hostname '😇': codepoint U+1F607 at position 1 of '😇' not allowed in URL 'https://😇/'")]
    [InlineData("https://☃.com/", "Invalid IDNA hostname '☃.com': codepoint U+2603 at position 1 of '☃' not allowed in URL 'https://☃.com/'")]
    [InlineData("https://ü..com/", "Invalid IDNA hostname 'ü..com': empty label in URL 'https://ü..com/'")]
    [InlineData("https://-ü.com/", "Invalid IDNA hostname '-ü.com': label '-ü' starts or ends with a hyphen in URL 'https://-ü.com/'")]
    // U+00B7 (middle dot) only between two 'l's, as Catalan writes them (RFC 5892 appendix A.3).
    [InlineData("https://a·b.cat/", "Invalid IDNA hostname 'a·b.cat': codepoint U+00B7 at position 2 of 'a·b' not allowed in URL 'https://a·b.cat/'")]
    [InlineData("https://üb--x.com/", "Invalid IDNA hostname 'üb--x.com': label 'üb--x' has hyphens in 3rd and 4th position in URL 'https://üb--x.com/'")]
    [InlineData("https://ü.xn--zz.com/", "Invalid IDNA hostname 'ü.xn--zz.com': 'xn--zz' is not a valid A-label in URL 'https://ü.xn--zz.com/'")]
    [InlineData("https://a\u200Cb.ü/", "Invalid IDNA hostname 'a\u200Cb.ü': codepoint U+200C at position 2 of 'a\u200Cb' not allowed in URL 'https://a\u200Cb.ü/'")]
    [InlineData("https://ü_x.com/", "Invalid IDNA hostname 'ü_x.com': codepoint U+005F at position 2 of 'ü_x' not allowed in URL 'https://ü_x.com/'")]
    [InlineData("https://\u0301ü.com/", "Invalid IDNA hostname '\u0301ü.com': label '\u0301ü' begins with a combining mark in URL 'https://\u0301ü.com/'")]
    public void InvalidIdnaHostsAreRejected(string input, string message)
    {
        Assert.Equal(message, Assert.Throws<InvalidUrlException>(() => new Url(input)).Message);
    }

    // Hosts are lowered as HTTPX lowers them (Python's str.lower): 'İ' becomes "i̇" (i and U+0307) before IDNA, where
    // .NET's invariant lowercasing kept the capital letter and IDNA encoded it ("xn--bfa.com" for "İ.com").
    [Theory]
    [InlineData("http://\u0130.com/", "xn--i-9bb.com")]
    [InlineData("http://\u0130STANBUL.com/", "xn--istanbul-o0e.com")]
    [InlineData("http://ab\u0130.com/", "xn--abi-bec.com")]
    [InlineData("http://\u212A.com/", "k.com")]   // the Kelvin sign lowers to 'k'
    public void HostsAreLoweredAsHttpxLowersThem(string input, string rawHost) =>
        Assert.Equal(rawHost, new Url(input).RawHost);

    // A host with a non-ASCII character is an IDNA host even when it lowers to ASCII (HTTPX's isascii() on the host
    // as written): the Kelvin sign with a '_' is refused as IDNA refuses it, not percent-encoded as an ASCII host.
    [Fact]
    public void HostWithKelvinSignFollowsIdnaRules()
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url("http://\u212A_x.com/"));
        Assert.StartsWith("Invalid IDNA hostname '\u212A_x.com': codepoint U+005F", error.Message);
    }

    // As the idna package: a trailing dot is no empty label, an encoded label may be 63 characters, and the encoded
    // name 253, 254 with that dot (the IDNA label "xn--tda" is 'ü', then three labels of 63 and one of 53 or 54).
    [Fact]
    public void IdnaHostsMayEndWithADotAndKeepTheIdnaPackagesLengthLimits()
    {
        Assert.Equal("xn--" + new string('a', 55) + "-oxf.com", new Url($"http://ü{new string('a', 55)}.com/").RawHost);
        var tooLong = Assert.Throws<InvalidUrlException>(() => new Url($"http://ü{new string('a', 56)}.com/"));
        Assert.StartsWith($"Invalid IDNA hostname 'ü{new string('a', 56)}.com': label 'ü{new string('a', 56)}' too long", tooLong.Message);

        Assert.Equal("xn--tda.com.", new Url("http://ü.com./").RawHost);
        var labels = $"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}";
        Assert.Equal(253, new Url($"http://ü.{labels}.{new string('d', 53)}/").RawHost.Length);
        Assert.Equal(254, new Url($"http://ü.{labels}.{new string('d', 53)}./").RawHost.Length);
        var error = Assert.Throws<InvalidUrlException>(() => new Url($"http://ü.{labels}.{new string('d', 54)}/"));
        Assert.StartsWith("Invalid IDNA hostname 'ü.aaa", error.Message);
        Assert.Contains("': domain too long in URL", error.Message);
    }

    [Fact]
    public void ExcessivelyLongUrl()
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url("https://user:hunter2@www.example.com/" + new string('x', 100_000)));
        Assert.StartsWith("URL too long: 100037 characters, the maximum is 65536 (URL 'https://user:[secure]@www.example.com/xxx", error.Message);
        Assert.EndsWith("...')", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.True(error.Message.Length < 300);
    }

    [Fact]
    public void ExcessivelyLongComponent()
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url("https://www.example.com").CopyWith(path: "/" + new string('x', 100_000)));
        Assert.StartsWith("URL component 'path' too long: 100001 characters, the maximum is 65536 (value '/xxx", error.Message);
        Assert.EndsWith("while copying URL 'https://www.example.com'", error.Message);
    }

    // The message shows the value's first 100 characters: a cut there must not leave half an emoji ('\ud83d'), which
    // consoles show as '?' and UTF-8 log writers refuse.
    [Fact]
    public void ExcessivelyLongComponent_is_cut_before_a_surrogate_pair_not_inside_it()
    {
        var path = "/" + new string('x', 98) + string.Concat(Enumerable.Repeat("\U0001F600", 40_000));
        var error = Assert.Throws<InvalidUrlException>(() => new Url("https://www.example.com").CopyWith(path: path));
        Assert.Contains($"(value '/{new string('x', 98)}...')", error.Message);
        Assert.DoesNotContain("\ud83d", error.Message);
    }

    [Fact]
    public void NonPrintingCharacterInComponent()
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url("https://www.example.com").CopyWith(path: "/\n"));
        Assert.Equal("Invalid non-printable ASCII character '\\n' at position 1 in URL path component '/\\n' while copying URL 'https://www.example.com'", error.Message);
    }

    // Text cut inside an emoji: no UTF-8 bytes for half a surrogate pair (it went out as %EF%BF%BD; HTTPX: UnicodeEncodeError).
    // Not InlineData: an attribute's strings are stored as UTF-8, which has no half surrogate either.
    [Fact]
    public void HalfOfASurrogatePairInUrl()
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url("https://www.example.com/a\ud83d"));
        Assert.Equal("Invalid character in URL 'https://www.example.com/a\\ud83d': half of a surrogate pair (U+D83D) at character 25, text cut inside a character such as an emoji, which cannot be encoded in UTF-8", error.Message);
        error = Assert.Throws<InvalidUrlException>(() => new Url("https://u:p\ud83d@example.com/"));
        Assert.Equal("Invalid character in URL 'https://u:[secure]@example.com/': half of a surrogate pair (U+D83D) at character 11, text cut inside a character such as an emoji, which cannot be encoded in UTF-8", error.Message);
        Assert.False(Url.TryParse("https://www.example.com/?q=\ud83d", out _));
    }

    [Fact]
    public void HalfOfASurrogatePairInComponent()
    {
        var error = Assert.Throws<InvalidUrlException>(() => new Url("https://www.example.com").CopyWith(path: "/a\udc00"));
        Assert.Equal("Invalid character in URL path component '/a\\udc00': half of a surrogate pair (U+DC00) at character 2, text cut inside a character such as an emoji, which cannot be encoded in UTF-8 while copying URL 'https://www.example.com'", error.Message);
        // A whole pair is a character like any other: percent-encoded as UTF-8.
        Assert.Equal("/a%F0%9F%98%80", new Url("https://www.example.com").CopyWith(path: "/a\U0001F600").RawPath);
    }

    [Fact]
    public void InvalidComponents()
    {
        var url = new Url("https://www.example.com/path?t=w#tw");
        Assert.Equal("Invalid URL component 'scheme': '~' while copying URL 'https://www.example.com/path?t=w#tw'",
            Assert.Throws<InvalidUrlException>(() => url.CopyWith(scheme: "~")).Message);
        // CVE-2021-41945: a whole URL given as a component must not slip through.
        Assert.Throws<InvalidUrlException>(() => url.CopyWith(scheme: "https://xxxx:xxxx@xxxxxxx/xxxxx/xxx?x=x#xxxxx"));
        Assert.Equal("Invalid URL component 'path': '/a?b' while copying URL 'https://www.example.com/path?t=w#tw'",
            Assert.Throws<InvalidUrlException>(() => url.CopyWith(path: "/a?b")).Message);
        Assert.Equal("Invalid URL component 'query': 'a#b' while copying URL 'https://www.example.com/path?t=w#tw'",
            Assert.Throws<InvalidUrlException>(() => url.CopyWith(query: "a#b")).Message);
        // A host with ':' is taken as an IPv6 address, so a smuggled port is refused.
        Assert.Equal("Invalid IPv6 address '[evil.com:1]' while copying URL 'https://www.example.com/path?t=w#tw'",
            Assert.Throws<InvalidUrlException>(() => url.CopyWith(host: "evil.com:1")).Message);
        Assert.Equal("Invalid port '-5' while copying URL 'https://www.example.com/path?t=w#tw'",
            Assert.Throws<InvalidUrlException>(() => url.CopyWith(port: -5)).Message);
    }

    [Fact]
    public void InvalidPaths()
    {
        var url = new Url("https://www.example.com");
        Assert.Equal("For absolute URLs, path must be empty or begin with '/', got 'abc' while copying URL 'https://www.example.com'",
            Assert.Throws<InvalidUrlException>(() => url.CopyWith(path: "abc")).Message);

        var relative = new Url("rel");
        Assert.Equal("Relative URLs cannot have a path starting with '//', got '//abc' while copying URL 'rel'",
            Assert.Throws<InvalidUrlException>(() => relative.CopyWith(path: "//abc")).Message);
        Assert.Equal("Relative URLs cannot have a path starting with ':', got ':abc' while copying URL 'rel'",
            Assert.Throws<InvalidUrlException>(() => relative.CopyWith(path: ":abc")).Message);
        Assert.Equal("abc", relative.CopyWith(path: "abc").Path);
    }

    [Fact]
    public void PasswordsAreNeverEchoed()
    {
        var url = new Url("https://user:hunter2@example.com/");
        // ToString hides it too (HTTPX's str(URL) would not): a URL's text ends up in logs and messages.
        Assert.Equal("https://user:[secure]@example.com/", url.ToString());
        Assert.Equal("https://user:hunter2@example.com/", url.ToUnredactedString());
        Assert.Equal("https://user:[secure]@example.com/", url.ToRedactedString());
        Assert.Equal("https://user@example.com/", new Url("https://user@example.com/").ToRedactedString());
        Assert.Equal("https://example.com/", new Url("https://example.com/").ToRedactedString());

        var parse = Assert.Throws<InvalidUrlException>(() => new Url("https://user:hunter2@example.com:abc/"));
        Assert.Equal("Invalid port 'abc' in URL 'https://user:[secure]@example.com:abc/'", parse.Message);

        var copy = Assert.Throws<InvalidUrlException>(() => url.CopyWith(path: "no-slash"));
        Assert.DoesNotContain("hunter2", copy.Message);
        Assert.Contains("'https://user:[secure]@example.com/'", copy.Message);

        var longPassword = Assert.Throws<InvalidUrlException>(() => url.CopyWith(password: new string('s', 70_000)));
        Assert.DoesNotContain("sss", longPassword.Message);
        Assert.Contains("'[secure]'", longPassword.Message);
    }

    [Theory]
    // A password holding '#', '?' or '/' ends the authority early: the URL fails on a "port" or "host" that is part of it.
    [InlineData("http://admin:abc#def@127.0.0.1:1/", "abc")]
    [InlineData("http://admin:abc?def@127.0.0.1:1/", "abc")]
    [InlineData("http://admin:pa/ss:w0rd@127.0.0.1:1/", "ss:w0rd")]
    public void A_password_that_breaks_the_URL_is_not_echoed_by_its_error(string text, string secretPart)
    {
        var e = Assert.Throws<InvalidUrlException>(() => new Url(text));
        Assert.DoesNotContain(secretPart, e.Message);
        Assert.Contains("admin:[secure]@127.0.0.1:1/", e.Message);
    }

    [Fact]
    public void A_password_with_a_line_break_is_not_echoed_by_the_error_it_causes()
    {
        var url = Assert.Throws<InvalidUrlException>(() => new Url("http://user:hun\nter2@proxy:3128"));
        var proxy = Assert.Throws<ArgumentException>(() => new Proxy("http://user:hun\nter2@proxy:3128")); // as every bad proxy URL
        foreach (var message in new[] { url.Message, proxy.Message })
        {
            Assert.DoesNotContain("ter2", message);
            Assert.Contains("user:[secure]@proxy:3128", message);
        }
    }

    [Fact]
    public void Curls_scheme_less_user_password_at_host_is_redacted()
    {
        // It parses as the scheme "admin" and the path "SECRETPW@127.0.0.1:1/"; shown as such, it gave the password away.
        var url = new Url("admin:SECRETPW@127.0.0.1:1/");
        Assert.Equal("admin:[secure]@127.0.0.1:1/", url.ToRedactedString());
        Assert.Equal("admin:[secure]@127.0.0.1:1/", Url.HidePasswords("admin:SECRETPW@127.0.0.1:1/"));
    }

    [Theory]
    [InlineData("see http://u:pw@host/ and https://v:pw2@h2:8443/x", "see http://u:[secure]@host/ and https://v:[secure]@h2:8443/x")]
    [InlineData("@{Link=https://u:pw@host/}", "@{Link=https://u:[secure]@host/}")]
    [InlineData("//u:pw@host/", "//u:[secure]@host/")]
    [InlineData("proxy pu:SETPW2@127.0.0.1:3128 refused", "proxy pu:[secure]@127.0.0.1:3128 refused")]
    // White space in a password (a pasted line break): the password runs on to the '@'.
    [InlineData("Invalid URL 'http://user:hun ter2@proxy:3128'", "Invalid URL 'http://user:[secure]@proxy:3128'")]
    [InlineData("proxy http://user:hun\nter2@proxy:3128/ refused", "proxy http://user:[secure]@proxy:3128/ refused")]
    [InlineData("Invalid URL 'http://user:1234\n5678@proxy:3128'", "Invalid URL 'http://user:[secure]@proxy:3128'")]
    [InlineData("Invalid port 'abc' in URL 'http://user:2024 Summer@proxy:abc'", "Invalid port 'abc' in URL 'http://user:[secure]@proxy:abc'")]
    [InlineData("http://user:1234 5678@proxy:abc", "http://user:[secure]@proxy:abc")]
    [InlineData("http://user:pass word(1)@proxy:abc", "http://user:[secure]@proxy:abc")]
    // Nothing to hide: no password, or an '@' elsewhere.
    [InlineData("Invalid port 'abc' in URL 'http://host:abc/' (ask admin@example.org)", "Invalid port 'abc' in URL 'http://host:abc/' (ask admin@example.org)")]
    [InlineData("http://host:8080/ and mail to admin@example.org", "http://host:8080/ and mail to admin@example.org")]
    [InlineData("http://host:8080 and mail to admin@example.org", "http://host:8080 and mail to admin@example.org")]
    [InlineData("Cannot reach http://proxy:3128 (ask ops@example.com)", "Cannot reach http://proxy:3128 (ask ops@example.com)")]
    [InlineData("http://[::1]:8080 owner ops@example.com", "http://[::1]:8080 owner ops@example.com")]
    [InlineData("http://u:p w, then admin@example.org", "http://u:p w, then admin@example.org")]
    [InlineData("https://example.org/users/joe@example.org", "https://example.org/users/joe@example.org")]
    // The userinfo ends at the last '@' before the path: an '@' in the path is not part of the password.
    [InlineData("see https://u:pw@example.org/users/joe@example.org", "see https://u:[secure]@example.org/users/joe@example.org")]
    [InlineData("https://u@example.org/", "https://u@example.org/")]
    [InlineData("no url here", "no url here")]
    // curl's "user:password@host" has no '/' before the ':': a path with ':' and '@' in it is no password.
    [InlineData("image /img/logo:v2@2x.png not found", "image /img/logo:v2@2x.png not found")]
    public void Passwords_in_text_are_hidden(string text, string expected) => Assert.Equal(expected, Url.HidePasswords(text));

    [Fact]
    public void NullIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new Url(null!));
        Assert.False(Url.TryParse(null, out _));
        Assert.True(Url.TryParse("https://example.com", out var parsed));
        Assert.Equal("https://example.com", parsed.ToString());
    }

    // Equality and hashing.

    [Fact]
    public void EqualityIsByNormalisedString()
    {
        var url = new Url("https://example.org:123/path/to/somewhere?abc=123#anchor");
        Assert.True(url.Equals("https://example.org:123/path/to/somewhere?abc=123#anchor"));
        Assert.True(url.Equals("HTTPS://EXAMPLE.org:123/path/./to/somewhere?abc=123#anchor"));
        Assert.False(url.Equals("https://example.org:123/path/to/somewhere"));
        Assert.False(url.Equals("https://example.com:abc/"));
        Assert.True(url == new Url("https://example.org:123/path/to/somewhere?abc=123#anchor"));
        Assert.True(url != new Url("https://example.org/"));
        Assert.False(url.Equals((object)url.ToString()));

        var set = new HashSet<Url> { new("http://example.org:123/path"), new("http://EXAMPLE.org:123/path"), new("http://example.org:123/path/else") };
        Assert.Equal(2, set.Count);
    }

    // Join.

    [Fact]
    public void Join()
    {
        var url = new Url("https://example.org:123/path/to/somewhere");
        Assert.Equal("https://example.org:123/somewhere-else", url.Join("/somewhere-else").ToString());
        Assert.Equal("https://example.org:123/path/to/somewhere-else", url.Join("somewhere-else").ToString());
        Assert.Equal("https://example.org:123/path/somewhere-else", url.Join("../somewhere-else").ToString());
        Assert.Equal("https://example.org:123/somewhere-else", url.Join("../../somewhere-else").ToString());
        Assert.Equal("https://other.org/x", url.Join(new Url("https://other.org/x")).ToString());
        Assert.Equal("https://example.org/g", new Url("https://example.org").Join("g").ToString());
    }

    [Fact]
    public void RelativeJoin()
    {
        var url = new Url("/path/to/somewhere");
        Assert.Equal("/somewhere-else", url.Join("/somewhere-else").ToString());
        Assert.Equal("/path/to/somewhere-else", url.Join("somewhere-else").ToString());
        Assert.Equal("/path/somewhere-else", url.Join("../somewhere-else").ToString());
        Assert.Equal("/somewhere-else", url.Join("../../somewhere-else").ToString());
        // A bare "." or ".." merged onto a base without '/' resolves to the empty path, as Python's urljoin.
        Assert.Equal("", new Url("a").Join("..").ToString());
        Assert.Equal("", new Url("a").Join(".").ToString());
    }

    [Theory]
    [InlineData("g", "http://example.com/b/c/g")]
    [InlineData("./g", "http://example.com/b/c/g")]
    [InlineData("g/", "http://example.com/b/c/g/")]
    [InlineData("/g", "http://example.com/g")]
    [InlineData("//g", "http://g")]
    [InlineData("?y", "http://example.com/b/c/d;p?y")]
    [InlineData("g?y", "http://example.com/b/c/g?y")]
    [InlineData("#s", "http://example.com/b/c/d;p?q#s")]
    [InlineData("g#s", "http://example.com/b/c/g#s")]
    [InlineData("g?y#s", "http://example.com/b/c/g?y#s")]
    [InlineData(";x", "http://example.com/b/c/;x")]
    [InlineData("g;x", "http://example.com/b/c/g;x")]
    [InlineData("g;x?y#s", "http://example.com/b/c/g;x?y#s")]
    [InlineData("", "http://example.com/b/c/d;p?q")]
    [InlineData(".", "http://example.com/b/c/")]
    [InlineData("./", "http://example.com/b/c/")]
    [InlineData("..", "http://example.com/b/")]
    [InlineData("../", "http://example.com/b/")]
    [InlineData("../g", "http://example.com/b/g")]
    [InlineData("../..", "http://example.com/")]
    [InlineData("../../", "http://example.com/")]
    [InlineData("../../g", "http://example.com/g")]
    [InlineData("../../../g", "http://example.com/g")]
    [InlineData("../../../../g", "http://example.com/g")]
    [InlineData("/./g", "http://example.com/g")]
    [InlineData("/../g", "http://example.com/g")]
    [InlineData("g.", "http://example.com/b/c/g.")]
    [InlineData(".g", "http://example.com/b/c/.g")]
    [InlineData("g..", "http://example.com/b/c/g..")]
    [InlineData("..g", "http://example.com/b/c/..g")]
    [InlineData("./../g", "http://example.com/b/g")]
    [InlineData("./g/.", "http://example.com/b/c/g/")]
    [InlineData("g/./h", "http://example.com/b/c/g/h")]
    [InlineData("g/../h", "http://example.com/b/c/h")]
    [InlineData("g;x=1/./y", "http://example.com/b/c/g;x=1/y")]
    [InlineData("g;x=1/../y", "http://example.com/b/c/y")]
    [InlineData("g?y/./x", "http://example.com/b/c/g?y/./x")]
    [InlineData("g?y/../x", "http://example.com/b/c/g?y/../x")]
    [InlineData("g#s/./x", "http://example.com/b/c/g#s/./x")]
    [InlineData("g#s/../x", "http://example.com/b/c/g#s/../x")]
    [InlineData("https://other.com/a/../b", "https://other.com/b")]
    // RFC 3986 5.4.2's backward-compatible reading, as Python's urljoin (HTTPX) and browsers: the base's own scheme
    // without an authority is a relative reference. Another scheme stays as it is.
    [InlineData("http:g", "http://example.com/b/c/g")]
    [InlineData("HTTP:/g?y", "http://example.com/g?y")]
    [InlineData("https:g", "https:g")]
    public void JoinRfc3986(string reference, string expected)
    {
        Assert.Equal(expected, new Url("http://example.com/b/c/d;p?q").Join(reference).ToString());
    }

    [Fact]
    public void JoinKeepsBaseFragmentOnlyForAnEmptyReference()
    {
        var url = new Url("http://example.com/a?q#frag");
        Assert.Equal("http://example.com/a?q#frag", url.Join("").ToString());
        Assert.Equal("http://example.com/a?z", url.Join("?z").ToString());
    }

    [Fact]
    public void JoinAfterQueryWithBrackets()
    {
        // https://github.com/encode/httpx/issues/1833
        Assert.Equal("https://example.com/", new Url("https://example.com/?[]").Join("/").ToString());
    }

    // CopyWith.

    [Fact]
    public void CopyWith()
    {
        var url = new Url("https://www.example.com/");
        Assert.Equal("https://www.example.com/", url.CopyWith().ToString());
        url = url.CopyWith(scheme: "http");
        Assert.Equal("http://www.example.com/", url.ToString());
        url = url.CopyWith(host: "example.com");
        Assert.Equal("http://example.com/", url.ToString());
        url = url.CopyWith(path: "/abc");
        Assert.Equal("http://example.com/abc", url.ToString());
        url = url.CopyWith(fragment: "a b");
        Assert.Equal("http://example.com/abc#a%20b", url.ToString());
    }

    [Fact]
    public void CopyWithAuthoritySubcomponents()
    {
        var url = new Url("https://example.org").CopyWith(username: "username", password: "password", port: 444, host: "example.net");
        Assert.Equal("https://username:password@example.net:444", url.ToUnredactedString());
    }

    [Fact]
    public void CopyWithUserInfoSubcomponents()
    {
        var url = new Url("https://example.org").CopyWith(username: "tom@example.org", password: "abc123@ %");
        Assert.Equal("https://tom%40example.org:abc123%40%20%@example.org", url.ToUnredactedString());
        Assert.Equal("tom@example.org", url.Username);
        Assert.Equal("abc123@ %", url.Password);
        Assert.Equal("tom%40example.org:abc123%40%20%", url.UserInfo);

        Assert.Equal("https://tom%40example.org:new%3Apass@example.org", url.CopyWith(password: "new:pass").ToUnredactedString());
        Assert.Equal("https://bob:abc123%40%20%@example.org", url.CopyWith(username: "bob").ToUnredactedString());
        Assert.Equal("https://example.org", url.CopyWith(username: "", password: "").ToString());
    }

    [Fact]
    public void CopyWithEncodesPathAndTakesQueryAsEncoded()
    {
        var url = new Url("https://example.org").CopyWith(path: "/path to somewhere");
        Assert.Equal(("/path to somewhere", "", "/path%20to%20somewhere"), (url.Path, url.Query, url.RawPath));

        url = new Url("https://example.org").CopyWith(query: "a=123");
        Assert.Equal(("/", "a=123", "/?a=123"), (url.Path, url.Query, url.RawPath));
    }

    [Theory]
    [InlineData("/some/path", "/some/path", "", "/some/path")]
    [InlineData("/some/path?", "/some/path", "", "/some/path?")]
    [InlineData("/some/path?a=123", "/some/path", "a=123", "/some/path?a=123")]
    public void CopyWithRawPath(string rawPath, string path, string query, string expectedRawPath)
    {
        var url = new Url("https://example.org?old=1").CopyWith(rawPath: rawPath);
        Assert.Equal((path, query, expectedRawPath), (url.Path, url.Query, url.RawPath));
    }

    [Fact]
    public void CopyWithRawPathExcludesPathAndQuery()
    {
        Assert.Throws<ArgumentException>(() => new Url("https://example.org").CopyWith(rawPath: "/a", path: "/b"));
    }

    [Fact]
    public void CopyWithPort()
    {
        var url = new Url("https://example.org:8443/x");
        Assert.Equal("https://example.org/x", url.CopyWithPort(null).ToString());
        Assert.Equal("https://example.org:9000/x", url.CopyWithPort(9000).ToString());
        Assert.Equal("https://example.org/x", url.CopyWith(port: 443).ToString());
        Assert.Equal("https://example.org:8443/x", url.CopyWith(path: "/x").ToString());
    }

    [Theory]
    [InlineData("[::ffff:192.168.0.1]")]
    [InlineData("::ffff:192.168.0.1")]
    public void Ipv6FromComponents(string host)
    {
        var url = new Url("https://placeholder").CopyWith(host: host, port: 443, path: "/");
        Assert.Equal("::ffff:192.168.0.1", url.Host);
        Assert.Equal("[::ffff:192.168.0.1]", url.NetLoc);
        Assert.Equal("https://[::ffff:192.168.0.1]/", url.ToString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234", "[::ffff:192.168.0.1]")]
    [InlineData("http://example.com:1234", "[::ffff:192.168.0.1]")]
    [InlineData("http://[::ffff:127.0.0.1]:1234", "[::ffff:192.168.0.1]")]
    [InlineData("http://127.0.0.1:1234", "::ffff:192.168.0.1")]
    [InlineData("http://example.com:1234", "::ffff:192.168.0.1")]
    [InlineData("http://[::ffff:127.0.0.1]:1234", "::ffff:192.168.0.1")]
    public void Ipv6CopyWithHost(string input, string newHost)
    {
        var url = new Url(input).CopyWith(host: newHost);
        Assert.Equal("::ffff:192.168.0.1", url.Host);
        Assert.Equal("[::ffff:192.168.0.1]:1234", url.NetLoc);
        Assert.Equal("http://[::ffff:192.168.0.1]:1234", url.ToString());
        Assert.Equal("http://[::ffff:192.168.0.1]:1234", url.Origin);
    }

    [Fact]
    public void Ipv6Url()
    {
        var url = new Url("http://[::ffff:192.168.0.1]:5678/");
        Assert.Equal("::ffff:192.168.0.1", url.Host);
        Assert.Equal("::ffff:192.168.0.1", url.RawHost);
        Assert.Equal("[::ffff:192.168.0.1]:5678", url.NetLoc);
        Assert.Equal("http://[::ffff:192.168.0.1]:5678/", url.ToString());
    }

    // Query parameter copies.

    [Fact]
    public void ParamManipulation()
    {
        var url = new Url("https://example.org:123/?a=123");
        Assert.Equal("https://example.org:123/?a=456", url.CopySetParam("a", "456").ToString());
        Assert.Equal("https://example.org:123/?a=123&a=456", url.CopyAddParam("a", "456").ToString());
        Assert.Equal("https://example.org:123/", url.CopyRemoveParam("a").ToString());
        Assert.Equal("https://example.org:123/?a=123&b=456", url.CopyMergeParams(new Dictionary<string, string> { ["b"] = "456" }).ToString());
        Assert.Equal("https://example.org:123/?a=1&b=2#f", new Url("https://example.org:123/?a=0&b=2#f").CopyMergeParams(QueryParams.Parse("a=1")).ToString());
        Assert.Equal("https://example.org:123/?a=1&b=2#f", new Url("https://example.org:123/?a=0&b=2#f").CopyMergeParams(new[] { ("a", "1") }).ToString());
    }

    [Fact]
    public void MergingParamsKeepsAQueryAsWrittenUnlessANameIsReplaced()
    {
        var odata = new Url("https://example.org/p?$select=id,name&flag#f");
        Assert.Equal("https://example.org/p?$select=id,name&flag#f", odata.CopyMergeParams(new Dictionary<string, string>()).ToString());
        Assert.Equal("https://example.org/p?$select=id,name&flag&top=5#f", odata.CopyMergeParams(new Dictionary<string, string> { ["top"] = "5" }).ToString());
        // Replacing a name re-encodes the query, as HTTPX does.
        Assert.Equal("https://example.org/p?%24select=id%2Cname&flag=1#f", odata.CopyMergeParams(new Dictionary<string, string> { ["flag"] = "1" }).ToString());
        Assert.Equal("https://example.org/p?$select=id&x=1", new Request("GET", "https://example.org/p?$select=id", @params: new Dictionary<string, int> { ["x"] = 1 }).Url.ToString());
    }

    [Fact]
    public void MergingAKeyGivenAnEmptyListRemovesItFromTheQuery()
    {
        var url = new Url("https://example.org/p?a=1&a=2&b=3#f");
        Assert.Equal("https://example.org/p?b=3#f", url.CopyMergeParams(new Dictionary<string, object> { ["a"] = Array.Empty<int>() }).ToString());
        Assert.Equal("https://example.org/p#f", new Url("https://example.org/p?a=1#f").CopyMergeParams(new System.Collections.Hashtable { ["a"] = new object[0] }).ToString());
        // A key the query does not have leaves it as written.
        Assert.Same(url, url.CopyMergeParams(new Dictionary<string, object> { ["z"] = Array.Empty<int>() }));
    }

    [Fact]
    public void ParamsPropertyDecodesTheQuery()
    {
        var parameters = new Url("https://example.org/?q=a%20b+c&x").Params;
        Assert.Equal("a b c", parameters["q"]);
        Assert.Equal("", parameters["x"]);
    }

    // IDNA hosts.

    [Theory]
    [InlineData("http://中国.icom.museum:80/", "http://xn--fiqs8s.icom.museum:80/", "中国.icom.museum", "xn--fiqs8s.icom.museum", "http", null)]
    [InlineData("http://Königsgäßchen.de", "http://xn--knigsgchen-b4a3dun.de", "königsgäßchen.de", "xn--knigsgchen-b4a3dun.de", "http", null)]
    [InlineData("https://faß.de", "https://xn--fa-hia.de", "faß.de", "xn--fa-hia.de", "https", null)]
    [InlineData("https://βόλος.com:443", "https://xn--nxasmm1c.com:443", "βόλος.com", "xn--nxasmm1c.com", "https", null)]
    [InlineData("http://ශ්\u200dරී.com:444", "http://xn--10cl1a0b660p.com:444", "ශ්\u200dරී.com", "xn--10cl1a0b660p.com", "http", 444)]
    [InlineData("https://نامه\u200cای.com:4433", "https://xn--mgba3gch31f060k.com:4433", "نامه\u200cای.com", "xn--mgba3gch31f060k.com", "https", 4433)]
    [InlineData("http://col·legi.cat", "http://xn--collegi-xma.cat", "col·legi.cat", "xn--collegi-xma.cat", "http", null)]   // a middle dot between 'l's
    public void IdnaUrl(string given, string idna, string host, string rawHost, string scheme, int? port)
    {
        var url = new Url(given);
        Assert.Equal(new Url(idna), url);
        Assert.Equal(host, url.Host);
        Assert.Equal(rawHost, url.RawHost);
        Assert.Equal(scheme, url.Scheme);
        Assert.Equal(port, url.Port);
        Assert.Equal(host, new Url(idna).Host);
    }

    [Fact]
    public void IdnaHostsUseTheAsciiFormOnTheWire()
    {
        var url = new Url("https://中国.icom.museum/");
        Assert.Equal("xn--fiqs8s.icom.museum", url.RawHost);
        Assert.Equal("https://xn--fiqs8s.icom.museum/", url.ToString());
        Assert.Equal("https://xn--fiqs8s.icom.museum", url.Origin);
        Assert.Equal("xn--fiqs8s.icom.museum", new Url("https://xn--fiqs8s.icom.museum/").RawHost);
        Assert.Equal("www.中国.icom.museum", new Url("https://www.xn--fiqs8s.icom.museum/").Host);
        Assert.Equal("xn--zz.example", new Url("https://xn--zz.example/").Host);
    }
}
