using System.Text;

namespace Httpx;

/// <summary>A parsed <c>WWW-Authenticate: Digest ...</c> challenge (RFC 7616 3.3).</summary>
internal sealed class DigestChallenge
{
    private DigestChallenge(string realm, string nonce, string algorithm, string? opaque, string? qop, bool stale)
    {
        Realm = realm;
        Nonce = nonce;
        Algorithm = algorithm;
        Opaque = opaque;
        Qop = qop;
        Stale = stale;
    }

    public string Realm { get; }
    public string Nonce { get; }
    public string Algorithm { get; }
    public string? Opaque { get; }
    public string? Qop { get; }
    public bool Stale { get; }

    /// <summary>
    /// The challenge of one header value, null when it is not a Digest one; a Digest one without realm or nonce, or cut
    /// short inside a quoted string, throws (naming the challenge, which holds no secret of ours, and the URL).
    /// </summary>
    public static DigestChallenge? Parse(string header, Request request)
    {
        var space = header.IndexOf(' ');
        var scheme = space < 0 ? header : header[..space];
        if (!scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase)) return null;
        var fields = Fields(space < 0 ? "" : header[(space + 1)..]) ?? throw Malformed("unterminated quoted string");
        if (!fields.TryGetValue("realm", out var realm)) throw Malformed("no realm");
        if (!fields.TryGetValue("nonce", out var nonce)) throw Malformed("no nonce");
        return new DigestChallenge(realm, nonce,
            fields.TryGetValue("algorithm", out var algorithm) && algorithm.Length > 0 ? algorithm : "MD5",
            fields.GetValueOrDefault("opaque"), fields.GetValueOrDefault("qop"),
            fields.TryGetValue("stale", out var stale) && stale.Equals("true", StringComparison.OrdinalIgnoreCase));

        RemoteProtocolException Malformed(string problem) =>
            new($"Malformed Digest challenge from {request.Url.ToRedactedString()} ({problem}): {HttpLog.Printable(header)}", request);
    }

    // name=token or name="quoted \"string\"", separated by commas (Python's parse_http_list + unquote); null when a
    // quoted string has no end: the challenge was cut short (HTTPX then fails on the qop or a missing field).
    private static Dictionary<string, string>? Fields(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or ',') i++;
            var eq = text.IndexOfAny(['=', ','], i);
            if (eq < 0) break;
            // A bare token ("stale", "userhash") is no auth-param: skipped, lest it become part of the next one's name.
            if (text[eq] == ',') { i = eq + 1; continue; }
            var name = text[i..eq].Trim();
            i = eq + 1;
            while (i < text.Length && text[i] is ' ' or '\t') i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    value.Append(text[i++]);
                }
                if (i >= text.Length) return null;
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',') value.Append(text[i++]);
            }
            result[name] = value.ToString().Trim();
        }
        return result;
    }
}
