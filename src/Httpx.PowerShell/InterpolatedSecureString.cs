namespace Httpx.PowerShell;

/// <summary>
/// A SecureString put into a string ("Bearer $token", with $token from Get-Secret or Read-Host -AsSecureString) is its
/// type name, System.Security.SecureString, and holds none of the secret. Sent as a header it got a 401 that says
/// nothing of why (Invoke-WebRequest sends it too); a header value holding that text is refused, naming the header,
/// before any request, and so is a -Params or -Data field's (an API key in the query).
/// </summary>
internal static class InterpolatedSecureString
{
    private const string TypeName = "System.Security.SecureString";

    /// <param name="text">A header's value as it would be sent.</param>
    /// <param name="label">How the message names the header ("-Headers 'Authorization'").</param>
    /// <param name="parameter">The parameter named as the error's target.</param>
    public static void Refuse(string? text, string label, string parameter)
    {
        if (text is not null && IsIn(text))
            throw new ArgumentException($"{label}: {Problem} {WhatToGive}", parameter);
    }

    /// <summary>Whether <paramref name="text"/> holds a SecureString put into a string (also a -Params or -Data value's).</summary>
    public static bool IsIn(string text) => text.Contains(TypeName, StringComparison.Ordinal);

    public const string Problem =
        $"the value holds the text '{TypeName}', which is what a SecureString becomes inside a string (\"Bearer $secret\"): none of the secret is in it.";

    /// <summary>What to give for a secret held in a SecureString, for this refusal and that of a SecureString header value.</summary>
    public const string WhatToGive = "Give a bearer token to -Auth (New-HttpxAuth -Bearer -Token takes a SecureString), or the secret's text (ConvertFrom-SecureString -AsPlainText).";

    /// <summary>What to give for a query or form field: no auth header takes its place.</summary>
    public const string WhatToGiveAsText = "Give the secret's text (ConvertFrom-SecureString -AsPlainText).";
}
