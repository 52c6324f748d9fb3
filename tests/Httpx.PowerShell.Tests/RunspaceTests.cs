namespace Httpx.PowerShell.Tests;

/// <summary>
/// The module used from several runspaces of one process, as ops scripts do with ForEach-Object -Parallel: a client
/// handed over with $using:, its scriptblocks (hooks, auth flows, mock handlers) made in the runspace that made it.
/// </summary>
public class RunspaceTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public RunspaceTests(PowerShellFixture ps) => _ps = ps;

    // Bounded: a scriptblock handed between runspaces can leave a call waiting forever, and a hang must fail the test.
    private PowerShellResult RunWithManifest(string script)
    {
        var run = Task.Run(() => _ps.Run(script, new Dictionary<string, object?> { ["manifest"] = PowerShellFixture.ModuleManifest }));
        Assert.True(run.Wait(TimeSpan.FromSeconds(90)), "The script did not finish within 90 s: a call hung.");
        return run.Result;
    }

    [Fact]
    public void A_client_handed_to_ForEach_Object_Parallel_shares_its_connections_and_cookies()
    {
        var result = RunWithManifest("""
            $c = New-HttpxClient -BaseUrl $base
            $null = Invoke-Httpx -Client $c '/cookies/set?flavour=choc'
            $codes = 1..20 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                $r = Invoke-Httpx -Client $using:c "/cookies?i=$_"
                "$($r.StatusCode) $($r.Json().cookies.flavour)"
            } -ThrottleLimit 5
            @($codes | Where-Object { $_ -eq '200 choc' }).Count
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 20 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public async Task A_client_closed_while_a_parallel_runspaces_request_waits_for_its_answer_is_ClientClosed_there()
    {
        // Close-HttpxClient in the runspace that made the client, while a -Parallel runspace's request waits for its
        // answer: the error blamed the server, "Httpx.RemoteProtocolError: Server disconnected without sending a response".
        var headRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new TestServer.ScriptedServer(async connection =>
        {
            await connection.ReadHeadAsync();
            headRead.TrySetResult();
            await connection.HoldAsync();
        });
        var run = Task.Run(() => _ps.Run("""
            $c = New-HttpxClient -Timeout $null
            $job = 1 | ForEach-Object -AsJob -Parallel {
                Import-Module $using:manifest
                try { Invoke-Httpx -Client $using:c "$using:held/held" -ErrorAction Stop }
                catch { "$($_.FullyQualifiedErrorId) $($_.CategoryInfo.Category) $($_.TargetObject) | $($_.Exception.Message)" }
            }
            $null = $headRead.Task.Wait(30000)
            Close-HttpxClient $c
            $job | Receive-Job -Wait -AutoRemoveJob
            """, new Dictionary<string, object?> { ["manifest"] = PowerShellFixture.ModuleManifest, ["held"] = server.Url, ["headRead"] = headRead }));
        // Bounded: a hang must fail the test.
        var result = await run.WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(
            $"Httpx.ClientClosed,Httpx.PowerShell.Commands.InvokeHttpxCommand ResourceUnavailable {server.Url}/held | " +
            $"The client was closed while this request was on its way (GET {server.Url}/held).",
            Assert.Single(result.Output).BaseObject.ToString()!.Split('\n')[0].TrimEnd());
    }

    [Fact]
    public void A_clients_scriptblock_used_from_parallel_runspaces_is_a_clear_error_and_never_runs_there()
    {
        // PowerShell hands a scriptblock called from another runspace to the runspace that made it through an engine
        // event and waits: a Write-Error in a mock handler hung ForEach-Object -Parallel for good, two calls at once could
        // run one block twice and the other never ("returned no response"; a hook skipped), $ErrorActionPreference was
        // dropped, and each call waited up to ~250 ms. Refused, as PowerShell refuses scriptblocks in -Parallel's $using:.
        var result = RunWithManifest("""
            $script:ran = 0
            $mock = New-HttpxMockTransport { $script:ran++; New-HttpxResponse 200 }
            $c = New-HttpxClient -Transport $mock
            $outcomes = 1..4 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                try { $null = Invoke-Httpx -Client $using:c "https://mock.test/p$_" -ErrorAction Stop; 'sent' }
                catch { "$($_.FullyQualifiedErrorId) $($_.CategoryInfo.Category) | $_" }
            } -ThrottleLimit 4
            $script:ran
            @($outcomes | Where-Object { $_ -like 'Httpx.ScriptBlockError,*InvalidOperation | *belongs to the runspace that made it*Make the client inside the parallel block*' }).Count
            (Invoke-Httpx -Client (New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 204 })) 'https://mock.test/here').StatusCode
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 0, 4, 204 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_DefaultEncoding_scriptblock_used_from_parallel_runspaces_is_refused_naming_it()
    {
        // The refusal named hooks, auth flows and mock handlers only: a client whose only scriptblock is its
        // -DefaultEncoding was told of none it had. A streamed text has no body to guess from, so works there.
        var result = RunWithManifest("""
            $script:ran = 0
            $c = New-HttpxClient -DefaultEncoding { $script:ran++; 'cp1252' }
            $outcomes = 1..2 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                try { $null = Invoke-Httpx -Client $using:c "$using:base/charset/windows-1252?nocharset=1" -As Text -ErrorAction Stop; 'sent' }
                catch { "$($_.FullyQualifiedErrorId) | $_" }
                @(Invoke-Httpx -Client $using:c "$using:base/charset/windows-1252?nocharset=1" -Stream Lines).Count -gt 0
            } -ThrottleLimit 2
            $script:ran
            @($outcomes | Where-Object { $_ -like 'Httpx.ScriptBlockError,* | *-DefaultEncoding*belongs to the runspace that made it*' }).Count
            @($outcomes | Where-Object { $_ -eq $true }).Count
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 0, 2, 2 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_scriptblock_auth_handed_to_parallel_runspaces_without_a_client_is_refused_naming_New_HttpxAuth()
    {
        // No client here: the error told the user to make "the client" inside the parallel block.
        var result = RunWithManifest("""
            $auth = New-HttpxAuth -ScriptBlock { param($Request, $Response) }
            1..2 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                try { $null = Invoke-Httpx "$using:base/get" -Auth $using:auth -ErrorAction Stop; 'sent' }
                catch { "$($_.FullyQualifiedErrorId) | $_" }
            } -ThrottleLimit 2
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output.Select(o => (string)o.BaseObject), outcome =>
        {
            Assert.StartsWith("Httpx.ScriptBlockError,", outcome);
            Assert.Contains("New-HttpxAuth", outcome);
            Assert.DoesNotContain("This client's", outcome);
        });
    }

    [Fact]
    public void Hooks_of_requests_awaited_together_from_script_each_run_once_for_their_own_request()
    {
        // $c.GetAsync(...) from script, the tasks awaited together: each response hook runs on a thread-pool thread
        // with no runspace, which PowerShell hands to the client's runspace one call at a time (two at once could run
        // one block twice and another never). Waiting for that turn blocked thread-pool threads on a lock the pool does
        // not see, and the pool starved: requests timed out with "Timed out after 5 s waiting for the response".
        EachRunsOnceWhenAwaitedTogetherFromScript("""
            $c = New-HttpxClient -BaseUrl $base -OnResponse { $seen.Add($_.Url.Query) }
            """, requests: 40);
    }

    [Fact]
    public void A_scriptblock_auth_of_requests_awaited_together_from_script_runs_once_a_response_for_each()
    {
        // The auth's steps, like hooks, run on pool threads without a runspace and wait for its turn (now awaited).
        EachRunsOnceWhenAwaitedTogetherFromScript("""
            $auth = New-HttpxAuth -ScriptBlock { param($Request, $Response) if ($null -ne $Response) { $seen.Add($Response.Url.Query) } }
            $c = New-HttpxClient -BaseUrl $base -Auth $auth
            """, requests: 20);
    }

    /// <summary>
    /// Sends <paramref name="requests"/> $c.GetAsync(...) from script and awaits them together, $c made by
    /// <paramref name="makeClient"/> with a block that adds each response's query to $seen: every request completes,
    /// and the block ran once for each response.
    /// </summary>
    private void EachRunsOnceWhenAwaitedTogetherFromScript(string makeClient, int requests)
    {
        var result = RunWithManifest($$"""
            $seen = [System.Collections.Generic.List[string]]::new()
            {{makeClient}}
            $tasks = [System.Threading.Tasks.Task[]]@(1..{{requests}} | ForEach-Object { $c.GetAsync("/delay/100?i=$_") })
            try { [System.Threading.Tasks.Task]::WaitAll($tasks) } catch { $_.Exception.InnerException.InnerExceptions[0].Message }
            @($tasks | Where-Object { $_.Status -eq 'RanToCompletion' }).Count
            $seen.Count
            [System.Collections.Generic.HashSet[string]]::new($seen).Count
            """);
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { requests, requests, requests }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public Task A_scriptblock_auths_wait_for_its_runspace_holds_no_thread_of_the_caller_of_GetAsync() =>
        WhileAHookHoldsTheRunspacesTurn(async (getAsync, gate) =>
        {
            // The flow was a sync one, so GetAsync blocked its caller (a pool thread, in script) until the turn came;
            // forty such calls held forty threads. Its async flow awaits the turn: GetAsync returns at once.
            // A thread of its own: a blocked call must fail the test, not hang it.
            Task? waiting = null;
            var caller = new Thread(() => waiting = getAsync("/get?next", CancellationToken.None)) { IsBackground = true };
            caller.Start();
            var returned = caller.Join(TimeSpan.FromSeconds(60));
            // Read before the gate opens: after, the request may finish at any moment.
            var finishedWhileHeld = returned && waiting!.IsCompleted;
            gate.Set();
            Assert.True(returned, "GetAsync blocked its caller while the auth flow waited for its runspace's turn.");
            Assert.False(finishedWhileHeld, "The request finished while the runspace's turn was held.");
            await waiting!.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(200, StatusCode(waiting));
            Assert.Equal("auth", ((dynamic)((dynamic)waiting).Result.Request.Headers).Get("X-Step"));
        });

    [Fact]
    public Task A_scriptblock_auth_waiting_for_its_runspaces_turn_stops_when_its_request_is_cancelled() =>
        WhileAHookHoldsTheRunspacesTurn(async (getAsync, gate) =>
        {
            // $c.GetAsync($u, $null, $token) whose auth waits for a turn another call holds (for as long as it likes):
            // cancelling the token ends the wait, as it ends the request's other waits.
            // Cancelled once GetAsync has returned, when the flow's first step is waiting for the turn.
            using var cancel = new CancellationTokenSource();
            var waiting = (Task)await Task.Run(() => (object)getAsync("/get?next", cancel.Token)).WaitAsync(TimeSpan.FromSeconds(60));
            cancel.Cancel();
            var ended = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(60))) == waiting;
            gate.Set();
            Assert.True(ended, "The auth flow kept waiting for its runspace's turn after its request was cancelled.");
            Assert.True(waiting.IsCanceled, $"The request ended {waiting.Status}: {waiting.Exception}");
        });

    /// <summary>
    /// Runs <paramref name="test"/> with a client made in a runspace that stays busy (as a script awaiting its tasks is)
    /// and whose scriptblocks PowerShell hands to it from threads without a runspace: the client's auth (a block that sets
    /// X-Step) and a hook holding the runspace's turn until <c>gate</c> opens, entered before the test starts. The test is
    /// given the client's GetAsync(url, token), to call from threads without a runspace (a .NET task, an engine callback).
    /// Deterministic: what the test checks happens while the gate is shut. (The engine is PowerShell's to load: its types
    /// are reached by reflection here.)
    /// </summary>
    private async Task WhileAHookHoldsTheRunspacesTurn(Func<Func<string, CancellationToken, Task>, ManualResetEventSlim, Task> test)
    {
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        using var done = new ManualResetEventSlim();
        var made = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var runspace = _ps.OpenRunspace(new Dictionary<string, object?> { ["entered"] = entered, ["gate"] = gate, ["done"] = done, ["made"] = made });
        using var ps = System.Management.Automation.PowerShell.Create(runspace);
        ps.AddScript("""
            $auth = New-HttpxAuth -ScriptBlock { param($Request, $Response) $Request.Headers['X-Step'] = 'auth' }
            $c = New-HttpxClient -BaseUrl $base -Auth $auth -OnRequest { if ($_.Url.Query -eq 'hold') { $entered.Set(); $gate.Wait() } }
            $made.SetResult($c)
            $done.Wait()
            """);
        var script = ps.BeginInvoke();
        object? client = null;
        try
        {
            client = await made.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (client is System.Management.Automation.PSObject wrapped) client = wrapped.BaseObject;
            var method = client.GetType().GetMethod("GetAsync")!;
            Task GetAsync(string url, CancellationToken token) => (Task)method.Invoke(client, new object?[] { url, null, token })!;
            // Started on a pool thread: the hook's hand-over, which waits on $gate, happens inside the call.
            var holding = Task.Run(() => (object)GetAsync("/get?hold", CancellationToken.None));
            Assert.True(entered.Wait(TimeSpan.FromSeconds(60)), "The hook that holds the runspace's turn never ran.");
            await test(GetAsync, gate);
            var held = (Task)await holding.WaitAsync(TimeSpan.FromSeconds(90));
            await held.WaitAsync(TimeSpan.FromSeconds(90));
            Assert.Equal(200, StatusCode(held));
        }
        finally
        {
            gate.Set();
            done.Set();
            ps.EndInvoke(script);
            (client as IDisposable)?.Dispose();
        }
    }

    private static int StatusCode(Task response) => (int)((dynamic)response).Result.StatusCode;

    [Fact]
    public void A_scriptblock_whose_runspace_was_closed_is_an_error_saying_so()
    {
        // A client made in a runspace that has since closed (a job's, a pool's): its mock handler cannot run anywhere, and
        // the error was PowerShell's "Object reference not set to an instance of an object".
        var result = RunWithManifest("""
            $rs = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2()); $rs.Open()
            $ps = [powershell]::Create(); $ps.Runspace = $rs
            $c = $ps.AddScript("Import-Module '$manifest'; New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 })").Invoke()[0]
            $ps.Dispose(); $rs.Close()
            Invoke-Httpx -Client $c 'https://mock.test/a', 'https://mock.test/b'
            """);
        Assert.Null(result.Terminating);
        Assert.True(result.Errors.Count == 2, string.Join("\n", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        var error = result.Errors[0];
        Assert.Equal("Httpx.ScriptBlockError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal("https://mock.test/a", error.TargetObject);
        Assert.StartsWith("This scriptblock belongs to a runspace that is closed", error.ToString());
    }

    [Fact]
    public async Task Commands_run_on_a_GUI_thread_do_not_wait_for_it_and_run_scriptblocks_on_it()
    {
        // A GUI event handler ($button.Add_Click({ Invoke-Httpx ... })): the pipeline thread has a context that queues
        // what is posted to it for a message loop that waits for the command. Nothing of ours may need it, and the
        // user's scriptblocks (hooks, mock handlers) still run on the pipeline thread.
        var gui = new global::Httpx.Tests.BlockedUiThread();
        var folder = Directory.CreateTempSubdirectory("httpx-gui-").FullName;
        try
        {
            var run = Task.Run(() => _ps.Run("""
                $pipelineThread = [Threading.Thread]::CurrentThread.ManagedThreadId
                $threads = [Collections.Generic.List[int]]::new()
                [Threading.SynchronizationContext]::SetSynchronizationContext($gui)
                try {
                    $c = New-HttpxClient -OnRequest { $threads.Add([Threading.Thread]::CurrentThread.ManagedThreadId) } -OnResponse { $threads.Add([Threading.Thread]::CurrentThread.ManagedThreadId) }
                    (Invoke-Httpx "$base/get" -Client $c).StatusCode
                    (Invoke-Httpx "$base/redirect/2" -Client $c -FollowRedirects).History.Count
                    (Invoke-Httpx "$base/digest-auth/auth/ada/pw" -Client $c -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)).StatusCode
                    @(Invoke-Httpx "$base/stream-lines/5" -Client $c -Stream Lines).Count
                    $file = [IO.Path]::Combine($folder, 'a.bin')
                    Invoke-Httpx "$base/bytes/300000" -Client $c -Download $file
                    [IO.FileInfo]::new($file).Length
                    @(1..8 | ForEach-Object { "$base/anything?i=$_" } | Invoke-Httpx -Client $c -ThrottleLimit 4).Count
                    $mock = New-HttpxClient -Transport (New-HttpxMockTransport { $threads.Add([Threading.Thread]::CurrentThread.ManagedThreadId); New-HttpxResponse 200 -Content 'x' })
                    $mocked = [IO.Path]::Combine($folder, 'm.bin')
                    Invoke-Httpx https://mock.test/f -Client $mock -Download $mocked
                    [IO.FileInfo]::new($mocked).Length
                } finally {
                    [Threading.SynchronizationContext]::SetSynchronizationContext($null)
                }
                $gui.Posted
                $threads.Count
                @($threads | Where-Object { $_ -ne $pipelineThread }).Count
                """, new Dictionary<string, object?> { ["gui"] = gui, ["folder"] = folder }));
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(90))) == run,
                $"The commands hung on a pipeline thread with a GUI's SynchronizationContext: {gui.Posted} callback(s) were posted to it, which it cannot run while it waits in the command.");
            var result = await run;
            Assert.Null(result.Terminating);
            Assert.Empty(result.Errors);
            // 2 hooks each for /get, the 3 of the redirects, the 2 of Digest, the stream, the download, the 8 piped; 1 mock handler.
            Assert.Equal(new object[] { 200, 2, 200, 5, 300000L, 8, 1L, 0, 2 * (1 + 3 + 2 + 1 + 1 + 8) + 1, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Piped_requests_at_a_ThrottleLimit_on_a_GUI_thread_do_not_leave_it_to_a_clients_async_CSharp_hook()
    {
        // Above -ThrottleLimit 1 the pipeline thread starts each item, then waits in the dispatcher. A -Client made
        // with the engine's API whose C# async hook awaits as application code does (without ConfigureAwait) must not
        // find the GUI's context there: its continuation, posted to a thread that waits for the item, would never run.
        var gui = new global::Httpx.Tests.BlockedUiThread();
        var before = AwaitingHook.Calls;
        var run = Task.Run(() => _ps.Run("""
            $hook = [Delegate]::CreateDelegate([Func[Httpx.Request, Threading.CancellationToken, Threading.Tasks.Task]], [Httpx.PowerShell.Tests.AwaitingHook].GetMethod('Run'))
            $options = [Httpx.ClientOptions]::new()
            $options.EventHooks = [Httpx.EventHooks]::new().OnRequest($hook)
            $client = [Httpx.Client]::new($options)
            [Threading.SynchronizationContext]::SetSynchronizationContext($gui)
            try {
                @(1..8 | ForEach-Object { "$base/anything?i=$_" } | Invoke-Httpx -Client $client -ThrottleLimit 4).Count
            } finally {
                [Threading.SynchronizationContext]::SetSynchronizationContext($null)
                $client.Dispose()
            }
            $gui.Posted
            """, new Dictionary<string, object?> { ["gui"] = gui }));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(90))) == run,
            $"Invoke-Httpx -ThrottleLimit 4 hung on a pipeline thread with a GUI's SynchronizationContext: {gui.Posted} callback(s) were posted to it.");
        var result = await run;
        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 8, 0 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(8, AwaitingHook.Calls - before);
    }
}
