using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// Content-Encoding (/encoding/...) and charset (/charset/...) bodies. Compression is done by hand
/// here; ASP.NET's response compression middleware is deliberately not used so nothing re-encodes.
/// </summary>
internal static class EncodingEndpoints
{
    public const string TextPlain = "text/plain; charset=utf-8";

    /// <summary>Several KB of text with non-ASCII, so every decoder has real work and multi-byte characters.</summary>
    public static readonly string Sample = BuildSample();
    private static readonly byte[] SampleBytes = Encoding.UTF8.GetBytes(Sample);

    // 0x11 is rejected by every decoder: not the gzip or zstd magic, a bad zlib header, a raw-deflate
    // stored block whose LEN/NLEN do not match, and a reserved brotli window size (checked with
    // .NET, zlib and zstd decoders).
    private static readonly byte[] Garbage = [0x11, 0xFF, 0xFE, .. "this is not compressed data"u8, 0, 1, 2, .. " at all"u8];

    public const string LatinText = "Grüße, café, naïve — ¿qué?";
    public const string JapaneseText = "日本語のテキスト";

    static EncodingEndpoints()
    {
        // shift_jis, windows-1252, ... are not built into .NET without this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/encoding/sample", context => Responses.WriteBytesAsync(context, SampleBytes, TextPlain));
        app.Map("/encoding/stacked", StackedAsync);
        app.Map("/encoding/malformed", MalformedAsync);
        app.Map("/encoding/truncated/{name}", TruncatedAsync);
        app.Map("/encoding/{name}", EncodedAsync);
        app.Map("/charset/text", CharsetTextAsync);
        app.Map("/charset/{name}", CharsetAsync);
    }

    private static string BuildSample()
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= 120; i++)
        {
            sb.Append("héllo wörld ✓ line ").Append(i).Append(": the quick brown fox jumps over the lazy dog. 日本語 Ελληνικά\n");
        }
        return sb.ToString();
    }

    private static Task EncodedAsync(HttpContext context)
    {
        var name = Responses.Route(context, "name") ?? "";
        var encoded = Encode(SampleBytes, name);
        if (encoded is null)
        {
            return Responses.ErrorAsync(context, 400, "unknown encoding: " + name);
        }
        context.Response.Headers.ContentEncoding = HeaderName(name);
        // ?type= the Content-Type (text/plain by default): application/gzip labels a .gz file served as Apache's
        // AddEncoding x-gzip .gz serves it.
        var type = context.Request.Query["type"].ToString();
        return Responses.WriteBytesAsync(context, encoded, type.Length == 0 ? TextPlain : type);
    }

    // ?e=gzip,br applies gzip first, then br; Content-Encoding lists them in that order (RFC 9110 8.4).
    private static Task StackedAsync(HttpContext context)
    {
        var names = context.Request.Query["e"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            names = ["gzip", "br"];
        }
        var data = SampleBytes;
        foreach (var name in names)
        {
            var next = Encode(data, name);
            if (next is null)
            {
                return Responses.ErrorAsync(context, 400, "unknown encoding: " + name);
            }
            data = next;
        }
        context.Response.Headers.ContentEncoding = string.Join(", ", names.Select(HeaderName));
        return Responses.WriteBytesAsync(context, data, TextPlain);
    }

    // The encoded sample without its last ?cut= bytes (half of it by default), with a Content-Length for what is sent:
    // a body complete as HTTP, cut short inside its compressed data.
    private static Task TruncatedAsync(HttpContext context)
    {
        var name = Responses.Route(context, "name") ?? "";
        var encoded = Encode(SampleBytes, name);
        if (encoded is null)
        {
            return Responses.ErrorAsync(context, 400, "unknown encoding: " + name);
        }
        var cut = int.TryParse(context.Request.Query["cut"], out var n) ? n : encoded.Length / 2;
        context.Response.Headers.ContentEncoding = HeaderName(name);
        return Responses.WriteBytesAsync(context, encoded[..^cut], TextPlain);
    }

    // Claims an encoding but sends bytes that no decoder of it accepts.
    private static Task MalformedAsync(HttpContext context)
    {
        var name = context.Request.Query["e"].ToString();
        if (name.Length == 0)
        {
            name = "gzip";
        }
        context.Response.Headers.ContentEncoding = name;
        return Responses.WriteBytesAsync(context, Garbage, TextPlain);
    }

    private static string HeaderName(string name) => name == "deflate-raw" ? "deflate" : name;

    public static byte[]? Encode(byte[] data, string name)
    {
        switch (name)
        {
            case "identity":
                return data;
            case "zstd":
                using (var compressor = new ZstdSharp.Compressor(3))
                {
                    return compressor.Wrap(data).ToArray();
                }
        }
        using var output = new MemoryStream();
        using (Stream? stream = name switch
        {
            // x-gzip: gzip under its old name (Apache's AddEncoding x-gzip .gz labels a stored file so).
            "gzip" or "x-gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate-raw" => new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => null,
        })
        {
            if (stream is null)
            {
                return null;
            }
            stream.Write(data);
        }
        return output.ToArray();
    }

    private static string TextFor(string charset)
        => charset.ToLowerInvariant() switch
        {
            "shift_jis" or "shift-jis" or "sjis" or "cp932" or "windows-31j" or "euc-jp" or "iso-2022-jp" => JapaneseText,
            _ => LatinText,
        };

    private static Task CharsetAsync(HttpContext context)
    {
        var name = Responses.Route(context, "name") ?? "";
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return Responses.ErrorAsync(context, 400, "unknown charset: " + name);
        }
        var contentType = Responses.QueryFlag(context, "nocharset") ? "text/plain" : "text/plain; charset=" + name;
        return Responses.WriteBytesAsync(context, encoding.GetBytes(TextFor(name)), contentType);
    }

    // The source texts; with ?name= also what that charset can really carry (e.g. iso-8859-1 has no em dash).
    private static Task CharsetTextAsync(HttpContext context)
    {
        var name = context.Request.Query["name"].ToString();
        string? expected = null;
        if (name.Length > 0)
        {
            try
            {
                var encoding = Encoding.GetEncoding(name);
                expected = encoding.GetString(encoding.GetBytes(TextFor(name)));
            }
            catch (ArgumentException)
            {
                return Responses.ErrorAsync(context, 400, "unknown charset: " + name);
            }
        }
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("text", LatinText);
            w.WriteString("japanese", JapaneseText);
            if (expected is not null)
            {
                w.WriteString("expected", expected);
            }
            w.WriteEndObject();
        });
    }
}
