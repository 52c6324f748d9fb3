using System.Runtime.CompilerServices;

namespace Httpx.PowerShell;

/// <summary>
/// Session-wide state of the module: the default proxy (Set-HttpxProxy/Get-HttpxProxy) and the connection pool shared
/// by every call made without -Client. Lives as long as the module's assembly is loaded (the pwsh session).
/// </summary>
public static class ModuleState
{
    private static object? _defaultProxy;

    /// <summary>
    /// The proxy for calls that give no -Proxy and no -Client: a proxy URL string, or an IDictionary from URL
    /// patterns to a proxy URL (or null for "direct"); null means none (environment proxies apply unless -NoTrustEnv).
    /// It is part of the shared pool's key, so changing it takes effect on the next call. Clients from New-HttpxClient
    /// do not use it (an HTTPX client has only its own settings and the environment's); Set-HttpxProxy -Client changes those.
    /// </summary>
    public static object? DefaultProxy
    {
        get => Volatile.Read(ref _defaultProxy);
        set => Volatile.Write(ref _defaultProxy, PowerShellValues.ToEngineValue(value));
    }

    /// <summary>
    /// The cookies.txt of each client made with New-HttpxClient -CookieFile, which Close-HttpxClient saves the jar to.
    /// The engine client does not know its file; weak keys, so a client dropped without closing takes its entry along.
    /// </summary>
    public static ConditionalWeakTable<Client, string> CookieFiles { get; } = new();

    /// <summary>The connection pool shared by client-less calls.</summary>
    public static SharedTransportPool SharedPool { get; } = new();
}
