using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Set-HttpxProxy: the proxy routes of a client (-Client, through the engine's Client.SetProxy) or of the module
/// default that calls without -Client use. One proxy for everything (-Proxy), HTTPX's pattern → proxy URL or $null
/// mapping (-Routes), or none (-Clear: the environment's proxies apply again). A client made by New-HttpxClient never
/// uses the module default: like an HTTPX client, it has only its own settings and the environment's.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HttpxProxy", DefaultParameterSetName = ProxySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HttpxProxySetting))]
public sealed class SetHttpxProxyCommand : PSCmdlet
{
    private const string ProxySet = "Proxy";
    private const string RoutesSet = "Routes";
    private const string ClearSet = "Clear";

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

    /// <summary>The client whose routes change (piped clients: each of them); without it, the module default changes.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public Client? Client { get; set; }

    /// <summary>Write the routes now in effect.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var setting = ParameterSetName switch
        {
            ProxySet => Proxy,
            RoutesSet => PowerShellValues.ToEngineValue(Routes),
            _ => null,
        };
        var owner = Client is null ? "the module default (calls without -Client)" : "the client";
        if (Client is { IsClosed: true })
        {
            // One closed client among piped ones is an error of its own: the others still get the routes.
            if (MyInvocation.ExpectingInput) { WriteError(ErrorRecordFactory.ClientClosed(Client)); return; }
            ThrowTerminatingError(ErrorRecordFactory.ClientClosed(Client));
        }
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
        if (!ShouldProcess(owner, Action(setting))) return;

        if (Client is not null)
            Client.SetProxy(setting, ProxyRouting.SetBySource);
        else
            ModuleState.DefaultProxy = setting; // part of the shared pool's key: the next call without -Client routes by it

        Client? router;
        try
        {
            router = Client is null ? ProxyRouting.ModuleDefaultRouter() : null;
        }
        catch (ArgumentException e)
        {
            // -Clear on the module default with an invalid HTTP_PROXY (etc.): the routes are cleared, but the
            // environment's now in effect cannot be read. The engine's message names the variable, as Get-HttpxProxy's.
            WriteError(ErrorRecordFactory.InvalidArgument(e, null));
            return;
        }
        using var _ = router;
        var mounts = (Client ?? router!).ProxyMounts;
        WriteVerbose(mounts.Count == 0
            ? $"No proxy routes for {owner}: requests go direct."
            : $"Proxy routes for {owner}: {string.Join("; ", mounts.Select(m => $"{m.Pattern.Pattern} -> {m.Proxy?.Display ?? "direct"} ({m.Source})"))}");
        if (PassThru) foreach (var mount in mounts) WriteObject(new HttpxProxySetting(mount));
    }

    /// <summary>What -WhatIf and -Confirm say the command does (passwords redacted).</summary>
    private static string Action(object? setting) => setting switch
    {
        string text => $"Send every request through the proxy {RedactedUrl.Of(text)}",
        IDictionary routes => $"Set {routes.Count} proxy route(s)",
        _ => "Remove the proxy routes (the environment's proxies apply again)",
    };

    /// <summary>The error target: the value the engine refused (redacted), else the parameter.</summary>
    private static object Culprit(Exception exception, object? setting)
    {
        if (ErrorRecordFactory.RefusedPattern(exception) is { } pattern) return pattern;
        switch (setting)
        {
            case string text:
                return RedactedUrl.Of(text);
            case IDictionary routes:
                return ErrorRecordFactory.RefusedProxy(routes) is string refused ? refused : nameof(Routes);
            default:
                return nameof(Proxy);
        }
    }
}
