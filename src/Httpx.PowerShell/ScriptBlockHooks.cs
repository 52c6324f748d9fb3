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

    /// <summary>
    /// The refusal of a client whose hook list holds a scriptblock PowerShell made into a .NET delegate itself
    /// (<c>$client.EventHooks.Response.Add({ ... })</c>, the reading of HTTPX's in-place
    /// <c>client.event_hooks['response'] = [...]</c>), or null. Such a delegate returns no Task, and PowerShell refuses to
    /// run it off the pipeline thread: a request sent on that thread (a GET) ran the block once and failed with the
    /// engine's "returned null, not a Task", one sent asynchronously (a POST) with PowerShell's "There is no Runspace
    /// available". Found before anything is sent, no request runs it. Only clients with hooks pay for the look.
    /// </summary>
    public static ArgumentException? PowerShellDelegateIn(EventHooks hooks) =>
        !hooks.Any ? null
        : hooks.Request.Exists(IsPowerShellDelegate) ? AddedToList("Request")
        : hooks.Response.Exists(IsPowerShellDelegate) ? AddedToList("Response")
        : null;

    // PowerShell compiles a scriptblock's delegate as an expression tree whose closure (System.Linq.Expressions' Closure,
    // not in the reference assemblies, hence by name) holds the block among its constants; the module's own hooks are C#
    // lambdas (Create), whose target is a compiler-made class.
    private static bool IsPowerShellDelegate(Delegate hook) =>
        hook.Target is { } target && target.GetType().FullName == "System.Runtime.CompilerServices.Closure"
        && target.GetType().GetField("Constants")?.GetValue(target) is object[] constants && Array.Exists(constants, c => c is ScriptBlock);

    private static ArgumentException AddedToList(string kind) => new(
        $"$client.EventHooks.{kind} holds a scriptblock added to it (.Add): PowerShell makes such a block a .NET delegate, " +
        $"which returns no Task and cannot run on the request's thread. Set the client's hooks, all of them, instead: " +
        $"$client.EventHooks = @{{ {kind} = ... }} (HTTPX's client.event_hooks['{kind.ToLowerInvariant()}'] = [...]), or New-HttpxClient -On{kind}.");

    private static void NoNullBlock(ScriptBlock[]? blocks, string parameter)
    {
        var index = blocks is null ? -1 : Array.IndexOf(blocks, null);
        if (index >= 0)
            throw new ArgumentException($"-{parameter} holds $null (item {index + 1} of {blocks!.Length}): give scriptblocks, or leave -{parameter} out for no hook.", parameter);
    }

    private static Task Invoke(ScriptBlock block, System.Management.Automation.Runspaces.Runspace? home, object argument) =>
        UserScriptBlock.RunForRequestAsync(block, home, argument, new[] { argument }, static _ => true);
}
