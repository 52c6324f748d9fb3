namespace Httpx;

/// <summary>
/// HTTPX's <c>event_hooks</c>: functions called with each request just before it is sent and with each response
/// as soon as its headers arrive (redirect hops and auth steps included). A hook that throws stops the request.
/// </summary>
public sealed class EventHooks
{
    // Made on first use: most clients have no hooks, and the PowerShell module makes a client per call.
    private List<Func<Request, CancellationToken, Task>>? _request;
    private List<Func<Response, CancellationToken, Task>>? _response;

    /// <summary>New lists with the hooks of <paramref name="hooks"/> (none for null): a client's own, as HTTPX copies them.</summary>
    public static EventHooks Copy(EventHooks? hooks) => new()
    {
        _request = hooks?._request is { Count: > 0 } request ? [.. request] : null,
        _response = hooks?._response is { Count: > 0 } response ? [.. response] : null,
    };

    public List<Func<Request, CancellationToken, Task>> Request => LazyInitializer.EnsureInitialized(ref _request);

    public List<Func<Response, CancellationToken, Task>> Response => LazyInitializer.EnsureInitialized(ref _response);

    public EventHooks OnRequest(Action<Request> hook)
    {
        Request.Add((r, _) => { hook(r); return Task.CompletedTask; });
        return this;
    }

    public EventHooks OnResponse(Action<Response> hook)
    {
        Response.Add((r, _) => { hook(r); return Task.CompletedTask; });
        return this;
    }

    public EventHooks OnRequest(Func<Request, CancellationToken, Task> hook)
    {
        Request.Add(hook);
        return this;
    }

    public EventHooks OnResponse(Func<Response, CancellationToken, Task> hook)
    {
        Response.Add(hook);
        return this;
    }

    /// <summary>How many hooks of each kind, as <c>EventHooks(request=1, response=0)</c>: what a client's listing shows.</summary>
    public override string ToString() => $"EventHooks(request={_request?.Count ?? 0}, response={_response?.Count ?? 0})";

    /// <summary>Whether there is any hook, read without making the lists.</summary>
    internal bool Any => _request is { Count: > 0 } || _response is { Count: > 0 };

    /// <summary>Calls the request hooks in order; without hooks, a completed task and no async frame.</summary>
    internal Task RunRequestHooksAsync(Request request, CancellationToken cancellationToken) =>
        _request is { Count: > 0 } hooks ? RunAsync(hooks, request, cancellationToken) : Task.CompletedTask;

    /// <summary>Calls the response hooks in order; without hooks, a completed task and no async frame.</summary>
    internal Task RunResponseHooksAsync(Response response, CancellationToken cancellationToken) =>
        _response is { Count: > 0 } hooks ? RunAsync(hooks, response, cancellationToken) : Task.CompletedTask;

    // Kept out of the client's redirect loop, whose async frame every request allocates: the loop over the hooks
    // (its enumerator lives across the awaits) made that frame larger for clients that have none.
    private static async Task RunAsync<T>(List<Func<T, CancellationToken, Task>> hooks, T value, CancellationToken cancellationToken)
    {
        for (var i = 0; i < hooks.Count; i++)
            await (hooks[i](value, cancellationToken) ?? throw NoTask(typeof(T) == typeof(Request) ? "Request" : "Response", i, hooks.Count)).ConfigureAwait(false);
    }

    // A null Task was awaited as a bare NullReferenceException. PowerShell makes such a hook of a scriptblock added to
    // these lists ($client.EventHooks.Response.Add({ ... })): it returns no Task (and off the pipeline thread PowerShell
    // refuses to run it). Invoke-Httpx refuses such a client before sending (ScriptBlockHooks.PowerShellDelegateIn);
    // this is what C# callers, and PowerShell calling the client's own methods ($client.Get(...)), meet.
    private static InvalidOperationException NoTask(string kind, int index, int count) => new(
        $"{kind} event hook {index + 1} of {count} returned null, not a Task: a hook returns a Task (Task.CompletedTask when it has " +
        $"nothing to wait for; On{kind}(Action) makes one). In PowerShell, give scriptblocks to New-HttpxClient -On{kind} or " +
        $"$client.EventHooks = @{{ {kind} = ... }} rather than adding them to EventHooks.{kind}.");
}
