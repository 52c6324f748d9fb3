namespace Httpx.Tests.Downloads;

/// <summary>Two downloads of this process to one file: the second is refused, never mixed into the first one's file.</summary>
public class SameFileDownloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-same-file-").FullName;

    public void Dispose()
    {
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
        Exception? second = null;
        var secondStarted = false;
        var target = Path.Combine(_folder, "report.txt");
        Downloader downloader = null!;
        downloader = new Downloader(client)
        {
            RenamingForTests = async path =>
            {
                if (path != target || secondStarted) return; // the first download's rename only
                secondStarted = true;
                second = await Record.ExceptionAsync(() => downloader.DownloadAsync(new Request("GET", "https://example.org/b/report.txt"), _folder));
            },
        };

        var first = await downloader.DownloadAsync(new Request("GET", "https://example.org/a/report.txt"), _folder);

        Assert.Equal(target, first.Path);
        Assert.Equal("first, whole", File.ReadAllText(target));
        var refused = Assert.IsType<IOException>(second);
        Assert.Equal($"Another download is writing '{target}.partial' (two downloads to the file '{target}'?): give each its own file.", refused.Message);
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task A_resume_whose_partial_file_another_download_completed_meanwhile_is_refused_and_the_file_stays_whole()
    {
        // Two resumes of one file: the second reads the partial file's length (300) and asks for the rest; before its
        // answer comes, the first one completes and renames the partial file. The second then appended its 700 bytes
        // to a new, empty partial file, counted 300 + 700 as the whole 1000 and renamed that over the whole file.
        var body = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();
        var target = Path.Combine(_folder, "big.bin");
        File.WriteAllBytes(target + ".partial", body[..300]);
        Downloader? downloader = null;
        DownloadResult? first = null;
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(request =>
            {
                if (request.Url.Path == "/second" && first is null)
                    first = downloader!.Download(new Request("GET", "https://example.org/first"), target, resume: true);
                var start = int.Parse(request.Headers.Get("Range")!["bytes=".Length..^1]);
                return new Response(206, headers: new Headers(new[] { new KeyValuePair<string, string>("Content-Range", $"bytes {start}-999/1000") }), content: body[start..]);
            }),
        });
        downloader = new Downloader(client);

        var second = await Record.ExceptionAsync(() => downloader.DownloadAsync(new Request("GET", "https://example.org/second"), target, resume: true));

        Assert.True(first!.Resumed);
        Assert.Equal(body, File.ReadAllBytes(target));
        var refused = Assert.IsType<IOException>(second);
        Assert.Contains($"'{target}.partial'", refused.Message);
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task A_resume_whose_partial_file_grew_meanwhile_is_refused_and_nothing_is_appended()
    {
        // The partial file held 300 bytes when the range was asked for; before the answer came another download of the
        // file (another process, whose lock had gone) wrote 200 more. The rest from byte 300 appended after 500 bytes
        // made a 1200-byte file that counted as the whole 1000 and was renamed as the file.
        var body = Enumerable.Range(0, 1000).Select(i => (byte)(i % 251)).ToArray();
        var target = Path.Combine(_folder, "grown.bin");
        File.WriteAllBytes(target + ".partial", body[..300]);
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(request =>
            {
                using (var partial = new FileStream(target + ".partial", FileMode.Append)) partial.Write(body[300..500]);
                return new Response(206, headers: new Headers(new[] { new KeyValuePair<string, string>("Content-Range", "bytes 300-999/1000") }), content: body[300..]);
            }),
        });

        var e = await Assert.ThrowsAsync<IOException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/grown.bin"), target, resume: true));

        Assert.Contains($"'{target}.partial' held 300 bytes when its download resumed, and now holds 500", e.Message);
        Assert.False(File.Exists(target));
        Assert.Equal(body[..500], File.ReadAllBytes(target + ".partial"));
    }

    [Fact]
    public async Task A_second_URL_of_a_batch_giving_a_name_the_first_took_is_refused_one_after_the_other_too()
    {
        // One after the other, the second download of a name replaced the first one's file, and both reported it as
        // theirs; at once, the second was refused: which one happened hung on the server's timing.
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(request => new Response(200, content: request.Url.Path)),
        });
        var batch = new DownloadBatch();
        var target = Path.Combine(_folder, "report.txt");

        var first = await new Downloader(client) { Batch = batch }.DownloadAsync(new Request("GET", "https://example.org/a/report.txt"), _folder);
        var refused = await Assert.ThrowsAsync<IOException>(() =>
            new Downloader(client) { Batch = batch }.DownloadAsync(new Request("GET", "https://example.org/b/report.txt"), _folder));
        var again = await new Downloader(client) { Batch = batch }.DownloadAsync(new Request("GET", "https://example.org/a/report.txt"), _folder);

        Assert.Equal(target, first.Path);
        Assert.Equal(target, again.Path);
        Assert.Equal("/a/report.txt", File.ReadAllText(target));
        Assert.Equal($"The download of 'https://example.org/b/report.txt' is named 'report.txt', the file this command's download of 'https://example.org/a/report.txt' has in '{_folder}': two URLs give one name, and the second never replaces the first one's file. Download each to a file path of its own.", refused.Message);
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Without_a_batch_a_name_from_the_URL_replaces_the_file_of_that_name()
    {
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(request => new Response(200, content: request.Url.Path)),
        });

        await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/a/report.txt"), _folder);
        await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/b/report.txt"), _folder);

        Assert.Equal("/b/report.txt", File.ReadAllText(Path.Combine(_folder, "report.txt")));
    }
}
