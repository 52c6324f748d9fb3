using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Httpx.TestServer.Endpoints;

/// <summary>
/// RFC 7616 Digest authentication, strict enough to catch client mistakes:
/// /digest-auth/{qop}/{user}/{passwd}/{algorithm}[/{stale_after}] with qop auth | auth-int | none
/// (none = RFC 2069, no qop/nc/cnonce) and algorithm MD5 | MD5-sess | SHA-256 | SHA-256-sess | SHA-512-256 |
/// SHA-512-256-sess (hashed with the engine's own SHA-512/256, linked in: .NET has none; the engine's tests pin it to
/// NIST's and Python's values).
/// Nonces are issued and remembered here; a repeated nc is rejected, and after stale_after good
/// uses a nonce is answered with a fresh one and stale=true. With ?basic_first=1 the challenge shares its header line
/// with a Basic one before it (<c>Basic realm="...", Digest realm=...</c>: RFC 7235 4.1).
/// </summary>
internal sealed class DigestAuthEndpoint
{
    public const string Realm = "me@httpx.test";
    private static readonly string[] Algorithms = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"];

    private readonly ConcurrentDictionary<string, NonceState> _nonces = new(StringComparer.Ordinal);

    public void Map(IEndpointRouteBuilder app)
    {
        app.Map("/digest-auth/{qop}/{user}/{passwd}", HandleAsync);
        app.Map("/digest-auth/{qop}/{user}/{passwd}/{algorithm}", HandleAsync);
        app.Map("/digest-auth/{qop}/{user}/{passwd}/{algorithm}/{stale_after}", HandleAsync);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var qop = Responses.Route(context, "qop") ?? "";
        var user = Responses.Route(context, "user") ?? "";
        var password = Responses.Route(context, "passwd") ?? "";
        var algorithm = Algorithms.FirstOrDefault(a => a.Equals(Responses.Route(context, "algorithm") ?? "MD5", StringComparison.OrdinalIgnoreCase));
        int? staleAfter = null;
        var staleRaw = Responses.Route(context, "stale_after");
        if (staleRaw is not null && staleRaw != "never")
        {
            if (!int.TryParse(staleRaw, NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            {
                await Responses.ErrorAsync(context, 400, "stale_after must be a number or 'never'");
                return;
            }
            staleAfter = k;
        }
        if (qop is not ("auth" or "auth-int" or "none") || algorithm is null)
        {
            await Responses.ErrorAsync(context, 400, "qop must be auth|auth-int|none, algorithm MD5|MD5-sess|SHA-256|SHA-256-sess|SHA-512-256|SHA-512-256-sess");
            return;
        }

        // auth-int hashes the body, so read it whatever happens next.
        byte[] body;
        using (var ms = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(ms, context.RequestAborted);
            body = ms.ToArray();
        }

        var header = context.Request.Headers.Authorization.ToString();
        var p = ParseDigest(header);
        if (p is null)
        {
            await ChallengeAsync(context, qop, algorithm, stale: false, "missing Digest credentials");
            return;
        }

        string? Get(string name) => p.TryGetValue(name, out var v) ? v : null;
        var nonce = Get("nonce");
        if (nonce is null || !_nonces.TryGetValue(nonce, out var state))
        {
            await ChallengeAsync(context, qop, algorithm, stale: false, "unknown nonce");
            return;
        }
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var problem =
            Get("username") != user ? "wrong username"
            : Get("realm") != Realm ? "wrong realm"
            : Get("opaque") != state.Opaque ? "wrong or missing opaque"
            : Get("uri") != rawTarget ? "uri does not match the request target"
            : !(Get("algorithm") ?? "MD5").Equals(algorithm, StringComparison.OrdinalIgnoreCase) ? "wrong algorithm"
            : Get("response") is null ? "missing response"
            : qop == "none" && Get("qop") is not null ? "qop sent to a challenge without qop"
            : qop != "none" && Get("qop") != qop ? "wrong qop"
            : qop != "none" && (Get("nc") is not { Length: 8 } || Get("cnonce") is null) ? "missing or malformed nc/cnonce"
            : algorithm.EndsWith("-sess", StringComparison.Ordinal) && Get("cnonce") is null ? "-sess needs a cnonce"
            : null;
        if (problem is not null)
        {
            await ChallengeAsync(context, qop, algorithm, stale: false, problem);
            return;
        }

        var expected = ExpectedResponse(algorithm, qop, user, password, context.Request.Method, Get("uri")!,
            nonce, Get("nc"), Get("cnonce"), body);
        if (!string.Equals(expected, Get("response"), StringComparison.OrdinalIgnoreCase))
        {
            await ChallengeAsync(context, qop, algorithm, stale: false, "wrong response hash");
            return;
        }

        bool replay = false, stale = false;
        lock (state)
        {
            if (qop != "none" && !state.SeenNc.Add(Get("nc")!.ToLowerInvariant()))
            {
                replay = true;
            }
            else if (staleAfter is { } limit && state.Uses >= limit)
            {
                // The credentials were right but the nonce is worn out: RFC 7616 3.3 stale=true.
                stale = true;
            }
            else
            {
                state.Uses++;
            }
        }
        if (replay || stale)
        {
            await ChallengeAsync(context, qop, algorithm, stale, replay ? "nonce count reused" : "stale nonce");
            return;
        }
        await Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("authenticated", true);
            w.WriteString("user", user);
            w.WriteEndObject();
        });
    }

