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
        _header = HeaderValue(username, password);
    }

    /// <summary>
    /// "Basic " and the base64 of "user:password" in UTF-8 (as HTTPX encodes them, and httpcore a proxy's): the value
    /// of Authorization here, of a .netrc entry's (<see cref="NetRCAuth"/>) and of a proxy's Proxy-Authorization.
    /// </summary>
    internal static string HeaderValue(string username, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

    /// <summary>A NetworkCredential's account, its domain kept: see <see cref="UserNameOf"/>.</summary>
    public BasicAuth(System.Net.NetworkCredential credential)
        : this(UserNameOf(credential ?? throw new ArgumentNullException(nameof(credential))), credential.Password) { }

    public string Username { get; }

    /// <summary>
    /// The user name of a NetworkCredential as typed: "DOMAIN\user" when it has a domain (as PowerShell's PSCredential
    /// names it and splits it back), else the user alone. Basic sends the name as given; the bare user lost the domain.
    /// </summary>
    public static string UserNameOf(System.Net.NetworkCredential credential) =>
        string.IsNullOrEmpty(credential.Domain) ? credential.UserName : credential.Domain + "\\" + credential.UserName;

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        request.Headers.Set("Authorization", _header);
        yield return request;
    }

    public override string ToString() => $"BasicAuth(username={Internal.PythonRepr.Of(Username)}, password=[secure])";
}
