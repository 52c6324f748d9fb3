using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Builds a request without sending it (HTTPX's <c>client.build_request</c>): URL with params, headers (the client's
/// defaults merged in, or the module's defaults without -Client), cookies and encoded body. Inspect or change it, then
/// send it with <c>Invoke-Httpx -Request $r</c> or <c>$r | Invoke-Httpx</c>.
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxRequest")]
[OutputType(typeof(Request))]
public sealed class NewHttpxRequestCommand : HttpxRequestCmdlet
{
    /// <summary>
    /// A URL, several (one request each), or from the pipeline an object with a Uri or Url property: sorted out per item
    /// as Invoke-Httpx -Uri is (<see cref="UrlArgument.FromPipeline"/>), so that one bad item is an error of its own.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    // A piped $null is a bad item like 42: the module's error for it (UrlArgument), not PowerShell's binding error.
    [AllowNull]
    public object? Uri { get; set; }

    // Settings that only matter when a request is sent (as HTTPX's build_request takes none of them): given here they
    // would do nothing, and a request built with -Auth would go out without it.
    private static readonly string[] SendParameters =
    {
        nameof(Auth), nameof(FollowRedirects), nameof(MaxRedirects), nameof(AllowInsecureRedirect),
        nameof(Http2), nameof(NoVerify), nameof(Verify), nameof(Certificate), nameof(Proxy), nameof(NoTrustEnv),
    };

    protected override void BeginProcessing()
    {
        if (SendParameters.FirstOrDefault(Given) is { } sendOnly)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(new ArgumentException(
                $"-{sendOnly} is used when a request is sent, and New-HttpxRequest only builds one: give -{sendOnly} to Invoke-Httpx with the request.",
                sendOnly), sendOnly));
        CheckClientParameters();
        PrepareRequestOptions();
    }

    protected override void ProcessRecord()
    {
        foreach (var item in UrlArgument.Items(Uri)) Build(item);
    }

    private void Build(object? item)
    {
        UrlArgument? uri = null;
        try
        {
            uri = UrlArgument.Of(item);
            if (BadPipedMethod(uri, Method) is { } badMethod)
            {
                WriteError(ErrorRecordFactory.Create(badMethod, item));
                return;
            }
            // The body of a request built here may be sent later, and more than once: a file is opened each time it is sent.
            var (client, owned) = ClientForCall();
            try
            {
                var url = uri.ToUrl(client.BaseUrl is not null);
                WriteObject(client.BuildRequest(MethodFor(uri), url, RequestOptionsFor(out _, sentLater: true)));
            }
            finally
            {
                if (owned) client.Dispose();
            }
        }
        catch (Exception e) when (e is ArgumentException or HttpxException or IOException)
        {
            WriteError(ErrorRecordFactory.Create(e, (object?)uri ?? item));
        }
    }
}
