namespace Httpx.Tests.Downloads;

/// <summary>A download answered with an error status: the HttpStatusException's response keeps the error's body.</summary>
public class DownloadStatusErrorTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-download-status-").FullName;

    public DownloadStatusErrorTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_error_status_raised_keeps_its_body_readable_and_writes_no_file(bool resuming)
    {
        // Why a download failed is in the error's body (a signed URL's 403 says that it expired): the download closed
        // the response unread before raising, and e.Response.Text then failed with StreamClosed.
        var target = Path.Combine(_folder, "file.bin");
        if (resuming) File.WriteAllText(target + Downloader.PartialSuffix, "start");
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<HttpStatusException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/status/404"), target, resume: resuming));

        Assert.Equal(404, e.Response.StatusCode);
        Assert.Equal("{\"status\":404}", e.Response.Text);
        Assert.False(File.Exists(target));
        Assert.Equal(resuming, File.Exists(target + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_resume_with_nothing_to_continue_yet_raises_an_error_status_also_when_error_pages_are_written()
    {
        // With RaiseForStatus off (-SkipHttpErrorCheck), a first -Resume answered 503 saved the error page as the file;
        // the next resume then asked for the rest from its length and appended the resource's tail to the error page.
        var target = Path.Combine(_folder, "file.bin");
        using var client = new Httpx.Client();
        var downloader = new Downloader(client) { RaiseForStatus = false };

        var e = await Assert.ThrowsAsync<HttpStatusException>(() =>
            downloader.DownloadAsync(new Request("GET", _server.HttpUrl + "/status/503"), target, resume: true));

        Assert.Equal(503, e.Response.StatusCode);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_resume_that_starts_over_raises_an_error_status_also_when_error_pages_are_written(bool partialFile)
    {
        // A file (or partial file) longer than the resource is answered 416 and the download starts over; that new
        // request was sent as a plain download, so with RaiseForStatus off its 503 page replaced the user's file.
        var target = Path.Combine(_folder, "file.bin");
        var start = partialFile ? target + Downloader.PartialSuffix : target;
        File.WriteAllText(start, "longer than the resource");
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(request => request.Headers.Get("Range") is null
                ? new Response(503, content: "error page")
                : new Response(416, headers: new Dictionary<string, string> { ["Content-Range"] = "bytes */5" })),
        });
        var downloader = new Downloader(client) { RaiseForStatus = false };

        var e = await Assert.ThrowsAsync<HttpStatusException>(() =>
            downloader.DownloadAsync(new Request("GET", "https://example.org/file.bin"), target, resume: true));

        Assert.Equal(503, e.Response.StatusCode);
        if (partialFile)
        {
            Assert.False(File.Exists(target));
            // No start of the resource: dropped when the download started over, not left as a stray file to resume.
            Assert.False(File.Exists(start));
        }
        else Assert.Equal("longer than the resource", File.ReadAllText(target));
    }

    [Fact]
    public async Task An_endless_error_body_is_read_only_so_far_and_its_start_is_on_the_error()
    {
        // A 503 that keeps streaming: reading its body for the error would never end.
        var target = Path.Combine(_folder, "file.bin");
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<HttpStatusException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/stream-lines/0?status=503"), target));

        Assert.Equal(503, e.Response.StatusCode);
        Assert.Equal(Response.ErrorBodyReadLimit, e.BodyStart!.Length);
        Assert.StartsWith("line 1\nline 2\n", System.Text.Encoding.UTF8.GetString(e.BodyStart));
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }
}