    private Task ChallengeAsync(HttpContext context, string qop, string algorithm, bool stale, string reason)
    {
        Prune();
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var opaque = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        _nonces[nonce] = new NonceState(opaque);
        var challenge = new StringBuilder(context.Request.Query["basic_first"] == "1" ? $"Basic realm=\"{Realm}\", " : "");
        challenge.Append($"Digest realm=\"{Realm}\", nonce=\"{nonce}\"");
        if (qop != "none")
        {
            challenge.Append($", qop=\"{qop}\"");
        }
        challenge.Append($", opaque=\"{opaque}\", algorithm={algorithm}");
        if (stale)
        {
            challenge.Append(", stale=true");
        }
        context.Response.Headers.WWWAuthenticate = challenge.ToString();
        return Responses.WriteJsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("authenticated", false);
            w.WriteString("reason", reason);
            w.WriteEndObject();
        }, StatusCodes.Status401Unauthorized);
    }

    public static string ExpectedResponse(string algorithm, string qop, string user, string password, string method,
        string uri, string nonce, string? nc, string? cnonce, byte[] body)
    {
        Func<byte[], byte[]> hash = algorithm.StartsWith("SHA-512-256", StringComparison.Ordinal) ? data => Sha512_256.HashData(data)
            : algorithm.StartsWith("SHA-256", StringComparison.Ordinal) ? SHA256.HashData
            : MD5.HashData;
        string h(string s) => Convert.ToHexString(hash(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();
        var ha1 = h($"{user}:{Realm}:{password}");
        if (algorithm.EndsWith("-sess", StringComparison.Ordinal))
        {
            ha1 = h($"{ha1}:{nonce}:{cnonce}");
        }
        var bodyHash = Convert.ToHexString(hash(body)).ToLowerInvariant();
        var ha2 = qop == "auth-int" ? h($"{method}:{uri}:{bodyHash}") : h($"{method}:{uri}");
        return qop == "none" ? h($"{ha1}:{nonce}:{ha2}") : h($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>Parses "Digest k=v, k2="quoted \" value"" into a map; null when it is not Digest.</summary>
    public static Dictionary<string, string>? ParseDigest(string header)
    {
        if (!header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 7;
        while (i < header.Length)
        {
            while (i < header.Length && (header[i] is ' ' or '\t' or ','))
            {
                i++;
            }
            var eq = header.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }
            var name = header[i..eq].Trim();
            i = eq + 1;
            while (i < header.Length && header[i] is ' ' or '\t')
            {
                i++;
            }
            var value = new StringBuilder();
            if (i < header.Length && header[i] == '"')
            {
                i++;
                while (i < header.Length && header[i] != '"')
                {
                    if (header[i] == '\\' && i + 1 < header.Length)
                    {
                        i++;
                    }
                    value.Append(header[i++]);
                }
                i++; // closing quote
            }
            else
            {
                while (i < header.Length && header[i] != ',')
                {
                    value.Append(header[i++]);
                }
            }
            result[name] = value.ToString().Trim();
        }
        return result;
    }

    // Keeps a long test run from growing the table without bound.
    private void Prune()
    {
        if (_nonces.Count < 10_000)
        {
            return;
        }
        var cutoff = DateTime.UtcNow.AddMinutes(-10);
        foreach (var (key, state) in _nonces)
        {
            if (state.Created < cutoff)
            {
                _nonces.TryRemove(key, out _);
            }
        }
    }

    private sealed class NonceState(string opaque)
    {
        public string Opaque { get; } = opaque;
        public DateTime Created { get; } = DateTime.UtcNow;
        public int Uses { get; set; }
        public HashSet<string> SeenNc { get; } = new(StringComparer.Ordinal);
    }
}
