using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// The member Httpx.Types.ps1xml puts over a request's Content (the checked Url and Method are CheckedPropertyMembers').
/// </summary>
public static class RequestMembers
{
    /// <summary>
    /// The engine's Content, whose RequestNotRead (a body sent as a stream, not read yet: in a request hook) PowerShell
    /// would read as <c>$null</c>, as if the request had no body: raised so that it shows (PropertyGetterException).
    /// </summary>
    public static byte[] Content(PSObject instance)
    {
        var request = (Request)PowerShellValues.Unwrap(instance)!;
        return PropertyGetterException.Read(() => request.Content, request);
    }
}
