namespace Httpx.Transports;

/// <summary>
/// Enforces <see cref="Limits.MaxConnections"/> across the whole transport and raises <see cref="PoolTimeoutException"/>
/// when a request waits longer than its pool timeout. An exchange holds a slot from sending until its response is
/// closed, which for HTTP/1.1 is exactly one connection; the requests to an origin that speaks HTTP/2 share one slot
/// (<see cref="Http2OriginSlots"/>).
/// </summary>
internal sealed class PoolGate : IDisposable
{
    private readonly SemaphoreSlim? _slots;
    private readonly int? _max;
    private volatile bool _closed;
    private int _waiting;

    public PoolGate(int? maxConnections)
    {
        _max = maxConnections;
        if (maxConnections is { } max) _slots = new SemaphoreSlim(max, max);
    }

    /// <summary>Requests waiting for a slot now (none had one free when they came).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for a slot; the returned lease gives it back once, however often it is disposed.</summary>
    public async ValueTask<Lease?> AcquireAsync(Timeout timeout, Request request, CancellationToken cancellationToken)
    {
        if (_slots is null) return null;
        if (!_slots.Wait(0))
        {
            bool acquired;
            Interlocked.Increment(ref _waiting);
            try
            {
                acquired = await _slots.WaitAsync(Timeout.ToTimeSpan(timeout.Pool), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
            if (_closed)
            {
                // Woken by Dispose (or by the waiter before it): wake the next, and say the transport was closed.
                if (acquired) PassOn();
                throw HttpTransport.Closed();
            }
            if (!acquired) throw TimedOut(timeout, request);
        }
        return new Lease(_slots);
    }

    /// <summary>The error of a request that waited its pool timeout for a connection.</summary>
    // The module's record names its -MaxConnections in place of "see Limits.MaxConnections" (ErrorRecordFactory).
    public PoolTimeoutException TimedOut(Timeout timeout, Request request) => new(
        $"Timed out after {ExceptionMapper.Seconds(timeout.Pool)} waiting for a connection from the pool (all {_max} in use; see Limits.MaxConnections) ({request.Describe()})",
        request);

    /// <summary>
    /// Tells the requests waiting for a slot that the transport was closed. The semaphore is not disposed: that would
    /// leave them waiting out their pool timeout (or forever) and give those coming next SemaphoreSlim's own
    /// ObjectDisposedException. Each woken waiter wakes the next.
    /// </summary>
    public void Dispose()
    {
        _closed = true;
        PassOn();
    }

    private void PassOn()
    {
        try { _slots?.Release(); }
        catch (SemaphoreFullException) { } // nobody holds or waits for a slot
    }

    /// <summary>A slot of the gate, or a share of an HTTP/2 origin's slot; given back once, however often released.</summary>
    internal sealed class Lease
    {
        private object? _holder; // the gate's semaphore, or the Http2OriginSlots.Origin this request shares

        public Lease(SemaphoreSlim slots) => _holder = slots;

        public Lease(Http2OriginSlots.Origin origin) => _holder = origin;

        /// <summary>True for a slot of the gate itself (not yet given back), false for a share of an HTTP/2 origin's.</summary>
        public bool IsGateSlot => Volatile.Read(ref _holder) is SemaphoreSlim;

        /// <summary>The HTTP/2 origin whose slot this shares (not yet given back), else null.</summary>
        public Http2OriginSlots.Origin? Origin => Volatile.Read(ref _holder) as Http2OriginSlots.Origin;

        public void Release()
        {
            switch (Interlocked.Exchange(ref _holder, null))
            {
                case SemaphoreSlim slots:
                    try { slots.Release(); }
                    catch (SemaphoreFullException) { } // the gate was closed, which gave a count to its waiters
                    break;
                case Http2OriginSlots.Origin origin:
                    origin.Leave();
                    break;
            }
        }
    }
}
