namespace Httpx.Tests.Downloads;

/// <summary>
/// Downloads into a folder named by the server's Content-Disposition, from the test server: the name tc2231 and the
/// browsers read, made safe, and never a file outside the folder or one that was there.
/// </summary>
public class ContentDispositionDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-disposition-").FullName;

    public ContentDispositionDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // /response-headers sends each query parameter as a header, a repeated one as repeated fields.
    private string Disposition(params string[] fields) =>
        _server.HttpUrl + "/response-headers?" + string.Join("&", fields.Select(f => "Content-Disposition=" + Uri.EscapeDataString(f)));

    private async Task<string> DownloadedName(string url, Downloader? downloader = null)
    {
        using var client = new Httpx.Client();
        var result = await (downloader ?? new Downloader(client)).DownloadAsync(new Request("GET", url), _folder);
        Assert.Equal(_folder, Path.GetDirectoryName(result.Path));
        Assert.Equal([result.Path], Directory.GetFileSystemEntries(_folder));
        return Path.GetFileName(result.Path);
    }

    [Fact]
    public async Task A_long_name_is_shortened_so_that_its_partial_file_fits_too()
    {
        // Shortened to the 255 bytes a file name can have, the name left no room for ".partial": the download failed
        // with "File name too long" on the partial file.
        var name = await DownloadedName(_server.HttpUrl + $"/download/10?filename={new string('n', 300)}.tar.gz");

        Assert.Equal(255 - Downloader.PartialSuffix.Length, System.Text.Encoding.UTF8.GetByteCount(name));
        Assert.EndsWith("nnn.gz", name);
    }
}
