using System.Collections.Concurrent;

namespace Httpx.Transports;

/// <summary>
/// <see cref="Limits.MaxConnections"/> for HTTP/2, as httpcore counts it: a connection in use is one, however many
/// requests it carries. Once an origin is known to speak HTTP/2, its requests share one slot of the <see cref="PoolGate"/>,
/// held while any of them is in flight and given back by the last (an idle connection holds none, as httpcore closes an
/// idle one to make room). The handler then keeps one HTTP/2 connection per origin (<see cref="HttpTransport"/> turns
/// its multiple HTTP/2 connections off under a limit), so the count is the connections'.
/// An origin that may speak HTTP/2 (prior knowledge, or https offering h2) is shared from its first request, as httpcore
/// shares a connection still being made: the first takes a gate slot for it, and the requests that come while its
/// connection negotiates wait for ALPN's answer (<see cref="Origin.Negotiated"/>); on h2 they go out on that connection,
/// on HTTP/1.1 they take a gate slot each, as they would have from the start. An origin that answered in HTTP/1.1 is
/// remembered, and its requests go through the gate without waiting for anyone.
/// </summary>
internal sealed class Http2OriginSlots
{
    private readonly PoolGate _gate;
    private readonly bool _http2Only;
    private readonly ConcurrentDictionary<(string Scheme, string Host, int? Port), Origin> _origins = new();

    /// <param name="gate">The transport's gate.</param>
    /// <param name="http2Only">
    /// Every origin speaks HTTP/2 (prior knowledge, or HTTP/2 alone over TLS): nothing to negotiate. Otherwise https
    /// origins negotiate (ALPN), and http ones, which the handler sends HTTP/1.1 to, share only once one has answered in HTTP/2.
    /// </param>
    public Http2OriginSlots(PoolGate gate, bool http2Only) => (_gate, _http2Only) = (gate, http2Only);

    /// <summary>
    /// A share of the slot of <paramref name="url"/>'s origin when it speaks HTTP/2 (waiting for a gate slot when none of
    /// its requests is in flight, and for ALPN's answer while its connection is being made), a gate slot of its own when
    /// its connection turned out HTTP/1.1, or null: the request then goes through the gate itself.
    /// </summary>
    public ValueTask<PoolGate.Lease?> EnterAsync(Url url, Timeout timeout, Request request, CancellationToken cancellationToken) =>
        (_http2Only || url.Scheme == "https" ? _origins.GetOrAdd(Key(url), _http2Only ? static _ => new Origin(negotiates: false) : static _ => new Origin(negotiates: true))
            : _origins.GetValueOrDefault(Key(url))) is { } origin
            ? origin.EnterAsync(_gate, timeout, request, cancellationToken)
            : ValueTask.FromResult<PoolGate.Lease?>(null);

    /// <summary>An HTTP/2 answer to a request that holds a gate slot: the slot becomes the origin's, or is given back if it has one.</summary>
    public PoolGate.Lease Adopt(Url url, PoolGate.Lease slot) => _origins.GetOrAdd(Key(url), static _ => new Origin(negotiates: false)).Adopt(slot, negotiated: true);

    /// <summary>An HTTP/1.1 answer from an origin shared as HTTP/2 (the server changed, or ALPN chose it): its next requests go through the gate.</summary>
    public static void AnsweredInHttp1(PoolGate.Lease share) => share.Origin?.Negotiated(http2: false);

    /// <summary>
    /// The transport was closed: the requests waiting for an origin's ALPN answer stop waiting (the connection being made
    /// may never answer now) and go to the closed gate, which tells them so, as it tells those waiting for a slot.
    /// </summary>
    public void Close()
    {
        foreach (var origin in _origins.Values) origin.Unanswered();
    }

    private static (string, string, int?) Key(Url url) => (url.Scheme, url.RawHost, url.Port);

    /// <summary>One origin's requests in flight and the gate slot they share (held exactly while there are any).</summary>
    internal sealed class Origin
    {
        private int _inFlight;
        private PoolGate.Lease? _slot;
        // Requests that find none in flight wait here one at a time: the first takes a gate slot for the origin, and those
        // behind it then join it, rather than each waiting at the gate until the origin is idle again.
        private readonly SemaphoreSlim _entry = new(1, 1);
        // Whether the origin's protocol is still to be learnt (https offering HTTP/1.1 and h2), and, while the connection
        // of the request that took its slot negotiates, ALPN's answer (true for h2). Both under the lock.
        private bool _unknown;
        private TaskCompletionSource<bool>? _negotiation;
        // It answered in HTTP/1.1: its requests go through the gate (read without the lock, set under it).
        private volatile bool _http1;

        public Origin(bool negotiates) => _unknown = negotiates;

