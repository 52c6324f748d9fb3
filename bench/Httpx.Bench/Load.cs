namespace Httpx.Bench;

/// <summary>The shapes of load a scenario can apply with any "send one request" function.</summary>
internal static class Load
{
    /// <summary>One request after another on the calling thread, with the sync API.</summary>
    public static void SequentialSync(int requests, Action send)
    {
        for (var i = 0; i < requests; i++) send();
    }

    /// <summary>One request after another, each awaited before the next.</summary>
    public static async Task SequentialAsync(int requests, Func<Task> send)
    {
        for (var i = 0; i < requests; i++) await send().ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="workers"/> async loops pulling request numbers from one shared counter until
    /// <paramref name="requests"/> have been sent: exactly that many requests, never more than that many in flight.
    /// </summary>
    public static Task ConcurrentAsync(int requests, int workers, Func<Task> send)
    {
        var next = 0;
        var loops = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            loops[w] = Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= requests) await send().ConfigureAwait(false);
            });
        }
        return Task.WhenAll(loops);
    }
}
