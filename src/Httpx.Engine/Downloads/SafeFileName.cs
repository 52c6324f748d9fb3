using System.Buffers;
using System.Globalization;
using System.Text;

namespace Httpx;

/// <summary>
/// What a download into a folder may be named, from a name the server suggests (Content-Disposition) or the URL's
/// last segment: a name of that folder, never a path out of it, a device or a hidden file.
/// </summary>
internal static class SafeFileName
{
    /// <summary>
    /// What stays of a suggested name (RFC 6266, section 4.3): its last path segment ('/' and '\\' both end one),
    /// with '_' for each character that hides or breaks a name (controls, format characters such as U+202E, line
    /// separators) or that Windows refuses, without dots and spaces at either end (a leading dot makes a hidden file such
    /// as .bashrc), a '_' before a Windows device name, and short enough for its partial file (247 bytes, its
    /// extension kept). The same on every system, as Chrome makes a name: a download gets the name everywhere that a
    /// script expects. Null when nothing usable is left.
    /// </summary>
    public static string? Of(string? suggested)
    {
        if (string.IsNullOrWhiteSpace(suggested)) return null;
        var name = suggested[(suggested.LastIndexOfAny(['/', '\\']) + 1)..];
        // Windows drops trailing dots and spaces when it opens a file: "report." would be written as "report", another
        // name than the one checked.
        name = TrimmedOfDotsAndSpaces(Replaced(name));
        if (name.Length == 0) return null;
        // Shortened first: what is left of a long name can be a device ("CON" and 300 spaces before an "x").
        name = TrimmedOfDotsAndSpaces(Shortened(name));
        // As browsers do ("_nul.txt"); shortened again for the '_', which leaves no device name.
        return IsWindowsDeviceName(name) ? TrimmedOfDotsAndSpaces(Shortened("_" + name)) : name;
    }

    // What Windows refuses in a name ("C:x" is a path there, "a.txt:x" a stream of a.txt), replaced on Linux and macOS
    // too: Chrome does, and a script's file has the same name wherever it runs.
    private static readonly SearchValues<char> WindowsRefuses = SearchValues.Create("\"*/:<>?\\|");

    private static string Replaced(string name)
    {
        var replaced = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length;)
        {
            // Half a surrogate pair is no character: Rune.DecodeFromUtf16 says InvalidData, and it becomes a '_' too.
            var status = Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var length);
            if (status != OperationStatus.Done || Hides(rune)) replaced.Append('_');
            else replaced.Append(name, i, length);
            i += length;
        }
        return replaced.ToString();
    }

    // Controls; format characters, which are invisible (zero-width spaces, a byte order mark) or reorder what follows
    // (U+202E shows "invoice\u202Egpj.exe" as "invoiceexe.jpg"); line and paragraph separators; and what Windows refuses.
    private static bool Hides(Rune rune) =>
        Rune.IsControl(rune)
        || (rune.IsAscii && WindowsRefuses.Contains((char)rune.Value))
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string TrimmedOfDotsAndSpaces(string name)
    {
        static bool AtAnEnd(char c) => c == '.' || char.IsWhiteSpace(c);
        int start = 0, end = name.Length;
        while (start < end && AtAnEnd(name[start])) start++;
        while (end > start && AtAnEnd(name[end - 1])) end--;
        return name[start..end];
    }

    // A file name has at most 255 bytes (NAME_MAX on Linux and macOS; 255 UTF-16 units on Windows, never more than its
    // UTF-8 bytes), and the download is first written to "<name>.partial": both must fit, or the download fails with
    // "File name too long" before its first byte.
    private static readonly int MaxBytes = Downloader.MaxNameBytes - Downloader.PartialSuffix.Length;

    // The name cut to MaxBytes, keeping its extension unless that is half of it or more (then it is no extension, and
    // the name is cut at its end); cut between characters, never inside a surrogate pair (an emoji), whose half is no
    // character a file name can hold.
    private static string Shortened(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxBytes) return name;
        var extension = Path.GetExtension(name);
        var extensionBytes = Encoding.UTF8.GetByteCount(extension);
        return extension.Length > 0 && extension.Length < name.Length && extensionBytes < MaxBytes / 2
            ? Prefix(name[..^extension.Length], MaxBytes - extensionBytes) + extension
            : Prefix(name, MaxBytes);
    }

    // Also the start of a partial file's name too long for ".partial" after it (Downloader.PartialPathOf).
    internal static string Prefix(string text, int maxBytes)
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
