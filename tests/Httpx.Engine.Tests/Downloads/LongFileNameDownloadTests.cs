namespace Httpx.Tests.Downloads;

/// <summary>
/// A file name that fits (at most 255 bytes) but is too long to take ".partial" after it: its partial file has a
/// shortened name, the same on a resume. It failed with "the path is too long" where Invoke-WebRequest and curl write it.
/// </summary>
public class LongFileNameDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly string LongName = new string('n', 250) + ".bin"; // 254 bytes; with ".partial", 262
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-long-name-").FullName;

    public LongFileNameDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Bytes start .. start + count - 1 of the test server's /range/N body (byte i is i % 251).
    private static byte[] RangeBody(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)(i % 251)).ToArray();

    [Fact]
    public async Task A_name_too_long_for_its_partial_suffix_is_downloaded()
    {
        var target = Path.Combine(_folder, LongName);
        using var client = new Httpx.Client();

        var result = await new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/range/1000"), target);

        Assert.Equal(target, result.Path);
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(target));
        Assert.Equal([target], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Its_broken_download_keeps_a_partial_file_of_a_shortened_name_that_a_resume_continues()
    {
        var target = Path.Combine(_folder, LongName);
        using var client = new Httpx.Client();

        var broken = await Assert.ThrowsAnyAsync<HttpxException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.RawTcpUrl + "/truncated"), target)); // 10 of 100 bytes
        var partial = Downloader.PartialPathOf(target);
        var kept = File.ReadAllBytes(partial);
        var resumed = await new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/range/1000"), target, resume: true);

        Assert.Equal(target, broken.Data[Downloader.ResumableFileKey]);
        Assert.Equal(_folder, Path.GetDirectoryName(partial));
        Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(Path.GetFileName(partial)));
        Assert.Matches("^n+~[0-9a-f]{8}\\.partial$", Path.GetFileName(partial));
        Assert.Equal("0123456789"u8.ToArray(), kept);
        Assert.True(resumed.Resumed);
        Assert.Equal([.. kept, .. RangeBody(10, 990)], File.ReadAllBytes(target));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public void A_name_that_takes_the_suffix_keeps_its_partial_file_name()
    {
        var target = Path.Combine(_folder, new string('n', 243) + ".bin"); // 247 bytes, 255 with ".partial"
        Assert.Equal(target + Downloader.PartialSuffix, Downloader.PartialPathOf(target));
    }
}
