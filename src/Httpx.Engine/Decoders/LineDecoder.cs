using System.Text;

namespace Httpx;

/// <summary>
/// Splits text read chunk by chunk into lines, as HTTPX 0.28's LineDecoder: the line boundaries of Python's
/// <c>str.splitlines</c> (\n, \r\n, \r and the other Unicode line breaks), lines returned without their ending.
/// Protocol lines (NDJSON, text/event-stream) end only at \n, \r\n or \r: there a U+2028 or \f is part of the line.
/// In both, a \r ends its line at once, a \n right after it, in the next chunk too, being the rest of that line break:
/// the lines are HTTPX's, but one ended by a \r at the end of a chunk is not held until more data comes (HTTPX holds
/// it, in case a \n follows), which on a quiet stream kept a log's last line or an event back, and lost it when the
/// stream then broke or timed out.
/// A line longer than <see cref="StreamedLineLimit.MaxLength"/> characters raises <see cref="DecodingException"/>
/// (HTTPX holds it whole): a body with no line break is not held in memory whole.
/// </summary>
public sealed class LineDecoder
{
    private readonly StringBuilder _buffer = new();
    private readonly bool _protocolLines;
    // The last chunk ended with the \r of a line ended at once; a \n starting the next one goes with it.
    private bool _skipLf;

    /// <summary>Splits as str.splitlines does, as HTTPX's iter_lines.</summary>
    public LineDecoder() { }

    /// <param name="protocolLines">True: only \n, \r\n and \r end a line, as NDJSON and text/event-stream define lines.</param>
    public LineDecoder(bool protocolLines) => _protocolLines = protocolLines;

    /// <summary>Adds to <paramref name="lines"/> every line <paramref name="text"/> completes.</summary>
    public void Decode(string text, ICollection<string> lines)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lines);
        if (text.Length == 0) return;
        if (_skipLf)
        {
            _skipLf = false;
            if (text[0] == '\n') text = text[1..];
        }
        if (text.Length > 0 && text[^1] == '\r') _skipLf = true;

        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            int end = _protocolLines ? rest.IndexOfAny('\n', '\r') : IndexOfLineBreak(rest);
            // A line held whole past the limit is refused, whether it is still open or ends in this text.
            if (_buffer.Length + (end < 0 ? rest.Length : end) > StreamedLineLimit.MaxLength)
                throw StreamedLineLimit.Exceeded("A line", "characters");
            if (end < 0)
            {
                _buffer.Append(rest);
                break;
            }
            int breakLength = rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1;
            if (_buffer.Length == 0)
            {
                lines.Add(new string(rest[..end]));
            }
            else
            {
                lines.Add(_buffer.Append(rest[..end]).ToString());
                _buffer.Clear();
            }
            rest = rest[(end + breakLength)..];
        }
    }

    /// <summary>Adds the unfinished last line, if any, at the end of the text.</summary>
    public void Flush(ICollection<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (_buffer.Length == 0) return;
        lines.Add(_buffer.ToString());
        _buffer.Clear();
    }

    // The characters str.splitlines treats as line boundaries.
    private static int IndexOfLineBreak(ReadOnlySpan<char> text) =>
        text.IndexOfAny("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029");
}
