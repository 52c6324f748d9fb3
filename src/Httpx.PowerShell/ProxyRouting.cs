using System.Collections;
using System.Collections.Specialized;

namespace Httpx.PowerShell;

/// <summary>
/// The proxy routing of Set-HttpxProxy and Get-HttpxProxy: the engine's, for a client or for the module default
/// (the proxy calls without -Client use). No routing logic here: the engine's Client decides, as it does when sending.
/// </summary>
internal static class ProxyRouting
{
    /// <summary>The source label of routes set by Set-HttpxProxy.</summary>
    public const string SetBySource = "Set-HttpxProxy";

    /// <summary>
    /// A client that routes as calls without -Client do (the module default, else the environment's proxies):
    /// the same engine decision, never used to send. Dispose it.
    /// </summary>
    /// <param name="trustEnv">False for the routes of calls made with -NoTrustEnv: the environment's proxies are ignored.</param>
    public static Client ModuleDefaultRouter(bool trustEnv = true)
    {
        var proxy = ModuleState.DefaultProxy;
        var router = new Client(new ClientOptions { TrustEnv = trustEnv && proxy is null });
        try
        {
            if (proxy is not null) router.SetProxy(proxy, SetBySource);
            return router;
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A proxy setting (one URL, or routes of pattern to proxy) as the engine takes it. A route to '' or spaces goes direct,
    /// as one to $null: a [string] variable or a blank config value holds '' where the user meant "no proxy", and the
    /// engine, as HTTPX's Proxy(""), would refuse it as a URL with no scheme, naming neither the route nor $null.
    /// </summary>
    public static object? ToEngineSetting(object? proxy)
    {
        var setting = PowerShellValues.ToEngineValue(proxy);
        if (setting is IDictionary routes)
            foreach (var pattern in routes.Keys.Cast<object>().ToList())
                if (routes[pattern] is string url && string.IsNullOrWhiteSpace(url)) routes[pattern] = null;
        return setting;
    }

    /// <summary>Checks a proxy setting (ArgumentException naming the bad value, password redacted) without keeping it.</summary>
    public static void Validate(object proxy)
    {
        using var probe = new Client(new ClientOptions { TrustEnv = false });
        probe.SetProxy(proxy, SetBySource);
    }

    /// <summary>
    /// The module default's setting without the route of <paramref name="route"/> (an empty mapping when it was the
    /// last: no routes, so direct, not the environment's), or null when the setting has no such route.
    /// </summary>
    public static IDictionary? ModuleDefaultWithout(UrlPattern route)
    {
        IDictionary routes;
        switch (ModuleState.DefaultProxy)
        {
            case null:
                return null;
            case IDictionary map:
                routes = map;
                break;
            case var proxy:
                routes = new OrderedDictionary { ["all://"] = proxy }; // -Proxy is HTTPX's all:// route
                break;
        }
        var kept = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in routes)
        {
            if (entry.Key is string key && new UrlPattern(key).IsSameRoute(route)) continue;
            kept[entry.Key] = entry.Value;
        }
        return kept.Count == routes.Count ? null : kept;
    }
}
