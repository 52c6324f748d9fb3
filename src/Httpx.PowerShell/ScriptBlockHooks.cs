using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// -OnRequest/-OnResponse scriptblocks as engine event hooks. They run on the pipeline thread of the command that
/// sends the request (through <see cref="PipelineDispatcher"/>), with the request or response as <c>$_</c> and as
/// the first argument. A hook that throws fails the request.
/// </summary>
public static class ScriptBlockHooks
{
    public static EventHooks Create(ScriptBlock[]? onRequest, ScriptBlock[]? onResponse)
    {
        var hooks = new EventHooks();
        foreach (var block in onRequest ?? Array.Empty<ScriptBlock>())
            hooks.OnRequest((request, _) => Invoke(block, request));
        foreach (var block in onResponse ?? Array.Empty<ScriptBlock>())
            hooks.OnResponse((response, _) => Invoke(block, response));
        return hooks;
    }

    private static Task Invoke(ScriptBlock block, object argument) =>
        PipelineDispatcher.Run(() =>
        {
            var dollarUnder = new List<PSVariable> { new("_", argument) };
            block.InvokeWithContext(null, dollarUnder, argument);
            return true;
        });
}
