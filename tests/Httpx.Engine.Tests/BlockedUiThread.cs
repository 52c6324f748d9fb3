namespace Httpx.Tests;

/// <summary>
/// A GUI thread (WinForms, WPF) blocked in a sync call of ours: its synchronisation context queues what is posted to
/// it for the thread's message loop, which does not run while the thread waits in our call. So anything of ours that
/// posts there (an await without ConfigureAwait(false) that really yields) waits for a thread that waits for it.
/// <see cref="Run{T}"/> runs work on such a thread and fails the test, saying so, when the work hangs. The PowerShell
/// tests share this file: a script installs the context on the pipeline thread, as a <c>$button.Add_Click({ Invoke-Httpx ... })</c> handler has it.
/// </summary>
public sealed class BlockedUiThread : SynchronizationContext
{
    private int _posted;

    /// <summary>How many callbacks were posted to the thread while it was blocked (none of them ran).</summary>
    public int Posted => Volatile.Read(ref _posted);

    public override void Post(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _posted);

    // From another thread a GUI's Send waits for the message loop too: the same hang, counted the same way.
    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ReferenceEquals(Current, this)) d(state);
        else Post(d, state);
    }

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own with this context installed, as a GUI event handler runs,
    /// and returns its result. Bounded: a hang fails the test after a generous 60 s instead of hanging the run (not a
    /// timing assert: the work takes well under a second when it does not hang).
    /// </summary>
    public static T Run<T>(Func<T> work)
    {
        var context = new BlockedUiThread();
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            SetSynchronizationContext(context);
            try { result = work(); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = "blocked UI thread" };
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)),
            $"The call hung on a thread with a single-threaded SynchronizationContext (a GUI thread): {context.Posted} callback(s) were posted to it, which it cannot run while it waits in the call.");
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        Assert.True(context.Posted == 0, $"The call posted {context.Posted} callback(s) to the calling thread's SynchronizationContext (a GUI thread's message loop would run them later, or never).");
        return result;
    }

    public static void Run(Action work) => Run(() => { work(); return 0; });
}
