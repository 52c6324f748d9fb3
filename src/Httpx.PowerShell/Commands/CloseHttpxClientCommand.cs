using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// Closes clients from New-HttpxClient: their connections are closed; later use raises an error. A client made with
/// -CookieFile first saves its cookie jar to that file (curl's cookies.txt format, readable by its owner only).
/// -WhatIf and -Confirm as for other commands that end something of the session (Remove-PSSession, Stop-Job): closing
/// cannot be undone and may write a file. Medium impact, their default: no prompt unless $ConfirmPreference asks.
/// </summary>
[Cmdlet(VerbsCommon.Close, "HttpxClient", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class CloseHttpxClientCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public Client[] Client { get; set; } = Array.Empty<Client>();

    protected override void ProcessRecord()
    {
        foreach (var client in Client)
        {
            if (!ShouldProcess(Described(client), Action(client))) continue;
            SaveCookies(client);
            client.Dispose();
        }
    }

    /// <summary>The client as -WhatIf and -Confirm name it: by its base URL (password redacted), if it has one.</summary>
    private static string Described(Client client) =>
        client.BaseUrl is null ? "Httpx client" : $"Httpx client of {client.BaseUrl.ToRedactedString()}";

    private static string Action(Client client) =>
        ModuleState.CookieFiles.TryGetValue(client, out var path) ? $"Close (saving its cookies to '{path}')" : "Close";

    /// <summary>Writes the jar to the client's -CookieFile; a failure is an error for that client, which is closed all the same.</summary>
    private void SaveCookies(Client client)
    {
        if (!ModuleState.CookieFiles.TryGetValue(client, out var path)) return;
        try
        {
            client.Cookies.Save(path);
            // Saved once: closing again does not overwrite the file with a jar that can no longer change.
            ModuleState.CookieFiles.Remove(client);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var failure = new IOException($"The cookies could not be saved to the -CookieFile '{path}': {e.Message}", e);
            WriteError(ErrorRecordFactory.Create(failure, path));
        }
    }
}
