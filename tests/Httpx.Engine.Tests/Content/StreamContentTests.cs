namespace Httpx.Tests.Content;

public class StreamContentTests
{
    /// <summary>A stream that cannot seek, like a network or pipe stream.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public void A_stream_that_cannot_be_read_is_refused_when_the_content_is_made()
    {
        // A stream closed before the send (a using block that ended too soon) failed only once the request was on its way.
        var closed = new MemoryStream("x"u8.ToArray());
        closed.Dispose();
        var e = Assert.Throws<ArgumentException>(() => new StreamContent(closed));
        Assert.StartsWith("The body's stream System.IO.MemoryStream cannot be read: it is closed (disposed).", e.Message);
    }

    [Fact]
    public void A_file_opened_for_writing_only_is_refused_naming_the_file_and_why()
    {
        // The message was "The stream is not readable.", the same as for a closed one, naming neither.
        var path = Path.Combine(Path.GetTempPath(), $"httpx-write-only-{Guid.NewGuid():N}.bin");
        try
        {
            using var writeOnly = File.OpenWrite(path);
            var e = Assert.Throws<ArgumentException>(() => new StreamContent(writeOnly));
            Assert.StartsWith($"The body's file '{path}' cannot be read: it was opened for writing only.", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SeekableStreamHasRemainingLengthAndReplaysFromStart()
    {
        var stream = new MemoryStream("skip:payload"u8.ToArray()) { Position = 5 };
        var content = new StreamContent(stream);

        Assert.Equal(7, content.Length);
        Assert.True(content.IsReplayable);
        Assert.Equal("payload", await ContentReader.ReadTextAsync(content));
        Assert.Equal("payload", await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public async Task ForwardOnlyStreamIsChunkedAndOneShot()
    {
        var content = new StreamContent(new ForwardOnlyStream("data"u8.ToArray()));

        Assert.Null(content.Length);
        Assert.False(content.IsReplayable);
        Assert.Equal("data", await ContentReader.ReadTextAsync(content));
        Assert.Throws<StreamConsumedException>(() => content.ReadChunksAsync());
    }

    [Fact]
    public async Task LargeStreamIsReadIn64KiBChunks()
    {
        byte[] data = new byte[150_000];
        Random.Shared.NextBytes(data);
        var sizes = new List<int>();
        var body = new MemoryStream();

        await foreach (var chunk in new StreamContent(new MemoryStream(data)).ReadChunksAsync())
        {
            sizes.Add(chunk.Length);
            body.Write(chunk.Span);
        }

        Assert.Equal([65536, 65536, 150_000 - 131072], sizes);
        Assert.Equal(data, body.ToArray());
    }

    [Fact]
    public async Task EnumerableOfChunksIsChunkedAndSkipsEmptyChunks()
    {
        static IEnumerable<byte[]> Generate()
        {
            yield return "a"u8.ToArray();
            yield return [];
            yield return "b"u8.ToArray();
        }
        var content = new AsyncEnumerableContent(Generate());

        Assert.Null(content.Length);
        Assert.False(content.IsReplayable);
        var chunks = new List<string>();
        await foreach (var chunk in content.ReadChunksAsync()) chunks.Add(System.Text.Encoding.UTF8.GetString(chunk.Span));
        Assert.Equal(["a", "b"], chunks);
        Assert.Throws<StreamConsumedException>(() => content.ReadChunksAsync());
    }

    [Fact]
    public async Task ListOfChunksCanBeReadAgainLikeAPythonList()
    {
        var content = new AsyncEnumerableContent(new List<byte[]> { "x"u8.ToArray(), "y"u8.ToArray() });

        Assert.True(content.IsReplayable);
        Assert.Equal("xy", await ContentReader.ReadTextAsync(content));
        Assert.Equal("xy", await ContentReader.ReadTextAsync(content));
    }

    [Fact]
    public async Task AsyncEnumerableIsOneShot()
    {
        static async IAsyncEnumerable<ReadOnlyMemory<byte>> Generate()
        {
            await Task.Yield();
            yield return "hello"u8.ToArray();
        }
        var content = new AsyncEnumerableContent(Generate());

        Assert.Equal("hello", await ContentReader.ReadTextAsync(content));
        Assert.Throws<StreamConsumedException>(() => content.ReadChunksAsync());
    }
}
