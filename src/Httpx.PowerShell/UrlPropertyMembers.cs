using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// The members Httpx.Types.ps1xml puts over the settable Url-typed properties (Request.Url, Client.BaseUrl). Assigning
/// text to the .NET property made PowerShell convert it to Httpx.Url first, and a URL that did not parse failed with
/// PowerShell's own 'Cannot convert value "https://user:password@..."', which repeats the raw text, password
/// included. These setters take the value as it is and parse it here, so the error is ours (password masked).
/// PowerShell checks that a CodeProperty's getter returns its setter's parameter type, so both are object (Get-Member
/// shows System.Object; completion of $r.Url. reads the live value).
/// </summary>
public static class UrlPropertyMembers
{
    public static object? RequestUrl(PSObject instance) => Request(instance).Url;

    // Null reaches the engine's setter, whose error says a request needs a URL.
    public static void SetRequestUrl(PSObject instance, object? value) => Set(value, url => Request(instance).Url = url!);

    public static object? ClientBaseUrl(PSObject instance) => Client(instance).BaseUrl;

    public static void SetClientBaseUrl(PSObject instance, object? value) => Set(value, url => Client(instance).BaseUrl = url);

    // A refused value fails as a cmdlet's argument does: the module's record (Httpx.InvalidURL or Httpx.InvalidArgument,
    // InvalidArgument, the value as target with its password masked, no .NET " (Parameter 'Url')"). An exception thrown
    // bare from a setter became a record named by its .NET type (Httpx.InvalidUrlException) under OperationStopped;
    // catch [Httpx.InvalidUrlException] still matches, as PowerShell tries a RuntimeException's inner exception.
    private static void Set(object? value, Action<Url?> set)
    {
        try
        {
            set(ToUrl(value));
        }
        catch (Exception e) when (e is InvalidUrlException or ArgumentException)
        {
            var record = ErrorRecordFactory.Create(e, value);
            throw new RuntimeException(record.ErrorDetails?.Message ?? e.Message, e, record);
        }
    }

    // As PowerShell's conversion made it (text, "" included, through Url's constructor; a System.Uri by its original
    // text), with InvalidURL's own message when it does not parse.
    private static Url? ToUrl(object? value) =>
        PowerShellValues.Unwrap(value) is null ? null : PowerShellValues.ToUrl(value, hasBaseUrl: true);

    private static Request Request(PSObject instance) => (Request)PowerShellValues.Unwrap(instance)!;

    private static Client Client(PSObject instance) => (Client)PowerShellValues.Unwrap(instance)!;
}
