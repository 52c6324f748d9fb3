using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// New-HttpxAuth: an auth flow for -Auth of Invoke-Httpx and New-HttpxClient: Basic, Bearer, Digest, .netrc, NTLM,
/// Negotiate, or a custom flow written as a scriptblock.
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxAuth", DefaultParameterSetName = BasicSet)]
[OutputType(typeof(Auth))]
public sealed class NewHttpxAuthCommand : PSCmdlet
{
    private const string BasicSet = "Basic";
    private const string BearerSet = "Bearer";
    private const string DigestSet = "Digest";
    private const string NetRCSet = "NetRC";
    private const string NtlmSet = "Ntlm";
    private const string NegotiateSet = "Negotiate";
    private const string ScriptBlockSet = "ScriptBlock";

    /// <summary>HTTP Basic authentication (the default parameter set).</summary>
    [Parameter(ParameterSetName = BasicSet)]
    public SwitchParameter Basic { get; set; }

    [Parameter(ParameterSetName = BearerSet, Mandatory = true)]
    public SwitchParameter Bearer { get; set; }

    /// <summary>HTTP Digest authentication (RFC 7616): answers the server's 401 challenge.</summary>
    [Parameter(ParameterSetName = DigestSet, Mandatory = true)]
    public SwitchParameter Digest { get; set; }

    /// <summary>Credentials from a .netrc file, by host.</summary>
    [Parameter(ParameterSetName = NetRCSet, Mandatory = true)]
    public SwitchParameter NetRC { get; set; }

    /// <summary>NTLM, run by the network handler on the request's connection (Linux and macOS: through GSSAPI, gss-ntlmssp).</summary>
    [Parameter(ParameterSetName = NtlmSet, Mandatory = true)]
    public SwitchParameter Ntlm { get; set; }

    /// <summary>Negotiate (SPNEGO: Kerberos, else NTLM); without an account, the current user's default credentials.</summary>
    [Parameter(ParameterSetName = NegotiateSet, Mandatory = true)]
    public SwitchParameter Negotiate { get; set; }

    /// <summary>The account's domain for NTLM and Negotiate (also taken from a "DOMAIN\user" -Credential).</summary>
    [Parameter(ParameterSetName = NtlmSet)]
    [Parameter(ParameterSetName = NegotiateSet)]
    [ValidateNotNullOrEmpty]
    public string? Domain { get; set; }

