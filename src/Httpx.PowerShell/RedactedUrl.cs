namespace Httpx.PowerShell;

/// <summary>URLs as shown in messages and error targets: any password replaced by "[secure]".</summary>
internal static class RedactedUrl
{
    private static readonly System.Text.RegularExpressions.Regex UserInfoPassword =
        new(@"(?<=://[^/?#@:]*:)[^/?#]*(?=@)", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The URL redacted; one that does not parse still has the text between "user:" and "@" hidden.</summary>
    public static string Of(string text) =>
        Url.TryParse(text, out var url) ? url.ToRedactedString() : UserInfoPassword.Replace(text, "[secure]");
}
