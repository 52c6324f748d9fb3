using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Takes a <see cref="System.Net.NetworkCredential"/> for a PSCredential parameter (New-HttpxAuth -Credential), as
/// -Auth takes one: a PSCredential named "DOMAIN\user" (<see cref="BasicAuth.UserNameOf"/>), which Basic and
/// Digest send as given and NTLM and Negotiate split back into user and domain. PowerShell's [Credential] took it for a
/// user name to prompt with and failed with "Cannot process argument transformation ... userName". Declared before
/// [Credential], which then sees a PSCredential; anything else is left to it. One without a user name
/// ([Net.CredentialCache]::DefaultNetworkCredentials, the logon account) is [pscredential]::Empty, "no credential":
/// a PSCredential cannot be made without a name, and [Credential] would prompt for one named after the type.
/// </summary>
public sealed class NetworkCredentialArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        PowerShellValues.Unwrap(inputData) is System.Net.NetworkCredential credential
            ? string.IsNullOrEmpty(credential.UserName)
                ? PSCredential.Empty
                : new PSCredential(BasicAuth.UserNameOf(credential), credential.SecurePassword)
            : inputData;
}
