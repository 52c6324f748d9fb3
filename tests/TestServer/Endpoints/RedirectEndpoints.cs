using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Httpx.TestServer.Endpoints;

/// <summary>httpbin's redirect family; every chain ends at /get.</summary>
internal static class RedirectEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/redirect/{n}", context => Chain(context, "/redirect/", absolute: Responses.QueryFlag(context, "absolute")));
        app.Map("/relative-redirect/{n}", context => Chain(context, "/relative-redirect/", absolute: false));
        app.Map("/absolute-redirect/{n}", context => Chain(context, "/absolute-redirect/", absolute: true));
        app.Map("/redirect-to", RedirectTo);
        app.Map("/redirect-scheme-relative", context => Redirect(context, "//" + context.Request.Host.Value + "/get", 302));
    }

    private static Task Chain(HttpContext context, string prefix, bool absolute)
    {
        if (!Responses.TryRouteLong(context, "n", out var n))
        {
            return Responses.ErrorAsync(context, 400, "bad count");
        }
        var target = n <= 1 ? "/get" : prefix + (n - 1);
        if (absolute)
        {
            target = context.Request.Scheme + "://" + context.Request.Host.Value + target;
        }
        return Redirect(context, target, 302);
    }

    // Any method; ?status_code= may be any 3xx (307/308 keep the method and body in clients). Each ?url= is a Location
    // header of its own (two for a server that sends two), and ?url= with nothing after it an empty Location.
    private static Task RedirectTo(HttpContext context)
    {
        var urls = context.Request.Query["url"];
        var status = Responses.QueryInt(context, "status_code", 302);
        if (urls.Count == 0 || status is < 300 or > 399)
        {
            return Responses.ErrorAsync(context, 400, "need ?url= and a 3xx ?status_code=");
        }
        return Redirect(context, urls, status);
    }

    private static Task Redirect(HttpContext context, StringValues location, int status)
    {
        // Set the raw value: Response.Redirect would be fine too, but this keeps it byte-exact.
        context.Response.Headers.Location = location;
        if (status == 304)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("location", location.ToString());
            w.WriteEndObject();
        }, status);
    }
}
