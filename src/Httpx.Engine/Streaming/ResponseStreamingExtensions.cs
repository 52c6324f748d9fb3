using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// Higher-level views of a streaming body: server-sent events and JSON lines, each yielded as it arrives. Both split
/// lines only at \n, \r\n and \r, as their formats define; an unescaped U+2028 in a JSON string is not a line break.
/// </summary>
public static class ResponseStreamingExtensions
{
    public static IEnumerable<ServerSentEvent> IterServerSentEvents(this Response response) =>
        SyncOverAsync.Enumerate(response.IterServerSentEventsAsync());

    /// <summary>
    /// The text/event-stream events as they arrive; an event the stream ends in before its blank line is not dispatched.
    /// A line or an event's data longer than 16 MiB raises <see cref="DecodingException"/> (<see cref="StreamedLineLimit"/>).
    /// A response of another Content-Type raises <see cref="DecodingException"/> before its body is touched.
    /// </summary>
    public static async IAsyncEnumerable<ServerSentEvent> IterServerSentEventsAsync(this Response response,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // As httpx-sse's iter_sse: read as events, an API's JSON error sent with a 200 or a proxy's login page gave no
        // event and no error, and what the server said was lost.
        var contentType = response.Headers.Get("Content-Type");
        if (!IsEventStream(contentType))
        {
            var type = contentType is null ? "no Content-Type" : $"Content-Type '{contentType}'";
            throw new DecodingException($"The {Described(response)} is not a server-sent event stream: it has {type}, not text/event-stream.", RequestOf(response));
        }
        var decoder = new ServerSentEventDecoder();
        await foreach (var line in response.IterLinesAsync(protocolLines: true, cancellationToken).ConfigureAwait(false))
        {
            ServerSentEvent? sse;
            try
            {
                sse = decoder.Decode(line);
            }
            catch (DecodingException e)
            {
                throw StreamedLineLimit.Of(response, e);
            }
            if (sse is not null) yield return sse;
        }
    }

    // "response to GET https://…" in an error's message (the URL's password masked), or "response" for one built by hand.
    private static string Described(Response response) => RequestOf(response) is { } request ? $"response to {request.Describe()}" : "response";

    private static Request? RequestOf(Response response) => response.HasRequest ? response.Request : null;

    // As -As Json's error: an HTML page or a JSON error where lines were expected reads as what it is.
    private static string TypeOf(Response response) =>
        response.Headers.Get("Content-Type") is { } contentType ? $"Content-Type {contentType}" : "no Content-Type";

    // The parser reads one line at a time, so its own position reads "LineNumber: 0": the byte in the line is what helps.
    private static string ByteOfLine(System.Text.Json.JsonException e) =>
        e.BytePositionInLine is { } position ? $" at byte {position + 1} of the line" : "";

    private static string WithoutPosition(string message)
    {
        var at = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (at < 0) return message;
        var path = message.LastIndexOf(" Path: ", at, StringComparison.Ordinal);
        return message[..(path >= 0 ? path : at)].TrimEnd(' ', '|');
    }

    // The media type alone, in any case: "text/event-stream; charset=utf-8" is one too. A Content-Type set twice (by
    // the app and by a proxy in front of it) reads "text/event-stream, text/event-stream; charset=utf-8": any of its
    // values will do, as httpx-sse's substring test takes it.
    private static bool IsEventStream(string? contentType) =>
        contentType is not null && contentType.Split(',').Any(value =>
            value.Split(';')[0].Trim().Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<JsonNode?> IterJsonLines(this Response response) =>
        SyncOverAsync.Enumerate(response.IterJsonLinesAsync());

    /// <summary>
    /// Each line parsed as JSON (NDJSON / JSON Lines), lines of only spaces and tabs skipped. A line that is not UTF-8 (as
    /// JSON lines are, whatever the charset says) or not JSON raises <see cref="DecodingException"/> naming its number
    /// and the Content-Type.
    /// </summary>
    public static async IAsyncEnumerable<JsonNode?> IterJsonLinesAsync(this Response response,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long number = 0; // an endless stream at 100,000 lines a second passes int.MaxValue in six hours
        var decoder = new Utf8LineDecoder();
        var lines = new List<byte[]>();
        var chunks = response.IterBytesAsync(cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (chunks.ConfigureAwait(false))
        {
            for (var more = true; more;)
            {
                // Each chunk's complete lines; after the last chunk, the decoder's flush (a last line without a newline).
                more = await chunks.MoveNextAsync().ConfigureAwait(false);
                try
                {
                    if (more) decoder.Decode(chunks.Current, lines);
                    else decoder.Flush(lines);
                }
                catch (DecodingException e)
                {
                    throw StreamedLineLimit.Of(response, e);
                }
                foreach (var line in lines)
                {
                    number++;
                    if (!IsBlank(line)) yield return Parse(response, line, number);
                }
                lines.Clear();
            }
        }
    }

    // Blank is JSON's whitespace only (a line holds no CR or LF): a line of a no-break space, \f or U+2028 is no JSON,
    // and skipping it as blank lost a mangled record without a word.
    private static bool IsBlank(byte[] line) => line.AsSpan().IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    private static JsonNode? Parse(Response response, byte[] line, long number)
    {
        // Read as U+FFFD, a latin-1 "café" lost its é without a word, where -As Json refuses the same bytes.
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            int at = JsonEncoding.InvalidUtf8At(line);
            throw new DecodingException($"Line {number} of the {Described(response)} is not valid JSON: byte 0x{line[at]:X2} at byte {at + 1} of the line " +
                $"is not UTF-8, which JSON lines are ({TypeOf(response)}).", RequestOf(response));
        }
        try
        {
            return JsonParser.Parse(line);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DecodingException($"Line {number} of the {Described(response)} is not valid JSON{ByteOfLine(e)} ({TypeOf(response)}): {WithoutPosition(e.Message)}", RequestOf(response), e);
        }
    }
}
