using System.Globalization;
using System.Management.Automation.Host;

namespace Httpx.PowerShell.Tests.Hosting;

/// <summary>
/// A host whose console is a string: what Out-Host writes, with the module's format views applied as a user's console
/// shows them, at a chosen width. The test runspace has no Format-* or Out-String cmdlets; Out-Host is in the engine.
/// <paramref name="drawProgress"/>, when given, is called for each progress bar drawn, on the thread that writes it
/// (a test can block it there, as a slow console does).
/// </summary>
internal sealed class TextHost(int width, Action<System.Management.Automation.ProgressRecord>? drawProgress = null) : PSHost
{
    private readonly TextHostUserInterface _ui = new(width, drawProgress);

    /// <summary>Everything written to the console so far.</summary>
    public string Text => _ui.Text;

    public override string Name => "Httpx.Tests.TextHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}
