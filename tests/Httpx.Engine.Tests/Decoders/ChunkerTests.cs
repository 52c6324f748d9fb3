using System.Text;

namespace Httpx.Tests.Decoders;

public class ChunkerTests
{
    private static List<string> ByteChunks(int? size, params string[] inputs)
    {
        var chunker = new ByteChunker(size);
        var chunks = new List<byte[]>();
        foreach (string input in inputs) chunker.Decode(Encoding.ASCII.GetBytes(input), chunks);
        chunker.Flush(chunks);
        return chunks.ConvertAll(Encoding.ASCII.GetString);
    }

    private static List<string> TextChunks(int? size, params string[] inputs)
    {
        var chunker = new TextChunker(size);
        var chunks = new List<string>();
        foreach (string input in inputs) chunker.Decode(input, chunks);
        chunker.Flush(chunks);
        return chunks;
    }

    [Fact]
    public void BytesAreRecutToTheChunkSize()
    {
        Assert.Equal(["abc", "def", "ghi", "j"], ByteChunks(3, "ab", "cdefgh", "", "ij"));
        Assert.Equal(["abc", "def"], ByteChunks(3, "abcdef"));
    }

    [Fact]
    public void WithoutASizeEachNonEmptyInputIsAChunk() =>
        Assert.Equal(["ab", "cdefgh"], ByteChunks(null, "ab", "", "cdefgh"));

    [Fact]
    public void ChunksAreOnlyHandedOutWhenComplete()
    {
        var chunker = new ByteChunker(4);
        var chunks = new List<byte[]>();
        chunker.Decode("abc"u8, chunks);
        Assert.Empty(chunks);
        chunker.Decode("d"u8, chunks);
        Assert.Single(chunks);
    }

    [Fact]
    public void TextIsRecutToTheChunkSize() =>
        Assert.Equal(["abc", "def", "g"], TextChunks(3, "a", "bcdefg"));

    [Fact]
    public void SurrogatePairsCountAsOneCharacter() =>
        Assert.Equal(["a😀", "b😀", "c"], TextChunks(2, "a😀b", "😀c"));

    [Fact]
    public void ChunkSizeMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteChunker(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextChunker(-1));
    }
}
