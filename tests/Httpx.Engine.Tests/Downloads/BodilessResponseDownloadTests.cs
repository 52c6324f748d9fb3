using System.Text;

namespace Httpx.Tests.Downloads;

/// <summary>
/// A download of a response that has no body whatever its Content-Length says (RFC 9112 6.3): a HEAD's, a 204, a 304.
/// </summary>
public class BodilessResponseDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-bodiless-").FullName;

    public BodilessResponseDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_HEAD_is_saved_as_an_empty_file_whatever_its_Content_Length()
    {
        // The HEAD's Content-Length: 100 (what a GET would send) was taken as the body's: "ended after 0 of 100 bytes",
        // a RemoteProtocolError blaming the server, and an empty partial file left behind.
        var target = Path.Combine(_folder, "head.bin");
        using var client = new Httpx.Client();

        var result = await new Downloader(client).DownloadAsync(new Request("HEAD", _server.HttpUrl + "/bytes/100"), target);

        Assert.Equal("100", result.Response.Headers.Get("Content-Length"));
        Assert.Equal(0, result.Length);
        Assert.Equal(0, new FileInfo(target).Length);
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Theory]
    [InlineData("204 No Content")]
    [InlineData("304 Not Modified")]
    public async Task A_204_or_304_with_a_Content_Length_is_saved_as_an_empty_file(string status)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Length: 5\r\n\r\n";
        using var server = TestServer.ScriptedServer.AnsweringEvery(Encoding.ASCII.GetBytes(head));
        var target = Path.Combine(_folder, "none.bin");
        using var client = new Httpx.Client();

        await new Downloader(client) { RaiseForStatus = false }.DownloadAsync(new Request("GET", server.Url + "/x"), target);

        Assert.Equal(0, new FileInfo(target).Length);
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }
}
