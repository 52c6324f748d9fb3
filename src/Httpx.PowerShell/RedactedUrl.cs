namespace Httpx.PowerShell;

/// <summary>URLs as shown in messages and error targets: any password replaced by "[secure]".</summary>
internal static class RedactedUrl
{
    /// <summary>
    /// The URL redacted; text that is not an absolute URL (it may still hold one, as "@{Link=https://u:pw@host/}" does)
    /// keeps its own form with the text between "user:" and "@" hidden. A password holding '/', '?' or '#' ends the
    /// authority early ("http://user:1234/pw@proxy:3128" parses as the host "user", port 1234 and a path), where the
    /// parsed URL sees no password: the text is searched as well, erring on the side of hiding (as
    /// <see cref="Url.HidePasswords"/> does, "https://host:8443/@user" reads "https://host:[secure]@user").
    /// </summary>
    public static string Of(string text) =>
        Url.HidePasswords(Url.TryParse(text, out var url) && url.IsAbsoluteUrl ? url.ToRedactedString() : text);
}
