namespace Httpx.PowerShell;

/// <summary>
/// Checks on a file the module is about to write (a -Download target, a -CookieFile), made before any request so that
/// a bad path is named as the user gave it rather than by a later I/O error about a temporary file.
/// </summary>
internal static class FilePaths
{
    /// <summary>The folder <paramref name="path"/> would be written in, when that folder does not exist; else null.</summary>
    public static string? MissingFolderOf(string path) =>
        Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder) ? folder : null;
}
