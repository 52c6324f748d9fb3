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
    /// trailing dots, a '_' before a Windows device name, and at most 255 bytes, its extension kept. Null when nothing
    /// usable is left.
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
        while (System.Text.Encoding.UTF8.GetByteCount(name) > 255)
        {
            var extension = Path.GetExtension(name);
            var stem = name[..^extension.Length];
            name = extension.Length < name.Length - 1 && stem.Length > 1 ? stem[..^1] + extension : name[..^1];
        }
        return name.TrimEnd('.', ' ');
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
