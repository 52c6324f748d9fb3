using Httpx.Internal;

namespace Httpx;

/// <summary>
/// For a caller that starts an async engine call on its own thread and then waits on that thread until it completes
/// (a PowerShell cmdlet sending one request at a time): the call starts as the sync API's calls do, so that a plain
/// HTTP/1.1 exchange is sent and answered on this thread rather than finished by thread-pool threads that the caller
/// would only wait for. The task is returned as it is; what cannot run synchronously goes on asynchronously as before.
/// Only for a caller that really blocks: anything else would send its requests one after another.
/// </summary>
public static class BlockingCall
{
    public static TTask Start<TTask>(Func<TTask> start) where TTask : Task => SyncOverAsync.Start(start);

    /// <summary>
    /// For a caller whose thread waits while several calls it started run (PowerShell's pipeline thread at
    /// -ThrottleLimit above 1): the call starts on this thread without its synchronisation context, as
    /// <see cref="Start{TTask}"/>'s do (a GUI thread's would hold the continuations of the user's async hooks for a
    /// thread that waits for them), and goes on asynchronously from its first wait, as any async call.
    /// </summary>
    public static TTask StartAmongOthers<TTask>(Func<TTask> start) where TTask : Task => SyncOverAsync.WithoutContext(start);
}
