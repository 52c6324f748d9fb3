namespace Httpx.Internal;

/// <summary>
/// The engine has one async core; sync methods block on it. The caller's thread may have a single-threaded
/// synchronisation context (a WinForms or WPF thread, a PowerShell GUI's click handler), which runs what is posted to it
/// only once the thread is free again: a continuation posted there while the thread blocks here waits for ever. So the
/// core never posts there: every await has ConfigureAwait(false) (CA2007 fails the build on one without it), and the
/// part of a call that runs on the caller's thread runs without its context (<see cref="Start{TTask}"/>), so that
/// code of the user's it calls (an async event hook awaiting as application code does) does not capture it either.
/// </summary>
internal static class SyncOverAsync
{
    [ThreadStatic] private static bool t_blockingCaller;

    /// <summary>
    /// True while a sync method is starting its async core on the caller's own thread, which will block for the result
    /// anyway: code that runs before the core's first real wait may then do its I/O synchronously on this thread
    /// (see HttpTransport) instead of waiting for a thread-pool thread to finish it.
    /// </summary>
    public static bool IsBlockingCaller => t_blockingCaller;

    /// <summary>Starts <paramref name="start"/> on this thread with <see cref="IsBlockingCaller"/> set, then blocks for its result.</summary>
    public static T Run<T>(Func<Task<T>> start) => Start(start).GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="start"/> up to its first real wait with <see cref="IsBlockingCaller"/> set and without the
    /// thread's synchronisation context; the caller then blocks on the task. (HttpClient's sync Send does not clear it:
    /// it calls no user code that awaits. Our event hooks may be the user's async code.)
    /// </summary>
    public static TTask Start<TTask>(Func<TTask> start) where TTask : Task
    {
        var outer = t_blockingCaller;
        var context = SynchronizationContext.Current;
        t_blockingCaller = true;
        if (context is not null) SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return start();
        }
        finally
        {
            t_blockingCaller = outer;
            if (context is not null) SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public static T Run<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    public static T Run<T>(Task<T> task) => task.GetAwaiter().GetResult();

    public static void Run(Task task) => task.GetAwaiter().GetResult();

    public static void Run(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully) task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Enumerates an async sequence on the calling thread; disposing the enumerator disposes the source.</summary>
    public static IEnumerable<T> Enumerate<T>(IAsyncEnumerable<T> source)
    {
        var enumerator = source.GetAsyncEnumerator();
        try
        {
            while (Run(enumerator.MoveNextAsync())) yield return enumerator.Current;
        }
        finally
        {
            Run(enumerator.DisposeAsync());
        }
    }
}
