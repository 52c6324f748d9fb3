using System.Management.Automation;
using System.Runtime.ExceptionServices;

namespace Httpx.PowerShell;

/// <summary>
/// Base of the cmdlets that send requests. Work runs on background tasks; the pipeline thread waits for it by pumping
/// the <see cref="PipelineDispatcher"/>, so user scriptblocks and every Write* call run on the pipeline thread.
/// One CancellationTokenSource per command: Ctrl+C (StopProcessing) or a downstream stop (Select-Object -First)
/// cancels every request in flight at once.
/// </summary>
public abstract class AsyncPipelineCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private PipelineDispatcher? _dispatcher;
    private ExceptionDispatchInfo? _pipelineFailure;

    protected CancellationToken Cancellation => _cancel.Token;

    internal PipelineDispatcher Dispatcher => _dispatcher ??= NewDispatcher();

    // Made on the pipeline thread. When the command stops, work queued for it is cancelled rather than left waiting.
    private PipelineDispatcher NewDispatcher()
    {
        var dispatcher = new PipelineDispatcher(this);
        _cancel.Token.Register(static state => ((PipelineDispatcher)state!).CancelPending(), dispatcher);
        return dispatcher;
    }

    private int _running;

    // Items read ahead while `_limit` items run (at most `_limit` of them), in input order; pipeline thread only.
    private readonly Queue<IWaitingItem> _waiting = new();
    private int _limit = 1;

    /// <summary>
    /// Starts <paramref name="work"/> for one pipeline item, or, when <paramref name="limit"/> items are running, puts
    /// it in line: up to <paramref name="limit"/> items wait, in input order, and each starts as soon as a running one
    /// finishes. <paramref name="work"/> must not throw: failures are written as error records.
    /// <para>
    /// The item starts on the pipeline thread, with this command's dispatcher as the current one, up to its first wait
    /// for the network; it goes on on the thread pool from there. Not handed to the thread pool from the start:
    /// building and sending a request is short, and the hop cost more CPU than the request itself (a third of a piped
    /// Invoke-Httpx's CPU per request at -ThrottleLimit 64). When <paramref name="limit"/> is 1 (one item at a time),
    /// a plain exchange does not wait for the network asynchronously at all: it runs to its end here.
    /// </para>
    /// <para>
    /// Reading ahead: finished items free their slots in bursts, and the pipeline thread refills them from the line
    /// while it writes their results, without going back to PowerShell for each next item (its upstream commands and
    /// the binding of the next item took as long as a start, and a slot stayed empty meanwhile: a quarter of each
    /// slot's time at -ThrottleLimit 64). It goes back to PowerShell while the line has room. The h2 pipeline went from
    /// 0.54-0.70 of the C# client to 0.72-0.77 in alternating runs (docs/benchmarks.md).
    /// </para>
    /// <para>
    /// A running count that each finishing item lowers and a wake-up of the pipeline thread: waiting with Task.WhenAny
    /// over the running items instead costs a continuation on each of them for every item (64 per URL at
    /// -ThrottleLimit 64). <paramref name="state"/> and a static or cached <paramref name="work"/> spare a closure per item.
    /// </para>
    /// </summary>
    protected void StartLimited<TState>(Func<TState, CancellationToken, Task> work, TState state, int limit)
    {
        _limit = limit;
        if (limit == 1)
        {
            StartItem(work, state);
            WaitForAllStarted();
            return;
        }
        if (_waiting.Count == 0 && Volatile.Read(ref _running) < limit) StartItem(work, state);
        else _waiting.Enqueue(new WaitingItem<TState>(work, state));
        // Writes what finished items queued (results come out as they complete) and starts waiting items as slots
        // free; returns as soon as the line has room for the next item.
        Dispatcher.RunUntil(static cmdlet => cmdlet.StartWaiting() < cmdlet._limit, this, _cancel.Token);
        ThrowIfStopped();
    }

    /// <summary>Starts waiting items while fewer than the limit run; returns how many still wait.</summary>
    private int StartWaiting()
    {
        // Stopping (Select-Object -First, -ErrorAction Stop, Ctrl+C): the items read ahead are dropped, not started.
        // Started, each ran its hooks and auth flow on this thread (a cancelled request goes that far) for a request
        // that never went out, and the stopped running items freed the slots for all of them.
        if (IsStopping)
        {
            _waiting.Clear();
            return 0;
        }
        while (_waiting.Count > 0 && Volatile.Read(ref _running) < _limit) _waiting.Dequeue().Start(this);
        return _waiting.Count;
    }

    /// <summary>
    /// Whether the items' work may run user scriptblocks (event hooks, auth flows, mock handlers): they find this
    /// command's dispatcher through <see cref="PipelineDispatcher.Current"/>. Items that cannot start without it: the
    /// async-local value, set and restored per item, made two execution contexts (and their value maps) per item. Six
    /// alternating pairs of ps-pipeline-h2 without it: 0.71, 0.79, 0.74, 0.66, 0.77, 0.73 against 0.69, 0.78, 0.66,
    /// 0.73, 0.70, 0.69 (docs/benchmarks.md, session 22).
    /// </summary>
    protected virtual bool MayRunUserScriptBlocks => true;

    private void StartItem<TState>(Func<TState, CancellationToken, Task> work, TState state)
    {
        Interlocked.Increment(ref _running);
        // The dispatcher knows the pipeline thread as the one that makes it: made here, before the item can reach it
        // from another thread.
        _ = Dispatcher;
        if (MayRunUserScriptBlocks) StartItemWithDispatcher(work, state);
        else StartItemHere(work, state);
    }

    private void StartItemWithDispatcher<TState>(Func<TState, CancellationToken, Task> work, TState state)
    {
        var previous = PipelineDispatcher.Current;
        PipelineDispatcher.Current = Dispatcher;
        try
        {
            StartItemHere(work, state);
        }
        finally
        {
            PipelineDispatcher.Current = previous;
        }
    }

    private void StartItemHere<TState>(Func<TState, CancellationToken, Task> work, TState state)
    {
        // One item at a time: the pipeline thread waits for it anyway, so it may do the exchange itself, as the
        // engine's sync API does. In a loop of single calls this spares two thread hops per request and the thread
        // pool's spinning for work between them.
        Task running;
        try
        {
            // Without a context (the usual case) the item starts as it is: StartWithoutContext's closure is for a GUI thread only.
            running = _limit == 1 ? StartBlocking(work, state)
                : SynchronizationContext.Current is null ? work(state, _cancel.Token)
                : StartWithoutContext(work, state);
        }
        catch
        {
            ItemFinished(); // work must not throw; if it does, the count still goes down
            throw;
        }
        CountDownWhenDone(running);
    }

    private interface IWaitingItem
    {
        void Start(AsyncPipelineCmdlet cmdlet);
    }

    /// <summary>An item read ahead: its work and state in one object, started by the pipeline thread when a slot frees.</summary>
    private sealed class WaitingItem<TState>(Func<TState, CancellationToken, Task> work, TState state) : IWaitingItem
    {
        public void Start(AsyncPipelineCmdlet cmdlet) => cmdlet.StartItem(work, state);
    }

    // A method of its own: C# makes the lambda's captures on entry to the method that declares it, so in StartItem
    // they cost an object for every item, also at the limits above 1 that never run it.
    private Task StartBlocking<TState>(Func<TState, CancellationToken, Task> work, TState state) =>
        BlockingCall.Start(() => work(state, _cancel.Token));

    // A pipeline thread with a synchronisation context (a GUI's click handler running Invoke-Httpx): an item's first
    // part, up to its first wait, must not leave continuations there (a -Client's C# async hook awaiting as application
    // code does), as the thread waits in the dispatcher for the item. A method of its own for the same reason as StartBlocking.
    private Task StartWithoutContext<TState>(Func<TState, CancellationToken, Task> work, TState state) =>
        BlockingCall.StartAmongOthers(() => work(state, _cancel.Token));

    // Lowers the running count when the item's task completes: a continuation stored on the task itself (the cached
    // delegate, with no context to capture), rather than an async frame per item awaiting it.
    private void CountDownWhenDone(Task running)
    {
        if (running.IsCompleted) ItemFinished();
        else running.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_itemFinished ??= ItemFinished);
    }

    private Action? _itemFinished;

    private void ItemFinished()
    {
        Interlocked.Decrement(ref _running);
        Dispatcher.Wake();
    }

    /// <summary>
    /// On the pipeline thread: pumps (writing results as they complete, starting waiting items as slots free) until
    /// every item given to <see cref="StartLimited"/> has started and finished.
    /// </summary>
    protected void WaitForAllStarted()
    {
        Dispatcher.RunUntil(static cmdlet => cmdlet.StartWaiting() == 0 && Volatile.Read(ref cmdlet._running) == 0, this, _cancel.Token);
        // An item that finished without a wait (it ran on this thread) may have stopped the pipeline as well.
        ThrowIfStopped();
    }

    // A downstream stop (Select-Object -First) or an error with -ErrorAction Stop, rethrown where PowerShell expects it.
    private void ThrowIfStopped()
    {
        _pipelineFailure?.Throw();
        if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
    }

    /// <summary>
    /// From a background task: runs <paramref name="action"/> (WriteObject, WriteError...) on the pipeline thread and
    /// waits for it, so a slow consumer slows the producer (memory stays flat). If the pipeline throws (a downstream
    /// stop, -ErrorAction Stop), every request is cancelled and the exception is rethrown on the pipeline thread.
    /// </summary>
    internal Task OnPipeline(Action action) => OnPipeline(static action => action(), action);

    /// <summary><see cref="OnPipeline(Action)"/> for a static lambda and its argument: no closure per call.</summary>
    internal Task OnPipeline<TState>(Action<TState> action, TState state) =>
        // No WaitAsync(token) per call: the dispatcher cancels whatever is queued when the command stops.
        Dispatcher.InvokeAsync(static call => call.Cmdlet.RunGuarded(call.Action, call.State), (Cmdlet: this, Action: action, State: state));

    /// <summary>WriteObject from a background task, as <see cref="OnPipeline(Action)"/> runs it (the queued item only: no closure).</summary>
    internal Task WriteObjectOnPipeline(object? output) =>
        OnPipeline(static call => call.Cmdlet.WriteObject(call.Output), (Cmdlet: this, Output: output));

    // True when it ran: the queued work's result, which nobody reads (a Task<bool> is the dispatcher's one kind of work).
    private bool RunGuarded<TState>(Action<TState> action, TState state)
    {
        if (_pipelineFailure is not null || _cancel.IsCancellationRequested) throw new OperationCanceledException(_cancel.Token);
        try
        {
            action(state);
            return true;
        }
        catch (Exception e)
        {
            _pipelineFailure ??= ExceptionDispatchInfo.Capture(e);
            _cancel.Cancel();
            throw new OperationCanceledException(_cancel.Token);
        }
    }

    /// <summary>Like <see cref="OnPipeline"/> without waiting: for progress reports from synchronous callbacks.</summary>
    internal void Post(Action action) => _ = OnPipeline(action).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);

    /// <summary>Whether the failure of a work item is the command being stopped rather than an error to report.</summary>
    internal bool IsStopping => _pipelineFailure is not null || _cancel.IsCancellationRequested;

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose()
    {
        _cancel.Cancel();
        GC.SuppressFinalize(this);
    }
}
