namespace Httpx;

/// <summary>
/// HTTPX's <c>NetRCAuth</c>: Basic credentials for the request's host from a <c>.netrc</c> file — the given path,
/// else the <c>NETRC</c> environment variable, else <c>~/.netrc</c> (and <c>~/_netrc</c> on Windows, as curl does).
/// The file is read once, here (its format: <see cref="NetRCFile"/>). A host without an entry (and no <c>default</c>
/// entry), or an entry without a password, sends the request without credentials. As in HTTPX 0.28, a client never
/// uses .netrc on its own (TrustEnv does not enable it): pass this auth explicitly.
/// </summary>
public sealed class NetRCAuth : Auth
{
    private readonly NetRCFile _file;

    public NetRCAuth(string? file = null)
    {
        _file = file is null ? NetRCFile.ReadDefault() : NetRCFile.Read(file);
    }

    /// <summary>The file the credentials came from.</summary>
    public string Path => _file.Path;

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        var entry = _file.Authenticators(request.Url.Host);
        if (entry is { Password.Length: > 0 })
            request.Headers.Set("Authorization", BasicAuth.HeaderValue(entry.Login, entry.Password));
        yield return request;
    }

    public override string ToString() => $"NetRCAuth(file={Internal.PythonRepr.Of(Path)})";
}
