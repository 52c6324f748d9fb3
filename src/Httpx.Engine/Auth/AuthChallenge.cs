namespace Httpx;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> value: its scheme, its auth-params (names case-insensitive, unquoted
/// values; the last of a repeated name wins) and its own text. A value may hold several challenges (RFC 7235 4.1):
/// <c>Basic realm="a", Digest realm="b", nonce="c"</c> is two, and a server or a proxy that joins its header lines
/// sends them so. HTTPX reads a value as one challenge of the scheme it starts with (it never saw the Digest there);
/// curl and requests find the Digest one, as this does.
/// </summary>
internal sealed class AuthChallenge
{
    private AuthChallenge(string scheme, int start) => (Scheme, _start) = (scheme, start);

    private readonly int _start;

    public string Scheme { get; }

    /// <summary>The challenge as the server wrote it, from its scheme to its last parameter: for error messages.</summary>
    public string Text { get; private set; } = "";

    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A quoted string in it has no end: the value was cut short (HTTPX then fails on whatever is missing).</summary>
    public bool CutShort { get; private set; }

    /// <summary>
    /// The challenges of one header value, in order. A challenge starts at a token followed by a space and more
    /// (<c>Digest realm=...</c>, <c>Bearer token68</c>); <c>name=value</c> (spaces allowed around the <c>=</c>) is a
    /// parameter of the challenge before it. A token alone between commas is a parameter-less scheme when it is
    /// <c>Digest</c>, else skipped: inside a Digest challenge it is a stray flag (<c>stale</c>, <c>userhash</c>) that
    /// must not take the parameters after it away, and other schemes without parameters (<c>Negotiate</c>) are of no use here.
    /// </summary>
    public static List<AuthChallenge> ParseAll(string value)
    {
        var challenges = new List<AuthChallenge>();
        AuthChallenge? current = null;
        var i = 0;
        while (true)
        {
            while (i < value.Length && value[i] is ' ' or '\t' or ',') i++;
            if (i >= value.Length) break;
            var start = i;
            while (i < value.Length && value[i] is not (' ' or '\t' or '=' or ',' or '"')) i++;
            var token = value[start..i];
            while (i < value.Length && value[i] is ' ' or '\t') i++;

            if (i < value.Length && value[i] is '=' or '"')
            {
                // name=value, or name "value" with its '=' missing, taken as name=value; a quoted string or '=' with
                // no name before it, or before any scheme (so `Digest "x", realm=...` is no challenge), is read and dropped.
                if (value[i] == '=') i++;
                while (i < value.Length && value[i] is ' ' or '\t') i++;
                var parameter = ReadValue(value, ref i);
                if (parameter is null)
                {
                    if (current is not null) current.CutShort = true;
                    break;
                }
                if (token.Length > 0 && current is not null) current.Parameters[token] = parameter;
            }
            else if (i < value.Length && value[i] != ',' || token.Equals("Digest", StringComparison.OrdinalIgnoreCase))
            {
                current?.End(value, start);
                current = new AuthChallenge(token, start);
                challenges.Add(current);
            }
        }
        current?.End(value, value.Length);
        return challenges;
    }

    private void End(string value, int end) => Text = value[_start..end].TrimEnd(' ', '\t', ',');

    // A quoted string (backslash escapes undone; null when it has no closing quote), or the text up to the next comma.
    private static string? ReadValue(string value, ref int i)
    {
        if (i < value.Length && value[i] == '"')
        {
            var quoted = QuotedString.Read(value, ref i, out var closed);
            return closed ? quoted : null;
        }
        var start = i;
        while (i < value.Length && value[i] != ',') i++;
        return value[start..i].Trim();
    }
}
