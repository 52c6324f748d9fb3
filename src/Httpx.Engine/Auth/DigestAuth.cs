using System.Security.Cryptography;
using System.Text;

namespace Httpx;

/// <summary>
/// HTTP Digest authentication (RFC 7616, and RFC 2069 when the server offers no qop), ported from HTTPX's
/// <c>DigestAuth</c>: the first request goes without credentials; a <c>401</c> with a Digest challenge is answered
/// once. The challenge is kept, so later requests through the same instance to the same origin authenticate straight
/// away with the next nonce count (HTTPX sends it to any host; a Digest response is a hash of the password, so another
/// origin, which never challenged us, gets none). Algorithms MD5, SHA, SHA-256, SHA-512 and SHA-512-256 (and their
/// <c>-sess</c> forms); qop <c>auth</c> and <c>auth-int</c>. A <c>stale=true</c> challenge to credentials just sent gets one more retry with its fresh nonce.
/// A challenge after a redirect is answered at the URL that made it (same origin or its https upgrade only).
/// A wrong password ends with the server's 401 response, not an exception.
/// </summary>
public sealed class DigestAuth : Auth
{
    private readonly byte[] _username;
    private readonly byte[] _password;
    private readonly object _lock = new();
    private DigestChallenge? _lastChallenge;
    private Url? _lastChallengeUrl; // where _lastChallenge came from: its protection space is that origin
    private int _nonceCount = 1;

    public DigestAuth(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        // The name goes into the header as a quoted string (Basic base64s it): a line break there failed each request
        // with "Invalid value for header 'Authorization'", naming a header the user never set. Refused here, once.
        if (username.Any(char.IsControl))
            throw new ArgumentException($"A Digest user name cannot contain line breaks or other control characters: {Internal.PythonRepr.Of(username)}.", nameof(username));
        Username = username;
        _username = Encoding.UTF8.GetBytes(username);
        _password = Encoding.UTF8.GetBytes(password);
    }

    public string Username { get; }

    /// <summary>The cnonce of each answer: 16 random hex digits. Tests set it to replay the RFCs' worked examples.</summary>
    internal Func<string> ClientNonce { get; init; } = () => Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    /// <summary>
    /// Answering a challenge sends the body again: a one-shot stream is read into memory first, to be sent twice. A
    /// seekable body (a file) is sent again by seeking back, as a redirect sends it: read whole first, an upload cost
    /// its size in memory (and one over 2 GB failed). auth-int reads the body when it hashes it.
    /// (<see cref="Auth.RequiresRequestBody"/> stays false, as HTTPX's.)
    /// </summary>
    internal override bool ReadsRequestBodyFirst(Request request) => !request.Stream.IsReplayable;

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        DigestChallenge? cached;
        lock (_lock) cached = _lastChallengeUrl is not null && RedirectBuilder.SameOrigin(_lastChallengeUrl, request.Url) ? _lastChallenge : null;
        if (cached is not null) request.Headers.Set("Authorization", BuildHeader(request, cached, fresh: false));
        yield return request;

        var challenge = ChallengeIn(context.Response!, request);
        if (challenge is null) yield break;
        // Answered where it was made: after a redirect, the response's digest covers the target's uri (the server checks
        // it), so the request that got the 401 is the one sent again. HTTPX resends the first one, whose uri the target
        // refuses.
        var answer = context.Response!.HasRequest ? context.Response.Request : request;
        answer.Headers.Set("Authorization", BuildHeader(answer, challenge, fresh: true));
        yield return answer;

        // The credentials were right but the nonce had expired (RFC 7616 3.3): once more with the new one.
        var stale = ChallengeIn(context.Response!, answer);
        if (stale is not { Stale: true }) yield break;
        answer.Headers.Set("Authorization", BuildHeader(answer, stale, fresh: true));
        yield return answer;
    }

    /// <summary>
    /// The Digest challenge of a 401 answered at the request's own origin, or at its https upgrade on the default ports
    /// (where a redirect keeps Authorization, as in HTTPX); a redirect elsewhere gets no credentials. Of several, in one
    /// header line or several, the first we can answer (RFC 7616 3.7); when there are some and none can be, the first
    /// one's refusal is thrown.
    /// </summary>
    private static DigestChallenge? ChallengeIn(Response response, Request request)
    {
        if (response.StatusCode != 401) return null;
        if (response.HasRequest && !RedirectBuilder.SameOrigin(response.Request.Url, request.Url)
            && !RedirectBuilder.IsHttpsUpgrade(request.Url, response.Request.Url)) return null;
        DigestChallenge? refused = null;
        foreach (var header in response.Headers.GetList("WWW-Authenticate"))
        foreach (var challenge in DigestChallenge.In(header))
        {
            if (challenge.CanBeAnswered) return challenge;
            refused ??= challenge;
        }
        if (refused is not null) throw refused.Refusal(request);
        return null;
    }

    private string BuildHeader(Request request, DigestChallenge challenge, bool fresh)
    {
        int nonceCount;
        lock (_lock)
        {
            if (fresh)
            {
                _lastChallenge = challenge;
                _lastChallengeUrl = request.Url;
                _nonceCount = 1;
            }
            nonceCount = _nonceCount++;
        }

        var hash = challenge.Hash!;
        string Digest(byte[] data) => Convert.ToHexString(hash(data)).ToLowerInvariant();
        string DigestText(string text) => Digest(Encoding.UTF8.GetBytes(text));

        var uri = request.Url.RawPath;
        var qop = challenge.Qop;
        var ncValue = nonceCount.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var cnonce = ClientNonce();

        var ha1 = Digest([.. _username, (byte)':', .. Encoding.UTF8.GetBytes(challenge.Realm), (byte)':', .. _password]);
        if (challenge.IsSession)
            ha1 = DigestText($"{ha1}:{challenge.Nonce}:{cnonce}");
        var ha2 = qop == "auth-int"
            ? DigestText($"{request.Method}:{uri}:{Digest(request.Read())}") // a streamed body is read (and kept) here
            : DigestText($"{request.Method}:{uri}");
        var response = qop is null
            ? DigestText($"{ha1}:{challenge.Nonce}:{ha2}")
            : DigestText($"{ha1}:{challenge.Nonce}:{ncValue}:{cnonce}:{qop}:{ha2}");

        var header = new StringBuilder("Digest ");
        header.Append($"username={Quote(Username)}, realm={Quote(challenge.Realm)}, nonce={Quote(challenge.Nonce)}, ");
        header.Append($"uri={Quote(uri)}, response={Quote(response)}, algorithm={challenge.Algorithm}");
        // An empty opaque is left out, as HTTPX's `if challenge.opaque:`.
        if (!string.IsNullOrEmpty(challenge.Opaque)) header.Append($", opaque={Quote(challenge.Opaque)}");
        if (qop is not null) header.Append($", qop={qop}, nc={ncValue}, cnonce={Quote(cnonce)}");
        return header.ToString();
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public override string ToString() => $"DigestAuth(username={Internal.PythonRepr.Of(Username)}, password=[secure])";
}
