namespace Httpx;

/// <summary>Bearer token authentication (RFC 6750): <c>Authorization: Bearer &lt;token&gt;</c> on every request.</summary>
public sealed class BearerAuth : Auth
{
    private readonly string _token;

    public BearerAuth(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        // Said in words: an unset variable or an empty secret is the usual cause, and .NET's "The value cannot be an
        // empty string" names no token.
        if (token.Length == 0) throw new ArgumentException("The bearer token is empty: give the token the server issued.", nameof(token));
        // A whole Authorization value ("Bearer eyJ...", copied from a browser's network tab or a curl command): the scheme
        // is added here, so it would go as "Bearer Bearer eyJ..." (Invoke-WebRequest -Token sends that). "White space"
        // alone did not say which space was wrong.
        if (token.Length > 7 && token.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) && char.IsWhiteSpace(token[6]))
            throw new ArgumentException("The bearer token starts with 'Bearer ': give the token alone, without the scheme, which is added to the Authorization header.", nameof(token));
        // RFC 6750's b64token has neither: a space would split the token for the server (which reads the first word or
        // refuses), and a stray tab, no-break space or newline is a copy-and-paste accident. The token is not shown.
        if (UnsendableAt(token) is var at and >= 0)
            throw new ArgumentException(Unsendable(token, at), nameof(token));
        _token = token;
    }

    // The index of the first white space or control character, or -1.
    private static int UnsendableAt(ReadOnlySpan<char> token)
    {
        for (var i = 0; i < token.Length; i++)
            if (char.IsWhiteSpace(token[i]) || char.IsControl(token[i])) return i;
        return -1;
    }

    /// <summary>
    /// Why a token with white space or a control character is refused, and where it is, the token not shown. A token
    /// file read whole (Get-Content -Raw, File.ReadAllText) ends with its line break, which kubectl trims: said as such,
    /// where "cannot contain line breaks" sent the user looking inside the token.
    /// </summary>
    private static string Unsendable(string token, int at)
    {
        var trimmed = token.AsSpan().TrimEnd("\r\n");
        if (trimmed.Length > 0 && UnsendableAt(trimmed) < 0)
            return "The bearer token ends with a line break, as a token file read whole does: give the token without it (trim it).";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"A bearer token cannot contain white space, line breaks or other control characters: character {at + 1} is U+{(int)token[at]:X4}.");
    }

    public override IEnumerable<Request> AuthFlow(Request request, AuthFlowContext context)
    {
        request.Headers.Set("Authorization", "Bearer " + _token);
        yield return request;
    }

    public override string ToString() => "BearerAuth(token=[secure])";
}
