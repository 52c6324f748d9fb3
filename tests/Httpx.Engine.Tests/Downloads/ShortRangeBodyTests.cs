namespace Httpx.Tests.Downloads;

/// <summary>
/// A 206 to a Range header of the caller's whose body is shorter than the range its Content-Range names: a server
/// whose Content-Length agrees with the short body, so only the Content-Range tells that bytes are missing.
/// </summary>
public class ShortRangeBodyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-short-range-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    // A last byte of one digit: read as no last byte, the range had no length and the 5 bytes became the file.
    [InlineData("bytes=0-9", "bytes 0-9/100", 10)]
    [InlineData("bytes=10-19", "bytes 10-19/100", 10)]
    public async Task Is_an_error_saying_how_many_bytes_came_of_how_many(string range, string contentRange, int expected)
    {
        var target = Path.Combine(_folder, "part.bin");
        using var client = AnsweringClient.With(206, "hello", contentRange);
        var request = new Request("GET", "https://example.org/file.bin", headers: new Dictionary<string, string> { ["Range"] = range });

        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() => new Downloader(client).DownloadAsync(request, target));

        Assert.Contains($"ended after 5 of {expected} bytes", e.Message);
        Assert.False(File.Exists(target));
    }
}
