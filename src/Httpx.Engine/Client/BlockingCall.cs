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
}
