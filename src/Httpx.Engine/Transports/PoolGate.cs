namespace Httpx.Transports;

/// <summary>
/// Enforces <see cref="Limits.MaxConnections"/> across the whole transport and raises <see cref="PoolTimeoutException"/>
/// when a request waits longer than its pool timeout. An exchange holds a slot from sending until its response is
/// closed, which for HTTP/1.1 is exactly one connection. (On HTTP/2 this counts streams, a stricter limit than HTTPX's.)
/// </summary>
internal sealed class PoolGate : IDisposable
{
    private readonly SemaphoreSlim? _slots;
    private readonly int? _max;

    public PoolGate(int? maxConnections)
    {
        _max = maxConnections;
        if (maxConnections is { } max) _slots = new SemaphoreSlim(max, max);
    }

    /// <summary>Waits for a slot; the returned lease gives it back once, however often it is disposed.</summary>
    public async ValueTask<Lease?> AcquireAsync(Timeout timeout, Request request, CancellationToken cancellationToken)
    {
        if (_slots is null) return null;
        if (!_slots.Wait(0))
        {
            var acquired = await _slots.WaitAsync(Timeout.ToTimeSpan(timeout.Pool), cancellationToken).ConfigureAwait(false);
            if (!acquired)
                throw new PoolTimeoutException(
                    $"Timed out after {ExceptionMapper.Seconds(timeout.Pool)} waiting for a connection from the pool (all {_max} in use; see Limits.MaxConnections) ({request.Describe()})",
                    request);
        }
        return new Lease(_slots);
    }

    public void Dispose() => _slots?.Dispose();

    internal sealed class Lease
    {
        private SemaphoreSlim? _slots;

        public Lease(SemaphoreSlim slots) => _slots = slots;

        public void Release()
        {
            var slots = Interlocked.Exchange(ref _slots, null);
            try { slots?.Release(); }
            catch (ObjectDisposedException) { }
        }
    }
}
