using System.Text.Json.Nodes;
using static Httpx.Tests.EchoJson;

namespace Httpx.Tests.Client;

/// <summary>The client against the real server: verbs, base URL, merging of configuration, default headers, hooks, lifetime.</summary>
public class ClientTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public ClientTests(ServerFixture f) => _server = f.Server;

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public void Sync_verb_methods_send_their_method(string method)
    {
        using var client = new Httpx.Client();
        var url = _server.HttpUrl + "/anything";
        var r = method switch
        {
            "GET" => client.Get(url),
            "POST" => client.Post(url),
            "PUT" => client.Put(url),
            "PATCH" => client.Patch(url),
            "DELETE" => client.Delete(url),
            _ => client.Options(url),
        };
        Assert.Equal(200, r.StatusCode);
        Assert.Equal(method, Str(r.Json()!, "method"));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    public async Task Async_verb_methods_send_their_method(string method)
    {
        await using var client = new Httpx.Client();
        var url = _server.HttpUrl + "/anything";
        var r = method switch
        {
            "GET" => await client.GetAsync(url),
            "POST" => await client.PostAsync(url),
            "PUT" => await client.PutAsync(url),
            "PATCH" => await client.PatchAsync(url),
            "DELETE" => await client.DeleteAsync(url),
            _ => await client.OptionsAsync(url),
        };
        Assert.Equal(method, Str(r.Json()!, "method"));
    }

    [Fact]
    public void Get_head_options_and_delete_take_no_body_as_in_HTTPX_but_Request_sends_one()
    {
        using var client = new Httpx.Client(new ClientOptions { Transport = new MockTransport(r => new Response(200, content: r.Read())) });
        var e = Assert.Throws<ArgumentException>(() => client.Delete("https://example.org/", new RequestOptions { Json = new { a = 1 } }));
        Assert.Contains("Request(\"DELETE\", url, options)", e.Message);
        Assert.Throws<ArgumentException>(() => client.Get("https://example.org/", new RequestOptions { Content = "abc" }));
        Assert.Throws<ArgumentException>(() => client.Head("https://example.org/", new RequestOptions { Data = new Dictionary<string, string> { ["a"] = "1" } }));
        Assert.Throws<ArgumentException>(() => client.Options("https://example.org/", new RequestOptions { Content = "abc" }));
        Assert.Equal("abc", client.Request("GET", "https://example.org/", new RequestOptions { Content = "abc" }).Text);
    }

    // PowerShell calls init accessors as setters ($client.Timeout.Read = 30): reflection does what it does. Every client
    // without a timeout held Timeout.Default, so one client's change was every client's, and the module's calls' too.
    private static void SetAsPowerShellDoes(Timeout timeout, string limit, double? seconds)
    {
        try { typeof(Timeout).GetProperty(limit)!.SetValue(timeout, seconds); }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
    }

    [Fact]
    public void Changing_a_limit_of_a_clients_timeout_changes_that_client_only_as_in_HTTPX()
    {
        using var first = new Httpx.Client();
        using var second = new Httpx.Client();
        SetAsPowerShellDoes(first.Timeout, "Read", 30);
        Assert.Equal(30, first.Timeout.Read);
        Assert.Equal(5, second.Timeout.Read);
        Assert.Equal(5, Timeout.Default.Read);
        using var third = new Httpx.Client();
        Assert.Equal(new Timeout(5), third.Timeout);

        // One given to two clients is each client's own copy, as HTTPX's Timeout(timeout) copies it.
        var given = new Timeout(10);
        using var a = new Httpx.Client(new ClientOptions { Timeout = given });
        using var b = new Httpx.Client(new ClientOptions { Timeout = given });
        SetAsPowerShellDoes(a.Timeout, "Connect", 1);
        Assert.Equal(10, b.Timeout.Connect);
        Assert.Equal(10, given.Connect);
        Assert.Equal(1, a.Timeout.Connect);
        a.Timeout = null!;
        SetAsPowerShellDoes(a.Timeout, "Pool", 2);
        Assert.Equal(new Timeout(null, null, null, 2), a.Timeout);   // null is no limit, HTTPX's timeout=None
        Assert.Equal(Timeout.None, new Timeout((double?)null));
    }

    [Fact]
    public void Changing_a_limit_of_a_requests_timeout_leaves_the_clients_alone_as_in_HTTPX()
    {
        // A request carried the client's own timeout: $response.Request.Timeout.Read = 1 changed the client's (HTTPX's
        // request.extensions["timeout"] is a dict of the request's own).
        Timeout? sentWith = null;
        using var client = new Httpx.Client(new ClientOptions
        {
            Timeout = new Timeout(7),
            Transport = new MockTransport(r => { sentWith = r.Timeout; return new Response(200); }),
        });
        var request = client.BuildRequest("GET", "https://example.org/");
        SetAsPowerShellDoes(request.Timeout!, "Read", 1);
        Assert.Equal(1, request.Timeout!.Read);
        Assert.Equal(7, client.Timeout.Read);
        var response = client.Send(request);
        Assert.Equal(1, sentWith!.Read);   // the request is sent with its own change
        SetAsPowerShellDoes((Timeout)client.BuildRequest("GET", "https://example.org/").Extensions["timeout"]!, "Connect", 2);
        SetAsPowerShellDoes(client.Get("https://example.org/").Request.Timeout!, "Pool", 3);
        Assert.Equal(new Timeout(7), client.Timeout);
        Assert.Equal(7, client.Get("https://example.org/").Request.Timeout!.Read);
    }

    [Fact]
    public void A_requests_timeout_is_its_own_to_change_also_when_it_came_from_the_shared_default_or_the_call()
    {
        // A client made without a timeout lent its requests the shared Timeout.Default, which refused
        // $response.Request.Timeout.Read = 1 where a client with a timeout of its own allowed it; a per-request timeout
        // object was changed with it. HTTPX's request.extensions["timeout"] is always a dict of the request's own.
        Timeout? sentWith = null;
        using var client = new Httpx.Client(new ClientOptions { Transport = new MockTransport(r => { sentWith = r.Timeout; return new Response(200); }) });
        var request = client.BuildRequest("GET", "https://example.org/");
        SetAsPowerShellDoes(request.Timeout!, "Read", 1);
        client.Send(request);
        Assert.Equal(new Timeout(5, 1, 5, 5), sentWith);
        SetAsPowerShellDoes(client.Get("https://example.org/").Request.Timeout!, "Read", 2);
        Assert.Equal(new Timeout(5), Timeout.Default);

        var given = new Timeout(9);
        SetAsPowerShellDoes(client.Get("https://example.org/", new RequestOptions { Timeout = given }).Request.Timeout!, "Connect", 3);
        Assert.Equal(new Timeout(9), given);
    }

    [Fact]
    public void The_shared_default_and_no_limit_timeouts_refuse_a_change_naming_themselves()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SetAsPowerShellDoes(Timeout.Default, "Connect", 1));
        Assert.StartsWith("Timeout.Default is shared by every client without a timeout of its own, so its connect limit is not changed here", e.Message);
        Assert.Contains("$client.Timeout.Connect = ...", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => SetAsPowerShellDoes(Timeout.None, "Read", 1));
        Assert.StartsWith("Timeout.None is shared", e.Message);
        Assert.Equal(new Timeout(5), Timeout.Default);
        Assert.Equal(new Timeout((double?)null), Timeout.None);
        // Copies of them are anyone's to set up, as C#'s with and initialisers do.
        Assert.Equal(new Timeout(5, 5, 5, 1), Timeout.Default with { Pool = 1 });
        Assert.Equal(new Timeout(null, 3, null, null), Timeout.None with { Read = 3 });
    }

    [Fact]
    public void The_shared_default_limits_refuse_a_change_naming_themselves()
    {
        foreach (var (limit, value) in new (string, object?)[] { ("MaxConnections", 1), ("MaxKeepAliveConnections", 0), ("KeepAliveExpiry", 1.0) })
        {
            var e = Assert.Throws<System.Reflection.TargetInvocationException>(() => typeof(Limits).GetProperty(limit)!.SetValue(Limits.Default, value));
            Assert.Equal($"Limits.Default is shared by every client without limits of its own, so its {limit} is not changed here: give a client its own (New-HttpxClient -{limit}, or [Httpx.Limits]::new() with the limits set).",
                Assert.IsType<InvalidOperationException>(e.InnerException).Message);
        }
        Assert.Equal("Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)", Limits.Default.ToString());
        Assert.Equal(1, (Limits.Default with { MaxConnections = 1 }).MaxConnections);
        Assert.Null(typeof(RequestOptions).GetProperty("None"));   // a shared instance anyone could change is not public
    }

    [Fact]
    public void Hooks_and_cookies_given_are_copied_and_null_settings_mean_none()
    {
        var options = new ClientOptions { Transport = new MockTransport(r => new Response(200, headers: new Dictionary<string, string> { ["Set-Cookie"] = "s=1" })), EventHooks = new EventHooks() };
        using var first = new Httpx.Client(options);
        using var second = new Httpx.Client(options);
        var calls = 0;
        first.EventHooks.OnRequest(_ => calls++);
        second.Get("https://example.org/");
        Assert.Equal(0, calls); // as HTTPX: each client copies the hooks it is given

        var jar = new Cookies();
        first.Cookies = jar;
        first.Get("https://example.org/");
        Assert.Equal(0, jar.Count);
        Assert.Equal("1", first.Cookies["s"]);

        first.Params = null!;
        first.Cookies = null!;
        first.Headers = null!;
        var r = first.Get("https://example.org/?a=1");
        Assert.Equal("a=1", r.Request.Url.Query);
        Assert.False(r.Request.Headers.ContainsKey("Cookie"));
        Assert.True(r.Request.Headers.ContainsKey("User-Agent"));
    }

    [Fact]
    public void A_null_header_value_is_an_error_naming_the_header()
    {
        var e = Assert.Throws<ArgumentException>(() => new Request("GET", "https://example.org/", headers: new Dictionary<string, string?> { ["Authorization"] = null }));
        Assert.Contains("'Authorization' has no value", e.Message);
        Assert.Equal("", new Request("GET", "https://example.org/", headers: new Dictionary<string, string> { ["X-Empty"] = "" }).Headers["X-Empty"]);
    }

    [Fact]
    public async Task Head_returns_headers_and_no_body()
    {
        await using var client = new Httpx.Client();
        var r = await client.HeadAsync(_server.HttpUrl + "/get");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("application/json", r.Headers["Content-Type"].Split(';')[0]);
        Assert.Empty(r.Content);
    }

    [Fact]
    public void Request_with_any_method_token()
    {
        using var client = new Httpx.Client();
        var r = client.Request("PROPFIND", _server.HttpUrl + "/anything");
        Assert.Equal("PROPFIND", Str(r.Json()!, "method"));
    }

    [Theory]
    [InlineData("/anything/api/", "/users", "/anything/api/users")]
    [InlineData("/anything/api/", "users", "/anything/api/users")]
    [InlineData("/anything/api", "users", "/anything/api/users")]
    [InlineData("/anything/api", "/users", "/anything/api/users")]
    [InlineData("/anything/api/", "users?x=1", "/anything/api/users")]
    public void Base_url_joins_by_path_concatenation(string basePath, string requestPath, string expected)
    {
        using var client = new Httpx.Client(new ClientOptions { BaseUrl = _server.HttpUrl + basePath });
        var r = client.Get(requestPath);
        Assert.Equal(expected, Str(r.Json()!, "path"));
        Assert.Equal(_server.HttpUrl + expected + (requestPath.Contains('?') ? "?x=1" : ""), r.Url.ToString());
    }

    [Theory]
    [InlineData("/anything/api?code=K", "users", "/anything/api/users", "code=K")]
    [InlineData("/anything/api/?code=K", "/users?x=1", "/anything/api/users", "code=K&x=1")]
    [InlineData("/anything/api?code=K", "?x=1", "/anything/api/", "code=K&x=1")]
    public void Base_url_query_stays_a_query_on_every_request(string basePath, string requestPath, string expectedPath, string expectedQuery)
    {
        // An API key in the base URL: HTTPX puts the '/' and the request path after it ("?code=K/users").
        using var client = new Httpx.Client(new ClientOptions { BaseUrl = _server.HttpUrl + basePath });
        Assert.Equal(_server.HttpUrl + basePath.Split('?')[0].TrimEnd('/') + "/?code=K", client.BaseUrl!.ToString());
        var r = client.Get(requestPath);
        Assert.Equal(expectedPath, Str(r.Json()!, "path"));
        Assert.Equal(expectedQuery, Str(r.Json()!, "query"));
    }

    [Fact]
    public void Absolute_url_ignores_the_base_url()
    {
        using var client = new Httpx.Client(new ClientOptions { BaseUrl = "http://127.0.0.1:1/never/" });
        var r = client.Get(_server.HttpUrl + "/anything/here");
        Assert.Equal("/anything/here", Str(r.Json()!, "path"));
    }

    [Fact]
    public void Client_and_request_headers_merge_request_wins()
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Headers = new Dictionary<string, string> { ["X-Client"] = "c", ["X-Both"] = "from-client" },
        });
        var r = client.Get(_server.HttpUrl + "/get", new RequestOptions
        {
            Headers = new Dictionary<string, string> { ["X-Both"] = "from-request", ["X-Request"] = "r" },
        });
        var echo = r.Json()!;
        Assert.Equal("c", Header(echo, "X-Client"));
        Assert.Equal("from-request", Header(echo, "X-Both"));
        Assert.Equal("r", Header(echo, "X-Request"));
        // The client's own headers are untouched by the request.
        Assert.Equal("from-client", client.Headers["X-Both"]);
    }

    [Fact]
    public void Setting_the_clients_headers_keeps_the_defaults_under_them()
    {
        // HTTPX's headers setter: the defaults first, the given headers over them.
        using var client = new Httpx.Client();
        client.Headers = new Headers { ["X-Team"] = "ops", ["Accept"] = "application/json" };
        var echo = client.Get(_server.HttpUrl + "/get").Json()!;
        Assert.Equal("ops", Header(echo, "X-Team"));
        Assert.Equal("application/json", Header(echo, "Accept"));
        Assert.Equal(Httpx.Client.UserAgent, Header(echo, "User-Agent"));
        Assert.NotNull(Header(echo, "Accept-Encoding"));
    }

    [Fact]
    public void Client_and_request_params_merge_request_wins()
    {
        using var client = new Httpx.Client(new ClientOptions { Params = new Dictionary<string, string> { ["a"] = "1", ["b"] = "client" } });
        var r = client.Get(_server.HttpUrl + "/get?u=url", new RequestOptions { Params = new Dictionary<string, string> { ["b"] = "request", ["c"] = "3" } });
        var echo = r.Json()!;
        Assert.Equal(["1"], Arg(echo, "a"));
        Assert.Equal(["request"], Arg(echo, "b"));
        Assert.Equal(["3"], Arg(echo, "c"));
        Assert.Equal(["url"], Arg(echo, "u"));
    }

    [Fact]
    public void A_request_param_given_an_empty_list_removes_the_clients_and_the_urls()
    {
        // HTTPX: client params {a: 1} and request params {a: []} send no 'a' (the request's empty list replaces the values).
        using var client = new Httpx.Client(new ClientOptions { Params = new Dictionary<string, object> { ["a"] = "1", ["b"] = "client" } });
        var r = client.Get(_server.HttpUrl + "/get?a=url&u=url", new RequestOptions { Params = new Dictionary<string, object> { ["a"] = Array.Empty<string>() } });
        var echo = r.Json()!;
        Assert.Empty(Arg(echo, "a"));
        Assert.Equal(["client"], Arg(echo, "b"));
        Assert.Equal(["url"], Arg(echo, "u"));
        Assert.Equal("u=url&b=client", r.Request.Url.Query);

        // A request's list replaces the client's values in the client key's place.
        r = client.Get(_server.HttpUrl + "/get", new RequestOptions { Params = new Dictionary<string, object> { ["a"] = new[] { 2, 3 } } });
        Assert.Equal("a=2&a=3&b=client", r.Request.Url.Query);

        // The client's own empty list takes the key out of every request's URL.
        using var clearing = new Httpx.Client(new ClientOptions { Params = new Dictionary<string, object> { ["a"] = Array.Empty<string>() } });
        Assert.Equal("u=url", clearing.Get(_server.HttpUrl + "/get?a=url&u=url").Request.Url.Query);
    }

    [Fact]
    public void Client_and_request_cookies_merge_request_wins()
    {
        using var client = new Httpx.Client(new ClientOptions { Cookies = new Dictionary<string, string> { ["a"] = "1", ["b"] = "client" } });
        var r = client.Get(_server.HttpUrl + "/get", new RequestOptions { Cookies = new Dictionary<string, string> { ["b"] = "request" } });
        var cookies = r.Json()!["cookies"]!;
        Assert.Equal("1", cookies["a"]!.GetValue<string>());
        Assert.Equal("request", cookies["b"]!.GetValue<string>());
    }

    [Fact]
    public void Request_timeout_and_auth_override_the_clients()
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = ("client", "pw"), Timeout = new Timeout(7) });
        var request = client.BuildRequest("GET", _server.HttpUrl + "/get", new RequestOptions { Timeout = new Timeout(3) });
        Assert.Equal(new Timeout(3), request.Timeout);
        Assert.Equal(new Timeout(7), client.BuildRequest("GET", _server.HttpUrl + "/get").Timeout);

        var echo = client.Get(_server.HttpUrl + "/get").Json()!;
        Assert.Equal("Basic " + Convert.ToBase64String("client:pw"u8.ToArray()), Header(echo, "Authorization"));
        echo = client.Get(_server.HttpUrl + "/get", new RequestOptions { Auth = ("request", "pw") }).Json()!;
        Assert.Equal("Basic " + Convert.ToBase64String("request:pw"u8.ToArray()), Header(echo, "Authorization"));
    }

    [Fact]
    public void Default_headers_as_the_server_receives_them()
    {
        using var client = new Httpx.Client();
        var echo = client.Get(_server.HttpUrl + "/get").Json()!;
        var version = typeof(Httpx.Client).Assembly.GetName().Version!;
        Assert.Matches(@"^httpx-dotnet/\d+\.\d+\.\d+", Header(echo, "User-Agent"));
        Assert.StartsWith($"httpx-dotnet/{version.Major}.{version.Minor}.{version.Build}", Header(echo, "User-Agent"));
        Assert.Equal("gzip, deflate, br, zstd", Header(echo, "Accept-Encoding"));
        Assert.Equal("*/*", Header(echo, "Accept"));
        Assert.Equal("keep-alive", Header(echo, "Connection"));
        Assert.Equal(_server.HttpUrl["http://".Length..], Header(echo, "Host"));
    }


    [Fact]
    public void Default_headers_over_h2()
    {
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath });
        var echo = client.Get(_server.HttpsUrl + "/get").Json()!;
        Assert.Equal("HTTP/2", Str(echo, "http_version"));
        Assert.StartsWith("httpx-dotnet/", Header(echo, "User-Agent"));
        Assert.Equal("gzip, deflate, br, zstd", Header(echo, "Accept-Encoding"));
    }

    [Fact]
    public void A_default_header_can_be_replaced_per_request()
    {
        using var client = new Httpx.Client();
        var echo = client.Get(_server.HttpUrl + "/get", new RequestOptions { Headers = new Dictionary<string, string> { ["User-Agent"] = "mine/1" } }).Json()!;
        Assert.Equal("mine/1", Header(echo, "User-Agent"));
    }

    [Fact]
    public void Event_hooks_see_every_request_and_response_including_redirect_hops()
    {
        var requests = new List<string>();
        var responses = new List<int>();
        var historySeen = new List<int>();
        var hooks = new EventHooks()
            .OnRequest(r => requests.Add(r.Url.Path))
            .OnResponse(r => { responses.Add(r.StatusCode); historySeen.Add(r.History.Count); });
        using var client = new Httpx.Client(new ClientOptions { EventHooks = hooks, FollowRedirects = true });
        var response = client.Get(_server.HttpUrl + "/redirect/2");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["/redirect/2", "/redirect/1", "/get"], requests);
        Assert.Equal([302, 302, 200], responses);
        // HTTPX runs the response hooks before it sets response.history: a hook sees none, the caller the whole chain.
        Assert.Equal([0, 0, 0], historySeen);
        Assert.Equal(2, response.History.Count);
    }

    [Fact]
    public void Response_hook_runs_before_the_body_is_read_and_may_raise()
    {
        var hooks = new EventHooks().OnResponse(r =>
        {
            Assert.Throws<ResponseNotReadException>(() => r.Content);
            r.RaiseForStatus();
        });
        using var client = new Httpx.Client(new ClientOptions { EventHooks = hooks });
        var e = Assert.Throws<HttpStatusException>(() => client.Get(_server.HttpUrl + "/status/404"));
        Assert.Equal(404, e.Response.StatusCode);
    }

    [Fact]
    public void A_hook_that_returns_no_task_fails_the_request_naming_the_hook()
    {
        // What PowerShell makes of `$client.EventHooks.Response.Add({ ... })`: a delegate that returns null. Awaiting it
        // failed the request with a bare NullReferenceException.
        var hooks = new EventHooks().OnResponse(_ => { });
        hooks.Response.Add((_, _) => null!);
        using var client = new Httpx.Client(new ClientOptions { EventHooks = hooks });
        var e = Assert.Throws<InvalidOperationException>(() => client.Get(_server.HttpUrl + "/get"));
        Assert.StartsWith("Response event hook 2 of 2 returned null, not a Task", e.Message);

        client.EventHooks = new EventHooks();
        client.EventHooks.Request.Add((_, _) => null!);
        e = Assert.Throws<InvalidOperationException>(() => client.Get(_server.HttpUrl + "/get"));
        Assert.StartsWith("Request event hook 1 of 1 returned null, not a Task", e.Message);
    }

    [Fact]
    public void Request_hook_can_change_the_request()
    {
        var hooks = new EventHooks().OnRequest(r => r.Headers.Set("X-Hooked", "yes"));
        using var client = new Httpx.Client(new ClientOptions { EventHooks = hooks });
        Assert.Equal("yes", Header(client.Get(_server.HttpUrl + "/get").Json()!, "X-Hooked"));
    }

    [Fact]
    public async Task Async_hooks_are_awaited()
    {
        var seen = 0;
        var hooks = new EventHooks().OnRequest(async (r, ct) => { await Task.Yield(); Interlocked.Increment(ref seen); });
        await using var client = new Httpx.Client(new ClientOptions { EventHooks = hooks });
        await client.GetAsync(_server.HttpUrl + "/get");
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Close_marks_the_client_closed_and_refuses_further_requests()
    {
        var client = new Httpx.Client();
        Assert.False(client.IsClosed);
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
        client.Close();
        Assert.True(client.IsClosed);
        var e = Assert.Throws<ObjectDisposedException>(() => client.Get(_server.HttpUrl + "/get"));
        // HTTPX's message for it (a RuntimeError there).
        Assert.StartsWith("Cannot send a request, as the client has been closed.", e.Message);
        client.Dispose(); // idempotent
    }

    [Fact]
    public async Task A_request_waiting_for_its_answer_when_its_client_is_closed_fails_saying_the_client_was_closed()
    {
        // Another thread (a runspace sharing the client, Close-HttpxClient there) closes the client while this request
        // waits for its answer: the close drops the connection, and the error blamed the server ("Server disconnected
        // without sending a response"), or said "the transport has been closed" of a transport the user never made.
        var headRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer.ScriptedServer(async connection =>
        {
            await connection.ReadHeadAsync();
            headRead.TrySetResult();
            await connection.HoldAsync();
        });
        var client = new Httpx.Client(new ClientOptions { Timeout = Httpx.Timeout.None });
        var sending = client.GetAsync(server.Url + "/held");
        await headRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        client.Close();
        var e = await Assert.ThrowsAsync<ObjectDisposedException>(() => sending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(nameof(Httpx.Client), e.ObjectName);
        Assert.StartsWith($"The client was closed while this request was on its way (GET {server.Url}/held).", e.Message);
    }

    [Fact]
    public void Closing_a_client_leaves_the_transports_it_was_given_to_the_clients_that_share_them()
    {
        // A mounted transport was closed with the first client: the second failed with an ObjectDisposedException
        // from inside the transport (its pool's semaphore).
        using var shared = new HttpTransport();
        var first = new Httpx.Client(new ClientOptions { Mounts = new Dictionary<string, ITransport?> { ["all://"] = shared } });
        using var second = new Httpx.Client(new ClientOptions { Transport = shared });
        Assert.Equal(200, first.Get(_server.HttpUrl + "/get").StatusCode);
        first.Dispose();
        Assert.Equal(200, second.Get(_server.HttpUrl + "/get").StatusCode);
    }

    [Fact]
    public async Task A_disposed_transport_refuses_requests_saying_it_was_closed()
    {
        // Closing a client leaves a transport it was given open, so the caller disposes it; a client still using it got
        // "Cannot access a disposed object. Object name: 'System.Threading.SemaphoreSlim'." (its pool's gate).
        var transport = new HttpTransport();
        using var client = new Httpx.Client(new ClientOptions { Transport = transport });
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
        transport.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => client.Get(_server.HttpUrl + "/get"));
        Assert.Equal(nameof(HttpTransport), e.ObjectName);
        Assert.StartsWith("Cannot send a request, as the transport has been closed.", e.Message);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync(_server.HttpUrl + "/get"));
        transport.Dispose(); // idempotent
    }

    [Fact]
    public async Task DisposeAsync_closes_the_client()
    {
        var client = new Httpx.Client();
        await client.DisposeAsync();
        Assert.True(client.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetAsync(_server.HttpUrl + "/get"));
    }

    [Fact]
    public void Send_a_built_request()
    {
        using var client = new Httpx.Client();
        var request = client.BuildRequest("POST", _server.HttpUrl + "/post", new RequestOptions { Json = new { x = 1 } });
        var r = client.Send(request);
        Assert.Same(request, r.Request);
        Assert.Equal(1, r.Json()!["json"]!["x"]!.GetValue<int>());
    }

    [Fact]
    public void Redirects_are_not_followed_by_default()
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.HttpUrl + "/redirect/1");
        Assert.Equal(302, r.StatusCode);
        Assert.NotNull(r.NextRequest);
        Assert.Equal(_server.HttpUrl + "/get", r.NextRequest!.Url.ToString());
        var followed = client.Get(_server.HttpUrl + "/redirect/1", new RequestOptions { FollowRedirects = true });
        Assert.Equal(200, followed.StatusCode);
        Assert.Equal(_server.HttpUrl + "/get", followed.Url.ToString());
    }

    [Fact]
    public async Task Cancellation_is_not_reported_as_a_timeout()
    {
        using var cts = new CancellationTokenSource();
        // Cancelled from the request hook, i.e. just before sending: deterministic, no timer involved.
        var hooks = new EventHooks().OnRequest(_ => cts.Cancel());
        await using var client = new Httpx.Client(new ClientOptions { EventHooks = hooks });
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(_server.HttpUrl + "/get", cancellationToken: cts.Token));
        Assert.IsNotAssignableFrom<HttpTimeoutException>(e);
    }

    [Fact]
    public async Task Cancelling_a_stream_read_is_not_reported_as_a_timeout()
    {
        await using var client = new Httpx.Client();
        await using var s = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0");
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in s.IterBytesAsync(cancellationToken: cts.Token)) cts.Cancel();
        });
    }

    // With one connection, a second request can only get through if the first one's connection was given back.
    private static Httpx.Client OneConnection(EventHooks? hooks = null) => new(new ClientOptions
    {
        Limits = new Limits { MaxConnections = 1 },
        Timeout = new Timeout(10) { Pool = 2 },
        EventHooks = hooks,
    });

    [Fact]
    public async Task A_response_closed_unread_closes_its_connection_and_the_next_request_does_not_wait_for_it()
    {
        // The handler drained the rest of the body (up to 2 s) to keep the connection; with one connection allowed the
        // next request waited for that on its read timer, and failed with ReadTimeout. httpcore closes it at once.
        await using var client = new Httpx.Client(new ClientOptions { Limits = new Limits { MaxConnections = 1 }, Timeout = new Timeout(10) });
        var slow = await client.StreamAsync("GET", _server.HttpUrl + "/drip?chunks=5&size=10&delay_ms=1000");
        await slow.CloseAsync();
        var next = await client.GetAsync(_server.HttpUrl + "/get", new RequestOptions { Timeout = new Timeout(10) { Read = 0.5 } });
        Assert.Equal(200, next.StatusCode);
    }

    [Fact]
    public void Setting_the_timeout_to_null_sets_no_limits_as_in_HTTPX()
    {
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(0.3) });
        client.Timeout = null!;
        Assert.Equal(Timeout.None, client.Timeout);
    }

    [Fact]
    public void A_failing_response_hook_gives_the_connection_back()
    {
        using var client = OneConnection(new EventHooks().OnResponse(r => r.RaiseForStatus()));
        Assert.Throws<HttpStatusException>(() => client.Get(_server.HttpUrl + "/status/500"));
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
    }

    [Fact]
    public void A_body_that_fails_to_decode_gives_the_connection_back()
    {
        using var client = OneConnection();
        Assert.Throws<DecodingException>(() => client.Get(_server.HttpUrl + "/encoding/malformed?e=gzip"));
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
    }

    [Fact]
    public void Followed_redirects_give_their_connections_back()
    {
        using var client = OneConnection();
        var r = client.Get(_server.HttpUrl + "/redirect/3", new RequestOptions { FollowRedirects = true });
        Assert.Equal(200, r.StatusCode);
        Assert.All(r.History, h => Assert.True(h.IsClosed));
    }

    [Fact]
    public void An_unfollowed_redirect_and_a_read_timeout_give_their_connections_back()
    {
        using var client = OneConnection();
        Assert.Equal(302, client.Get(_server.HttpUrl + "/redirect/1").StatusCode);
        Assert.Throws<ReadTimeoutException>(() => client.Get(_server.HttpUrl + "/delay/30000", new RequestOptions { Timeout = new Timeout(10) { Read = 0.1, Pool = 2 } }));
        Assert.Equal(200, client.Get(_server.HttpUrl + "/get").StatusCode);
    }

    [Fact]
    public async Task A_call_started_by_a_caller_that_blocks_is_answered_on_its_own_thread()
    {
        // The response hook runs once the headers are in: on the caller's thread when the exchange ran on it.
        int? answeredOn = null;
        using var client = new Httpx.Client(new ClientOptions
        {
            EventHooks = new EventHooks().OnResponse(_ => answeredOn = Environment.CurrentManagedThreadId),
        });
        var url = _server.HttpUrl + "/get";
        var caller = await Task.Run(() =>
        {
            var task = BlockingCall.Start(() => client.GetAsync(url));
            var thread = Environment.CurrentManagedThreadId;
            task.GetAwaiter().GetResult().Dispose();
            return thread;
        });
        Assert.Equal(caller, answeredOn);
    }

    // A GUI thread (WinForms, WPF; a PowerShell $button.Add_Click handler) calling the sync API: its context queues
    // posted continuations for the thread, which is blocked in the call. None of the engine's waits may need it.

    [Fact]
    public void Sync_calls_on_a_GUI_thread_do_not_wait_for_it_HTTP_1_1_HTTP_2_redirects_and_Digest()
    {
        var answers = BlockedUiThread.Run(() =>
        {
            using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath });
            var got = new List<string>();
            got.Add($"{client.Get(_server.HttpUrl + "/get").StatusCode} {client.Post(_server.HttpUrl + "/post", new RequestOptions { Content = "abc" }).Json()!["body"]}");
            got.Add(client.Get(_server.HttpsUrl + "/get").HttpVersion);
            got.Add($"{client.Get(_server.HttpUrl + "/redirect/3", new RequestOptions { FollowRedirects = true }).History.Count} redirects");
            got.Add($"{client.Get(_server.HttpUrl + "/digest-auth/auth/user/pass", new RequestOptions { Auth = new DigestAuth("user", "pass") }).StatusCode} digest");
            return got;
        });
        Assert.Equal(["200 abc", "HTTP/2", "3 redirects", "200 digest"], answers);
    }

    [Fact]
    public void Streaming_on_a_GUI_thread_does_not_wait_for_it()
    {
        var (lines, bytes) = BlockedUiThread.Run(() =>
        {
            using var client = new Httpx.Client();
            using var streamed = client.Stream("GET", _server.HttpUrl + "/stream-lines/20");
            var lines = streamed.IterLines().Count();
            using var chunks = client.Stream("GET", _server.HttpUrl + "/bytes/300000");
            return (lines, chunks.IterBytes().Sum(c => c.Length));
        });
        Assert.Equal((20, 300000), (lines, bytes));
    }

    // Application code's async body (a custom transport's stream) awaits without ConfigureAwait(false), as application
    // code is told to: reading it through the sync API must not leave it the GUI's context, which the blocked thread cannot run.
    private sealed class StreamThatWaits(int length) : ReadOnlyStream
    {
        private int _left = length;
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(1, cancellationToken);
            var n = Math.Min(Math.Min(buffer.Length, 100), _left);
            buffer.Span[..n].Fill((byte)'a');
            _left -= n;
            return n;
        }
        public override int Read(Span<byte> buffer) => throw new NotSupportedException("async only");
    }

    [Fact]
    public void Reading_an_async_body_of_the_users_on_a_GUI_thread_does_not_wait_for_it()
    {
        var read = BlockedUiThread.Run(() =>
        {
            using var client = new Httpx.Client(new ClientOptions { Transport = new MockTransport(_ => new Response(200, stream: new StreamThatWaits(300))) });
            var got = new List<int>();
            using (var streamed = client.Stream("GET", "https://example.org/bytes")) got.Add(streamed.IterBytes().Sum(c => c.Length));
            using (var streamed = client.Stream("GET", "https://example.org/raw")) got.Add(streamed.IterRaw().Sum(c => c.Length));
            using (var streamed = client.Stream("GET", "https://example.org/read")) got.Add(streamed.Read().Length);
            using (var streamed = client.Stream("GET", "https://example.org/lines")) got.Add(streamed.IterLines().Count());
            using (var streamed = client.Stream("GET", "https://example.org/close")) streamed.Close();
            return got;
        });
        Assert.Equal([300, 300, 300, 1], read);
    }

    [Fact]
    public void A_download_on_a_GUI_thread_does_not_wait_for_it()
    {
        var folder = Directory.CreateTempSubdirectory("httpx-gui-").FullName;
        try
        {
            var lengths = BlockedUiThread.Run(() =>
            {
                using var client = new Httpx.Client();
                var served = new Downloader(client).Download(new Request("GET", _server.HttpUrl + "/bytes/300000"), Path.Combine(folder, "served.bin")).Length;
                // In memory: every step before the file's closing completes at once, on the calling thread.
                using var mocked = new Httpx.Client(new ClientOptions { Transport = new MockTransport(_ => new Response(200, content: new byte[1000])) });
                var local = new Downloader(mocked).Download(new Request("GET", "https://example.org/f"), Path.Combine(folder, "mocked.bin")).Length;
                return (served, local);
            });
            Assert.Equal((300000L, 1000L), lengths);
            Assert.Equal(1000, new FileInfo(Path.Combine(folder, "mocked.bin")).Length);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_async_event_hook_of_the_users_that_awaits_on_a_GUI_thread_does_not_wait_for_it()
    {
        // Application code on a GUI thread awaits without ConfigureAwait(false), as it is told to: the hook's await
        // must not find the GUI's context when the engine's sync API is what called it.
        var seen = 0;
        var status = BlockedUiThread.Run(() =>
        {
            using var client = new Httpx.Client(new ClientOptions
            {
                EventHooks = new EventHooks().OnResponse(async (r, ct) => { await Task.Delay(1, ct); Interlocked.Increment(ref seen); }),
            });
            return client.Get(_server.HttpUrl + "/get").StatusCode;
        });
        Assert.Equal((200, 1), (status, seen));
    }

    private sealed class AsyncFlowThatCleansUp : Httpx.Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return request;
        }

        public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                request.Headers["Authorization"] = "Bearer t";
                yield return request;
            }
            finally
            {
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false); // the flow's own clean-up really waits
            }
        }
    }

    [Fact]
    public void The_async_API_blocked_on_by_a_GUI_thread_does_not_wait_for_it()
    {
        // The classic sync-over-async deadlock (task.Result on a GUI thread): the engine's own awaits must not post to
        // the caller's context. Here the closing of an async auth flow that a failed send left half-way, over a
        // transport that fails at once: everything up to that close ran on the calling thread.
        var failure = BlockedUiThread.Run(() =>
        {
            using var client = new Httpx.Client(new ClientOptions
            {
                Transport = new MockTransport((Func<Request, Response>)(r => throw new ConnectException("refused", r))),
                Auth = new AsyncFlowThatCleansUp(),
            });
            return Assert.Throws<ConnectException>(() => client.GetAsync("https://example.org/").GetAwaiter().GetResult()).Message;
        });
        Assert.Equal("refused", failure);
    }
}
