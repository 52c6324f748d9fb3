using System.Globalization;
using System.Text.RegularExpressions;

namespace Httpx;

/// <summary>
/// The system proxy of Windows, as HTTPX reads it: on Windows, HTTPX's <c>get_environment_proxies()</c> calls Python's
/// <c>urllib.request.getproxies()</c>, which is <c>getproxies_environment() or getproxies_registry()</c>: when no
/// <c>*_PROXY</c> variable is set, the proxy of the current user's Internet Settings (the one Settings &gt; Network &gt;
/// Proxy writes: <c>ProxyEnable</c> and <c>ProxyServer</c> under
/// <c>HKCU\Software\Microsoft\Windows\CurrentVersion\Internet Settings</c>).
/// <para>
/// This follows Python's <c>getproxies_registry()</c>, not .NET's <c>HttpClient.DefaultProxy</c> (which
/// Invoke-WebRequest uses): that one runs a PAC script or WPAD discovery, none of which HTTPX does.
/// </para>
/// <para>
/// One departure from HTTPX: the bypass list, <c>ProxyOverride</c> ("Don't use the proxy server for addresses beginning
/// with", "&lt;local&gt;"), is read, as Python's own urllib reads it (<c>_proxy_bypass_winreg_override</c>). HTTPX reads only
/// <c>getproxies()</c> and so sends localhost and intranet hosts to the corporate proxy (encode/httpx#1536, open), where
/// Invoke-WebRequest, requests and urllib go direct: a PowerShell script's localhost health check, direct before the
/// system proxy was read, would have broken. It applies to the registry's proxy only, never to the variables'.
/// </para>
/// </summary>
public static class WindowsProxySettings
{
    /// <summary>The key under HKEY_CURRENT_USER that holds the settings.</summary>
    public const string KeyPath = @"Software\Microsoft\Windows\CurrentVersion\Internet Settings";

    /// <summary>The registry value as a PowerShell path: what an error about it targets (the thing to fix).</summary>
    public const string ProxyServerPath = @"HKCU:\" + KeyPath + @"\ProxyServer";

    /// <summary>How routes and messages name the setting (as "environment variable HTTPS_PROXY" for a variable).</summary>
    public const string Source = "Windows proxy setting ProxyServer";

    /// <summary>How routes name the bypass list (as "environment variable NO_PROXY" for the variable).</summary>
    public const string OverrideSource = "Windows proxy setting ProxyOverride";

    /// <summary>
    /// The current user's system proxy, read from the registry on Windows; none elsewhere, and none when the key or a
    /// value cannot be read (Python swallows the <c>OSError</c> the same way).
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> FromCurrentUser()
    {
        if (!OperatingSystem.IsWindows()) return Array.Empty<EnvironmentProxy>();
        var (enable, server, bypass) = ReadCurrentUser();
        return From(enable, server, bypass);
    }

    /// <summary>
    /// The mounts for the registry values <paramref name="proxyEnable"/> and <paramref name="proxyServer"/> as read
    /// (a DWORD is an <see cref="int"/>; null: the value is missing). A pure function of them, tested on every OS.
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> From(object? proxyEnable, object? proxyServer) => From(proxyEnable, proxyServer, null);

    /// <summary>
    /// The mounts for the registry values, with the bypass list <paramref name="proxyOverride"/> as direct routes when a
    /// proxy is on (<see cref="BypassRoutes"/>).
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> From(object? proxyEnable, object? proxyServer, object? proxyOverride)
    {
        var mounts = EnvironmentProxies.MountsFor(GetProxies(proxyEnable, proxyServer), _ => Source);
        if (mounts.Count == 0 || proxyOverride is null) return mounts;
        return [.. mounts, .. BypassRoutes(Convert.ToString(proxyOverride, CultureInfo.InvariantCulture) ?? "")];
    }

