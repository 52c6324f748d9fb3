using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Checks on a file the module is about to write (a -Download target, a -CookieFile), made before any request so that
/// a bad path is named as the user gave it rather than by a later I/O error about a temporary file.
/// </summary>
internal static class FilePaths
{
    /// <summary>
    /// <paramref name="path"/> as a file-system path (relative to the current location, ~ and drives resolved, no
    /// wildcards); null when it is a path of another provider (variable:, env:, function:), whose provider path would be
    /// taken as a file relative to the process's working folder. <paramref name="provider"/> names the provider.
    /// </summary>
    public static string? InFileSystem(PathIntrinsics paths, string path, out string provider)
    {
        var resolved = paths.GetUnresolvedProviderPathFromPSPath(path, out var info, out _);
        provider = info.Name;
        return info.Name.Equals("FileSystem", StringComparison.OrdinalIgnoreCase) ? resolved : null;
    }


    /// <summary>The folder <paramref name="path"/> would be written in, when that folder does not exist; else null.</summary>
    public static string? MissingFolderOf(string path) =>
        Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder) ? folder : null;
}
