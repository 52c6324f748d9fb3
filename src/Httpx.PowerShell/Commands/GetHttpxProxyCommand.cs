using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Get-HttpxProxy: the proxy routes of a client (-Client) or of the module default (Set-HttpxProxy, else the
/// environment's HTTP_PROXY/HTTPS_PROXY/ALL_PROXY/NO_PROXY, or on Windows without them the system proxy), or, with -Uri, the way each URL would go: the engine's
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
    /// URLs to route: one, several, or from the pipeline an object with a Uri or Url property, sorted out per item as
    /// Invoke-Httpx -Uri is (<see cref="UrlArgument.FromPipeline"/>), so that one bad item is an error of its own.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UriSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Url")]
    // A piped $null is a bad item like 42: the module's error for it (UrlArgument), not PowerShell's binding error.
    [AllowNull]
    public object? Uri { get; set; }

    /// <summary>The client whose routes are shown; without it, those of calls without -Client.</summary>
    [Parameter]
    [ValidateNotNull]
    public Client? Client { get; set; }

    /// <summary>
    /// The routes of calls made with Invoke-Httpx -NoTrustEnv: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY ignored.
    /// A client's routes are its own (New-HttpxClient -NoTrustEnv): with a client that reads the environment it is refused.
    /// </summary>
    [Parameter]
    public SwitchParameter NoTrustEnv { get; set; }

    protected override void BeginProcessing()
    {
        if (Client is { TrustEnv: true } && NoTrustEnv.IsPresent)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(new ArgumentException(
                "-NoTrustEnv cannot be combined with -Client: whether a client reads the environment is its own setting (New-HttpxClient -NoTrustEnv).",
                nameof(NoTrustEnv)), nameof(NoTrustEnv)));
        if (Client is { IsClosed: true })
            ThrowTerminatingError(ErrorRecordFactory.ClientClosed(Client));
        try
        {
            _router = Client ?? ProxyRouting.ModuleDefaultRouter(trustEnv: !NoTrustEnv.IsPresent);
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
            foreach (var mount in _router!.ProxyMounts) WriteObject(new HttpxProxySetting(mount, Client));
            return;
        }
        foreach (var item in UrlArgument.Items(Uri)) Route(item);
    }

    // One bad URL does not stop the others.
    private void Route(object? item)
    {
        UrlArgument? uri = null;
        try
        {
            // The engine's route, with whose it is (a note, as PSPath on Get-Item's output): piped to Set-HttpxProxy
            // -Remove, its pattern is removed from where it was routed, as Get-HttpxProxy's list is.
            // No -BaseUrl here: a path goes with a client's base URL, and '' is that base URL, as Invoke-Httpx sends it.
            var route = PSObject.AsPSObject(_router!.ProxyFor((uri = UrlArgument.Of(item, baseUrlParameter: false))
                .ToUrl(_router.BaseUrl is not null, baseUrlParameter: false)));
            route.Properties.Add(new PSNoteProperty(nameof(Client), Client));
            WriteObject(route);
        }
        catch (Exception e) when (e is HttpxException or ArgumentException)
        {
            WriteError(ErrorRecordFactory.Create(e, (object?)uri ?? item));
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
