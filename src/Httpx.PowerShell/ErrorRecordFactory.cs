using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Turns a failure into the ErrorRecord the module writes: FullyQualifiedErrorId "Httpx.&lt;HTTPX class name&gt;"
/// (Httpx.ConnectTimeout, Httpx.HTTPStatusError, Httpx.InvalidURL...), Httpx.ScriptBlockError for a failure in a
/// user's hook, auth flow or mock handler, Httpx.RequestBodyReadError for a request body's file or stream that failed,
/// a category per kind of failure, the redacted
/// URL as target, and for a status error the response (exception.Response) and a message with a short body excerpt.
/// </summary>
public static class ErrorRecordFactory
{
    private const int BodyExcerptLength = 300;

    /// <summary>The error id (without PowerShell's ",Command" suffix) for an exception.</summary>
    public static string ErrorId(Exception exception) => exception switch
    {
        HttpxException e => "Httpx." + e.ErrorName,
        // An event hook, auth flow or mock handler of the user's failed (an Httpx exception it raised keeps its own id).
        _ when UserScriptBlock.Failed(exception) => "Httpx.ScriptBlockError",
        ArgumentException or FormatException => "Httpx.InvalidArgument",
        // Closed while a command ran (by a hook, or by a step of the pipeline): as when it was closed before.
        ObjectDisposedException { ObjectName: nameof(Client) } => "Httpx.ClientClosed",
        // A New-HttpxTransport disposed by its owner while a client still sends through it (Close-HttpxClient leaves it open).
        ObjectDisposedException { ObjectName: nameof(HttpTransport) } => "Httpx.TransportClosed",
        OperationCanceledException => "Httpx.Cancelled",
        RequestBodyReadException => "Httpx.RequestBodyReadError",
        IOException => "Httpx.FileError",
        UnauthorizedAccessException => "Httpx.FileError",
        _ => "Httpx.UnexpectedError",
    };

