using System.Text;

namespace Httpx;

/// <summary>
/// What a download into a folder may be named, from a name the server suggests (Content-Disposition) or the URL's
/// last segment: a name of that folder, never a path out of it, a device or a hidden file.
/// </summary>
internal static class SafeFileName
{
    /// <summary>
    /// What stays of a suggested name (RFC 6266, section 4.3): its last path segment, without control characters or
    /// characters the file system refuses, spaces at either end, leading dots (a hidden file such as .bashrc) or
    /// trailing dots, a '_' before a Windows device name, and short enough for its partial file (247 bytes, its
    /// extension kept). Null when nothing usable is left.
    /// </summary>
    public static string? Of(string? suggested)
    {
        if (string.IsNullOrWhiteSpace(suggested)) return null;
        var name = Path.GetFileName(suggested.Replace('\\', '/').Split('/').Last());
        var invalid = Path.GetInvalidFileNameChars();
        // Windows drops trailing dots and spaces when it opens a file: "report." would be written as "report", another
        // name than the one checked. Done on every system, so that a download gets the same name everywhere.
        name = string.Concat(name.Select(c => char.IsControl(c) || invalid.Contains(c) ? '_' : c)).Trim().TrimStart('.').TrimEnd('.', ' ');
        if (name.Length == 0) return null;
        if (IsWindowsDeviceName(name)) name = "_" + name; // as browsers do ("_nul.txt")
        return Shortened(name).TrimEnd('.', ' ');
    }

    // A file name has at most 255 bytes (NAME_MAX on Linux and macOS; 255 UTF-16 units on Windows, never more than its
    // UTF-8 bytes), and the download is first written to "<name>.partial": both must fit, or the download fails with
    // "File name too long" before its first byte.
    private static readonly int MaxBytes = 255 - Downloader.PartialSuffix.Length;

    // The name cut to MaxBytes, keeping its extension when a stem is left before it; cut between characters, never
    // inside a surrogate pair (an emoji), whose half is no character a file name can hold.
    private static string Shortened(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxBytes) return name;
        var extension = Path.GetExtension(name);
        var stemBytes = MaxBytes - Encoding.UTF8.GetByteCount(extension);
        return extension.Length > 0 && extension.Length < name.Length && stemBytes > 0 && Prefix(name[..^extension.Length], stemBytes) is { Length: > 0 } stem
            ? stem + extension
            : Prefix(name, MaxBytes);
    }

    private static string Prefix(string text, int maxBytes)
    {
        int bytes = 0, length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes) break;
            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }
        return text[..length];
    }

    // The names Windows opens as a device in any folder, whatever the case or extension ("nul.txt", "COM1.log",
    // "prn .txt": spaces before the extension are dropped too), superscript digits included.
    private static readonly HashSet<string> WindowsDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$", "COM0", "LPT0",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
    };

    private static bool IsWindowsDeviceName(string name)
    {
        var dot = name.IndexOf('.');
        return WindowsDeviceNames.Contains((dot < 0 ? name : name[..dot]).TrimEnd(' '));
    }
}
