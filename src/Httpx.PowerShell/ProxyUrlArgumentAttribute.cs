using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// For the -Proxy parameters that take one proxy URL: a hashtable given there (the routes of New-HttpxClient -Proxy or
/// Set-HttpxProxy -Routes) is refused naming where routes go. Left to PowerShell's conversion to string, it became the
/// proxy URL 'System.Collections.Hashtable', refused for having no scheme.
/// </summary>
public sealed class ProxyUrlArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        PowerShellValues.Unwrap(inputData) is IDictionary
            ? throw new ArgumentTransformationMetadataException(
                "-Proxy here takes one proxy URL, not a hashtable. Routes by URL pattern go to New-HttpxClient -Proxy @{ ... } or Set-HttpxProxy -Routes @{ ... }.")
            : inputData;
}
