using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Httpx;

/// <summary>
/// Streams a response body to a file without holding it in memory. The body goes to "&lt;file&gt;.partial" and is
/// renamed only when complete, so a broken transfer never leaves a file that looks finished; with resume, a partial
/// file is continued with a Range request. A folder as target takes the name from Content-Disposition, else the URL.
/// </summary>
public sealed class Downloader
{
    public const string PartialSuffix = ".partial";

    // The most a file name can have: 255 bytes on Linux and macOS, 255 UTF-16 units on Windows (never more than its UTF-8 bytes).
    internal const int MaxNameBytes = 255;

    /// <summary>
    /// The partial file of <paramref name="path"/>: "&lt;file&gt;.partial"; for a name too long to take ".partial" after
    /// it (a name of more than 247 bytes, which Invoke-WebRequest and curl write), the name's start, '~', 8 hex digits of
    /// a hash of the whole name and ".partial", the same for the same file, so that a resume finds it. Such a file failed
    /// with "the path is too long", naming a partial file the caller never asked for.
    /// </summary>
    public static string PartialPathOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        if (Encoding.UTF8.GetByteCount(name) + PartialSuffix.Length <= MaxNameBytes) return path + PartialSuffix;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 4).ToLowerInvariant();
        return path[..^name.Length] + SafeFileName.Prefix(name, MaxNameBytes - PartialSuffix.Length - 1 - hash.Length) + "~" + hash + PartialSuffix;
    }

    /// <summary>
    /// The key in <see cref="Exception.Data"/> of a download's failure naming the file that a resume continues, set when
    /// bytes were received and kept in its partial file ("&lt;file&gt;.partial"). The file, not the folder given: only a
    /// file path can be resumed.
    /// </summary>
    public const string ResumableFileKey = "Httpx.ResumableFile";

    // The partial file is locked while it is written: a second download to the same file (two URLs that give the same
    // name in one folder) fails with that said, rather than the system's "used by another process".
    // A resume continues the partial file as long as it was when its range was asked for (resumeAt bytes): another
    // download of the file may have completed and renamed it meanwhile, and appending to a new one made a file that
    // counted as whole without its start. A new body opens the partial file as it is, and the caller empties it at the
    // body's first byte (or its end, when empty): an older partial file stays for a resume if the body fails before.
    private static FileStream OpenPartial(string partial, string path, long resumeAt)
    {
        FileStream file;
        try
        {
            file = new FileStream(partial, resumeAt > 0 ? FileMode.Open : FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        }
        catch (IOException e) when (IsLockConflict(e))
        {
            throw PartialFileClaims.Conflict(partial, path, e);
        }
        // Only a resume opens an existing file: a new one the system will not make (ENOENT in /proc) is the system's error.
        catch (FileNotFoundException e) when (resumeAt > 0)
        {
            throw PartialFileChanged(partial, path, resumeAt, "is gone", e);
        }
        if (resumeAt == 0) return file;
        if (file.Length != resumeAt)
        {
            var length = file.Length;
            file.Dispose();
            throw PartialFileChanged(partial, path, resumeAt, $"now holds {length}", null);
        }
        file.Seek(0, SeekOrigin.End);
        return file;
    }

    private static IOException PartialFileChanged(string partial, string path, long resumeAt, string now, Exception? inner) =>
        new($"The partial file '{partial}' held {resumeAt} bytes when its download resumed, and {now} (another download to the file '{path}'?): nothing was written; resume again.", inner);

    // What the lock conflict raises: ERROR_SHARING_VIOLATION on Windows, flock's EWOULDBLOCK elsewhere (11 on Linux,
    // 35 on macOS), which .NET passes on as the HResult.
    private static bool IsLockConflict(IOException e) =>
        OperatingSystem.IsWindows() ? e.HResult == unchecked((int)0x80070020) : e.HResult == (OperatingSystem.IsMacOS() ? 35 : 11);

    private readonly Client _client;

    public Downloader(Client client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>
    /// For tests: runs between closing a complete partial file and renaming it, given the file's path. This downloader's
    /// own, so that tests running in parallel never see each other's.
    /// </summary>
    internal Func<string, Task>? RenamingForTests { get; init; }

    /// <summary>
    /// The batch this download is one of: a file another URL of the batch took (by the name in a folder, or given as the
    /// target) is refused, never replaces that URL's file. Null: each download is on its own, and replaces its file.
    /// </summary>
    public DownloadBatch? Batch { get; init; }

    /// <summary>
    /// The SHA-256 the file must have (64 hexadecimal digits, any case), as a manifest gives it; null: not checked. The
    /// whole file is hashed before it is renamed into place: one that differs is a <see cref="ChecksumMismatchException"/>,
    /// and its partial file is removed (its bytes are wrong, and a resume would continue them). A file already whole
    /// (a resume's 416) is checked too, and left as it is.
    /// </summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>Least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Whether a 4xx/5xx response raises <see cref="HttpStatusException"/> and writes nothing (the default); when false,
    /// its body is written like any other, as Invoke-WebRequest -OutFile -SkipHttpErrorCheck writes an error page.
    /// Resuming, a 4xx/5xx is raised either way: a partial file is kept, and an error page never becomes the start of a file.
    /// </summary>
    public bool RaiseForStatus { get; init; } = true;

    // A sync call, so the auth's sync flow (AuthFlow), as the client's sync methods run it (HTTPX's Client, sync_auth_flow).
    public DownloadResult Download(Request request, string target, bool resume = false, Action<DownloadProgress>? progress = null) =>
        Internal.SyncOverAsync.Run(() => DownloadAsync(request, target, resume, progress, CancellationToken.None, null, startingOver: false, syncCall: true));

    /// <summary>
    /// Sends <paramref name="request"/> and writes the body to <paramref name="target"/> (a file path, or an existing folder).
    /// A 4xx/5xx response raises <see cref="HttpStatusException"/> and writes nothing, unless <see cref="RaiseForStatus"/>
    /// is off (a resume raises it either way, keeping the partial file, if any). <paramref name="sendOptions"/> carries
    /// per-request auth and redirect settings (Auth, FollowRedirects, MaxRedirects, AllowInsecureRedirects), as <see cref="Client.SendAsync(Request, RequestOptions, bool, CancellationToken)"/>
    /// takes them.
    /// </summary>
    public Task<DownloadResult> DownloadAsync(Request request, string target, bool resume = false,
        Action<DownloadProgress>? progress = null, CancellationToken cancellationToken = default, RequestOptions? sendOptions = null) =>
        DownloadAsync(request, target, resume, progress, cancellationToken, sendOptions, startingOver: false, syncCall: false);

    // startingOver: the download of a resume whose start was not one of the resource (a 416 for a longer file), sent
    // without a Range; it is still a resume, so a 4xx/5xx is raised and never replaces the file.
    private async Task<DownloadResult> DownloadAsync(Request request, string target, bool resume,
        Action<DownloadProgress>? progress, CancellationToken cancellationToken, RequestOptions? sendOptions, bool startingOver, bool syncCall)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(target);
        var folder = Directory.Exists(target) ? target : null;

        // With a folder the file name is only known from the response, so a resume needs a file path; refused before
        // anything is sent, rather than starting over and replacing the partial file the caller meant to continue.
        if (resume && folder is not null)
            throw new ArgumentException($"Resuming a download needs a file path, not the folder '{target}': in a folder the file's name is only known from the response.", nameof(target));
        // A Range of the caller's is the file; resuming would replace it with our own and append another part of the
        // resource to the partial file, a whole-looking file of the wrong bytes.
        if (resume && request.Headers.Get("Range") is { } callersRange)
            throw new ArgumentException($"Resuming a download sends a Range header of its own, and the request has one ('{callersRange}'): download that range without resuming.", nameof(resume));
        var path = folder is null ? Path.GetFullPath(target) : null;
        // Refused before anything is sent; resuming, after the answer, which may say the file is whole (nothing replaced).
        if (path is not null && !resume) RefuseReadOnly(path);
        long offset = 0;
        var asked = request;
        // Resuming with no partial file, the file itself is the start (Invoke-WebRequest -Resume and wget -c continue
        // the file given): whole, the server's 416 says so and nothing is downloaded; shorter, its rest is appended to
        // a copy of it in the partial file. The file is replaced only by a whole one, as for any download.
        var fromFile = false;
        if (resume && path is not null)
        {
            offset = PartialLength(path);
            if (offset == 0 && File.Exists(path))
            {
                offset = new FileInfo(path).Length;
                fromFile = offset > 0;
            }
            if (offset > 0)
            {
                var headers = request.Headers.Copy();
                headers.Set("Range", $"bytes={offset}-");
                // A range of a compressed representation cannot be appended to decoded bytes: ask for the bytes as stored.
                headers.Set("Accept-Encoding", "identity");
                // Sent as a copy: the caller's request may be sent again later, and must not ask for the range then.
                request = request.Copy(headers);
            }
        }

        Response response;
        try
        {
            response = await _client.SendAsync(request, sendOptions ?? RequestOptions.None, stream: true, syncCall, cancellationToken).ConfigureAwait(false);
        }
        // A resume that got no answer (a refused connect, a reset before the response): the partial file is untouched,
        // and the error names it for the next resume, as a body broken half-way does. (Resuming from the file itself,
        // there is no partial file to name.)
        catch (HttpxException e) when (offset > 0 && !fromFile)
        {
            e.Data[ResumableFileKey] = path;
            throw;
        }
        try
        {
            if (response.StatusCode == 416 && offset > 0)
            {
                var size = ContentRange.Of(response).Total;
                if (size == offset)
                {
                    // The partial file (or the file itself) already holds the whole resource.
                    if (!fromFile)
                    {
                        RefuseReadOnly(path!);
                        var whole = PartialPathOf(path!);
                        using (PartialFileClaims.Take(whole, path!))
                        {
                            await CheckSha256Async(whole, path!, response, cancellationToken).ConfigureAwait(false);
                            File.Move(whole, path!, overwrite: true);
                        }
                    }
                    else await CheckSha256Async(path!, path!, response, cancellationToken).ConfigureAwait(false);
                    return new DownloadResult(path!, offset, true, response);
                }
                if (size < offset)
                {
                    // The partial file is longer than the resource: not a start of it (the resource changed since).
                    // Start over, as when a server ignores the range.
                    await response.CloseAsync().ConfigureAwait(false);
                    if (!fromFile) File.Delete(PartialPathOf(path!));
                    return await DownloadAsync(asked, target, resume: false, progress, cancellationToken, sendOptions, startingOver: true, syncCall).ConfigureAwait(false);
                }
                // An answer to our own Range header, never the file, also when status errors are not raised.
                await response.RaiseForStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            // Resuming, the partial file is what the caller wants kept: an error page written in its place would lose it,
            // so a 4xx/5xx is raised also when error pages are written. Also with nothing to continue yet: the error page
            // saved as the file would be the start that the next resume continues, a whole-looking file of wrong bytes.
            if (RaiseForStatus || resume || startingOver) await response.RaiseForStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

            // How the server chose the file's name in a folder (null when the name is the caller's).
            string? chosenByServer = null;
            if (path is null)
            {
                path = Path.Combine(Path.GetFullPath(folder!), FileNameFor(response, out chosenByServer));
                // A name the server chose never replaces a file: it could name any file in the folder (curl -OJ
                // refuses so too). A name from the URL is the caller's, as is an explicit file path.
                if (chosenByServer is not null && (File.Exists(path) || Directory.Exists(path)))
                    throw new IOException($"The server named the file '{Path.GetFileName(path)}' ({chosenByServer}), and '{path}' exists already: a name the server chooses never replaces a file. Give the file's path as the target to replace it.");
                // Refused before a byte is written: the rename would fail at the end, leaving the whole body in a .partial file.
                if (Directory.Exists(path))
                    throw new IOException($"The download's name '{Path.GetFileName(path)}' (from the URL) is a folder in '{folder}': give the file's path as the target.");
                Batch?.Take(path, asked.Url);
            }
            // Files given one by one (piped rows naming theirs): one named twice is the first URL's too.
            else Batch?.Take(path, asked.Url, given: true);
            if (folder is not null || resume) RefuseReadOnly(path);
            var partial = PartialPathOf(path);
            // Opening follows a link: one left or planted in the folder at the partial file's name would take the body
            // to whatever file it names, out of the folder the caller gave.
            if (folder is not null && new FileInfo(partial).LinkTarget is { } linked)
                throw new IOException($"The partial file '{partial}' is a link to '{linked}': a download into a folder writes only in the folder. Remove the link.");
            // A 206 to our Range is the rest of the partial file, or all of it from byte 0. Another range, or one the
            // answer does not say, written from the start would be a wrong file, or a wrong start a later resume continues.
            var range = response.StatusCode == 206 ? ContentRange.Of(response) : default;
            if (offset > 0 && response.StatusCode == 206 && range.Start != offset && range.Start != 0)
                throw new RemoteProtocolException($"Resuming the download of '{response.Url.ToRedactedString()}' asked for the range bytes={offset}- and the server answered 206 with {(response.Headers.Get("Content-Range") is { } header ? $"Content-Range '{header}'" : "no Content-Range")}; the {(fromFile ? "file" : "partial file")} '{(fromFile ? path : partial)}' was left as it was.", response.Request);
            var resumed = offset > 0 && response.StatusCode == 206 && range.Start == offset;
            // A .gz file labelled gzip is saved as it came, not decoded (so its partial file holds the bytes as stored).
            var asStored = StoredGzipFile.Is(response, path);
            // A range is of the bytes as sent (RFC 9110, 14.1.1): a compressed one, despite our Accept-Encoding: identity,
            // starts mid-stream and, decoded, is no continuation of the decoded partial file.
            if (resumed && !asStored && Coding(response) is { } coding)
                throw new RemoteProtocolException($"Resuming the download of '{response.Url.ToRedactedString()}' asked for the range bytes={offset}- uncompressed, and the server answered it with Content-Encoding '{coding}': a range of compressed bytes cannot continue the {(fromFile ? "file" : "partial file")} '{(fromFile ? path : partial)}', which was left as it was. Download it again without resuming.", response.Request);
            // The file's length when complete: the resource's, for our own Range (what the partial file lacked);
            // the answered range's, for a Range header of the caller's (that range is the file). A response that has no
            // body (to a HEAD; a 204 or 304) is complete empty: its Content-Length is what a GET would have sent, and the
            // download of a HEAD was refused as cut short after 0 of that many bytes.
            long? total = response.StatusCode != 206 ? (response.MayHaveBody ? response.DeclaredLength : null) : offset > 0 ? range.Total : range.Length;
            if (!resumed) offset = 0;

            var written = offset;
            // Content-Length counts the bytes as sent, compressed or not, and the file gets them decoded: progress
            // counts those received, as HTTPX's num_bytes_downloaded (its docs' download progress bars).
            var encoded = !asStored && response.Headers.ContainsKey("Content-Encoding");
            long Received() => encoded ? offset + response.NumBytesDownloaded : written;
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            using var claim = PartialFileClaims.Take(partial, path);
            // Only a partial file this download opened is its own to name or delete: one refused at its lock (or changed
            // under a resume) is another download's.
            var opened = false;
            try
            {
                // The file stays as it is until the whole one replaces it: its rest goes after a copy of it.
                if (resumed && fromFile) File.Copy(path, partial, overwrite: true);
                var file = OpenPartial(partial, path, resumed ? offset : 0);
                // Closed without the caller's context: closing flushes the file's last bytes, a real wait, and a GUI thread
                // blocked on this download cannot run a continuation posted to it.
                await using (file.ConfigureAwait(false))
                {
                    opened = true;
                    // A resume appends; a new body replaces what the partial file held (an older download's start, which
                    // a resume answered from byte 0 would continue) only once a byte of it has come.
                    var replaced = resumed;
                    var chunks = asStored ? response.IterRawAsync(cancellationToken: cancellationToken) : response.IterBytesAsync(cancellationToken: cancellationToken);
                    await foreach (var chunk in chunks.ConfigureAwait(false))
                    {
                        if (!replaced)
                        {
                            file.SetLength(0);
                            replaced = true;
                        }
                        await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                        written += chunk.Length;
                        if (progress is not null && clock.Elapsed - lastReport >= ProgressInterval)
                        {
                            lastReport = clock.Elapsed;
                            progress(new DownloadProgress(Received(), total, Rate(Received() - offset, clock.Elapsed), path));
                        }
                    }
                    // An empty body is an empty file.
                    if (!replaced) file.SetLength(0);
                }
            }
            catch (Exception e) when (opened && File.Exists(partial))
            {
                // What was received (or, failing before the first byte, an older download's start) stays in the partial
                // file for a resume: the error names the file to resume.
                if (new FileInfo(partial).Length > 0)
                {
                    if (e is HttpxException) e.Data[ResumableFileKey] = path;
                }
                // Nothing received (a body refused at its first byte, a stop before it): an empty partial file is a
                // stray file no message names, with nothing in it to resume.
                else File.Delete(partial);
                throw;
            }
            // The handler already fails a body cut short of its Content-Length; this catches a server that lies about it.
            if (total is { } expected && written != expected && !encoded)
                throw new RemoteProtocolException($"The download of '{response.Url.ToRedactedString()}' ended after {written} of {expected} bytes; the partial file '{partial}' was kept.", response.Request);

            await CheckSha256Async(partial, path, response, cancellationToken).ConfigureAwait(false);
            if (RenamingForTests is { } renaming) await renaming(path).ConfigureAwait(false);
            if (chosenByServer is null) File.Move(partial, path, overwrite: true);
            else MoveToNewFile(partial, path, chosenByServer);
            progress?.Invoke(new DownloadProgress(Received(), total ?? Received(), Rate(Received() - offset, clock.Elapsed), path));
            return new DownloadResult(path, written, resumed, response);
        }
        finally
        {
            await response.CloseAsync().ConfigureAwait(false);
        }
    }

    // Hashes the whole file (its partial file, or the file itself when a resume found it whole) against ExpectedSha256.
    // Read back from the disk rather than hashed as it came: a resume's start was written by an earlier download.
    private async Task CheckSha256Async(string file, string path, Response response, CancellationToken cancellationToken)
    {
        if (ExpectedSha256 is not { } expected) return;
        string actual;
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using (stream.ConfigureAwait(false))
            actual = Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        if (actual.Equals(expected, StringComparison.OrdinalIgnoreCase)) return;
        var partial = file != path;
        if (partial) File.Delete(file);
        throw new ChecksumMismatchException($"The download of '{response.Url.ToRedactedString()}' has the SHA-256 {actual}, not the {expected.ToUpperInvariant()} expected: "
            + (partial ? $"the body was not saved (its partial file was removed), and '{path}' was left as it was." : $"the file '{path}', which the server says is whole, was left as it was; download it again without resuming."), response.Request);
    }

    // A name the server chose was checked free before the body came; a file made there since (a download of the same
    // name that finished first, another program) is not replaced either: the rename fails rather than replaces, at
    // once (a hard link on Unix, MoveFileEx without REPLACE_EXISTING on Windows). The whole body stays in the partial file.
    private static void MoveToNewFile(string partial, string path, string chosenByServer)
    {
        try
        {
            File.Move(partial, path, overwrite: false);
        }
        catch (IOException e) when (File.Exists(path) || Directory.Exists(path)) // a link whose target is gone too
        {
            throw new IOException($"The server named the file '{Path.GetFileName(path)}' ({chosenByServer}), and '{path}' was made while it downloaded: a name the server chooses never replaces a file. The download is in '{partial}'.", e);
        }
    }

    /// <summary>
    /// The response's Content-Encoding when it names a coding; null for none, an empty value (some servers send the
    /// header blank) or identity only, which <see cref="ContentDecoding"/> passes through as the bytes as stored.
    /// </summary>
    private static string? Coding(Response response) =>
        response.Headers.Get("Content-Encoding") is { } coding
        && coding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(c => !c.Equals("identity", StringComparison.OrdinalIgnoreCase))
            ? coding
            : null;

    // A read-only file is one its owner protected: Invoke-WebRequest -OutFile, curl -o and wget -O fail to open it. The
    // rename that ends a download replaced it on Linux and macOS (a folder's permission, not the file's, allows it) and
    // failed on Windows only after the whole body came, leaving it in the partial file. Refused before a byte is written.
    private static void RefuseReadOnly(string path)
    {
        var file = new FileInfo(path);
        if (file.Exists && file.IsReadOnly)
            throw new UnauthorizedAccessException($"The file '{path}' is read-only: a download does not replace it, as Invoke-WebRequest -OutFile and curl -o do not. Make it writable or remove it first, or give another path.");
    }

    private static long PartialLength(string path)
    {
        var partial = new FileInfo(PartialPathOf(path));
        return partial.Exists ? partial.Length : 0;
    }

    private static double Rate(long bytes, TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? bytes / elapsed.TotalSeconds : 0;

    /// <summary>The file name for a folder target: Content-Disposition (filename* before filename), else the URL's last segment.</summary>
    public static string FileNameFor(Response response) => FileNameFor(response, out _);

    /// <summary>
    /// <see cref="FileNameFor(Response)"/>, and how the server chose it (Content-Disposition, or the URL of a redirect
    /// whose name is not the one asked for), null when the name is the caller's: the name of the URL asked for, also
    /// when Content-Disposition gives that same name (as release and storage servers do: downloading such a file into
    /// a folder again replaces it, as it does without the header).
    /// </summary>
    private static string FileNameFor(Response response, out string? chosenByServer)
    {
        var asked = NameInUrl(response.History.Count > 0 ? response.History[0].Request.Url : response.Url);
        if (SafeFileName.Of(ContentDisposition.FileName(response.Headers.GetList("Content-Disposition"))) is { } suggested)
        {
            chosenByServer = suggested == asked ? null : "Content-Disposition";
            return suggested;
        }
        // After a redirect the URL is the server's choice too (wget's CVE-2010-2252); an http -> https hop or a
        // redirect to the same name leaves the caller's name.
        var name = response.History.Count > 0 ? NameInUrl(response.Url) : asked;
        chosenByServer = name == asked ? null : $"the URL it redirected to, {response.Url.ToRedactedString()}";
        return name;
    }

    // The URL's last segment, or "download" when nothing usable is left of it.
    private static string NameInUrl(Url url) => SafeFileName.Of(url.Path[(url.Path.LastIndexOf('/') + 1)..]) ?? "download";
}
