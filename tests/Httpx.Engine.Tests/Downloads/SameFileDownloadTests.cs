namespace Httpx.Tests.Downloads;

/// <summary>Two downloads of this process to one file: the second is refused, never mixed into the first one's file.</summary>
public class SameFileDownloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-same-file-").FullName;

    public void Dispose()
    {
        Downloader.RenamingForTests = null;
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_second_download_to_a_file_the_first_is_renaming_is_refused_and_the_first_file_stays_whole()
    {
        // Two URLs that give one name in a folder; the second starts in the moment between the first one closing its
        // complete partial file and renaming it (under -ThrottleLimit that moment is anyone's). It used to open the
        // partial file anew: the first renamed the second's bytes as its own whole file.
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(request => new Response(200, content: request.Url.Path.EndsWith("/a/report.txt") ? "first, whole" : "second")),
        });
        var downloader = new Downloader(client);
        Exception? second = null;
        var secondStarted = false;
        var target = Path.Combine(_folder, "report.txt");
        Downloader.RenamingForTests = async path =>
        {
            if (path != target || secondStarted) return; // the first download's rename only
            secondStarted = true;
            second = await Record.ExceptionAsync(() => downloader.DownloadAsync(new Request("GET", "https://example.org/b/report.txt"), _folder));
        };

        var first = await downloader.DownloadAsync(new Request("GET", "https://example.org/a/report.txt"), _folder);

        Assert.Equal(target, first.Path);
        Assert.Equal("first, whole", File.ReadAllText(target));
        var refused = Assert.IsType<IOException>(second);
        Assert.Equal($"Another download is writing '{target}.partial' (two downloads to the file '{target}'?): give each its own file.", refused.Message);
        Assert.False(File.Exists(target + ".partial"));
    }
}
