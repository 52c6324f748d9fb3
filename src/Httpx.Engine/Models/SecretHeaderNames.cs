namespace Httpx;

/// <summary>
/// Which request and response headers carry a secret, and are shown as [secure] wherever headers are shown (reprs,
/// -Verbose, views, messages; the value itself stays readable): Authorization and Proxy-Authorization (as HTTPX's repr
/// masks them), cookies, and the custom headers APIs take keys and tokens in. There is no standard for those, so a
/// name is read word by word (split at '-' and '_'): X-API-Key, PRIVATE-TOKEN (GitLab), X-Auth-Token, X-Vault-Token,
/// Ocp-Apim-Subscription-Key (Azure), X-Registry-Auth (Docker), X-Subject-Token (OpenStack), X-Api-Secret, and words
/// run together (X-ApiKey, X-AuthToken, X-AccessToken); a few by name (X-Registry-Config, X-Honeycomb-Team). An ops log
/// pasted into a ticket should hold none of them; curl -v shows them all, and Invoke-WebRequest shows no header at all.
/// </summary>
internal static class SecretHeaderNames
{
    private static readonly HashSet<string> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
        // Artifactory's API key, Docker's registry logins for a build (base64 JSON of user names and passwords) and
        // Honeycomb's API key, whose names have no word that says so.
        "X-JFrog-Art-Api", "X-Registry-Config", "X-Honeycomb-Team",
    };

    // A word of the name that says it carries a credential. "Auth" alone: WWW-Authenticate and Authentication-Info
    // carry a challenge and its parameters, not a secret, and keep their values.
    private static readonly string[] CredentialWords =
        ["token", "secret", "password", "passwd", "apikey", "authtoken", "accesstoken", "key", "auth", "authorization", "credential",
            "credentials", "session", "jwt"];

    // Named for a key that is no secret: shown, since a retry's or a handshake's key is what one looks for in a log.
    private static readonly HashSet<string> NotSecret = new(StringComparer.OrdinalIgnoreCase) { "Idempotency-Key", "Sec-WebSocket-Key" };

    /// <summary>Whether the value of header <paramref name="name"/> (trimmed) is a secret.</summary>
    public static bool Contains(string name)
    {
        if (Named.Contains(name)) return true;
        if (NotSecret.Contains(name)) return false;
        var rest = name.AsSpan();
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOfAny('-', '_');
            var word = end < 0 ? rest : rest[..end];
            foreach (var credential in CredentialWords)
                if (word.Equals(credential, StringComparison.OrdinalIgnoreCase)) return true;
            rest = end < 0 ? default : rest[(end + 1)..];
        }
        return false;
    }
}
