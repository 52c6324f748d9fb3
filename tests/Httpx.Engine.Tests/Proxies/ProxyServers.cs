using System.Net.Sockets;

namespace Httpx.Tests.Proxies;

/// <summary>
/// The loopback proxy servers that <c>.ci/start-proxies</c> starts (squid open and with Basic auth, dante SOCKS5),
/// overridable by environment variables. Tests using them fail when they are down, unless HTTPX_SKIP_PROXY_TESTS=1
/// says this machine has none, in which case they are skipped.
/// </summary>
public static class ProxyServers
{
    public static string Squid => Get("HTTPX_TEST_SQUID", "http://127.0.0.1:3128");

    /// <summary>Squid requiring Basic auth: user proxyuser, password proxypass.</summary>
    public static string SquidAuth => Get("HTTPX_TEST_SQUID_AUTH", "http://127.0.0.1:3129");

    public static string Socks5 => Get("HTTPX_TEST_SOCKS5", "socks5://127.0.0.1:1080");

    public const string User = "proxyuser";
    public const string Password = "proxypass";

    /// <summary>The proxy URL with credentials in it.</summary>
    public static string WithCredentials(string proxy, string user, string password) =>
        proxy.Replace("://", $"://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}@", StringComparison.Ordinal);

    /// <summary>Skips the calling SkippableFact when the proxy is down and HTTPX_SKIP_PROXY_TESTS=1.</summary>
    public static void Require(string proxy)
    {
        if (Environment.GetEnvironmentVariable("HTTPX_SKIP_PROXY_TESTS") != "1") return;
        var uri = new Uri(proxy);
        bool up;
        try
        {
            using var socket = new TcpClient();
            socket.Connect(uri.Host, uri.Port);
            up = true;
        }
        catch (SocketException)
        {
            up = false;
        }
        Skip.IfNot(up, $"HTTPX_SKIP_PROXY_TESTS=1 and no proxy listens at {proxy} (run .ci/start-proxies)");
    }

    private static string Get(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}
