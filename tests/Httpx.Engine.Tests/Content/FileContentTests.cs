namespace Httpx.Tests.Content;

public class FileContentTests
{
    [Fact]
    public async Task A_file_body_is_read_from_the_file_each_time_it_is_sent_and_left_closed_between()
    {
        // Opened when read, closed after: between two reads the file can be replaced (a rebuilt artifact moved into
        // place), and the next read sends the new one; a FileStream body kept the old one open.
        var dir = Directory.CreateTempSubdirectory("httpx-filecontent-").FullName;
        try
        {
            var path = Path.Combine(dir, "build.zip");
            await File.WriteAllTextAsync(path, "old build");
            var content = new FileContent(path);
            Assert.Equal(9, content.Length);
            Assert.True(content.IsReplayable);
            Assert.Equal("old build", await ContentReader.ReadTextAsync(content));
            await File.WriteAllTextAsync(path + ".new", "new build");
            File.Move(path + ".new", path, overwrite: true);
            Assert.Equal("new build", await ContentReader.ReadTextAsync(content));
            Assert.Equal("<file build.zip, 9 bytes>", content.ToString());
            Assert.Equal($"file '{path}'", content.Source);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_missing_file_is_refused_when_the_content_is_made()
    {
        var path = Path.Combine(Path.GetTempPath(), $"httpx-missing-{Guid.NewGuid():N}.bin");
        var e = Assert.Throws<FileNotFoundException>(() => new FileContent(path));
        Assert.Contains(path, e.Message);
    }
}
