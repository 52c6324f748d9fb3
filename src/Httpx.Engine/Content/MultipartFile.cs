using System.Runtime.CompilerServices;
using System.Text;

namespace Httpx;

/// <summary>
/// One file of a multipart upload: the form field it belongs to, the file name sent with it, its media type and
/// where its bytes come from (a file on disk, a stream, bytes or text). HTTPX's <c>(filename, file, content_type,
/// headers)</c> tuple. File contents are streamed, never loaded into memory.
/// </summary>
public sealed class MultipartFile
{
    private readonly string? _path;
    private readonly Stream? _stream;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _start;
    private bool _consumed;

    private MultipartFile(
        string fieldName, string? fileName, string? contentType, IEnumerable<KeyValuePair<string, string>>? headers,
        string? path, Stream? stream, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(fieldName);
        FieldName = fieldName;
        FileName = string.IsNullOrEmpty(fileName) ? null : fileName;
        Headers = [.. headers ?? []];
        foreach (var (name, value) in Headers)
        {
            // The name and value shown escaped ("\r\n" visible), so that the message says what was refused and where.
            if (name.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new ArgumentException($"The name of a header of file {Internal.PythonRepr.Of(fieldName)} contains a line break: {Internal.PythonRepr.Of(Httpx.Headers.ShownName(name))}.", nameof(headers));
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new ArgumentException($"The value of header {Internal.PythonRepr.Of(name)} of file {Internal.PythonRepr.Of(fieldName)} contains a line break: {Internal.PythonRepr.Of(Httpx.Headers.Redact(name, value))}.", nameof(headers));
        }
        // As HTTPX: a Content-Type among the extra headers wins; otherwise the given or guessed type is added.
        if (!Headers.Any(h => h.Key.Contains("content-type", StringComparison.OrdinalIgnoreCase)))
        {
            // Written into the part's head as given: a line break would add headers, or end the head, inside the body.
            if (contentType is not null && contentType.AsSpan().IndexOfAny('\r', '\n') >= 0)
                throw new ArgumentException($"The Content-Type of file {Internal.PythonRepr.Of(fieldName)} contains a line break: {Internal.PythonRepr.Of(contentType)}.", nameof(contentType));
            // An empty type is never meant (PowerShell passes $null to a string argument as ""): guessed as for null.
            ContentType = string.IsNullOrEmpty(contentType) ? MimeTypes.Guess(FileName) : contentType;
        }
        _path = path;
        _stream = stream;
        _bytes = bytes;
        if (path is not null)
        {
            DataLength = new FileInfo(path).Length;
        }
        else if (stream is null)
        {
            DataLength = bytes.Length;
        }
        else if (stream.CanSeek)
        {
            _start = stream.Position;
            DataLength = Math.Max(0, stream.Length - _start);
        }
    }

    /// <summary>The form field name.</summary>
    public string FieldName { get; }

    /// <summary>The file name sent in Content-Disposition, or null to send none.</summary>
    public string? FileName { get; }

    /// <summary>The part's Content-Type, or null when none is sent (no file name and no type given).</summary>
    public string? ContentType { get; }

    /// <summary>Extra part headers, written after Content-Disposition and before Content-Type.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>
    /// A file on disk, opened each time the body is sent. In every factory, <c>fileName</c> null means the default
    /// name (here the file's own), "" means none; <c>contentType</c> null or "" means guessed from the file name.
    /// </summary>
    public static MultipartFile FromPath(
        string fieldName, string path, string? fileName = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        // .NET's own error for a folder is "Could not find file '/data/logs'", which sends the caller looking for a
        // path that is there: say what it is (the module checks -Files the same way).
        if (Directory.Exists(fullPath))
            throw new ArgumentException($"The file of field {Internal.PythonRepr.Of(fieldName)} is a folder, not a file: '{fullPath}'.", nameof(path));
        return new(fieldName, fileName ?? Path.GetFileName(fullPath), contentType, headers, fullPath, null, default);
    }

    /// <summary>
    /// A stream, read from its current position; it can be sent again only if it is seekable. The default file
    /// name is a FileStream's file name, else "upload" (as HTTPX).
    /// </summary>
    public static MultipartFile FromStream(
        string fieldName, Stream stream, string? fileName = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        fileName ??= stream is FileStream file ? Path.GetFileName(file.Name) : "upload";
        return new(fieldName, fileName, contentType, headers, null, stream, default);
    }

    /// <summary>Bytes in memory; the default file name is "upload" (as HTTPX).</summary>
    public static MultipartFile FromBytes(
        string fieldName, ReadOnlyMemory<byte> bytes, string? fileName = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null) =>
        new(fieldName, fileName ?? "upload", contentType, headers, null, null, bytes);

    /// <summary>Text, sent as UTF-8; the default file name is "upload" (as HTTPX).</summary>
    public static MultipartFile FromText(
        string fieldName, string text, string? fileName = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromBytes(fieldName, Encoding.UTF8.GetBytes(text), fileName, contentType, headers);
    }

    /// <summary>
    /// Where the data is read from, for a message about reading it failing: "file '/data/a.csv'" (a path, or a
    /// FileStream by its file), "stream System.IO.Compression.GZipStream" (any other stream, by its type, as
    /// StreamContent names one given as the whole body), "bytes".
    /// </summary>
    internal string Source => _path is not null ? $"file '{_path}'"
        : _stream is not null ? RequestContent.SourceOf(_stream)
        : "bytes";

    /// <summary>The size of the file's bytes, or null for a stream that cannot seek.</summary>
    internal long? DataLength { get; }

    internal bool IsReplayable => _stream is null || _stream.CanSeek;

    /// <summary>Whether the data is a stream, which a request reads from where it stands (one request, to its end).</summary>
    public bool IsStream => _stream is not null;

    /// <summary>The same file under another field name (the key it was given under in a files dictionary).</summary>
    public MultipartFile WithFieldName(string fieldName) =>
        fieldName == FieldName
            ? this
            : new(fieldName, FileName ?? "", ContentType, Headers, _path, _stream, _bytes);

    /// <summary>Checks, before any byte is sent, that a one-shot stream has not been read already.</summary>
    internal void EnsureReadable()
    {
        if (_stream is { CanSeek: false } && _consumed) throw new StreamConsumedException();
    }

    internal async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadDataAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_path is not null)
        {
            await foreach (var chunk in UploadFile.ReadChunksAsync(_path, cancellationToken).ConfigureAwait(false))
                yield return chunk;
        }
        else if (_stream is not null)
        {
            if (_stream.CanSeek)
            {
                _stream.Position = _start;
            }
            else
            {
                if (_consumed) throw new StreamConsumedException();
                _consumed = true;
            }
            await foreach (var chunk in StreamChunks.ReadAsync(_stream, cancellationToken).ConfigureAwait(false))
                yield return chunk;
        }
        else if (!_bytes.IsEmpty)
        {
            yield return _bytes;
        }
    }
}
