namespace Httpx;

/// <summary>
/// Guesses a file's media type from its name, like Python's <c>mimetypes.guess_type</c>, from a fixed table: most of
/// Python's built-in one plus common types that Python finds only in a system's mime.types (.docx, .md, .woff...).
/// No system files are read, so the result is the same on every machine.
/// </summary>
internal static class MimeTypes
{
    public const string Default = "application/octet-stream";

    /// <summary>
    /// The media type of a Content-Type value, its parameters left out and trimmed ("text/plain; charset=utf-8" gives
    /// "text/plain"); empty for none. A span, not a substring: a request's Content-Type is asked on every send.
    /// </summary>
    public static ReadOnlySpan<char> MediaTypeOf(string? contentType)
    {
        if (contentType is null) return default;
        var semicolon = contentType.IndexOf(';');
        return contentType.AsSpan(0, semicolon < 0 ? contentType.Length : semicolon).Trim();
    }

    // Suffixes Python reads as a content *encoding* of the file named before them (report.csv.gz is text/csv).
    private static readonly string[] EncodingSuffixes = [".gz", ".z", ".bz2", ".xz", ".br"];

    // Python's suffix_map: shorthand names for compressed archives.
    private static readonly Dictionary<string, string> SuffixMap = new(StringComparer.OrdinalIgnoreCase)
    {
        [".svgz"] = ".svg.gz", [".tgz"] = ".tar.gz", [".taz"] = ".tar.gz", [".tz"] = ".tar.gz",
        [".tbz2"] = ".tar.bz2", [".txz"] = ".tar.xz",
    };

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = "application/json", [".js"] = "text/javascript", [".mjs"] = "text/javascript",
        [".pdf"] = "application/pdf", [".zip"] = "application/zip", [".tar"] = "application/x-tar",
        [".xml"] = "text/xml", [".xsl"] = "application/xml", [".wasm"] = "application/wasm",
        [".doc"] = "application/msword", [".dot"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel", [".ppt"] = "application/vnd.ms-powerpoint",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        [".rtf"] = "application/rtf", [".ps"] = "application/postscript", [".eps"] = "application/postscript",
        [".bin"] = "application/octet-stream", [".exe"] = "application/octet-stream",
        [".dll"] = "application/octet-stream", [".so"] = "application/octet-stream",
        [".7z"] = "application/x-7z-compressed", [".rar"] = "application/vnd.rar", [".jar"] = "application/java-archive",
        [".sh"] = "application/x-sh", [".swf"] = "application/x-shockwave-flash", [".apk"] = "application/vnd.android.package-archive",
        [".txt"] = "text/plain", [".text"] = "text/plain", [".log"] = "text/plain", [".conf"] = "text/plain",
        [".bat"] = "text/plain", [".c"] = "text/plain", [".h"] = "text/plain", [".ksh"] = "text/plain", [".pl"] = "text/plain",
        [".html"] = "text/html", [".htm"] = "text/html", [".css"] = "text/css", [".csv"] = "text/csv",
        [".md"] = "text/markdown", [".markdown"] = "text/markdown", [".py"] = "text/x-python",
        [".rst"] = "text/x-rst", [".tsv"] = "text/tab-separated-values", [".vcf"] = "text/x-vcard",
        [".ics"] = "text/calendar", [".rtx"] = "text/richtext",
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".jpe"] = "image/jpeg",
        [".gif"] = "image/gif", [".bmp"] = "image/bmp", [".webp"] = "image/webp", [".svg"] = "image/svg+xml",
        [".ico"] = "image/vnd.microsoft.icon", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
        [".avif"] = "image/avif", [".heic"] = "image/heic", [".heif"] = "image/heif",
        [".mp3"] = "audio/mpeg", [".wav"] = "audio/x-wav", [".ogg"] = "audio/ogg", [".opus"] = "audio/opus",
        [".flac"] = "audio/flac", [".aac"] = "audio/aac", [".m4a"] = "audio/mp4",
        [".mp4"] = "video/mp4", [".mpeg"] = "video/mpeg", [".mpg"] = "video/mpeg", [".mov"] = "video/quicktime",
        [".webm"] = "video/webm", [".avi"] = "video/x-msvideo", [".mkv"] = "video/x-matroska",
        [".woff"] = "font/woff", [".woff2"] = "font/woff2", [".ttf"] = "font/ttf", [".otf"] = "font/otf",
        [".eml"] = "message/rfc822", [".mht"] = "message/rfc822", [".mhtml"] = "message/rfc822",
    };

    /// <summary>The media type for <paramref name="fileName"/>, <see cref="Default"/> when unknown, null for no name.</summary>
    public static string? Guess(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName)) return null;
        string extension = Path.GetExtension(fileName);
        if (SuffixMap.TryGetValue(extension, out string? expanded))
        {
            fileName = fileName[..^extension.Length] + expanded;
            extension = Path.GetExtension(fileName);
        }
        if (Array.Exists(EncodingSuffixes, s => s.Equals(extension, StringComparison.OrdinalIgnoreCase)))
        {
            extension = Path.GetExtension(fileName[..^extension.Length]);
        }
        return Types.TryGetValue(extension, out string? type) ? type : Default;
    }
}
