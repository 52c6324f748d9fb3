namespace Httpx;

/// <summary>
/// Splits UTF-8 bytes read chunk by chunk into the lines of NDJSON (JSON Lines), as bytes: a line ends at \n, \r\n or
/// \r, a \r at once (a line on a quiet stream is not held for a \n that may follow; one that does, in the next chunk
/// too, is the rest of that line break), and a byte order mark at the start of the body is dropped. These bytes are
/// never part of a multi-byte UTF-8 sequence, so splitting before decoding is exact, and each line can then be checked
/// as UTF-8 on its own: a byte that is not UTF-8 is found in its line, where decoding the stream first made it a
/// U+FFFD that no one saw (<see cref="LineDecoder"/> is the same for text). A line longer than
/// <see cref="StreamedLineLimit.MaxLength"/> bytes raises <see cref="DecodingException"/>.
/// </summary>
internal sealed class Utf8LineDecoder
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private byte[] _buffer = [];
    private int _length;
    private bool _skipLf;
    private bool _atStart = true;

    /// <summary>Adds to <paramref name="lines"/> every line <paramref name="chunk"/> completes, without its line break.</summary>
    public void Decode(ReadOnlySpan<byte> chunk, List<byte[]> lines)
    {
        if (chunk.IsEmpty) return;
        if (_skipLf)
        {
            _skipLf = false;
            if (chunk[0] == (byte)'\n') chunk = chunk[1..];
        }
        while (!chunk.IsEmpty)
        {
            int end = chunk.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                Append(chunk);
                return;
            }
            Append(chunk[..end]);
            lines.Add(TakeLine());
            if (chunk[end] == (byte)'\r')
            {
                if (end + 1 == chunk.Length) _skipLf = true;
                else if (chunk[end + 1] == (byte)'\n') end++;
            }
            chunk = chunk[(end + 1)..];
        }
    }

    /// <summary>Adds the unfinished last line, if the body ends without a line break.</summary>
    public void Flush(List<byte[]> lines)
    {
        if (_length > 0) lines.Add(TakeLine());
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        if (_length + bytes.Length > StreamedLineLimit.MaxLength) throw StreamedLineLimit.Exceeded("A line", "bytes");
        if (_length + bytes.Length > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_length + bytes.Length, Math.Max(256, _buffer.Length * 2)));
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private byte[] TakeLine()
    {
        var line = _buffer.AsSpan(0, _length);
        // The mark has no \r or \n: all of it is in the first line, however the chunks cut it.
        if (_atStart && line.StartsWith(ByteOrderMark)) line = line[ByteOrderMark.Length..];
        _atStart = false;
        _length = 0;
        return line.ToArray();
    }
}
