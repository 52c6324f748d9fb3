namespace Httpx.PowerShell.Tests;

/// <summary>
/// An async event hook as application code writes one in C#: it awaits without ConfigureAwait(false), so its
/// continuation goes to the synchronisation context current where it started, if any. The tests bind it to the engine's
/// hook type in PowerShell (<c>[Delegate]::CreateDelegate(...)</c>), as this project does not reference the engine:
/// a request is an object here, which the delegate's Request parameter binds to.
/// </summary>
public static class AwaitingHook
{
    private static int s_calls;

    /// <summary>How many times the hook has run to its end.</summary>
    public static int Calls => Volatile.Read(ref s_calls);

    public static async Task Run(object request, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        Interlocked.Increment(ref s_calls);
    }
}
