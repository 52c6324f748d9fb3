using System.Text.RegularExpressions;

namespace Httpx;

/// <summary>
/// The Link header read as HTTPX's <c>_parse_header_links</c> reads it: each link's URL under "url" and its
/// parameters (rel, type...) by name, quotes and spaces stripped. Lenient as HTTPX is: a parameter without '=' ends
/// that link's parameters, and nothing is refused. One difference: a ';' inside the angle brackets is the URL's
/// (RFC 8288's URI-Reference; <c>?fields=id;name</c>, matrix parameters), where HTTPX cuts the URL at it and loses rel.
/// </summary>
internal static partial class LinkHeader
{
    // What HTTPX strips from values and parameters, and from URLs (their angle brackets too).
    private static readonly char[] Strip = [' ', '\'', '"'];
    private static readonly char[] StripFromUrl = ['<', '>', ' ', '\'', '"'];

    // HTTPX splits at ", *<"; the '<' is kept here (a lookahead), so that each link's URL is found up to its '>'.
    [GeneratedRegex(", *(?=<)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkSeparator();

    public static List<Dictionary<string, string>> Parse(string value)
    {
        var links = new List<Dictionary<string, string>>();
        value = value.Trim(Strip);
        if (value.Length == 0) return links;
        foreach (var item in LinkSeparator().Split(value))
        {
            // The parameters start at the first ';' after the URL's closing '>' (the URL may hold ';').
            int close = item.TrimStart(' ').StartsWith('<') ? item.IndexOf('>') : -1;
            int semicolon = item.IndexOf(';', close < 0 ? 0 : close);
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
