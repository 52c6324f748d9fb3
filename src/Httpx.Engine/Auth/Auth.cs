using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Httpx;

/// <summary>
/// HTTPX's <c>Auth</c>: an authentication flow. <see cref="AuthFlow"/> is an iterator that yields requests; after each
/// yield, the client sends the request and puts its response in <see cref="AuthFlowContext.Response"/> before asking for
/// the next one. Yielding once adds credentials; yielding again reacts to a challenge (a 401, say). A flow whose steps
/// must wait (I/O, a lock, another thread) also overrides <see cref="AuthFlowAsync"/>, which the client's async methods run.
/// </summary>
public abstract class Auth
{
    /// <summary>Set when the flow must see the request body (it is read before the flow starts, e.g. Digest auth-int).</summary>
    public virtual bool RequiresRequestBody => false;

    /// <summary>
    /// Whether the client reads this request's body into memory before the flow starts: when the flow requires it. A
    /// flow that only sends the body again may ask for less (<see cref="DigestAuth"/>: a one-shot stream only).
    /// </summary>
    internal virtual bool ReadsRequestBodyFirst(Request request) => RequiresRequestBody;

    /// <summary>Set when the flow must see response bodies (they are read before the flow resumes).</summary>
    public virtual bool RequiresResponseBody => false;

    /// <summary>The flow: yield the request (modified), then optionally more requests after looking at <c>context.Response</c>.</summary>
    public abstract IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context);

    /// <summary>
    /// The flow as the client's async methods (GetAsync, SendAsync...) run it, HTTPX's <c>async_auth_flow</c>: by default
    /// <see cref="AuthFlow"/>'s requests. Override it when a step waits (a token read from disk or fetched with a client of
    /// its own, a lock, a hand-over to another thread), so that the wait holds no thread; the sync methods (Get, Send...)
    /// keep running <see cref="AuthFlow"/>, as HTTPX's Client runs <c>sync_auth_flow</c>. The client does the same around
    /// either: it reads the bodies the Requires properties ask for and sets <see cref="AuthFlowContext.Response"/> before
    /// asking for the next request. <paramref name="cancellationToken"/> is the request's.
    /// </summary>
    public virtual async IAsyncEnumerable<Request> AuthFlowAsync(Request request, AuthFlowContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var next in AuthFlow(request, context)) yield return next;
    }

    /// <summary>
    /// Whether this auth's type overrides <see cref="AuthFlowAsync"/>: when not, the client enumerates <see cref="AuthFlow"/>
    /// itself, so that the common auths (Basic, Bearer, Digest...) cost no async enumerator per request. Looked up once a type.
    /// </summary>
    internal bool HasAsyncFlow => AsyncFlowOverridden.GetOrAdd(GetType(), static type =>
        type.GetMethod(nameof(AuthFlowAsync), [typeof(Request), typeof(AuthFlowContext), typeof(CancellationToken)])!.DeclaringType != typeof(Auth));

    private static readonly ConcurrentDictionary<Type, bool> AsyncFlowOverridden = new();

    /// <summary>
    /// HTTPX's <c>auth=None</c>, given for one request (the client's auth is not used) or for the client: a user and
    /// password in the URL still become Basic auth, as they do without any auth. (A null auth argument means the client's, HTTPX's
    /// USE_CLIENT_DEFAULT; <see cref="NoAuth"/> sends nothing, not even the URL's.)
    /// </summary>
    public static Auth None { get; } = new NotTheClients();

    private sealed class NotTheClients : Auth
    {
        public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
        {
            yield return request;
        }
    }

    /// <summary>
    /// Turns an <c>auth</c> argument into an <see cref="Auth"/>: an Auth, a (user, password) pair, a NetworkCredential, or a function.
    /// A NetworkCredential without a user name or password (<c>CredentialCache.DefaultNetworkCredentials</c>, the logon
    /// account, or <c>new NetworkCredential()</c>) is no credential, as null is: Basic sent it as 'Og==', an empty user
    /// and password. One with a password only stays Basic (<c>:token</c>, as some APIs take a token).
    /// </summary>
    public static Auth? From(object? auth) => auth switch
    {
        null => null,
        Auth a => a,
        (string user, string password) => new BasicAuth(user, password),
        Tuple<string, string> t => new BasicAuth(t.Item1, t.Item2),
        System.Net.NetworkCredential c when string.IsNullOrEmpty(c.UserName) && string.IsNullOrEmpty(c.Password) => null,
        System.Net.NetworkCredential c => new BasicAuth(c),
        Func<Request, Request> f => new FunctionAuth(f),
        _ => throw new ArgumentException($"Invalid 'auth' argument: expected an Auth, a (username, password) pair or a function, not {auth.GetType().FullName}.", nameof(auth)),
    };
}

/// <summary>What an auth flow sees between its steps.</summary>
public sealed class AuthFlowContext
{
    /// <summary>The response to the request the flow yielded last.</summary>
    public Response? Response { get; internal set; }
}

/// <summary>No authentication (HTTPX's default flow).</summary>
public sealed class NoAuth : Auth
{
    public static NoAuth Instance { get; } = new();

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        yield return request;
    }
}

/// <summary>HTTPX's <c>FunctionAuth</c>: a function that changes each request (adds a header, signs it...).</summary>
public sealed class FunctionAuth : Auth
{
    private readonly Func<Request, Request> _function;

    public FunctionAuth(Func<Request, Request> function) => _function = function ?? throw new ArgumentNullException(nameof(function));

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        yield return _function(request);
    }
}
