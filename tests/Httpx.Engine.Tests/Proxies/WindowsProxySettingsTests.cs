namespace Httpx.Tests.Proxies;

/// <summary>
/// Windows' system proxy as HTTPX reads it through Python's <c>getproxies_registry()</c>: the registry values are given,
/// so the parsing runs on every OS. Expected values are Python 3.11's for the same values (a stub winreg).
/// </summary>
public class WindowsProxySettingsTests
{
    private static Dictionary<string, string?> Mounts(object? enable, object? server) =>
        WindowsProxySettings.From(enable, server).ToDictionary(m => m.Pattern, m => m.ProxyUrl);

    [Theory]
    [InlineData("proxy:3128", "http://proxy:3128", "http://proxy:3128")]
    [InlineData("http://proxy:3128", "http://proxy:3128", "http://proxy:3128")]
    [InlineData("http=h1:80;https=h2:443", "http://h1:80", "http://h2:443")]
    [InlineData("https=https://h:443;http=h:80", "http://h:80", "https://h:443")]
    // A socks proxy serves both when they have none, as socks4:// (Windows' default SOCKS version).
    [InlineData("socks=s:1080", "socks4://s:1080", "socks4://s:1080")]
    [InlineData("http=h:80;socks=s:1080", "http://h:80", "socks4://s:1080")]
    [InlineData("socks=socks5://s:1", "socks5://s:1", "socks5://s:1")]
    // A trailing ';' loses nothing; a pair without '=' ends the reading where it is (Python's swallowed ValueError).
    [InlineData("http=h:80;https=h2:443;", "http://h:80", "http://h2:443")]
    [InlineData("http=h:80;bogus;https=h2:443", "http://h:80", null)]
    // Protocol names as written: Python keys "HTTP" and " https", which HTTPX never looks up.
    [InlineData("HTTP=h:80; https=h2:1", null, null)]
    [InlineData("ftp=f:21", null, null)]
    public void ProxyServer_is_read_as_pythons_getproxies_registry(string server, string? http, string? https)
    {
        var mounts = Mounts(1, server);
        Assert.Equal(http, mounts.GetValueOrDefault("http://"));
        Assert.Equal(https, mounts.GetValueOrDefault("https://"));
        Assert.Equal(new[] { "http://", "https://" }.Where(mounts.ContainsKey), mounts.Keys);
    }

    [Theory]
    [InlineData(0, "proxy:1")]
    [InlineData(null, "proxy:1")]
    [InlineData(1, null)]
    // Empty: no proxy, as Windows' own clients take it (Python makes "http://" of it: every HTTPX request fails to connect).
    [InlineData(1, "")]
    [InlineData(1, "  ")]
    public void No_proxy_unless_enabled_with_a_server(object? enable, string? server) => Assert.Empty(Mounts(enable, server));

    [Fact]
    public void ProxyEnable_counts_as_python_takes_its_truth()
    {
        // A REG_SZ "0" is a non-empty string, true to Python; a QWORD 0 is false.
        Assert.NotEmpty(Mounts("0", "p:1"));
        Assert.Empty(Mounts(0L, "p:1"));
        Assert.Empty(Mounts(Array.Empty<byte>(), "p:1"));
    }

