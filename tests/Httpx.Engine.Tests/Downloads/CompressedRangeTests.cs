using System.IO.Compression;
using System.Text;

namespace Httpx.Tests.Downloads;

/// <summary>
/// A resume answered with a compressed range. The partial file holds decoded bytes and a resume asks for
/// Accept-Encoding: identity; a server answering 206 with a Content-Encoding anyway sends a range of the compressed
/// bytes (RFC 9110: a range is of the representation as sent), which decoded is no continuation of the file.
/// </summary>
public class CompressedRangeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-compressed-range-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionMode.Compress)) gzip.Write(Encoding.ASCII.GetBytes(text));
        return buffer.ToArray();
    }

    [Theory]
    // The compressed bytes from the partial file's length on: they failed as a DecodingError that did not say why.
    [InlineData(true)]
    // A whole gzip stream labelled as the range: decoded and appended, a whole-looking file of the wrong bytes.
    [InlineData(false)]
    public async Task A_resume_answered_with_a_compressed_range_is_refused_and_keeps_the_partial_file(bool tailOfTheStream)
    {
        var target = Path.Combine(_folder, "file.txt");
        File.WriteAllText(target + Downloader.PartialSuffix, "hello");
        var gzip = Gzip("hello world");
        var body = tailOfTheStream ? gzip[5..] : Gzip(" world");
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(_ => new Response(206, headers: new Dictionary<string, string>
            {
                ["Content-Range"] = $"bytes 5-{5 + body.Length - 1}/{5 + body.Length}",
                ["Content-Encoding"] = "gzip",
            }, stream: new MemoryStream(body))),
        });

        var e = await Assert.ThrowsAsync<RemoteProtocolException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.txt"), target, resume: true));

        Assert.Contains("Content-Encoding 'gzip'", e.Message);
        Assert.Contains("https://example.org/file.txt", e.Message);
        Assert.Contains(target + Downloader.PartialSuffix, e.Message);
        Assert.Equal("hello", File.ReadAllText(target + Downloader.PartialSuffix));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task A_resume_of_a_gzip_file_saved_as_it_came_appends_the_compressed_range()
    {
        // app.tar.gz labelled gzip is saved as stored (StoredGzipFile), so its partial file holds the compressed bytes
        // and the range of them continues it.
        var target = Path.Combine(_folder, "app.tar.gz");
        var gzip = Gzip("hello world");
        File.WriteAllBytes(target + Downloader.PartialSuffix, gzip[..5]);
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(_ => new Response(206, headers: new Dictionary<string, string>
            {
                ["Content-Range"] = $"bytes 5-{gzip.Length - 1}/{gzip.Length}",
                ["Content-Encoding"] = "gzip",
            }, stream: new MemoryStream(gzip[5..]))),
        });

        var result = await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/app.tar.gz"), target, resume: true);

        Assert.True(result.Resumed);
        Assert.Equal(gzip, File.ReadAllBytes(target));
    }

    [Theory]
    // An empty Content-Encoding (some servers and proxies send the header with no value) names no coding: the body
    // decoder passes it through, and the range is of the bytes as stored, the rest of the partial file.
    [InlineData("")]
    [InlineData("identity")]
    public async Task A_resume_answered_with_a_Content_Encoding_that_names_no_coding_continues_the_partial_file(string coding)
    {
        var target = Path.Combine(_folder, "file.txt");
        File.WriteAllText(target + Downloader.PartialSuffix, "hello");
        using var client = new Httpx.Client(new ClientOptions
        {
            Transport = new MockTransport(_ => new Response(206, headers: new Dictionary<string, string>
            {
                ["Content-Range"] = "bytes 5-10/11",
                ["Content-Encoding"] = coding,
            }, stream: new MemoryStream(Encoding.ASCII.GetBytes(" world")))),
        });

        var result = await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.txt"), target, resume: true);

        Assert.True(result.Resumed);
        Assert.Equal("hello world", File.ReadAllText(target));
    }

    [Fact]
    public async Task A_resume_asks_for_the_rest_of_the_bytes_as_stored()
    {
        // Without Accept-Encoding: identity a server may answer the range compressed, which cannot continue the file:
        // every resume from a compressing server (most web servers) would fail.
        var target = Path.Combine(_folder, "file.txt");
        File.WriteAllText(target + Downloader.PartialSuffix, "hello");
        var sent = new List<Request>();
        using var client = AnsweringClient.With(206, " world", "bytes 5-10/11", sent);

        await new Downloader(client).DownloadAsync(new Request("GET", "https://example.org/file.txt"), target, resume: true);

        var resume = Assert.Single(sent);
        Assert.Equal("bytes=5-", resume.Headers.Get("Range"));
        Assert.Equal("identity", resume.Headers.Get("Accept-Encoding"));
        Assert.Equal("hello world", File.ReadAllText(target));
    }
}
