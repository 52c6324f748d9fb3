namespace Httpx;

/// <summary>
/// Finds the passwords of URLs in text that may not parse, for messages: "scheme://user:password@host", also when the
/// password holds '/', '?' or '#' (a URL that then fails to parse on a bogus port or host), and curl's scheme-less
/// "user:password@host" (which parses as a scheme "user", or fails). Errs on the side of hiding: in text that is
/// not a valid URL, everything from the first ':' of a userinfo to the last '@' of the word is taken as the password.
/// </summary>
internal static class UrlPasswords
{
    public const string Mask = "[secure]";

    /// <summary><paramref name="text"/> with every password in it replaced by "[secure]".</summary>
    public static string Hide(string text)
    {
        if (!text.Contains('@')) return text;
        var spans = Find(text);
        if (spans.Count == 0) return text;
        var hidden = new System.Text.StringBuilder(text.Length);
        int copied = 0;
        foreach (var (start, length) in spans)
        {
            hidden.Append(text, copied, start - copied).Append(Mask);
            copied = start + length;
        }
        return hidden.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Whether <paramref name="value"/>, a piece of <paramref name="text"/>, lies inside one of its passwords.</summary>
    public static bool IsInPassword(string text, string value) =>
        value.Length > 0 && Find(text).Exists(span => text.AsSpan(span.Start, span.Length).Contains(value, StringComparison.Ordinal)
                                                      || value.Contains(text.Substring(span.Start, span.Length), StringComparison.Ordinal));

    /// <summary>The passwords' positions in <paramref name="text"/>, in order; each word (a run without white space) holds at most one.</summary>
    private static List<(int Start, int Length)> Find(string text)
    {
        var spans = new List<(int, int)>();
        int wordStart = 0;
        while (wordStart < text.Length)
        {
            while (wordStart < text.Length && char.IsWhiteSpace(text[wordStart])) wordStart++;
            int wordEnd = wordStart;
            while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd])) wordEnd++;
            if (InWord(text, wordStart, wordEnd) is { } span) spans.Add(span);
            else if (RunsOnPastWord(text, wordStart, wordEnd) is { } longer)
            {
                spans.Add(longer);
                wordEnd = longer.Start + longer.Length;
            }
            wordStart = wordEnd;
        }
        return spans;
    }

    /// <summary>
    /// A password with white space in it ("http://user:pass word@host", a pasted line break): the word ends inside it.
    /// When a word opens a userinfo ("scheme://user:...") and holds no '@', the password runs on to the next '@' in
    /// the text, unless the word ends the URL (a path or a closing quote in it), or a quote (messages quote the URL
    /// they name) or another "://" comes before that '@'.
    /// </summary>
    private static (int Start, int Length)? RunsOnPastWord(string text, int start, int end)
    {
        var word = text.AsSpan(start, end - start);
        if (word.IndexOf('@') >= 0) return null;
        int separator = word.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0) return null;
        int authority = separator + 3;
        int colon = word[authority..].IndexOf(':');
        // A user name has none of "/?#" (the authority ended) nor "[]()," (an IPv6 host's colon is no userinfo's).
        if (colon < 0 || word[authority..(authority + colon)].IndexOfAny("/?#[](),") >= 0) return null;
        // The word must end inside the password: a path, a query or a closing quote says the URL ended in it.
        var after = word[(authority + colon + 1)..];
        if (after.IndexOfAny("/?#'\"`") >= 0) return null;
        int passwordStart = start + authority + colon + 1;
        var rest = text.AsSpan(end);
        int at = rest.IndexOf('@');
        if (at < 0) return null;
        // Nor does it run on past a quote or another URL.
        var between = rest[..at];
        if (between.IndexOfAny("'\"`") >= 0 || between.IndexOf("://", StringComparison.Ordinal) >= 0) return null;
        // Across several words the sentence more likely went on ("http://proxy:3128 (ask ops@example.com)"): not when
        // the word ended in a port (digits alone), nor past a bracket, a comma or a semicolon. A single word after the
        // break ("1234\n5678@", "2024 Summer@") is hidden whatever it holds: a password with white space in it.
        var severalWords = between.TrimStart().IndexOfAny(" \t\r\n") >= 0;
        if (severalWords && ((after.Length > 0 && !after.ContainsAnyExcept("0123456789")) || between.IndexOfAny("(),;") >= 0)) return null;
        return (passwordStart, end + at - passwordStart);
    }

    private static (int Start, int Length)? InWord(string text, int start, int end)
    {
        var word = text.AsSpan(start, end - start);
        int at = word.LastIndexOf('@');
        if (at < 0) return null;
        int authority;
        int separator = word.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0) authority = separator + 3;
        else if (word.StartsWith("//")) authority = 2;
        else
        {
            // curl's "user:password@host": the user name holds none of ":/?#@".
            int colon = word.IndexOf(':');
            if (colon <= 0 || colon > at || word[..colon].IndexOfAny("/?#@") >= 0) return null;
            return (start + colon + 1, at - colon - 1);
        }
        if (at < authority) return null;
        // In a well-formed URL the userinfo ends at the last '@' before the path; only when there is none there is the
        // password taken to run on to the word's last '@'.
        int authorityEnd = word[authority..].IndexOfAny("/?#") is var length and >= 0 ? authority + length : word.Length;
        int lastInAuthority = word[authority..authorityEnd].LastIndexOf('@');
        if (lastInAuthority >= 0) at = authority + lastInAuthority;
        int userColon = word[authority..at].IndexOf(':');
        if (userColon < 0) return null;
        int passwordStart = authority + userColon + 1;
        return (start + passwordStart, at - passwordStart);
    }
}
