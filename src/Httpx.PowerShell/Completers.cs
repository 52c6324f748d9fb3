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
