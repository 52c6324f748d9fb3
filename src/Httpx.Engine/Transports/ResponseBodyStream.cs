namespace Httpx.Transports;

/// <summary>
/// The raw response body as the handler gives it, with the read timeout applied to every read that waits for the
/// network, .NET's errors mapped to HTTPX's, and the pool slot and response message released when it is disposed.
/// A 101's body is empty and has no message: the message holds the upgraded connection, which the response closes.
/// </summary>
internal sealed class ResponseBodyStream : Stream
{
    private readonly HttpResponseMessage? _message;
    // The head's Content-Length (null without one), read once by ResponseHeadRules for the checks at the body's end.
    private readonly long? _contentLength;
    private readonly Stream _body;
    private readonly Request _request;
    private readonly ExchangeTimer _timer;
    private readonly PoolGate.Lease? _lease;
    private readonly ExchangeConnection _exchange;
    private readonly ConnectionTracker _connections;
    private bool _complete;
    private long _received;
    private int _disposed;

    public ResponseBodyStream(HttpResponseMessage? message, long? contentLength, Stream body, Request request, ExchangeTimer timer, PoolGate.Lease? lease,
        ExchangeConnection exchange, ConnectionTracker connections)
    {
        _exchange = exchange;
        _connections = connections;
        _message = message;
        _contentLength = contentLength;
        _body = body;
        _request = request;
        _timer = timer;
        _lease = lease;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        var into = rented.AsMemory(0, buffer.Length);
        try
        {
            var n = Internal.SyncOverAsync.Wait(() => ReadAsync(into));
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// Reads with the exchange's timer as the token. Data the handler has buffered comes back at once and needs no
    /// timeout; only a read that waits for the network arms the read timeout (a timer change per wait, no new
    /// cancellation source or timer per read).
    /// </summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var linked = _timer.LinkFor(cancellationToken);
        ValueTask<int> read;
        try
        {
            read = _body.ReadAsync(buffer, linked?.Token ?? _timer.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            linked?.Dispose();
            throw Failure(e, cancellationToken);
        }
        if (!read.IsCompletedSuccessfully) return WaitForReadAsync(read, buffer.Length, linked, cancellationToken);
        linked?.Dispose();
        return new ValueTask<int>(Counted(read.Result, buffer.Length));
    }

    private async ValueTask<int> WaitForReadAsync(ValueTask<int> read, int wanted, CancellationTokenSource? linked, CancellationToken cancellationToken)
    {
        _timer.Enter(ExchangePhase.Read);
        try
        {
            return Counted(await read.ConfigureAwait(false), wanted);
        }
        catch (Exception e) when (e is not OperationCanceledException || _timer.Fired(cancellationToken))
        {
            throw Failure(e, cancellationToken);
        }
        finally
        {
            _timer.Stop();
            linked?.Dispose();
        }
    }

    /// <summary>
    /// HTTPX's error for a failed read: the read timeout when our timer fired (a cancellation, or the broken I/O of the
    /// connection it aborted, however the handler reports it), else .NET's error mapped.
    /// </summary>
    private Exception Failure(Exception e, CancellationToken cancellationToken) => _timer.Fired(cancellationToken)
        ? ExceptionMapper.Timeout(ExchangePhase.Read, _timer.Timeout, _request, e, bodyReceived: _received, proxy: _connections.Proxy)
        // Its transport closed every connection (its client was closed): HTTPX's ReadError too, saying why.
        : _connections.IsClosed
            ? ClosedByTransport(e)
            : ExceptionMapper.Map(e, _request, ExchangePhase.Read, _connections.Proxy, body: HowMuchCame());

    private ReadException ClosedByTransport(Exception? e) =>
        new($"The connection was closed while reading the response: its client (or transport) was closed ({_request.Describe()})", _request, e);

    // What came of the body, as a body cut short names it. A chunked body's Content-Length, if it has one, frames nothing.
    private BodyRead? HowMuchCame() => _message is null ? null
        : _message.Headers.TransferEncodingChunked == true ? new BodyRead(_received, Chunked: true)
        : new BodyRead(_received, _contentLength);

    private int Counted(int read, int wanted)
    {
        _received += read;
        if (read == 0 && wanted > 0)
        {
            // A body that ends where its connection closes ends so too when the transport closed the connection: not
            // taken as whole (a download of it renamed as complete). A framed one cut short is the handler's error.
            // One without a body by its method or status (HEAD, 204, 304) has none to cut short.
            if (!_complete && _connections.IsClosed && _message is { Version.Major: 1 } closeDelimited
                && _contentLength is null && closeDelimited.Headers.TransferEncodingChunked != true && !HasNoBody(closeDelimited))
                throw ClosedByTransport(null);
            _complete = true;
            if (_message is { Version.Major: >= 2 } message && OtherThanItsLength(message) is { } broken) throw broken;
        }
        return read;
    }

    /// <summary>
    /// An HTTP/2 body that ended at another length than its Content-Length. The handler ends it where its stream ends,
    /// whatever the length said, so a body cut short came as if whole; h2 refuses it (InvalidBodyLengthError, "Expected
    /// 100 bytes, received 10"), as nghttp2 does. HTTP/1.1's handler frames the body by the length and fails a short one
    /// itself. A HEAD's and a 204's or 304's length is of a body not sent.
    /// </summary>
    private RemoteProtocolException? OtherThanItsLength(HttpResponseMessage message)
    {
        if (_contentLength is not { } expected || expected == _received || HasNoBody(message))
            return null;
        return new RemoteProtocolException(
            $"The server ended the response body otherwise than its Content-Length: received {_received} bytes, expected {expected} ({_request.Describe()})", _request);
    }

    private bool HasNoBody(HttpResponseMessage message) => ResponseHeadRules.HasNoBody(_request.Method, (int)message.StatusCode);

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _body.Dispose();
            _message?.Dispose();
            _timer.Dispose();
            _lease?.Release();
            if (_message?.Version.Major == 1 && _exchange.Connection is { } connection)
            {
                // An HTTP/1.0 answer's connection is closed however its response ended (MarkLastExchange).
                if (connection.LastExchange) _connections.CloseLastExchange(connection);
                // Read to the end, an HTTP/1.1 connection is back in the handler's pool: it now counts as idle.
                else if (_complete) _connections.OnIdle(connection, _exchange);
            }
        }
        base.Dispose(disposing);
    }
}
