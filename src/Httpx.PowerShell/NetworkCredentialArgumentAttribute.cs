using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Takes a <see cref="System.Net.NetworkCredential"/> for a PSCredential parameter (New-HttpxAuth -Credential), as
/// -Auth takes one: a PSCredential named "DOMAIN\user" (<see cref="BasicAuth.UserNameOf"/>), which Basic and
/// Digest send as given and NTLM and Negotiate split back into user and domain. PowerShell's [Credential] took it for a
/// user name to prompt with and failed with "Cannot process argument transformation ... userName". Declared before
/// [Credential], which then sees a PSCredential; anything else is left to it.
/// </summary>
public sealed class NetworkCredentialArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        PowerShellValues.Unwrap(inputData) is System.Net.NetworkCredential { UserName.Length: > 0 } credential
            ? new PSCredential(BasicAuth.UserNameOf(credential), credential.SecurePassword)
            : inputData;
}
