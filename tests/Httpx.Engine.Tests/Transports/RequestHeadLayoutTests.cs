namespace Httpx.Tests.Transports;

/// <summary>
/// The request head as a server reads it, byte for byte (the raw server's /echo-raw), against what HTTPX 0.28.1 puts
/// on the wire for the same request.
/// </summary>
public class RequestHeadLayoutTests : IClassFixture<ServerFixture>
{
    private readonly TestServer.TestServerHost _server;
    public RequestHeadLayoutTests(ServerFixture f) => _server = f.Server;

    private string Head(Httpx.Client client, RequestOptions options) =>
        System.Text.Encoding.Latin1.GetString(client.Get(_server.RawTcpUrl + "/echo-raw", options).Content);

    [Fact]
    public void A_Host_header_the_caller_gives_is_the_first_line_after_the_request_line()
    {
        // HTTPX (its h11, write_headers) writes Host first whoever set it, as RFC 9110 7.2 asks of a user agent ("SHOULD generate
        // Host as the first field"): virtual-host front ends and old appliances route on it before reading the rest.
        using var client = new Httpx.Client();
        var head = Head(client, new RequestOptions { Headers = new Dictionary<string, string> { ["X-Before"] = "1", ["Host"] = "example.com" } });
        Assert.StartsWith("GET /echo-raw HTTP/1.1\r\nHost: example.com\r\n", head);
        Assert.Single(head.Split("\r\n"), line => line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("\r\nX-Before: 1\r\n", head);
    }

    [Fact]
    public void A_Host_header_given_in_lower_case_is_still_first_and_still_the_only_one()
    {
        using var client = new Httpx.Client(new ClientOptions { Headers = new Dictionary<string, string> { ["host"] = "api.example.com:8443" } });
        var head = Head(client, new RequestOptions());
        Assert.StartsWith("GET /echo-raw HTTP/1.1\r\nHost: api.example.com:8443\r\n", head);
        Assert.Single(head.Split("\r\n"), line => line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
    }
}
