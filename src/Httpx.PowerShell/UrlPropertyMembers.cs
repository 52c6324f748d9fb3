using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// The members Httpx.Types.ps1xml puts over the settable Url-typed properties (Request.Url, Client.BaseUrl). Assigning
/// text to the .NET property made PowerShell convert it to Httpx.Url first, and a URL that did not parse failed with
/// PowerShell's own 'Cannot convert value "https://user:password@..."', which repeats the raw text, password
/// included. These setters take the value as it is and parse it here, so the error is ours (password masked) inside
/// PowerShell's 'Exception setting "Url"', which repeats only our message.
/// </summary>
public static class UrlPropertyMembers
{
    public static object? RequestUrl(PSObject instance) => Request(instance).Url;

    // Null reaches the engine's setter, whose error names the property.
    public static void SetRequestUrl(PSObject instance, object? value) => Request(instance).Url = ToUrl(value)!;

    public static object? ClientBaseUrl(PSObject instance) => Client(instance).BaseUrl;

    public static void SetClientBaseUrl(PSObject instance, object? value) => Client(instance).BaseUrl = ToUrl(value);

    // As PowerShell's conversion made it (text, "" included, through Url's constructor; a System.Uri by its original
    // text), with InvalidURL's own message when it does not parse.
    private static Url? ToUrl(object? value) =>
        PowerShellValues.Unwrap(value) is null ? null : PowerShellValues.ToUrl(value, hasBaseUrl: true);

    private static Request Request(PSObject instance) => (Request)PowerShellValues.Unwrap(instance)!;

    private static Client Client(PSObject instance) => (Client)PowerShellValues.Unwrap(instance)!;
}
