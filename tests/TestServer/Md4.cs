using System.Buffers.Binary;
using System.Numerics;

namespace Httpx.TestServer;

/// <summary>
/// MD4 (RFC 1320), which .NET does not expose: NTLMv2 keys are HMAC-MD5 over MD4 of the password, and the NTLM endpoint
/// checks them to prove which password the client used.
/// </summary>
internal static class Md4
{
    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var padded = new byte[(data.Length + 8) / 64 * 64 + 64];
        data.CopyTo(padded);
        padded[data.Length] = 0x80;
        BinaryPrimitives.WriteUInt64LittleEndian(padded.AsSpan(padded.Length - 8), (ulong)data.Length * 8);

        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var x = new uint[16];
        for (var block = 0; block < padded.Length; block += 64)
        {
            for (var i = 0; i < 16; i++) x[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(block + i * 4));
            uint aa = a, bb = b, cc = c, dd = d;
            for (var i = 0; i < 16; i++)
            {
                var k = i;
                var s = (i % 4) switch { 0 => 3, 1 => 7, 2 => 11, _ => 19 };
                Step(ref a, ref b, ref c, ref d, ((b & c) | (~b & d)) + x[k], s);
            }
            for (var i = 0; i < 16; i++)
            {
                var k = i % 4 * 4 + i / 4;
                var s = (i % 4) switch { 0 => 3, 1 => 5, 2 => 9, _ => 13 };
                Step(ref a, ref b, ref c, ref d, ((b & c) | (b & d) | (c & d)) + x[k] + 0x5A827999, s);
            }
            int[] order = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
            for (var i = 0; i < 16; i++)
            {
                var s = (i % 4) switch { 0 => 3, 1 => 9, 2 => 11, _ => 15 };
                Step(ref a, ref b, ref c, ref d, (b ^ c ^ d) + x[order[i]] + 0x6ED9EBA1, s);
            }
            a += aa; b += bb; c += cc; d += dd;
        }
        var hash = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(hash.AsSpan(0), a);
        BinaryPrimitives.WriteUInt32LittleEndian(hash.AsSpan(4), b);
        BinaryPrimitives.WriteUInt32LittleEndian(hash.AsSpan(8), c);
        BinaryPrimitives.WriteUInt32LittleEndian(hash.AsSpan(12), d);
        return hash;
    }

    // One operation, then rotate the registers (a, b, c, d) → (d, a', b, c) so the next step works on the right ones.
    private static void Step(ref uint a, ref uint b, ref uint c, ref uint d, uint f, int s)
    {
        var t = BitOperations.RotateLeft(a + f, s);
        (a, b, c, d) = (d, t, b, c);
    }
}
