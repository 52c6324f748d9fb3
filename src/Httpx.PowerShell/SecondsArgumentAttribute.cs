using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Takes a TimeSpan for a parameter of seconds (-KeepAliveExpiry), as -Timeout takes one (<see cref="HttpxTimeout"/>):
/// its total seconds. PowerShell refused it: 'Cannot convert the "00:00:30" value of type "System.TimeSpan" to type
/// "System.Nullable`1[System.Double]"'. Text is read as -Timeout reads it (<see cref="HttpxTimeout.TryParseSeconds"/>):
/// PowerShell's conversion made '2,5' 25 seconds (a comma is a thousands separator to it) where a German or French user
/// means 2.5, and '' 0. A list of more than one item (1,5 without quotes, a decimal comma to a German or French user)
/// is refused naming it, where PowerShell's conversion said only "Specified method is not supported". Anything else is
/// left to PowerShell's conversion and the parameter's validation.
/// </summary>
public sealed class SecondsArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => PowerShellValues.Unwrap(inputData) switch
    {
        TimeSpan limit => limit.TotalSeconds,
        string text => HttpxTimeout.TryParseSeconds(text, out var seconds) ? seconds
            : throw new ArgumentTransformationMetadataException($"Invalid number of seconds '{text}': give a number{HttpxTimeout.DecimalPointHint(text)}."),
        System.Collections.IEnumerable list when PowerShellValues.IsList(list) && list.Cast<object?>().ToList() is { Count: > 1 } items =>
            throw new ArgumentTransformationMetadataException($"Invalid number of seconds {HttpxTimeout.ListText(items)}: give one number{HttpxTimeout.DecimalCommaListHint(items)}."),
        _ => inputData,
    };
}
