using System.Collections;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Httpx;

/// <summary>
/// A <c>multipart/form-data</c> body made of data fields followed by files, rendered like HTTPX's
/// <c>MultipartStream</c>. Files are streamed. The length is known when every file's size is (files on disk,
/// bytes, seekable streams), else the body is sent chunked; it can be sent again unless a file is a one-shot stream.
/// </summary>
public sealed class MultipartContent : RequestContent
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly List<MultipartPart> _parts = [];

    /// <summary>
    /// What failed when reading it failed: the file (or stream) of the part being read, and its field ("file
    /// '/data/a.csv' (field 'doc' of the multipart form)"); the form's text is in memory. "a file of the multipart
    /// form" alone named neither, and a form may hold several.
    /// </summary>
    public override string Source => _reading is { } file
        ? $"{file.Source} (field {Internal.PythonRepr.Of(file.FieldName)} of the multipart form)"
        : "a file of the multipart form";

    // The file whose data is being read, for Source: set before its first read, kept after a failure until the next read.
    private volatile MultipartFile? _reading;
    private readonly byte[] _closing;

    /// <param name="data">Form fields in order; a value is a string, number, boolean, null, bytes or a list of those.</param>
    /// <param name="files">The files, sent after the fields.</param>
    /// <param name="boundary">
    /// The boundary to use, for example the one in a Content-Type the caller set (see <see cref="BoundaryFromContentType"/>);
    /// null for a random one.
    /// </param>
    public MultipartContent(
        IEnumerable<KeyValuePair<string, object?>>? data, IEnumerable<MultipartFile>? files, string? boundary = null)
    {
        Boundary = boundary ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        if (!IsValidBoundary(Boundary))
            throw new ArgumentException($"Invalid multipart boundary '{Boundary}'.", nameof(boundary));
        ContentType = "multipart/form-data; boundary=" + Boundary;

        foreach (var (name, value) in data ?? [])
        {
            ArgumentNullException.ThrowIfNull(name, nameof(data));
            if (FormValue.IsList(value))
            {
                foreach (object? item in (IEnumerable)value!) AddField(name, item);
            }
            else
            {
                AddField(name, value);
            }
        }
        foreach (MultipartFile file in files ?? [])
        {
            ArgumentNullException.ThrowIfNull(file, nameof(files));
            _parts.Add(new MultipartPart(Head(file.FieldName, file.FileName, file.Headers, file.ContentType), default, file));
        }
        _closing = Encoding.ASCII.GetBytes($"--{Boundary}--\r\n");

        long length = _closing.Length;
        foreach (MultipartPart part in _parts)
        {
            if (part.Length is not long partLength)
            {
                length = -1;
                break;
            }
            length += partLength + CrLf.Length;
        }
        Length = length < 0 ? null : length;
    }

    /// <summary>The boundary between parts.</summary>
    public string Boundary { get; }

    public override string ContentType { get; }
    public override long? Length { get; }
    public override bool IsReplayable => _parts.TrueForAll(p => p.File is null || p.File.IsReplayable);

    /// <summary>
    /// Whether <paramref name="contentType"/>'s media type is of type <c>multipart</c> (form-data, mixed, related...; any
    /// case, parameters aside): the media type itself, not a prefix of the header ("multipartx/form-data" is not one).
    /// A request's form fields go as a multipart body under one (bytes as a part), url-encoded otherwise.
    /// </summary>
    public static bool IsMultipartContentType(string? contentType) =>
        MimeTypes.MediaTypeOf(contentType).StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Throws, naming the header, when a caller's multipart Content-Type names a boundary no body can use (empty, or not
    /// printable ASCII); a multipart body is built with it. For callers that check a request's headers before building
    /// it (a command's headers, the same for every URL).
    /// </summary>
    public static void CheckBoundaryIn(string? contentType)
    {
        if (BoundaryFromContentType(contentType) is { } boundary && !IsValidBoundary(boundary))
            throw InvalidBoundaryIn(contentType!, boundary, null);
    }

    private static bool IsValidBoundary(string boundary) => boundary.Length > 0 && !boundary.Any(c => c is < ' ' or > '~');

    internal static ArgumentException InvalidBoundaryIn(string contentType, string boundary, Exception? inner) => new(
        $"Invalid multipart boundary '{boundary}' in the Content-Type header '{contentType}': a boundary is one or more printable ASCII characters.",
        "headers", inner);

    /// <summary>
    /// The boundary in a <c>multipart/*</c> Content-Type (quotes removed), or null; the body uses the one in a
    /// Content-Type header the caller set so that it matches it. HTTPX reads it from multipart/form-data only, and a
    /// caller's multipart/mixed or multipart/related (an API's upload of metadata and file) kept its boundary over a
    /// body made with another, which no server could parse.
    /// </summary>
    public static string? BoundaryFromContentType(string? contentType)
    {
        if (!IsMultipartContentType(contentType)) return null;
        foreach (string section in contentType!.Split(';'))
        {
            string trimmed = section.Trim();
            if (trimmed.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
                return trimmed["boundary=".Length..].Trim('"');
        }
        return null;
    }

    public override IAsyncEnumerable<ReadOnlyMemory<byte>> ReadChunksAsync(CancellationToken cancellationToken = default)
    {
        foreach (MultipartPart part in _parts) part.File?.EnsureReadable();
        return ReadPartsAsync(cancellationToken);
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadPartsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (MultipartPart part in _parts)
        {
            yield return part.Head;
            if (part.File is null)
            {
                if (!part.Data.IsEmpty) yield return part.Data;
            }
            else
            {
                _reading = part.File;
                // With a Content-Length, each file must have the size it was measured at: the body's own check came only
                // at its end and named "<stream of N bytes>", not the file that changed (a live log among the files), and
                // a file that grew had its extra bytes sent, shifting the parts after it.
                long? measured = Length is null ? null : part.File.DataLength;
                long read = 0;
                await foreach (var chunk in part.File.ReadDataAsync(cancellationToken).ConfigureAwait(false))
                {
                    read += chunk.Length;
                    if (read > measured) throw SizeChanged(part.File, measured.Value, read);
                    yield return chunk;
                }
                if (read < measured) throw SizeChanged(part.File, measured.Value, read);
            }
            yield return CrLf;
        }
        yield return _closing;
    }

    /// <summary>
    /// HTTPX's h11 refuses a body that disagrees with its Content-Length (LocalProtocolError), here naming the file and
    /// its field; the transport adds the request.
    /// </summary>
    private static LocalProtocolException SizeChanged(MultipartFile file, long measured, long read) => new(read > measured
        ? $"Too much data for the declared Content-Length: {file.Source} (field {Internal.PythonRepr.Of(file.FieldName)} of the multipart form) grew while it was sent, past the {measured} bytes measured when the request was built; nothing more was sent"
        : $"Too little data for the declared Content-Length: {file.Source} (field {Internal.PythonRepr.Of(file.FieldName)} of the multipart form) shrank while it was sent, ending after {read} of the {measured} bytes measured when the request was built");

    private void AddField(string name, object? value)
    {
        byte[] data = value as byte[] ?? Encoding.UTF8.GetBytes(FormValue.ToText(value, name, "data"));
        _parts.Add(new MultipartPart(Head(name, null, [], null), data, null));
    }

    /// <summary>The delimiter line and the part's headers, up to and including the blank line.</summary>
    private byte[] Head(string name, string? fileName, IReadOnlyList<KeyValuePair<string, string>> headers, string? contentType)
    {
        var head = new StringBuilder();
        head.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; ");
        AppendParam(head, "name", name);
        if (fileName is not null)
        {
            head.Append("; ");
            AppendParam(head, "filename", fileName);
        }
        foreach (var (key, value) in headers) head.Append("\r\n").Append(key).Append(": ").Append(value);
        if (contentType is not null) head.Append("\r\nContent-Type: ").Append(contentType);
        head.Append("\r\n\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>
    /// <c>name="value"</c> escaped as HTML5 forms (and HTTPX) do: a quote as %22, a backslash doubled, control
    /// characters other than ESC as %XX, so that a file name cannot break out of the header.
    /// </summary>
    private static void AppendParam(StringBuilder head, string param, string value)
    {
        head.Append(param).Append("=\"");
        foreach (char c in value)
        {
            if (c == '"') head.Append("%22");
            else if (c == '\\') head.Append("\\\\");
            else if (c < 0x20 && c != 0x1B) head.Append('%').Append(((int)c).ToString("X2"));
            else head.Append(c);
        }
        head.Append('"');
    }
}