        public async ValueTask<PoolGate.Lease?> EnterAsync(PoolGate gate, Timeout timeout, Request request, CancellationToken cancellationToken)
        {
            if (_http1) return null;
            // The common case: its HTTP/2 connection is in use, and this request joins it (no wait, nothing to negotiate).
            if (TryJoin(out var negotiation) is { } joined)
                return negotiation is null ? joined
                    : await AfterNegotiationAsync(joined, negotiation, gate, timeout, System.Diagnostics.Stopwatch.GetTimestamp(), request, cancellationToken).ConfigureAwait(false);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (!await _entry.WaitAsync(Timeout.ToTimeSpan(timeout.Pool), cancellationToken).ConfigureAwait(false))
                throw gate.TimedOut(timeout, request);
            PoolGate.Lease? behind;
            try
            {
                if (_http1) return null;
                behind = TryJoin(out negotiation);
                if (behind is null)
                {
                    // None in flight: the origin's connection counts again, so it waits for a slot as a new connection
                    // would, within what is left of the pool timeout.
                    var slot = await gate.AcquireAsync(timeout with { Pool = Left(timeout, started) }, request, cancellationToken).ConfigureAwait(false);
                    return slot is null ? null : Adopt(slot, negotiated: false);
                }
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
            // Waits for ALPN's answer outside the entry, so that every request behind it joins as well.
            return negotiation is null ? behind : await AfterNegotiationAsync(behind, negotiation, gate, timeout, started, request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A request that joined while the origin's connection negotiates: once ALPN says h2 it shares that connection;
        /// once it says HTTP/1.1 (or the request making the connection failed) it leaves, and takes a gate slot of its own
        /// within what is left of its pool timeout, as it would have without sharing.
        /// </summary>
        private async ValueTask<PoolGate.Lease?> AfterNegotiationAsync(PoolGate.Lease share, Task<bool> negotiation, PoolGate gate, Timeout timeout,
            long started, Request request, CancellationToken cancellationToken)
        {
            bool http2;
            try
            {
                http2 = await negotiation.WaitAsync(Timeout.ToTimeSpan(Left(timeout, started)), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                share.Release();
                throw NegotiationTimedOut(timeout, request);
            }
            catch
            {
                share.Release();
                throw;
            }
            if (http2) return share;
            share.Release();
            try
            {
                return await gate.AcquireAsync(timeout with { Pool = Left(timeout, started) }, request, cancellationToken).ConfigureAwait(false);
            }
            catch (PoolTimeoutException)
            {
                throw gate.TimedOut(timeout, request);
            }
        }

        // Not the gate's "all N in use; see Limits.MaxConnections": this request waited for one connection, the one another
        // request holds the origin's slot for, and no higher limit would have sent it sooner.
        private static PoolTimeoutException NegotiationTimedOut(Timeout timeout, Request request) => new(
            $"Timed out after {ExceptionMapper.Seconds(timeout.Pool)} waiting for the connection that another request is opening to this origin, " +
            $"to share it if its TLS handshake picks HTTP/2 (see Timeout.Pool) ({request.Describe()})",
            request);

        private static double? Left(Timeout timeout, long started) =>
            timeout.Pool is { } pool ? Math.Max(0, pool - System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds) : null;

        private PoolGate.Lease? TryJoin(out Task<bool>? negotiation)
        {
            lock (this)
            {
                negotiation = _negotiation?.Task;
                // Not while its protocol is unknown and nobody is learning it (the request making its connection failed):
                // this request then takes a slot and makes the connection itself.
                if (_inFlight == 0 || _http1 || (_unknown && negotiation is null)) return null;
                _inFlight++;
                return new PoolGate.Lease(this);
            }
        }

        /// <summary>
        /// <paramref name="slot"/>, a gate slot, carries this origin's requests: kept if it has none, else given back.
        /// Not <paramref name="negotiated"/> (taken before the request was sent) when the origin's protocol is still
        /// unknown: the request taking it then makes the connection, and those that come meanwhile wait for its ALPN.
        /// </summary>
        public PoolGate.Lease Adopt(PoolGate.Lease slot, bool negotiated)
        {
            PoolGate.Lease? spare = slot;
            TaskCompletionSource<bool>? answered = null;
            lock (this)
            {
                _inFlight++;
                if (_slot is null) (_slot, spare) = (slot, null);
                if (negotiated) (answered, _negotiation, _unknown, _http1) = (_negotiation, null, false, false);
                else if (_unknown) _negotiation ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            answered?.TrySetResult(true);
            spare?.Release(); // another request holds the origin's slot already
            return new PoolGate.Lease(this);
        }

        /// <summary>Whether a request with a share of this origin makes its connection (the handler's PlaintextFilter then calls <see cref="Negotiated"/>).</summary>
        public bool IsNegotiating => Volatile.Read(ref _negotiation) is { Task.IsCompleted: false };

        /// <summary>
        /// The origin's connection speaks <paramref name="http2"/> (ALPN's answer, or a response's version). On HTTP/1.1
        /// its requests go through the gate from now on; the requests waiting for the answer learn it either way.
        /// </summary>
        public void Negotiated(bool http2)
        {
            TaskCompletionSource<bool>? answered;
            lock (this)
            {
                if (!http2) _http1 = true;
                else if (!_unknown && _negotiation is null) return;
                (answered, _negotiation, _unknown) = (_negotiation, null, false);
            }
            answered?.TrySetResult(http2);
        }

        /// <summary>
        /// The request that made the origin's connection failed before an answer: those waiting for ALPN go to the gate
        /// (each then makes its own attempt), and the origin's protocol is still to be learnt.
        /// </summary>
        public void Unanswered()
        {
            TaskCompletionSource<bool>? waiting;
            lock (this) (waiting, _negotiation) = (_negotiation, null);
            waiting?.TrySetResult(false);
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
