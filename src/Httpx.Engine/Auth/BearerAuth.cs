namespace Httpx;

/// <summary>Bearer token authentication (RFC 6750): <c>Authorization: Bearer &lt;token&gt;</c> on every request.</summary>
public sealed class BearerAuth : Auth
{
    private readonly string _token;

    public BearerAuth(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        if (token.IndexOfAny(new[] { '\r', '\n' }) >= 0) throw new ArgumentException("A bearer token cannot contain line breaks.", nameof(token));
        _token = token;
    }

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        request.Headers.Set("Authorization", "Bearer " + _token);
        yield return request;
    }

    public override string ToString() => "BearerAuth(token=[secure])";
}
