namespace Httpx.Tests.Auth;

/// <summary>Digest auth against the test server's strict RFC 7616 endpoint (which rejects a reused nc).</summary>
public class DigestAuthTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public DigestAuthTests(ServerFixture f) => _f = f;

    private string Http => _f.Server.HttpUrl;

    public static TheoryData<string, string> Combinations()
    {
        var data = new TheoryData<string, string>();
        foreach (var algorithm in new[] { "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess" })
        foreach (var qop in new[] { "auth", "auth-int", "none" })
        {
            // RFC 2617: a cnonce must not be sent without qop, and -sess needs one: no such combination exists.
            if (qop == "none" && algorithm.EndsWith("-sess")) continue;
            data.Add(algorithm, qop);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_algorithm_and_qop_authenticates(string algorithm, string qop)
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        // auth-int hashes the body, so send one.
        var r = client.Post($"{Http}/digest-auth/{qop}/user/pass/{algorithm}?x=1", new RequestOptions { Content = "the body" });
        Assert.Equal(200, r.StatusCode);
        Assert.True(r.Json()!["authenticated"]!.GetValue<bool>());
        var challenge = Assert.Single(r.History);
        Assert.Equal(401, challenge.StatusCode);
        var sent = r.Request.Headers["Authorization"];
        Assert.Contains($"algorithm={algorithm}", sent);
        Assert.Contains("uri=\"/digest-auth/", sent);
        Assert.Contains("?x=1\"", sent);
        Assert.Contains("opaque=", sent);
        if (qop == "none") Assert.DoesNotContain("nc=", sent);
        else Assert.Contains($"qop={qop}, nc=00000001", sent);
    }

    // A client with Digest auth whose transport answers the first request with a 401 carrying this challenge and the
    // next with a 200; each request's Authorization header goes to sent.
    private static Httpx.Client ChallengedOnce(string challenge, List<string?> sent) => new(new ClientOptions
    {
        Auth = new DigestAuth("user", "pass"),
        Transport = new MockTransport(request =>
        {
            sent.Add(request.Headers.Get("Authorization"));
            return sent.Count == 1
                ? new Response(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = challenge })
                : new Response(200);
        }),
    });

    [Fact]
    public void A_Digest_challenge_after_a_Basic_one_in_the_same_header_line_is_answered()
    {
        // RFC 7235 4.1: one line, two challenges. HTTPX reads it as a Basic challenge and returns the 401; curl answers.
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var r = client.Get($"{Http}/digest-auth/auth/user/pass/SHA-256?basic_first=1");
        Assert.Equal(200, r.StatusCode);
        Assert.StartsWith("Basic realm=", Assert.Single(r.History).Headers["WWW-Authenticate"]);
    }

    [Fact]
    public void A_sess_challenge_without_qop_cannot_be_answered_and_the_error_says_why()
    {
        // A -sess A1 hashes the client nonce (RFC 7616 3.4.2), which goes only with a qop (RFC 2617 3.2.2). HTTPX and
        // requests answer with a hash the server cannot check, so the user got a 401 as for a wrong password; curl
        // refuses the challenge. Nothing is sent for it.
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "hunter2") });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get($"{Http}/digest-auth/none/user/pass/SHA-256-sess"));
        Assert.Contains($"Malformed Digest challenge from {Http}/digest-auth/none/user/pass/SHA-256-sess (algorithm SHA-256-sess without qop, ", e.Message);
        Assert.Contains("algorithm=SHA-256-sess", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void An_empty_opaque_is_not_sent_back()
    {
        var sent = new List<string?>();
        using var client = ChallengedOnce("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", opaque=\"\"", sent);
        Assert.Equal(200, client.Get("http://example.org/").StatusCode);
        Assert.StartsWith("Digest ", sent[1]);
        Assert.DoesNotContain("opaque", sent[1]);
    }

    [Theory]
    [InlineData("Digest realm=\"r\", nonce=\"n\", stale, qop=\"auth\", opaque=\"o\"")]
    [InlineData("Digest userhash, realm=\"r\", nonce=\"n\", qop=\"auth\", opaque=\"o\"")]
    public void A_parameter_without_a_value_does_not_swallow_the_next_one(string challenge)
    {
        // A bare token is not an auth-param (RFC 7235 2.1); HTTPX fails on it with a ValueError. It was read as part of
        // the next parameter's name ("stale, qop"), so qop was lost and the answer fell back to RFC 2069, or the realm
        // was not found and a well-formed challenge was called malformed. It is skipped; the rest is read as sent.
        var sent = new List<string?>();
        using var client = ChallengedOnce(challenge, sent);
        Assert.Equal(200, client.Get("http://example.org/").StatusCode);
        Assert.Equal(2, sent.Count);
        Assert.Contains("realm=\"r\"", sent[1]);
        Assert.Contains("opaque=\"o\"", sent[1]);
        Assert.Contains("qop=auth, nc=00000001", sent[1]);
    }

    [Theory]
    [InlineData("Digest realm=\"httpx@example.org\", qop=\"auth\"", "no nonce")]
    [InlineData("Digest realm=\"httpx@example.org\", nonce=\"abc\", qop=\"auth,au", "unterminated quoted string")]
    public void A_malformed_challenge_is_a_protocol_error_naming_it_and_the_url(string challenge, string problem)
    {
        // HTTPX's test_digest_auth_raises_protocol_error_on_malformed_header: a challenge cut short is not answered.
        var sent = 0;
        using var client = new Httpx.Client(new ClientOptions
        {
            Auth = new DigestAuth("user", "pass"),
            Transport = new MockTransport(_ =>
            {
                sent++;
                return new Response(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = challenge });
            }),
        });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get("http://user:hunter2@example.org/report"));
        Assert.Equal(1, sent);
        Assert.Contains(problem, e.Message);
        Assert.Contains(challenge, e.Message);
        Assert.Contains("http://user:[secure]@example.org/report", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Theory]
    // The server's text quoted in the error reaches the console: its ESC and BEL are escaped (HttpLog.Printable).
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=\"X\u001b[2J\"", "Unsupported Digest algorithm 'X\\x1b[2J'")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", qop=\"x\u001b]0;t\u0007\"", "Unexpected qop value \"x\\x1b]0;t\\x07\"")]
    [InlineData("Digest realm=\"r\u001b[2J\", qop=\"auth\"", "(no nonce): Digest realm=\"r\\x1b[2J\", qop=\"auth\"")]
    public void A_refused_challenge_is_quoted_with_its_control_characters_escaped(string challenge, string quoted)
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Auth = new DigestAuth("user", "pass"),
            Transport = new MockTransport(_ => new Response(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = challenge })),
        });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get("http://example.org/report"));
        Assert.Contains(quoted, e.Message);
        Assert.DoesNotContain(e.Message, c => c is '\u001b' or '\u0007');
    }

    [Fact]
    public void MaxRedirects_zero_ends_the_exchange_with_a_message_that_counts_the_challenge()
    {
        // HTTPX counts the auth flow's earlier responses against max_redirects; the message said "0 redirects" where
        // none happened, leaving the user to look for a redirect.
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass"), MaxRedirects = 0 });
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get($"{Http}/digest-auth/auth/user/pass"));
        Assert.Contains("the count includes the earlier request of the auth flow", e.Message);
        // The retry goes to the URL of the challenge: an auth step, not a redirect loop.
        Assert.DoesNotContain("loop", e.Message);
    }

    [Fact]
    public void A_file_body_is_sent_from_the_file_and_sent_again_by_seeking_back()
    {
        // A file upload with Digest auth was read whole into memory before the first send (RequiresRequestBody), so an
        // artifact cost its size in memory and one over 2 GB failed. A seekable body can be sent again without a copy,
        // as redirects send it; only a one-shot stream (below) is buffered.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "the file's body");
            using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
            using (var file = File.OpenRead(path))
            {
                var r = client.Post($"{Http}/digest-auth/auth/user/pass/SHA-256", new RequestOptions { Content = file });
                Assert.Equal(200, r.StatusCode);
                Assert.Single(r.History);
                Assert.Throws<RequestNotReadException>(() => r.Request.Content); // streamed, never held in memory
            }
            // auth-int hashes the body it sends: the server checks that hash against the body it got the second time.
            using (var file = File.OpenRead(path))
                Assert.Equal(200, client.Post($"{Http}/digest-auth/auth-int/user/pass/SHA-256", new RequestOptions { Content = file }).StatusCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_one_shot_stream_body_is_buffered_so_the_challenge_can_be_answered()
    {
        using var client = new Httpx.Client();
        using var body = new NonSeekableStream("streamed"u8.ToArray());
        var r = client.Post($"{Http}/digest-auth/auth-int/user/pass/SHA-256", new RequestOptions { Content = body, Auth = new DigestAuth("user", "pass") });
        Assert.Equal(200, r.StatusCode);
    }

    [Fact]
    public void Later_requests_reuse_the_challenge_with_an_incremented_nonce_count()
    {
        var auth = new DigestAuth("user", "pass");
        using var client = new Httpx.Client(new ClientOptions { Auth = auth });
        var url = $"{Http}/digest-auth/auth/user/pass/MD5";
        Assert.Single(client.Get(url).History);
        // No new 401: the server has accepted nc=2 and nc=3 for the same nonce (it refuses a repeated nc).
        var second = client.Get(url);
        Assert.Equal(200, second.StatusCode);
        Assert.Empty(second.History);
        Assert.Contains("nc=00000002", second.Request.Headers["Authorization"]);
        var third = client.Get(url);
        Assert.Empty(third.History);
        Assert.Contains("nc=00000003", third.Request.Headers["Authorization"]);
    }

    [Fact]
    public void The_kept_challenge_is_answered_only_at_its_own_origin()
    {
        // A Digest response is a hash of the password: another server (or port, or scheme) must not get one unasked.
        var sent = new List<string>();
        using var client = new Httpx.Client(new ClientOptions
        {
            Auth = new DigestAuth("user", "pass"),
            Transport = new MockTransport(request =>
            {
                sent.Add($"{request.Url.Origin} {request.Headers.Get("Authorization")}");
                // Only http://a.example challenges; the others would take anything.
                return request.Headers.ContainsKey("Authorization") || request.Url.Origin != "http://a.example"
                    ? new Response(200)
                    : new Response(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\"" });
            }),
        });
        Assert.Equal(200, client.Get("http://a.example/one").StatusCode);
        Assert.Equal(200, client.Get("http://b.example/").StatusCode);
        Assert.Equal(200, client.Get("http://a.example:8080/").StatusCode);
        Assert.Equal(200, client.Get("https://a.example/").StatusCode);
        Assert.Equal(200, client.Get("http://a.example/two").StatusCode);
        Assert.Equal(["http://a.example ", "http://b.example ", "http://a.example:8080 ", "https://a.example "],
            sent.Where(s => !s.Contains("Digest")).ToArray());
        // The challenge's own origin still gets credentials at once, with the next nonce count.
        Assert.Contains("nc=00000002", sent[^1]);
        Assert.StartsWith("http://a.example Digest ", sent[^1]);
    }

    [Fact]
    public void A_stale_nonce_is_retried_once_with_the_new_one()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var url = $"{Http}/digest-auth/auth/user/pass/SHA-256/1"; // each nonce is good for one request
        Assert.Equal(200, client.Get(url).StatusCode);
        var second = client.Get(url);
        Assert.Equal(200, second.StatusCode);
        var stale = Assert.Single(second.History);
        Assert.Contains("stale=true", stale.Headers["WWW-Authenticate"]);
        Assert.Contains("nc=00000001", second.Request.Headers["Authorization"]);
    }

    [Fact]
    public void Stale_retry_happens_once_only()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var r = client.Get($"{Http}/digest-auth/auth/user/pass/MD5/0"); // every nonce is stale at once
        Assert.Equal(401, r.StatusCode);
        Assert.Equal(2, r.History.Count);
        Assert.Contains("stale=true", r.Headers["WWW-Authenticate"]);
    }

    [Fact]
    public void A_stale_flag_is_read_whatever_its_case()
    {
        // RFC 7616 3.3: stale is a case-insensitive flag. A server that answers every request with a stale=TRUE challenge
        // gets the answer and one retry with the fresh nonce, as for stale=true, then its 401.
        var challenge = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\", stale=TRUE\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        using var server = TestServer.ScriptedServer.AnsweringEvery(challenge);
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var r = client.Get(server.Url + "/");
        Assert.Equal(401, r.StatusCode);
        Assert.Equal(2, r.History.Count);
        Assert.StartsWith("Digest ", r.Request.Headers["Authorization"]);
    }

    [Fact]
    public void A_digest_challenge_on_a_response_that_is_not_a_401_is_not_answered()
    {
        // HTTPX answers only a 401 (its auth_flow returns on any other status): a 403 that names a Digest challenge is the
        // response, without a retry carrying the credentials.
        var forbidden = "HTTP/1.1 403 Forbidden\r\nWWW-Authenticate: Digest realm=\"r\", nonce=\"n\", qop=\"auth\"\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        using var server = TestServer.ScriptedServer.AnsweringEvery(forbidden);
        using var client = new Httpx.Client(new ClientOptions { Auth = new DigestAuth("user", "pass") });
        var r = client.Get(server.Url + "/");
        Assert.Equal(403, r.StatusCode);
        Assert.Empty(r.History);
        Assert.False(r.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void Wrong_password_returns_the_401_without_an_exception()
    {
        using var client = new Httpx.Client();
        var r = client.Get($"{Http}/digest-auth/auth/user/pass/MD5", new RequestOptions { Auth = new DigestAuth("user", "wrong") });
        Assert.Equal(401, r.StatusCode);
        Assert.Equal("wrong response hash", r.Json()!["reason"]!.ToString());
        Assert.Single(r.History);
    }

    [Fact]
    public void A_non_digest_401_is_returned_as_is()
    {
        using var client = new Httpx.Client();
        var r = client.Get($"{Http}/basic-auth/user/pass", new RequestOptions { Auth = new DigestAuth("user", "pass") });
        Assert.Equal(401, r.StatusCode);
        Assert.Empty(r.History);
    }

    [Fact]
    public void Digest_never_answers_a_challenge_from_another_origin_after_a_redirect()
    {
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Auth = new DigestAuth("user", "pass") });
        var other = Http.Replace("127.0.0.1", "localhost") + "/digest-auth/auth/user/pass/MD5";
        var r = client.Get($"{Http}/redirect-to?url={Uri.EscapeDataString(other)}");
        Assert.Equal(401, r.StatusCode);
        Assert.Equal(other, r.Url.ToString());
        Assert.Single(r.History); // the 302 only: no second round with credentials
        Assert.False(r.Request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void A_challenge_after_a_same_origin_redirect_is_answered_for_the_target()
    {
        // The digest covers the uri; answered for the first URL (as HTTPX does), the target refused it.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Auth = new DigestAuth("user", "pass") });
        var r = client.Get($"{Http}/redirect-to?url=/digest-auth/auth/user/pass");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("/digest-auth/auth/user/pass", r.Url.Path);
        Assert.Contains("uri=\"/digest-auth/auth/user/pass\"", r.Request.Headers["Authorization"]);
        Assert.Equal(new[] { 302, 401 }, r.History.Select(h => h.StatusCode));
    }

    [Fact]
    public void The_redirect_before_a_challenge_stays_in_the_history_and_the_body_is_sent_again()
    {
        // The flow answers at the redirect target and does not follow the redirect again: the 307 that led there was
        // dropped from History, so $r.Url differed from the URL asked for with no redirect to show why.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, Auth = new DigestAuth("user", "pass") });
        var r = client.Post($"{Http}/redirect-to?status_code=307&url=/digest-auth/auth-int/user/pass",
            new RequestOptions { Content = "the body" });
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(new[] { 307, 401 }, r.History.Select(h => h.StatusCode));
        Assert.Equal("/redirect-to", r.History[0].Url.Path);
        Assert.Equal(new[] { 307 }, r.History[1].History.Select(h => h.StatusCode));
        Assert.Equal("POST", r.Request.Method);
    }

    [Fact]
    public void The_redirect_before_a_challenge_counts_against_MaxRedirects_and_the_message_tells_them_apart()
    {
        // As HTTPX counts them (its second step follows the redirect again): one redirect and one challenge exceed a
        // limit of 1. The message counts the one auth step, not the redirect with it.
        using var client = new Httpx.Client(new ClientOptions { FollowRedirects = true, MaxRedirects = 1, Auth = new DigestAuth("user", "pass") });
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get($"{Http}/redirect-to?url=/digest-auth/auth/user/pass"));
        Assert.Contains("the count includes the earlier request of the auth flow", e.Message);
    }

    [Fact]
    public void A_challenge_after_an_https_upgrade_is_answered()
    {
        // http://host to https://host on the default ports keeps Authorization across the redirect (HTTPX's rule), so
        // a challenge there is answered too; it was returned as is.
        var sent = new List<string>();
        using var client = new Httpx.Client(new ClientOptions
        {
            FollowRedirects = true,
            Auth = new DigestAuth("user", "pass"),
            Transport = new MockTransport(request =>
            {
                sent.Add($"{request.Url} {request.Headers.Get("Authorization")}");
                if (request.Url.Scheme == "http")
                    return new Response(301, headers: new Dictionary<string, string> { ["Location"] = "https://example.org/report" });
                return request.Headers.ContainsKey("Authorization")
                    ? new Response(200)
                    : new Response(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "Digest realm=\"r\", nonce=\"n\", qop=\"auth\"" });
            }),
        });
        var r = client.Get("http://example.org/report");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(3, sent.Count);
        Assert.StartsWith("https://example.org/report Digest username=\"user\"", sent[2]);
        Assert.Contains("uri=\"/report\"", sent[2]);
    }

    [Fact]
    public void A_user_name_with_a_line_break_is_refused_when_the_auth_is_made()
    {
        // It was accepted, and every request then failed on the Authorization header the user never set.
        var e = Assert.Throws<ArgumentException>(() => new DigestAuth("ada\r\nX-Injected: 1", "hunter2"));
        Assert.Contains("Digest user name cannot contain line breaks", e.Message);
        Assert.Contains("'ada\\r\\nX-Injected: 1'", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Theory]
    // Not only line breaks: a NUL failed every request as a line break did, and an escape went to the server raw.
    [InlineData("ada\u0000", "'ada\\x00'")]
    [InlineData("ada\u001b[2J", "'ada\\x1b[2J'")]
    public void A_user_name_with_another_control_character_is_refused_too(string username, string shown)
    {
        var e = Assert.Throws<ArgumentException>(() => new DigestAuth(username, "hunter2"));
        Assert.Contains("other control characters", e.Message);
        Assert.Contains(shown, e.Message);
    }

    [Fact]
    public void ToString_hides_the_password()
    {
        // An empty or type-name-only string would hide it too: the user name and the masked password must show.
        Assert.Equal("DigestAuth(username='user', password=[secure])", new DigestAuth("user", "hunter2").ToString());
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
