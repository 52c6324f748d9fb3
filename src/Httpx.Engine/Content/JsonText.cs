using System.Text;
using System.Text.Json;

namespace Httpx;

/// <summary>
/// JSON that is already text, for <c>json</c>: sent exactly as given (UTF-8, Content-Type application/json), where a
/// plain string would be serialised as a JSON string literal as HTTPX does. The text must be valid JSON. A leading
/// byte order mark is not part of it (RFC 8259 8.1: a parser may ignore one, a sender must not add one): text read
/// with one kept (a .NET string of a file's bytes decoded as it was saved, say) is sent without it.
/// </summary>
public sealed record JsonText
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>The key of the error's Data entry that holds what is wrong, for a message of the caller's own.</summary>
    internal const string ReasonKey = "Httpx.JsonTextReason";

    public JsonText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == ByteOrderMark) text = text[1..];
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        // ArgumentException: a lone surrogate, which no UTF-8 body can carry (System.Text.Json cannot transcode it).
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            var reason = Reason(e, text);
            throw new ArgumentException($"The text given as JSON is not valid JSON: {reason}", "json", e) { Data = { [ReasonKey] = reason } };
        }
        Text = text;
    }

    public string Text { get; }

    public override string ToString() => Text;

    /// <summary>
    /// System.Text.Json's reason, told in the text's characters: it counts UTF-8 bytes from 0 and quotes the first byte
    /// of a character it refuses, so a curly quote pasted from a chat said "'0xE2' is an invalid start of a value.
    /// LineNumber: 0 | BytePositionInLine: 9." Now it says "'“' (U+201C) is an invalid start of a value (line 1,
    /// character 10)".
    /// </summary>
    private static string Reason(Exception e, string text)
    {
        if (e is not JsonException { LineNumber: { } line, BytePositionInLine: { } bytes } json) return e.Message;
        var reason = json.Message;
        var position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position < 0) return reason;
        reason = reason[..position].TrimEnd('.', ' ');
        if (CharacterAt(text, line, bytes) is not { } at) return reason;
        // The byte it quotes is the first of the character's UTF-8 bytes: quote the character instead.
        var c = text[at];
        if (c > 0x7F && reason.StartsWith("'0x", StringComparison.Ordinal) && reason.IndexOf('\'', 1) is var close and > 0)
        {
            var character = char.IsHighSurrogate(c) && at + 1 < text.Length ? text.Substring(at, 2) : c.ToString();
            var code = $"U+{char.ConvertToUtf32(character, 0):X4}";
            // A no-break or zero-width space pasted in looks like nothing between quotes: its code point alone says it.
            reason = (IsInvisible(c) ? code : $"'{character}' ({code})") + reason[(close + 1)..];
        }
        return $"{reason} (line {line + 1}, character {at - LineStart(text, line) + 1})";
    }

    private static bool IsInvisible(char c) => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control
        or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.SpaceSeparator
        or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    // The index in text of the character at a (line, UTF-8 byte in that line) position, or null past its end.
    private static int? CharacterAt(string text, long line, long bytes)
    {
        var i = LineStart(text, line);
        if (i < 0) return null;
        for (long counted = 0; i < text.Length && text[i] != '\n'; i++)
        {
            if (counted >= bytes) return i;
            var c = text[i];
            counted += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3; // a pair: 4 bytes over its two chars
        }
        return i < text.Length ? i : null;
    }

    private static int LineStart(string text, long line)
    {
        var i = 0;
        for (long n = 0; n < line; n++)
        {
            i = text.IndexOf('\n', i) + 1;
            if (i == 0) return -1;
        }
        return i;
    }
}
