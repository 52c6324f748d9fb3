namespace Httpx.Tests.Downloads;

/// <summary>
/// Resuming a download whose file is there and no partial file: the file itself is the start, as Invoke-WebRequest
/// -Resume and wget -c take it, where it was downloaded again whole.
/// </summary>
public class ResumeFinishedFileTests : IClassFixture<ServerFixture>, IDisposable
{
    private static readonly DateTime Earlier = new(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-resume-file-").FullName;

    public ResumeFinishedFileTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Bytes start .. start + count - 1 of the test server's /range/N body (byte i is i % 251).
    private static byte[] RangeBody(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)(i % 251)).ToArray();

    private async Task<DownloadResult> Resume(string target)
    {
        using var client = new Httpx.Client();
        return await new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/range/1000"), target, resume: true);
    }

    [Fact]
    public async Task A_whole_file_is_left_as_it_is_and_nothing_is_downloaded()
    {
        var target = Path.Combine(_folder, "whole.bin");
        File.WriteAllBytes(target, RangeBody(0, 1000));
        File.SetLastWriteTimeUtc(target, Earlier);

        var result = await Resume(target);

        // The server's 416 for bytes=1000- says the file is whole, as for a whole partial file.
        Assert.Equal(416, result.Response.StatusCode);
        Assert.True(result.Resumed);
        Assert.Equal(1000, result.Length);
        Assert.Equal(Earlier, File.GetLastWriteTimeUtc(target)); // not written again
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_shorter_file_is_continued_with_its_rest()
    {
        var target = Path.Combine(_folder, "start.bin");
        File.WriteAllBytes(target, RangeBody(0, 400));

        var result = await Resume(target);

        Assert.Equal(206, result.Response.StatusCode);
        Assert.True(result.Resumed);
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_file_the_server_answers_with_another_range_is_left_as_it_is()
    {
        // Never damaged before a whole file replaces it.
        var target = Path.Combine(_folder, "shifted.bin");
        File.WriteAllBytes(target, RangeBody(0, 400));
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => new Downloader(client)
            .DownloadAsync(new Request("GET", _server.HttpUrl + "/range/1000?shift=100"), target, resume: true));

        Assert.Contains($"the file '{target}' was left as it was", e.Message);
        Assert.Equal(RangeBody(0, 400), File.ReadAllBytes(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_longer_file_is_replaced_by_the_whole_resource()
    {
        var target = Path.Combine(_folder, "longer.bin");
        File.WriteAllBytes(target, new byte[1500]);

        var result = await Resume(target);

        Assert.False(result.Resumed);
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }
}
