namespace Httpx.PowerShell.Tests;

/// <summary>
/// The SynchronizationContext of a GUI thread (WinForms, WPF: a <c>$button.Add_Click({ Invoke-Httpx ... })</c>
/// handler) while the thread is blocked in a command: what is posted to it waits for the thread's message loop, which
/// does not run until the command returns, so it is counted and never run. A script installs it on the pipeline thread
/// with <c>[Threading.SynchronizationContext]::SetSynchronizationContext($gui)</c>.
/// </summary>
public sealed class BlockedUiThreadContext : SynchronizationContext
{
    private int _posted;

    /// <summary>How many callbacks were posted to the blocked thread (none of them ran).</summary>
    public int Posted => Volatile.Read(ref _posted);

    public override void Post(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _posted);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ReferenceEquals(Current, this)) d(state);
        else Post(d, state);
    }

    public override SynchronizationContext CreateCopy() => this;
}
