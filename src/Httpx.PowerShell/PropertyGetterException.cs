using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// The failure of a property getter or code method of the module's type data (Httpx.Types.ps1xml) that the user must
/// see, with the module's record. PowerShell turns any exception a property raises into <c>$null</c> when the property
/// is read in a script, even under Set-StrictMode, except a <see cref="MethodException"/> (its member binder rethrows only that, PropertyNotFound and
/// the debugger's stop): <c>$response.Text</c> of an unread body read as <c>$null</c> where HTTPX raises ResponseNotRead.
/// Its record is the module's record of the cause (Httpx.ResponseNotRead...), which is also what a hook or auth flow
/// rethrows (UserScriptBlock takes the engine exception from it).
/// </summary>
internal sealed class PropertyGetterException : MethodException
{
    private readonly ErrorRecord _record;

    public PropertyGetterException(Exception cause, object? target) : base(cause.Message, cause) =>
        _record = ErrorRecordFactory.Create(cause, target);

    public override ErrorRecord ErrorRecord => _record;

    /// <summary>The engine's getter, its failure raised as this exception (the record's target: <paramref name="target"/>).</summary>
    public static T Read<T>(Func<T> getter, object? target)
    {
        try { return getter(); }
        catch (Exception e) { throw new PropertyGetterException(e, target); }
    }
}
