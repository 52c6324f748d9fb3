using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Converts what New-HttpxClient takes for -Headers, -Params, -Timeout and -Auth into the engine's Headers,
/// QueryParams, Timeout and Auth (and a hashtable of Request and Response scriptblocks into EventHooks, as -EventHooks
/// takes it too: <see cref="EventHooksArgumentAttribute"/>), so that a client's settings can be changed after it was
/// made as HTTPX's can
/// (<c>client.headers = {...}</c>, <c>client.timeout = 10</c>): <c>$client.Headers = @{ ... }</c>,
/// <c>$client.Params = @{ ... }</c>, <c>$client.Timeout = 10</c>, <c>$client.Auth = Get-Credential</c>. Without it
/// PowerShell tried to set a hashtable's keys as properties of a Headers ("The property 'X-A' was not found") and
/// refused a number for a Timeout. Registered for those types in Httpx.Types.ps1xml; each value goes through the same
/// checks as the parameter, so a bad one is refused with the parameter's message.
/// </summary>
public sealed class ClientSettingConverter : PSTypeConverter
{
    public override bool CanConvertFrom(object sourceValue, Type destinationType) => Accepts(PowerShellValues.Unwrap(sourceValue), destinationType);

    private static bool Accepts(object? value, Type destinationType)
    {
        if (destinationType == typeof(Headers) || destinationType == typeof(QueryParams) || destinationType == typeof(EventHooks)) return value is IDictionary;
        // Any count of seconds, as PowerShell's own conversion took them before the checked setters ([byte], [uint32]...),
        // and a PSCustomObject (the only PSObject left by Unwrap), as -Timeout takes them.
        if (destinationType == typeof(Timeout)) return value is IDictionary or PSObject or TimeSpan or string
            or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;
        if (destinationType == typeof(Auth)) return value is PSCredential or System.Net.NetworkCredential;
        return false;
    }

    public override object? ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        Converted(PowerShellValues.Unwrap(sourceValue), destinationType);

    /// <summary>
    /// The value of a client's settable property (CheckedPropertyMembers: <c>$client.Timeout = ...</c>): $null (the
    /// property's own "none"), the engine's type as it is, and what the parameter of the same name takes (Params, Auth
    /// and Cookies through the parameter's own conversion, its messages included). Anything else is an ArgumentException naming
    /// the type only: PowerShell's own refusal ("Cannot convert the "Bearer ..." value") repeated a header's or a
    /// cookie's value.
    /// </summary>
    public static object? ToSetting(object? value, Type destinationType, string property)
    {
        value = PowerShellValues.Unwrap(value);
        if (value is null || destinationType.IsInstanceOfType(value)) return value;
        if (destinationType == typeof(Auth)) return PowerShellValues.ToAuth(value, property);
        if (destinationType == typeof(Cookies)) return PowerShellValues.ToCookies(value, property);
        // -Params' own conversion: the same forms (a list of pairs, a query string), checks and error text.
        if (destinationType == typeof(QueryParams)) return ToQueryParams(value, property);
        if (Accepts(value, destinationType)) return Converted(value, destinationType);
        // A list of name/value pairs as Params takes one (@(@('X-A', '1'), @('X-A', '2')) repeats a name), and the
        // engine's own (Headers' constructor), which PowerShell's conversion used to take.
        if (destinationType == typeof(Headers) && value is IEnumerable and not string) return Headers.From(PowerShellValues.ToHeaderPairs(value));
        throw new ArgumentException($"{property} takes {Shapes(destinationType)}, not {value.GetType().FullName}.", property);
    }

    private static string Shapes(Type destinationType) =>
        destinationType == typeof(Timeout) ? "seconds (0: no limit), a TimeSpan, or a hashtable such as @{ Connect = 60; Read = 10 }"
        : destinationType == typeof(EventHooks) ? "a hashtable of Request and Response, each a scriptblock or a list of them"
        : destinationType == typeof(Headers) ? "a hashtable of name to value, a list of name/value pairs or an Httpx.Headers"
        : $"a hashtable of name to value or an {destinationType.FullName}";

    private static object? Converted(object? value, Type destinationType)
    {
        if (destinationType == typeof(Headers)) return Headers.From(PowerShellValues.ToHeaders((IDictionary)value!));
        if (destinationType == typeof(QueryParams)) return ToQueryParams(value, "Params");
        if (destinationType == typeof(Auth)) return PowerShellValues.ToAuth(value);
        if (destinationType == typeof(EventHooks)) return Hooks((IDictionary)value!);
        if (destinationType == typeof(Timeout))
            // As -Timeout: seconds (0: no limit), a TimeSpan, or a hashtable (or PSCustomObject) of Connect, Read, Write and Pool.
            return value switch
            {
                IDictionary phases => new HttpxTimeout(phases).Value,
                PSObject custom => HttpxTimeout.OfProperties(custom).Value,
                TimeSpan limit => new HttpxTimeout(limit).Value,
                string text => HttpxTimeout.Parse(text).Value,
                _ => new HttpxTimeout(LanguagePrimitives.ConvertTo<double>(value)).Value,
            };
        throw new InvalidCastException($"Cannot convert {value?.GetType().FullName ?? "null"} to {destinationType.FullName}.");
    }

    // As -Params makes them (PowerShellValues.ToQueryParams), into the engine's QueryParams.
    private static QueryParams? ToQueryParams(object? value, string property) =>
        PowerShellValues.ToQueryParams(value, property) is { } given ? QueryParams.From(given) : null;

    /// <summary>
    /// @{ Request = { ... }; Response = { ... }, { ... } }, HTTPX's <c>client.event_hooks = {"request": [...]}</c>: the
    /// scriptblocks run as -OnRequest and -OnResponse do.
    /// </summary>
    private static EventHooks Hooks(IDictionary hooks)
    {
        ScriptBlock[]? onRequest = null, onResponse = null;
        foreach (DictionaryEntry entry in hooks)
        {
            var key = Convert.ToString(PowerShellValues.Unwrap(entry.Key), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var blocks = Blocks(key, entry.Value);
            if (key.Equals("Request", StringComparison.OrdinalIgnoreCase)) onRequest = blocks;
            else if (key.Equals("Response", StringComparison.OrdinalIgnoreCase)) onResponse = blocks;
            else throw new ArgumentException($"Unknown event hook '{key}': use Request and Response, each a scriptblock or a list of them.", "EventHooks");
        }
        return ScriptBlockHooks.Create(onRequest, onResponse);
    }

    private static ScriptBlock[] Blocks(string key, object? value) =>
        (PowerShellValues.IsList(PowerShellValues.Unwrap(value)) ? ((IEnumerable)PowerShellValues.Unwrap(value)!).Cast<object?>() : [value])
        .Select(item => PowerShellValues.Unwrap(item) as ScriptBlock
            ?? throw new ArgumentException($"Event hook '{key}': a scriptblock or a list of them, not {PowerShellValues.Unwrap(item)?.GetType().FullName ?? "null"}.", "EventHooks"))
        .ToArray();

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new InvalidCastException($"Cannot convert {sourceValue?.GetType().FullName ?? "null"} to {destinationType.FullName}.");
}
