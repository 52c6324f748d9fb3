using System.Collections;

namespace Httpx;

/// <summary>One proxy mount of a client: a pattern, its proxy (null: direct) and where it came from, for <see cref="ProxyRoute"/>.</summary>
internal sealed record ProxyMount(UrlPattern Pattern, Proxy? Proxy, string Reason);

/// <summary>
/// HTTPX's <c>Client._get_proxy_map</c>: the proxy mounts for <c>ClientOptions.Proxy</c> (one proxy for <c>all://</c>,
/// or a pattern to proxy mapping), else, when the environment is trusted and no transport is given, the environment's.
/// </summary>
internal static class ProxyMap
{
    public static IReadOnlyList<ProxyMount> For(ClientOptions options, IReadOnlyDictionary<string, string?>? environment = null)
    {
        switch (options.Proxy)
        {
            case null when options.TrustEnv && options.Transport is null:
                return EnvironmentProxies.From(environment ?? EnvironmentProxies.ProcessEnvironment())
                    .Select(FromEnvironment)
                    .ToList();
            case null:
                return Array.Empty<ProxyMount>();
            case IDictionary mapping:
                var mounts = new List<ProxyMount>();
                foreach (DictionaryEntry entry in mapping)
                {
                    var key = entry.Key as string ?? throw new ArgumentException(
                        $"Proxy pattern keys must be strings such as \"all://\" or \"https://*.example.com\", not {entry.Key?.GetType().FullName}.", nameof(options));
                    var pattern = new UrlPattern(key);
                    mounts.Add(entry.Value is null
                        ? new ProxyMount(pattern, null, $"Proxy pattern '{key}' is set to no proxy")
                        : new ProxyMount(pattern, Httpx.Proxy.From(entry.Value), $"Proxy pattern '{key}'"));
                }
                return mounts;
            default:
                return new[] { new ProxyMount(new UrlPattern("all://"), Httpx.Proxy.From(options.Proxy), "Proxy option") };
        }
    }

    private static ProxyMount FromEnvironment(EnvironmentProxy entry)
    {
        var pattern = new UrlPattern(entry.Pattern);
        if (entry.ProxyUrl is null) return new ProxyMount(pattern, null, $"{entry.Variable} match '{entry.Value}'");
        try
        {
            return new ProxyMount(pattern, new Proxy(entry.ProxyUrl), $"environment variable {entry.Variable}");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The environment variable {entry.Variable} holds an invalid proxy: {e.Message}", e);
        }
    }
}
