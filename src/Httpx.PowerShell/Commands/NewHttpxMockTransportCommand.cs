using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Httpx.PowerShell.Commands;

/// <summary>
/// New-HttpxMockTransport: a transport that answers every request with a scriptblock <c>param($Request)</c> instead of
/// the network (HTTPX's <c>httpx.MockTransport(handler)</c>), so that scripts can be tested offline ($_ is the request
/// too). The scriptblock returns a response (New-HttpxResponse) or a hashtable with New-HttpxResponse's parameter names; it runs on the
/// pipeline thread of the cmdlet that sends the request. Throwing an Httpx exception (e.g. [Httpx.ConnectException])
/// simulates that network failure.
/// </summary>
[Cmdlet(VerbsCommon.New, "HttpxMockTransport")]
[OutputType(typeof(MockTransport))]
public sealed class NewHttpxMockTransportCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public ScriptBlock? ScriptBlock { get; set; }

    protected override void ProcessRecord()
    {
        var handler = ScriptBlock!;
        var home = UserScriptBlock.Home;
        // `throw [Httpx.ConnectTimeoutException]::new(...)` in the handler surfaces as the engine exception itself.
        // The request is $_ as well as the first argument, as in -OnRequest: `{ if ($_.Url.Path -eq '/a') ... }` works.
        WriteObject(new MockTransport((request, _) =>
            UserScriptBlock.RunForRequestAsync(handler, home, request, new object?[] { request }, output => Answer(output, request))));
    }

    private static Response Answer(Collection<PSObject> output, Request request)
    {
        // Stray output (a method's return value, say) is common in PowerShell: only responses and hashtables count.
        var answers = output.Select(o => o?.BaseObject).Where(o => o is Response or IDictionary).ToList();
        return answers.Count switch
        {
            1 => answers[0] as Response ?? FromHashtable((IDictionary)answers[0]!, request),
            0 => throw UserScriptBlock.WrongOutput(new InvalidOperationException(
                $"The mock transport's scriptblock returned no response for {request} ({Described(output)}): return New-HttpxResponse ... or @{{ StatusCode = ...; Json = ... }}.")),
            _ => throw UserScriptBlock.WrongOutput(new InvalidOperationException(
                $"The mock transport's scriptblock returned {answers.Count} responses for {request}: return exactly one.")),
        };
    }

    /// <summary>
    /// What the block output instead of a response, by type ("it output a String"): a [pscustomobject] with response
    /// keys or a stray string is then plain to see, where "no response" alone suggests the block never ran.
    /// </summary>
    private static string Described(IEnumerable<PSObject?> output)
    {
        var types = output.Where(o => o is not null)
            .Select(o => o!.BaseObject is PSCustomObject ? "PSCustomObject" : o.BaseObject.GetType().Name)
            .Distinct().ToList();
        return types.Count == 0 ? "it output nothing" : $"it output {string.Join(", ", types.Select(t => ("AEIOU".Contains(t[0]) ? "an " : "a ") + t))}";
    }

    // A hashtable the block returned that is no response (an unknown key...) is the block's output at fault too.
    private static Response FromHashtable(IDictionary answer, Request request)
    {
        try
        {
            return ResponseBuilder.FromHashtable(answer, request);
        }
        catch (ArgumentException e)
        {
            throw UserScriptBlock.WrongOutput(e);
        }
    }
}
