using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// New-HttpxAuth: an auth flow for -Auth of Invoke-Httpx and New-HttpxClient: Basic, Bearer, Digest, .netrc, or a
/// custom flow written as a scriptblock.
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxAuth", DefaultParameterSetName = BasicSet)]
[OutputType(typeof(Auth))]
public sealed class NewHttpxAuthCommand : PSCmdlet
{
    private const string BasicSet = "Basic";
    private const string BearerSet = "Bearer";
    private const string ScriptBlockSet = "ScriptBlock";

    /// <summary>HTTP Basic authentication (the default parameter set).</summary>
    [Parameter(ParameterSetName = BasicSet)]
    public SwitchParameter Basic { get; set; }

    [Parameter(ParameterSetName = BearerSet, Mandatory = true)]
    public SwitchParameter Bearer { get; set; }

    [Parameter(ParameterSetName = BasicSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter(ParameterSetName = BasicSet)]
    [Alias("User")]
    public string? UserName { get; set; }

    /// <summary>A string or a SecureString.</summary>
    [Parameter(ParameterSetName = BasicSet)]
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
        try
        {
            WriteObject(ParameterSetName switch
            {
                BearerSet => new BearerAuth(SecretText.From(Token, nameof(Token))),
                ScriptBlockSet => new ScriptBlockAuth(ScriptBlock!, ReadResponseBody),
                _ => BasicFromCredentials(),
            });
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, "Httpx.InvalidArgument", ErrorCategory.InvalidArgument, ParameterSetName));
        }
    }

    private Auth BasicFromCredentials()
    {
        var (user, password) = UserAndPassword();
        return new BasicAuth(user, password);
    }

    /// <summary>-Credential, or -UserName with -Password (an empty password when none is given).</summary>
    private (string User, string Password) UserAndPassword()
    {
        if (Credential is not null)
        {
            if (UserName is not null || Password is not null)
                throw new ArgumentException("Give either -Credential or -UserName and -Password, not both.", nameof(Credential));
            var network = Credential.GetNetworkCredential();
            // PSCredential keeps a domain ("DOMAIN\user") apart; HTTP auth wants the name as typed.
            var user = string.IsNullOrEmpty(network.Domain) ? network.UserName : Credential.UserName;
            return (user, network.Password);
        }
        if (UserName is null)
            throw new ArgumentException($"{ParameterSetName} authentication needs -Credential, or -UserName and -Password.", nameof(UserName));
        return (UserName, Password is null ? "" : SecretText.From(Password, nameof(Password)));
    }
}
