using System.Management.Automation;
using System.Runtime.ExceptionServices;

namespace Httpx.PowerShell.Commands;

/// <summary>What Invoke-Httpx writes for each response.</summary>
public enum HttpxOutput { Response, Json, Text, Bytes }

/// <summary>How -Stream cuts the body into pipeline objects as it arrives.</summary>
// Raw is HTTPX's iter_raw(): the body as it came, its Content-Encoding (gzip, br...) not undone. Added last, so that
// the numbers of the others stay what they were.
public enum HttpxStreamMode { Lines, Text, Bytes, ServerSentEvents, JsonLines, Raw }

/// <summary>
/// Sends HTTP requests with HTTPX's semantics. Each pipeline input (a URL, an object with a Url property, or a
/// request from New-HttpxRequest) is one request; -ThrottleLimit N sends up to N at once and writes each result as it
/// completes. Writes responses (no error for 4xx/5xx unless -RaiseForStatus), or the body (-As, -Stream, -Download:
/// a response that is not 2xx is then an error unless -SkipHttpErrorCheck). Failures are non-terminating errors per item.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Httpx", DefaultParameterSetName = UriSet)]
[OutputType(typeof(Response), typeof(string), typeof(byte[]), typeof(PSObject), typeof(ServerSentEvent))]
public sealed class InvokeHttpxCommand : HttpxRequestCmdlet
{
    private const string UriSet = "Uri";
    private const string RequestSet = "Request";

    private bool _verbose;
    private string? _downloadTarget;
    private bool _progress;
    private DownloadBatch? _downloadBatch;

    /// <summary>
    /// A URL (string, System.Uri, Httpx.Url), several of them (each sent as if piped), or, from the pipeline, also a
    /// request from New-HttpxRequest, an object with a Uri or Url property or a hashtable with such a key. Typed object and sorted out per item
    /// (<see cref="UrlArgument.FromPipeline"/>): with typed parameters PowerShell binds a piped Request's Url property
    /// to -Uri, or, when the Request set is the default, tries to convert every piped string to a Request first, and
    /// that failed conversion (an exception per item) was 40 % of the pipeline thread's time.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    // A piped $null is a bad item like 42: the module's error for it (UrlArgument), not PowerShell's binding error.
    [AllowNull]
    public object? Uri { get; set; }

    /// <summary>A request built by New-HttpxRequest (piped requests arrive through -Uri).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RequestSet)]
    public Request? Request { get; set; }

    [Parameter]
    public HttpxOutput As { get; set; } = HttpxOutput.Response;

    [Parameter]
    public HttpxStreamMode? Stream { get; set; }

    /// <summary>A file, or an existing folder (the name then comes from Content-Disposition, else the URL).</summary>
    [Parameter]
    [Alias("OutFile")]
    [ValidateNotNullOrEmpty]
    public string? Download { get; set; }

