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
/// Invoke-WebRequest uses): that one runs a PAC script or WPAD discovery and applies the bypass list, none of which HTTPX
/// does. So, as in HTTPX, <c>ProxyOverride</c> (the bypass list, "&lt;local&gt;") is not read (encode/httpx#1536, open):
/// with the system proxy on, localhost goes through it too; set HTTPS_PROXY and NO_PROXY to choose, for any proxy
/// variable set turns the registry off.
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

    /// <summary>
    /// The current user's system proxy, read from the registry on Windows; none elsewhere, and none when the key or a
    /// value cannot be read (Python swallows the <c>OSError</c> the same way).
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> FromCurrentUser()
    {
        if (!OperatingSystem.IsWindows()) return Array.Empty<EnvironmentProxy>();
        var (enable, server) = ReadCurrentUser();
        return From(enable, server);
    }

    /// <summary>
    /// The mounts for the registry values <paramref name="proxyEnable"/> and <paramref name="proxyServer"/> as read
    /// (a DWORD is an <see cref="int"/>; null: the value is missing). A pure function of them, tested on every OS.
    /// </summary>
    public static IReadOnlyList<EnvironmentProxy> From(object? proxyEnable, object? proxyServer) =>
        EnvironmentProxies.MountsFor(GetProxies(proxyEnable, proxyServer), _ => Source);

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
        var server = proxyServer switch
        {
            null => null,
            string text => text,
            _ => Convert.ToString(proxyServer, CultureInfo.InvariantCulture),
        };
        // A missing ProxyServer is Python's OSError: nothing. An empty one is no proxy too, as Windows' own clients take
        // it; Python makes it "http://" for every protocol, which failed every HTTPX client with "no host".
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
    /// The ProxyEnable and ProxyServer values, null for a missing one (or a key that cannot be read): what
    /// <see cref="FromCurrentUser"/> parses, and what the module's shared pool compares to notice a change.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    public static (object? ProxyEnable, object? ProxyServer) ReadCurrentUser()
    {
        try
        {
            using var key = Microsoft.Win32.Registry.CurrentUser.OpenSubKey(KeyPath);
            return key is null ? (null, null) : (key.GetValue("ProxyEnable"), key.GetValue("ProxyServer"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return (null, null);
        }
    }
}