    [Fact]
    public void Routes_and_errors_name_the_setting_and_hide_its_password()
    {
        var mount = ProxyMap.Mounts(WindowsProxySettings.From(1, "https=user:secret@proxy:3128")).Single();
        Assert.Equal("Windows proxy setting ProxyServer", mount.Source);
        Assert.Equal("http://user:[secure]@proxy:3128 (from the Windows proxy setting ProxyServer)", mount.Proxy!.Named);
        Assert.DoesNotContain("secret", WindowsProxySettings.From(1, "https=user:secret@proxy:3128").Single().ToString());

        var e = Assert.Throws<ArgumentException>(() => ProxyMap.Mounts(WindowsProxySettings.From(1, "socks=user:secret@proxy:notaport")));
        Assert.StartsWith(@"The Windows proxy setting ProxyServer (HKCU:\Software\Microsoft\Windows\CurrentVersion\Internet Settings\ProxyServer) holds an invalid proxy: ", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.Equal(WindowsProxySettings.ProxyServerPath, e.Data[EnvironmentProxies.VariableKey]);
    }

    [Fact]
    public void Any_proxy_variable_turns_the_system_proxy_off_as_pythons_or_does()
    {
        IReadOnlyList<EnvironmentProxy> System() => WindowsProxySettings.From(1, "proxy:3128");
        Assert.Equal(2, EnvironmentProxies.From(new Dictionary<string, string?> { ["PATH"] = "x" }, System).Count);
        // NO_PROXY (or FTP_PROXY) alone: the variables' dictionary is not empty, so the registry is not read at all.
        Assert.Single(EnvironmentProxies.From(new Dictionary<string, string?> { ["NO_PROXY"] = "example.com" }, System));
        Assert.Empty(EnvironmentProxies.From(new Dictionary<string, string?> { ["FTP_PROXY"] = "f:21" }, System));
        Assert.Equal("environment variable HTTPS_PROXY",
            EnvironmentProxies.From(new Dictionary<string, string?> { ["HTTPS_PROXY"] = "p:1" }, System).Single().Source);
        // Under CGI, HTTP_PROXY is dropped, leaving nothing: then the registry's applies, as in Python.
        Assert.Equal(2, EnvironmentProxies.From(new Dictionary<string, string?> { ["HTTP_PROXY"] = "p:1", ["REQUEST_METHOD"] = "GET" }, System).Count);
    }

    // The way a URL goes among the registry's routes, as the client picks it (the most specific matching pattern first).
    private static bool GoesDirect(IReadOnlyList<EnvironmentProxy> settings, string url) =>
        ProxyMap.Mounts(settings).OrderBy(m => m.Pattern).First(m => m.Pattern.Matches(new Url(url))).Proxy is null;

    [Theory]
    // Python's _proxy_bypass_winreg_override (fnmatch on the host, in any case as on Windows): "<local>" is a host without a dot.
    [InlineData("<local>", "http://localhost:8080/health", true)]
    [InlineData("<local>", "http://intranet/", true)]
    [InlineData("<local>", "http://127.0.0.1/", false)]
    [InlineData("<local>", "https://example.com/", false)]
    [InlineData("Example.COM", "https://example.com/", true)]
    [InlineData("example.com", "https://www.example.com/", false)]
    [InlineData("*.example.com", "https://www.example.com/", true)]
    [InlineData("*.example.com", "https://example.com/", false)]
    // A glob, not NO_PROXY's "the domain and its subdomains".
    [InlineData("*example.com", "https://myexample.com/", true)]
    [InlineData("10.*", "http://10.1.2.3/", true)]
    [InlineData("10.*", "http://110.1.2.3/", false)]
    [InlineData("192.168.0.?", "http://192.168.0.7/", true)]
    [InlineData("192.168.0.[1-3]", "http://192.168.0.2/", true)]
    [InlineData("192.168.0.[!1-3]", "http://192.168.0.2/", false)]
    [InlineData("127.0.0.1", "http://127.0.0.1:5000/", true)]
    [InlineData("*", "https://anything.example/", true)]
    // A port in an entry never matches (the host has none), as in Python.
    [InlineData("example.com:8080", "http://example.com:8080/", false)]
    [InlineData("foo; <local> ;bar", "http://localhost/", true)]
    [InlineData(";;", "http://localhost/", false)]
    // An IPv6 address is compared as an address (Python's fnmatch took "[::1]" for a character set and matched nothing).
    [InlineData("::1", "http://[::1]:5000/", true)]
    public void ProxyOverride_sends_the_hosts_it_names_direct_as_pythons_urllib(string bypass, string url, bool direct)
    {
        Assert.Equal(direct, GoesDirect(WindowsProxySettings.From(1, "proxy:3128", bypass), url));
        // Only the registry's bypass list: without it the same URL goes through the proxy.
        Assert.False(GoesDirect(WindowsProxySettings.From(1, "proxy:3128"), url));
    }

    [Fact]
    public void ProxyOverride_routes_are_named_as_no_proxy_routes_are()
    {
        var mounts = ProxyMap.Mounts(WindowsProxySettings.From(1, "proxy:3128", "<local>;*.corp.example;intranet.example;10.*;<local>"));
        var bypass = mounts.Where(m => m.Proxy is null).ToList();
        Assert.All(bypass, m => Assert.Equal("Windows proxy setting ProxyOverride", m.Source));
        // What a URL pattern says the same way is that pattern (as NO_PROXY's entries); the others keep their text.
        Assert.Equal(new[] { "all://<local>", "all://*.corp.example", "all://intranet.example", "all://10.*" }, bypass.Select(m => m.Pattern.Pattern));
        Assert.Equal("ProxyOverride match '<local>'", bypass[0].Reason);
        // No proxy on, no bypass list: it is read only with the registry's proxy.
        Assert.Empty(WindowsProxySettings.From(0, "proxy:3128", "<local>"));
        Assert.DoesNotContain(EnvironmentProxies.From(new Dictionary<string, string?> { ["HTTPS_PROXY"] = "p:1" }, () => WindowsProxySettings.From(1, "proxy:3128", "<local>")),
            m => m.ProxyUrl is null);
    }

    [Fact]
    public void The_registry_is_read_on_windows_only()
    {
        // On Linux and macOS there is no such setting (and Microsoft.Win32.Registry would throw): nothing, never an error.
        // On Windows, whatever this machine's setting is, it is read without an error.
        var mounts = WindowsProxySettings.FromCurrentUser();
        if (!OperatingSystem.IsWindows()) Assert.Empty(mounts);
    }
}
