namespace Httpx;

/// <summary>
/// HTTPX's <c>event_hooks</c>: functions called with each request just before it is sent and with each response
/// as soon as its headers arrive (redirect hops and auth steps included). A hook that throws stops the request.
/// </summary>
public sealed class EventHooks
{
    public List<Func<Request, CancellationToken, Task>> Request { get; } = new();

    public List<Func<Response, CancellationToken, Task>> Response { get; } = new();

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
}
