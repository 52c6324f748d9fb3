using System.Text.RegularExpressions;

namespace Httpx;

/// <summary>
/// The Link header read as HTTPX's <c>_parse_header_links</c> reads it: each link's URL under "url" and its
/// parameters (rel, type...) by name, quotes and spaces stripped. Lenient as HTTPX is: a parameter without '=' ends
/// that link's parameters, and nothing is refused.
/// </summary>
internal static partial class LinkHeader
{
    // What HTTPX strips from values and parameters, and from URLs (their angle brackets too).
    private static readonly char[] Strip = [' ', '\'', '"'];
    private static readonly char[] StripFromUrl = ['<', '>', ' ', '\'', '"'];

    [GeneratedRegex(", *<", RegexOptions.CultureInvariant)]
    private static partial Regex LinkSeparator();

    public static List<Dictionary<string, string>> Parse(string value)
    {
        var links = new List<Dictionary<string, string>>();
        value = value.Trim(Strip);
        if (value.Length == 0) return links;
        foreach (var item in LinkSeparator().Split(value))
        {
            int semicolon = item.IndexOf(';');
            var (url, parameters) = semicolon < 0 ? (item, "") : (item[..semicolon], item[(semicolon + 1)..]);
            // Parameter names in any case (RFC 8288: "rel", "Type"): Response.Links looks rels up so too.
            var link = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["url"] = url.Trim(StripFromUrl) };
            foreach (var parameter in parameters.Split(';'))
            {
                var pair = parameter.Split('=');
                if (pair.Length != 2) break;
                link[pair[0].Trim(Strip)] = pair[1].Trim(Strip);
            }
            links.Add(link);
        }
        return links;
    }
}
