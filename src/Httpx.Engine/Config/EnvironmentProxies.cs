using System.Collections;
using System.Net;

namespace Httpx;

/// <summary>
/// One proxy mount taken from the environment: a URL pattern, the proxy URL (null: go direct) and the variable it came
/// from (on Windows, without proxy variables, the registry value of the system proxy: <see cref="WindowsProxySettings"/>).
/// </summary>
public sealed record EnvironmentProxy(string Pattern, string? ProxyUrl, string Variable, string Value)
{
    /// <summary>Where the setting came from, as routes and messages name it: "environment variable HTTPS_PROXY", "Windows proxy setting ProxyServer".</summary>
    public string Source { get; init; } = $"environment variable {Variable}";

    /// <summary>
    /// The route made when the settings were read, for an entry no URL pattern can express (Windows' ProxyOverride
    /// "&lt;local&gt;" or a glob): then <see cref="Pattern"/> is only its name. Null: <see cref="Pattern"/> is parsed.
    /// </summary>
    internal UrlPattern? Route { get; init; }

    /// <summary>
    /// Passwords masked: the record's generated ToString would print the proxy URL's as read, and a NO_PROXY entry
    /// written as a URL pattern is the pattern as written.
    /// </summary>
    public override string ToString() =>
        $"EnvironmentProxy {{ Pattern = {UrlPasswords.Hide(Pattern)}, ProxyUrl = {(ProxyUrl is null ? "direct" : UrlPasswords.Hide(ProxyUrl))}, Source = {Source} }}";
}

/// <summary>
/// HTTPX's <c>get_environment_proxies()</c>: <c>HTTP_PROXY</c>, <c>HTTPS_PROXY</c>, <c>ALL_PROXY</c> and <c>NO_PROXY</c>,
/// read as Python's <c>urllib.request.getproxies_environment()</c> reads them (any case; a lowercase variable wins over
/// the uppercase one, and an empty lowercase one removes it; <c>HTTP_PROXY</c> is ignored under CGI, where
/// <c>REQUEST_METHOD</c> is set). A pure function of the variables so that it can be tested without touching the process.
/// </summary>
public static class EnvironmentProxies
{
    /// <summary>
    /// The key in <see cref="Exception.Data"/> of an error about a proxy variable's value (an invalid proxy, a NO_PROXY
    /// entry that is no pattern) or a CA bundle variable's (<see cref="EnvironmentTls"/>): the variable's name as the process spells it, for a caller to point at it (the
    /// module's error records take it as their target). The value itself stays out: it may hold a password.
    /// </summary>
    public const string VariableKey = "Httpx.EnvironmentVariable";

    /// <summary>
    /// The variables <see cref="From(IReadOnlyDictionary{string, string?})"/> reads, in their usual upper and lower case spellings (it reads any spelling), and
    /// REQUEST_METHOD, which turns HTTP_PROXY off: what a caller checks to see whether the proxies have changed.
    /// </summary>
    // Array.AsReadOnly, as EnvironmentTls.BundleVariables: PowerShell indexes it ([Httpx.EnvironmentProxies]::UsualVariables[0]).
    public static IReadOnlyList<string> UsualVariables { get; } = Array.AsReadOnly(
    [
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "REQUEST_METHOD",
    ]);

    /// <summary>
    /// The mounts for the process's environment: its variables, else, on Windows, the system proxy of the current user's
    /// Internet Settings (<see cref="WindowsProxySettings.FromCurrentUser"/>), as Python's <c>getproxies()</c> gives them
    /// to HTTPX (<c>getproxies_environment() or getproxies_registry()</c>).
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> FromProcess() => From(ProcessEnvironment(), WindowsProxySettings.FromCurrentUser);

    /// <summary>
    /// The mounts for <paramref name="environment"/>: <c>http://</c>, <c>https://</c>, <c>all://</c> to their proxies
    /// (a value without a scheme gets <c>http://</c>), then one direct mount per <c>NO_PROXY</c> entry (separated by commas
    /// or whitespace):
    /// an IP (<c>all://10.0.0.1</c>), a CIDR range (<c>all://10.0.0.0/8</c>), <c>localhost</c>, a domain
    /// (<c>example.com</c>: the domain and its subdomains; <c>.example.com</c> or <c>*.example.com</c>: subdomains only),
    /// or a URL pattern as it is. A <c>NO_PROXY</c> of <c>*</c> turns every proxy off.
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> From(IReadOnlyDictionary<string, string?> environment) => From(environment, null);

