using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// Cookies, httpbin style. Set-Cookie headers are written raw rather than through Response.Cookies,
/// which would percent-encode values and add its own attributes.
/// </summary>
internal static class CookieEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/cookies", WriteCookiesAsync);
        app.Map("/cookies/set", context =>
        {
            foreach (var (name, values) in context.Request.Query)
            {
                context.Response.Headers.Append("Set-Cookie", $"{name}={CookieValue(values.ToString())}; Path=/");
            }
            return RedirectToCookies(context);
        });
        app.Map("/cookies/set/{name}/{value}", context =>
        {
            context.Response.Headers.Append("Set-Cookie", $"{Responses.Route(context, "name")}={CookieValue(Responses.Route(context, "value") ?? "")}; Path=/");
            return RedirectToCookies(context);
        });
        app.Map("/cookies/set-raw", context =>
        {
            foreach (var raw in context.Request.Query["h"])
            {
                context.Response.Headers.Append("Set-Cookie", raw);
            }
            return WriteCookiesAsync(context);
        });
        app.Map("/cookies/delete", context =>
        {
            foreach (var (name, _) in context.Request.Query)
            {
                context.Response.Headers.Append("Set-Cookie", $"{name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
            }
            return RedirectToCookies(context);
        });
        // For path-scoping tests: a cookie set with Path=/cookies/path/a is sent here and not at /cookies.
        app.Map("/cookies/path/{**rest}", WriteCookiesAsync);
    }

    private static Task RedirectToCookies(HttpContext context)
    {
        context.Response.Headers.Location = "/cookies";
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("location", "/cookies");
            w.WriteEndObject();
        }, StatusCodes.Status302Found);
    }

    private static Task WriteCookiesAsync(HttpContext context)
        => Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("cookies");
            foreach (var (name, value) in Responses.RawCookies(context.Request))
            {
                w.WriteString(name, value);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });

    // RFC 6265 cookie-octets pass as they are; anything else is percent-encoded so the header stays valid.
    private static string CookieValue(string value)
    {
        foreach (var c in value)
        {
            var ok = c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            if (!ok)
            {
                return Uri.EscapeDataString(value);
            }
        }
        return value;
    }
}
