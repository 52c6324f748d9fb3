using System.IO.Compression;
using System.Text;
using ZstdSharp;

namespace Httpx.Tests.Decoders;

public class ContentDecodingTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("test 123 ", 500)));

    private static byte[] Compress(Func<Stream, Stream> compressor, byte[] data)
    {
        var output = new MemoryStream();
        using (Stream stream = compressor(output)) stream.Write(data);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data) => Compress(s => new GZipStream(s, CompressionLevel.Optimal, true), data);
    private static byte[] Zlib(byte[] data) => Compress(s => new ZLibStream(s, CompressionLevel.Optimal, true), data);
    private static byte[] RawDeflate(byte[] data) => Compress(s => new DeflateStream(s, CompressionLevel.Optimal, true), data);
    private static byte[] Brotli(byte[] data) => Compress(s => new BrotliStream(s, CompressionLevel.Optimal, true), data);
    private static byte[] Zstd(byte[] data) => new Compressor().Wrap(data).ToArray();

    private static byte[] Decode(byte[] raw, string? encoding)
    {
        using Stream decoded = ContentDecoding.Wrap(new TrickleStream(raw), encoding);
        var output = new MemoryStream();
        decoded.CopyTo(output);
        return output.ToArray();
    }

    private static async Task<byte[]> DecodeAsync(byte[] raw, string? encoding)
    {
        await using Stream decoded = ContentDecoding.Wrap(new TrickleStream(raw), encoding);
        var output = new MemoryStream();
        await decoded.CopyToAsync(output);
        return output.ToArray();
    }

    public static TheoryData<string, Func<byte[], byte[]>> Encoders => new()
    {
        { "gzip", Gzip },
        { "x-gzip", Gzip },
        { "deflate", Zlib },
        { "deflate", RawDeflate },
        { "br", Brotli },
        { "zstd", Zstd },
        { "identity", data => data },
    };

    [Theory]
    [MemberData(nameof(Encoders))]
    public async Task RoundTrip(string encoding, Func<byte[], byte[]> encode)
    {
        byte[] raw = encode(Body);
        Assert.Equal(Body, Decode(raw, encoding));
        Assert.Equal(Body, await DecodeAsync(raw, encoding));
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("zstd")]
    [InlineData("identity")]
    public void EmptyBodyDecodesToNothing(string encoding) => Assert.Empty(Decode([], encoding));

    [Fact]
    public void StackedEncodingsAreUndoneInReverseOrder()
    {
        byte[] raw = Gzip(RawDeflate(Body));
        Assert.Equal(Body, Decode(raw, "deflate, gzip"));

        byte[] threeLayers = Zstd(Brotli(Gzip(Body)));
        Assert.Equal(Body, Decode(threeLayers, " GZIP ,br,  zstd "));
    }

    [Fact]
    public void IdentityInAStackIsIgnored()
    {
        Assert.Equal(Body, Decode(Brotli(Body), "br, identity"));
        Assert.Equal(Body, Decode(Brotli(Body), "identity, br"));
    }

    [Fact]
    public void UnknownEncodingsPassThrough()
    {
        Assert.Equal(Body, Decode(Body, "invalid-header"));
        Assert.Equal(Body, Decode(Gzip(Body), "gzip, unknown"));
    }

    [Fact]
    public void NoEncodingReturnsTheRawStream()
    {
        var raw = new MemoryStream(Body);
        Assert.Same(raw, ContentDecoding.Wrap(raw, null));
        Assert.Same(raw, ContentDecoding.Wrap(raw, " "));
    }

    [Fact]
    public void ConcatenatedZstdFramesAreAllDecoded()
    {
        byte[] raw = [.. Zstd("first "u8.ToArray()), .. Zstd("second"u8.ToArray())];
        Assert.Equal("first second", Encoding.UTF8.GetString(Decode(raw, "zstd")));
    }

    [Theory]
    [InlineData("deflate")]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("zstd")]
    public async Task CorruptDataRaisesDecodingErrorNamingTheEncoding(string encoding)
    {
        // As HTTPX's test: brotli data with its first bytes cut off is garbage for every decoder.
        byte[] raw = Brotli(Body)[3..];

        var error = Assert.Throws<DecodingException>(() => Decode(raw, encoding));
        Assert.StartsWith($"Error decoding response body with Content-Encoding '{encoding}': ", error.Message);
        Assert.NotNull(error.InnerException);
        await Assert.ThrowsAsync<DecodingException>(() => DecodeAsync(raw, encoding));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("x-gzip")]
    [InlineData("deflate")]
    public void CorruptZlibDataIsNamedAsSuchNotAsAnArchiveEntry(string encoding)
    {
        // .NET's zlib streams call any corrupt data "The archive entry was compressed using an unsupported compression
        // method.": a server sending plain text as gzip read as a codec the client lacks. As HTTPX's zlib error, the
        // message says the data is bad.
        byte[] notCompressed = Encoding.ASCII.GetBytes("<html>Service Unavailable</html>");
        var error = Assert.Throws<DecodingException>(() => Decode(notCompressed, encoding));
        Assert.Equal($"Error decoding response body with Content-Encoding '{encoding}': the body is not valid {encoding} data " +
            "(corrupt, or not compressed as its Content-Encoding says).", error.Message);
        Assert.IsType<InvalidDataException>(error.InnerException);

        // A body whose gzip checksum is wrong is said to be corrupt the same way.
        byte[] badChecksum = Gzip(Body);
        badChecksum[^6] ^= 0xFF;
        Assert.Contains("is not valid gzip data", Assert.Throws<DecodingException>(() => Decode(badChecksum, "gzip")).Message);
    }

    [Fact]
    public void RawDeflateThatPassesOneOfTheZlibHeaderChecksIsStillRawDeflate()
    {
        // HTTPX tries zlib and falls back to raw deflate; here the first two bytes are sniffed, and a zlib header needs
        // both compression method 8 and a header checksum divisible by 31. Raw deflate data can meet either alone.
        // A stored block, not the last, with a padding bit set (0x08: "method 8") and LEN 5 (0x0805 % 31 != 0), then
        // an empty last block.
        byte[] methodEight = [0x08, 0x05, 0x00, 0xFA, 0xFF, .. "hello"u8, 0x03, 0x00];
        Assert.Equal("hello", Encoding.ASCII.GetString(Decode(methodEight, "deflate")));
        // Compressed data whose first two bytes happen to be divisible by 31 (one in 31 bodies), with another method.
        // The first two bytes hold the block header and the first character: it is the first two characters that vary.
        var divisible = Enumerable.Range(0, 90 * 90)
            .Select(i => Encoding.ASCII.GetBytes($"{(char)('!' + i % 90)}{(char)('!' + i / 90)} payload"))
            .Select(plain => (Plain: plain, Raw: RawDeflate(plain)))
            .First(x => ((x.Raw[0] << 8) | x.Raw[1]) % 31 == 0 && (x.Raw[0] & 0x0F) != 8);
        Assert.Equal(divisible.Plain, Decode(divisible.Raw, "deflate"));
    }

    [Fact]
    public void TruncatedZstdRaisesDecodingError() =>
        Assert.Throws<DecodingException>(() => Decode(Zstd(Body)[..^4], "zstd"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)] // cut in half
    public async Task TruncatedBrotliRaisesDecodingError(int cut)
    {
        // BrotliStream ended quietly: a body cut short (a close-delimited one, say) read as complete, shorter.
        var full = Brotli(Body);
        var raw = cut == 1 ? full[..^1] : full[..(full.Length / 2)];
        var error = Assert.Throws<DecodingException>(() => Decode(raw, "br"));
        Assert.Contains("ended before its end", error.Message);
        await Assert.ThrowsAsync<DecodingException>(() => DecodeAsync(raw, "br"));
        // Data after the end is ignored, as before.
        Assert.Equal(Body, Decode([.. full, 1, 2, 3], "br"));
    }

    public static TheoryData<string, string, int> ZlibCuts => new()
    {
        // gzip: inside the CRC/ISIZE trailer (1, 4 bytes), the whole trailer (8), half the data.
        { "gzip", "gzip", 1 }, { "gzip", "gzip", 4 }, { "gzip", "gzip", 8 }, { "gzip", "gzip", -1 },
        // zlib: inside the Adler-32 (1, 4), half; raw deflate: its last byte, half.
        { "deflate", "zlib", 1 }, { "deflate", "zlib", 4 }, { "deflate", "zlib", -1 },
        { "deflate", "raw", 1 }, { "deflate", "raw", -1 },
    };

    [Theory]
    [MemberData(nameof(ZlibCuts))]
    public async Task TruncatedGzipAndDeflateRaiseDecodingError(string encoding, string format, int cut)
    {
        // .NET's zlib streams end quietly with their input: a body cut short read as complete and shorter (a
        // downloaded file silently truncated), as in HTTPX.
        var full = format switch { "gzip" => Gzip(Body), "zlib" => Zlib(Body), _ => RawDeflate(Body) };
        var raw = cut < 0 ? full[..(full.Length / 2)] : full[..^cut];

        var error = Assert.Throws<DecodingException>(() => Decode(raw, encoding));
        Assert.Equal($"Error decoding response body with Content-Encoding '{encoding}': The {encoding} data ended before its end: the body was cut short.", error.Message);
        await Assert.ThrowsAsync<DecodingException>(() => DecodeAsync(raw, encoding));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zlib")]
    [InlineData("raw")]
    public async Task CompleteGzipAndDeflateWithDataAfterTheirEndDecode(string format)
    {
        // The end check takes a complete body as complete: with data after the end (ignored, as before), and gzip
        // with several members.
        var full = format switch { "gzip" => Gzip(Body), "zlib" => Zlib(Body), _ => RawDeflate(Body) };
        var encoding = format == "gzip" ? "gzip" : "deflate";
        Assert.Equal(Body, Decode([.. full, 0, 1, 2], encoding));
        Assert.Equal(Body, await DecodeAsync([.. full, 0, 1, 2], encoding));
        if (format == "gzip")
        {
            byte[] twice = [.. Body, .. Body];
            Assert.Equal(twice, Decode([.. full, .. full], "gzip"));
            Assert.Equal(twice, await DecodeAsync([.. full, .. full], "gzip"));
        }
    }

    [Fact]
    public void ErrorNamesTheLayerThatFailed()
    {
        // The outer gzip layer is valid; the br layer inside it is not.
        var error = Assert.Throws<DecodingException>(() => Decode(Gzip(Encoding.ASCII.GetBytes("not brotli at all")), "br, gzip"));
        Assert.Contains("'br'", error.Message);
    }

    [Fact]
    public void AcceptEncodingAdvertisesEverySupportedEncoding() =>
        Assert.Equal("gzip, deflate, br, zstd", ContentDecoding.AcceptEncoding);
}
