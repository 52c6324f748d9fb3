using System.Text.RegularExpressions;

namespace Httpx;

/// <summary>
/// HTTPX's URL patterns for mounts and proxies: <c>all://</c>, <c>https://</c>, <c>all://example.com</c>,
/// <c>all://*.example.com</c> (subdomains only), <c>all://*example.com</c> (the domain and its subdomains),
/// <c>all://*:1234</c>, <c>https://example.com:8443</c>. Sort by <see cref="Priority"/>: the most specific comes first.
/// </summary>
public sealed class UrlPattern : IComparable<UrlPattern>
{
    private readonly Regex? _hostRegex;

    public UrlPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > 0 && !pattern.Contains(':'))
            throw new ArgumentException(
                $"Proxy and mount keys use URL forms, not plain schemes: instead of \"{pattern}\", use \"{pattern}://\".", nameof(pattern));
        Pattern = pattern;
        var url = new Url(pattern);
        Scheme = url.Scheme == "all" ? "" : url.Scheme;
        Host = url.Host == "*" ? "" : url.Host;
        Port = url.Port;
        if (Host.Length == 0) _hostRegex = null;
        else if (Host.StartsWith("*.", StringComparison.Ordinal))
            _hostRegex = new Regex($"^.+\\.{Regex.Escape(Host[2..])}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        else if (Host.StartsWith('*'))
            _hostRegex = new Regex($"^(.+\\.)?{Regex.Escape(Host[1..])}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        else
            _hostRegex = new Regex($"^{Regex.Escape(Host)}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }

    public string Pattern { get; }
    public string Scheme { get; }
    public string Host { get; }
    public int? Port { get; }

    public bool Matches(Url url)
    {
        if (Scheme.Length > 0 && url.Scheme != Scheme) return false;
        if (_hostRegex is not null && !_hostRegex.IsMatch(url.Host)) return false;
        if (Port is not null && Port != url.Port) return false;
        return true;
    }

    /// <summary>HTTPX's priority: patterns with a port first, then longer hosts, then longer schemes.</summary>
    public (int Port, int Host, int Scheme) Priority => (Port is null ? 1 : 0, -Host.Length, -Scheme.Length);

    public int CompareTo(UrlPattern? other) => other is null ? -1 : Priority.CompareTo(other.Priority);

    public override bool Equals(object? obj) => obj is UrlPattern p && p.Pattern == Pattern;
    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Pattern;
}
