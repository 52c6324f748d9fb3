namespace Httpx.Internal;

/// <summary>
/// The engine has one async core; sync methods block on it. The caller's thread may have a single-threaded
/// synchronisation context (a WinForms or WPF thread, a PowerShell GUI's click handler), which runs what is posted to it
/// only once the thread is free again: a continuation posted there while the thread blocks here waits for ever. So the
/// core never posts there: every await has ConfigureAwait(false) (CA2007 fails the build on one without it), and the
/// part of a call that runs on the caller's thread runs without its context (<see cref="WithoutContext{TTask}"/>), so that
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
        t_blockingCaller = true;
        try
        {
            return WithoutContext(start);
        }
        finally
        {
            t_blockingCaller = outer;
        }
    }

    /// <summary>
    /// Runs <paramref name="start"/> up to its first real wait without the thread's synchronisation context, when it has
    /// one, and returns its task: awaits there (an async event hook of the user's) then go on on the thread pool rather
    /// than wait for a thread that blocks for them. Nothing but a thread-local read when there is no context.
    /// </summary>
    public static TTask WithoutContext<TTask>(Func<TTask> start)
    {
        var context = SynchronizationContext.Current;
        if (context is null) return start();
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return start();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>
    /// Starts <paramref name="start"/> on this thread without its synchronisation context, then blocks for its result:
    /// for a sync method over an async one that sends nothing (a body read, a close), whose awaits may reach code of the
    /// user's (a custom transport's stream). Takes the call, not its task: a task started by the caller has already
    /// run its first part with the context.
    /// </summary>
    public static T Wait<T>(Func<ValueTask<T>> start) => Result(WithoutContext(start));

    /// <inheritdoc cref="Wait{T}(Func{ValueTask{T}})"/>
    public static void Wait(Func<ValueTask> start) => Complete(WithoutContext(start));

    private static T Result<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();

    private static void Complete(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully) task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Enumerates an async sequence on the calling thread, each step as <see cref="Wait{T}"/> runs it; disposing the enumerator disposes the source.</summary>
    public static IEnumerable<T> Enumerate<T>(IAsyncEnumerable<T> source)
    {
        var enumerator = source.GetAsyncEnumerator();
        Func<ValueTask<bool>> moveNext = enumerator.MoveNextAsync; // one delegate per enumeration, not per item
        try
        {
            while (Wait(moveNext)) yield return enumerator.Current;
        }
        finally
        {
            Wait(enumerator.DisposeAsync);
        }
    }
}
