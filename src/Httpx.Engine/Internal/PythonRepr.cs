using System.Buffers;
using System.Globalization;
using System.Text;

namespace Httpx.Internal;

/// <summary>
/// A string as Python's <c>repr()</c> writes it, for the reprs HTTPX and its companions print: single quotes, or double
/// quotes when the text holds a single quote and no double one; backslash escapes for the quote, the backslash, tab,
/// line feed and carriage return; \xNN, \uNNNN or \UNNNNNNNN for other characters Python does not print (control
/// and format characters, separators other than the space, lone surrogates). A line break never breaks the text.
/// </summary>
internal static class PythonRepr
{
    public static string Of(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        for (var i = 0; i < text.Length; i++)
        {
            // A lone surrogate is no character: Python escapes the code unit.
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length) != OperationStatus.Done)
            {
                builder.Append($"\\u{(int)text[i]:x4}");
                continue;
            }
            i += length - 1;
            switch (rune.Value)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case var c when c == quote: builder.Append('\\').Append(quote); break;
                case var c when !IsPrintable(rune):
                    builder.Append(c < 0x100 ? $"\\x{c:x2}" : c < 0x10000 ? $"\\u{c:x4}" : $"\\U{c:x8}");
                    break;
                default: builder.Append(rune.ToString()); break;
            }
        }
        return builder.Append(quote).ToString();
    }

    // Python's str.isprintable(): every category but "Other" and "Separator", and the space.
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };
}
