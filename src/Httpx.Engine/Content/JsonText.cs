namespace Httpx;

/// <summary>
/// JSON that is already text, for <c>json</c>: sent exactly as given (UTF-8, Content-Type application/json), where a
/// plain string would be serialised as a JSON string literal as HTTPX does. The text must be valid JSON.
/// </summary>
public sealed record JsonText
{
    public JsonText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(text);
        }
        // ArgumentException: a lone surrogate, which no UTF-8 body can carry (System.Text.Json cannot transcode it).
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            throw new ArgumentException($"The text given as JSON is not valid JSON: {e.Message}", "json", e);
        }
        Text = text;
    }

    public string Text { get; }

    public override string ToString() => Text;
}
