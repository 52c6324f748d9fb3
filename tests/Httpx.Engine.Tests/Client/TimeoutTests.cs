using System.Net;
using System.Net.Sockets;

namespace Httpx.Tests.Client;

/// <summary>
/// Each of HTTPX's four timeouts raised by the real transport. The server's delays are always far longer than the
/// timeout under test, so no test depends on how fast the machine is; no test asserts how long anything took.
/// </summary>
public class TimeoutTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public TimeoutTests(ServerFixture f) => _server = f.Server;

    [Fact]
    public void Connect_timeout_when_the_listener_never_completes_the_handshake()
    {
        // A deterministic connect that never completes (see AcceptQueue).
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var fillers = AcceptQueue.Fill(port);
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Connect = 0.2 } });
        var e = Assert.Throws<ConnectTimeoutException>(() => client.Get($"http://127.0.0.1:{port}/"));
        Assert.Equal("ConnectTimeout", e.ErrorName);
        Assert.StartsWith($"Timed out after 0.2 s connecting to 127.0.0.1:{port}", e.Message);
        Assert.EndsWith($"(GET http://127.0.0.1:{port}/)", e.Message);
        Assert.Equal($"http://127.0.0.1:{port}/", e.Request.Url.ToString());
    }

    [Fact]
    public async Task Connect_timeout_covers_the_TLS_handshake_not_the_read_timeout()
    {
        // A listener that accepts and never answers the TLS ClientHello: httpcore runs start_tls under the connect
        // timeout, so this is a ConnectTimeout, however long the read timeout.
        using var listener = TestServer.ScriptedServer.Silent();
        var port = listener.Port;
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(30) { Connect = 0.2 } });
        var e = await Assert.ThrowsAsync<ConnectTimeoutException>(() => client.GetAsync($"https://127.0.0.1:{port}/"));
        // It says the port answered and TLS did not, as Python's "The handshake operation timed out": "connecting to"
        // alone reads as a port that drops packets.
        Assert.Equal(
            $"Timed out after 0.2 s in the TLS handshake with 127.0.0.1:{port}: the connection was made, but the server did not complete TLS (GET https://127.0.0.1:{port}/)",
            e.Message);
        await listener.FirstAccepted.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Read_timeout_for_a_request_sent_on_a_pooled_connection_while_the_one_opened_for_it_hangs()
    {
        // With no free connection the handler opens one for a request, and sends the request on a pooled connection if
        // that frees up first. Here the new connection never connects (the listener's accept queue is full, so its SYN
        // is dropped) while the busy one comes back: the request must still time out reading its response, not wait
        // for it untimed because the other connection's connect step had taken its timer.
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();
        // One connection accepted; with no accept queue the next connect never completes once AcceptQueue fills it.
        using var server = new TestServer.ScriptedServer(async connection =>
        {
            await connection.ReadHeadAsync();
            firstArrived.SetResult();
            await answerFirst.Task.WaitAsync(connection.Stopping);
            await connection.SendAsync(response);
            await connection.ReadHeadAsync();   // the second request, on the same connection
            // Answered long after the second request's read limit, as the test server's /delay endpoints do.
            await Task.Delay(TimeSpan.FromSeconds(5), connection.Stopping);
            await connection.SendAsync(response);
        }, maxConnections: 1, backlog: 0);
        var port = server.Port;

        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(30) { Read = 0.3 } });
        var url = $"http://127.0.0.1:{port}";
        var first = client.GetAsync(url + "/first", new RequestOptions { Timeout = new Timeout(30) });
        await firstArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
        using var fillers = AcceptQueue.Fill(port);
        var second = client.GetAsync(url + "/second");   // the only connection is busy: the handler opens another
        answerFirst.SetResult();
        (await first).Dispose();                         // the busy connection is back in the pool
        var e = await Assert.ThrowsAsync<ReadTimeoutException>(() => second);
        Assert.Equal(url + "/second", e.Request.Url.ToString());
    }

    [Fact]
    public async Task Read_timeout_for_an_h2_request_sent_on_the_first_connection_while_the_one_opened_for_it_hangs()
    {
        // The HTTP/2 form of the test above. The server allows one stream per connection, so a second request in
        // flight makes the handler open a second connection, which never connects (the accept queue is full). The
        // first request's stream then frees up and the second request goes out on the first connection: it must
        // time out reading its response, not wait for it untimed because the other connection's connect step had
        // taken its timer.
        await using var server = await TestServer.SingleStreamH2cServer.StartAsync();
        using var client = new Httpx.Client(new ClientOptions { Http1 = false, Http2 = true, Timeout = new Timeout(30) { Read = 0.5 } });
        // The server's settings (one stream at a time) reach the client before this response does.
        Assert.Equal("ok", (await client.GetAsync(server.Url + "/get")).Text);
        var first = client.GetAsync(server.Url + "/held", new RequestOptions { Timeout = new Timeout(30) });
        await server.HeldArrived;
        using var fillers = AcceptQueue.Fill(server.Port);
        var second = client.GetAsync(server.Url + "/delay/5000");   // the only stream is taken: a new connection
        server.ReleaseHeld();
        Assert.Equal("held", (await first).Text);                   // the first connection's stream is free again
        var e = await Assert.ThrowsAsync<ReadTimeoutException>(() => second);
        Assert.Equal(server.Url + "/delay/5000", e.Request.Url.ToString());
    }

    [Fact]
    public void Read_timeout_waiting_for_the_headers()
    {
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Read = 0.2 } });
        var e = Assert.Throws<ReadTimeoutException>(() => client.Get(_server.HttpUrl + "/delay/30000"));
        Assert.Equal("ReadTimeout", e.ErrorName);
        Assert.Contains("/delay/30000", e.Message);
        Assert.StartsWith("Timed out after 0.2 s waiting for the response (GET ", e.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
    }

    [Fact]
    public async Task Read_timeout_between_body_chunks()
    {
        // 1 s, not less: the response headers must arrive within the read timeout too, and a loaded 2-core CI machine
        // took over 0.2 s; the body's next chunk is 30 s away, so only the wait between chunks can fire it.
        await using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Read = 1 } });
        await using var s = await client.StreamAsync("GET", _server.HttpUrl + "/drip?chunks=2&size=10&delay_ms=30000");
        Assert.Equal(200, s.StatusCode);
        var e = await Assert.ThrowsAsync<ReadTimeoutException>(async () =>
        {
            await foreach (var _ in s.IterRawAsync()) { }
        });
        Assert.Same(s.Request, e.Request);
        // The status and headers came: the message says the body stalled, where it read as if the server never answered.
        Assert.StartsWith("Timed out after 1 s waiting for more of the response body, 10 bytes into it; a body or stream that can pause longer needs a longer read timeout, or none: Timeout.Read = null (GET ", e.Message);
    }

    [Fact]
    public void The_read_timeout_restarts_at_each_body_chunk()
    {
        // Sixteen chunks, each sent 0.25 s after the client has read the one before: fifteen waits of 0.25 s at least,
        // 3.75 s in all, over the 3 s read timeout however fast or slow the machine, so only a read timeout that
        // restarts at each chunk lets the body through; and each wait has 2.75 s to spare on a loaded machine. (/drip's
        // fixed schedule, 0.3 s gaps against 1.5 s, once timed out under load; and a client slower than it found the
        // chunks already there, and proved nothing.)
        const int chunks = 16, size = 10;
        var gap = TimeSpan.FromMilliseconds(250);
        using var read = new SemaphoreSlim(0);
        using var server = new TestServer.ScriptedServer(async c =>
        {
            await c.ReadHeadAsync();
            await c.SendAsync($"HTTP/1.1 200 OK\r\nContent-Length: {chunks * size}\r\n\r\n" + new string('x', size));
            for (var i = 1; i < chunks; i++)
            {
                await read.WaitAsync(c.Stopping);
                await Task.Delay(gap, c.Stopping);
                await c.SendAsync(new string('x', size));
            }
        });
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Read = 3 } });
        using var r = client.Stream("GET", server.Url + "/");
        var received = 0;
        foreach (var chunk in r.IterRaw())
        {
            received += chunk.Length;
            read.Release();
        }
        Assert.Equal(chunks * size, received);
    }

    [Fact]
    public async Task Read_timeout_between_body_chunks_also_when_reading_with_a_token_of_its_own()
    {
        await using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Read = 1 } });
        await using var s = await client.StreamAsync("GET", _server.HttpUrl + "/drip?chunks=2&size=10&delay_ms=30000");
        using var reader = new CancellationTokenSource();
        await Assert.ThrowsAsync<ReadTimeoutException>(async () =>
        {
            await foreach (var _ in s.IterRawAsync(cancellationToken: reader.Token)) { }
        });
        Assert.False(reader.IsCancellationRequested);
    }

    [Fact]
    public void Read_timeout_on_the_body_of_a_non_streaming_request()
    {
        // 1 s, not less: on a busy machine the headers took longer than 0.2 s, and the timeout was the one before them.
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Read = 1 } });
        var e = Assert.Throws<ReadTimeoutException>(() => client.Get(_server.HttpUrl + "/drip?chunks=2&size=10&delay_ms=30000"));
        Assert.StartsWith("Timed out after 1 s waiting for more of the response body, 10 bytes into it; a body or stream that can pause longer needs a longer read timeout, or none: Timeout.Read = null (GET ", e.Message);
    }

    [Fact]
    public void Read_timeout_over_h2()
    {
        using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath, Timeout = new Timeout(10) { Read = 0.2 } });
        Assert.Throws<ReadTimeoutException>(() => client.Get(_server.HttpsUrl + "/delay/30000"));
    }

    [Fact]
    public void Write_timeout_when_the_server_never_reads_the_body()
    {
        // /hang reads nothing: once the socket buffers are full, a write blocks until the write timeout fires.
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(30) { Write = 0.3 } });
        var e = Assert.Throws<WriteTimeoutException>(() =>
            client.Post(_server.HttpUrl + "/hang", new RequestOptions { Content = EndlessBody() }));
        Assert.Equal("WriteTimeout", e.ErrorName);
        Assert.Contains("/hang", e.Message);
    }

    [Fact]
    public async Task The_write_timeout_is_its_own_limit_and_needs_no_read_timeout()
    {
        // Each phase has its limit: with no read limit at all, a body the server never takes still fails on the write
        // limit. (The guard only ends the test, with another exception, if no limit times the body.)
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(30) { Write = 0.3, Read = null } });
        var e = await Assert.ThrowsAsync<WriteTimeoutException>(() =>
            client.PostAsync(_server.HttpUrl + "/hang", new RequestOptions { Content = EndlessBody() }, guard.Token));
        Assert.StartsWith("Timed out after 0.3 s sending the request body", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_source_that_takes_its_time_is_not_a_timeout(bool http2)
    {
        // As in HTTPX, the write timeout times each write to the connection, and the read timeout the wait for the
        // response: a body whose source waits between its chunks (a generator of log lines, a slow pipe) is neither.
        // Each pause is twice both limits, so a clock left running during it fails the request. The limits leave room
        // for a loaded machine (0.2 s failed now and then under a full build, 0.5 s once on .NET 8, where an HTTP/2
        // connection's set-up after its TLS handshake is timed by the read limit, and 1 s once over HTTP/1.1 with other
        // builds on the 2 cores: the server's answer after the last chunk, timed by the read limit, took longer). Two
        // pauses, one before the first chunk and one between chunks, keep the test at 10 s.
        await using var client = new Httpx.Client(new ClientOptions
        {
            Http2 = http2,
            Verify = _server.CaPemPath,
            Timeout = new Timeout(30) { Write = 2.5, Read = 2.5 },
        });
        var url = (http2 ? _server.HttpsUrl : _server.HttpUrl) + "/upload-size";
        var r = await client.PostAsync(url, new RequestOptions { Content = SlowBody(chunks: 2, pause: TimeSpan.FromSeconds(5.0)) });
        Assert.Equal(http2 ? "HTTP/2" : "HTTP/1.1", r.HttpVersion);
        Assert.Equal(2 * 1024, r.Json()!["size"]!.GetValue<long>());
    }

    private static async IAsyncEnumerable<byte[]> SlowBody(int chunks, TimeSpan pause)
    {
        for (var i = 0; i < chunks; i++)
        {
            await Task.Delay(pause);
            yield return new byte[1024];
        }
    }

    [Fact]
    public async Task Write_timeout_over_h2_when_flow_control_stalls()
    {
        // Over HTTP/2 the server's flow-control window fills because /hang never reads: the write stalls the same way.
        await using var client = new Httpx.Client(new ClientOptions { Http2 = true, Verify = _server.CaPemPath, Timeout = new Timeout(30) { Write = 0.3 } });
        await Assert.ThrowsAsync<WriteTimeoutException>(() =>
            client.PostAsync(_server.HttpsUrl + "/hang", new RequestOptions { Content = EndlessBody() }));
    }

    [Fact]
    public async Task Once_the_body_is_sent_the_wait_for_the_response_is_timed_by_the_read_limit_not_the_write_limit()
    {
        // HTTPX's write timeout times the writes; the server taking its time to answer an upload is a read wait. The
        // server answers after 3 s, past the write limit of 1 s (room for a loaded machine to write 3 bytes) and well
        // within the read limit.
        await using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(30) { Write = 1 } });
        var r = await client.PostAsync(_server.HttpUrl + "/delay/3000", new RequestOptions { Content = "abc"u8.ToArray() });
        Assert.Equal(200, r.StatusCode);
    }

    [Fact]
    public async Task Pool_timeout_set_per_request()
    {
        await using var client = new Httpx.Client(new ClientOptions { Limits = new Limits { MaxConnections = 1 }, Timeout = new Timeout(30) });
        await using var held = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0");
        var url = _server.HttpUrl + "/get";
        var e = await Assert.ThrowsAsync<PoolTimeoutException>(() =>
            client.GetAsync(url, new RequestOptions { Timeout = new Timeout(30) { Pool = 0.05 } }));
        // How many connections are in use, and the limit to raise: the pool is full at the limit the user set.
        Assert.Equal($"Timed out after 0.05 s waiting for a connection from the pool (all 1 in use; see Limits.MaxConnections) (GET {url})", e.Message);
    }

    [Fact]
    public async Task The_pool_timeout_is_its_own_limit_and_needs_no_read_timeout()
    {
        // As the write timeout: waiting for a connection is timed by Timeout.Pool alone, whatever the read limit (none
        // here). The wait below is only a hang guard, for a pool wait timed by another limit.
        await using var client = new Httpx.Client(new ClientOptions { Limits = new Limits { MaxConnections = 1 } });
        await using var held = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0");
        var waiting = client.GetAsync(_server.HttpUrl + "/get", new RequestOptions { Timeout = new Timeout((double?)null) { Pool = 0.05 } });
        await Assert.ThrowsAsync<PoolTimeoutException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_timeout_under_a_millisecond_is_named_with_its_digits_never_as_0_s()
    {
        // "Timed out after 0 s" said neither what was set nor that it was set at all.
        await using var client = new Httpx.Client(new ClientOptions { Limits = new Limits { MaxConnections = 1 }, Timeout = new Timeout(10) { Read = 0.0004 } });
        var read = await Assert.ThrowsAsync<ReadTimeoutException>(() => client.GetAsync(_server.HttpUrl + "/delay/30000"));
        Assert.StartsWith("Timed out after 0.0004 s waiting for the response", read.Message);
        await using var held = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0", new RequestOptions { Timeout = new Timeout(10) });
        var pool = await Assert.ThrowsAsync<PoolTimeoutException>(() =>
            client.GetAsync(_server.HttpUrl + "/get", new RequestOptions { Timeout = new Timeout(10) { Pool = 0.00025 } }));
        Assert.StartsWith("Timed out after 0.00025 s waiting for a connection from the pool", pool.Message);
    }

    [Fact]
    public async Task A_pool_timeout_names_the_engines_limit_and_no_PowerShell_parameter()
    {
        // The engine's message names its own option; the module's record names its cmdlets' -MaxConnections in its
        // place (ErrorRecordFactory), as it does -AllowInsecureRedirect for AllowInsecureRedirects.
        await using var client = new Httpx.Client(new ClientOptions { Limits = new Limits { MaxConnections = 1 }, Timeout = new Timeout(10) });
        await using var held = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0");
        var pool = await Assert.ThrowsAsync<PoolTimeoutException>(() =>
            client.GetAsync(_server.HttpUrl + "/get", new RequestOptions { Timeout = new Timeout(10) { Pool = 0.05 } }));
        Assert.Contains("(all 1 in use; see Limits.MaxConnections) (GET ", pool.Message);
        Assert.DoesNotContain("PowerShell", pool.Message);
    }

    [Theory]
    [InlineData(0.00001, "0.00001 s")]
    [InlineData(0.0000123456, "0.0000123 s")]
    [InlineData(0.000999, "0.000999 s")]
    public async Task A_timeout_of_a_few_microseconds_is_named_in_plain_decimals_never_in_exponent_notation(double read, string shown)
    {
        // "G3" wrote 0.00001 as "1E-05 s".
        await using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(10) { Read = read } });
        var e = await Assert.ThrowsAsync<ReadTimeoutException>(() => client.GetAsync(_server.HttpUrl + "/delay/30000"));
        Assert.StartsWith($"Timed out after {shown} waiting for the response", e.Message);
    }

    private static IEnumerable<byte[]> EndlessBody()
    {
        var chunk = new byte[64 * 1024];
        // Bounded far above any socket buffer, so a broken write timeout fails the test rather than hanging it.
        for (var i = 0; i < 16 * 1024; i++) yield return chunk;
    }

    // HTTP/2 offered (over TLS with the test CA; without HTTP/1.1, h2c by prior knowledge) and one connection allowed.
    private Httpx.Client Http2ClientOfOneConnection(double pool, bool http1 = true) => new(new ClientOptions
    {
        Http2 = true,
        Http1 = http1,
        Verify = _server.CaPemPath,
        Limits = new Limits { MaxConnections = 1 },
        Timeout = new Timeout(10) { Pool = pool },
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task One_connection_carries_many_HTTP_2_requests_at_once(bool http1Too)
    {
        // HTTPX's max_connections counts connections: over HTTP/2 a second request shares the first one's (were it to
        // wait for a slot instead, it would fail after the 2 s pool timeout).
        await using var client = Http2ClientOfOneConnection(2, http1: http1Too);
        var origin = http1Too ? _server.HttpsUrl : _server.H2cUrl;
        await using var held = await client.StreamAsync("GET", origin + "/stream-lines/0");
        Assert.Equal("HTTP/2", held.HttpVersion);
        var second = await client.GetAsync(origin + "/get");
        Assert.Equal("HTTP/2", second.HttpVersion);
        Assert.Equal(1, ((HttpTransport)client.TransportFor(new Url(origin))).OpenConnections);
    }

    [Fact]
    public async Task Requests_waiting_for_an_HTTP_2_origins_slot_join_it_once_one_of_them_has_it()
    {
        await using var client = Http2ClientOfOneConnection(5);
        Assert.Equal("HTTP/2", (await client.GetAsync(_server.HttpsUrl + "/get")).HttpVersion);
        var blocker = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0"); // HTTP/1.1: the one slot
        var first = client.StreamAsync("GET", _server.HttpsUrl + "/stream-lines/0");
        var second = client.GetAsync(_server.HttpsUrl + "/get");
        await blocker.DisposeAsync();
        await using var held = await first;
        // httpcore sends it on the shared connection; it waited at the gate until the origin was idle (a PoolTimeout).
        Assert.Equal(200, (await second).StatusCode);
    }

    [Fact]
    public async Task With_prior_knowledge_concurrent_first_requests_share_the_connection()
    {
        await using var client = Http2ClientOfOneConnection(2, http1: false);
        var first = client.StreamAsync("GET", _server.H2cUrl + "/stream-lines/0");
        var second = client.GetAsync(_server.H2cUrl + "/get");
        await using var held = await first;
        Assert.Equal(200, (await second).StatusCode);
    }

    [Fact]
    public async Task A_request_naming_another_Host_takes_a_slot_of_its_own()
    {
        // The handler gives it a connection of its own (TLS name), so it cannot ride the origin's share.
        await using var client = Http2ClientOfOneConnection(0.05);
        await using var held = await client.StreamAsync("GET", _server.HttpsUrl + "/stream-lines/0");
        await Assert.ThrowsAsync<PoolTimeoutException>(() => client.GetAsync(_server.HttpsUrl + "/get",
            new RequestOptions { Headers = new Dictionary<string, string> { ["Host"] = "127.0.0.1:" + new Uri(_server.HttpsUrl).Port } }));
    }

    [Fact]
    public async Task A_busy_HTTP_2_connection_counts_against_other_origins_and_an_idle_one_does_not()
    {
        await using var client = Http2ClientOfOneConnection(0.05);
        Assert.Equal("HTTP/2", (await client.GetAsync(_server.HttpsUrl + "/get")).HttpVersion);
        await using (var held = await client.StreamAsync("GET", _server.HttpsUrl + "/stream-lines/0"))
        {
            // As httpcore: the one connection allowed is in use.
            await Assert.ThrowsAsync<PoolTimeoutException>(() => client.GetAsync(_server.HttpUrl + "/get"));
        }
        Assert.Equal(200, (await client.GetAsync(_server.HttpUrl + "/get")).StatusCode);
    }

    [Fact]
    public async Task Pool_timeout_when_every_connection_is_in_use()
    {
        await using var client = new Httpx.Client(new ClientOptions
        {
            Limits = new Limits { MaxConnections = 1 },
            Timeout = new Timeout(10) { Pool = 0.05 },
        });
        await using var held = await client.StreamAsync("GET", _server.HttpUrl + "/stream-lines/0");
        var e = await Assert.ThrowsAsync<PoolTimeoutException>(() => client.GetAsync(_server.HttpUrl + "/get"));
        Assert.Equal("PoolTimeout", e.ErrorName);
        Assert.Contains("MaxConnections", e.Message);
        Assert.Equal(_server.HttpUrl + "/get", e.Request.Url.ToString());
        await held.CloseAsync();
        // The slot is free again.
        Assert.Equal(200, (await client.GetAsync(_server.HttpUrl + "/get")).StatusCode);
    }

    [Fact]
    public void Send_gives_a_request_of_mine_the_clients_timeout_as_it_is_now()
    {
        // A request made with new Request carries no timeout: sent, it takes the client's current one, as in HTTPX,
        // not the one the client's transport was made with (5 s, which /delay/3000 would be within).
        using var client = new Httpx.Client();
        client.Timeout = new Timeout(10) { Read = 0.2 };
        var request = new Request("GET", _server.HttpUrl + "/delay/3000");
        Assert.Throws<ReadTimeoutException>(() => client.Send(request));
        Assert.Equal(client.Timeout, request.Timeout);
    }

    [Fact]
    public void Per_request_timeout_overrides_the_clients()
    {
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(0.2) });
        // The client's 0.2 s would fail this; the request's own limit lets it through.
        var r = client.Get(_server.HttpUrl + "/delay/500", new RequestOptions { Timeout = new Timeout(30) });
        Assert.Equal(200, r.StatusCode);

        using var patient = new Httpx.Client(new ClientOptions { Timeout = new Timeout(30) });
        Assert.Throws<ReadTimeoutException>(() =>
            patient.Get(_server.HttpUrl + "/delay/30000", new RequestOptions { Timeout = new Timeout(30) { Read = 0.2 } }));
    }

    [Fact]
    public void Timeout_None_disables_every_limit()
    {
        // Only the read limit is short, so a slow connect on a loaded machine cannot turn this into a ConnectTimeout.
        using var client = new Httpx.Client(new ClientOptions { Timeout = new Timeout(5) { Read = 0.2 } });
        Assert.Throws<ReadTimeoutException>(() => client.Get(_server.HttpUrl + "/delay/5000"));
        var r = client.Get(_server.HttpUrl + "/delay/500", new RequestOptions { Timeout = Timeout.None });
        Assert.Equal(200, r.StatusCode);

        using var unlimited = new Httpx.Client(new ClientOptions { Timeout = Timeout.None });
        Assert.Equal(200, unlimited.Get(_server.HttpUrl + "/delay/500").StatusCode);
        Assert.Equal("Timeout(timeout=None)", Timeout.None.ToString());
    }

    [Fact]
    public void Default_timeout_is_five_seconds_each()
    {
        Assert.Equal(new Timeout(5, 5, 5, 5), Timeout.Default);
        using var client = new Httpx.Client();
        Assert.Equal(Timeout.Default, client.Timeout);
    }

    // HTTPX takes any number of seconds; zero is a limit like any other (nothing may wait), only negatives are refused.
    [Fact]
    public void Zero_is_a_valid_timeout()
    {
        Assert.Equal(new Timeout(0, 0, 0, 0), new Timeout(0));
        Assert.Equal(0, new Timeout(5) { Read = 0 }.Read);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_timeout_values_are_rejected_naming_the_value(double value)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Timeout(5) { Read = value });
        Assert.Contains("read", e.Message);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Theory]
    [MemberData(nameof(InCulture.Differing), MemberType = typeof(InCulture))]
    public void An_invalid_timeout_is_named_as_the_invariant_culture_writes_it(string culture)
    {
        // Under de-DE the message said "not -1,5", under tr-TR and ar-SA "not ∞" (and "ليس رقم" for NaN).
        foreach (var (value, shown) in new[] { (-1.5, "not -1.5."), (double.PositiveInfinity, "not Infinity."), (double.NaN, "not NaN.") })
        {
            var e = InCulture.Run(culture, () => Assert.Throws<ArgumentOutOfRangeException>(() => new Timeout(5) { Read = value }));
            Assert.Contains(shown, e.Message, StringComparison.Ordinal);
        }
    }
}
