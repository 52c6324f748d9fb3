using System.Management.Automation;
using System.Reflection;

namespace Httpx.PowerShell.Tests;

/// <summary>
/// <c>Select-First -Count N</c>: passes N items on, then stops the commands upstream exactly as
/// <c>Select-Object -First N</c> does (PowerShell's StopUpstreamCommandsException, which only its own cmdlets can
/// make: built here by reflection). Select-Object lives in Microsoft.PowerShell.Utility, which the test runspace lacks.
/// </summary>
[Cmdlet(VerbsCommon.Select, "First")]
public sealed class SelectFirstCommand : PSCmdlet
{
    private static readonly Type StopUpstream =
        typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.StopUpstreamCommandsException", throwOnError: true)!;

    private int _seen;

    [Parameter(Mandatory = true, Position = 0)]
    public int Count { get; set; }

    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        WriteObject(InputObject);
        if (++_seen < Count) return;
        throw (Exception)Activator.CreateInstance(StopUpstream, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
            binder: null, args: new object[] { this }, culture: null)!;
    }
}
