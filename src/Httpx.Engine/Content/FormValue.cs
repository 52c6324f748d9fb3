using System.Collections;

namespace Httpx;

/// <summary>Form and multipart field values: HTTPX's lists of values, and each value as text.</summary>
internal static class FormValue
{
    /// <summary>True for values that stand for several fields with the same name (HTTPX's lists and tuples).</summary>
    public static bool IsList(object? value) => value is IEnumerable and not string and not byte[];

    /// <summary>A field value as text (<see cref="Internal.PrimitiveText"/>); any other value is an error naming its type.</summary>
    public static string ToText(object? value, string paramName) =>
        Internal.PrimitiveText.TryFormat(value, out var text) ? text : throw new ArgumentException(
            $"Invalid type for a form value in '{paramName}': expected a string, number, boolean or null, got {value!.GetType()}.",
            paramName);
}
