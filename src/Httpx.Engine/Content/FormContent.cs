using System.Text;

namespace Httpx;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body, encoded like Python's <c>urlencode(..., doseq=True)</c>:
/// a list value repeats its name, spaces become '+', everything but letters, digits and <c>_.-~</c> is
/// percent-encoded as UTF-8.
/// </summary>
public sealed class FormContent : BufferedContent
{
    public const string MediaType = "application/x-www-form-urlencoded";

    /// <param name="fields">Names and values in order; a value is a string, number, boolean, null or a list of those.</param>
    public FormContent(IEnumerable<KeyValuePair<string, object?>> fields) : base(Encode(fields), MediaType) { }

    private static byte[] Encode(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (FormValue.IsList(value))
            {
                foreach (object? item in (System.Collections.IEnumerable)value!) Append(body, name, item);
            }
            else
            {
                Append(body, name, value);
            }
        }
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    private static void Append(StringBuilder body, string name, object? value)
    {
        if (body.Length > 0) body.Append('&');
        QuotePlus(body, name);
        body.Append('=');
        QuotePlus(body, FormValue.ToText(value, "data"));
    }

    private const string Hex = "0123456789ABCDEF";

    /// <summary>Python's <c>quote_plus</c>.</summary>
    private static void QuotePlus(StringBuilder body, string text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                body.Append(c);
            }
            else if (c == ' ')
            {
                body.Append('+');
            }
            else
            {
                // A surrogate pair is one scalar; a lone surrogate becomes U+FFFD, which UTF-8 can hold.
                _ = Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int consumed);
                int count = rune.EncodeToUtf8(utf8);
                foreach (byte b in utf8[..count]) body.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
                i += consumed - 1;
            }
        }
    }
}
