using System.Globalization;
using System.Text;

namespace Httpx;

/// <summary>
/// Turns the <c>content</c>, <c>data</c>, <c>files</c> and <c>json</c> arguments of a request into its body and the
/// headers that body implies, as HTTPX's <c>encode_request</c> does.
/// </summary>
public static class RequestContentFactory
{
    /// <summary>
    /// Encodes a request body. The first that applies wins: raw <paramref name="data"/> (bytes, text or a stream, kept
    /// for compatibility with requests), <paramref name="content"/>, <paramref name="files"/> (multipart, with
    /// <paramref name="data"/> as its fields), <paramref name="data"/> (url-encoded form), <paramref name="json"/>.
    /// With none of them the body is empty and no header is added.
    /// </summary>
    /// <param name="content">Bytes (byte[] or ReadOnlyMemory&lt;byte&gt;), a string (sent as UTF-8), a Stream, or a
    /// sequence of byte chunks (IEnumerable or IAsyncEnumerable of byte[] or ReadOnlyMemory&lt;byte&gt;).</param>
    /// <param name="data">Form fields: a dictionary (a Hashtable too) or a list of name/value pairs; a value may be a list.</param>
    /// <param name="files">A dictionary or list of pairs from field name to a path, FileInfo, Stream, byte[],
    /// <see cref="MultipartFile"/> or a list of those; or a list of <see cref="MultipartFile"/>.</param>
    /// <param name="json">Any value System.Text.Json can serialise, a JsonNode or a JsonElement, or a <see cref="JsonText"/>.</param>
    /// <param name="boundary">The multipart boundary to use (from a Content-Type the caller set), or null for a random one.</param>
    /// <returns>The body and the headers it implies: Content-Length or Transfer-Encoding, and Content-Type.</returns>
    public static (RequestContent Content, IReadOnlyList<KeyValuePair<string, string>> Headers) Encode(
        object? content = null, object? data = null, object? files = null, object? json = null, string? boundary = null) =>
        Encode(content, data, files, json, boundary, multipart: false);

    /// <summary>
    /// As the public <c>Encode</c>; with <paramref name="multipart"/> (the caller's Content-Type is multipart/*: form-data,
    /// related, mixed...), <paramref name="data"/> goes as a multipart body even without files, where HTTPX url-encodes it.
    /// JSON goes in the charset <paramref name="contentType"/> (the caller's) names, when not UTF-8 (<see cref="JsonContent.Under"/>).
    /// </summary>
    internal static (RequestContent Content, IReadOnlyList<KeyValuePair<string, string>> Headers) Encode(
        object? content, object? data, object? files, object? json, string? boundary, bool multipart, string? contentType = null)
    {
        if (data is not null && IsRawContent(data)) return EncodeContent(data, nameof(data));
        if (content is not null) return EncodeContent(content, nameof(content));

        if (files is not null || (multipart && data is not null))
        {
            List<MultipartFile> fileList = files is null ? [] : ToFiles(files);
            if (fileList.Count > 0 || (multipart && data is not null))
            {
                var fields = data is null ? [] : ContentArguments.ToPairs(data, nameof(data));
                return WithHeaders(new MultipartContent(fields, fileList, boundary));
            }
        }
        if (data is not null)
        {
            var fields = ContentArguments.ToPairs(data, nameof(data));
            if (fields.Count > 0) return WithHeaders(new FormContent(fields));
        }
        if (json is not null) return WithHeaders(JsonContent.Under(contentType, json));

        return (RequestContent.Empty, []);
    }

    private static bool IsRawContent(object value) => value is string or byte[] or ReadOnlyMemory<byte> or Memory<byte>
        or Stream or IAsyncEnumerable<byte[]> or IAsyncEnumerable<ReadOnlyMemory<byte>>
        or IEnumerable<byte[]> or IEnumerable<ReadOnlyMemory<byte>>;

    private static (RequestContent, IReadOnlyList<KeyValuePair<string, string>>) EncodeContent(object value, string paramName)
    {
        RequestContent content = value switch
        {
            RequestContent given => given, // a FileContent, say: read as it says
            string text => new ByteArrayContent(Encoding.UTF8.GetBytes(text)),
            byte[] bytes => new ByteArrayContent(bytes),
            ReadOnlyMemory<byte> memory => new ByteArrayContent(memory),
            Memory<byte> memory => new ByteArrayContent(memory),
            Stream stream => new StreamContent(stream),
            IAsyncEnumerable<ReadOnlyMemory<byte>> chunks => new AsyncEnumerableContent(chunks),
            IAsyncEnumerable<byte[]> chunks => new AsyncEnumerableContent(chunks),
            IEnumerable<ReadOnlyMemory<byte>> chunks => new AsyncEnumerableContent(chunks),
            IEnumerable<byte[]> chunks => new AsyncEnumerableContent(chunks),
            _ => throw new ArgumentException($"Unexpected type for '{paramName}': {value.GetType()}.", paramName),
        };
        // In-memory bytes announce their length only when there are some (no Content-Length: 0 on an empty body).
        if (content.BufferedBytes is { IsEmpty: true }) return (content, []);
        return WithHeaders(content);
    }

