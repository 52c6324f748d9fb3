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
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    public UrlArgument? Uri { get; set; }

    protected override void BeginProcessing()
    {
        CheckClientParameters();
        PrepareRequestOptions();
    }

    protected override void ProcessRecord()
    {
        try
        {
            var url = Uri!.ToUrl();
            // The body of a request built here may be sent later: keep what it reads open (a FileInfo body is read when sent).
            var (client, owned) = ClientForCall();
            try
            {
                WriteObject(client.BuildRequest(EffectiveMethod, url, RequestOptionsFor(out _)));
            }
            finally
            {
                if (owned) client.Dispose();
            }
        }
        catch (Exception e) when (e is ArgumentException or HttpxException or IOException)
        {
            WriteError(ErrorRecordFactory.Create(e, Uri));
        }
    }
}
