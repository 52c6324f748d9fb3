using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Httpx.PowerShell.Tests.Hosting;

/// <summary>
/// The console of <see cref="TextHost"/>: writes go to a string without their colour escapes, as pwsh's own console
/// drops them when its output is redirected ($PSStyle.OutputRendering PlainText is applied by the host, not the
/// formatter); nothing can be read or prompted for.
/// </summary>
internal sealed partial class TextHostUserInterface(int width, Action<ProgressRecord>? drawProgress = null) : PSHostUserInterface
{
    private readonly StringBuilder _text = new();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex ColourEscape();

    public string Text => _text.ToString();

    public override PSHostRawUserInterface RawUI { get; } = new TextHostRawUserInterface(width);

    public override void Write(string value) => _text.Append(ColourEscape().Replace(value, ""));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) => Write(value + "\n");
    public override void WriteErrorLine(string value) => WriteLine(value);
    public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);
    public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);
    public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);
    public override void WriteProgress(long sourceId, ProgressRecord record) => drawProgress?.Invoke(record);

    public override string ReadLine() => throw new NotSupportedException("The test host cannot read input.");
    public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The test host cannot read input.");
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
        throw new NotSupportedException("The test host cannot prompt.");
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw new NotSupportedException("The test host cannot prompt.");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw new NotSupportedException("The test host cannot prompt.");
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
        throw new NotSupportedException("The test host cannot prompt.");
}
