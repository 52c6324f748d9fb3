using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Takes a TimeSpan for a parameter of seconds (-KeepAliveExpiry), as -Timeout takes one (<see cref="HttpxTimeout"/>):
/// its total seconds. PowerShell refused it: 'Cannot convert the "00:00:30" value of type "System.TimeSpan" to type
/// "System.Nullable`1[System.Double]"'. Anything else is left to PowerShell's conversion and the parameter's validation.
/// </summary>
public sealed class SecondsArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        PowerShellValues.Unwrap(inputData) is TimeSpan limit ? limit.TotalSeconds : inputData;
}
