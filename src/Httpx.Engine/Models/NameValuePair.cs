using System.Collections;
using System.Runtime.CompilerServices;

namespace Httpx;

/// <summary>
/// One item of a list of name/value pairs, as HTTPX's headers and params take the list: a 2-tuple, a 2-item list
/// (PowerShell's <c>@('X-A', '1')</c>), a DictionaryEntry or a KeyValuePair of any types. Headers, QueryParams and the
/// module's check of header values read pairs through it, so they take the same shapes.
/// </summary>
public static class NameValuePair
{
    /// <summary>The pair's name and value, or false when <paramref name="item"/> is none of the pair shapes.</summary>
    public static bool TryRead(object? item, out object? name, out object? value)
    {
        (var read, name, value) = item switch
        {
            DictionaryEntry entry => (true, entry.Key, entry.Value),
            ITuple { Length: 2 } tuple => (true, tuple[0], tuple[1]),
            IList { Count: 2 } list => (true, list[0], list[1]),
            not null when item.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) =>
                (true, type.GetProperty("Key")!.GetValue(item), type.GetProperty("Value")!.GetValue(item)),
            _ => (false, (object?)null, (object?)null),
        };
        return read;
    }
}
