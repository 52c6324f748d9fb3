using System.Security.Cryptography;

namespace Httpx;

/// <summary>
/// A <c>WWW-Authenticate: Digest ...</c> challenge (RFC 7616 3.3), and whether it can be answered: one that is
/// malformed (no realm, no nonce, cut short, a -sess algorithm without qop), names an algorithm we have no hash for, or
/// asks for a qop we cannot do is kept with the reason, so that a later challenge we can answer is taken instead
/// (RFC 7616 3.7) and the error names the first refused one when none can be.
/// </summary>
internal sealed class DigestChallenge
{
    private readonly AuthChallenge _challenge;
    private readonly string? _malformed; // what is wrong with it, when it cannot be read
    private readonly string? _offeredQop;

    private DigestChallenge(AuthChallenge challenge)
    {
        _challenge = challenge;
        var fields = challenge.Parameters;
        _malformed = challenge.CutShort ? "unterminated quoted string"
            : !fields.ContainsKey("realm") ? "no realm"
            : !fields.ContainsKey("nonce") ? "no nonce"
            : null;
        Realm = fields.GetValueOrDefault("realm") ?? "";
        Nonce = fields.GetValueOrDefault("nonce") ?? "";
        Algorithm = fields.TryGetValue("algorithm", out var algorithm) && algorithm.Length > 0 ? algorithm : "MD5";
        Hash = HashFor(Algorithm);
        Opaque = fields.GetValueOrDefault("opaque");
        _offeredQop = fields.GetValueOrDefault("qop");
        Qop = ResolveQop(_offeredQop);
        Stale = fields.TryGetValue("stale", out var stale) && stale.Equals("true", StringComparison.OrdinalIgnoreCase);
    }

    public string Realm { get; }
    public string Nonce { get; }
    public string Algorithm { get; }
    public string? Opaque { get; }

    /// <summary>The qop we answer with: "auth" when offered (as HTTPX), else "auth-int"; null for RFC 2069 (no qop).</summary>
    public string? Qop { get; }

    public bool Stale { get; }

    /// <summary>The algorithm's hash; null when we have none for it.</summary>
    public Func<byte[], byte[]>? Hash { get; }

    public bool IsSession => Algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);

    private bool UnexpectedQop => _offeredQop is not null && Qop is null;

    // A -sess A1 hashes the cnonce (RFC 7616 3.4.2), which can only be sent with a qop (RFC 2617 3.2.2): the server
    // could not check the answer. HTTPX sends one anyway, and the user saw a 401 as for a wrong password; curl refuses.
    private bool SessionWithoutQop => IsSession && _offeredQop is null;

    public bool CanBeAnswered => _malformed is null && Hash is not null && !SessionWithoutQop && !UnexpectedQop;

    /// <summary>The Digest challenges of one header value, answerable or not; none when it has no Digest challenge.</summary>
    public static IEnumerable<DigestChallenge> In(string header) =>
        AuthChallenge.ParseAll(header)
            .Where(c => c.Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase))
            .Select(c => new DigestChallenge(c));

    /// <summary>
    /// Why it cannot be answered, naming the challenge (which holds no secret of ours; see <see cref="Shown"/>) and the
    /// URL (password redacted).
    /// </summary>
    public RemoteProtocolException Refusal(Request request)
    {
        var url = request.Url.ToRedactedString();
        if (_malformed is not null)
            return new($"Malformed Digest challenge from {url} ({_malformed}): {Shown(_challenge.Text)}", request);
        if (Hash is null)
            return new($"Unsupported Digest algorithm '{Shown(Algorithm)}' in the challenge from {url}.", request);
        if (SessionWithoutQop)
            return new($"Malformed Digest challenge from {url} (algorithm {Shown(Algorithm)} without qop, which it needs to send the client nonce): {Shown(_challenge.Text)}", request);
        return new($"Unexpected qop value \"{Shown(_offeredQop!)}\" in the Digest challenge from {url}.", request);
    }

    // The server's text in an error: control characters escaped (an escape sequence must not reach the terminal as one),
    // and its first ShownLength characters only, as a broken or hostile server's challenge can be tens of kilobytes.
    private const int ShownLength = 500;

    private static string Shown(string text) =>
        text.Length <= ShownLength ? HttpLog.Printable(text) : HttpLog.Printable(Internal.ShortText.Head(text, ShownLength)) + Internal.ShortText.Ellipsis;

    private static Func<byte[], byte[]>? HashFor(string algorithm)
    {
        var name = algorithm.ToUpperInvariant();
        if (name.EndsWith("-SESS", StringComparison.Ordinal)) name = name[..^5];
        return name switch
        {
            "MD5" => MD5.HashData,
            "SHA" => SHA1.HashData,
            "SHA-256" => SHA256.HashData,
            "SHA-512" => SHA512.HashData,
            // RFC 7616's own (HTTPX has SHA-512, which is in no RFC, and not this one; curl answers it).
            "SHA-512-256" => data => Sha512_256.HashData(data),
            _ => null,
        };
    }

    private static string? ResolveQop(string? qop)
    {
        if (qop is null) return null;
        var offered = qop.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return offered.Contains("auth") ? "auth" : offered.Contains("auth-int") ? "auth-int" : null;
    }
}
