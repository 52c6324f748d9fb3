using System.Globalization;
using System.Text;

namespace Httpx;

/// <summary>
/// Incremental text/event-stream parser (WHATWG HTML "event stream interpretation"), fed one line at a time:
/// "field: value" lines accumulate, a blank line dispatches the event if a data line came since the last one (else it
/// only resets the event type), ":" starts a comment, data lines join with \n, and the last event id carries over to
/// later events. A caller drops the event still open at the end of the stream: the spec does not dispatch it.
/// Data longer than <see cref="StreamedLineLimit.MaxLength"/> characters raises <see cref="DecodingException"/>
/// (httpx-sse holds it whole): an event that never ends is not held in memory whole.
/// </summary>
public sealed class ServerSentEventDecoder
{
    private string _event = "";
    private readonly StringBuilder _data = new();
    private bool _hasData;
    private string _lastEventId = "";
    private int? _retry;

    /// <summary>Feeds one line (without its ending); returns the event a blank line completes, else null.</summary>
    public ServerSentEvent? Decode(string line)
    {
        if (line.Length == 0) return Dispatch();
        if (line[0] == ':') return null;

        var colon = line.IndexOf(':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? "" : line[(colon + 1)..];
        if (value.StartsWith(' ')) value = value[1..];

        switch (field)
        {
            case "event": _event = value; break;
            case "data":
                // Each line is within the limit, and so is their sum with the \n that joins them: an event that never
                // ends holds no more. The first line has no \n before it.
                if (_data.Length + (_hasData ? 1 : 0) + value.Length > StreamedLineLimit.MaxLength)
                    throw StreamedLineLimit.Exceeded("An event's data", "characters");
                if (_hasData) _data.Append('\n');
                _data.Append(value);
                _hasData = true;
                break;
            case "id" when !value.Contains('\0'): _lastEventId = value; break;
            // Only ASCII digits set it (WHATWG); more than an int holds (24.8 days of milliseconds) is the longest retry
            // we can give, not an ignored field nor a negative number.
            case "retry" when value.Length > 0 && value.All(char.IsAsciiDigit):
                _retry = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : int.MaxValue;
                break;
        }
        return null;
    }

    private ServerSentEvent? Dispatch()
    {
        // Only data makes an event: a block of just a comment, id, event or retry is no message, and the sticky last
        // event id must not turn keep-alive blank lines into empty events (httpx-sse #35). A retry of such a block
        // stays pending and goes with the next event, which is the only place a ServerSentEvent can carry it.
        if (!_hasData)
        {
            _event = "";
            return null;
        }
        var sse = new ServerSentEvent(_event.Length == 0 ? "message" : _event, _data.ToString(), _lastEventId, _retry);
        _event = "";
        _data.Clear();
        _hasData = false;
        _retry = null;
        return sse;
    }
}
