using System.Globalization;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// ValidateRange for a pool limit that also takes $null, HTTPX's <c>None</c>: no limit for -MaxConnections and
/// -MaxKeepAliveConnections (<c>Limits(max_connections=None)</c>), no expiry for -KeepAliveExpiry. ValidateRange
/// refuses $null ("The argument is null, empty, ...") and cannot be extended, so a limit could not be turned off.
/// </summary>
public sealed class ValidatePoolLimitAttribute : ValidateArgumentsAttribute
{
    private readonly double _minimum;
    private readonly string _nullMeans;

    public ValidatePoolLimitAttribute(double minimum, string nullMeans)
    {
        _minimum = minimum;
        _nullMeans = nullMeans;
    }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (PowerShellValues.Unwrap(arguments) is not { } value) return;
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (double.IsNaN(number) || number < _minimum)
            throw new ValidationMetadataException(string.Format(CultureInfo.InvariantCulture,
                "{0} is not a limit: give {1} or more, or $null for {2}.", value, _minimum, _nullMeans));
    }
}
