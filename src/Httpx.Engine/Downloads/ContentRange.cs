using System.Globalization;

namespace Httpx;

/// <summary>
/// A response's Content-Range, "bytes 100-199/200" (or "bytes */200" on a 416), read once: the first and last byte
/// sent and the resource's whole length, each null when the header does not say.
/// </summary>
internal readonly record struct ContentRange(long? Start, long? Last, long? Total)
{
    /// <summary>How many bytes the range holds, when it says where it starts and ends.</summary>
    public long? Length => Start is { } start && Last is { } last && last >= start ? last - start + 1 : null;

    public static ContentRange Of(Response response) => Parse(response.Headers.Get("Content-Range"));

    public static ContentRange Parse(string? value)
    {
        if (value is null) return default;
        var slash = value.LastIndexOf('/');
        long? total = slash > 0 && long.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
        if (!value.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase)) return new(null, null, total);
        var dash = value.IndexOf('-');
        long? start = dash > 6 && long.TryParse(value.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        var end = value.IndexOf('/');
        long? last = start is not null && end > dash + 1
            && long.TryParse(value.AsSpan(dash + 1, end - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
        return new(start, last, total);
    }
}
