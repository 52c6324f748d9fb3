namespace Httpx.Tests.Downloads;

/// <summary>
/// A resume answered with the whole resource rather than its rest: a 200 (a server that ignores Range), or a 206 of
/// the range from byte 0 (a server that sends the whole file as a range). Both are a new file that replaces the
/// partial file's start, never one appended to it. The rest of the file is appended, however its Content-Range spells
/// its unit.
/// </summary>
public class ResumeAnswerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-resume-answer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(200, null)]
    [InlineData(206, "bytes 0-10/11")]
    public async Task A_resume_answered_with_the_whole_resource_replaces_the_partial_files_start(int status, string? contentRange)
    {
        var target = Path.Combine(_folder, "file.txt");
        File.WriteAllText(target + Downloader.PartialSuffix, "stale");
        using var client = AnsweringClient.With(status, "hello world", contentRange);

        var result = await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.txt"), target, resume: true);

        Assert.False(result.Resumed);
        Assert.Equal(11, result.Length);
        Assert.Equal("hello world", File.ReadAllText(target));
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Theory]
    [InlineData("Bytes 5-10/11")]
    [InlineData("BYTES 5-10/11")]
    public async Task A_resume_answered_with_a_range_unit_in_another_case_continues_the_partial_file(string contentRange)
    {
        // A range unit is compared case-insensitively (RFC 9110, 14.1): read as "bytes" only, this rest of the file was
        // refused as another range than the one asked for, and the resume failed.
        var target = Path.Combine(_folder, "file.txt");
        File.WriteAllText(target + Downloader.PartialSuffix, "hello");
        using var client = AnsweringClient.With(206, " world", contentRange);

        var result = await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.txt"), target, resume: true);

        Assert.True(result.Resumed);
        Assert.Equal(11, result.Length);
        Assert.Equal("hello world", File.ReadAllText(target));
    }
}