    /// <summary>Continue "&lt;file&gt;.partial" from an earlier broken -Download with a Range request.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>With -Download: also write the response, with a Path property naming the file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>With -As Json: write a JSON array as one object instead of its items.</summary>
    [Parameter]
    public SwitchParameter NoEnumerate { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int ThrottleLimit { get; set; } = 1;

    /// <summary>Raise an error for any non-2xx response (HTTPX's raise_for_status).</summary>
    [Parameter]
    public SwitchParameter RaiseForStatus { get; set; }

    /// <summary>Write the body of 4xx/5xx responses (and of redirects not followed) with -As/-Stream/-Download instead of raising an error.</summary>
    [Parameter]
    public SwitchParameter SkipHttpErrorCheck { get; set; }

    protected override void BeginProcessing()
    {
        CheckClientParameters();
        // Once per command, before anything is sent: every item would meet the same hook.
        if (Client is not null && ScriptBlockHooks.PowerShellDelegateIn(Client.EventHooks) is { } addedHook)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(addedHook, nameof(Client)));
        if (Request is null) PrepareRequestOptions(); // a built request has its own (the parameters are refused with it)
        TakeSharedTransport();
        // The error names the outputs given, and targets one of them: it named -As also when -Stream and -Download were given.
        var modes = new List<string>(3);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(As))) modes.Add(nameof(As));
        if (Stream is not null) modes.Add(nameof(Stream));
        if (Download is not null) modes.Add(nameof(Download));
        if (modes.Count > 1)
            Refuse($"{string.Join(" and ", modes.Select(m => "-" + m))} each choose what is written: use one of -As, -Stream and -Download.", modes[1]);
        // Rows may name their files (a Download or OutFile column), piped or given to -Uri: then an item without one is
        // refused instead. A URL given as text cannot.
        var itemsMayNameFiles = MyInvocation.ExpectingInput || (Request is null && PowerShellValues.Unwrap(Uri) is not (string or System.Uri or Url));
        if (Resume && Download is null && !itemsMayNameFiles) Refuse(ResumeWithoutDownload, nameof(Resume));
        if (PassThru && Download is null && !itemsMayNameFiles) Refuse(PassThruWithoutDownload, nameof(PassThru));
        if (NoEnumerate && As != HttpxOutput.Json) Refuse("-NoEnumerate goes with -As Json.", nameof(NoEnumerate));
        // HTTPX follows no redirect unless asked: -MaxRedirects alone would be ignored, where a user giving it means to
        // follow (Invoke-WebRequest's -MaximumRedirection follows). An explicit -FollowRedirects:$false is the user's call,
        // and with auth the limit also ends an auth flow's retries (HTTPX counts them in the same history).
        if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxRedirects)) && !MyInvocation.BoundParameters.ContainsKey(nameof(FollowRedirects))
            && Client is not { FollowRedirects: true } && Auth is null && Client?.Auth is null)
            Refuse(MaxRedirects == 0
                // Invoke-WebRequest's -MaximumRedirection 0 (its alias here): what the user wants is the default.
                ? "-MaxRedirects 0 follows no redirect, as Invoke-Httpx does without -FollowRedirects: leave it out to get the 3xx response itself (Invoke-WebRequest's -MaximumRedirection 0); to follow redirects, give -FollowRedirects (and a -MaxRedirects above 0)."
                : $"-MaxRedirects {MaxRedirects} limits the redirects that -FollowRedirects follows, and none are followed without it: add -FollowRedirects (or make the client with it).", nameof(MaxRedirects));
        _verbose = Preference("Verbose", "VerbosePreference");
        _progress = (Download is not null || itemsMayNameFiles) && Preference("ProgressAction", "ProgressPreference");
        // A PowerShell path (relative to its location, ~ and drives), resolved here on the pipeline thread.
        // A path of another provider (variable:out.bin) is refused, as Invoke-WebRequest refuses it: its provider path
        // was written as a file in the process's working folder.
        try
        {
            _downloadTarget = Download is null ? null : FilePaths.InFileSystem(SessionState.Path, Download, nameof(Download));
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, nameof(Download)));
        }
        // An existing folder (the name then comes from the response), or a file in one: checked before any request,
        // as -Files checks its files; the download would otherwise fail after the request, naming its ".partial" file.
        if (_downloadTarget is not null && !Directory.Exists(_downloadTarget) && FilePaths.MissingFolderOf(_downloadTarget) is { } folder)
            Refuse($"-Download '{Download}': the folder '{folder}' does not exist.", nameof(Download));
        // The command's URLs are one batch in a folder: two that give one name never replace each other's file.
        if (_downloadTarget is not null && Directory.Exists(_downloadTarget)) _downloadBatch = new DownloadBatch();
        // A folder is no file to resume for any URL (its file's name comes from the response): one error for the
        // command, as Invoke-WebRequest -Resume refuses an -OutFile folder, not one per piped URL. The engine refuses
        // it too, for its own callers.
        if (Resume && _downloadTarget is not null && Directory.Exists(_downloadTarget))
            Refuse($"-Resume needs -Download to name a file, not the folder '{_downloadTarget}': in a folder the file's name is only known from the response.", nameof(Resume));
        // So is a Range header of the command's or the client's, which every request would carry (one in a built
        // -Request is the engine's refusal, for that request).
        if (Resume && HeaderOfEveryRequest("Range") is { } range)
            Refuse($"-Resume sends a Range header of its own, and the request has one ('{range}'): download that range without -Resume.", nameof(Resume));
    }

    private const string ResumeWithoutDownload = "-Resume continues a -Download: give -Download too.";
    private const string PassThruWithoutDownload = "-PassThru goes with -Download (responses are written by default).";

    // What New-HttpxRequest fixed when it built a request; given again here they could only be ignored.
    private static readonly string[] BuiltRequestParameters =
        { nameof(Method), nameof(Params), nameof(Headers), nameof(Header), nameof(Cookies), nameof(Content), nameof(InFile), nameof(Data), nameof(Files), nameof(Json), nameof(Timeout), nameof(BaseUrl) };

    protected override void ProcessRecord()
    {
        if (Request is null && UrlArgument.AreSeveral(Uri, out var items))
            foreach (var item in items) ProcessItem(item);
        else
            ProcessItem(Uri);
    }

    private void ProcessItem(object? item)
    {
        var request = Request ?? PowerShellValues.Unwrap(item) as Request;
        UrlArgument? uri = null;
        if (request is null && (uri = UrlArgument.FromPipeline(item, out var problem)) is null)
        {
            // One bad item among many: an error for it, the others go on.
            WriteError(ErrorRecordFactory.Create(new ArgumentException(problem, nameof(Uri)), item, input: item));
            return;
        }
        // A request held by a row (its Url property) is sent as built; the row stays, as the error's InputObject.
        if (uri?.HeldRequest is { } held) request = held;
        if (BadPipedMethod(uri, Method) is { } badMethod)
        {
            WriteError(ErrorRecordFactory.Create(badMethod, item, input: item));
            return;
        }
        if (request is not null && BuiltRequestParameters.FirstOrDefault(MyInvocation.BoundParameters.ContainsKey) is { } clash)
        {
            // The items before it have gone out: their results are written before the command stops, as they are one
            // at a time, rather than dropped with it under -ThrottleLimit.
            WaitForAllStarted();
            // A session default ('Invoke-Httpx:Timeout' = 30) binds as if typed: the user who set it never gave the
            // -Timeout that every piped request was refused for, and the message did not say where it came from.
            Refuse($"-{clash} cannot change a request that New-HttpxRequest already built ({request}): give -{clash} to New-HttpxRequest instead.{DefaultedBy(clash, $"remove that default to send built requests, or give it to New-HttpxRequest ('New-HttpxRequest:{clash}'), which builds them with it")}", clash);
        }
        var downloadTarget = _downloadTarget;
        // -Download given wins over a row's column, as -Method over its Method column (and any parameter typed over binding by property name).
        if (downloadTarget is null && uri?.DownloadProperty() is { } column && (downloadTarget = RowDownloadTarget(column, item)) is null) return;
        if (downloadTarget is null && (Resume || PassThru))
        {
            WriteError(ErrorRecordFactory.Create(new ArgumentException(Resume ? ResumeWithoutDownload : PassThruWithoutDownload, Resume ? nameof(Resume) : nameof(PassThru)), item, input: item));
            return;
        }
        // A row's checksum (a Sha256 column) is checked on its file before the file is saved.
        string? sha256 = null;
        if (downloadTarget is not null && uri?.Sha256Property() is { } sum && (sha256 = RowSha256(sum, item)) is null) return;
        StartLimited(_runItem ??= RunAsync, (uri, request, downloadTarget, sha256), ThrottleLimit);
    }

    /// <summary>A row's Sha256 as 64 hexadecimal digits; null, with the row's error written, when it is none.</summary>
    private string? RowSha256(object sum, object? item)
    {
        if (sum is string text && text.Length == 64 && text.All(char.IsAsciiHexDigit)) return text;
        var shown = sum is string s ? $"'{s}'" : $"a {sum.GetType().FullName}";
        WriteError(ErrorRecordFactory.Create(new ArgumentException($"The Sha256 of the piped object (the error's target) is {shown}, not a SHA-256 (64 hexadecimal digits, as Get-FileHash writes it): nothing was sent.", "Sha256"), item, input: item));
        return null;
    }

    /// <summary>
    /// The file (or folder) a piped row's Download or OutFile column names, resolved as -Download is (a PowerShell path,
    /// relative to the current location); null, with the row's error written, when it is no path this command can save to.
    /// </summary>
    private string? RowDownloadTarget(object column, object? item)
    {
        string? problem = null;
        string? target = null;
        if (column is not string path)
            problem = $"The Download (or OutFile) of the piped object (the error's target) holds a {column.GetType().FullName}, not a file path.";
        else if (Stream is not null || MyInvocation.BoundParameters.ContainsKey(nameof(As)))
            problem = $"The piped object (the error's target) names a file to save the body in, '{path}' (its Download or OutFile), and -{(Stream is not null ? nameof(Stream) : nameof(As))} writes the body: use one of them.";
        else
        {
            try
            {
                target = FilePaths.InFileSystem(SessionState.Path, path, nameof(Download), label: $"The piped object's Download (or OutFile) '{path}' (the error's target):");
            }
            catch (ArgumentException e)
            {
                problem = ErrorRecordFactory.BareMessage(e);
            }
            if (target is not null && !Directory.Exists(target) && FilePaths.MissingFolderOf(target) is { } folder)
                problem = $"The piped object's Download (or OutFile) '{path}' (the error's target): the folder '{folder}' does not exist.";
        }
        if (problem is not null)
        {
            WriteError(ErrorRecordFactory.Create(new ArgumentException(problem, nameof(Download)), item, input: item));
            return null;
        }
        // The rows are one batch, as the URLs of -Download <folder> are: two naming one file (or a name in one folder)
        // never replace each other's file.
        _downloadBatch ??= new DownloadBatch();
        return target;
    }

    // RunAsync as a delegate, made once per command rather than once per piped URL.
    private Func<(UrlArgument? Uri, Request? Given, string? DownloadTarget, string? Sha256), CancellationToken, Task>? _runItem;

    protected override void EndProcessing() => WaitForAllStarted();

    /// <summary>One pipeline item, on a background task. Never throws: failures become error records.</summary>
    private async Task RunAsync((UrlArgument? Uri, Request? Given, string? DownloadTarget, string? Sha256) item, CancellationToken token)
    {
        var (uri, given, downloadTarget, sha256) = item;
        IDisposable? opened = null;
        object? target = (object?)given ?? uri;
        var trace = _verbose ? new VerboseTrace(this) : null;
        try
        {
            var (client, owned) = ClientForCall();
            if (trace is not null) trace.Client = client;
            try
            {
                if (given is null)
                {
                    var url = uri!.ToUrl(client.BaseUrl is not null);
                    target = url;
                    var options = RequestOptionsFor(out opened);
                    if (trace is not null) options = options with { Extensions = trace.AddTo(options.Extensions) };
                    if (downloadTarget is not null)
                        await DownloadAsync(client, client.BuildRequest(MethodFor(uri), url, options), downloadTarget, sha256, options, trace, token).ConfigureAwait(false);
                    else if (Stream is not null)
                        await OutputAsync(await client.StreamAsync(MethodFor(uri), url.ToUnredactedString(), options, token).ConfigureAwait(false), token).ConfigureAwait(false);
                    else
                        // Through the client's request method, so per-request options (redirect policy) apply also with -Client.
                        await OutputAsync(await client.RequestAsync(MethodFor(uri), url, options, token).ConfigureAwait(false), token).ConfigureAwait(false);
                }
                else if (downloadTarget is not null)
                {
                    await DownloadAsync(client, ToSend(given, trace), downloadTarget, sha256, SendOptionsForBuiltRequest(), trace, token).ConfigureAwait(false);
                }
                else
                {
                    // With the per-call auth and redirect settings, so that they apply also with -Client.
                    var options = SendOptionsForBuiltRequest();
                    await OutputAsync(await client.SendAsync(ToSend(given, trace), options, stream: Stream is not null, token).ConfigureAwait(false), token).ConfigureAwait(false);
                }
            }
            finally
            {
                if (owned) client.Dispose();
            }
        }
        catch (Exception e) when (!IsStopping)
        {
            trace?.WriteUnanswered(e);
            // A failed Should in a mock handler or hook: thrown as it is, as -ErrorAction Stop throws (the command stops).
            if (UserScriptBlock.IsTestVerdict(e))
                await OnPipeline(static verdict => ExceptionDispatchInfo.Throw(verdict), e).ConfigureAwait(false);
            // A static lambda and its state: a capturing one here made its closure at the start of every item, failed or not.
            // The item as piped (an Import-Csv row) goes with the error, for matching it back: the target is the URL.
            await OnPipeline(static call => call.Cmdlet.WriteError(call.Record), (Cmdlet: this, Record: ErrorRecordFactory.Create(e, target, input: (object?)uri?.Input ?? given))).ConfigureAwait(false);
        }
        catch (Exception) when (IsStopping)
        {
            // The command is stopping (Ctrl+C, a downstream stop): nothing more to report.
        }
        finally
        {
            opened?.Dispose();
        }
    }

    // A built request goes out as a copy (headers copied, with the trace under -Verbose): the auth flow writes its
    // Authorization into the request it sends, and the user's request is left as it was (it may be piped again, to go
    // without -Auth, or be in flight twice under -ThrottleLimit). Only -Verbose made a copy: a later send without
    // -Auth still carried the token.
    private static Request ToSend(Request given, VerboseTrace? trace) =>
        given.Copy(extensions: trace?.AddTo(given.Extensions));

    /// <summary>
    /// Writes <paramref name="response"/>, its body or its stream as asked. The plain case, the response itself, hands
    /// back the write's task: no async frame of its own for each of the URLs of a pipeline.
    /// </summary>
    private Task OutputAsync(Response response, CancellationToken token) =>
        Stream is null && As == HttpxOutput.Response && !RaiseForStatus
            ? WriteObjectOnPipeline(response)
            : OutputAsAskedAsync(response, token);

    private async Task OutputAsAskedAsync(Response response, CancellationToken token)
    {
        var streaming = Stream is not null;
        try
        {
            var bodyWanted = streaming || As != HttpxOutput.Response;
            // Any answer that is not a success, a 3xx not followed too, as for -Download: a redirect's body is not the
            // resource, and -As Json wrote it (or $null) as if it were, where Invoke-RestMethod raises for it.
            if ((RaiseForStatus || (bodyWanted && !SkipHttpErrorCheck)) && !response.IsSuccess)
            {
                // The error shows a body excerpt: a streamed error body is read first, only so far, as it may never end
                // (a 503 that keeps streaming); a successful stream is never read ahead of its output.
                await response.RaiseForStatusAsync(cancellationToken: token).ConfigureAwait(false);
            }
            if (streaming)
            {
                await StreamAsync(response, token).ConfigureAwait(false);
                return;
            }
            switch (As)
            {
                case HttpxOutput.Response:
                    await WriteObjectOnPipeline(response).ConfigureAwait(false);
                    break;
                case HttpxOutput.Text:
                    var text = response.Text;
                    await WriteObjectOnPipeline(text).ConfigureAwait(false);
                    break;
                case HttpxOutput.Bytes:
                    var bytes = response.Content;
                    await WriteObjectOnPipeline(bytes).ConfigureAwait(false);
                    break;
                case HttpxOutput.Json:
                    var parsed = PowerShellJson.IsBlank(response.Content) ? null : PowerShellJson.Parse(response);
                    await OnPipeline(() => WriteObject(parsed, enumerateCollection: !NoEnumerate)).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            // A streamed body is released here, also when the consumer stopped early (Select-Object -First). A response
            // read by the client is closed already, a 101's upgraded connection with it.
            if (streaming) await response.CloseAsync().ConfigureAwait(false);
        }
    }

    private async Task StreamAsync(Response response, CancellationToken token)
    {
        switch (Stream)
        {
            case HttpxStreamMode.Lines:
                await foreach (var line in response.IterLinesAsync(token).ConfigureAwait(false))
                    await WriteObjectOnPipeline(line).ConfigureAwait(false);
                break;
            case HttpxStreamMode.Text:
                await foreach (var text in response.IterTextAsync(cancellationToken: token).ConfigureAwait(false))
                    await WriteObjectOnPipeline(text).ConfigureAwait(false);
                break;
            case HttpxStreamMode.Bytes:
                await foreach (var chunk in response.IterBytesAsync(cancellationToken: token).ConfigureAwait(false))
                    await WriteObjectOnPipeline(chunk).ConfigureAwait(false);
                break;
            case HttpxStreamMode.Raw:
                await foreach (var chunk in response.IterRawAsync(cancellationToken: token).ConfigureAwait(false))
                    await WriteObjectOnPipeline(chunk).ConfigureAwait(false);
                break;
            case HttpxStreamMode.ServerSentEvents:
                await foreach (var sse in response.IterServerSentEventsAsync(token).ConfigureAwait(false))
                    await WriteObjectOnPipeline(sse).ConfigureAwait(false);
                break;
            case HttpxStreamMode.JsonLines:
                await foreach (var node in response.IterJsonLinesAsync(token).ConfigureAwait(false))
                {
                    var item = PowerShellJson.FromJsonNode(node);
                    await WriteObjectOnPipeline(item).ConfigureAwait(false);
                }
                break;
        }
    }

    /// <summary>-Download: <paramref name="sendOptions"/> carries the call's auth and redirect settings, as for any other send.</summary>
    private async Task DownloadAsync(Client client, Request request, string target, string? sha256, RequestOptions sendOptions, VerboseTrace? trace, CancellationToken token)
    {
        var activity = $"Downloading {request.Url.ToRedactedString()}";
        // A bar of its own for each download: under -ThrottleLimit several run at once, and each completes its own.
        var activityId = Interlocked.Increment(ref _downloadsStarted);
        // The newest report not yet shown: reports come every quarter of a second, and a host slow to draw a bar (a
        // console whose terminal never answers pwsh's cursor query, as under `docker run -t` or a CI agent's pty, takes
        // seconds per bar) would otherwise have every one queued, and the command would end only when all were drawn,
        // long after the file was saved. One write at a time is queued; it draws the newest report.
        ProgressRecord? unshown = null;
        Action<DownloadProgress>? progress = _progress
            ? p =>
            {
                if (Interlocked.Exchange(ref unshown, ProgressRecordFor(activityId, activity, p)) is null)
                    Post(() => { if (Interlocked.Exchange(ref unshown, null) is { } record) WriteProgress(record); });
            }
            : null;
        // The error's body is what -SkipHttpErrorCheck asks for; -RaiseForStatus wins over it, as for the other outputs.
        var downloader = new Downloader(client) { RaiseForStatus = RaiseForStatus.IsPresent || !SkipHttpErrorCheck, Batch = _downloadBatch, ExpectedSha256 = sha256 };
        DownloadResult result;
        try
        {
            result = await downloader.DownloadAsync(request, target, Resume, progress, token, sendOptions).ConfigureAwait(false);
        }
        catch when (_progress && !IsStopping)
        {
            // A failed download's bar is completed too: under -ThrottleLimit it would stay on screen while others run.
            Post(() => WriteProgress(new ProgressRecord(activityId, activity, "Failed") { RecordType = ProgressRecordType.Completed }));
            throw;
        }
        trace?.WriteSaved(result);
        if (_progress)
            await OnPipeline(() => WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed })).ConfigureAwait(false);
        if (PassThru)
        {
            var output = PSObject.AsPSObject(result.Response);
            // Its own table view (Httpx.Format.ps1xml): the file's path is what a download is run for.
            output.TypeNames.Insert(0, ResponseMembers.DownloadedResponseTypeName);
            output.Properties.Add(new PSNoteProperty("Path", result.Path));
            // Invoke-WebRequest -OutFile -PassThru's name for it: -OutFile is -Download's alias, so $r.OutFile is read too.
            output.Properties.Add(new PSAliasProperty("OutFile", "Path"));
            output.Properties.Add(new PSNoteProperty("Resumed", result.Resumed));
            // The file's size: the response's Length is its Content-Length, which is the rest of a resumed file, the
            // compressed size of an encoded body, or none for a chunked one.
            output.Properties.Add(new PSNoteProperty("FileLength", result.Length));
            await WriteObjectOnPipeline(output).ConfigureAwait(false);
        }
    }

    private int _downloadsStarted;

    private static ProgressRecord ProgressRecordFor(int activityId, string activity, DownloadProgress p)
    {
        var rate = $"{Size(p.BytesPerSecond)}/s";
        var status = p.TotalBytes is { } total
            ? $"{Size(p.BytesReceived)} of {Size(total)} at {rate}"
            : $"{Size(p.BytesReceived)} at {rate}";
        var record = new ProgressRecord(activityId, activity, status) { CurrentOperation = p.Path };
        if (p.TotalBytes is long t && t > 0)
        {
            record.PercentComplete = (int)Math.Min(100, p.BytesReceived * 100 / t);
            if (p.BytesPerSecond > 0) record.SecondsRemaining = (int)((t - p.BytesReceived) / p.BytesPerSecond);
        }
        return record;
    }

    private static string Size(double bytes) => bytes switch
    {
        >= 1 << 30 => $"{bytes / (1 << 30):0.0} GiB",
        >= 1 << 20 => $"{bytes / (1 << 20):0.0} MiB",
        >= 1 << 10 => $"{bytes / (1 << 10):0.0} KiB",
        _ => $"{bytes:0} B",
    };

    // A common parameter given to this command (-Verbose, -ProgressAction) wins over its preference variable.
    private bool Preference(string parameter, string variable) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out var bound)
            ? bound is SwitchParameter { IsPresent: true } || bound is ActionPreference given && Shows(given)
            : GetVariableValue(variable) is ActionPreference p && Shows(p);

    private static bool Shows(ActionPreference preference) =>
        preference is not ActionPreference.SilentlyContinue and not ActionPreference.Ignore;

    private void Refuse(string message, string parameter) =>
        ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(new ArgumentException(message, parameter), parameter));
}
