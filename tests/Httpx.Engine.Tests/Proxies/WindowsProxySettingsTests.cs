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
    // Empty: no proxy, as Windows' own clients take it (Python makes "http://" of it, which failed every HTTPX client).
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

    [Fact]
    public void The_registry_is_read_on_windows_only()
    {
        // On Linux and macOS there is no such setting (and Microsoft.Win32.Registry would throw): nothing, never an error.
        // On Windows, whatever this machine's setting is, it is read without an error.
        var mounts = WindowsProxySettings.FromCurrentUser();
        if (!OperatingSystem.IsWindows()) Assert.Empty(mounts);
    }
}
