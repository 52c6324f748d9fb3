namespace Httpx.Internal;

/// <summary>
/// The start of a long value for a message: a URL, a header, a token or an event's data can run to kilobytes, and an
/// error line must stay readable. The cut never falls between the two halves of a surrogate pair, so that the text
/// shown holds no lone half (which a console shows as '?' and UTF-8 writers refuse or replace).
/// </summary>
internal static class ShortText
{
    public const string Ellipsis = "...";

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>, one fewer where the last would be a pair's first half.</summary>
    public static string Head(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = max > 0 && char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }

    /// <summary><paramref name="text"/> itself, or its <see cref="Head"/> followed by "..." when it is longer than <paramref name="max"/>.</summary>
    public static string Cut(string text, int max) => text.Length <= max ? text : Head(text, max) + Ellipsis;
}
