using System.IO.Compression;
using Httpx.Internal;
using ZstdSharp;

namespace Httpx;

/// <summary>Undoes a response's Content-Encoding while it is read (HTTPX's content decoders, pull-based).</summary>
public static class ContentDecoding
{
    /// <summary>The Accept-Encoding value advertising every encoding <see cref="Wrap(Stream, string?)"/> can decode.</summary>
    public const string AcceptEncoding = "gzip, deflate, br, zstd";

    /// <summary>
    /// The most content codings one body may list. Each is a decoder stacked on the one before, and every read goes
    /// through all of them: a hostile server's "gzip, gzip, ..." a few thousand times (a 220 KB response) overflowed
    /// the stack and ended the whole process (PowerShell with it). HTTPX decodes any number; curl (CVE-2022-32206) and
    /// urllib3 2.6 (CVE-2025-66418) refuse more than 5, and so do we.
    /// </summary>
    public const int MaxEncodings = 5;

    /// <summary>
    /// Wraps the raw body in the decoders its Content-Encoding calls for, last applied first ("gzip, br" is
    /// decoded as br, then gzip). identity and unknown encodings are passed through, as HTTPX ignores them.
    /// Corrupt data raises <see cref="DecodingException"/> while reading; more than <see cref="MaxEncodings"/>
    /// listed raise it here. Disposing the result disposes <paramref name="raw"/>.
    /// </summary>
    public static Stream Wrap(Stream raw, string? contentEncoding) => Wrap(raw, contentEncoding, request: null);

    /// <summary><see cref="Wrap(Stream, string?)"/> for a response's body: a decoding error names <paramref name="request"/> and carries it.</summary>
    internal static Stream Wrap(Stream raw, string? contentEncoding, Request? request)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (string.IsNullOrWhiteSpace(contentEncoding)) return raw;

        string[] encodings = contentEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        // Counted as listed, all header lines together, identity and unknown codings too (which stack nothing), as curl
        // and urllib3 count them; empty entries ("gzip,,") not, as curl (urllib3 counts those). No real server lists six.
        if (encodings.Length > MaxEncodings)
            throw new DecodingException(
                $"The response's Content-Encoding lists {encodings.Length} content codings ('{HttpLog.Printable(ShortText.Cut(contentEncoding, 80))}'): " +
                $"at most {MaxEncodings} are decoded, as curl and urllib3 allow. Read the body undecoded with IterRaw (Invoke-Httpx -Stream Raw) if you need it." +
                (request is null ? "" : $" ({request.Describe()})"), request);
        Stream stream = raw;
        for (int i = encodings.Length - 1; i >= 0; i--)
        {
            string encoding = encodings[i].ToLowerInvariant();
            Stream? decoder = encoding switch
            {
                // Two deliberate differences from HTTPX: "x-gzip" is gzip, as RFC 9110 (8.4.1.3) asks of recipients
                // (HTTPX passes it through undecoded), and every member of a multi-member gzip body is decoded, where
                // Python's zlib object stops after the first and drops the rest.
                // A body cut short inside its gzip or deflate data is an error here, where HTTPX (and .NET) take
                // the shorter body as complete: a downloaded file silently truncated.
                "gzip" or "x-gzip" => new ZlibEndCheckingStream(stream, s => new GZipStream(s, CompressionMode.Decompress), "gzip", readsPastEnd: true),
                "deflate" => new ZlibEndCheckingStream(stream, s => new DeflateDecodingStream(s), "deflate", readsPastEnd: false),
                "br" => new BrotliDecodingStream(stream),
                // Like HTTPX 0.28, concatenated zstd frames are decoded one after another.
                "zstd" => new DecompressionStream(stream),
                _ => null,
            };
            if (decoder is not null) stream = new DecodingErrorStream(decoder, encoding, request);
        }
        return stream;
    }
}
