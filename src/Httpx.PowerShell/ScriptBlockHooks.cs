using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// -OnRequest/-OnResponse scriptblocks as engine event hooks. They run on the pipeline thread of the command that
/// sends the request (through <see cref="PipelineDispatcher"/>), with the request or response as <c>$_</c> and as
/// the first argument. Any error in a hook fails the request (<see cref="UserScriptBlock"/>).
/// </summary>
public static class ScriptBlockHooks
{
    public static EventHooks Create(ScriptBlock[]? onRequest, ScriptBlock[]? onResponse)
    {
        // A $null among the blocks (@($log, $typo)) was taken and failed every request with a NullReferenceException.
        NoNullBlock(onRequest, "OnRequest");
        NoNullBlock(onResponse, "OnResponse");
        var hooks = new EventHooks();
        var home = UserScriptBlock.Home;
        foreach (var block in onRequest ?? Array.Empty<ScriptBlock>())
            hooks.OnRequest((request, _) => Invoke(block, home, request));
        foreach (var block in onResponse ?? Array.Empty<ScriptBlock>())
            hooks.OnResponse((response, _) => Invoke(block, home, response));
        return hooks;
    }

    private static void NoNullBlock(ScriptBlock[]? blocks, string parameter)
    {
        var index = blocks is null ? -1 : Array.IndexOf(blocks, null);
        if (index >= 0)
            throw new ArgumentException($"-{parameter} holds $null (item {index + 1} of {blocks!.Length}): give scriptblocks, or leave -{parameter} out for no hook.", parameter);
    }

    private static Task Invoke(ScriptBlock block, System.Management.Automation.Runspaces.Runspace? home, object argument) =>
        PipelineDispatcher.Run(() =>
        {
            UserScriptBlock.Invoke(block, home, argument, argument);
            return true;
        });
}
