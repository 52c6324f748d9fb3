using System.Text;

namespace Httpx;

/// <summary>HTTP Basic authentication: the Authorization header on every request.</summary>
public sealed class BasicAuth : Auth
{
    private readonly string _header;

    public BasicAuth(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        Username = username;
        _header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
    }

    public string Username { get; }

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        request.Headers.Set("Authorization", _header);
        yield return request;
    }

    public override string ToString() => $"BasicAuth(username={Internal.PythonRepr.Of(Username)}, password=[secure])";
}
