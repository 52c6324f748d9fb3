using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// A custom auth flow written as a PowerShell scriptblock <c>param($Request, $Response)</c>. It is called first with
/// the request and a null response (it may change the request, e.g. add headers), then with each response: when it
/// returns an <see cref="Httpx.Request"/>, that request is sent next (e.g. after a 401); when it returns none, the flow
/// ends and the last response is the answer. The scriptblock runs on the pipeline thread of the running cmdlet
/// (runspaces are single-threaded), or, outside a command (<c>$c.GetAsync()</c> awaited from script), in its runspace
/// when its turn comes (<see cref="UserScriptBlock.RunForRequestAsync"/>). The async flow, which the client's async
/// methods and the cmdlets run, awaits that without holding a thread, as hooks and mock handlers do; the sync flow
/// (<c>$c.Get()</c>) blocks its caller, as a sync call does anyway.
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

    public override async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // As AuthFlow, each call handed over without blocking a thread while it waits for the runspace; the request's
        // cancellation ends that wait.
        var last = await InvokeAsync(request, null, cancellationToken).ConfigureAwait(false) ?? request;
        yield return last;
        while (true)
        {
            var next = await InvokeAsync(last, context.Response, cancellationToken).ConfigureAwait(false);
            if (next is null) yield break;
            last = next;
            yield return next;
        }
    }

    private Request? Invoke(Request request, Response? response) =>
        NextRequest(PipelineDispatcher.Run(cmdlet => UserScriptBlock.Invoke(_flow, _home, cmdlet, null, request, response)).GetAwaiter().GetResult(), request);

    private Task<Request?> InvokeAsync(Request request, Response? response, CancellationToken cancellationToken) =>
        UserScriptBlock.RunForRequestAsync(_flow, _home, null, new object?[] { request, response }, output => NextRequest(output, request), cancellationToken);

    private static Request? NextRequest(System.Collections.ObjectModel.Collection<PSObject> output, Request request)
    {
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
