using System.Text;

namespace Httpx;

/// <summary>
/// Re-cuts text into chunks of a fixed number of characters (HTTPX's TextChunker, for iter_text with a chunk
/// size). Characters are counted as Python counts them, so a surrogate pair is one character and never split.
/// </summary>
public sealed class TextChunker
{
    private readonly int? _chunkSize;
    private readonly StringBuilder _buffer = new();
    private int _bufferedCharacters;

    public TextChunker(int? chunkSize = null)
    {
        if (chunkSize is <= 0) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "The chunk size must be positive.");
        _chunkSize = chunkSize;
    }

    /// <summary>Adds to <paramref name="chunks"/> every chunk that <paramref name="content"/> completes.</summary>
    public void Decode(string content, ICollection<string> chunks)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(chunks);
        if (_chunkSize is not int size)
        {
            if (content.Length > 0) chunks.Add(content);
            return;
        }
        int start = 0;
        for (int i = 0; i < content.Length; i++)
        {
            if (char.IsHighSurrogate(content[i]) && i + 1 < content.Length && char.IsLowSurrogate(content[i + 1])) i++;
            if (++_bufferedCharacters < size) continue;
            ReadOnlySpan<char> piece = content.AsSpan(start, i + 1 - start);
            chunks.Add(_buffer.Length == 0 ? new string(piece) : _buffer.Append(piece).ToString());
            _buffer.Clear();
            _bufferedCharacters = 0;
            start = i + 1;
        }
        _buffer.Append(content.AsSpan(start));
    }

    /// <summary>Adds the last, shorter chunk if text is left over.</summary>
    public void Flush(ICollection<string> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (_buffer.Length == 0) return;
        chunks.Add(_buffer.ToString());
        _buffer.Clear();
        _bufferedCharacters = 0;
    }
}