    /// <summary>
    /// The mounts for <paramref name="environment"/>, else, when it sets no <c>*_PROXY</c> variable at all (not even
    /// NO_PROXY or FTP_PROXY: Python's <c>or</c> takes the variables' dictionary whenever it is not empty), those of
    /// <paramref name="systemProxies"/> (the Windows registry's).
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> From(IReadOnlyDictionary<string, string?> environment, Func<IReadOnlyList<EnvironmentProxy>>? systemProxies)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var proxies = GetProxies(environment);
        if (proxies.Count == 0 && systemProxies is not null) return systemProxies();
        return MountsFor(proxies, variable => $"environment variable {variable}");
    }

    /// <summary>
    /// HTTPX's <c>get_environment_proxies()</c> on what <c>getproxies()</c> returned: scheme ("http", "no"...) to value and
    /// the variable (or setting) it came from, named in routes and messages as <paramref name="source"/> gives it.
    /// </summary>
    internal static IReadOnlyList<EnvironmentProxy> MountsFor(Dictionary<string, (string Value, string Variable)> proxies, Func<string, string> source)
    {
        var mounts = new List<EnvironmentProxy>();
        foreach (var scheme in new[] { "http", "https", "all" })
        {
            if (proxies.TryGetValue(scheme, out var found))
                mounts.Add(new EnvironmentProxy($"{scheme}://", found.Value.Contains("://", StringComparison.Ordinal) ? found.Value : "http://" + found.Value, found.Variable, found.Value)
                    { Source = source(found.Variable) });
        }

        if (!proxies.TryGetValue("no", out var noProxy)) return mounts;
        // Commas and whitespace separate entries: HTTPX (like Python and Go) splits on commas only, so "localhost 10.0.0.1"
        // became one pattern that never matched and the hosts the user listed silently went through the proxy. curl took
        // spaces as separators too until 8.9, which now matches the first entry alone. A host has no space in it, so
        // taking the entries the user listed sends nothing direct that they did not name.
        foreach (var entry in noProxy.Value.Split(NoProxySeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry == "*") return Array.Empty<EnvironmentProxy>();
            // A dictionary in HTTPX: a repeated pattern replaces the earlier mount.
            var pattern = PatternFor(entry);
            mounts.RemoveAll(m => m.Pattern == pattern);
            mounts.Add(new EnvironmentProxy(pattern, null, noProxy.Variable, entry) { Source = source(noProxy.Variable) });
        }
        return mounts;
    }

    private static readonly char[] NoProxySeparators = [',', ' ', '\t', '\r', '\n'];

    /// <summary>The URL pattern HTTPX mounts for one <c>NO_PROXY</c> entry.</summary>
    internal static string PatternFor(string entry)
    {
        if (entry.Contains("://", StringComparison.Ordinal)) return entry;
        var address = entry.Split('/')[0];
        if (entry.StartsWith('[')) return $"all://{entry}";
        if (IPAddress.TryParse(address, out var ip))
        {
            if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) return $"all://{entry}";
            var slash = entry.IndexOf('/');
            return slash < 0 ? $"all://[{entry}]" : $"all://[{entry[..slash]}]{entry[slash..]}";
        }
        // "example.com." names the same host as "example.com" (curl ignores the dot too); the pattern's match allows a
        // URL host's trailing dot, so it is dropped here (not from "." or "*.", which would become "all://*", every host).
        var named = entry.TrimEnd('.');
        if (named.TrimStart('*', '.').Length > 0) entry = named;
        if (entry.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return $"all://{entry}";
        // "*.example.com" means ".example.com"; "example.com" becomes "*example.com" (the domain and its subdomains).
        var host = entry.TrimStart('*');
        return $"all://*{host}";
    }

    /// <summary>urllib's <c>getproxies_environment()</c>: scheme ("http", "no", ...) to value and the variable it came from.</summary>
    internal static Dictionary<string, (string Value, string Variable)> GetProxies(IReadOnlyDictionary<string, string?> environment)
    {
        var proxies = new Dictionary<string, (string Value, string Variable)>(StringComparer.Ordinal);
        // First pass: any case.
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var lower = name.ToLowerInvariant();
            if (!string.IsNullOrEmpty(value) && lower.EndsWith("_proxy", StringComparison.Ordinal))
                proxies[lower[..^6]] = (value, name);
        }
        // CVE-2016-1000110: under CGI, HTTP_PROXY can be set by the client's "Proxy:" header.
        if (environment.ContainsKey("REQUEST_METHOD")) proxies.Remove("http");
        // Second pass: lowercase names win; an empty one removes the setting.
        foreach (var (name, value) in environment)
        {
            if (!name.EndsWith("_proxy", StringComparison.Ordinal)) continue;
            var scheme = name.ToLowerInvariant()[..^6];
            if (!string.IsNullOrEmpty(value)) proxies[scheme] = (value, name);
            else proxies.Remove(scheme);
        }
        return proxies;
    }

    internal static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (entry.Key is string name) variables[name] = entry.Value as string;
        return variables;
    }
}
