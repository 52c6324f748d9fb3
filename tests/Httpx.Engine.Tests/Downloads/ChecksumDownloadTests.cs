using System.Security.Cryptography;

namespace Httpx.Tests.Downloads;

/// <summary>
/// <see cref="Downloader.ExpectedSha256"/>: a manifest's checksum, checked on the whole file before it is saved. A resumed
/// file is hashed whole, its start written by an earlier download included.
/// </summary>
public class ChecksumDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-checksum-").FullName;

    public ChecksumDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Bytes start .. start + count - 1 of the test server's /range/N body (byte i is i % 251).
    private static byte[] RangeBody(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)(i % 251)).ToArray();

    private static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private async Task<DownloadResult> Download(string target, string sha256, bool resume)
    {
        using var client = new Httpx.Client();
        return await new Downloader(client) { ExpectedSha256 = sha256 }.DownloadAsync(new Request("GET", _server.HttpUrl + "/range/1000"), target, resume);
    }

    [Fact]
    public async Task A_resumed_file_is_hashed_whole_and_saved_when_it_matches()
    {
        var target = Path.Combine(_folder, "resumed.bin");
        File.WriteAllBytes(target + Downloader.PartialSuffix, RangeBody(0, 400));

        var result = await Download(target, Sha(RangeBody(0, 1000)).ToLowerInvariant(), resume: true);

        Assert.True(result.Resumed);
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(target));
    }

    [Fact]
    public async Task A_file_that_differs_is_not_saved_and_its_partial_file_is_removed()
    {
        // The partial file's start is not the resource's: whole, the file differs, and resuming it again would not help.
        var target = Path.Combine(_folder, "wrong.bin");
        File.WriteAllBytes(target, [1, 2, 3]);
        File.WriteAllBytes(target + Downloader.PartialSuffix, new byte[400]);

        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => Download(target, Sha(RangeBody(0, 1000)), resume: true));

        Assert.Contains($"not the {Sha(RangeBody(0, 1000))} expected", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_partial_file_the_server_says_is_whole_is_checked_before_it_is_saved()
    {
        // A partial file as long as the resource: the resume's 416 says it is whole, and it was renamed into place unhashed.
        var target = Path.Combine(_folder, "whole-partial.bin");
        File.WriteAllBytes(target + Downloader.PartialSuffix, new byte[1000]);

        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => Download(target, Sha(RangeBody(0, 1000)), resume: true));

        Assert.Contains("the body was not saved (its partial file was removed)", e.Message);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }
}
