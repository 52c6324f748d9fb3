using System.Collections.Concurrent;

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

    private readonly BlockingCollection<Action> _work = new();
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    /// <summary>The dispatcher of the cmdlet whose request this code runs for, or null outside one.</summary>
    public static PipelineDispatcher? Current
    {
        get => CurrentDispatcher.Value;
        set => CurrentDispatcher.Value = value;
    }

    public bool IsPipelineThread => Environment.CurrentManagedThreadId == _threadId;

    /// <summary>Runs <paramref name="work"/> on the pipeline thread (at once when already on it) and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        if (IsPipelineThread) return Task.FromResult(work());
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { done.SetResult(work()); }
            catch (Exception e) { done.SetException(e); }
        });
        return done.Task;
    }

    /// <summary>Runs work on the pipeline thread from anywhere: through the current dispatcher when there is one, else inline.</summary>
    public static Task<T> Run<T>(Func<T> work) => Current is { } dispatcher ? dispatcher.InvokeAsync(work) : Task.FromResult(work());

    /// <summary>On the pipeline thread: runs queued work until <paramref name="task"/> completes (or the token is cancelled).</summary>
    public void RunUntil(Task task, CancellationToken cancellationToken = default)
    {
        // Not disposed: when the wait is cancelled this continuation has not run yet, and disposing it would throw.
        _ = task.ContinueWith(_ => _work.Add(static () => { }), TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            Action? item;
            try
            {
                if (!_work.TryTake(out item, System.Threading.Timeout.Infinite, cancellationToken)) continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            item();
        }
        while (_work.TryTake(out var rest)) rest();
    }

    public void Dispose() => _work.Dispose();
}
