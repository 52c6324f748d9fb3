using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>Closes clients from New-HttpxClient: their connections are closed; later use raises an error.</summary>
[Cmdlet(VerbsCommon.Close, "HttpxClient")]
public sealed class CloseHttpxClientCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Client[] Client { get; set; } = Array.Empty<Client>();

    protected override void ProcessRecord()
    {
        foreach (var client in Client) client.Dispose();
    }
}
