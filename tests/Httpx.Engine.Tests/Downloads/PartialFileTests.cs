namespace Httpx.Tests.Downloads;

/// <summary>The partial file a download writes to, when the system will not make it.</summary>
public class PartialFileTests
{
    [SkippableFact]
    public async Task A_partial_file_the_system_cannot_make_is_named_with_the_systems_reason_not_as_a_resume()
    {
        // Linux's /proc takes no new files: creating one fails with ENOENT, which .NET raises as FileNotFoundException,
        // and the error said the partial file "held 0 bytes when its download resumed, and is gone".
        Skip.IfNot(OperatingSystem.IsLinux(), "this test needs Linux's /proc");
        using var client = new Httpx.Client(new ClientOptions { Transport = new MockTransport(_ => new Response(200, content: "body")) });
        var target = $"/proc/httpx-{Guid.NewGuid():N}.bin";

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.bin"), target));

        Assert.Contains(target + Downloader.PartialSuffix, e.Message);
        Assert.DoesNotContain("resumed", e.Message);
    }
}
