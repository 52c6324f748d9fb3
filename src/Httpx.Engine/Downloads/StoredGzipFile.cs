namespace Httpx;

/// <summary>
/// A download whose gzip Content-Encoding is the file itself rather than a coding of the transfer: it is saved as it
/// came, not decoded. Apache's <c>AddEncoding x-gzip .gz .tgz</c>, and object stores given a .tar.gz with
/// "Content-Encoding: gzip", label a stored .gz file so; decoded, app.tar.gz was saved holding a .tar, which tar -xzf
/// refuses. Decided as Chromium and Firefox decide it for a download: gzip is the only coding, and the Content-Type
/// is gzip's own or the file's name ends in .gz, .tgz or .svgz. (curl -o and wget save every body as it came;
/// Invoke-WebRequest -OutFile decodes this one too.) Any other coding (a JSON or log file compressed on the fly) is
/// decoded, as before.
/// </summary>
internal static class StoredGzipFile
{
    private static readonly string[] GzipMediaTypes = ["application/gzip", "application/x-gzip", "application/x-gunzip", "application/gzipped", "application/x-tgz"];

    private static readonly string[] GzipExtensions = [".gz", ".tgz", ".svgz"];

    /// <summary>Whether the body of <paramref name="response"/>, saved as <paramref name="path"/>, is kept as it came.</summary>
    public static bool Is(Response response, string path)
    {
        if (response.Headers.Get("Content-Encoding")?.Trim() is not { } coding
            || !(coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)))
            return false;
        var mediaType = MimeTypes.MediaTypeOf(response.Headers.Get("Content-Type"));
        foreach (var gzip in GzipMediaTypes)
            if (mediaType.Equals(gzip, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var extension in GzipExtensions)
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
