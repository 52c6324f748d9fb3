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
        // A list: one item is that item, as PowerShell binds @(5) to a number; more are HTTPX's (connect, read, write,
        // pool) tuple or a guess at one, which PowerShell refused as 'Specified method is not supported'.
        if (PowerShellValues.IsList(value))
        {
            var items = ((System.Collections.IEnumerable)value!).Cast<object?>().ToList();
            if (items.Count == 1) return Transform(engineIntrinsics, items[0]);
            // $null written as PowerShell writes it: its empty text made "-Timeout $null, 5" read "Invalid timeout , 5".
            var given = items.Count == 0 ? "@()" : string.Join(", ", items.Select(i => PowerShellValues.Unwrap(i) is null ? "$null" : LanguagePrimitives.ConvertTo<string>(i)));
            throw new ArgumentTransformationMetadataException(
                $"Invalid timeout {given}: give one number of seconds for all four limits, or a hashtable for separate ones, such as @{{ Connect = 5; Read = 30 }} (HTTPX's (connect, read, write, pool) tuple is @{{ Connect = ..; Read = ..; Write = ..; Pool = .. }}).");
        }
        try
        {
            // A PSCustomObject as a hashtable (as a client's Timeout setter takes it): a misspelt property is named.
            return PowerShellValues.Unwrap(inputData) is PSObject custom
                ? HttpxTimeout.OfProperties(custom)
                : LanguagePrimitives.ConvertTo<HttpxTimeout>(inputData);
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
            return inputData; // not a form HttpxTimeout takes: PowerShell's own error names the value and the type
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
