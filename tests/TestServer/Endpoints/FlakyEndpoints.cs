using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// /flaky/{n}?key=k&amp;status=503&amp;retry_after=0: a rate-limited or overloaded API. The first n requests with a key
/// get the status (503 by default; 429 too) with that Retry-After (none when not given), or with ?reset=1 a reset
/// connection and no answer; later ones a 200 JSON {"attempt": i}: a script's retry loop can be tested end to end.
/// Keys keep tests apart.
/// </summary>
internal static class FlakyEndpoints
{
    private static readonly ConcurrentDictionary<string, int> Attempts = new();

    public static void Map(IEndpointRouteBuilder app) => app.Map("/flaky/{n}", AnswerAsync);

    private static Task AnswerAsync(HttpContext context)
    {
        if (!Responses.TryRouteLong(context, "n", out var failures))
        {
            return Responses.ErrorAsync(context, 400, "n must be a number");
        }
        var status = Responses.QueryInt(context, "status", StatusCodes.Status503ServiceUnavailable);
        if (status is < 400 or > 599)
        {
            return Responses.ErrorAsync(context, 400, "status must be 400-599");
        }
        var attempt = Attempts.AddOrUpdate(context.Request.Query["key"].ToString(), 1, (_, seen) => seen + 1);
        if (attempt > failures)
        {
            return Responses.WriteJsonAsync(context, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("attempt", attempt);
                w.WriteEndObject();
            });
        }
        if (Responses.QueryFlag(context, "reset"))
        {
            context.Abort();
            return Task.CompletedTask;
        }
        if (context.Request.Query["retry_after"] is { Count: > 0 } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        return Responses.ErrorAsync(context, status, $"attempt {attempt} of {failures} failing");
    }
}
