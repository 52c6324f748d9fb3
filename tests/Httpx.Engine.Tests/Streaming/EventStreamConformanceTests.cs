using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Httpx.Tests.Streaming;

/// <summary>
/// The web-platform-tests' eventsource/format-* streams, byte for byte as their resources serve them, and the HTML
/// Standard's examples (9.2.5), each read in one piece and a few bytes at a time, so that every chunk boundary comes up:
/// a CR in one read and its LF in the next, a UTF-8 character or the byte order mark split between reads. What the
/// browser's EventSource dispatches is what we yield (event type, data, last event ID; WPT times retry, we show it).
/// </summary>
public class EventStreamConformanceTests
{
    private const string EventStream = "text/event-stream";

    // resources/message.py: the message, then "\n\n" (unless newline=none), then "\n".
    private static string Message(string message, bool newline = true) => message + (newline ? "\n\n" : "") + "\n";

    private static ServerSentEvent E(string data, string id = "", int? retry = null, string type = "message") => new(type, data, id, retry);

    /// <summary>Name → Content-Type, body, and the events EventSource dispatches (null: it fails the connection).</summary>
    private static readonly Dictionary<string, (string ContentType, string Body, ServerSentEvent[]? Events)> Cases = new()
    {
        // A BOM is dropped at the start of the stream only: a second one makes "\uFEFFdata", an unknown field.
        ["format-bom"] = (EventStream, Message("\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3"), [E("1"), E("3")]),
        ["format-bom-2"] = (EventStream, Message("\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3"), [E("2"), E("3")]),
        ["format-comments"] = (EventStream, Message("data:1\r:\0\n:\r\ndata:2\n:" + new string('x', 2048) + "\rdata:3\n:data:fail\r:" +
            new string('x', 2048) + "\ndata:4\n", newline: false), [E("1\n2\n3\n4")]),
        // The stream ends in an event without its blank line: not dispatched, and its id never becomes the last event ID.
        ["format-data-before-final-empty-line"] = (EventStream, Message("retry:1000\ndata:test1\n\nid:test\ndata:test2", newline: false),
            [E("test1", retry: 1000)]),
        ["format-field-data"] = (EventStream, Message("data:\n\ndata\ndata\n\ndata:test"), [E(""), E("\n"), E("test")]),
        ["format-field-event"] = (EventStream, Message("event:test\ndata:x\n\ndata:x"), [E("x", type: "test"), E("x")]),
        ["format-field-event-empty"] = (EventStream, Message("event: \ndata:data"), [E("data")]),
        // resources/last-event-id.py's first answer: a non-ASCII id.
        ["format-field-id"] = (EventStream, "id: \u2026\nretry: 200\ndata: hello\n\n", [E("hello", "\u2026", 200)]),
        // resources/last-event-id2.py: the id persists, changes and persists, resets.
        ["format-field-id-3-persists"] = (EventStream, "id: 1\ndata: 1\n\ndata:2\n\n", [E("1", "1"), E("2", "1")]),
        ["format-field-id-3-changes"] = (EventStream, "id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n", [E("1", "1"), E("2", "2"), E("3", "2")]),
        ["format-field-id-3-resets"] = (EventStream, "id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n", [E("1", "1"), E("2"), E("3")]),
        // format-field-id-null: an id with a NUL anywhere is ignored.
        ["format-field-id-null-00"] = (EventStream, "id: \0\0\nretry: 200\ndata: hello\n\n", [E("hello", retry: 200)]),
        ["format-field-id-null-x0"] = (EventStream, "id: x\0\nretry: 200\ndata: hello\n\n", [E("hello", retry: 200)]),
        ["format-field-id-null-0x"] = (EventStream, "id: \0x\nretry: 200\ndata: hello\n\n", [E("hello", retry: 200)]),
        ["format-field-id-null-x0x"] = (EventStream, "id: x\0x\nretry: 200\ndata: hello\n\n", [E("hello", retry: 200)]),
        ["format-field-id-null-space0"] = (EventStream, "id:  \0\nretry: 200\ndata: hello\n\n", [E("hello", retry: 200)]),
        ["format-field-parsing"] = (EventStream, Message("data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n",
            newline: false), [E("\0\n 2\n1\n3\n\n4")]),
        ["format-field-retry"] = (EventStream, Message("retry:02000\ndata:x"), [E("x", retry: 2000)]),
        ["format-field-retry-bogus"] = (EventStream, Message("retry:2000\nretry:1000x\ndata:x"), [E("x", retry: 2000)]),
        ["format-field-retry-empty"] = (EventStream, Message("retry\ndata:test"), [E("test")]),
        ["format-field-unknown"] = (EventStream, Message("data:test\n data\ndata\nfoobar:xxx\njustsometext\n:thisisacommentyay\ndata:test"), [E("test\n\ntest")]),
        ["format-leading-space"] = (EventStream, Message("data:\ttest\rdata: \ndata:test"), [E("\ttest\n\ntest")]),
        ["format-mime-bogus"] = ("x bogus", Message("data: data"), null),
        ["format-mime-valid-bogus"] = ("text/x-bogus", Message("data: data"), null),
        ["format-mime-trailing-semicolon"] = ("text/event-stream;", Message("data: data"), [E("data")]),
        ["format-newlines"] = (EventStream, Message("data:test\r\ndata\ndata:test\r\n\r", newline: false), [E("test\n\ntest")]),
        ["format-null-character"] = (EventStream, Message("data:\0\n\n"), [E("\0")]),
        // Always UTF-8, whatever the charset says.
        ["format-utf-8"] = ("text/event-stream;charset=windows-1252", Message("data:ok\u2026"), [E("ok\u2026")]),
        // event-data.any.js: one round of resources/message2.py.
        ["event-data"] = (EventStream, "data:msg\ndata: msg\n\n:\nfalsefield:msg\n\nfalsefield:msg\nData:data\n\ndata\n\ndata:end\n\n",
            [E("msg\nmsg"), E(""), E("end")]),
        // The HTML Standard's examples (9.2.5, "Parsing an event stream").
        ["spec-stock"] = (EventStream, "data: YHOO\ndata: +2\ndata: 10\n\n", [E("YHOO\n+2\n10")]),
        ["spec-ids"] = (EventStream, ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
            [E("first event", "1"), E("second event"), E(" third event")]),
        ["spec-empty-data"] = (EventStream, "data\n\ndata\ndata\n\ndata:", [E(""), E("\n")]),
        ["spec-one-space"] = (EventStream, "data:test\n\ndata: test\n\n", [E("test"), E("test")]),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_stream_gives_the_events_EventSource_dispatches_however_it_is_cut(string name)
    {
        var (contentType, body, expected) = Cases[name];
        var headers = new Dictionary<string, string> { ["Content-Type"] = contentType };
        foreach (var pieceSize in new[] { 1, 2, 3, 5, int.MaxValue })
        {
            var response = new Response(200, headers: headers, stream: new TrickleStream(Encoding.UTF8.GetBytes(body), pieceSize));
            if (expected is null)
                Assert.Throws<DecodingException>(() => response.IterServerSentEvents().ToList());
            else
                Assert.Equal(expected, response.IterServerSentEvents().ToList());
        }
    }

    [Fact]
    public async Task Over_a_socket_a_line_break_and_a_character_split_between_reads_are_one_line_break_and_one_character()
    {
        // Each write waits until the event before it came out, so that the client has read up to the split: a CR as the
        // last byte of one read and its LF as the first of the next (one line break, not a CR and then an empty line that
        // would dispatch "a" and "b" apart), then the two bytes of é on either side of a read.
        var proceed = new SemaphoreSlim(0);
        await using var server = ServeInSteps(proceed,
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"u8.ToArray(),
            "data: 1\n\ndata: a\r"u8.ToArray(),
            [.. "\ndata: b\r\n\r\ndata: caf"u8, 0xC3],
            [0xA9, .. "\n\n"u8]);
        var events = new List<ServerSentEvent>();
        await using (var client = new Httpx.Client())
        await using (var response = await client.StreamAsync("GET", $"{server.Url}/events"))
        {
            await foreach (var sse in response.IterServerSentEventsAsync())
            {
                events.Add(sse);
                proceed.Release();
            }
        }
        await server.FirstServed.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal([E("1"), E("a\nb"), E("caf\u00e9")], events);
    }

    /// <summary>Answers one request: the head and first piece at once, then each further piece when told to.</summary>
    private static TestServer.ScriptedServer ServeInSteps(SemaphoreSlim proceed, byte[] head, params byte[][] pieces) =>
        new(async connection =>
        {
            connection.Socket.NoDelay = true;
            await connection.ReadHeadAsync();
            await connection.SendAsync(head);
            for (var i = 0; i < pieces.Length; i++)
            {
                // Bounded only so that a client that never yields fails the test rather than hanging it.
                if (i > 0 && !await proceed.WaitAsync(TimeSpan.FromMinutes(1), connection.Stopping))
                    throw new TimeoutException($"The client yielded no event after piece {i} of the stream.");
                await connection.SendAsync(pieces[i]);
            }
            connection.CloseSend();
        }, maxConnections: 1);
}
