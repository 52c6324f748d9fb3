using System.Net;
using System.Net.Sockets;

namespace Httpx.Tests.Client;

/// <summary>
/// Request header values must be ASCII (HTTPX encodes them as ASCII when it builds the request): anything else is an
/// input error naming the header, raised before a connection is made, never the value. Response headers may be Latin-1.
/// </summary>
public class RequestHeaderAsciiTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public RequestHeaderAsciiTests(ServerFixture f) => _server = f.Server;

    [Fact]
    public void A_non_ASCII_header_value_is_refused_when_the_request_is_built_and_nothing_connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/get";
        using var client = new Httpx.Client();
        var e = Assert.Throws<ArgumentException>(() =>
            client.Get(url, new RequestOptions { Headers = new Dictionary<string, string> { ["X-Name"] = "José" } }));
        AssertNamesTheHeaderOnly(e);
        // A connection the handler had made would be waiting in the backlog.
        Assert.False(listener.Pending());
    }

    [Fact]
    public void A_non_ASCII_value_set_after_the_request_was_built_is_refused_before_connecting()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Httpx.Client();
        var request = client.BuildRequest("GET", $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/get");
        request.Headers["X-Name"] = "José";
        var e = Assert.Throws<ArgumentException>(() => client.Send(request));
        AssertNamesTheHeaderOnly(e);
        Assert.False(listener.Pending());
    }

    [Fact]
    public void A_Latin1_response_header_is_still_read()
    {
        using var client = new Httpx.Client();
        var r = client.Get(_server.RawTcpUrl + "/latin1-header");
        Assert.Equal(200, r.StatusCode);
        Assert.Equal("José", r.Headers["X-Name"]);
    }

    [Fact]
    public void A_UTF8_response_header_is_read_as_UTF8_and_a_redirect_to_it_goes_where_it_says()
    {
        // As HTTPX: UTF-8 when the values are valid UTF-8 (Latin-1 otherwise, above). A UTF-8 Location (which the
        // handler itself reads as UTF-8) keeps its reading alongside, and the redirect goes to /café.
        using var client = new Httpx.Client();
        var r = client.Get(_server.RawTcpUrl + "/utf8-header");
        Assert.Equal("José", r.Headers["X-Name"]);
        Assert.Equal("/café", r.Headers["Location"]);
        Assert.Equal("/caf%C3%A9", r.NextRequest!.Url.RawPath);
    }

    [Fact]
    public void A_UTF8_cookie_from_a_server_goes_back_as_UTF8_where_HTTPX_raises_UnicodeEncodeError()
    {
        // HTTPX's jar sets the Cookie header through Headers.__setitem__, which encodes with the encoding the request's
        // headers were read in (ASCII), so the next request to the host raises UnicodeEncodeError; refusing it here broke
        // every later request to the host the same way.
        using var client = new Httpx.Client();
        client.Get(_server.RawTcpUrl + "/utf8-cookie");
        Assert.Equal("café", client.Cookies["u"]);
        var head = client.Get(_server.RawTcpUrl + "/echo-raw").Content;
        Assert.Contains("\r\nCookie: u=caf\u00c3\u00a9\r\n", System.Text.Encoding.Latin1.GetString(head));
    }

    [Fact]
    public void A_non_ASCII_Authorization_goes_as_UTF8_as_a_Digest_user_name_does_where_HTTPX_raises_UnicodeEncodeError()
    {
        // HTTPX raises UnicodeEncodeError ('ascii' codec) for this header and for DigestAuth with a non-ASCII user name;
        // Httpx sends both as UTF-8, which servers announcing charset=UTF-8 (RFC 7616 3.4) read.
        using var client = new Httpx.Client();
        var head = client.Get(_server.RawTcpUrl + "/echo-raw", new RequestOptions { Headers = new Dictionary<string, string> { ["Authorization"] = "Digest username=\"ü\"" } }).Content;
        Assert.Contains("\r\nAuthorization: Digest username=\"\u00c3\u00bc\"\r\n", System.Text.Encoding.Latin1.GetString(head));
    }

    [Fact]
    public void A_forwarding_proxy_gets_its_credentials_with_the_first_request()
    {
        // As httpcore: the proxy's URL credentials go with every forwarded request, not only in answer to a 407.
        var proxy = _server.RawTcpUrl.Replace("http://", "http://pu:p%C3%A4ss@");
        using var client = new Httpx.Client(new ClientOptions { Proxy = proxy });
        var head = System.Text.Encoding.Latin1.GetString(client.Get("http://example.test/echo-raw").Content);
        Assert.StartsWith("GET http://example.test/echo-raw HTTP/1.1\r\n", head);
        Assert.Contains("\r\nProxy-Authorization: Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("pu:päss")) + "\r\n", head);
    }

    private static void AssertNamesTheHeaderOnly(ArgumentException e)
    {
        Assert.Contains("'X-Name'", e.Message);
        Assert.Contains("ASCII", e.Message);
        Assert.DoesNotContain("Jos", e.Message);
    }
}
