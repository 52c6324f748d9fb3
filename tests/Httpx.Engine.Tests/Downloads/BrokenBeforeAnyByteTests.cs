namespace Httpx.Tests.Downloads;

/// <summary>A download whose body fails before a byte of it reaches the file.</summary>
public class BrokenBeforeAnyByteTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-nothing-").FullName;

    public BrokenBeforeAnyByteTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("raw", "/bad-chunk-size", typeof(RemoteProtocolException))]
    [InlineData("http", "/encoding/malformed?e=gzip", typeof(DecodingException))]
    public async Task Leaves_no_empty_partial_file_and_names_none_to_resume(string server, string path, Type expected)
    {
        // An empty "<file>.partial" was left behind, named by no message: a stray file with nothing to resume.
        var target = Path.Combine(_folder, "data.bin");
        var url = (server == "raw" ? _server.RawTcpUrl : _server.HttpUrl) + path;
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync(expected, () => new Downloader(client).DownloadAsync(new Request("GET", url), target));

        Assert.Null(e.Data[Downloader.ResumableFileKey]);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Leaves_the_partial_file_of_another_download_that_holds_it()
    {
        // Refused at the partial file's lock, the download deleted the file the other one is writing, empty so far: the
        // other download then wrote into a file with no name and failed at its rename.
        var target = Path.Combine(_folder, "data.bin");
        using var client = new Httpx.Client();
        using (new FileStream(target + Downloader.PartialSuffix, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await Assert.ThrowsAsync<IOException>(() => new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/bytes/10"), target));
            Assert.True(File.Exists(target + Downloader.PartialSuffix));
        }
    }

    [Fact]
    public async Task A_resume_answered_from_the_start_keeps_the_partial_file_until_the_new_bodys_first_byte()
    {
        // The server ignores the Range and answers 200, whose body fails at once: the partial file was emptied when the
        // new body was to start and then deleted as empty, losing the 300 bytes a later resume would have continued.
        var target = Path.Combine(_folder, "data.bin");
        var start = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(target + Downloader.PartialSuffix, start);
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.RawTcpUrl + "/bad-chunk-size"), target, resume: true));

        Assert.Equal(start, File.ReadAllBytes(target + Downloader.PartialSuffix));
        Assert.Equal(target, e.Data[Downloader.ResumableFileKey]);
    }

    [Fact]
    public async Task An_empty_body_replaces_an_old_partial_file_with_an_empty_file()
    {
        var target = Path.Combine(_folder, "empty.bin");
        File.WriteAllText(target + Downloader.PartialSuffix, "from an older download");
        using var client = new Httpx.Client();

        await new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/bytes/0"), target);

        Assert.Equal(0, new FileInfo(target).Length);
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }
}
