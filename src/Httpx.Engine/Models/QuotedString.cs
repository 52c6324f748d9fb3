using System.Text;

namespace Httpx;

/// <summary>A header's quoted-string (RFC 9110 5.6.4), as Content-Disposition and WWW-Authenticate parameters hold them.</summary>
internal static class QuotedString
{
    /// <summary>
    /// The quoted-string that opens at <paramref name="text"/>[<paramref name="i"/>] (a '"'), its quoted-pairs undone
    /// (a backslash takes the next character as it is). <paramref name="i"/> ends after the closing quote, or at the end
    /// of the text when none closes it; <paramref name="closed"/> says which.
    /// </summary>
    public static string Read(string text, ref int i, out bool closed)
    {
        var value = new StringBuilder();
        for (i++; i < text.Length && text[i] != '"'; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length) i++;
            value.Append(text[i]);
        }
        closed = i < text.Length;
        if (closed) i++;
        return value.ToString();
    }
}
