using System.Net;

namespace Httpx;

/// <summary>
/// Negotiate (SPNEGO) authentication, run by the network handler on the request's connection: Kerberos when a ticket
/// for the server can be had, else NTLM. Without an account it uses the current user's default credentials (the
/// Kerberos ticket cache on Linux/macOS, the logon session on Windows).
/// </summary>
public sealed class NegotiateAuth : HandlerAuth
{
    /// <summary>The current user's default credentials (<see cref="CredentialCache.DefaultNetworkCredentials"/>).</summary>
    public NegotiateAuth() : base("Negotiate", CredentialCache.DefaultNetworkCredentials) { }

    public NegotiateAuth(string username, string password, string? domain = null)
        : base("Negotiate", CredentialFrom(username, password, domain, "Negotiate")) { }

    /// <summary>An account, or <see cref="CredentialCache.DefaultNetworkCredentials"/> for the current user's.</summary>
    public NegotiateAuth(NetworkCredential credential)
        : base("Negotiate", (credential ?? throw new ArgumentNullException(nameof(credential))) == CredentialCache.DefaultNetworkCredentials
            ? credential
            : CredentialFrom(credential.UserName, credential.Password, credential.Domain.Length == 0 ? null : credential.Domain, "Negotiate")) { }

    public bool UsesDefaultCredentials => Credential == CredentialCache.DefaultNetworkCredentials;

    public string Username => Credential.UserName;

    public string Domain => Credential.Domain;
}
