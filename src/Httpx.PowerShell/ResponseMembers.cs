using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Members Httpx.Types.ps1xml adds to responses and server-sent events. <c>$response.Json()</c> and a server-sent event's
/// <c>$event.Json()</c> return PowerShell objects (as ConvertFrom-Json does) and shadow the engine's Json(), which stays
/// reachable as <c>.psbase.Json()</c> (a System.Text.Json JsonNode, whose keys PowerShell cannot dot into).
/// </summary>
public static class ResponseMembers
{
    /// <summary>The type name of Invoke-Httpx -Download -PassThru's response, whose Path property names the file its body went to.</summary>
    internal const string DownloadedResponseTypeName = "Httpx.DownloadedResponse";

    /// <summary>
    /// Its failure (Httpx.DecodingError, Httpx.ResponseNotRead) raised with the module's record, as Text's is: a code
    /// method's exception was PowerShell's own record, id <c>Httpx.DecodingException</c>, category OperationStopped,
    /// no target, where -As Json's same failure is <c>Httpx.DecodingError</c>.
    /// </summary>
    public static object? Json(PSObject instance) => PowerShellValues.Unwrap(instance) switch
    {
        Response response => PropertyGetterException.Read(() => OrSavedFile(instance, () => PowerShellJson.Parse(response)), RequestOf(response)),
        ServerSentEvent sse => PropertyGetterException.Read(() => PowerShellJson.Parse(sse), null),
        _ => throw new ArgumentException("Json() is a member of Httpx.Response and Httpx.ServerSentEvent."),
    };

    /// <summary>
    /// The engine's RaiseForStatus(), its Httpx.HTTPStatusError raised with the module's record (id, category
    /// InvalidResult, the URL as target, the body's start in the message), as -RaiseForStatus gives it: .NET's method
    /// was PowerShell's MethodInvocationException, id <c>HttpStatusException</c>, category NotSpecified, no target,
    /// 'Exception calling "RaiseForStatus" with "0" argument(s)'.
    /// </summary>
    public static Response RaiseForStatus(PSObject instance)
    {
        var response = (Response)PowerShellValues.Unwrap(instance)!;
        return PropertyGetterException.Read(response.RaiseForStatus, RequestOf(response));
    }

    private static Request? RequestOf(Response response) => response.HasRequest ? response.Request : null;

    /// <summary>
    /// The engine's Text and Content, whose error (ResponseNotRead on a body not read yet: a hook's or auth flow's
    /// response, a streamed one) PowerShell would hide as <c>$null</c>: raised so that it shows (PropertyGetterException).
    /// </summary>
    public static string Text(PSObject instance) => Read(instance, static response => response.Text);

    /// <inheritdoc cref="Text"/>
    public static byte[] Content(PSObject instance) => Read(instance, static response => response.Content);

    private static T Read<T>(PSObject instance, Func<Response, T> member)
    {
        var response = (Response)PowerShellValues.Unwrap(instance)!;
        return PropertyGetterException.Read(() => OrSavedFile(instance, () => member(response)), RequestOf(response));
    }

    // What read gives; for a downloaded response's body, HTTPX's ResponseNotRead is replaced by the file's path.
    private static T OrSavedFile<T>(PSObject instance, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ResponseNotReadException) when (SavedTo(instance) is { } path)
        {
            throw Saved(path);
        }
    }

    // The file a downloaded response's body went to (Invoke-Httpx -Download -PassThru), else null.
    private static string? SavedTo(PSObject instance) =>
        instance.TypeNames.Contains(DownloadedResponseTypeName) ? instance.Properties["Path"]?.Value as string : null;

    /// <summary>
    /// HTTPX's ResponseNotRead says to call Read(), which cannot bring a body saved to a file back; Invoke-WebRequest
    /// -OutFile -PassThru users reading .Content (which it fills too) need the file's path.
    /// </summary>
    private static ResponseNotReadException Saved(string path) => new(
        $"The body was saved to '{path}' by -Download, not kept in memory: read it from the file (Get-Content -Raw, [IO.File]::ReadAllBytes), where Invoke-WebRequest -OutFile -PassThru kept it in .Content too.");

    /// <summary>
    /// The status code and reason phrase as HTTPX's repr shows them ("200 OK"), a server's control characters (ESC, BEL)
    /// escaped as -Verbose shows them: the table's first column, and what a response listed after other objects shows,
    /// where ReasonPhrase would write them raw to the console.
    /// </summary>
    public static string? Status(PSObject instance) =>
        PowerShellValues.Unwrap(instance) is Response response ? $"{response.StatusCode} {HttpLog.Printable(response.ReasonPhrase)}" : null;

    /// <summary>
    /// The engine's Elapsed, HTTPX's RuntimeError until the body is read or closed, which PowerShell would hide as
    /// <c>$null</c>: a response hook logging <c>"took $($_.Elapsed)"</c> logged nothing, with no error. Raised as
    /// ResponseNotRead, as <see cref="Text"/> is, saying how to get it.
    /// </summary>
    public static TimeSpan Elapsed(PSObject instance)
    {
        var response = (Response)PowerShellValues.Unwrap(instance)!;
        return PropertyGetterException.Read(() =>
        {
            try { return response.Elapsed; }
            // Only an open response has no time yet: one closed has its clock stopped (made in memory too).
            catch (InvalidOperationException) { throw new ResponseNotReadException(ElapsedNotRead); }
        }, RequestOf(response));
    }

    private const string ElapsedNotRead =
        "'.Elapsed' may only be accessed after the response has been read or closed: in a response hook, call $null = $_.Read() first " +
        "(the command still gets the whole body), or take $r.Elapsed from the response the command returns; a streamed body's time is known once it is read to its end.";

    /// <summary>Elapsed time in milliseconds, or null while the body is still unread.</summary>
    public static double? ElapsedMs(PSObject instance) =>
        PowerShellValues.Unwrap(instance) is Response { IsClosed: true } response ? Math.Round(response.Elapsed.TotalMilliseconds, 1) : null;

    /// <summary>
    /// The Content-Length header, else the length of a body already read, else null. The header is read as the engine
    /// reads it (<see cref="Response.DeclaredLength"/>): digits only, in every culture. Read in the current culture, a
    /// mock response's "+5" or "-1" was a Length under en-US and none under ar-SA, whose signs carry a letter mark.
    /// </summary>
    public static long? Length(PSObject instance)
    {
        if (PowerShellValues.Unwrap(instance) is not Response response) return null;
        if (response.DeclaredLength is { } length) return length;
        try { return response.Content.Length; }
        catch (ResponseNotReadException) { return null; }
    }
}
