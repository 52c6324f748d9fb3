namespace Httpx.Tests.Downloads;

/// <summary>
/// The progress a download reports as its body comes: bytes received against the file's whole length, from the first
/// report on (a progress bar's percentage), not only in the last one.
/// </summary>
public class DownloadProgressTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-progress-").FullName;

    public DownloadProgressTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Every_report_of_a_body_with_a_Content_Length_carries_that_total()
    {
        // A body sent in four pieces, and a report for every piece read (no least interval): the reports before the
        // last had no total, only the last one taking it from the bytes received.
        var target = Path.Combine(_folder, "drip.bin");
        using var client = new Httpx.Client();
        var reports = new List<DownloadProgress>();

        var result = await new Downloader(client) { ProgressInterval = TimeSpan.Zero }
            .DownloadAsync(new Request("GET", $"{_server.HttpUrl}/drip?chunks=4&size=1000&delay_ms=20"), target, progress: reports.Add);

        Assert.Equal(4000, result.Length);
        Assert.True(reports.Count >= 2, $"{reports.Count} reports");
        Assert.All(reports, r => Assert.Equal(4000, r.TotalBytes));
        Assert.Equal(4000, reports[^1].BytesReceived);
        Assert.Equal(reports.Select(r => r.BytesReceived).Order(), reports.Select(r => r.BytesReceived));
    }
}
