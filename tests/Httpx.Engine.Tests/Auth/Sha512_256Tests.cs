using System.Text;

namespace Httpx.Tests.Auth;

/// <summary>SHA-512/256 for Digest's SHA-512-256, against NIST's examples and Python's hashlib.new('sha512_256').</summary>
public class Sha512_256Tests
{
    private static string Hex(byte[] digest) => Convert.ToHexString(digest).ToLowerInvariant();

    [Theory]
    // FIPS 180-4 examples (NIST's SHA512_256.pdf): one block, two blocks.
    [InlineData("abc", "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a")]
    [InlineData("", "c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a")]
    public void Known_answers(string text, string digest) =>
        Assert.Equal(digest, Hex(Sha512_256.HashData(Encoding.ASCII.GetBytes(text))));

    [Theory]
    // Around the padding's edges: 111 bytes still take their length in the same block, 112 need a second one; whole
    // blocks, and more than one of them. Expected values: hashlib.new('sha512_256', bytes(i % 251 for i in range(n))).
    [InlineData(111, "bd209f60b0d04102a09175297fd255367e54b5a5605b928635c606306914363f")]
    [InlineData(112, "2cafeb0882cc405167e9a255b8581a66dc683212474902dd453dbca20a94e61a")]
    [InlineData(127, "c26bc7e9315e62ab0dc6aeb577724d07c09b0c6fdfc0a9f08d8548047c032248")]
    [InlineData(128, "2ff11194b2aec1f943cb5f130ba647c151334068083194d7281a55d607ae255f")]
    [InlineData(129, "c4a3bbf841ed2a289e5109fb392229c80db61c72fd92079b5a4f0441f095a111")]
    [InlineData(239, "b81472d255d80182e196481e5866aa207761a152302a0237e242eb88c577a428")]
    [InlineData(240, "6ca13c55886b74a5ca2ac9782c4b9a49fe3aeeefdfc0cefc34984872fb4c54fd")]
    [InlineData(1000, "974bc1ca87fcb8f487f65a650d1eeeebdc0cc269381b9eeb708cc4ea6d4954f2")]
    public void Lengths_around_the_block_and_padding_edges(int length, string digest) =>
        Assert.Equal(digest, Hex(Sha512_256.HashData(Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray())));

    [Fact]
    public void A_million_times_a() =>
        Assert.Equal("9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21", Hex(Sha512_256.HashData(Enumerable.Repeat((byte)'a', 1_000_000).ToArray())));
}
