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
        if (IsIn(text)) throw Interpolated(label, parameter);
    }

    /// <summary>Whether <paramref name="text"/> holds a SecureString put into a string (a header's, a field's value).</summary>
    public static bool IsIn(string? text) => text is not null && text.Contains(TypeName, StringComparison.Ordinal);

    /// <summary>The error for a value that <see cref="IsIn"/>; <paramref name="whatToGive"/>: <see cref="WhatToGive"/>, or <see cref="WhatToGiveAsText"/> for a field.</summary>
    public static ArgumentException Interpolated(string label, string parameter, string whatToGive = WhatToGive) =>
        new($"{label}: the value holds the text '{TypeName}', which is what a SecureString becomes inside a string (\"Bearer $secret\"): none of the secret is in it. {whatToGive}", parameter);

    /// <summary>
    /// The error for a SecureString given as a value (Get-Secret's default): a header's went to the engine's "not
    /// System.Security.SecureString", a field's its generic refusal for each request, neither saying what to give.
    /// </summary>
    public static ArgumentException Given(string label, string parameter, string whatToGive = WhatToGive) =>
        new($"{label}: a value is text, not a SecureString. {whatToGive}", parameter);

    /// <summary>What to give for a secret held in a SecureString, for a header.</summary>
    public const string WhatToGive = "Give a bearer token to -Auth (New-HttpxAuth -Bearer -Token takes a SecureString), or the secret's text (ConvertFrom-SecureString -AsPlainText).";

    /// <summary>What to give for a query or form field: no auth header takes its place.</summary>
    public const string WhatToGiveAsText = "Give the secret's text (ConvertFrom-SecureString -AsPlainText).";
}
