using System.Text;

namespace Httpx;

/// <summary>Finds the text encoding a Content-Type names, as HTTPX's <c>charset_encoding</c> and codec lookup do.</summary>
public static class Charset
{
    // Python codec names that .NET does not know under the same spelling.
    private static readonly Dictionary<string, string> PythonAliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8", ["u8"] = "utf-8", ["latin-1"] = "iso-8859-1", ["l1"] = "iso-8859-1",
        ["maccyrillic"] = "x-mac-cyrillic", ["mac-cyrillic"] = "x-mac-cyrillic", ["sjis"] = "shift_jis",
        ["cp936"] = "gbk", ["cp949"] = "ks_c_5601-1987",
    };

    // Legacy code pages (windows-1251, shift_jis, ...) are not available in .NET until this provider is registered.
    static Charset() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The encoding of the <c>charset</c> parameter of <paramref name="contentType"/>, or null when there is none
    /// or it is unknown (HTTPX then falls back to UTF-8). Undecodable bytes become U+FFFD (Python's errors='replace').
    /// </summary>
    public static Encoding? FromContentType(string? contentType) => FromName(CharsetParameter(contentType));

    /// <summary>The encoding called <paramref name="name"/> (Python spellings such as "utf8" or "latin_1" too), or null.</summary>
    public static Encoding? FromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        name = name.Trim();
        string hyphenated = name.Replace('_', '-');
        foreach (string candidate in new[] { name, hyphenated, PythonAliases.GetValueOrDefault(hyphenated) ?? "" })
        {
            if (candidate.Length == 0) continue;
            try
            {
                return Encoding.GetEncoding(candidate, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
            }
            catch (ArgumentException)
            {
                // Not a name .NET knows; try the next spelling.
            }
        }
        return null;
    }

    /// <summary>The charset parameter's value, unquoted and lower-cased, as Python's <c>get_content_charset</c>.</summary>
    private static string? CharsetParameter(string? contentType)
    {
        if (contentType is null) return null;
        int semicolon = contentType.IndexOf(';');
        if (semicolon < 0) return null;
        foreach (string parameter in contentType[(semicolon + 1)..].Split(';'))
        {
            int equals = parameter.IndexOf('=');
            if (equals < 0 || !parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase)) continue;
            string value = parameter[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1].Replace("\\\"", "\"");
            return value.Trim().ToLowerInvariant();
        }
        return null;
    }
}
