using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Get-HttpxProxy: the proxy routes of a client (-Client) or of the module default (Set-HttpxProxy, else the
/// environment's HTTP_PROXY/HTTPS_PROXY/ALL_PROXY/NO_PROXY), or, with -Uri, the way each URL would go: the engine's
/// Client.ProxyFor, the same choice as when sending. Proxy passwords are shown as "[secure]".
/// </summary>
[Cmdlet(VerbsCommon.Get, "HttpxProxy", DefaultParameterSetName = ListSet)]
[OutputType(typeof(HttpxProxySetting), ParameterSetName = new[] { ListSet })]
[OutputType(typeof(ProxyRoute), ParameterSetName = new[] { UriSet })]
public sealed class GetHttpxProxyCommand : PSCmdlet, IDisposable
{
    private const string ListSet = "List";
    private const string UriSet = "Uri";

    private Client? _router;

    /// <summary>
    /// URLs to route (also from the pipeline, or an object's Uri/Url property). An array, as Invoke-Httpx -Uri takes
    /// several: with one URL only, `Get-HttpxProxy $urls` was PowerShell's conversion error for the whole command.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    public UrlArgument[] Uri { get; set; } = Array.Empty<UrlArgument>();

    /// <summary>The client whose routes are shown; without it, those of calls without -Client.</summary>
    [Parameter]
    [ValidateNotNull]
    public Client? Client { get; set; }

    protected override void BeginProcessing()
    {
        if (Client is { IsClosed: true })
            ThrowTerminatingError(ErrorRecordFactory.ClientClosed(Client));
        try
        {
            _router = Client ?? ProxyRouting.ModuleDefaultRouter();
        }
        catch (ArgumentException e)
        {
            // An environment variable with an invalid proxy: the engine's message names it.
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, null));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ListSet)
        {
            foreach (var mount in _router!.ProxyMounts) WriteObject(new HttpxProxySetting(mount));
            return;
        }
        foreach (var uri in Uri)
        {
            try
            {
                WriteObject(_router!.ProxyFor(uri.ToUrl()));
            }
            catch (Exception e) when (e is HttpxException or ArgumentException)
            {
                // One bad URL does not stop the others.
                WriteError(ErrorRecordFactory.Create(e, uri.Text is { } text ? RedactedUrl.Of(text) : uri.ToString()));
            }
        }
    }

    protected override void EndProcessing() => Dispose();

    public void Dispose()
    {
        // Only the router made here for the module default: a -Client belongs to the caller.
        if (Client is null) _router?.Dispose();
        _router = null;
    }
}
