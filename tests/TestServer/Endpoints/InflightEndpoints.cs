using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// /inflight?wait_for=N&amp;timeout_ms=5000[&amp;key=group]: holds each request until N are in flight together.
/// It answers whether N were reached, the most seen and the id of the connection it came on.
/// /inflight/reset and /inflight/max manage the recorded maximum.
/// </summary>
internal static class InflightEndpoints
{
    public static void Map(IEndpointRouteBuilder app, InflightTracker tracker)
    {
        app.Map("/inflight", async context =>
        {
            var waitFor = Math.Max(1, Responses.QueryInt(context, "wait_for", 1));
            var timeout = TimeSpan.FromMilliseconds(Math.Clamp(Responses.QueryInt(context, "timeout_ms", 5000), 0, 600_000));
            using var cts = Responses.Bounded(context, TimeSpan.FromMinutes(10));
            var (reached, max) = await tracker.EnterAndWaitAsync(Key(context), waitFor, timeout, cts.Token);
            Responses.AbortIfStopping(context);
            await Responses.WriteJsonAsync(context, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("reached", reached);
                w.WriteNumber("in_flight_max", max);
                // The connection it came on (an HTTP/2 connection's streams share it): how many a client opened.
                w.WriteString("connection", context.Connection.Id);
                w.WriteEndObject();
            });
        });
        app.Map("/inflight/reset", context =>
        {
            tracker.Reset(Key(context));
            return WriteMax(context, tracker);
        });
        app.Map("/inflight/max", context => WriteMax(context, tracker));
    }

    private static string Key(HttpContext context) => context.Request.Query["key"].ToString();

    private static Task WriteMax(HttpContext context, InflightTracker tracker)
        => Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("in_flight_max", tracker.MaxObserved(Key(context)));
            w.WriteEndObject();
        });
}
