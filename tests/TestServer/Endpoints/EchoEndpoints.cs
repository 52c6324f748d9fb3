using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Httpx.TestServer.Endpoints;

/// <summary>httpbin-style echo of the request: /echo, /anything, /get, /post, ..., plus /delay, /hang, /host, /upload-size.</summary>
internal static class EchoEndpoints
{
    // Forms in tests can be big (multipart uploads); the defaults (e.g. 4 MB per value) would get in the way.
    private static readonly FormOptions Forms = new()
    {
        ValueCountLimit = int.MaxValue,
        ValueLengthLimit = int.MaxValue,
        KeyLengthLimit = int.MaxValue,
        MultipartBodyLengthLimit = long.MaxValue,
        MultipartHeadersLengthLimit = 1024 * 1024,
        BufferBody = false,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/echo", context => EchoAsync(context));
        app.Map("/anything", context => EchoAsync(context));
        app.Map("/anything/{**rest}", context => EchoAsync(context));
        app.Map("/get", context => OnlyFor(context, "GET", "HEAD"));
        app.Map("/post", context => OnlyFor(context, "POST"));
        app.Map("/put", context => OnlyFor(context, "PUT"));
        app.Map("/patch", context => OnlyFor(context, "PATCH"));
        app.Map("/delete", context => OnlyFor(context, "DELETE"));
        app.Map("/delay/{ms}", DelayAsync);
        app.Map("/hang", HangAsync);
        app.Map("/host", context => Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("host", context.Request.Host.Value); // Kestrel maps HTTP/2 :authority to Host
            w.WriteEndObject();
        }));
        app.Map("/upload-size", UploadSizeAsync);
    }

    // Mapped by hand rather than with MapMethods so that a wrong method gets our own 405 with an Allow header.
    private static Task OnlyFor(HttpContext context, params string[] methods)
    {
        foreach (var m in methods)
        {
            if (string.Equals(context.Request.Method, m, StringComparison.OrdinalIgnoreCase))
            {
                return EchoAsync(context);
            }
        }
        context.Response.Headers.Allow = string.Join(", ", methods);
        return Responses.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "method not allowed");
    }

    private static async Task DelayAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "ms", out var ms))
        {
            await Responses.ErrorAsync(context, 400, "bad delay");
            return;
        }
        using var cts = Responses.Bounded(context, TimeSpan.FromMinutes(10));
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(ms, 600_000)), cts.Token);
        }
        catch (OperationCanceledException)
        {
            Responses.AbortIfStopping(context);
            return;
        }
        await EchoAsync(context);
    }

    // Reads nothing and answers nothing: the client's write or read timeout has to fire.
    private static async Task HangAsync(HttpContext context)
    {
        using var cts = Responses.Bounded(context, TimeSpan.FromMinutes(2));
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cts.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || Responses.Stopping(context).IsCancellationRequested)
        {
            Responses.AbortIfStopping(context);
            return;
        }
        catch (OperationCanceledException)
        {
            // The two-minute bound.
        }
        await Responses.ErrorAsync(context, StatusCodes.Status504GatewayTimeout, "hang bound reached");
    }

    // Streams the body through a hash so multi-GB uploads do not sit in memory.
    private static async Task UploadSizeAsync(HttpContext context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long size = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }
        var digest = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        await Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("size", size);
            w.WriteString("sha256", digest);
            w.WriteEndObject();
        });
    }

    public static async Task EchoAsync(HttpContext context, int status = StatusCodes.Status200OK)
    {
        var request = context.Request;
        byte[] body = [];
        if (request.ContentLength != 0 && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            using var ms = new MemoryStream();
            await request.Body.CopyToAsync(ms, context.RequestAborted);
            body = ms.ToArray();
        }

        IFormCollection? form = null;
        string? formError = null;
        if (body.Length > 0 && request.HasFormContentType)
        {
            request.Body = new MemoryStream(body, writable: false);
            try
            {
                form = await new FormFeature(request, Forms).ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
            {
                formError = e.Message;
            }
        }

        JsonDocument? json = null;
        string? jsonError = null;
        if (body.Length > 0 && IsJson(request.ContentType))
        {
            try
            {
                json = JsonDocument.Parse(body);
                // A lone surrogate escape ("\ud83d", as JSON.stringify writes half an emoji) parses, but cannot be
                // written again: json_error says so where the echo's own writing would fail with a 500.
                using var check = new Utf8JsonWriter(Stream.Null);
                json.RootElement.WriteTo(check);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                json?.Dispose();
                json = null;
                jsonError = e.Message;
            }
        }

        var files = new List<(IFormFile File, byte[] Content)>();
        if (form is not null)
        {
            foreach (var file in form.Files)
            {
                using var ms = new MemoryStream();
                await using (var s = file.OpenReadStream())
                {
                    await s.CopyToAsync(ms, context.RequestAborted);
                }
                files.Add((file, ms.ToArray()));
            }
        }

        using (json)
        {
            await Responses.WriteJsonAsync(context, w => WriteEcho(w, context, body, form, formError, files, json, jsonError), status);
        }
    }

    private static void WriteEcho(Utf8JsonWriter w, HttpContext context, byte[] body, IFormCollection? form, string? formError,
        List<(IFormFile File, byte[] Content)> files, JsonDocument? json, string? jsonError)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString);
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var pathEnd = rawTarget.IndexOf('?');
        var rawPath = pathEnd < 0 ? rawTarget : rawTarget[..pathEnd];
        var origin = request.Scheme + "://" + request.Host.Value;

        w.WriteStartObject();
        w.WriteString("method", request.Method);
        // Origin-form targets are the norm; absolute-form (proxy style) is reported as received.
        w.WriteString("url", rawTarget.StartsWith('/') ? origin + rawTarget : rawTarget.Contains("://") ? rawTarget : origin + "/" + rawTarget);
        w.WriteString("scheme", request.Scheme);
        w.WriteString("path", rawTarget.Contains("://") ? request.Path.Value : rawPath);
        w.WriteString("query", query);
        // The request line's target (HTTP/2: :path) byte for byte, before Kestrel decodes and normalises the path.
        w.WriteString("raw_target", rawTarget);

        w.WriteStartObject("args");
        foreach (var (name, values) in request.Query)
        {
            WriteValues(w, name, values);
        }
        w.WriteEndObject();

        // Kestrel keeps unknown header names as received; known ones come back in its canonical casing and order.
        w.WriteStartObject("headers");
        foreach (var (name, values) in request.Headers)
        {
            WriteValues(w, name, values);
        }
        w.WriteEndObject();

        w.WriteString("http_version", request.Protocol);
        w.WriteString("body", Encoding.UTF8.GetString(body));
        w.WriteBase64String("body_base64", body);
        w.WriteNumber("body_length", body.Length);
        w.WriteBoolean("chunked", HttpProtocol.IsHttp11(request.Protocol)
            && request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase));
        if (long.TryParse(request.Headers.ContentLength.ToString(), out var declared))
        {
            w.WriteNumber("content_length", declared);
        }
        else
        {
            w.WriteNull("content_length");
        }

        w.WriteStartObject("form");
        if (form is not null)
        {
            foreach (var (name, values) in form)
            {
                WriteValues(w, name, values);
            }
        }
        w.WriteEndObject();
        if (formError is not null)
        {
            w.WriteString("form_error", formError);
        }

        w.WriteStartObject("files");
        foreach (var group in files.GroupBy(f => f.File.Name, StringComparer.Ordinal))
        {
            w.WriteStartArray(group.Key);
            foreach (var (file, content) in group)
            {
                w.WriteStartObject();
                w.WriteString("filename", file.FileName);
                w.WriteString("content_type", file.ContentType);
                w.WriteNumber("size", content.Length);
                w.WriteString("content", Encoding.UTF8.GetString(content));
                w.WriteString("sha256", Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant());
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();

        w.WritePropertyName("json");
        if (json is not null)
        {
            json.RootElement.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
        if (jsonError is not null)
        {
            w.WriteString("json_error", jsonError);
        }

        w.WriteStartObject("cookies");
        foreach (var (name, value) in Responses.RawCookies(request))
        {
            w.WriteString(name, value);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter w, string name, Microsoft.Extensions.Primitives.StringValues values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        var type = media.MediaType.Value ?? "";
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
