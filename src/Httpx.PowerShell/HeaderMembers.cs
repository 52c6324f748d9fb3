using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// The member Httpx.Types.ps1xml adds to Httpx.Header: its value as listings show it. PowerShell lists an object
/// that does not fit the view already on screen (a header after a response, in one script's output) by its default
/// display properties, and Value would show an Authorization or cookie value there.
/// </summary>
public static class HeaderMembers
{
    /// <summary>The value, with secrets (Authorization, cookies, API keys: Headers.Redact) masked as [secure], and a server's control
    /// characters (ESC, BEL) escaped, as -Verbose shows them.</summary>
    public static object? DisplayValue(PSObject instance) =>
        PowerShellValues.Unwrap(instance) is Header header ? HttpLog.Printable(Headers.Redact(header.Name, header.Value)) : null;
}
