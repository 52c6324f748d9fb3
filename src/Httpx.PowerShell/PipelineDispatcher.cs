using System.Collections.Concurrent;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Runs work on the pipeline thread of the running cmdlet. Requests run on background tasks, but user scriptblocks
/// (event hooks, auth flows, mock handlers) must run where the cmdlet runs: PowerShell runspaces are single-threaded.
/// The cmdlet sets <see cref="Current"/> (it flows into the tasks it starts) and pumps with <see cref="RunUntil"/>
/// while it waits; code on a background task calls <see cref="InvokeAsync{T}"/>.
/// </summary>
internal sealed class PipelineDispatcher : IDisposable
{
    private static readonly AsyncLocal<PipelineDispatcher?> CurrentDispatcher = new();

    private readonly ConcurrentQueue<IQueuedWork> _work = new();
    private volatile bool _cancelled;
    // No spinning before blocking: on a small machine a spinning pipeline thread takes the CPU that the request it
    // waits for needs (it was half the pipeline thread's time in a sequential Invoke-Httpx loop).
    private readonly ManualResetEventSlim _posted = new(false, spinCount: 1);
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    public PipelineDispatcher(Cmdlet cmdlet) => Cmdlet = cmdlet;

    /// <summary>
    /// The command this dispatcher pumps for: a user's block run for its request writes its warnings and information
    /// through it (<see cref="UserScriptBlock"/>), as ForEach-Object writes its block's.
    /// </summary>
    public Cmdlet Cmdlet { get; }

    /// <summary>The dispatcher of the cmdlet whose request this code runs for, or null outside one.</summary>
    public static PipelineDispatcher? Current
    {
        get => CurrentDispatcher.Value;
        set => CurrentDispatcher.Value = value;
    }

    public bool IsPipelineThread => Environment.CurrentManagedThreadId == _threadId;

    /// <summary>
    /// Runs <paramref name="work"/> on the pipeline thread (at once when already on it) and returns its result.
    /// The caller's continuation then runs on the pipeline thread too, straight after the work, rather than hopping
    /// back to the thread pool: usually all that is left is a little bookkeeping (the request's task completing), and
    /// each hop between threads costs more than that. Code continuing there never blocks on the pipeline thread:
    /// work it sends here runs inline.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> work) => InvokeAsync(static work => work(), work);

    /// <summary>
    /// <see cref="InvokeAsync{T}"/> for a function and its argument: with a static lambda, only the queued item (and
    /// its task) per call, no closure or delegate (a piped Invoke-Httpx writes each response so).
    /// </summary>
    public Task<TResult> InvokeAsync<TState, TResult>(Func<TState, TResult> work, TState state)
    {
        if (IsPipelineThread) return Task.FromResult(work(state));
        var queued = new QueuedWork<TState, TResult>(work, state);
        Post(queued);
        return queued.Task;
    }

    /// <summary>
    /// The command stopped and nobody will run queued work any more: what is queued, and anything queued from now on,
    /// completes as cancelled, so that no request waits forever for the pipeline thread.
    /// </summary>
    public void CancelPending()
    {
        _cancelled = true;
        while (_work.TryDequeue(out var item)) item.Cancel();
    }

    /// <summary>
    /// Runs work on the pipeline thread from anywhere: through the current dispatcher when there is one, else inline.
    /// The work is given the dispatcher's command (null without one), which <see cref="Current"/> does not tell on the
    /// pipeline thread: it is set there only while an item starts.
    /// </summary>
    public static Task<T> Run<T>(Func<Cmdlet?, T> work) =>
        Current is { } dispatcher ? dispatcher.InvokeAsync(() => work(dispatcher.Cmdlet)) : Task.FromResult(work(null));

    /// <summary>
    /// Wakes the pipeline thread if it is waiting in <see cref="RunUntil"/>, so that it checks its condition again
    /// (for conditions that code on other threads changes without queueing work, such as a count of running requests).
    /// </summary>
    public void Wake() => _posted.Set();

    /// <summary>
    /// On the pipeline thread: runs queued work until <paramref name="done"/> holds for <paramref name="state"/> (or
    /// the token is cancelled); what changes the condition calls <see cref="Wake"/>. Runs the work queued so far even
    /// when it holds already.
    /// </summary>
    public void RunUntil<TState>(Func<TState, bool> done, TState state, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            while (_work.TryDequeue(out var item)) item.Run();
            if (done(state)) break;
            _posted.Reset();
            // Re-check after the reset: work posted or the condition changed in between set the event before it.
            if (!_work.IsEmpty || done(state)) continue;
            try
            {
                _posted.Wait(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (_work.TryDequeue(out var rest)) rest.Run();
    }

    private void Post(IQueuedWork work)
    {
        _work.Enqueue(work);
        _posted.Set();
        // Queued while or after the command stopped: cancel it rather than leave it to a pipeline that no longer runs.
        if (_cancelled) CancelPending();
    }

    private interface IQueuedWork
    {
        void Run();
        void Cancel();
    }

    /// <summary>A piece of work, its argument and the source of its result in one object (with its task, per call from a background task).</summary>
    private sealed class QueuedWork<TState, TResult>(Func<TState, TResult> work, TState state) : TaskCompletionSource<TResult>, IQueuedWork
    {
        public void Run()
        {
            try { SetResult(work(state)); }
            catch (Exception e) { SetException(e); }
        }

        public void Cancel() => TrySetCanceled();
    }

    public void Dispose() => _posted.Dispose();
}
