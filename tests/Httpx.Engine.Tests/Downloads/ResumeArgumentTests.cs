namespace Httpx.Tests.Downloads;

/// <summary>
/// A resume the engine refuses before anything is sent (the cmdlet checks the same first; a caller of the engine gets
/// the engine's refusal): the partial file it would continue stays as it was.
/// </summary>
public class ResumeArgumentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-resume-argument-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_resume_into_a_folder_is_refused_before_anything_is_sent()
    {
        // In a folder the file's name comes with the response: started anyway, the download began over, and a
        // partial file of that name was replaced rather than continued.
        File.WriteAllText(Path.Combine(_folder, "file.bin" + Downloader.PartialSuffix), "start");
        var sent = new List<Request>();
        using var client = AnsweringClient.With(200, "the whole body", sent: sent);

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.bin"), _folder, resume: true));

        Assert.Contains($"not the folder '{_folder}'", e.Message);
        Assert.Empty(sent);
        Assert.Equal("start", File.ReadAllText(Path.Combine(_folder, "file.bin" + Downloader.PartialSuffix)));
        Assert.False(File.Exists(Path.Combine(_folder, "file.bin")));
    }

    [Fact]
    public async Task A_resume_of_a_request_with_a_Range_of_its_own_is_refused_before_anything_is_sent()
    {
        // The caller's range is the file; the resume's own Range replaced it and appended another part of the resource.
        var target = Path.Combine(_folder, "part.bin");
        File.WriteAllText(target + Downloader.PartialSuffix, "start");
        var sent = new List<Request>();
        using var client = AnsweringClient.With(200, "the whole body", sent: sent);
        var request = new Request("GET", "https://example.org/file.bin", headers: new Dictionary<string, string> { ["Range"] = "bytes=100-199" });

        var e = await Assert.ThrowsAsync<ArgumentException>(() => new Downloader(client).DownloadAsync(request, target, resume: true));

        Assert.Contains("('bytes=100-199')", e.Message);
        Assert.Empty(sent);
        Assert.Equal("start", File.ReadAllText(target + Downloader.PartialSuffix));
        Assert.False(File.Exists(target));
    }
}
