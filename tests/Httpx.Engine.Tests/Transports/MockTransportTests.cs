using System.Text;

namespace Httpx.Tests.Transports;

/// <summary>Client logic without a network: auth flow steps and redirect handling through MockTransport.</summary>
public class MockTransportTests
{
    private static Httpx.Client ClientFor(Func<Request, Response> handler, ClientOptions? options = null) =>
        new((options ?? new ClientOptions()) with { Transport = new MockTransport(handler) });

    /// <summary>Sends without credentials first; on a 401 with a challenge, retries with a token.</summary>
    private sealed class ChallengeAuth : Httpx.Auth
    {
        public override bool RequiresResponseBody => true;
        public string? SeenChallengeBody;

        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return request;
            if (context.Response!.StatusCode != 401) yield break;
            SeenChallengeBody = context.Response.Text;
            request.Headers.Set("Authorization", "Token " + context.Response.Headers["WWW-Authenticate"]);
            yield return request;
        }
    }

    [Fact]
    public void The_trace_extension_sees_each_hop_as_it_is_sent_and_answered()
    {
        using var client = ClientFor(r => r.Url.Path == "/a"
            ? new Response(302, headers: new Dictionary<string, string> { ["Location"] = "/b" })
            : new Response(200, text: "ok"), new ClientOptions { FollowRedirects = true });
        var events = new List<string>();
        RequestTrace trace = (name, info) => events.Add(info switch
        {
            Request request => $"{name} {request.Url.Path}",
            Response response => $"{name} {response.StatusCode}",
            _ => name,
        });
        client.Get("https://example.org/a", new RequestOptions { Extensions = new Dictionary<string, object?> { ["trace"] = trace } });
        Assert.Equal([
            "send_request_headers.started /a", "receive_response_headers.complete 302",
            "send_request_headers.started /b", "receive_response_headers.complete 200"], events);
    }

    /// <summary>On a 401, answers with a request of its own making (no extensions of the caller's).</summary>
    private sealed class ReplacingAuth : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return request;
            if (context.Response!.StatusCode == 401)
                yield return new Request(request.Method, request.Url, headers: new Dictionary<string, string> { ["Authorization"] = "Token t" });
        }
    }

    [Fact]
    public void The_trace_follows_an_auth_flow_into_a_request_it_made()
    {
        using var client = ClientFor(r => new Response(r.Headers.ContainsKey("Authorization") ? 200 : 401));
        var events = new List<string>();
        RequestTrace trace = (name, info) => events.Add(info is Response response ? $"{name} {response.StatusCode}" : name);
        client.Get("https://example.org/", new RequestOptions { Auth = new ReplacingAuth(), Extensions = new Dictionary<string, object?> { ["trace"] = trace } });
        Assert.Equal([
            "send_request_headers.started", "receive_response_headers.complete 401",
            "send_request_headers.started", "receive_response_headers.complete 200"], events);
    }

    [Fact]
    public void An_error_a_transport_raises_names_the_request()
    {
        // HTTPX's request_context sets exc.request on errors from any transport.
        using var client = ClientFor(_ => throw new ConnectException("no route"));
        var e = Assert.Throws<ConnectException>(() => client.Get("https://example.org/x"));
        Assert.Equal("https://example.org/x", e.Request.Url.ToString());
    }

    [Theory]
    [InlineData("3", "abcdef")]   // more than announced: all of it
    [InlineData("10", "abc")]     // less than announced: what came
    [InlineData("6", "abcdef")]
    public void A_body_is_read_whole_whatever_its_Content_Length_says(string contentLength, string body)
    {
        using var client = ClientFor(_ => new Response(200, headers: new Dictionary<string, string> { ["Content-Length"] = contentLength },
            stream: new MemoryStream(Encoding.ASCII.GetBytes(body))));
        var response = client.Get("https://example.org/");
        Assert.Equal(body, response.Text);
        Assert.Equal(body.Length, response.NumBytesDownloaded);
    }

    [Fact]
    public void Auth_flow_retries_after_a_challenge_and_keeps_the_challenge_in_history()
    {
        var seen = new List<string?>();
        using var client = ClientFor(r =>
        {
            seen.Add(r.Headers.Get("Authorization"));
            return r.Headers.ContainsKey("Authorization")
                ? new Response(200, text: "welcome")
                : new Response(401, headers: new Dictionary<string, string> { ["WWW-Authenticate"] = "abc" }, text: "who are you");
        });
        var auth = new ChallengeAuth();
        var response = client.Get("https://example.org/private", new RequestOptions { Auth = auth });

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("welcome", response.Text);
        Assert.Equal([null, "Token abc"], seen);
        Assert.Equal(401, Assert.Single(response.History).StatusCode);
        Assert.Equal("who are you", auth.SeenChallengeBody);
    }

    [Fact]
    public void Auth_flow_stops_after_one_request_when_there_is_no_challenge()
    {
        var calls = 0;
        using var client = ClientFor(_ => { calls++; return new Response(200); });
        var response = client.Get("https://example.org/", new RequestOptions { Auth = new ChallengeAuth() });
        Assert.Equal(1, calls);
        Assert.Empty(response.History);
    }

    [Fact]
    public void Basic_auth_from_a_pair_from_the_url_and_function_auth()
    {
        using var client = ClientFor(r => new Response(200, text: r.Headers.Get("Authorization") ?? "none"));
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass"));
        Assert.Equal(expected, client.Get("https://example.org/", new RequestOptions { Auth = ("user", "pass") }).Text);
        Assert.Equal(expected, client.Get("https://user:pass@example.org/").Text);
        Func<Request, Request> sign = r => { r.Headers.Set("Authorization", "Signed"); return r; };
        Assert.Equal("Signed", client.Get("https://example.org/", new RequestOptions { Auth = sign }).Text);
        Assert.Equal("none", client.Get("https://example.org/").Text);
    }

    [Fact]
    public void Function_auth_sends_the_request_the_function_returns()
    {
        // HTTPX's FunctionAuth yields func(request): a function may build a new request (a pre-signed URL, say) rather
        // than change the one given; sending the one given dropped it.
        using var client = ClientFor(r => new Response(200, text: r.Url.ToString()));
        Func<Request, Request> presign = r => new Request(r.Method, r.Url.CopyWith(query: "signature=abc"));
        Assert.Equal("https://example.org/file?signature=abc", client.Get("https://example.org/file", new RequestOptions { Auth = presign }).Text);
    }

    [Fact]
    public void Invalid_auth_argument_is_rejected_naming_the_type()
    {
        using var client = ClientFor(_ => new Response(200));
        var e = Assert.Throws<ArgumentException>(() => client.Get("https://example.org/", new RequestOptions { Auth = 42 }));
        Assert.Contains("System.Int32", e.Message);
    }

    private static Response Redirect(int status, string location) =>
        new(status, headers: new Dictionary<string, string> { ["Location"] = location });

    [Theory]
    [InlineData(301, "GET")]
    [InlineData(302, "GET")]
    [InlineData(303, "GET")]
    [InlineData(307, "POST")]
    [InlineData(308, "POST")]
    public void Redirect_method_and_body_follow_httpx_rules(int status, string expectedMethod)
    {
        using var client = ClientFor(r => r.Url.Path == "/start"
            ? Redirect(status, "/end")
            : new Response(200, text: $"{r.Method} {Encoding.UTF8.GetString(r.Content)} {r.Headers.Get("Content-Type") ?? "-"}"));
        var response = client.Post("https://example.org/start", new RequestOptions { Content = "body", FollowRedirects = true,
            Headers = new Dictionary<string, string> { ["Content-Type"] = "text/plain" } });
        var keepsBody = expectedMethod == "POST";
        // HTTPX drops the body and its framing (Content-Length, Transfer-Encoding) but keeps Content-Type.
        Assert.Equal(keepsBody ? "POST body text/plain" : "GET  text/plain", response.Text);
        Assert.Equal("https://example.org/end", response.Url.ToString());
        Assert.Equal(status, Assert.Single(response.History).StatusCode);
    }

    [Fact]
    public void Authorization_is_dropped_across_origins_and_kept_within_one()
    {
        using var client = ClientFor(r => r.Url.Path switch
        {
            "/same" => Redirect(302, "/landed"),
            "/cross" => Redirect(302, "https://other.example/landed"),
            _ => new Response(200, text: r.Headers.Get("Authorization") ?? "none"),
        }, new ClientOptions { FollowRedirects = true, Headers = new Dictionary<string, string> { ["Authorization"] = "secret" } });
        Assert.Equal("secret", client.Get("https://example.org/same").Text);
        Assert.Equal("none", client.Get("https://example.org/cross").Text);
    }

    [Theory]
    // HTTPX's one exception to "another scheme is another origin": http to https on the default ports, same host.
    [InlineData("http://example.org/go", "https://example.org/landed", "secret")]
    [InlineData("http://example.org:8080/go", "https://example.org:8080/landed", "none")]
    [InlineData("http://example.org:8080/go", "https://example.org/landed", "none")] // an upgrade only from port 80
    [InlineData("https://example.org/go", "http://example.org/landed", "none")]
    public void Authorization_survives_only_the_upgrade_to_https_among_scheme_changes(string from, string to, string expected)
    {
        using var client = ClientFor(r => r.Url.Path == "/go"
            ? Redirect(302, to)
            : new Response(200, text: r.Headers.Get("Authorization") ?? "none"),
            new ClientOptions { FollowRedirects = true, AllowInsecureRedirects = true, Headers = new Dictionary<string, string> { ["Authorization"] = "secret" } });
        var response = client.Get(from);
        Assert.Equal(to, response.Url.ToString());
        Assert.Equal(expected, response.Text);
    }

    [Fact]
    public void Elapsed_covers_the_transports_whole_exchange()
    {
        // The transport's work is timed on the clock Elapsed uses and, to be far above its resolution, lasts 50 ms of it
        // (a busy wait: the exchange's duration, not a wait for another thread). No bound on the machine's speed. A
        // streamed body, as the network transport gives (an in-memory one: the next test).
        var inTransport = TimeSpan.Zero;
        using var client = ClientFor(_ =>
        {
            var entered = System.Diagnostics.Stopwatch.GetTimestamp();
            SpinWait.SpinUntil(() => System.Diagnostics.Stopwatch.GetElapsedTime(entered) >= TimeSpan.FromMilliseconds(50));
            inTransport = System.Diagnostics.Stopwatch.GetElapsedTime(entered);
            return new Response(200, stream: new MemoryStream(Encoding.UTF8.GetBytes("ok")));
        });
        var response = client.Get("https://example.org/");
        Assert.InRange(response.Elapsed, inTransport, TimeSpan.MaxValue);
    }

    [Fact]
    public void Elapsed_of_a_response_made_in_memory_covers_the_handlers_time_too()
    {
        // A mock that simulates a slow server: its response is made (and read, being in memory) before the wait. Its
        // Elapsed ended when it was made, 0 ms, so a script's "warn when slow" could not be tested with a mock.
        var inTransport = TimeSpan.Zero;
        using var client = ClientFor(_ =>
        {
            var entered = System.Diagnostics.Stopwatch.GetTimestamp();
            var answer = new Response(200, text: "ok");
            SpinWait.SpinUntil(() => System.Diagnostics.Stopwatch.GetElapsedTime(entered) >= TimeSpan.FromMilliseconds(50));
            inTransport = System.Diagnostics.Stopwatch.GetElapsedTime(entered);
            return answer;
        });
        var response = client.Get("https://example.org/");
        Assert.InRange(response.Elapsed, inTransport, TimeSpan.MaxValue);
    }

    [Fact]
    public void One_response_answering_every_request_leaves_each_earlier_answer_as_it_was()
    {
        // A handler that returns one response made beforehand: the client set that object's Request and History for
        // each request, so the first answer's Url turned into the second request's.
        var ok = new Response(200, json: new { ok = true }, headers: new Dictionary<string, string> { ["Set-Cookie"] = "sid=1; Path=/" });
        using var client = ClientFor(_ => ok);
        var first = client.Get("https://example.org/one");
        var second = client.Get("https://example.org/two");
        var third = client.Post("https://example.org/three");
        Assert.Equal(new[] { "https://example.org/one", "https://example.org/two", "https://example.org/three" },
            new[] { first, second, third }.Select(r => r.Url.ToString()));
        Assert.All(new[] { second, third }, r => Assert.Equal("""{"ok":true}""", r.Text));
        Assert.Equal("POST", third.Request.Method);
        Assert.Equal("sid", Assert.Single(second.Cookies).Name);
    }

    [Fact]
    public async Task One_response_answering_concurrent_requests_gives_each_its_own_copy()
    {
        // Two requests in flight at once (Invoke-Httpx -ThrottleLimit): the second got the handler's response before
        // the client had set the first one's Request on it, from which "answered before" was read, so both got the
        // same object and the first answer's Url turned into the second request's.
        var ok = new Response(200, text: "ok");
        using var transport = new FirstAnswerHeldBack(new MockTransport(_ => ok));
        using var client = new Httpx.Client(new ClientOptions { Transport = transport });
        var first = client.GetAsync("https://example.org/one");
        var second = await client.GetAsync("https://example.org/two");
        var responses = new[] { await first, second };
        Assert.NotSame(responses[0], responses[1]);
        Assert.Equal(new[] { "https://example.org/one", "https://example.org/two" }, responses.Select(r => r.Url.ToString()));
        Assert.All(responses, r => Assert.Equal("ok", r.Text));
    }

    [Fact]
    public void One_stream_response_returned_again_is_StreamConsumed_naming_both_requests_and_leaves_the_first_as_it_was()
    {
        // A stream body is read once: the second request got the stream the first had not read yet (or an empty or
        // broken body), the first answer's Url turned into the second request's, and HTTPX's generic StreamConsumed
        // message (generators, redirects) said nothing of the handler.
        var body = new MemoryStream(Encoding.UTF8.GetBytes("one\ntwo\n"));
        var streamed = new Response(200, stream: body);
        using var client = ClientFor(_ => streamed);
        using var first = client.Stream("GET", "https://example.org/one");
        var e = Assert.Throws<StreamConsumedException>(() => client.Get("https://example.org/two"));
        Assert.Equal(
            "The mock transport's handler returned, for <Request('GET', 'https://example.org/two')>, the response with a stream body that it had " +
            "returned for <Request('GET', 'https://example.org/one')>: a stream is read once, so make the stream and the response in the handler, one per request.",
            e.Message);
        Assert.Equal("https://example.org/one", first.Url.ToString());
        Assert.Equal("one\ntwo\n", Encoding.UTF8.GetString(first.Read()));
    }

    [Fact]
    public void A_stream_response_built_with_its_request_is_handed_out_once_as_it_is()
    {
        using var client = ClientFor(r => new Response(200, stream: new MemoryStream(Encoding.UTF8.GetBytes("hi")), request: r));
        Assert.Equal("hi", client.Get("https://example.org/").Text);
    }

    /// <summary>Hands the first response to the client only once the mock has answered a second request.</summary>
    private sealed class FirstAnswerHeldBack(MockTransport mock) : ITransport
    {
        private readonly TaskCompletionSource _secondAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public async Task<Response> HandleRequestAsync(Request request, CancellationToken cancellationToken = default)
        {
            var number = Interlocked.Increment(ref _count);
            var response = await mock.HandleRequestAsync(request, cancellationToken);
            if (number == 1) await _secondAnswered.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            else _secondAnswered.TrySetResult();
            return response;
        }

        public void Dispose() => mock.Dispose();
    }

    [Fact]
    public void Redirects_are_followed_twenty_times_by_default()
    {
        var n = 0;
        using var client = ClientFor(_ => Redirect(302, $"/hop/{++n}"), new ClientOptions { FollowRedirects = true });
        Assert.Equal(20, new ClientOptions().MaxRedirects);
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get("https://example.org/"));
        Assert.Equal("https://example.org/hop/21", e.Request.Url.ToString());
    }

    [Fact]
    public void Too_many_redirects_names_the_limit_and_the_last_url()
    {
        var n = 0;
        using var client = ClientFor(_ => Redirect(302, $"/hop/{++n}"), new ClientOptions { FollowRedirects = true, MaxRedirects = 3 });
        var e = Assert.Throws<TooManyRedirectsException>(() => client.Get("https://example.org/"));
        Assert.Equal("TooManyRedirects", e.ErrorName);
        Assert.Contains("3", e.Message);
        Assert.Equal("https://example.org/hop/4", e.Request.Url.ToString());
    }

    [Fact]
    public void Redirect_resolves_relative_locations_and_keeps_the_fragment()
    {
        using var client = ClientFor(r => r.Url.Path == "/a/b" ? Redirect(302, "c?x=1") : new Response(200),
            new ClientOptions { FollowRedirects = true });
        var response = client.Get("https://example.org/a/b#frag");
        Assert.Equal("https://example.org/a/c?x=1#frag", response.Url.ToString());
    }

    [Fact]
    public void Cookies_set_on_a_redirect_are_sent_to_the_next_hop()
    {
        using var client = ClientFor(r => r.Url.Path == "/login"
            ? new Response(302, headers: new Dictionary<string, string> { ["Location"] = "/home", ["Set-Cookie"] = "session=abc; Path=/" })
            : new Response(200, text: r.Headers.Get("Cookie") ?? "none"), new ClientOptions { FollowRedirects = true });
        Assert.Equal("session=abc", client.Get("https://example.org/login").Text);
        Assert.Equal("abc", client.Cookies["session"]);
    }

    [Fact]
    public void An_invalid_location_is_RemoteProtocolException()
    {
        using var client = ClientFor(_ => Redirect(302, "https://exa mple.org:99999/"), new ClientOptions { FollowRedirects = true });
        var e = Assert.Throws<RemoteProtocolException>(() => client.Get("https://example.org/"));
        Assert.Contains("Location", e.Message);
    }

    [Fact]
    public void The_handler_sees_the_merged_request()
    {
        Request? seen = null;
        using var client = ClientFor(r => { seen = r; return new Response(204); },
            new ClientOptions { BaseUrl = "https://api.example.org/v1/", Params = new Dictionary<string, string> { ["k"] = "1" } });
        client.Post("/items", new RequestOptions { Json = new { a = 1 } });
        Assert.Equal("https://api.example.org/v1/items?k=1", seen!.Url.ToString());
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(seen.Content));
        Assert.Equal("api.example.org", seen.Headers["Host"]);
    }
}
