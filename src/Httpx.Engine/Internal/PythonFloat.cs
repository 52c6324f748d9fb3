using System.Globalization;

namespace Httpx.Internal;

/// <summary>
/// A float as Python's <c>str()</c> and <c>repr()</c> write it, where HTTPX's output depends on them: query parameters
/// and form values (<c>primitive_value_to_str</c>) and the reprs of Timeout and Limits. The shortest digits that read
/// back as the same number; written out when the decimal point falls within 16 places of them (with ".0" on whole
/// numbers), else with an exponent of at least two digits: 1e-05, 1e+16.
/// </summary>
internal static class PythonFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        // .NET gives the same shortest digits, but moves to an exponent at other places (1e16 comes out whole).
        return Render(value.ToString("R", CultureInfo.InvariantCulture));
    }

    public static string Format(float value) =>
        // A single's own shortest digits (0.1, not the 0.10000000149011612 of the double it widens to).
        float.IsFinite(value) ? Render(value.ToString("R", CultureInfo.InvariantCulture)) : Format((double)value);

    // From .NET's round-trip text (fixed or with an exponent) to Python's repr of the same digits.
    private static string Render(string roundTrip)
    {
        var negative = roundTrip.StartsWith('-');
        var text = negative ? roundTrip[1..] : roundTrip;
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var whole = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];

        // The number as 0.DIGITS x 10^decimalPoint, DIGITS without leading or trailing zeros.
        var allDigits = whole + fraction;
        var leadingZeros = allDigits.Length - allDigits.TrimStart('0').Length;
        var digits = allDigits.Trim('0');
        var sign = negative ? "-" : "";
        if (digits.Length == 0) return sign + "0.0";
        var decimalPoint = whole.Length + exponent - leadingZeros;

        string body;
        if (decimalPoint is > -4 and <= 16)
        {
            body = decimalPoint <= 0 ? "0." + new string('0', -decimalPoint) + digits
                : digits.Length <= decimalPoint ? digits + new string('0', decimalPoint - digits.Length) + ".0"
                : digits[..decimalPoint] + "." + digits[decimalPoint..];
        }
        else
        {
            var e = decimalPoint - 1;
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (e < 0 ? "-" : "+") + Math.Abs(e).ToString("00", CultureInfo.InvariantCulture);
        }
        return sign + body;
    }
}
