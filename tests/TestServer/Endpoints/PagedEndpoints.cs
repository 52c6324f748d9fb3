using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// /paged/{pages}?page=k: a paginated API as GitHub's is, page k of {pages} ({"page": k, "items": [...]}) with a Link
/// header to the next and last pages, written relative (as some APIs do) and keeping the request's other query
/// parameters as written (?fields=id;name stays so), so that a script's paging loop can be tested end to end.
/// </summary>
internal static class PagedEndpoints
{
    private const int ItemsPerPage = 2;

    public static void Map(IEndpointRouteBuilder app) => app.Map("/paged/{pages}", PageAsync);

    private static Task PageAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "pages", out var pages) || pages is < 1 or > 1000)
        {
            return Responses.ErrorAsync(context, 400, "pages must be 1-1000");
        }
        var page = Responses.QueryInt(context, "page", 1);
        if (page < 1 || page > pages)
        {
            return Responses.ErrorAsync(context, 404, $"no page {page}");
        }
        // The other parameters as they came (raw), so that a ';' or '%2C' in them reaches the Link's URLs unchanged.
        var others = string.Join('&', context.Request.QueryString.Value?.TrimStart('?').Split('&')
            .Where(p => p.Length > 0 && !p.StartsWith("page=", StringComparison.Ordinal)) ?? []);
        string PageUrl(long k) => $"{context.Request.Path}?{(others.Length > 0 ? others + "&" : "")}page={k}";
        var links = new List<string>();
        if (page < pages) links.Add($"<{PageUrl(page + 1)}>; rel=\"next\"");
        links.Add($"<{PageUrl(pages)}>; rel=\"last\"");
        context.Response.Headers.Append("Link", string.Join(", ", links));
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("page", page);
            w.WriteStartArray("items");
            for (var i = 1; i <= ItemsPerPage; i++) w.WriteNumberValue((page - 1) * ItemsPerPage + i);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
