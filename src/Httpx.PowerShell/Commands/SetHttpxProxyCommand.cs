using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Set-HttpxProxy: the proxy routes of a client (-Client, through the engine's Client.SetProxy) or of the module
/// default that calls without -Client use. One proxy for everything (-Proxy), HTTPX's pattern → proxy URL or $null
/// mapping (-Routes), or none (-Clear: the environment's proxies apply again); -Remove takes out single routes and keeps
/// the others (which a caller could not give again: the routes read back hide proxy passwords). A client made by New-HttpxClient never
/// uses the module default: like an HTTPX client, it has only its own settings and the environment's.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HttpxProxy", DefaultParameterSetName = ProxySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HttpxProxySetting))]
public sealed class SetHttpxProxyCommand : PSCmdlet
{
    private const string ProxySet = "Proxy";
    private const string RoutesSet = "Routes";
    private const string ClearSet = "Clear";
    private const string RemoveSet = "Remove";

    // Whether -Client was given on the command line (bound before BeginProcessing), not piped.
    private bool _clientGiven;

    // Whether -Pattern was given on the command line: piped items then bind -Client by value only.
    private bool _patternGiven;

    // -Remove: whose routes changed (null: the module default), written once at the end (-Verbose, -PassThru).
    private readonly List<Client?> _removedFrom = new();

    /// <summary>A proxy URL for every request (http, https, socks4, socks4a, socks5, socks5h; credentials in the URL).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProxySet)]
    [ValidateNotNullOrEmpty]
    [ProxyUrlArgument]
    public string? Proxy { get; set; }

    /// <summary>URL pattern ("all://", "https://", "all://*.internal", "http://host:8080") to a proxy URL, or $null for direct.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RoutesSet)]
    [ValidateNotNull]
    public IDictionary? Routes { get; set; }

    /// <summary>Remove the routes set: the environment's proxies apply again (unless the client was made with -NoTrustEnv).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClearSet)]
    public SwitchParameter Clear { get; set; }

    /// <summary>Remove the routes of -Pattern, keeping the others.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RemoveSet)]
    public SwitchParameter Remove { get; set; }

    /// <summary>The patterns of the routes to remove, as Get-HttpxProxy lists them (its output can be piped in).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RemoveSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Pattern { get; set; }

    /// <summary>
    /// The client whose routes change (piped clients: each of them); without it, the module default changes. Piped
    /// routes (Get-HttpxProxy's output) bring their own by property name, null for the module default's: so
    /// "Get-HttpxProxy -Client $c | Set-HttpxProxy -Remove" removes them from $c, not from the module default.
    /// </summary>
    [Parameter(ValueFromPipeline = true, ParameterSetName = ProxySet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = RoutesSet)]
    [Parameter(ValueFromPipeline = true, ParameterSetName = ClearSet)]
    // By property name with -Remove only: routes piped to -Proxy, -Routes or -Clear stay a binding error for each,
    // instead of setting their client once per route.
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = RemoveSet)]
    // A route's null Client (the module default) must bind, not fail validation per item; -Client $null given on the
    // command line is refused in BeginProcessing, a piped $null in ProcessRecord (IsPipedNull).
    [AllowNull]
    public Client? Client { get; set; }

    /// <summary>Write the routes now in effect.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _clientGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Client));
        _patternGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Pattern));
        if (_clientGiven && Client is null)
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(new ArgumentNullException(nameof(Client),
                "-Client is $null: give a client made by New-HttpxClient, or leave -Client out to change the module default."), nameof(Client)));
    }

    /// <summary>
    /// A closed client: given as -Client, it stops the command; one among piped clients is an error of its own (true),
    /// the others still change. Told apart by how it was bound, not by there being input: with -Remove, patterns are
    /// piped too, and a closed -Client was one error per pattern.
    /// </summary>
    private bool IsClosedPipedClient()
    {
        if (Client is not { IsClosed: true }) return false;
        if (_clientGiven) ThrowTerminatingError(ErrorRecordFactory.ClientClosed(Client));
        WriteError(ErrorRecordFactory.ClientClosed(Client));
        return true;
    }

    /// <summary>
    /// A $null piped as a client ("$clients | Set-HttpxProxy ..." with a null among them) is an error of its own, as
    /// PowerShell's validation made it, not a change of the module default. Only a piped route (its Pattern bound from
    /// the pipeline with -Remove) brings a null Client that means the module default.
    /// </summary>
    private bool IsPipedNull()
    {
        if (Client is not null || _clientGiven || !MyInvocation.ExpectingInput) return false;
        if (ParameterSetName == RemoveSet && !_patternGiven) return false;
        WriteError(ErrorRecordFactory.InvalidArgument(new ArgumentNullException(nameof(Client),
            "A piped client is $null: pipe clients made by New-HttpxClient, or no input to change the module default."), nameof(Client)));
        return true;
    }

    protected override void ProcessRecord()
    {
        if (IsPipedNull()) return;
        if (ParameterSetName == RemoveSet)
        {
            RemoveRoutes();
            return;
        }
        var setting = ParameterSetName switch
        {
            ProxySet => Proxy,
            RoutesSet => ProxyRouting.ToEngineSetting(Routes),
            _ => null,
        };
        if (IsClosedPipedClient()) return;
        try
        {
            // Checked before -WhatIf and -Confirm ask, so that they answer for a setting that would be taken.
            if (setting is not null) ProxyRouting.Validate(setting);
        }
        // A pattern key that is not a URL is the engine's InvalidUrlException (HTTPX's InvalidURL): a bad argument here too.
        catch (Exception e) when (e is ArgumentException or InvalidUrlException)
        {
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, Culprit(e, setting)));
        }
        if (!ShouldProcess(Owner, Action(setting))) return;

        if (Client is not null)
            Client.SetProxy(setting, ProxyRouting.SetBySource);
        else
            ModuleState.DefaultProxy = setting; // part of the shared pool's key: the next call without -Client routes by it
        WriteRoutes(Client);
    }

    protected override void EndProcessing()
    {
        foreach (var client in _removedFrom) WriteRoutes(client);
    }

    private string Owner => OwnerOf(Client);

    private static string OwnerOf(Client? client) => client is null ? "the module default (calls without -Client)" : "the client";

    /// <summary>
    /// -Remove: each pattern's route taken out, the others kept; a pattern with no route is an error of its own
    /// (Remove-Item's way), as is one that is not a pattern. Removing the last route leaves none (requests go direct);
    /// -Clear brings the environment's back.
    /// </summary>
    private void RemoveRoutes()
    {
        if (IsClosedPipedClient()) return;
        foreach (var pattern in Pattern!)
        {
            UrlPattern route;
            try
            {
                route = new UrlPattern(pattern);
            }
            catch (Exception e) when (e is ArgumentException or InvalidUrlException)
            {
                WriteError(ErrorRecordFactory.InvalidArgument(e, pattern));
                continue;
            }
            var shown = RedactedUrl.Of(pattern);
            // Looked for before -WhatIf and -Confirm ask, so that they answer for a route that is there.
            var defaultWithout = Client is null ? ProxyRouting.ModuleDefaultWithout(route) : null;
            var present = Client is not null ? Client.ProxyMounts.Any(m => m.Pattern.IsSameRoute(route)) : defaultWithout is not null;
            if (!present)
            {
                WriteError(ErrorRecordFactory.ProxyRouteNotFound(pattern, Client is null && ModuleState.DefaultProxy is null
                    ? $"No proxy route '{shown}' is set for {Owner}: its routes are the environment's (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY; on Windows, without them, the system proxy). Change the variable, or set routes with -Proxy or -Routes."
                    : $"No proxy route '{shown}' to remove from {Owner}: Get-HttpxProxy{(Client is null ? "" : " -Client")} lists its routes."));
                continue;
            }
            if (!ShouldProcess(Owner, $"Remove the proxy route '{shown}'")) continue;
            if (Client is not null)
                Client.RemoveProxyRoute(pattern);
            else
                ModuleState.DefaultProxy = defaultWithout;
            if (!_removedFrom.Contains(Client)) _removedFrom.Add(Client);
        }
    }

    /// <summary>-Verbose and -PassThru: the routes now in effect.</summary>
    private void WriteRoutes(Client? client)
    {
        var owner = OwnerOf(client);
        Client? router;
        try
        {
            router = client is null ? ProxyRouting.ModuleDefaultRouter() : null;
        }
        catch (ArgumentException e)
        {
            // -Clear on the module default with an invalid HTTP_PROXY (etc.): the routes are cleared, but the
            // environment's now in effect cannot be read. The engine's message names the variable, as Get-HttpxProxy's.
            WriteError(ErrorRecordFactory.InvalidArgument(e, null));
            return;
        }
        using var _ = router;
        var mounts = (client ?? router!).ProxyMounts;
        WriteVerbose(mounts.Count == 0
            ? $"No proxy routes for {owner}: requests go direct."
            : $"Proxy routes for {owner}: {string.Join("; ", mounts.Select(m => $"{m.Pattern.Pattern} -> {m.Proxy?.Display ?? "direct"} ({m.Source})"))}");
        if (PassThru) foreach (var mount in mounts) WriteObject(new HttpxProxySetting(mount, client));
    }

    /// <summary>What -WhatIf and -Confirm say the command does (passwords redacted).</summary>
    private static string Action(object? setting) => setting switch
    {
        string text => $"Send every request through the proxy {RedactedUrl.Of(text)}",
        IDictionary routes => $"Set {routes.Count} proxy route(s)",
        _ => "Remove the proxy routes (the environment's proxies apply again)",
    };

    /// <summary>The error target: the value the engine refused (redacted), the route whose proxy it refused, else the parameter.</summary>
    private static object Culprit(Exception exception, object? setting)
    {
        if (ErrorRecordFactory.RefusedPattern(exception) is { } pattern) return pattern;
        switch (setting)
        {
            case string text:
                return RedactedUrl.Of(text);
            case IDictionary:
                return nameof(Routes);
            default:
                return nameof(Proxy);
        }
    }
}
