using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// The members Httpx.Types.ps1xml puts over settable properties whose value is checked or converted (Request.Url,
/// Client.BaseUrl, Request.Method, Response.Encoding, a client's Timeout, Headers, Params, Auth, Cookies, EventHooks and DefaultEncoding), so that a refused
/// value fails with the module's error record. Assigning text to the .NET Url property made PowerShell convert it to
/// Httpx.Url first, and a URL that did not parse failed with PowerShell's own 'Cannot convert value
/// "https://user:password@..."', which repeats the raw text, password included; a method the engine refused was
/// PowerShell's ExceptionWhenSetting (NotSpecified), its message ending with .NET's " (Parameter 'method')". These
/// setters take the value as it is and convert it here, so the error is ours.
/// PowerShell checks that a CodeProperty's getter returns its setter's parameter type, so both are object (Get-Member
/// shows System.Object; completion of $r.Url. reads the live value).
/// </summary>
public static class CheckedPropertyMembers
{
    public static object? RequestUrl(PSObject instance) => Request(instance).Url;

    // Null reaches the engine's setter, whose error says a request needs a URL.
    public static void SetRequestUrl(PSObject instance, object? value) => Set(value, () => Request(instance).Url = ToUrl(value)!);

    public static object? ClientBaseUrl(PSObject instance) => Client(instance).BaseUrl;

    public static void SetClientBaseUrl(PSObject instance, object? value) => Set(value, () => Client(instance).BaseUrl = ToUrl(value));

    public static object? RequestMethod(PSObject instance) => Request(instance).Method;

    // Any value as PowerShell's conversion to string made it ($null stays null: the engine's setter says a method is needed).
    public static void SetRequestMethod(PSObject instance, object? value) => Set(value, () => Request(instance).Method =
        PowerShellValues.Unwrap(value) is { } method ? LanguagePrimitives.ConvertTo<string>(method) : null!);

    // A client's settings take what the parameters of the same name take (ClientSettingConverter.ToSetting). A refused
    // value was PowerShell's ExceptionWhenSetting (NotSpecified), 'Exception setting "Headers": "Cannot convert the
    // "Authorization: Bearer ..." value"', repeating a secret. The target is the value for Timeout, the property's
    // name for the others: their values may hold a token, a cookie or an API key.
    public static object? ClientTimeout(PSObject instance) => Client(instance).Timeout;

    public static void SetClientTimeout(PSObject instance, object? value) =>
        Set(value, () => Client(instance).Timeout = (Timeout)ClientSettingConverter.ToSetting(value, typeof(Timeout), "Timeout")!);

    public static object? ClientHeaders(PSObject instance) => Client(instance).Headers;

    public static void SetClientHeaders(PSObject instance, object? value) =>
        Set("Headers", () => Client(instance).Headers = (Headers)ClientSettingConverter.ToSetting(value, typeof(Headers), "Headers")!);

    public static object? ClientParams(PSObject instance) => Client(instance).Params;

    public static void SetClientParams(PSObject instance, object? value) =>
        Set("Params", () => Client(instance).Params = (QueryParams)ClientSettingConverter.ToSetting(value, typeof(QueryParams), "Params")!);

    public static object? ClientAuth(PSObject instance) => Client(instance).Auth;

    public static void SetClientAuth(PSObject instance, object? value) =>
        Set("Auth", () => Client(instance).Auth = (Auth?)ClientSettingConverter.ToSetting(value, typeof(Auth), "Auth"));

    public static object? ClientCookies(PSObject instance) => Client(instance).Cookies;

    public static void SetClientCookies(PSObject instance, object? value) =>
        Set("Cookies", () => Client(instance).Cookies = (Cookies)ClientSettingConverter.ToSetting(value, typeof(Cookies), "Cookies")!);

    public static object? ClientEventHooks(PSObject instance) => Client(instance).EventHooks;

    public static void SetClientEventHooks(PSObject instance, object? value) =>
        Set("EventHooks", () => Client(instance).EventHooks = (EventHooks)ClientSettingConverter.ToSetting(value, typeof(EventHooks), "EventHooks")!);

    public static object? ClientDefaultEncoding(PSObject instance) => ScriptBlockEncoding.FromEngineValue(Client(instance).DefaultEncoding);

    // The engine's setter checks the name (or takes its Func<byte[], string?>, which a scriptblock is made into): only
    // its refusal's record is ours.
    public static void SetClientDefaultEncoding(PSObject instance, object? value) =>
        Set(value, () => Client(instance).DefaultEncoding = ScriptBlockEncoding.ToEngineValue(value));

    // Typed string, as the engine's property is: Get-Member and editors' completion show a string, where object hid it.
    public static string ResponseEncoding(PSObject instance) => Response(instance).Encoding;

    // The engine's setter checks the name: an unknown one was PowerShell's ExceptionWhenSetting (NotSpecified), its
    // message ending with .NET's " (Parameter 'value')". Set after Text was read (HTTPX's ValueError), the engine's
    // InvalidOperationException left a CodeProperty bare, as System.InvalidOperationException (OperationStopped).
    public static void SetResponseEncoding(PSObject instance, string? value)
    {
        try
        {
            Set(value, () => Response(instance).Encoding = value!);
        }
        catch (InvalidOperationException e)
        {
            throw new RuntimeException(e.Message, e, new ErrorRecord(e, "Httpx.TextAlreadyRead", ErrorCategory.InvalidOperation, value));
        }
    }

    // A refused value fails as a cmdlet's argument does: the module's record (Httpx.InvalidURL or Httpx.InvalidArgument,
    // InvalidArgument, the value as target with its password masked, no .NET " (Parameter 'Url')"). An exception thrown
    // bare from a setter became a record named by its .NET type (Httpx.InvalidUrlException) under OperationStopped;
    // catch [Httpx.InvalidUrlException] still matches, as PowerShell tries a RuntimeException's inner exception.
    private static void Set(object? value, Action set)
    {
        try
        {
            set();
        }
        catch (Exception e) when (e is InvalidUrlException or ArgumentException)
        {
            // $_.Exception.Message without .NET's " (Parameter 'Timeout')" too: a property has no parameter. The
            // refusal itself stays the inner exception, and its type the one shown, so that catch [ArgumentNullException]
            // on $r.Url = $null still matches.
            var shown = e is ArgumentException argument && ErrorRecordFactory.BareMessage(argument) is var bare && bare != argument.Message
                ? argument switch
                {
                    ArgumentNullException => new ArgumentNullException(bare, argument),
                    ArgumentOutOfRangeException => new ArgumentOutOfRangeException(bare, argument),
                    _ => new ArgumentException(bare, argument),
                }
                : e;
            var record = ErrorRecordFactory.Create(shown, value);
            throw new RuntimeException(record.ErrorDetails?.Message ?? shown.Message, shown, record);
        }
    }

    // As PowerShell's conversion made it (text, "" included, through Url's constructor; a System.Uri by its original
    // text), with InvalidURL's own message when it does not parse.
    private static Url? ToUrl(object? value) =>
        PowerShellValues.Unwrap(value) is null ? null : PowerShellValues.ToUrl(value, hasBaseUrl: true);

    private static Request Request(PSObject instance) => (Request)PowerShellValues.Unwrap(instance)!;

    private static Response Response(PSObject instance) => (Response)PowerShellValues.Unwrap(instance)!;

    private static Client Client(PSObject instance) => (Client)PowerShellValues.Unwrap(instance)!;
}
