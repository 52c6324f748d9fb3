using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>Fixed documents (/json, /json-array, /html, /xml) and /response-headers.</summary>
internal static class ContentEndpoints
{
    private static readonly byte[] JsonDocument =
        """{"slideshow": {"title": "Sample", "slides": [{"title": "One"}, {"title": "Two"}]}, "n": 42, "ok": true, "none": null}"""u8.ToArray();
    private static readonly byte[] JsonArray = """[1, 2, 3, {"a": "b"}]"""u8.ToArray();
    private static readonly byte[] Html = Encoding.UTF8.GetBytes(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Httpx test</title></head>\n<body><h1>Héllo</h1><p>Test page.</p></body></html>\n");
    private static readonly byte[] Xml = Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<slideshow title=\"Sample\"><slide title=\"One\"/><slide title=\"Two\"/></slideshow>\n");

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/json", context => Responses.WriteBytesAsync(context, JsonDocument, "application/json"));
        app.Map("/json-array", context => Responses.WriteBytesAsync(context, JsonArray, "application/json"));
        app.Map("/html", context => Responses.WriteBytesAsync(context, Html, "text/html; charset=utf-8"));
        app.Map("/xml", context => Responses.WriteBytesAsync(context, Xml, "application/xml"));
        app.Map("/response-headers", ResponseHeadersAsync);
    }

    // Every query parameter (but ?status=) becomes a response header; repeats give repeated headers.
    private static Task ResponseHeadersAsync(HttpContext context)
    {
        var status = Responses.QueryInt(context, "status", 200);
        if (status is < 200 or > 599)
        {
            return Responses.ErrorAsync(context, 400, "status must be 200-599");
        }
        string? contentType = null;
        foreach (var (name, values) in context.Request.Query)
        {
            if (name == "status")
            {
                continue;
            }
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = values.ToString();
                continue;
            }
            context.Response.Headers.Append(name, values);
        }
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            foreach (var (name, values) in context.Request.Query)
            {
                if (name == "status")
                {
                    continue;
                }
                w.WriteStartArray(name);
                foreach (var v in values)
                {
                    w.WriteStringValue(v);
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }, status, contentType ?? "application/json");
    }
}
