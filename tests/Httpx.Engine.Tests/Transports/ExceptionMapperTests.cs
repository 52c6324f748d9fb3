using System.Net.Http;
using Httpx.Transports;

namespace Httpx.Tests.Transports;

/// <summary>
/// Shapes of .NET's exceptions that the runtime the tests run on does not produce, mapped as the ones it does.
/// </summary>
public class ExceptionMapperTests
{
    [Theory]
    [InlineData(403, "403 Forbidden")]
    [InlineData(502, "502 Bad Gateway")]
    [InlineData(407, "407 Proxy Authentication Required: it requires authentication and no credentials were given")]
    public void A_refused_CONNECT_names_its_status_on_NET_8_too_where_the_exception_carries_it_only_in_its_text(int status, string said)
    {
        // .NET 8 (PowerShell 7.4) throws this with no StatusCode; .NET 9 and later set it, as the squid tests see.
        var net8 = new HttpRequestException(HttpRequestError.ProxyTunnelError,
            $"The proxy tunnel request to proxy 'http://127.0.0.1:3128/' failed with status code '{status}'.\"");
        var proxy = new Proxy("http://127.0.0.1:3128");
        var request = new Request("GET", "https://example.com/");
        var error = Assert.IsType<ProxyException>(ExceptionMapper.Map(net8, request, ExchangePhase.Connect, proxy));
        Assert.Equal($"Proxy {proxy.Display} refused to open a tunnel to example.com:443: {said} (GET https://example.com/)", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 5, 0, 5, 2, 0, 1 }, "its rules do not allow this connection (SOCKS5 reply 0x02)")]
    [InlineData(new byte[] { 5, 2, 1, 0, 5, 4, 0, 1 }, "could not connect: host unreachable (SOCKS5 reply 0x04)")] // after user name and password
    [InlineData(new byte[] { 5, 0 }, "SOCKS server failed to connect to the destination.")]                           // no reply kept: .NET's text
    public void A_SOCKS5_refusal_says_its_reply_on_NET_8_too_where_the_exception_does_not_carry_its_code(byte[] replies, string said)
    {
        // .NET 8 (PowerShell 7.4) throws the handler's SocksException without the code, which .NET 9 and later append
        // (" Received error code 0x02."): the engine reads it from what the proxy sent, as the dante tests see on .NET 8.
        var socksException = (Exception)Activator.CreateInstance(
            typeof(HttpClient).Assembly.GetType("System.Net.Http.SocksException", throwOnError: true)!,
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic,
            null, ["SOCKS server failed to connect to the destination."], null)!;
        var net8 = new HttpRequestException(HttpRequestError.ProxyTunnelError, "An error occurred while establishing a connection to the proxy tunnel.", socksException);
        var proxy = new Proxy("socks5://127.0.0.1:1080");
        var request = new Request("GET", "https://example.com/");
        var error = Assert.IsType<ProxyException>(ExceptionMapper.Map(net8, request, ExchangePhase.Connect, proxy, socksReplies: replies));
        Assert.Equal($"Proxy {proxy.Display} failed to open a tunnel to example.com:443: {said} (GET https://example.com/)", error.Message);
    }
}
