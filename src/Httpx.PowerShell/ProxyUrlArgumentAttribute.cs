using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// For the -Proxy parameters that take one proxy URL: a hashtable given there (the routes of New-HttpxClient -Proxy or
/// Set-HttpxProxy -Routes) is refused naming where routes go, an Httpx.Proxy object naming where it goes, and a .NET
/// IWebProxy (System.Net.WebProxy) saying to give its address. Left to PowerShell's conversion to string, the first became
/// the proxy URL 'System.Collections.Hashtable', the second its "Proxy('http://...', headers=[...])" text, the third its
/// type name, each refused for having no scheme.
/// </summary>
public sealed class ProxyUrlArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => PowerShellValues.Unwrap(inputData) switch
    {
        IDictionary => throw new ArgumentTransformationMetadataException(
            "-Proxy here takes one proxy URL, not a hashtable. Routes by URL pattern go to New-HttpxClient -Proxy @{ ... } or Set-HttpxProxy -Routes @{ ... }."),
        Proxy proxy => throw new ArgumentTransformationMetadataException(
            $"-Proxy here takes one proxy URL, not an Httpx.Proxy object ({proxy.Display}): give its URL, credentials in it, or give the object to New-HttpxClient -Proxy, which sends its headers too."),
        // A System.Net.WebProxy, as scripts made for WebClient or WebRequest.DefaultWebProxy build one, became the proxy
        // URL 'System.Net.WebProxy', refused for having no scheme: an error about a URL the user never wrote.
        System.Net.IWebProxy web => throw new ArgumentTransformationMetadataException(
            $"-Proxy here takes one proxy URL, not a {web.GetType().FullName}: give " +
            (web is System.Net.WebProxy { Address: { } address } ? $"its address ('{RedactedUrl.Of(address.OriginalString)}')" : "the proxy's URL") +
            ", with any credentials in it (http://user:password@host:port)."),
        // An Httpx.Url's text masks its password: PowerShell's conversion to the string parameter sent '[secure]' to the proxy.
        Url url => url.ToUnredactedString(),
        _ => inputData,
    };
}
