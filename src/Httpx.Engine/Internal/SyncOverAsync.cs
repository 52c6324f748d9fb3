namespace Httpx.Internal;

/// <summary>
/// The engine has one async core; sync methods block on it. PowerShell and scripts have no synchronisation context,
/// so blocking here cannot deadlock; ConfigureAwait(false) is used throughout the core all the same.
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

    /// <summary>Runs <paramref name="start"/> up to its first real wait with <see cref="IsBlockingCaller"/> set; the caller then blocks on the task.</summary>
    public static TTask Start<TTask>(Func<TTask> start) where TTask : Task
    {
        var outer = t_blockingCaller;
        t_blockingCaller = true;
        try
        {
            return start();
        }
        finally
        {
            t_blockingCaller = outer;
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