    /// <summary>The .netrc file (default: $env:NETRC, else ~/.netrc, and ~/_netrc on Windows).</summary>
    [Parameter(ParameterSetName = NetRCSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = BasicSet)]
    [Parameter(ParameterSetName = DigestSet)]
    [Parameter(ParameterSetName = NtlmSet)]
    [Parameter(ParameterSetName = NegotiateSet)]
    [NetworkCredentialArgument]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter(ParameterSetName = BasicSet)]
    [Parameter(ParameterSetName = DigestSet)]
    [Parameter(ParameterSetName = NtlmSet)]
    [Parameter(ParameterSetName = NegotiateSet)]
    [Alias("User")]
    public string? UserName { get; set; }

    /// <summary>A string or a SecureString.</summary>
    [Parameter(ParameterSetName = BasicSet)]
    [Parameter(ParameterSetName = DigestSet)]
    [Parameter(ParameterSetName = NtlmSet)]
    [Parameter(ParameterSetName = NegotiateSet)]
    public object? Password { get; set; }

    /// <summary>A string or a SecureString.</summary>
    [Parameter(ParameterSetName = BearerSet, Mandatory = true)]
    public object? Token { get; set; }

    /// <summary>A custom flow: <c>param($Request, $Response)</c>; see <see cref="ScriptBlockAuth"/>.</summary>
    [Parameter(ParameterSetName = ScriptBlockSet, Mandatory = true, Position = 0)]
    public ScriptBlock? ScriptBlock { get; set; }

    /// <summary>Read each response body before the scriptblock sees it, so that it can use $Response.Text or .Json().</summary>
    [Parameter(ParameterSetName = ScriptBlockSet)]
    public SwitchParameter ReadResponseBody { get; set; }

    protected override void ProcessRecord()
    {
        // PowerShell's "no credential" (a function's [pscredential] parameter left at its default and passed on).
        if (Credential is not null && PowerShellValues.IsNoCredential(Credential)) Credential = null;
        string? netrc = null;
        try
        {
            WriteObject(ParameterSetName switch
            {
                BearerSet => new BearerAuth(SecretText.From(Token, nameof(Token))),
                DigestSet => DigestFromCredentials(),
                NetRCSet => new NetRCAuth(netrc = NetRCPath()),
                NtlmSet => new NtlmAuth(WindowsAccount()),
                // No account given: the current user's (a Kerberos ticket, the logon session).
                NegotiateSet => Credential is null && UserName is null && Password is null && Domain is null
                    ? new NegotiateAuth()
                    : new NegotiateAuth(WindowsAccount()),
                ScriptBlockSet => new ScriptBlockAuth(ScriptBlock!, ReadResponseBody),
                _ => BasicFromCredentials(),
            });
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // A .netrc that cannot be read, is missing, is readable by others or is malformed (its line named) is named
            // by the engine's message; the file given is the target (the path as given, when it is not in the file system).
            var target = ParameterSetName == NetRCSet && (netrc ?? Path) is { } file ? file : ParameterSetName;
            ThrowTerminatingError(ErrorRecordFactory.InvalidArgument(e, target, e switch
            {
                ArgumentException => ErrorCategory.InvalidArgument,
                FormatException => ErrorCategory.InvalidData,
                FileNotFoundException => ErrorCategory.ObjectNotFound,
                System.Security.SecurityException => ErrorCategory.SecurityError,
                _ => ErrorCategory.ReadError,
            }));
        }
    }

    /// <summary>
    /// The .netrc file to read, as a file-system path (relative to the current location, ~ resolved): -Path, else
    /// $env:NETRC; null for the user's own ~/.netrc, which the engine finds. A path of another provider (variable:n) is
    /// refused: the process's folder's file 'n' was read. $env:NETRC was left to the engine, which took a relative one
    /// from the process's working folder rather than the location Set-Location chose ("The .netrc file 'ci.netrc' does
    /// not exist" for a file Test-Path finds), and '~/ci.netrc' as a folder named '~'.
    /// </summary>
    private string? NetRCPath() =>
        Path is not null ? FilePaths.InFileSystem(SessionState.Path, Path, nameof(Path))
        : Environment.GetEnvironmentVariable("NETRC") is { Length: > 0 } named ? FilePaths.InFileSystem(SessionState.Path, named, "NETRC", "$env:NETRC")
        : null;

    private Auth BasicFromCredentials()
    {
        var (user, password) = UserAndPassword();
        return new BasicAuth(user, password);
    }

    private Auth DigestFromCredentials()
    {
        var (user, password) = UserAndPassword();
        return new DigestAuth(user, password);
    }

    /// <summary>
    /// The account for NTLM and Negotiate: as <see cref="Account"/>, with -Domain when given ("DOMAIN\user" in a
    /// -Credential keeps its domain apart already).
    /// </summary>
    private System.Net.NetworkCredential WindowsAccount()
    {
        var account = Account();
        if (Domain is not null)
        {
            if (account.Domain.Length > 0 && !string.Equals(account.Domain, Domain, StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"-Credential names the domain '{account.Domain}' and -Domain '{Domain}': give one.", nameof(Domain));
            account.Domain = Domain;
        }
        return account;
    }

    /// <summary>The user name as typed and the password, for Basic and Digest.</summary>
    private (string User, string Password) UserAndPassword()
    {
        var account = Account();
        // PSCredential keeps a domain ("DOMAIN\user") apart; HTTP auth wants the name as typed.
        var user = account.Domain.Length == 0 ? account.UserName : Credential!.UserName;
        return (user, account.Password);
    }

    /// <summary>-Credential, or -UserName with -Password (an empty password when none is given).</summary>
    private System.Net.NetworkCredential Account()
    {
        if (Credential is not null)
        {
            if (UserName is not null || Password is not null)
                throw new ArgumentException("Give either -Credential or -UserName and -Password, not both.", nameof(Credential));
            return PowerShellValues.AccountOf(Credential);
        }
        if (UserName is null)
            throw new ArgumentException($"{ParameterSetName} authentication needs -Credential, or -UserName and -Password.", nameof(UserName));
        return new System.Net.NetworkCredential(UserName, Password is null ? "" : SecretText.From(Password, nameof(Password)));
    }
}
