using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>Status codes and byte bodies: /status, /bytes, /range, /broken, /download.</summary>
internal static class BytesEndpoints
{
    private const string OctetStream = "application/octet-stream";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/status/{code}", StatusAsync);
        app.Map("/bytes/{n}", BytesAsync);
        app.Map("/range/{n}", RangeAsync);
        app.Map("/broken/{n}", BrokenAsync);
        app.Map("/download/{n}", DownloadAsync);
    }

    private static Task StatusAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "code", out var code) || code is < 200 or > 599)
        {
            return Responses.ErrorAsync(context, 400, "status must be 200-599");
        }
        var status = (int)code;
        if (status is >= 300 and < 400)
        {
            context.Response.Headers.Location = "/get";
        }
        if (status is 204 or 205 or 304)
        {
            // These may not carry a body.
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", status);
            w.WriteEndObject();
        }, status);
    }

    private static Task BytesAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "n", out var n))
        {
            return Responses.ErrorAsync(context, 400, "bad length");
        }
        context.Response.ContentType = OctetStream;
        if (Responses.QueryFlag(context, "chunked"))
        {
            // No Content-Length: HTTP/1.1 sends it chunked, one flush per ?chunk= bytes.
            return WritePatternAsync(context, 0, n, Math.Max(1, Responses.QueryInt(context, "chunk", 16384)), flushEach: true);
        }
        context.Response.ContentLength = n;
        return WritePatternAsync(context, 0, n, 64 * 1024, flushEach: false);
    }

    private static Task DownloadAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "n", out var n))
        {
            return Responses.ErrorAsync(context, 400, "bad length");
        }
        var disposition = new StringBuilder("attachment");
        var filename = context.Request.Query["filename"].ToString();
        if (filename.Length > 0)
        {
            disposition.Append("; filename=\"").Append(filename.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
        }
        var filenameStar = context.Request.Query["filename_star"].ToString();
        if (filenameStar.Length > 0)
        {
            // RFC 5987 ext-value: percent-encoded UTF-8.
            disposition.Append("; filename*=UTF-8''").Append(Uri.EscapeDataString(filenameStar));
        }
        context.Response.Headers.ContentDisposition = disposition.ToString();
        context.Response.ContentType = OctetStream;
        context.Response.ContentLength = n;
        return WritePatternAsync(context, 0, n, 64 * 1024, flushEach: false);
    }

    private static Task RangeAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "n", out var n))
        {
            return Responses.ErrorAsync(context, 400, "bad length");
        }
        var response = context.Response;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"range-{n}\"";
        response.ContentType = OctetStream;
        var header = context.Request.Headers.Range.ToString();
        if (header.Length == 0)
        {
            response.ContentLength = n;
            return WritePatternAsync(context, 0, n, 64 * 1024, flushEach: false);
        }
        if (!TryParseRange(header, n, out var first, out var last))
        {
            response.Headers.ContentRange = $"bytes */{n}";
            return Responses.ErrorAsync(context, StatusCodes.Status416RangeNotSatisfiable, "range not satisfiable");
        }
        // A server answering another range than asked: ?shift=k starts it k bytes later (said in its Content-Range),
        // ?nocontentrange sends the asked bytes without a Content-Range, ?short=k ends it k bytes early (said in its
        // Content-Range: a server may send less than asked, and the resource is then still not whole).
        first = Math.Min(last, first + Responses.QueryLong(context, "shift", 0));
        last = Math.Max(first, last - Responses.QueryLong(context, "short", 0));
        response.StatusCode = StatusCodes.Status206PartialContent;
        if (!Responses.QueryFlag(context, "nocontentrange"))
        {
            response.Headers.ContentRange = $"bytes {first}-{last}/{n}";
        }
        response.ContentLength = last - first + 1;
        return WritePatternAsync(context, first, last - first + 1, 64 * 1024, flushEach: false);
    }

    // One range only: "bytes=a-b", "bytes=a-" or the suffix form "bytes=-k".
    private static bool TryParseRange(string header, long n, out long first, out long last)
    {
        first = last = 0;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return false;
        }
        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }
        var a = spec[..dash].Trim();
        var b = spec[(dash + 1)..].Trim();
        if (a.Length == 0)
        {
            if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0 || n == 0)
            {
                return false;
            }
            first = Math.Max(0, n - suffix);
            last = n - 1;
            return true;
        }
        if (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out first) || first >= n)
        {
            return false;
        }
        if (b.Length == 0)
        {
            last = n - 1;
            return true;
        }
        if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out last) || last < first)
        {
            return false;
        }
        last = Math.Min(last, n - 1);
        return true;
    }

    // Promises n bytes, sends ?after= of them, then drops the connection mid-body.
    private static async Task BrokenAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "n", out var n))
        {
            await Responses.ErrorAsync(context, 400, "bad length");
            return;
        }
        var after = Math.Clamp(Responses.QueryLong(context, "after", n / 2), 0, n);
        context.Response.ContentType = OctetStream;
        context.Response.ContentLength = n;
        await context.Response.StartAsync(context.RequestAborted);
        await WritePatternAsync(context, 0, after, 64 * 1024, flushEach: false);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        context.Abort();
    }

    public static async Task WritePatternAsync(HttpContext context, long offset, long count, int chunk, bool flushEach)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        var writer = context.Response.BodyWriter;
        var buffer = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            if (flushEach)
            {
                await context.Response.StartAsync(context.RequestAborted);
            }
            while (count > 0)
            {
                var size = (int)Math.Min(chunk, count);
                Responses.FillPattern(buffer.AsSpan(0, size), offset);
                var result = await writer.WriteAsync(buffer.AsMemory(0, size), context.RequestAborted);
                if (result.IsCanceled || result.IsCompleted)
                {
                    return;
                }
                offset += size;
                count -= size;
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
