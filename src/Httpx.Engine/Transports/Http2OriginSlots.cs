using System.Collections.Concurrent;

namespace Httpx.Transports;

/// <summary>
/// <see cref="Limits.MaxConnections"/> for HTTP/2, as httpcore counts it: a connection in use is one, however many
/// requests it carries. The first requests to an origin go through the <see cref="PoolGate"/> as HTTP/1.1 exchanges do;
/// once the origin has answered in HTTP/2, its requests share one slot of the gate, held while any of them is in flight
/// and given back by the last (an idle connection holds none, as httpcore closes an idle one to make room). The handler
/// then keeps one HTTP/2 connection per origin (<see cref="HttpTransport"/> turns its multiple HTTP/2 connections off
/// under a limit), so the count is the connections'.
/// </summary>
internal sealed class Http2OriginSlots
{
    private readonly PoolGate _gate;
    private readonly bool _http2Only;
    private readonly ConcurrentDictionary<(string Scheme, string Host, int? Port), Origin> _origins = new();

    /// <param name="gate">The transport's gate.</param>
    /// <param name="http2Only">
    /// Every origin speaks HTTP/2 (prior knowledge, or HTTP/2 alone over TLS): first requests share from the start.
    /// Otherwise an origin is known once it has answered in HTTP/2, and concurrent first requests go through the gate
    /// each (httpcore's waiting on a connection still being made is not reproduced).
    /// </param>
    public Http2OriginSlots(PoolGate gate, bool http2Only) => (_gate, _http2Only) = (gate, http2Only);

    /// <summary>
    /// A share of the slot of <paramref name="url"/>'s origin when it speaks HTTP/2 (waiting for a gate slot when none of
    /// its requests is in flight), or null: the request then goes through the gate itself.
    /// </summary>
    public ValueTask<PoolGate.Lease?> EnterAsync(Url url, Timeout timeout, Request request, CancellationToken cancellationToken) =>
        (_http2Only ? _origins.GetOrAdd(Key(url), static _ => new Origin()) : _origins.GetValueOrDefault(Key(url))) is { } origin
            ? origin.EnterAsync(_gate, timeout, request, cancellationToken)
            : ValueTask.FromResult<PoolGate.Lease?>(null);

    /// <summary>An HTTP/2 answer to a request that holds a gate slot: the slot becomes the origin's, or is given back if it has one.</summary>
    public PoolGate.Lease Adopt(Url url, PoolGate.Lease slot) => _origins.GetOrAdd(Key(url), static _ => new Origin()).Adopt(slot);

    /// <summary>An HTTP/1.1 answer from an origin known as HTTP/2 (the server changed): its next requests go through the gate.</summary>
    public void Forget(Url url) => _origins.TryRemove(Key(url), out _);

    private static (string, string, int?) Key(Url url) => (url.Scheme, url.RawHost, url.Port);

    /// <summary>One origin's requests in flight and the gate slot they share (held exactly while there are any).</summary>
    internal sealed class Origin
    {
        private int _inFlight;
        private PoolGate.Lease? _slot;
        // Requests that find none in flight wait here one at a time: the first takes a gate slot for the origin, and those
        // behind it then join it, rather than each waiting at the gate until the origin is idle again.
        private readonly SemaphoreSlim _entry = new(1, 1);

        public async ValueTask<PoolGate.Lease?> EnterAsync(PoolGate gate, Timeout timeout, Request request, CancellationToken cancellationToken)
        {
            if (TryJoin() is { } joined) return joined;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (!await _entry.WaitAsync(Timeout.ToTimeSpan(timeout.Pool), cancellationToken).ConfigureAwait(false))
                throw gate.TimedOut(timeout, request);
            try
            {
                if (TryJoin() is { } behind) return behind;
                // None in flight: the origin's connection counts again, so it waits for a slot as a new connection would,
                // within what is left of the pool timeout.
                var left = timeout.Pool is { } pool ? Math.Max(0, pool - System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds) : (double?)null;
                var slot = await gate.AcquireAsync(timeout with { Pool = left }, request, cancellationToken).ConfigureAwait(false);
                return slot is null ? null : Adopt(slot);
            }
            catch (PoolTimeoutException)
            {
                // Named with the pool timeout the caller set, not the part of it left for the gate.
                throw gate.TimedOut(timeout, request);
            }
            finally
            {
                _entry.Release();
            }
        }

        private PoolGate.Lease? TryJoin()
        {
            lock (this)
            {
                if (_inFlight == 0) return null;
                _inFlight++;
                return new PoolGate.Lease(this);
            }
        }

        public PoolGate.Lease Adopt(PoolGate.Lease slot)
        {
            PoolGate.Lease? spare = slot;
            lock (this)
            {
                _inFlight++;
                if (_slot is null) (_slot, spare) = (slot, null);
            }
            spare?.Release(); // another request holds the origin's slot already
            return new PoolGate.Lease(this);
        }

        public void Leave()
        {
            PoolGate.Lease? free = null;
            lock (this)
            {
                if (--_inFlight == 0) (free, _slot) = (_slot, null);
            }
            free?.Release();
        }
    }
}
