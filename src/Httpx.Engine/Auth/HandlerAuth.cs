using System.Net;

namespace Httpx;

/// <summary>
/// Authentication that only the network handler can run: NTLM and Negotiate are bound to one connection (the challenge
/// and the answer must share it), which the engine never sees. So the flow does not add a header: it marks the request
/// with <see cref="HandlerCredentials"/>, and the client sends it through a variant of its transport whose handler
/// holds these credentials for the request's origin and this scheme only (see <c>HandlerAuthTransports</c>).
/// Other origins, including redirect targets, never get them: the mark names the origin it was made for.
/// </summary>
public abstract class HandlerAuth : Auth
{
    private protected HandlerAuth(string scheme, NetworkCredential credential)
    {
        Scheme = scheme;
        Credential = credential;
    }

    /// <summary>The scheme the handler answers: "NTLM" or "Negotiate".</summary>
    public string Scheme { get; }

    internal NetworkCredential Credential { get; }

    /// <summary>The handler replays the body after the 401 of the handshake, so it is read into memory first.</summary>
    public override bool RequiresRequestBody => true;

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        request.Extensions[HandlerCredentials.ExtensionKey] = new HandlerCredentials(Scheme, Credential, HandlerCredentials.OriginOf(request.Url));
        yield return request;
    }

    private protected static NetworkCredential CredentialFrom(string username, string password, string? domain, string scheme)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        if (username.Length == 0) throw new ArgumentException($"{scheme} authentication needs a user name; it was empty.", nameof(username));
        return domain is null ? new NetworkCredential(username, password) : new NetworkCredential(username, password, domain);
    }

    public override string ToString() =>
        Credential == CredentialCache.DefaultNetworkCredentials
            ? $"{GetType().Name}(default credentials)"
            : $"{GetType().Name}(username={Internal.PythonRepr.Of(Credential.UserName)}, domain={Internal.PythonRepr.Of(Credential.Domain)}, password=[secure])";
}

/// <summary>
/// The mark a <see cref="HandlerAuth"/> puts on a request: which scheme and credential the handler may use, and for
/// which origin ("scheme://host:port/"). The client honours it only while the request URL has that origin.
/// </summary>
internal sealed record HandlerCredentials(string Scheme, NetworkCredential Credential, string Origin)
{
    public const string ExtensionKey = "httpx.handler_credentials";

    public static string OriginOf(Url url) => $"{url.Scheme}://{url.Host}:{url.EffectivePort}/";

    public bool AppliesTo(Url url) => OriginOf(url) == Origin;

    public override string ToString() => $"HandlerCredentials({Scheme}, {Origin})";
}
