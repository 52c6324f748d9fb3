using System.Globalization;

namespace Httpx.Internal;

/// <summary>
/// HTTPX's <c>primitive_value_to_str</c>, for query parameters and form fields alike: null as empty, true/false in lower
/// case, floats as Python writes them, other numbers (and a char) in the invariant culture.
/// </summary>
internal static class PrimitiveText
{
    /// <summary>The text for <paramref name="value"/>, or false for a value that is none of these (each caller says what then).</summary>
    public static bool TryFormat(object? value, out string text)
    {
        text = value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            char c => c.ToString(),
            double d => PythonFloat.Format(d),
            float f => PythonFloat.Format(f),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => null!,
        };
        return text is not null;
    }

    /// <summary>
    /// Whether <paramref name="value"/>'s type has a ToString of its own (a Uri, a MediaTypeHeaderValue, a PowerShell
    /// class that defines one): without one its text is its type name ("System.Security.SecureString"), never meant.
    /// </summary>
    public static bool HasOwnText(object value) =>
        value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring
        && declaring != typeof(object) && declaring != typeof(ValueType);
}
