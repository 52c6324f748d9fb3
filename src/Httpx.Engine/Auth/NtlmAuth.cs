using System.Net;

namespace Httpx;

/// <summary>
/// NTLM authentication (Windows integrated auth with an explicit account), run by the network handler on the request's
/// connection. On Linux and macOS .NET uses GSSAPI for it, which needs an NTLM mechanism (Debian/Ubuntu: the
/// <c>gss-ntlmssp</c> package), unless the process sets the <c>System.Net.Security.UseManagedNtlm</c> switch.
/// </summary>
public sealed class NtlmAuth : HandlerAuth
{
    public NtlmAuth(string username, string password, string? domain = null)
        : base("NTLM", CredentialFrom(username, password, domain, "NTLM")) { }

    public NtlmAuth(NetworkCredential credential)
        : this((credential ?? throw new ArgumentNullException(nameof(credential))).UserName, credential.Password,
            credential.Domain.Length == 0 ? null : credential.Domain) { }

    public string Username => Credential.UserName;

    public string Domain => Credential.Domain;
}
