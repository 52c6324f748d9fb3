using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>Bodies written piece by piece with a flush after each: /stream-lines, /sse, /ndjson (each with ?status=), /unbroken, /drip.</summary>
internal static class StreamingEndpoints
{
    // "Endless" streams (n = 0) still stop after this, so a forgotten client cannot pin the server.
    private static readonly TimeSpan EndlessBound = TimeSpan.FromMinutes(10);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/stream-lines/{n}", context => StreamAsync(context, "text/plain; charset=utf-8", LineItems(context)));
        app.Map("/sse/{n}", context =>
        {
            // Proxies and some clients buffer unless told not to.
            context.Response.Headers.CacheControl = "no-cache";
            return StreamAsync(context, "text/event-stream; charset=utf-8", SseItems());
        });
        app.Map("/ndjson/{n}", context => StreamAsync(context, "application/x-ndjson", i => $"{{\"i\": {i}, \"name\": \"item {i}\"}}\n"));
        // n pieces (0: endless) of 64 KiB of ?unit= ("x") repeated, as ?type= (text/plain): a line that never ends, or
        // with ?unit=data: x%0A and ?type=text/event-stream an event that never ends, as a broken or hostile server sends.
        app.Map("/unbroken/{n}", context =>
        {
            var unit = context.Request.Query["unit"].ToString() is { Length: > 0 } given ? given : "x";
            var piece = string.Concat(Enumerable.Repeat(unit, Math.Max(1, 64 * 1024 / unit.Length)));
            var type = context.Request.Query["type"].ToString() is { Length: > 0 } named ? named : "text/plain; charset=utf-8";
            return StreamAsync(context, type, _ => piece);
        });
        app.Map("/drip", DripAsync);
    }

    private static Func<long, string> LineItems(HttpContext context)
    {
        var ending = context.Request.Query["ending"].ToString() switch
        {
            "crlf" => "\r\n",
            "cr" => "\r",
            _ => "\n",
        };
        return i => $"line {i}{ending}";
    }

    // A ": keep-alive" comment and "retry:" open the stream; a multi-line data event follows the first tick.
    private static Func<long, string> SseItems() => i => i == 1
        ? ": keep-alive\nretry: 1000\nid: 1\nevent: tick\ndata: {\"i\": 1}\n\n"
          + "event: multi\ndata: first line\ndata: second line\ndata: third line\n\n"
        : $"id: {i}\nevent: tick\ndata: {{\"i\": {i}}}\n\n";

    private static async Task StreamAsync(HttpContext context, string contentType, Func<long, string> item)
    {
        if (!Responses.TryRouteLong(context, "n", out var n))
        {
            await Responses.ErrorAsync(context, 400, "bad count");
            return;
        }
        var delay = TimeSpan.FromMilliseconds(Math.Max(0, Responses.QueryInt(context, "delay_ms", 0)));
        using var cts = Responses.Bounded(context, EndlessBound);
        var response = context.Response;
        response.ContentType = contentType;
        // ?status=503: an error whose body streams on (endless with n = 0), as a failing server's log or event feed.
        response.StatusCode = Responses.QueryInt(context, "status", StatusCodes.Status200OK);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        try
        {
            await response.StartAsync(cts.Token);
            for (long i = 1; n == 0 || i <= n; i++)
            {
                if (i > 1 && delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cts.Token);
                }
                var result = await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes(item(i)), cts.Token);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Client disconnected or the endless bound was reached: end the response where it is.
            Responses.AbortIfStopping(context);
        }
    }

    // Headers at once, then ?chunks= pieces of ?size= bytes of 'x' with ?delay_ms= between them.
    private static async Task DripAsync(HttpContext context)
    {
        var chunks = Math.Max(0, Responses.QueryInt(context, "chunks", 5));
        var size = Math.Max(0, Responses.QueryInt(context, "size", 10));
        var delay = TimeSpan.FromMilliseconds(Math.Max(0, Responses.QueryInt(context, "delay_ms", 100)));
        var initialDelay = TimeSpan.FromMilliseconds(Math.Max(0, Responses.QueryInt(context, "initial_delay_ms", 0)));
        using var cts = Responses.Bounded(context, EndlessBound);
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = (long)chunks * size;
        try
        {
            await response.StartAsync(cts.Token);
            await response.BodyWriter.FlushAsync(cts.Token);
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }
            if (initialDelay > TimeSpan.Zero)
            {
                await Task.Delay(initialDelay, cts.Token);
            }
            var piece = Enumerable.Repeat((byte)'x', size).ToArray();
            for (var i = 0; i < chunks; i++)
            {
                if (i > 0 && delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cts.Token);
                }
                await response.BodyWriter.WriteAsync(piece, cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Client gone or server stopping; the body is short of Content-Length, so Kestrel drops the connection anyway.
            Responses.AbortIfStopping(context);
        }
    }
}