    public static ErrorCategory Category(Exception exception) => exception switch
    {
        _ when UserScriptBlock.Failed(exception) => UserScriptBlock.FailureCategory(exception),
        ProxyException or ConnectException => ErrorCategory.ConnectionError,
        HttpTimeoutException => ErrorCategory.OperationTimeout,
        ProtocolException => ErrorCategory.ProtocolError,
        InvalidUrlException or UnsupportedProtocolException or ArgumentException or FormatException => ErrorCategory.InvalidArgument,
        HttpStatusException => ErrorCategory.InvalidResult,
        DecodingException or ChecksumMismatchException => ErrorCategory.InvalidData,
        TooManyRedirectsException or ResponseTooLargeException => ErrorCategory.LimitsExceeded,
        StreamException => ErrorCategory.InvalidOperation,
        ReadException => ErrorCategory.ReadError,
        WriteException => ErrorCategory.WriteError,
        CloseException => ErrorCategory.ConnectionError,
        CookieConflictException => ErrorCategory.InvalidOperation,
        ObjectDisposedException { ObjectName: nameof(Client) or nameof(HttpTransport) } => ErrorCategory.ResourceUnavailable,
        OperationCanceledException => ErrorCategory.OperationStopped,
        // Reading the user's own file or stream failed, not a write to the network.
        RequestBodyReadException => ErrorCategory.ReadError,
        IOException or UnauthorizedAccessException => ErrorCategory.WriteError,
        InsecureRedirectException => ErrorCategory.SecurityError,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>The record for <paramref name="exception"/>; <paramref name="target"/> is the URL when the exception has no request.</summary>
    public static ErrorRecord Create(Exception exception, object? target = null) => Create(exception, target, input: null);

    /// <summary>
    /// As <see cref="Create(Exception, object?)"/>, for a pipeline item of a cmdlet: <paramref name="input"/>, the item
    /// as piped (an Import-Csv row), goes in the record's exception as <c>$_.Exception.Data['Httpx.InputObject']</c>
    /// (<see cref="UrlArgument.InputObjectKey"/>), so that a failure can be matched back to its row: the target is the URL.
    /// </summary>
    public static ErrorRecord Create(Exception exception, object? target, object? input)
    {
        // A request body's source that failed (a file, a stream): said as such, naming it and the URL.
        exception = RequestBodyReadException.Of(exception) ?? exception;
        if (input is not null) exception.Data[UrlArgument.InputObjectKey] = WithoutPassword(input);
        return Shown(new ErrorRecord(exception, ErrorId(exception), Category(exception), Target(exception, target)), exception);
    }

    /// <summary>
    /// A URL given as text or a [uri] with a password in it goes in the error's Data as the Httpx.Url it is: Get-Error
    /// shows an exception's Data, and showed 'http://ops:hunter2@host/' there. The Url's text is redacted, and piped back
    /// into Invoke-Httpx it is sent with its password, as the text was. Other items (a row, a request) go as they are.
    /// </summary>
    private static object WithoutPassword(object input) => PowerShellValues.Unwrap(input) switch
    {
        string text when text.Contains('@') && Url.TryParse(text.Trim(), out var url) && HidesSomething(url) => url,
        System.Uri uri when uri.IsAbsoluteUri && uri.UserInfo.Length > 0 && Url.TryParse(uri.OriginalString, out var url) && HidesSomething(url) => url,
        _ => input,
    };

    private static bool HidesSomething(Url url) => !url.ToRedactedString().Equals(url.ToUnredactedString(), StringComparison.Ordinal);

    // What the record shows in place of the exception's message: a status error's line with its body excerpt, an
    // argument error's message without .NET's parameter suffix, a broken download's with its partial file; else the
    // message itself.
    private static ErrorRecord Shown(ErrorRecord record, Exception exception)
    {
        var shown = exception switch
        {
            HttpStatusException status => StatusMessage(status.Response, status),
            // The engine's advice names its option, which no cmdlet has: here it is the -AllowInsecureRedirect switch.
            InsecureRedirectException => exception.Message.Replace("Set AllowInsecureRedirects", "Add -AllowInsecureRedirect", StringComparison.Ordinal),
            // Likewise a pool timeout's: the limit is the -MaxConnections of the cmdlets that make a pool.
            PoolTimeoutException => exception.Message.Replace("see Limits.MaxConnections", "see -MaxConnections of New-HttpxClient or New-HttpxTransport", StringComparison.Ordinal),
            // A body's read timeout (an idle watch or event stream): the limit is -Timeout's Read key, 0 for none.
            ReadTimeoutException => exception.Message.Replace(ReadTimeoutException.NoReadLimit, "-Timeout @{ Read = 0 }", StringComparison.Ordinal),
            // A body too large for memory (-As, $r.Text): the module's ways to read it in pieces or into a file.
            ResponseTooLargeException => exception.Message.Replace(ResponseTooLargeException.Advice,
                "save it with Invoke-Httpx -Download <file>, or read it in pieces with -Stream Bytes, Text or Lines", StringComparison.Ordinal),
            _ => WithoutParameterName(exception),
        };
        // A download broken half-way: where the bytes received are, and how to go on from them.
        if (exception.Data[Downloader.ResumableFileKey] is string file)
        {
            // A sentence of its own: the engine's messages end with the request, "(GET url)", without a full stop.
            var message = (shown ?? exception.Message).TrimEnd();
            var stop = message.EndsWith('.') ? "" : ".";
            // The command as it can be pasted: a quote in the path doubled, as PowerShell reads a single-quoted string.
            shown = $"{message}{stop} What was received is kept in '{Downloader.PartialPathOf(file)}': -Download '{file.Replace("'", "''")}' -Resume continues it.";
        }
        if (shown is not null) record.ErrorDetails = new ErrorDetails(shown);
        return record;
    }

    /// <summary>An argument error's message without .NET's " (Parameter 'name')", for a message of the module's own that quotes it.</summary>
    internal static string BareMessage(ArgumentException exception) => WithoutParameterName(exception) ?? exception.Message;

    /// <summary>
    /// The message of an argument error without the " (Parameter 'name')" that .NET appends: the engine's errors name
    /// a C# parameter (url, name, value) that a PowerShell user never saw, and every message names the value itself.
    /// The exception keeps its message.
    /// </summary>
    private static string? WithoutParameterName(Exception exception)
    {
        if (exception is not ArgumentException { ParamName: { Length: > 0 } name } argument) return null;
        var suffix = $" (Parameter '{name}')";
        return argument.Message.EndsWith(suffix, StringComparison.Ordinal) ? argument.Message[..^suffix.Length] : null;
    }

    /// <summary>
    /// The record for a bad argument caught by a cmdlet (a parameter's value, a file it names, an environment variable):
    /// <c>Httpx.InvalidArgument</c>, shown without .NET's parameter suffix as <see cref="Create"/> shows it.
    /// </summary>
    public static ErrorRecord InvalidArgument(Exception exception, object? target, ErrorCategory category = ErrorCategory.InvalidArgument) =>
        // The target as Create shows it: a string that holds a URL has its password hidden.
        Shown(new ErrorRecord(exception, "Httpx.InvalidArgument", category, Target(exception, target)), exception);

    /// <summary>The record for a -Client that Close-HttpxClient (or its Dispose) has closed; the client is the target.</summary>
    public static ErrorRecord ClientClosed(Client client) => new(
        new ObjectDisposedException(nameof(Httpx.Client), "The client given to -Client was closed (Close-HttpxClient)."),
        "Httpx.ClientClosed", ErrorCategory.ResourceUnavailable, client);

    /// <summary>A proxy route to remove that is not there (Set-HttpxProxy -Remove): the pattern, redacted, is the target.</summary>
    public static ErrorRecord ProxyRouteNotFound(string pattern, string message) => new(
        new ItemNotFoundException(message), "Httpx.ProxyRouteNotFound", ErrorCategory.ObjectNotFound, RedactedUrl.Of(pattern));

    /// <summary>
    /// The value a connection setting's error is about, as the record's target: the engine names the option it
    /// refused ("proxy", "verify", "cert", as ArgumentException.ParamName), and the target is what was given for it
    /// (a proxy URL is shown redacted, as every string target is); for a refused route or mount (a key of -Mounts or of
    /// a -Proxy hashtable, or the route whose proxy is refused), that key, as the engine puts it on the error;
    /// <paramref name="otherwise"/> for any other error.
    /// </summary>
    public static object? SettingTarget(Exception exception, object? proxy, string? verify, object? certificate, object? otherwise) =>
        RefusedPattern(exception) ?? ((exception as ArgumentException)?.ParamName switch
        {
            "proxy" => proxy,
            "verify" => verify,
            "cert" => certificate,
            _ => otherwise,
        });

    /// <summary>The URL pattern (a key of mounts or proxy routes) that the engine refused with <paramref name="exception"/>, or whose proxy it refused.</summary>
    // Redacted: a refused key can be a proxy URL written in the pattern's place, password and all.
    public static string? RefusedPattern(Exception exception) => exception.Data[UrlPattern.RefusedPatternKey] is string key ? RedactedUrl.Of(key) : null;

    /// <summary>
    /// The redacted URL of the failed request, else the one given; an absolute URL or a request given (what a pipeline
    /// item asked for) wins over the failed request's, which after a redirect or with -Params is another URL.
    /// </summary>
    private static object? Target(Exception exception, object? fallback)
    {
        // After a redirect the failed request is the redirect's: its URL is in the message, and as the target it
        // matched none of the URLs piped in (a health check's 'http://svc/health' failing at 'https://svc/health').
        // A relative URL given (a path joined to -BaseUrl) is not: the request's absolute URL says more.
        // So does a user's hook, mock handler or auth flow that failed for a request.
        var failed = exception is HttpException { HasRequest: true } http ? http.Request : UserScriptBlock.RequestOf(exception);
        if (failed is not null)
            return (PowerShellValues.Unwrap(fallback) switch
            {
                Url { IsAbsoluteUrl: true } url => url,
                Request { Url.IsAbsoluteUrl: true } request => request.Url,
                _ => failed.Url,
            }).ToRedactedString();
        if (exception is RequestBodyReadException body) return body.Request.Url.ToRedactedString();
        // A proxy or CA bundle variable with a bad value: its name, the thing to fix, stable whatever it holds and never a secret (the
        // value, password masked, is in the message). The call's URL or setting would point away from the cause.
        if (exception.Data[EnvironmentProxies.VariableKey] is string variable) return variable;
        return PowerShellValues.Unwrap(fallback) switch
        {
            Url url => url.ToRedactedString(),
            Request request => request.Url.ToRedactedString(),
            // Text that does not even parse still has its password hidden (it is shown as the record's target name).
            string text => RedactedUrl.Of(text),
            UrlArgument argument => argument.ToString(),
            var other => other,
        };
    }

    /// <summary>"404 Not Found from GET https://host/path: &lt;body excerpt&gt;".</summary>
    /// <remarks>
    /// <paramref name="error"/>: the error raised for it, which holds the start of a body too long to read whole
    /// (the message then says so).
    /// </remarks>
    public static string StatusMessage(Response response, HttpStatusException? error = null)
    {
        // The server's reason phrase and error page reach the console: their control characters are escaped.
        var head = $"{response.StatusCode} {HttpLog.Printable(response.ReasonPhrase)} from {(response.HasRequest ? response.Request.Describe() : "the server")}";
        // A redirect not followed (-As, -Stream, -Download, -RaiseForStatus): where it points and how to get there, which
        // the exception's message has and this one, the one shown, did not; its body is often empty.
        // One with no NextRequest has a Location that is no one URL it could follow (empty, two, not a URL): -FollowRedirects
        // would only fail on it.
        if (response.HasRedirectLocation && response.Headers.Get("Location") is { } location)
            head += $", a redirect to '{HttpLog.Printable(Url.HidePasswords(location))}', not followed: " +
                (response.NextRequest is null ? "its Location is no URL that can be followed" : "add -FollowRedirects to follow it");
        var excerpt = BodyExcerpt(response, error);
        if (error?.BodyStart is { } cut)
            excerpt += $"{(excerpt.Length == 0 ? "" : " ")}(the body is longer than {cut.Length / 1024} KB: only that much was read)";
        return excerpt.Length == 0 ? head : $"{head}: {excerpt}";
    }

    private static string BodyExcerpt(Response response, HttpStatusException? error)
    {
        string text;
        try
        {
            // Never response.Text for the error's own response: reading it would fix its encoding, and the user's
            // $_.Exception.Response.Encoding = 'latin-1' would then be refused although they never read the text.
            text = error is not null ? error.BodyText ?? "" : response.Text;
        }
        catch (HttpxException)
        {
            return ""; // a streamed body that was not read: nothing to show
        }
        // A server's page may quote a URL with its password (an echo of the request, a redirect's body): it is masked as
        // the URLs of our own messages are.
        text = HidePagePasswords(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return HttpLog.Printable(text.Length <= BodyExcerptLength ? text : text[..BodyExcerptLength] + "…");
    }

    // What bounds a URL in a page and is never in one: JSON's and HTML's quotes, a tag's brackets.
    private static readonly System.Buffers.SearchValues<char> PageDelimiters = System.Buffers.SearchValues.Create("\"<>");

    /// <summary>
    /// A page's URL passwords masked between its quotes and tags, each piece on its own. Url.HidePasswords reads white
    /// space as the end of a word and masks one password a word: a compact JSON error ('{"code":"E1","value":"bob@corp.com"}')
    /// was one word taken as 'user:password@host' ('{"code":[secure]@corp.com"}'), and a page quoting one URL twice
    /// in a run of text (an href and the link's text) showed the second's password.
    /// </summary>
    private static string HidePagePasswords(string text)
    {
        if (!text.Contains('@')) return text;
        var masked = new System.Text.StringBuilder(text.Length);
        for (int start = 0; start <= text.Length;)
        {
            int length = text.AsSpan(start).IndexOfAny(PageDelimiters);
            int end = length < 0 ? text.Length : start + length;
            masked.Append(Url.HidePasswords(text[start..end]));
            if (end < text.Length) masked.Append(text[end]);
            start = end + 1;
        }
        return masked.ToString();
    }
}
