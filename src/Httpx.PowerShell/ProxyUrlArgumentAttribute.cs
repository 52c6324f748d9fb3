using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// For the -Proxy parameters that take one proxy URL: a hashtable given there (the routes of New-HttpxClient -Proxy or
/// Set-HttpxProxy -Routes) is refused naming where routes go, and an Httpx.Proxy object naming where it goes. Left to
/// PowerShell's conversion to string, the one became the proxy URL 'System.Collections.Hashtable', the other its
/// "Proxy('http://...', headers=[...])" text, each refused for having no scheme.
/// </summary>
public sealed class ProxyUrlArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => PowerShellValues.Unwrap(inputData) switch
    {
        IDictionary => throw new ArgumentTransformationMetadataException(
            "-Proxy here takes one proxy URL, not a hashtable. Routes by URL pattern go to New-HttpxClient -Proxy @{ ... } or Set-HttpxProxy -Routes @{ ... }."),
        Proxy proxy => throw new ArgumentTransformationMetadataException(
            $"-Proxy here takes one proxy URL, not an Httpx.Proxy object ({proxy.Display}): give its URL, credentials in it, or give the object to New-HttpxClient -Proxy, which sends its headers too."),
        // An Httpx.Url's text masks its password: PowerShell's conversion to the string parameter sent '[secure]' to the proxy.
        Url url => url.ToUnredactedString(),
        _ => inputData,
    };
}