    /// <summary>
    /// Python's <c>_proxy_bypass_winreg_override</c>: the entries of <c>ProxyOverride</c>, split on ';' and trimmed, each
    /// a host that goes direct: "&lt;local&gt;" a host without a dot, any other an fnmatch glob on the host, in any case
    /// (as on Windows; a port or scheme in an entry never matches, for the host has none). An entry a URL pattern says
    /// the same way becomes that pattern, as NO_PROXY's do: a name or IP address (<c>all://intranet.example</c>, one host),
    /// "*.example.com" (its subdomains). The others ("&lt;local&gt;", "10.*", "*example.com") are made a host route here,
    /// once, when the settings are read.
    /// </summary>
    internal static IEnumerable<EnvironmentProxy> BypassRoutes(string proxyOverride)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in proxyOverride.Split(';'))
        {
            var entry = part.Trim();
            // An empty entry matches no host (fnmatch against ""); a repeated one is the same route.
            if (entry.Length == 0 || !seen.Add(entry)) continue;
            var pattern = entry == "<local>" ? null : AsUrlPattern(entry);
            yield return pattern is not null
                ? new EnvironmentProxy(pattern, null, OverrideName, entry) { Source = OverrideSource }
                : new EnvironmentProxy($"all://{entry}", null, OverrideName, entry)
                    { Source = OverrideSource, Route = UrlPattern.ForHosts($"all://{entry}", entry, entry == "<local>" ? LocalHost : Glob(entry)) };
        }
    }

    // The name of the bypass list in a route's reason ("ProxyOverride match '<local>'", as "NO_PROXY match 'localhost'").
    private const string OverrideName = "ProxyOverride";

    // "<local>": an intranet name, a host without a dot (Python: '.' not in host).
    private static readonly Regex LocalHost = new(@"^[^.]*\z", RegexOptions.CultureInvariant);

    // The URL pattern that means what the entry means to fnmatch, or null when none does (or the name is not one a URL has).
    private static string? AsUrlPattern(string entry)
    {
        if (entry.AsSpan().IndexOfAny("?[/") >= 0) return null;
        var name = entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
        if (name.Contains('*')) return null;
        string pattern;
        if (name.Contains(':'))
        {
            // An IPv6 address, compared as an address; any other ':' is a port, which a host never has.
            if (name.Length != entry.Length || !System.Net.IPAddress.TryParse(name, out _)) return null;
            pattern = $"all://[{name}]";
        }
        else pattern = $"all://{entry}";
        try
        {
            _ = new UrlPattern(pattern);
            return pattern;
        }
        catch (Exception e) when (e is ArgumentException or InvalidUrlException)
        {
            return null;
        }
    }

    /// <summary>
    /// Python's <c>fnmatch.translate</c> for a host, in any case: '*' any characters, '?' one, "[...]" one of a set
    /// ("[!...]" none of it; a '[' without its ']' is itself). A set .NET refuses (a reversed range "[z-a]") matches
    /// nothing, as Python drops such a range.
    /// </summary>
    internal static Regex Glob(string glob)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*') regex.Append(".*");
            else if (c == '?') regex.Append('.');
            else if (c == '[' && SetEnd(glob, i) is var end and >= 0)
            {
                var set = glob[(i + 1)..end];
                regex.Append('[');
                if (set.StartsWith('!')) { regex.Append('^'); set = set[1..]; }
                else if (set.StartsWith('^')) regex.Append('\\');
                regex.Append(set.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal)).Append(']');
                i = end;
            }
            else regex.Append(Regex.Escape(c.ToString()));
        }
        try
        {
            return new Regex(regex.Append(@"\z").ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }
        catch (ArgumentException)
        {
            return new Regex("(?!)", RegexOptions.CultureInvariant);
        }
    }

    // fnmatch's end of the set that a '[' at i opens: a ']' right after "[" or "[!" is in the set; -1 when none closes it.
    private static int SetEnd(string glob, int i)
    {
        var j = i + 1;
        if (j < glob.Length && glob[j] == '!') j++;
        if (j < glob.Length && glob[j] == ']') j++;
        return j < glob.Length ? glob.IndexOf(']', j) : -1;
    }

    /// <summary>
    /// Python 3.11's <c>getproxies_registry()</c>: protocol to proxy URL. <c>ProxyServer</c> is one address for every
    /// protocol (<c>proxy:3128</c>, <c>http://proxy:3128</c>) or <c>protocol=address</c> pairs separated by ';'
    /// (<c>http=p:80;https=p:443;socks=p:1080</c>); an address without a scheme is an http:// proxy (for http, https and
    /// ftp) or socks:// (for socks). A socks proxy serves http and https when they have none, as <c>socks4://</c> (the
    /// Windows default). The protocol names are compared as written, so "HTTP=" or " https=" serve nothing, as in Python.
    /// </summary>
    internal static Dictionary<string, (string Value, string Variable)> GetProxies(object? proxyEnable, object? proxyServer)
    {
        var proxies = new Dictionary<string, (string Value, string Variable)>(StringComparer.Ordinal);
        // "" for a missing value, as for an empty one.
        var server = Convert.ToString(proxyServer, CultureInfo.InvariantCulture) ?? "";
        // A missing ProxyServer is Python's OSError: nothing. An empty one is no proxy too, as Windows' own clients take
        // it; Python makes it "http://" for every protocol, with which every request of an HTTPX client fails to connect
        // (a ConnectError: the proxy's host is empty).
        if (!IsTrue(proxyEnable) || string.IsNullOrWhiteSpace(server)) return proxies;
        if (!server.Contains('=') && !server.Contains(';')) server = $"http={server};https={server};ftp={server}";
        foreach (var entry in server.Split(';'))
        {
            var equals = entry.IndexOf('=');
            // Python's "protocol, address = p.split('=', 1)" raises ValueError, which it swallows: the pairs read so far
            // stand, this one and those after it are ignored (and a socks pair is not applied). A trailing ';' is the usual
            // such entry, and, last, it loses nothing.
            if (equals < 0) return proxies;
            var (protocol, address) = (entry[..equals], entry[(equals + 1)..]);
            if (!SchemePrefix.IsMatch(address))
            {
                if (protocol is "http" or "https" or "ftp") address = "http://" + address;
                else if (protocol == "socks") address = "socks://" + address;
            }
            proxies[protocol] = (address, ProxyServerPath);
        }
        if (proxies.TryGetValue("socks", out var socks) && socks.Value.Length > 0)
        {
            var address = (socks.Value.StartsWith("socks://", StringComparison.Ordinal) ? "socks4://" + socks.Value["socks://".Length..] : socks.Value, ProxyServerPath);
            foreach (var scheme in new[] { "http", "https" })
                if (!proxies.TryGetValue(scheme, out var set) || set.Value.Length == 0) proxies[scheme] = address;
        }
        return proxies;
    }

    // Python's re.match('(?:[^/:]+)://', address): a scheme written before the address.
    private static readonly Regex SchemePrefix = new("^[^/:]+://", RegexOptions.CultureInvariant);

    // Python's truth of the value as winreg returns it: a DWORD or QWORD other than 0, a non-empty string or binary.
    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        int number => number != 0,
        long number => number != 0,
        string text => text.Length > 0,
        Array array => array.Length > 0,
        _ => true,
    };

    /// <summary>
    /// The ProxyEnable, ProxyServer and ProxyOverride values, null for a missing one (or a key that cannot be read): what
    /// <see cref="FromCurrentUser"/> parses, and what the module's shared pool compares to notice a change.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public static (object? ProxyEnable, object? ProxyServer, object? ProxyOverride) ReadCurrentUser()
    {
        try
        {
            using var key = Microsoft.Win32.Registry.CurrentUser.OpenSubKey(KeyPath);
            return key is null ? (null, null, null) : (key.GetValue("ProxyEnable"), key.GetValue("ProxyServer"), key.GetValue("ProxyOverride"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return (null, null, null);
        }
    }
}
