namespace Httpx.PowerShell.Tests;

public class ConcurrencyTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ConcurrencyTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void ThrottleLimit_sends_that_many_requests_at_once()
    {
        // The server holds each request until 4 of the group are in flight together: sequential sending would time out.
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            1..4 | ForEach-Object { "$base/inflight?wait_for=4&timeout_ms=20000&key={{key}}" } |
                Invoke-Httpx -ThrottleLimit 4 -Timeout 30 -As Json | ForEach-Object { $_.reached }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, true, true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void ThrottleLimit_is_never_exceeded_while_items_wait_in_line()
    {
        // Nine URLs, three at a time: each is held until three of the group are in flight, so the waves fill up while
        // the rest wait; the server records the most it ever saw at once. The first three always fill a wave; a later
        // one can be let through by an earlier wave's last two still leaving, and the last piped then finds itself
        // alone and waits out its hold (Pester saw it): so only the first wave is asked to reach three.
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $reached = 1..9 | ForEach-Object { "$base/inflight?wait_for=3&timeout_ms=20000&key={{key}}" } |
                Invoke-Httpx -ThrottleLimit 3 -Timeout 30 -As Json | ForEach-Object { $_.reached }
            $reached.Count
            @($reached | Where-Object { $_ }).Count -ge 3
            (Invoke-Httpx "$base/inflight/max?key={{key}}" -As Json).in_flight_max
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 9, true, 3L }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void ThrottleLimit_writes_each_result_as_it_completes_not_in_input_order()
    {
        // The first URL is held by the server until a second request of its group arrives, and only the step after
        // Invoke-Httpx sends that one, when it receives the second URL's response: the first completes only if the
        // second's result came out before it (else it times out, "reached": false).
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $held = "$base/inflight?wait_for=2&timeout_ms=5000&key={{key}}"
            $hc = [System.Net.Http.HttpClient]::new()
            $held, "$base/get" | Invoke-Httpx -ThrottleLimit 2 | ForEach-Object {
                if ($_.Url.Path -eq '/get') { $null = $hc.GetStringAsync($held).GetAwaiter().GetResult() }
                $_.Url.Path
                if ($_.Url.Path -eq '/inflight') { $_.Json().reached }
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "/get", "/inflight", true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void ThrottleLimit_reads_at_most_that_many_items_ahead_while_its_slots_are_full()
    {
        // Two at a time: items 1 and 2 are held until a third request of their group arrives (or 5 s pass), items 3 and
        // 4 wait in line, and the command reads no item past them until a slot frees. Item 5's step would send that
        // third request: read ahead, it let the held ones through before any result was written.
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $log = [System.Collections.Generic.List[string]]::new()
            $held = "inflight?wait_for=3&timeout_ms=5000&key={{key}}"
            $hc = [System.Net.Http.HttpClient]::new()
            try {
                1..5 | ForEach-Object {
                    $log.Add("read $_")
                    if ($_ -eq 5) { $null = $hc.GetAsync("$base/$held") }
                    if ($_ -le 2) { "$base/$held" } else { "$base/get" }
                } | Invoke-Httpx -ThrottleLimit 2 -Timeout 30 | ForEach-Object { $log.Add('result') }
            }
            finally { $hc.Dispose() }
            $log -join ','
            """);
        Assert.Empty(result.Errors);
        var log = ((string)result.Output.Last().BaseObject).Split(',');
        Assert.Equal(new[] { "read 1", "read 2", "read 3", "read 4", "result" }, log[..5]);
        Assert.Equal(5, log.Count(entry => entry == "result"));
    }

    [Theory]
    [InlineData("| Select-First 1", false)]
    [InlineData("-ErrorAction Stop", true)]
    public void Items_waiting_in_line_are_not_started_once_the_pipeline_stops(string stop, bool itemsFail)
    {
        // Items 1 and 2 are held by the server until a third request of their group arrives, which the step before
        // Invoke-Httpx sends as it gives item 3: items 3 and 4 come while both run, and wait in line. Then the first
        // result stops the pipeline (Select-Object -First, or its error under -ErrorAction Stop): the waiting items must
        // not start, as their hooks and auth flows would then run for requests that never go out. Both items fail in
        // the second case: with item 2 alone failing, item 1's success could free its slot for item 3 first, which is
        // right, and the test failed on that race (once, in a CI run).
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $fail = ${{(itemsFail ? "true" : "false")}}
            $sent = [System.Collections.Generic.List[string]]::new()
            $c = New-HttpxClient -Timeout 30 -OnRequest { $sent.Add($_.Url.Query -replace '&.*') } -OnResponse { if ($fail) { throw 'item failed' } }
            $held = "inflight?wait_for=3&timeout_ms=20000&key={{key}}"
            $hc = [System.Net.Http.HttpClient]::new()
            try {
                1..4 | ForEach-Object {
                    if ($_ -eq 3) { $null = $hc.GetAsync("$base/$held") }
                    "$base/inflight?i=$_&" + $held.Split('?')[1]
                } | Invoke-Httpx -Client $c -ThrottleLimit 2 {{stop}} | ForEach-Object { 'output' }
            }
            catch { $_.FullyQualifiedErrorId }
            $sent -join ','
            """);
        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal("i=1,i=2", result.Output.Last().BaseObject);
        if (itemsFail) Assert.Contains("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", result.Output.Select(o => o.BaseObject));
        else Assert.Equal(new object[] { "output", "i=1,i=2" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Without_ThrottleLimit_requests_go_one_at_a_time()
    {
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            1..2 | ForEach-Object { "$base/inflight?wait_for=2&timeout_ms=300&key={{key}}" } | Invoke-Httpx -As Json | ForEach-Object { $_.reached }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false, false }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Event_hook_scriptblocks_run_on_the_pipeline_thread_also_when_requests_run_concurrently()
    {
        var result = _ps.Run("""
            $script = [Environment]::CurrentManagedThreadId
            $threads = [System.Collections.Generic.List[int]]::new()
            $client = New-HttpxClient -OnRequest { $threads.Add([Environment]::CurrentManagedThreadId) } -OnResponse { $threads.Add([Environment]::CurrentManagedThreadId) }
            $codes = 1..6 | ForEach-Object { "$base/get?i=$_" } | Invoke-Httpx -Client $client -ThrottleLimit 3 | ForEach-Object { $_.StatusCode }
            $codes.Count
            $threads.Count
            ($threads | Where-Object { $_ -ne $script }).Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 6, 12, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_hook_sees_the_request_as_dollar_underscore_and_can_change_it()
    {
        var result = _ps.Run("""
            $client = New-HttpxClient -OnRequest { $_.Headers.Set('X-Hook', $_.Method) }
            (Invoke-Httpx "$base/get" -Client $client -As Json).headers.'X-Hook'
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("GET", Assert.Single(result.Output).BaseObject);
    }
}
