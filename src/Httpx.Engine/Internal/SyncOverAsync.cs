namespace Httpx.Internal;

/// <summary>
/// The engine has one async core; sync methods block on it. PowerShell and scripts have no synchronisation context,
/// so blocking here cannot deadlock; ConfigureAwait(false) is used throughout the core all the same.
/// </summary>
internal static class SyncOverAsync
{
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
