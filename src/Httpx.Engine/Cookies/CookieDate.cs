namespace Httpx;

/// <summary>
/// RFC 6265 5.1.1: the forgiving date parser for the Expires attribute. It accepts RFC 1123 dates, the obsolete
/// RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994") forms, and the variants
/// servers actually send, by picking a time, a day, a month and a year out of the tokens in any order.
/// </summary>
internal static class CookieDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The date as UTC, or null when the value is not a date (the attribute is then ignored).</summary>
    public static DateTimeOffset? Parse(string value)
    {
        int? hour = null, minute = null, second = null, day = null, month = null, year = null;
        foreach (var token in Tokens(value))
        {
            if (hour is null && TryTime(token, out var h, out var m, out var s)) { hour = h; minute = m; second = s; continue; }
            if (day is null && TryDigits(token, 1, 2, out var d)) { day = d; continue; }
            if (month is null && token.Length >= 3 && Array.IndexOf(Months, token[..3].ToLowerInvariant()) is var mi and >= 0) { month = mi + 1; continue; }
            if (year is null && TryDigits(token, 2, 4, out var y)) year = y;
        }
        if (hour is null || day is null || month is null || year is null) return null;
        if (year is >= 70 and <= 99) year += 1900;
        else if (year is >= 0 and <= 69) year += 2000;
        if (day is < 1 or > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
        if (day > DateTime.DaysInMonth(year.Value, month.Value)) return null;
        return new DateTimeOffset(year.Value, month.Value, day.Value, hour.Value, minute!.Value, second!.Value, TimeSpan.Zero);
    }

    private static bool IsDelimiter(char c) =>
        c == '\t' || (c >= ' ' && c <= '/') || (c >= ';' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');

    private static IEnumerable<string> Tokens(string value)
    {
        var start = -1;
        for (var i = 0; i <= value.Length; i++)
        {
            var delimiter = i == value.Length || IsDelimiter(value[i]);
            if (!delimiter && start < 0) start = i;
            else if (delimiter && start >= 0)
            {
                yield return value[start..i];
                start = -1;
            }
        }
    }

    // n*m DIGIT, optionally followed by a non-digit and anything.
    private static bool TryDigits(string token, int min, int max, out int number)
    {
        number = 0;
        var i = 0;
        while (i < token.Length && char.IsAsciiDigit(token[i])) number = number * 10 + (token[i++] - '0');
        return i >= min && i <= max;
    }

    // 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, optionally followed by a non-digit and anything.
    private static bool TryTime(string token, out int hour, out int minute, out int second)
    {
        hour = minute = second = 0;
        var parts = token.Split(':', 3);
        return parts.Length == 3 &&
               parts[0].Length is 1 or 2 && parts[0].All(char.IsAsciiDigit) && int.TryParse(parts[0], out hour) &&
               parts[1].Length is 1 or 2 && parts[1].All(char.IsAsciiDigit) && int.TryParse(parts[1], out minute) &&
               TryDigits(parts[2], 1, 2, out second);
    }
}
