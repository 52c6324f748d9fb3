namespace Httpx;

/// <summary>
/// The partial files this process's downloads are writing or renaming. The partial file's lock covers the writing, not
/// the moment between closing it and renaming it to the file: a second download to the same file (two URLs that give
/// one name in a folder, under -ThrottleLimit) could open it anew there, and its half-written bytes were renamed as the
/// first one's whole file while the second failed on a partial file gone. A claim lasts from before the partial file
/// is opened until it is renamed or left, and a second claim fails as the lock does.
/// </summary>
internal static class PartialFileClaims
{
    /// <summary>Paths as the file system compares them: case-sensitive on Linux only (Windows and macOS fold case by default).</summary>
    internal static readonly StringComparer PathComparer = OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;

    private static readonly HashSet<string> Claimed = new(PathComparer);

    public static Claim Take(string partial, string path)
    {
        lock (Claimed)
        {
            if (!Claimed.Add(partial)) throw Conflict(partial, path);
        }
        return new Claim(partial);
    }

    /// <summary>What a second download to one file is told, by the claim or by the partial file's lock.</summary>
    public static IOException Conflict(string partial, string path, Exception? inner = null) =>
        new($"Another download is writing '{partial}' (two downloads to the file '{path}'?): give each its own file.", inner);

    public readonly struct Claim(string partial) : IDisposable
    {
        public void Dispose()
        {
            lock (Claimed) Claimed.Remove(partial);
        }
    }
}
