using Httpx.Internal;

namespace Httpx;

/// <summary>
/// The TLS settings HTTPX takes from the environment when <c>trust_env</c> is on: <c>SSL_CERT_FILE</c> (a CA bundle
/// file) or else <c>SSL_CERT_DIR</c> (a directory of CA files) replace the system trust store when <c>verify</c> is
/// true; <c>SSLKEYLOGFILE</c> asks for TLS key material to be logged. Pure functions of the variables, for tests.
/// </summary>
public static class EnvironmentTls
{
    /// <summary>The AppContext switch that .NET 9+ requires, besides SSLKEYLOGFILE, before SslStream logs keys.</summary>
    public const string KeyLoggingSwitch = "System.Net.EnableSslKeyLogging";

    /// <summary>The variables that name a CA bundle, in the order they are tried.</summary>
    // Array.AsReadOnly, not C#'s [..] read-only list: PowerShell does not index that one (BundleVariables[0] gave both),
    // and writes into an array whatever its declared type.
    public static IReadOnlyList<string> BundleVariables { get; } = Array.AsReadOnly(["SSL_CERT_FILE", "SSL_CERT_DIR"]);

    /// <summary>
    /// What to verify server certificates with: <paramref name="verify"/> itself unless it is true and the environment
    /// names a CA bundle, in which case a <see cref="TlsVerification"/> trusting that bundle only.
    /// </summary>
    public static object Verify(object verify, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (verify is not true || Bundle(environment) is not var (variable, path)) return verify;
        try
        {
            return TlsVerification.FromPath(path);
        }
        catch (ArgumentException e)
        {
            // The inner reason without its "(Parameter 'verify')": the variable, not an argument, named the path. The
            // variable's name on the error, as for a proxy variable, so that a caller points at it (not at the URL).
            throw new ArgumentException($"The environment variable {variable} names an unusable CA bundle: {ExceptionText.WithoutParameterName(e)}", e)
            {
                Data = { [EnvironmentProxies.VariableKey] = variable },
            };
        }
    }

    /// <summary>
    /// The CA bundle variable <paramref name="environment"/> sets, the first of <see cref="BundleVariables"/> with a
    /// value, and the path it names; null when none is set. The one <see cref="Verify"/> reads.
    /// </summary>
    public static (string Variable, string Path)? Bundle(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var variable in BundleVariables)
            if (environment.TryGetValue(variable, out var path) && !string.IsNullOrEmpty(path)) return (variable, path);
        return null;
    }

    /// <summary>
    /// Turns on .NET's TLS key logging when <c>SSLKEYLOGFILE</c> is set. .NET itself reads SSLKEYLOGFILE and the switch
    /// once, at the process's first TLS handshake, so this only works when called before any TLS connection; it
    /// works on Linux (OpenSSL) with .NET 9 or later, not with SChannel on Windows, and .NET 8 logs only in debug
    /// builds of its libraries. Returns whether the variable asked for it.
    /// </summary>
    public static bool EnableKeyLogging(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.TryGetValue("SSLKEYLOGFILE", out var file) || string.IsNullOrEmpty(file)) return false;
        AppContext.SetSwitch(KeyLoggingSwitch, true);
        return true;
    }
}
