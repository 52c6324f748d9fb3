using System.IO.Compression;
using System.Text;

namespace Httpx.Tests.Downloads;

/// <summary>
/// A .gz file a server labels "Content-Encoding: gzip" (Apache's AddEncoding x-gzip .gz, an object store's metadata):
/// the file is the gzip stream, saved as it came, where a body compressed for the transfer is saved decoded.
/// </summary>
public class StoredGzipDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-stored-gzip-").FullName;

    public StoredGzipDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    // Named .gz, .tgz or .svgz, whatever its Content-Type (Apache serves app.tar.gz as application/x-tar with x-gzip).
    [InlineData("app.tar.gz", "gzip", "")]
    [InlineData("APP.TGZ", "gzip", "?type=application/x-tar")]
    [InlineData("logo.svgz", "gzip", "?type=image/svg%2Bxml")]
    // Apache's own label: AddEncoding x-gzip .gz, the coding's old name.
    [InlineData("app.tar.gz", "x-gzip", "?type=application/x-tar")]
    // Typed as gzip itself, whatever its name.
    [InlineData("artifact.bin", "gzip", "?type=application/gzip")]
    [InlineData("artifact", "gzip", "?type=application/x-gzip%3B%20charset%3Dbinary")]
    [InlineData("artifact", "gzip", "?type=application/gzip%20%3B%20charset%3Dbinary")]
    // The other names of gzip's media type: each one a file may be typed with.
    [InlineData("artifact", "gzip", "?type=application/x-gunzip")]
    [InlineData("artifact", "gzip", "?type=application/gzipped")]
    [InlineData("bundle", "x-gzip", "?type=application/x-tgz")]
    public async Task A_gzip_file_labelled_with_its_own_coding_is_saved_as_it_came(string name, string coding, string query)
    {
        var target = Path.Combine(_folder, name);
        using var client = new Httpx.Client();

        var result = await new Downloader(client).DownloadAsync(new Request("GET", $"{_server.HttpUrl}/encoding/{coding}{query}"), target);

        var bytes = File.ReadAllBytes(target);
        Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]); // gzip's magic: the stream as stored
        Assert.Equal(client.Get($"{_server.HttpUrl}/encoding/sample").Text, Gunzip(target));
        Assert.Equal(bytes.Length, result.Length);
    }

    [Theory]
    // Compressed for the transfer: a text file, or a .gz name with another coding.
    [InlineData("sample.txt", "gzip")]
    [InlineData("sample.gz", "br")]
    [InlineData("sample.gz", "deflate")]
    public async Task A_body_compressed_for_the_transfer_is_saved_decoded(string name, string coding)
    {
        var target = Path.Combine(_folder, name);
        using var client = new Httpx.Client();

        await new Downloader(client).DownloadAsync(new Request("GET", $"{_server.HttpUrl}/encoding/{coding}"), target);

        Assert.Equal(client.Get($"{_server.HttpUrl}/encoding/sample").Text, File.ReadAllText(target));
    }
}
