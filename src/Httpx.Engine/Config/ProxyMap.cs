using System.Collections;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// One proxy mount of a client: a URL pattern, its proxy (null: direct), why a URL matching it goes that way (for
/// <see cref="ProxyRoute"/>) and where the setting came from ("Proxy option", "environment variable HTTPS_PROXY", or
/// the source given to <c>Client.SetProxy</c>). <see cref="ToString"/> never shows a proxy password.
/// </summary>
public sealed record ProxyMount(UrlPattern Pattern, Proxy? Proxy, string Reason, string Source)
{
    public override string ToString() => $"{Pattern.Pattern} -> {Proxy?.Display ?? "direct"} ({Source})";
}

/// <summary>
/// HTTPX's <c>Client._get_proxy_map</c>: the proxy mounts for a <c>proxy</c> setting (one proxy for <c>all://</c>,
/// or a pattern to proxy mapping), else, when the environment is trusted and no transport is given, the environment's.
/// </summary>
internal static class ProxyMap
{
    /// <summary>The label of mounts made from <see cref="ClientOptions.Proxy"/>.</summary>
    public const string OptionSource = "Proxy option";

    public static IReadOnlyList<ProxyMount> For(ClientOptions options, IReadOnlyDictionary<string, string?>? environment = null) =>
        For(options.Proxy, UsesEnvironment(options), environment, OptionSource);

    /// <summary>
    /// Whether no proxy setting means the environment's proxies: a trusted environment, and no transport given (HTTPX's
    /// <c>allow_env_proxies</c>) nor a Unix socket, which in HTTPX only a given transport has and which takes every
    /// connection: HTTP_PROXY set for the machine sent a Docker socket's requests to the proxy through the socket.
    /// </summary>
    public static bool UsesEnvironment(ClientOptions options) => options.TrustEnv && options.Transport is null && options.Uds is null;

    /// <param name="proxy">A proxy (URL, Url, Uri, Proxy), a pattern → proxy-or-null mapping, or null.</param>
    /// <param name="useEnvironment">Whether a null <paramref name="proxy"/> means the environment's proxies.</param>
    /// <param name="environment">Replaces the process environment (tests); null reads the process's.</param>
    /// <param name="source">Where <paramref name="proxy"/> came from, shown in routes.</param>
    public static IReadOnlyList<ProxyMount> For(object? proxy, bool useEnvironment, IReadOnlyDictionary<string, string?>? environment, string source)
    {
        switch (proxy)
        {
            case null when useEnvironment:
                // A given environment replaces the process's, the Windows system proxy included (tests).
                return Mounts(environment is null ? EnvironmentProxies.FromProcess() : EnvironmentProxies.From(environment));
            case null:
                return Array.Empty<ProxyMount>();
            case IDictionary mapping:
                // "Proxy pattern 'x'" for the option (as before); the source named otherwise.
                var label = source == OptionSource ? "Proxy pattern" : $"{source} pattern";
                var mounts = new List<ProxyMount>();
                foreach (DictionaryEntry entry in mapping)
                {
                    var key = entry.Key as string ?? throw new ArgumentException(
                        $"Proxy pattern keys must be strings such as \"all://\" or \"https://*.example.com\", not {entry.Key?.GetType().FullName}.", nameof(proxy));
                    var pattern = new UrlPattern(key);
                    mounts.Add(entry.Value is null
                        ? new ProxyMount(pattern, null, $"{label} '{key}' is set to no proxy", source)
                        : new ProxyMount(pattern, RouteProxy(entry.Value, key, label), $"{label} '{key}'", source));
                }
                return mounts;
            default:
                return new[] { new ProxyMount(new UrlPattern("all://"), Httpx.Proxy.From(proxy), source, source) };
        }
    }

    // The proxy of one route. Its error named only the value (or, for a number, its type): among many routes, the
    // pattern says which one to fix, in the message and as the refused pattern a caller targets (passwords hidden).
    private static Proxy RouteProxy(object value, string key, string label)
    {
        try
        {
            return Httpx.Proxy.From(value);
        }
        catch (ArgumentException e)
        {
            var error = new ArgumentException($"{label} '{Url.HidePasswords(key)}': {ExceptionText.WithoutParameterName(e)}", "proxy", e);
            error.Data[UrlPattern.RefusedPatternKey] = key;
            throw error;
        }
    }

    /// <summary>The mounts of the environment's proxies (its variables', or Windows' system proxy).</summary>
    internal static IReadOnlyList<ProxyMount> Mounts(IEnumerable<EnvironmentProxy> environment) => environment.Select(FromEnvironment).ToList();

    private static ProxyMount FromEnvironment(EnvironmentProxy entry)
    {
        var pattern = PatternFromEnvironment(entry);
        var source = entry.Source;
        if (entry.ProxyUrl is null) return new ProxyMount(pattern, null, $"{entry.Variable} match '{entry.Value}'", source);
        try
        {
            return new ProxyMount(pattern, Httpx.Proxy.AtItsAddress(entry.ProxyUrl, entry.Source), source, source);
        }
        catch (ArgumentException e)
        {
            throw Naming(entry, new ArgumentException($"The {Described(entry)} holds an invalid proxy: {ExceptionText.WithoutParameterName(e)}", e));
        }
    }

    // The pattern of a NO_PROXY entry can fail (an IP range past the address's length, a name IDNA refuses); its error
    // named only the 'all://...' pattern made from it, which the user never wrote: name the variable and the entry,
    // its password masked (a URL-pattern entry with credentials is refused for them, and quoted in the message).
    private static UrlPattern PatternFromEnvironment(EnvironmentProxy entry)
    {
        if (entry.Route is { } route) return route;
        try
        {
            return new UrlPattern(entry.Pattern);
        }
        catch (Exception e) when (entry.ProxyUrl is null && e is ArgumentException or InvalidUrlException)
        {
            throw Naming(entry, new ArgumentException(
                $"The {Described(entry)} holds an entry that is not a host, domain, IP range or URL pattern: '{UrlPasswords.Hide(entry.Value)}' ({ExceptionText.WithoutParameterName(e)})", e));
        }
    }

    // The source as a message names it: a registry value also says where it is, for the user never set it in their script.
    private static string Described(EnvironmentProxy entry) =>
        entry.Source == WindowsProxySettings.Source ? $"{entry.Source} ({WindowsProxySettings.ProxyServerPath})" : entry.Source;

    // The variable's name on the error, for a caller to target (EnvironmentProxies.VariableKey).
    private static ArgumentException Naming(EnvironmentProxy entry, ArgumentException error)
    {
        error.Data[EnvironmentProxies.VariableKey] = entry.Variable;
        return error;
    }
}
