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
}
