namespace Httpx;

/// <summary>One server-sent event (text/event-stream), as the httpx-sse companion library models it.</summary>
public sealed record ServerSentEvent(string Event, string Data, string Id, int? Retry)
{
    /// <summary>The data parsed as JSON.</summary>
    public System.Text.Json.Nodes.JsonNode? Json() => JsonParser.Parse(Data);
}
