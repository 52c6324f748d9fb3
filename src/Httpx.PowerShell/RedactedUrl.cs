namespace Httpx.PowerShell;

/// <summary>URLs as shown in messages and error targets: any password replaced by "[secure]".</summary>
internal static class RedactedUrl
{
    /// <summary>
    /// The URL redacted; text that is not an absolute URL (it may still hold one, as "@{Link=https://u:pw@host/}" does)
    /// keeps its own form with the text between "user:" and "@" hidden.
    /// </summary>
    public static string Of(string text) =>
        Url.TryParse(text, out var url) && url.IsAbsoluteUrl ? url.ToRedactedString() : Url.HidePasswords(text);
}
