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

    // Python's quote_plus, as the query string's encoder writes it.
    private static void Append(StringBuilder body, string name, object? value)
    {
        if (body.Length > 0) body.Append('&');
        body.Append(PercentEncoding.FormEncode(name)).Append('=').Append(PercentEncoding.FormEncode(FormValue.ToText(value, name, "data")));
    }
}
