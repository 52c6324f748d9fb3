namespace Httpx.Tests.Downloads;

/// <summary>A download whose compressed body is complete as HTTP but cut short inside its compressed data.</summary>
public class TruncatedEncodingDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-truncated-").FullName;

    public TruncatedEncodingDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("gzip", 4)]
    [InlineData("gzip", -1)]
    [InlineData("deflate", -1)]
    [InlineData("deflate-raw", -1)]
    public async Task Is_a_decoding_error_naming_the_url_and_leaves_no_file(string name, int cut)
    {
        // The Content-Length matched what was sent, so only the decoder can tell: the file was the decoded start of
        // the body, renamed as complete.
        var target = Path.Combine(_folder, "sample.txt");
        var url = $"{_server.HttpUrl}/encoding/truncated/{name}" + (cut > 0 ? $"?cut={cut}" : "");
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<DecodingException>(() => new Downloader(client).DownloadAsync(new Request("GET", url), target));

        var encoding = name == "deflate-raw" ? "deflate" : name;
        Assert.Contains($"Content-Encoding '{encoding}'", e.Message);
        Assert.Contains("cut short", e.Message);
        Assert.Contains(url, e.Message);
        Assert.False(File.Exists(target));
    }
}
