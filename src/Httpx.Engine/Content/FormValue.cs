using System.Collections;
using System.Globalization;

namespace Httpx;

/// <summary>HTTPX's <c>primitive_value_to_str</c> and its list handling, shared by form and multipart fields.</summary>
internal static class FormValue
{
    /// <summary>True for values that stand for several fields with the same name (HTTPX's lists and tuples).</summary>
    public static bool IsList(object? value) => value is IEnumerable and not string and not byte[];

    /// <summary>A field value as text, as HTTPX's primitive_value_to_str: true/false in lower case, null as empty, floats as Python writes them, other numbers in the invariant culture.</summary>
    public static string ToText(object? value, string paramName) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        char c => c.ToString(),
        double d => Internal.PythonFloat.Format(d),
        float f => Internal.PythonFloat.Format(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(
            $"Invalid type for a form value in '{paramName}': expected a string, number, boolean or null, got {value.GetType()}.",
            paramName),
    };
}
