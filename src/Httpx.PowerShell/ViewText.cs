using System.Globalization;

namespace Httpx.PowerShell;

/// <summary>
/// Numbers as the table views (Httpx.Format.ps1xml) show them where their columns are narrow: one place for the response
/// table and the download table. In the current culture, as PowerShell shows numbers; the properties keep the numbers.
/// </summary>
public static class ViewText
{
    /// <summary>
    /// Milliseconds with one decimal on every row, so that the digits line up ("12" stood under "202.7"), and none from
    /// 100 s on, which keeps 7 characters up to 2.7 hours: 1234567.8 (a 20-minute download) was cut to "…4567.8".
    /// </summary>
    public static string? Milliseconds(double? milliseconds) =>
        milliseconds?.ToString(milliseconds < 100_000 ? "0.0" : "0", CultureInfo.CurrentCulture);

    /// <summary>
    /// A length in bytes, the number itself while it is under <paramref name="from"/> (what its column's digits hold),
    /// else in MB, GB or TB as PowerShell counts them (1MB), with one decimal: cut from the left, a 4.7 GB image's
    /// 4700000000 read "…0000000".
    /// </summary>
    public static object? Bytes(long? length, long from) => length switch
    {
        null => null,
        var n when n < from => n,
        var n when n < 999.95 * Mega => Scaled(n.Value, Mega, "MB"),
        var n when n < 999.95 * Giga => Scaled(n.Value, Giga, "GB"),
        var n => Scaled(n.Value, Tera, "TB"),
    };

    private const double Mega = 1L << 20, Giga = 1L << 30, Tera = 1L << 40;

    private static string Scaled(long length, double unit, string name) => (length / unit).ToString("0.0", CultureInfo.CurrentCulture) + " " + name;
}
