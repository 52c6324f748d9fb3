using System.Collections.Concurrent;

namespace Httpx;

/// <summary>
/// The downloads of one batch (the URLs of one Invoke-Httpx -Download &lt;folder&gt;, or its piped rows that name their
/// files): which URL each file went to, so that a second URL of the batch that gives a name already taken is refused
/// rather than replacing the first one's file. Two such downloads at once were refused (their partial file is claimed);
/// one after the other, the second replaced the first's file silently, both reporting it as theirs: which of the two
/// happened hung on timing.
/// </summary>
public sealed class DownloadBatch
{
    private readonly ConcurrentDictionary<string, string> _urlOfFile = new(PartialFileClaims.PathComparer);

    /// <summary>
    /// Takes <paramref name="path"/> for <paramref name="url"/>; an IOException naming both URLs when another URL of the
    /// batch took it. The same URL again (a list with a duplicate) is the same file, and replaces it as a new command would.
    /// <c>given</c>: the caller gave the file's path (a piped row naming its file), rather than a folder.
    /// </summary>
    internal void Take(string path, Url url, bool given = false)
    {
        var shown = url.ToRedactedString();
        var first = _urlOfFile.GetOrAdd(path, shown);
        if (first == shown) return;
        throw new IOException(given
            ? $"The download of '{shown}' is to '{path}', the file this command's download of '{first}' went to: two URLs are given one file, and the second never replaces the first one's file. Give each URL a file of its own."
            : $"The download of '{shown}' is named '{Path.GetFileName(path)}', the file this command's download of '{first}' has in '{Path.GetDirectoryName(path)}': two URLs give one name, and the second never replaces the first one's file. Download each to a file path of its own.");
    }
}
