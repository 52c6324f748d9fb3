namespace Httpx.Tests.Downloads;

/// <summary>
/// A download to a file that is read-only: refused before a byte is written, as Invoke-WebRequest -OutFile and curl -o
/// refuse it. The rename that ends a download replaced it on Linux and macOS, and failed on Windows after the whole body.
/// </summary>
public class ReadOnlyFileDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-readonly-").FullName;

    public ReadOnlyFileDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(_folder)) File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(_folder, recursive: true);
    }

    private string ReadOnlyFile(string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "kept");
        File.SetAttributes(path, FileAttributes.ReadOnly);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_read_only_file_given_as_the_target_is_left_as_it_was(bool resume)
    {
        var path = ReadOnlyFile("artifact.bin");
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/bytes/1000"), path, resume));

        Assert.Contains($"'{path}' is read-only", e.Message);
        Assert.Equal("kept", File.ReadAllText(path));
        Assert.False(File.Exists(path + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_read_only_file_with_the_URLs_name_in_the_folder_is_left_as_it_was()
    {
        var path = ReadOnlyFile("1000");
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/bytes/1000"), _folder));

        Assert.Contains($"'{path}' is read-only", e.Message);
        Assert.Equal("kept", File.ReadAllText(path));
        Assert.False(File.Exists(path + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task Resuming_a_read_only_file_the_server_says_is_whole_leaves_it_as_it_is_without_an_error()
    {
        // Nothing is replaced, as wget -c says of a whole file: refusing it before the 416 came would be no help.
        var path = Path.Combine(_folder, "whole.bin");
        var body = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();
        File.WriteAllBytes(path, body);
        File.SetAttributes(path, FileAttributes.ReadOnly);
        using var client = new Httpx.Client();

        var result = await new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/range/1000"), path, resume: true);

        Assert.Equal(416, result.Response.StatusCode);
        Assert.True(result.Resumed);
        Assert.Equal(body, File.ReadAllBytes(path));
    }
}
