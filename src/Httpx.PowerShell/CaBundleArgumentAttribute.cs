using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.PowerShell;

/// <summary>
/// -Verify takes the path of a CA file or folder. HTTPX's verify=False written the PowerShell way (-Verify:$false,
/// -Verify $true) was taken as a file named 'False' or 'True' in the current folder, and the engine's error then said
/// that verify takes true or false: refused here, saying what to give instead; so is a certificate object. Anything
/// else is left to PowerShell's conversion to a path.
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
        // A certificate object (Get-PfxCertificate, Cert:\ items) became its multi-line ToString() as a path, and the
        // error quoted all of it as "there is no drive '[Subject] ...'".
        X509Certificate certificate => throw CertificateRefusal($"a certificate ('{certificate.Subject}')"),
        X509Certificate2Collection => throw CertificateRefusal("a certificate collection"),
        _ => inputData,
    };

    private static ArgumentTransformationMetadataException CertificateRefusal(string what) => new(
        $"-Verify takes the path of a CA file or folder, not {what}: write the CA certificate to a PEM file ($certificate.ExportCertificatePem()) and give its path.");

    private ArgumentTransformationMetadataException Refusal(bool value) => new(
        $"-Verify takes the path of a CA file or folder, not ${(value ? "true" : "false")}: verification is on by default; give -NoVerify{(NoVerifyOf is null ? "" : " to " + NoVerifyOf)} to switch it off.");
}
