using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Converts a -Timeout value to <see cref="HttpxTimeout"/> before PowerShell's own conversion does, so that a value
/// HttpxTimeout refuses (a misspelt key, a negative number, text that is no number) is a binding error that ends with
/// its message. PowerShell's conversion reported it as 'Cannot convert value "System.Collections.Hashtable" to type
/// "Httpx.PowerShell.HttpxTimeout"', with .NET's " (Parameter 'Timeout')" after ours. Any other value is left for
/// PowerShell to convert (or refuse) as before.
/// </summary>
public sealed class HttpxTimeoutArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = PowerShellValues.Unwrap(inputData);
        if (value is null or HttpxTimeout) return inputData;
        try
        {
            // A list: its one item, as PowerShell binds @(5) to a number; more are refused naming them (HttpxTimeout.Of).
            return HttpxTimeout.Of(inputData);
        }
        catch (ArgumentException refused)
        {
            throw new ArgumentTransformationMetadataException(ErrorRecordFactory.BareMessage(refused), refused);
        }
        catch (PSInvalidCastException e) when (Refusal(e) is { } refused)
        {
            throw new ArgumentTransformationMetadataException(ErrorRecordFactory.BareMessage(refused), refused);
        }
        catch (PSInvalidCastException)
        {
            // Not a form HttpxTimeout takes: PowerShell's own error names the value and the type. A one-item list's item,
            // as it is bound: given back whole, the list was refused as 'Specified method is not supported', naming nothing.
            return HttpxTimeout.OneItem(inputData);
        }
    }

    // HttpxTimeout's ArgumentException, under PowerShell's cast exception (and a constructor's TargetInvocationException).
    private static ArgumentException? Refusal(Exception e)
    {
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is ArgumentException argument) return argument;
        return null;
    }
}
