using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Httpx.TestServer.Endpoints;

/// <summary>Small helpers shared by the endpoints: JSON via Utf8JsonWriter (no reflection), route and query parsing.</summary>
internal static class Responses
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep non-ASCII readable in bodies; tests compare decoded text, not escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK,
        string contentType = "application/json")
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return WriteBytesAsync(context, buffer.WrittenMemory, contentType, status);
    }

    /// <summary>Writes a complete body with Content-Length; HEAD gets the headers only.</summary>
    public static Task WriteBytesAsync(HttpContext context, ReadOnlyMemory<byte> body, string contentType, int status = StatusCodes.Status200OK)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }
        return response.BodyWriter.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task WriteTextAsync(HttpContext context, string text, string contentType = "text/plain; charset=utf-8", int status = StatusCodes.Status200OK)
        => WriteBytesAsync(context, System.Text.Encoding.UTF8.GetBytes(text), contentType, status);

    public static Task ErrorAsync(HttpContext context, int status, string message)
        => WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        }, status);

    public static bool TryRouteLong(HttpContext context, string name, out long value)
    {
        value = 0;
        return context.Request.RouteValues.TryGetValue(name, out var raw)
            && long.TryParse(raw as string, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public static string? Route(HttpContext context, string name)
        => context.Request.RouteValues.TryGetValue(name, out var raw) ? raw as string : null;

    public static int QueryInt(HttpContext context, string name, int fallback)
        => int.TryParse(context.Request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    public static long QueryLong(HttpContext context, string name, long fallback)
        => long.TryParse(context.Request.Query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    public static bool QueryFlag(HttpContext context, string name)
        => context.Request.Query[name].ToString() is "1" or "true" or "yes";

    /// <summary>The pattern of /bytes: byte i is i % 251 (a prime, so it does not line up with buffer sizes).</summary>
    public static void FillPattern(Span<byte> destination, long offset)
    {
        var v = (int)(offset % 251);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)v;
            if (++v == 251)
            {
                v = 0;
            }
        }
    }

    /// <summary>
    /// A token that fires when the client goes away, when the server is stopping, or after
    /// <paramref name="bound"/> in any case. Without the stopping part, a hanging or endless request
    /// would hold every DisposeAsync for Kestrel's whole shutdown timeout.
    /// </summary>
    public static CancellationTokenSource Bounded(HttpContext context, TimeSpan bound)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, Stopping(context));
        cts.CancelAfter(bound);
        return cts;
    }

    public static CancellationToken Stopping(HttpContext context)
        => context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    /// <summary>Cut off by shutdown: drop the connection, so the client does not take a short body for a whole one.</summary>
    public static void AbortIfStopping(HttpContext context)
    {
        if (Stopping(context).IsCancellationRequested)
        {
            context.Abort();
        }
    }

    /// <summary>
    /// The request's cookies exactly as sent (no percent-decoding, unlike Request.Cookies), in order;
    /// for a repeated name the first wins, which RFC 6265 makes the most specific path.
    /// </summary>
    public static List<KeyValuePair<string, string>> RawCookies(HttpRequest request)
    {
        var result = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in request.Headers.Cookie)
        {
            foreach (var pair in (header ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                var name = eq < 0 ? pair : pair[..eq].Trim();
                var value = eq < 0 ? "" : pair[(eq + 1)..].Trim();
                if (name.Length > 0 && seen.Add(name))
                {
                    result.Add(new(name, value));
                }
            }
        }
        return result;
    }
}
