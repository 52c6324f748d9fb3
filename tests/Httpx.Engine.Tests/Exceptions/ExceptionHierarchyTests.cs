namespace Httpx.Tests.Exceptions;

/// <summary>
/// The exception classes in HTTPX's hierarchy (httpx/_exceptions.py), so that catching a base class catches what
/// HTTPX's would: HTTPError over RequestError and HTTPStatusError, TransportError over the timeouts, network, protocol
/// and proxy errors; InvalidURL, CookieConflict and StreamError outside HTTPError. HttpxException is ours, above all.
/// </summary>
public class ExceptionHierarchyTests
{
    [Theory]
    [InlineData(typeof(HttpException), typeof(HttpxException))]
    [InlineData(typeof(RequestException), typeof(HttpException))]
    [InlineData(typeof(HttpStatusException), typeof(HttpException))]
    [InlineData(typeof(TransportException), typeof(RequestException))]
    [InlineData(typeof(DecodingException), typeof(RequestException))]
    [InlineData(typeof(TooManyRedirectsException), typeof(RequestException))]
    [InlineData(typeof(HttpTimeoutException), typeof(TransportException))]
    [InlineData(typeof(ConnectTimeoutException), typeof(HttpTimeoutException))]
    [InlineData(typeof(ReadTimeoutException), typeof(HttpTimeoutException))]
    [InlineData(typeof(WriteTimeoutException), typeof(HttpTimeoutException))]
    [InlineData(typeof(PoolTimeoutException), typeof(HttpTimeoutException))]
    [InlineData(typeof(NetworkException), typeof(TransportException))]
    [InlineData(typeof(ConnectException), typeof(NetworkException))]
    [InlineData(typeof(ReadException), typeof(NetworkException))]
    [InlineData(typeof(WriteException), typeof(NetworkException))]
    [InlineData(typeof(CloseException), typeof(NetworkException))]
    [InlineData(typeof(ProtocolException), typeof(TransportException))]
    [InlineData(typeof(LocalProtocolException), typeof(ProtocolException))]
    [InlineData(typeof(RemoteProtocolException), typeof(ProtocolException))]
    [InlineData(typeof(ProxyException), typeof(TransportException))]
    [InlineData(typeof(UnsupportedProtocolException), typeof(TransportException))]
    [InlineData(typeof(InvalidUrlException), typeof(HttpxException))]
    [InlineData(typeof(CookieConflictException), typeof(HttpxException))]
    [InlineData(typeof(StreamException), typeof(HttpxException))]
    [InlineData(typeof(StreamConsumedException), typeof(StreamException))]
    [InlineData(typeof(StreamClosedException), typeof(StreamException))]
    [InlineData(typeof(ResponseNotReadException), typeof(StreamException))]
    [InlineData(typeof(RequestNotReadException), typeof(StreamException))]
    public void Each_class_derives_from_its_parent_in_HTTPX(Type exception, Type parent) => Assert.Equal(parent, exception.BaseType);

    [Theory]
    [InlineData(typeof(InvalidUrlException))]
    [InlineData(typeof(CookieConflictException))]
    [InlineData(typeof(StreamException))]
    public void InvalidURL_CookieConflict_and_StreamError_are_not_HTTPErrors(Type exception) =>
        Assert.False(exception.IsAssignableTo(typeof(HttpException)));
}
