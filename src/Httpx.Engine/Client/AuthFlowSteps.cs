namespace Httpx;

/// <summary>
/// The steps of an auth flow as the client takes them: those of the async flow when the call is async and the auth
/// overrides <see cref="Auth.AuthFlowAsync"/> (HTTPX's AsyncClient runs async_auth_flow), else those of the sync flow
/// (HTTPX's Client runs sync_auth_flow), taken from its enumerator as they are: a flow with nothing to wait for costs no
/// async enumerator. A struct, held in the sending method's own frame.
/// </summary>
internal readonly struct AuthFlowSteps : IAsyncDisposable
{
    private readonly IEnumerator<Request>? _sync;
    private readonly IAsyncEnumerator<Request>? _async;

    private AuthFlowSteps(IEnumerator<Request>? sync, IAsyncEnumerator<Request>? async)
    {
        _sync = sync;
        _async = async;
    }

    public static AuthFlowSteps Start(Auth auth, Request request, AuthFlowContext context, bool syncCall, CancellationToken cancellationToken) =>
        !syncCall && auth.HasAsyncFlow
            ? new(null, auth.AuthFlowAsync(request, context, cancellationToken).GetAsyncEnumerator(cancellationToken))
            : new(auth.AuthFlow(request, context).GetEnumerator(), null);

    public Request Current => _async is null ? _sync!.Current : _async.Current;

    public ValueTask<bool> MoveNextAsync() => _async is null ? new ValueTask<bool>(_sync!.MoveNext()) : _async.MoveNextAsync();

    public ValueTask DisposeAsync()
    {
        if (_async is not null) return _async.DisposeAsync();
        _sync!.Dispose();
        return default;
    }
}
