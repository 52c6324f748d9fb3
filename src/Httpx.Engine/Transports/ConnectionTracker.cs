namespace Httpx.Transports;

/// <summary>
/// Counts a transport's open connections and enforces <see cref="Limits.MaxKeepAliveConnections"/>, which
/// SocketsHttpHandler has no setting for: when an HTTP/1.1 exchange ends and more connections sit idle than allowed,
/// the least recently used idle one is closed (the handler notices and drops it from its pool, as if the server had
/// closed it). An exchange learns its connection when the handler writes the request on it, through
/// <see cref="CurrentExchange"/>; HTTP/2 connections are shared by many exchanges and are never closed this way.
/// </summary>
internal sealed class ConnectionTracker
{
    /// <summary>The exchange whose request the handler is sending on this async flow.</summary>
    internal static readonly AsyncLocal<ExchangeConnection?> CurrentExchange = new();

    private readonly int? _maxIdle;
    private readonly object _lock = new();
    private readonly LinkedList<TrackedConnectionStream> _idle = new();
    private int _open;

    public ConnectionTracker(int? maxKeepAliveConnections) => _maxIdle = maxKeepAliveConnections;

    public int OpenConnections => Volatile.Read(ref _open);

    public Stream Track(Stream connection)
    {
        Interlocked.Increment(ref _open);
        return new TrackedConnectionStream(connection, this);
    }

    internal void OnBusy(TrackedConnectionStream connection)
    {
        lock (_lock) RemoveIdle(connection);
    }

    internal void OnIdle(TrackedConnectionStream connection)
    {
        TrackedConnectionStream? victim = null;
        lock (_lock)
        {
            if (connection.IsClosed) return;
            RemoveIdle(connection);
            connection.IdleNode = _idle.AddLast(connection);
            if (_maxIdle is { } max && _idle.Count > max)
            {
                victim = _idle.First!.Value;
                RemoveIdle(victim);
            }
        }
        victim?.Dispose();
    }

    internal void OnClosed(TrackedConnectionStream connection)
    {
        lock (_lock) RemoveIdle(connection);
        Interlocked.Decrement(ref _open);
    }

    private void RemoveIdle(TrackedConnectionStream connection)
    {
        if (connection.IdleNode is { } node) _idle.Remove(node);
        connection.IdleNode = null;
    }
}

/// <summary>The connection an exchange was sent on, once the handler has written to it.</summary>
internal sealed class ExchangeConnection
{
    public TrackedConnectionStream? Connection { get; set; }
}
