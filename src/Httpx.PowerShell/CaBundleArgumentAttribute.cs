using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// -Verify takes the path of a CA file or folder. HTTPX's verify=False written the PowerShell way (-Verify:$false,
/// -Verify $true) was taken as a file named 'False' or 'True' in the current folder, and the engine's error then said
/// that verify takes true or false: refused here, saying what to give instead. Anything else is left to PowerShell's
/// conversion to a path.
/// </summary>
public sealed class CaBundleArgumentAttribute : ArgumentTransformationAttribute
{
    /// <summary>
    /// The cmdlet whose -NoVerify the refusal names, where the parameter is shared with one that has none:
    /// New-HttpxRequest has Invoke-Httpx's -Verify (their base class) but refuses -NoVerify, a setting of the sending.
    /// Null: the cmdlet's own -NoVerify.
    /// </summary>
    public string? NoVerifyOf { get; set; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => PowerShellValues.Unwrap(inputData) switch
    {
        bool value => throw Refusal(value),
        SwitchParameter value => throw Refusal(value.IsPresent),
        _ => inputData,
    };

    private ArgumentTransformationMetadataException Refusal(bool value) => new(
        $"-Verify takes the path of a CA file or folder, not ${(value ? "true" : "false")}: verification is on by default; give -NoVerify{(NoVerifyOf is null ? "" : " to " + NoVerifyOf)} to switch it off.");
}
