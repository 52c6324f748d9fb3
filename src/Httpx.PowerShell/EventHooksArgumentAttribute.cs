using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Converts a New-HttpxClient -EventHooks value (HTTPX's <c>event_hooks={'request': [...], 'response': [...]}</c>) as
/// <c>$client.EventHooks = ...</c> converts it (<see cref="ClientSettingConverter.ToSetting"/>): a hashtable of Request
/// and Response, each a scriptblock or a list of them, or an Httpx.EventHooks. Done before PowerShell's own conversion
/// so that a bad key or value is a binding error that ends with the setter's message; PowerShell's conversion (through
/// the ClientSettingConverter registered for the type) wrapped it in 'Cannot convert value "System.Collections.Hashtable"
/// to type "Httpx.EventHooks"'.
/// </summary>
public sealed class EventHooksArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        try
        {
            return ClientSettingConverter.ToSetting(inputData, typeof(EventHooks), "EventHooks");
        }
        catch (ArgumentException refused)
        {
            throw new ArgumentTransformationMetadataException(ErrorRecordFactory.BareMessage(refused), refused);
        }
    }
}