    private static (RequestContent, IReadOnlyList<KeyValuePair<string, string>>) WithHeaders(RequestContent content)
    {
        var headers = new List<KeyValuePair<string, string>>(2);
        headers.Add(content.Length is long length
            ? new("Content-Length", length.ToString(CultureInfo.InvariantCulture))
            : new("Transfer-Encoding", "chunked"));
        if (content.ContentType is string contentType) headers.Add(new("Content-Type", contentType));
        return (content, headers);
    }

    private static List<MultipartFile> ToFiles(object files)
    {
        if (files is IEnumerable<MultipartFile> multipartFiles) return [.. multipartFiles];
        var result = new List<MultipartFile>();
        foreach (var (name, value) in ContentArguments.ToPairs(files, nameof(files)))
        {
            if (FormValue.IsList(value))
            {
                foreach (object? item in (System.Collections.IEnumerable)value!) result.Add(ToFile(name, item));
            }
            else
            {
                result.Add(ToFile(name, value));
            }
        }
        return result;
    }

    private static MultipartFile ToFile(string name, object? value) => value switch
    {
        MultipartFile file => file.WithFieldName(name),
        string path => MultipartFile.FromPath(name, path),
        FileInfo info => MultipartFile.FromPath(name, info.FullName),
        Stream stream => MultipartFile.FromStream(name, stream),
        byte[] bytes => MultipartFile.FromBytes(name, bytes),
        ReadOnlyMemory<byte> memory => MultipartFile.FromBytes(name, memory),
        System.Runtime.CompilerServices.ITuple tuple when tuple.Length is >= 2 and <= 4 => FromTuple(name, tuple),
        _ => throw new ArgumentException(
            $"Unexpected type for file '{name}' in 'files': expected a path, FileInfo, Stream, byte[], MultipartFile or a (filename, content[, content type[, headers]]) tuple, got {value?.GetType().ToString() ?? "null"}.",
            "files"),
    };

    /// <summary>HTTPX's tuple forms: (filename, file), (filename, file, content_type), (filename, file, content_type, headers).</summary>
    private static MultipartFile FromTuple(string name, System.Runtime.CompilerServices.ITuple tuple)
    {
        // A null file name in a tuple is HTTPX's None: no filename parameter and no guessed Content-Type (a server sees
        // a form field), where the factories read null as "the default name" and "" as none.
        var fileName = tuple[0] as string ?? (tuple[0] is null ? "" : throw new ArgumentException(
            $"The file name of file '{name}' in 'files' must be a string, not {tuple[0]!.GetType()}.", "files"));
        // HTTPX takes any mapping for the headers (a dict, httpx.Headers): read as a request's headers are, so that
        // Headers, a Hashtable or object values are sent, not dropped without a word; another type is refused.
        var contentType = tuple.Length > 2 ? tuple[2] switch
        {
            null or string => (string?)tuple[2],
            var other => throw new ArgumentException($"The content type of file '{name}' in 'files' must be a string, not {other.GetType()}.", "files"),
        } : null;
        var headers = tuple.Length > 3 ? TupleHeaders(name, tuple[3]) : null;
        return tuple[1] switch
        {
            Stream stream => MultipartFile.FromStream(name, stream, fileName, contentType, headers),
            byte[] bytes => MultipartFile.FromBytes(name, bytes, fileName, contentType, headers),
            ReadOnlyMemory<byte> memory => MultipartFile.FromBytes(name, memory, fileName, contentType, headers),
            string text => MultipartFile.FromText(name, text, fileName, contentType, headers),
            FileInfo info => MultipartFile.FromPath(name, info.FullName, fileName, contentType, headers),
            var other => throw new ArgumentException(
                $"The content of file '{name}' in 'files' must be a Stream, byte[], string or FileInfo, not {other?.GetType().ToString() ?? "null"}.", "files"),
        };
    }

    private static List<KeyValuePair<string, string>>? TupleHeaders(string name, object? value)
    {
        // Headers.From's own error would not say which file's headers were wrong.
        if (!Headers.IsReadable(value))
            throw new ArgumentException(
                $"The headers of file '{name}' in 'files' must be a dictionary or a list of name/value pairs, not {value!.GetType()}.", "files");
        if (value is null) return null;
        try
        {
            return [.. Headers.From(value).Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];
        }
        catch (ArgumentException e) when (e.ParamName == "headers")
        {
            // Any list passes the shape check (a list of pairs is read item by item): its item's refusal names the file.
            var reason = Internal.ExceptionText.WithoutParameterName(e);
            if (reason.StartsWith("Headers: ", StringComparison.Ordinal)) reason = reason["Headers: ".Length..];
            throw new ArgumentException($"The headers of file '{name}' in 'files': {reason}", "files", e);
        }
    }
}
