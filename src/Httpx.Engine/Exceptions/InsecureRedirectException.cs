namespace Httpx;

/// <summary>
/// Not in HTTPX: a redirect from https to http was refused, because following it would send the request (and its
/// cookies and headers) in clear text. Allow it with <c>AllowInsecureRedirects</c> on the client or the request.
/// </summary>
public class InsecureRedirectException : RequestException
{
    public InsecureRedirectException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "InsecureRedirect";
}
