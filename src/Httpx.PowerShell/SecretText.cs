using System.Management.Automation;
using System.Net;
using System.Security;

namespace Httpx.PowerShell;

/// <summary>Secrets given to cmdlets as a string or a SecureString (possibly wrapped in a PSObject), as plain text for the engine.</summary>
internal static class SecretText
{
    public static string From(object? value, string parameterName) => (value is PSObject ps ? ps.BaseObject : value) switch
    {
        string s => s,
        SecureString secure => new NetworkCredential("", secure).Password,
        null => throw new ArgumentNullException(parameterName, $"-{parameterName} must not be null."),
        // The value is not shown: it is meant to be a secret.
        var other => throw new ArgumentException($"-{parameterName} must be a string or a SecureString, not a {other.GetType().FullName}.", parameterName),
    };
}
