namespace Httpx.TestServer;

/// <summary>
/// Counts requests to /inflight that are running at once, so a test can prove that N requests
/// really are concurrent without relying on timing. Each waiter is released (latched) as soon as
/// the count reaches its target, even if others finish right after. Groups (?key=) keep tests
/// that share one server from seeing each other's counts.
/// </summary>
internal sealed class InflightTracker
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>The highest number seen at once in the default group ("").</summary>
    public int MaxObserved(string key = "")
    {
        lock (_lock)
        {
            return _groups.TryGetValue(key, out var g) ? g.Max : 0;
        }
    }

    public void Reset(string key = "")
    {
        lock (_lock)
        {
            var g = GetGroup(key);
            g.Max = g.Current;
        }
    }

    /// <summary>Enters, waits until <paramref name="waitFor"/> are in flight (or time-out / abort), leaves.</summary>
    /// <returns>Whether the target was reached, and the maximum in flight seen so far.</returns>
    public async Task<(bool Reached, int Max)> EnterAndWaitAsync(string key, int waitFor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Group group;
        lock (_lock)
        {
            group = GetGroup(key);
            group.Current++;
            group.Max = Math.Max(group.Max, group.Current);
            group.Waiters.Add((waitFor, signal));
            // Release everyone whose target is now met, this request included.
            group.Waiters.RemoveAll(w =>
            {
                if (group.Current < w.Target)
                {
                    return false;
                }
                w.Signal.TrySetResult();
                return true;
            });
        }

        bool reached;
        try
        {
            await signal.Task.WaitAsync(timeout, cancellationToken);
            reached = true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            reached = false;
        }

        lock (_lock)
        {
            group.Waiters.RemoveAll(w => w.Signal == signal);
            group.Current--;
            return (reached, group.Max);
        }
    }

    private Group GetGroup(string key)
    {
        if (!_groups.TryGetValue(key, out var g))
        {
            g = new Group();
            _groups[key] = g;
        }
        return g;
    }

    private sealed class Group
    {
        public int Current;
        public int Max;
        public readonly List<(int Target, TaskCompletionSource Signal)> Waiters = [];
    }
}
