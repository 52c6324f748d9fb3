using System.Globalization;

namespace Httpx;

/// <summary>One cookie with its RFC 6265 scope and attributes.</summary>
public sealed class Cookie
{
    public Cookie(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.IndexOfAny(new[] { ';', '=', '\r', '\n', ' ', '\t', ',' }) >= 0)
            throw new ArgumentException($"Invalid cookie name '{name}'.", nameof(name));
        if (value.IndexOfAny(new[] { ';', '\r', '\n' }) >= 0)
            throw new ArgumentException($"Invalid value for cookie '{name}': it contains ';' or a line break.", nameof(value));
        Name = name;
        Value = value;
    }

    public string Name { get; }
    public string Value { get; }

    /// <summary>Lowercased domain without a leading dot; empty means "any host" (cookies set by hand).</summary>
    public string Domain { get; init; } = "";

    /// <summary>True when the cookie came without a Domain attribute: only the exact host gets it back.</summary>
    public bool HostOnly { get; init; }

    public string Path { get; init; } = "/";
    public bool Secure { get; init; }
    public bool HttpOnly { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    internal bool SameIdentity(Cookie other) => Name == other.Name && Domain == other.Domain && Path == other.Path;

    internal bool IsExpired(DateTimeOffset now) => Expires is { } e && e <= now;

    /// <summary>RFC 6265 5.4: domain, path and secure rules.</summary>
    public bool Matches(Url url)
    {
        if (Secure && url.Scheme != "https") return false;
        var host = url.RawHost;
        if (Domain.Length > 0)
        {
            if (HostOnly ? host != Domain : !(host == Domain || (host.EndsWith("." + Domain, StringComparison.Ordinal) && !IsIpAddress(host))))
                return false;
        }
        return PathMatches(url.Path.Length == 0 ? "/" : url.Path, Path);
    }

    private static bool PathMatches(string requestPath, string cookiePath) =>
        requestPath == cookiePath ||
        (requestPath.StartsWith(cookiePath, StringComparison.Ordinal) && (cookiePath.EndsWith('/') || requestPath[cookiePath.Length] == '/'));

    private static bool IsIpAddress(string host) => System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _);

    /// <summary>Parses a Set-Cookie header for a response from <paramref name="url"/>; null when it must be ignored.</summary>
    public static Cookie? ParseSetCookie(string header, Url url, DateTimeOffset now)
    {
        var parts = header.Split(';');
        var pair = parts[0];
        var eq = pair.IndexOf('=');
        if (eq <= 0) return null;
        var name = pair[..eq].Trim();
        var value = pair[(eq + 1)..].Trim();
        if (name.Length == 0) return null;

        string? domain = null;
        string? path = null;
        bool secure = false, httpOnly = false;
        DateTimeOffset? expires = null;
        DateTimeOffset? maxAgeExpiry = null;
        foreach (var raw in parts.Skip(1))
        {
            var attr = raw.Trim();
            var i = attr.IndexOf('=');
            var key = (i < 0 ? attr : attr[..i]).Trim().ToLowerInvariant();
            var val = i < 0 ? "" : attr[(i + 1)..].Trim();
            switch (key)
            {
                case "domain" when val.Length > 0: domain = val.TrimStart('.').ToLowerInvariant(); break;
                case "path" when val.StartsWith('/'): path = val; break;
                case "secure": secure = true; break;
                case "httponly": httpOnly = true; break;
                case "max-age" when long.TryParse(val, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds):
                    maxAgeExpiry = seconds <= 0 ? DateTimeOffset.MinValue : now.AddSeconds(Math.Min(seconds, 400L * 24 * 3600));
                    break;
                case "expires" when DateTimeOffset.TryParse(val, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date):
                    expires = date;
                    break;
            }
        }

        var host = url.RawHost;
        if (domain is not null && !(host == domain || (host.EndsWith("." + domain, StringComparison.Ordinal) && !IsIpAddress(host))))
            return null; // RFC 6265 5.3 step 6: a server may not set cookies for another domain.
        if (secure && url.Scheme != "https") return null; // RFC 6265bis: only secure origins set Secure cookies.

        return new Cookie(name, value)
        {
            Domain = domain ?? host,
            HostOnly = domain is null,
            Path = path ?? DefaultPath(url.Path),
            Secure = secure,
            HttpOnly = httpOnly,
            Expires = maxAgeExpiry ?? expires,
            Created = now,
        };
    }

    /// <summary>RFC 6265 5.1.4: the directory of the request path.</summary>
    private static string DefaultPath(string requestPath)
    {
        if (!requestPath.StartsWith('/')) return "/";
        var last = requestPath.LastIndexOf('/');
        return last <= 0 ? "/" : requestPath[..last];
    }

    public override string ToString() => $"<Cookie {Name}=[secure] for {(Domain.Length == 0 ? "*" : Domain)}{Path}>";
}
