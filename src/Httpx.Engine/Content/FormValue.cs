using System.Collections;

namespace Httpx;

/// <summary>Form and multipart field values: HTTPX's lists of values, and each value as text.</summary>
public static class FormValue
{
    /// <summary>
    /// True for values that stand for several fields with the same name (HTTPX's lists and tuples). A dictionary is not
    /// one: it is a single value, refused by <see cref="ToText"/> as itself, as HTTPX refuses a dict (its entries, one by
    /// one, were refused as "DictionaryEntry" or "KeyValuePair`2", types the caller never gave).
    /// </summary>
    internal static bool IsList(object? value) => value is IEnumerable and not string and not byte[] and not IDictionary;

    /// <summary>
    /// Whether a form takes <paramref name="value"/> as one field's text (a string, number, boolean, char or null), the
    /// rule <see cref="ToText"/> applies: public so that a caller can refuse a value when it is given, naming it, rather
    /// than have each request fail. A multipart form also takes bytes; a list is several fields (<see cref="IsList"/>).
    /// </summary>
    public static bool IsText(object? value) => Internal.PrimitiveText.TryFormat(value, out _);

    /// <summary>A field value as text (<see cref="Internal.PrimitiveText"/>); any other value is an error naming its type.</summary>
    /// <remarks>The message names the field, as HTTPX's names the value: a form of many fields says which one is wrong.</remarks>
    /// <remarks>Text cut inside an emoji (half of a surrogate pair) is refused too: UTF-8 has no bytes for it, and it went out as U+FFFD.</remarks>
    internal static string ToText(object? value, string fieldName, string paramName)
    {
        if (!Internal.PrimitiveText.TryFormat(value, out var text))
            throw new ArgumentException(
                $"Invalid type for form value '{fieldName}' in '{paramName}': expected a string, number, boolean or null, got {value!.GetType()}.",
                paramName);
        int at = LoneSurrogateStrings.IndexIn(text);
        return at < 0 ? text : throw new ArgumentException(
            $"Form value '{fieldName}' in '{paramName}' has {LoneSurrogateStrings.Described(text, at, "UTF-8")}.", paramName);
    }
}
