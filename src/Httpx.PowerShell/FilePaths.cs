using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Checks on a path the module is about to read or write (a -Download target, a -CookieFile, -Files, -Verify...), made
/// before any request so that a bad path is named as the user gave it rather than by a later I/O error.
/// </summary>
internal static class FilePaths
{
    /// <summary>
    /// <paramref name="path"/>, given to <paramref name="parameter"/>, as a file-system path (relative to the current
    /// location, ~ and drives resolved, no wildcards). A path of another provider (variable:, env:, function:) is an
    /// ArgumentException naming the path and its provider: its provider path ('x' for variable:x) was taken as a file
    /// relative to the process's working folder, a file nobody asked to read or write; so is '~' from a location of
    /// another provider, and a path on no drive is an ArgumentException naming the drive; so is a path with a NUL.
    /// <paramref name="label"/> is how the message names the value ("-Files 'doc':"); by default the parameter ("-Verify").
    /// </summary>
    public static string InFileSystem(PathIntrinsics paths, string path, string parameter, string? label = null)
    {
        // A NUL passed resolving and failed at each open (each piped URL of -Download) with .NET's bare "Null
        // character in path.", naming neither the parameter nor the path. Shown as PowerShell writes it, `0.
        if (path.Contains('\0'))
            throw new ArgumentException($"{label ?? "-" + parameter} '{path.Replace("\0", "`0")}': the path holds a NUL character (shown as `0), which no file name can hold.", parameter);
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = paths.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (PSInvalidOperationException) when (paths.CurrentLocation.Provider is { } here && !IsFileSystem(here))
        {
            // '~' from a location of another provider (variable:, Cert:\) is that provider's home, which it has not:
            // PowerShell's "Home location for this provider is not set" named neither the parameter nor the path.
            provider = here;
            resolved = "";
        }
        catch (System.Management.Automation.DriveNotFoundException e)
        {
            throw new ArgumentException($"{label ?? "-" + parameter} '{path}': there is no drive '{e.ItemName}' (Get-PSDrive lists them).", parameter, e);
        }
        return IsFileSystem(provider) ? resolved
            : throw new ArgumentException($"{label ?? "-" + parameter} '{path}' is a path of the {provider.Name} provider: give a path in the file system.", parameter);
    }

    private static bool IsFileSystem(ProviderInfo provider) => provider.Name.Equals("FileSystem", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder <paramref name="path"/> would be written in, when that folder does not exist; else null.</summary>
    public static string? MissingFolderOf(string path) =>
        Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder) ? folder : null;
}
