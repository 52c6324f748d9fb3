namespace Httpx;

/// <summary>One server-sent event (text/event-stream), as the httpx-sse companion library models it.</summary>
public sealed record ServerSentEvent(string Event, string Data, string Id, int? Retry)
{
    /// <summary>The data parsed as JSON.</summary>
    public System.Text.Json.Nodes.JsonNode? Json() => JsonParser.Parse(Data);

    /// <summary>
    /// The event as an error message names it, <c>event 'tick' (id '7') with data '{"i": 1, ...'</c>: its name, its id
    /// when it has one, and the start of its data (escaped, so that it stays on one line), which is what tells one event
    /// of a stream from another.
    /// </summary>
    public string Describe()
    {
        const int shown = 60;
        var id = Id.Length > 0 ? $" (id {Internal.PythonRepr.Of(Id)})" : "";
        var data = Data.Length > shown ? Internal.PythonRepr.Of(Internal.ShortText.Head(Data, shown)) + Internal.ShortText.Ellipsis : Internal.PythonRepr.Of(Data);
        return $"event {Internal.PythonRepr.Of(Event)}{id} with data {data}";
    }

    /// <summary>
    /// httpx-sse's repr, <c>ServerSentEvent(event='message', data='...', id='1', retry=1000)</c>, leaving out an empty
    /// data or id and an absent retry. Data of several lines stays on one ("first\nsecond"), as in a table cell or "$event".
    /// </summary>
    public override string ToString()
    {
        var pieces = new List<string> { $"event={Internal.PythonRepr.Of(Event)}" };
        if (Data.Length > 0) pieces.Add($"data={Internal.PythonRepr.Of(Data)}");
        if (Id.Length > 0) pieces.Add($"id={Internal.PythonRepr.Of(Id)}");
        if (Retry is { } retry) pieces.Add($"retry={retry}");
        return $"ServerSentEvent({string.Join(", ", pieces)})";
    }
}
