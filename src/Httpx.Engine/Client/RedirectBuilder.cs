namespace Httpx;

/// <summary>
/// HTTPX's <c>_build_redirect_request</c>: the request a redirect response points to. Method rewriting (302 and 303
/// turn any method but HEAD into GET, 301 only POST), Location resolved against the request URL, the fragment carried over, Authorization dropped
/// across origins, the body kept only when the method is, and the Cookie header recomputed from the jar.
/// </summary>
internal static class RedirectBuilder
{
    /// <exception cref="RemoteProtocolException">The response's Location is empty, not one, or not a URL.</exception>
    /// <exception cref="UnsupportedProtocolException">The Location is in a scheme other than http and https and has no host (data:, file:///).</exception>
    public static Request Build(Request request, Response response, Cookies cookies)
    {
        var method = RedirectMethod(request.Method, response.StatusCode);
        var url = RedirectUrl(request, response);
        var headers = request.Headers.Copy();

        // As HTTPX's _redirect_headers: the Host header follows the URL to another origin only, so that a Host given
        // for a virtual host survives a redirect on the same server; and a body dropped takes with it the headers that
        // frame it (Content-Type stays, as HTTPX keeps it).
        if (!SameOrigin(url, request.Url))
        {
            if (!IsHttpsUpgrade(request.Url, url)) headers.Remove("Authorization");
            headers.Set("Host", url.HostHeader);
        }
        RequestContent body;
        if (method != request.Method)
        {
            headers.Remove("Content-Length");
            headers.Remove("Transfer-Encoding");
            body = RequestContent.Empty;
        }
        else
        {
            body = request.Stream;
        }
        headers.Remove("Cookie");

        var redirect = new Request(method, url, headers: headers, stream: body, extensions: request.Extensions);
        cookies.SetCookieHeader(redirect);
        return redirect;
    }

    /// <summary>
    /// The request a redirect not followed points to (<see cref="Response.NextRequest"/>), or null when its Location is
    /// not one URL: the 3xx is still the caller's to read, as curl (curl/curl#3364) and encode/httpx#3706, where HTTPX
    /// raises before it knows that the redirect will not be followed.
    /// </summary>
    public static Request? TryBuild(Request request, Response response, Cookies cookies)
    {
        try
        {
            return Build(request, response, cookies);
        }
        catch (Exception e) when (e is RemoteProtocolException or UnsupportedProtocolException)
        {
            return null;
        }
    }

    /// <summary>
    /// Refuses to follow <paramref name="redirect"/> when that would be unsafe or lossy: https to http (unless
    /// <paramref name="allowInsecure"/>), or a kept body that was a one-shot stream already sent (never an empty body instead).
    /// </summary>
    public static void EnsureFollowable(Request request, Response response, Request redirect, bool allowInsecure)
    {
        if (!allowInsecure && request.Url.Scheme == "https" && redirect.Url.Scheme == "http")
            throw new InsecureRedirectException(
                $"Refused to follow the {response.StatusCode} redirect from {request.Url.ToRedactedString()} to {redirect.Url.ToRedactedString()}: " +
                "it leaves https for plain http. Set AllowInsecureRedirects to follow it anyway.", request);
        // HTTPX raises StreamConsumed when the transport reads the body a second time; here before sending.
        if (redirect.Method == request.Method && !redirect.Stream.IsReplayable)
            throw new StreamConsumedException(
                $"The body of a {request.Method} request to {request.Url.ToRedactedString()} could not be re-sent for the " +
                $"{response.StatusCode} redirect to {redirect.Url.ToRedactedString()}: it is a one-shot stream. " +
                "Read it into memory first (Request.Read(), or pass bytes instead of a stream) so that it can be sent again.");
    }

    // HTTPX's _redirect_method, which follows browsers: a 302 rewrites every method but HEAD, like 303 (RFC 7231 only
    // allows POST to change), so a PUT or DELETE answered by 302 is not repeated at the new location.
    private static string RedirectMethod(string method, int status) => status switch
    {
        303 or 302 when method != "HEAD" => "GET",
        301 when method == "POST" => "GET",
        _ => method,
    };

    private static Url RedirectUrl(Request request, Response response)
    {
        var location = TheLocation(request, response);
        Url url;
        try
        {
            url = new Url(location);
            // "https://" without a host keeps the request's host (as HTTPX). HTTPX does so in any scheme, so that
            // "file:///etc/passwd" was refused as file://<host>/etc/passwd and "data:text/plain,hi" as an invalid path:
            // a Location in another scheme and without a host is refused as what it is, a scheme no transport sends.
            if (url.Scheme.Length > 0 && url.Host.Length == 0)
            {
                if (url.Scheme is not ("http" or "https"))
                    throw new UnsupportedProtocolException(
                        $"The {response.StatusCode} redirect points to '{HttpLog.Printable(UrlPasswords.Hide(location))}', in the " +
                        $"'{HttpLog.Printable(url.Scheme)}:' scheme, which is not sent: only http and https are.", request);
                url = url.CopyWith(host: request.Url.Host);
            }
            if (url.IsRelativeUrl) url = request.Url.Join(url);
            if (request.Url.Fragment.Length > 0 && url.Fragment.Length == 0) url = url.CopyWith(fragment: request.Url.Fragment);
        }
        catch (InvalidUrlException e)
        {
            // The server's mistake, including a Location that only fails once joined to the request's URL.
            throw new RemoteProtocolException($"Invalid URL in the Location header of a {response.StatusCode} redirect: {e.Message}", request, e);
        }
        return url;
    }

    /// <summary>
    /// The one Location of <paramref name="response"/>. HTTPX reads the values joined by ", ", which made two headers
    /// one URL on the request's host, and an empty one the request's own URL, requested again until TooManyRedirects.
    /// Both are refused as the server's mistake, as Fetch does (a network error; Chrome's
    /// ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION) and requests (InvalidHeader); the same value twice is one Location.
    /// </summary>
    private static string TheLocation(Request request, Response response)
    {
        var all = response.Headers.GetList("Location");
        // One header, as nearly every redirect has: no set or second list per hop.
        var values = all.Count == 1 ? all : all.Distinct(StringComparer.Ordinal).ToList();
        if (values.Count > 1)
        {
            var quoted = values.Select(v => $"'{HttpLog.Printable(UrlPasswords.Hide(v))}'").ToList();
            throw new RemoteProtocolException(
                $"The {response.StatusCode} redirect has {values.Count} different Location headers, " +
                $"{string.Join(", ", quoted.Take(quoted.Count - 1))} and {quoted[^1]}: which one to follow is not known.", request);
        }
        if (string.IsNullOrWhiteSpace(values[0]))
            throw new RemoteProtocolException($"The Location header of a {response.StatusCode} redirect is empty: there is no URL to follow.", request);
        return values[0];
    }

    // The hosts as sent (RawHost), not as displayed: two hosts that look alike on screen are still two origins.
    internal static bool SameOrigin(Url a, Url b) =>
        a.Scheme == b.Scheme && a.RawHost == b.RawHost && a.EffectivePort == b.EffectivePort;

    /// <summary>http://host → https://host on the default ports: the same site, upgraded, so credentials may follow.</summary>
    internal static bool IsHttpsUpgrade(Url from, Url to) =>
        from.Host == to.Host && from.Scheme == "http" && from.EffectivePort == 80 && to.Scheme == "https" && to.EffectivePort == 443;
}
