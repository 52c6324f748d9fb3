using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Takes a <see cref="System.Net.NetworkCredential"/> for a PSCredential parameter (New-HttpxAuth -Credential), as
/// -Auth takes one: a PSCredential named "DOMAIN\user" (<see cref="BasicAuth.UserNameOf"/>), which Basic and
/// Digest send as given and NTLM and Negotiate split back into user and domain. PowerShell's [Credential] took it for a
/// user name to prompt with and failed with "Cannot process argument transformation ... userName". Declared before
/// [Credential], which then sees a PSCredential; anything else is left to it. The rule is -Auth's (the engine's
/// Auth.From): one with neither a user name nor a password ([Net.CredentialCache]::DefaultNetworkCredentials, the logon
/// account) is [pscredential]::Empty, "no credential" ([Credential] would prompt for one named after the type); one
/// with a password only is a PSCredential without a user name, Basic ':password' (an API token).
/// </summary>
public sealed class NetworkCredentialArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (PowerShellValues.Unwrap(inputData) is not System.Net.NetworkCredential credential) return inputData;
        if (string.IsNullOrEmpty(credential.UserName) && string.IsNullOrEmpty(credential.Password)) return PSCredential.Empty;
        var name = BasicAuth.UserNameOf(credential);
        // PSCredential's (name, password) constructor refuses an empty name; the one PowerShell deserializes with does not.
        return name.Length == 0 ? WithoutUserName(credential.SecurePassword) : new PSCredential(name, credential.SecurePassword);
    }

    private static PSCredential WithoutUserName(System.Security.SecureString password)
    {
        var fields = new PSObject();
        fields.Properties.Add(new PSNoteProperty("UserName", null));
        fields.Properties.Add(new PSNoteProperty("Password", password));
        return new PSCredential(fields);
    }
}
