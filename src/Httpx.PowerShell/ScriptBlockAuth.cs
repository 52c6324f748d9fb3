using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// A custom auth flow written as a PowerShell scriptblock <c>param($Request, $Response)</c>. It is called first with
/// the request and a null response (it may change the request, e.g. add headers), then with each response: when it
/// returns an <see cref="Httpx.Request"/>, that request is sent next (e.g. after a 401); when it returns none, the flow
/// ends and the last response is the answer. The scriptblock runs on the pipeline thread of the running cmdlet
/// (runspaces are single-threaded); the flow itself runs on the engine's task, which blocks while the pipeline thread
/// pumps, so waiting here cannot deadlock.
/// </summary>
internal sealed class ScriptBlockAuth : Auth
{
    private readonly ScriptBlock _flow;
    private readonly bool _requiresResponseBody;
    private readonly System.Management.Automation.Runspaces.Runspace? _home = UserScriptBlock.Home;

    public ScriptBlockAuth(ScriptBlock flow, bool requiresResponseBody = false)
    {
        _flow = flow ?? throw new ArgumentNullException(nameof(flow));
        _requiresResponseBody = requiresResponseBody;
    }

    public override bool RequiresResponseBody => _requiresResponseBody;

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        // The first call may only modify the request; a returned request replaces it.
        var last = Invoke(request, null) ?? request;
        yield return last; // and the next call is given the request that went out, as an HTTPX flow keeps it
        while (true)
        {
            var next = Invoke(last, context.Response);
            if (next is null) yield break;
            last = next;
            yield return next;
        }
    }

    private Request? Invoke(Request request, Response? response)
    {
        var output = PipelineDispatcher.Run(() => UserScriptBlock.Invoke(_flow, _home, null, request, response)).GetAwaiter().GetResult();
        // Stray output (a method's return value, say) is common in PowerShell: only Request objects count.
        var requests = output.Select(o => o?.BaseObject).OfType<Request>().ToList();
        return requests.Count switch
        {
            0 => null,
            1 => requests[0],
            _ => throw UserScriptBlock.WrongOutput(new InvalidOperationException(
                $"The auth scriptblock returned {requests.Count} requests for {request}; return one request to send next, or none to end the flow.")),
        };
    }

    public override string ToString() => "ScriptBlockAuth";
}
