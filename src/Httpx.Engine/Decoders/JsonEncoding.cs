using System.Text;
using System.Text.Json;

namespace Httpx;

/// <summary>
/// The encoding of a JSON body, found as Python's <c>json.loads(bytes)</c> finds it (CPython's
/// <c>json.detect_encoding</c>): a UTF-32, UTF-16 or UTF-8 byte order mark, else the pattern of zero bytes at the start
/// (JSON text begins with an ASCII character), else UTF-8. HTTPX's <c>Response.json()</c> parses the bytes that way,
/// so a body any of those encodings carries parses here too (<see cref="JsonParser.ParseBody"/>).
/// </summary>
internal static class JsonEncoding
{
    /// <summary>How this class's errors begin; <see cref="Reason"/> gives the rest, for a message that names the body itself.</summary>
    private const string NotJson = "The body is not valid JSON: ";

    /// <summary>
    /// What is wrong with the body, without "The body is not valid JSON: " when the error is this class's: the module's
    /// message names the response and says that already (it said "is not valid JSON" twice).
    /// </summary>
    public static string Reason(JsonException e) =>
        e.Message.StartsWith(NotJson, StringComparison.Ordinal) ? e.Message[NotJson.Length..] : e.Message;

    private static ReadOnlySpan<byte> Utf32LeBom => [0xFF, 0xFE, 0x00, 0x00];
    private static ReadOnlySpan<byte> Utf32BeBom => [0x00, 0x00, 0xFE, 0xFF];
    private static ReadOnlySpan<byte> Utf16LeBom => [0xFF, 0xFE];
    private static ReadOnlySpan<byte> Utf16BeBom => [0xFE, 0xFF];
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    // Strict, as Python's codecs: bytes the encoding cannot decode are an error, not U+FFFD in the parsed values.
    private static readonly Encoding Utf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding Utf32Le = new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);
    private static readonly Encoding Utf32Be = new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true);

    /// <summary>
    /// The body as UTF-8 for System.Text.Json: plain UTF-8 as it is (no copy), after a UTF-8 byte order mark when it
    /// has one, and UTF-16 or UTF-32 transcoded (without their byte order mark).
    /// </summary>
    public static ReadOnlySpan<byte> ToUtf8(byte[] body)
    {
        var b = body.AsSpan();
        if (b.StartsWith(Utf32LeBom)) return Transcode(body, Utf32LeBom.Length, Utf32Le);
        if (b.StartsWith(Utf32BeBom)) return Transcode(body, Utf32BeBom.Length, Utf32Be);
        if (b.StartsWith(Utf16LeBom)) return Transcode(body, Utf16LeBom.Length, Utf16Le);
        if (b.StartsWith(Utf16BeBom)) return Transcode(body, Utf16BeBom.Length, Utf16Be);
        if (b.StartsWith(Utf8Bom)) return Utf8(b, Utf8Bom.Length);
        if (b.Length >= 4)
        {
            // 00 00 -- -- is UTF-32 BE, 00 XX -- -- UTF-16 BE; XX 00 00 00 is UTF-32 LE, XX 00 XX -- or XX 00 00 XX UTF-16 LE.
            if (b[0] == 0) return Transcode(body, 0, b[1] != 0 ? Utf16Be : Utf32Be);
            if (b[1] == 0) return Transcode(body, 0, b[2] != 0 || b[3] != 0 ? Utf16Le : Utf32Le);
        }
        else if (b.Length == 2)
        {
            if (b[0] == 0) return Transcode(body, 0, Utf16Be);
            if (b[1] == 0) return Transcode(body, 0, Utf16Le);
        }
        return Utf8(b, 0);
    }

    /// <summary>
    /// The UTF-8 text from <paramref name="start"/>, checked as strictly as the other encodings: System.Text.Json checks
    /// the bytes inside a string only when the string is read, long after the parse (an InvalidOperationException, an
    /// UnexpectedError in PowerShell), where Python's json.loads refuses the body at once (UnicodeDecodeError).
    /// </summary>
    private static ReadOnlySpan<byte> Utf8(ReadOnlySpan<byte> body, int start)
    {
        var text = body[start..];
        if (System.Text.Unicode.Utf8.IsValid(text)) return text;
        int position = InvalidUtf8At(text);
        throw new JsonException($"{NotJson}it reads as utf-8 (it has no byte order mark or zero bytes to say otherwise) " +
            $"but byte 0x{text[position]:X2} at position {start + position} is not utf-8 (a body in another encoding, such as latin-1?).");
    }

    /// <summary>The position of the first byte of <paramref name="text"/> that is not UTF-8 (text known to have one).</summary>
    public static int InvalidUtf8At(ReadOnlySpan<byte> text)
    {
        int position = 0;
        while (Rune.DecodeFromUtf8(text[position..], out _, out int length) == System.Buffers.OperationStatus.Done) position += length;
        return position;
    }

    private static byte[] Transcode(byte[] body, int start, Encoding encoding)
    {
        try
        {
            return Encoding.Convert(encoding, Encoding.UTF8, body, start, body.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new JsonException($"{NotJson}it reads as {encoding.WebName} (by its byte order mark or zero bytes) " +
                $"but has bytes ({Convert.ToHexString(e.BytesUnknown ?? [])}) that {encoding.WebName} cannot decode.", e);
        }
    }
}
