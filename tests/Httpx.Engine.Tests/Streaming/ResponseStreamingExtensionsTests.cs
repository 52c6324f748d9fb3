namespace Httpx.Tests.Streaming;

/// <summary>Server-sent events and JSON lines read from a whole body, as a stream's last chunk leaves them.</summary>
public class ResponseStreamingExtensionsTests
{
    [Fact]
    public void An_event_the_stream_ends_in_before_its_blank_line_is_not_dispatched()
    {
        var events = new Response(200, text: "data: complete\n\ndata: cut off\n").IterServerSentEvents().ToList();
        Assert.Equal(["complete"], events.Select(e => e.Data));
        Assert.Empty(new Response(200, text: "id: 1\ndata: no blank line").IterServerSentEvents());
    }
}
