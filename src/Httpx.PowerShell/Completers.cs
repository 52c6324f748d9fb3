using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Httpx.PowerShell;

/// <summary>Tab completion for -Method: the standard HTTP methods.</summary>
public sealed class HttpMethodCompleter : IArgumentCompleter
{
    public static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT" };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Matching(Methods, wordToComplete);

    internal static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string word)
    {
        var prefix = word.Trim('\'', '"');
        foreach (var candidate in candidates.Where(c => c.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            yield return new CompletionResult(candidate, candidate, CompletionResultType.ParameterValue, candidate);
    }
}

/// <summary>
/// Tab completion of common header names, for a parameter that takes one (and inside -Headers hashtable keys where the
/// host completes them: <c>-Headers @{ Acc&lt;Tab&gt;</c> is not offered by PowerShell, so this serves header-name parameters).
/// </summary>
public sealed class HeaderNameCompleter : IArgumentCompleter
{
    public static readonly string[] Names =
    {
        "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Connection", "Content-Disposition",
        "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "Cookie", "Date", "ETag", "Expect", "Forwarded",
        "From", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Origin", "Pragma",
        "Prefer", "Proxy-Authorization", "Range", "Referer", "TE", "Upgrade", "User-Agent", "Via", "X-Api-Key", "X-Correlation-ID",
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Request-ID",
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HttpMethodCompleter.Matching(Names, wordToComplete);
}
