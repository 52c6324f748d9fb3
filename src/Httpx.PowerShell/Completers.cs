using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Httpx.PowerShell;

/// <summary>Tab completion for -Method: the standard HTTP methods.</summary>
public sealed class HttpMethodCompleter : IArgumentCompleter
{
    // Internal: a public array is PowerShell's to write into ([...HttpMethodCompleter]::Methods[0] = 'X' changed the
    // completion of every runspace of the process).
    internal static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT" };

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
/// Tab completion for -Header ("Name: value" items): common request header names as <c>'Name: '</c>, and once the
/// word has a colon, common values for the headers that have a few (Accept, Content-Type...).
/// </summary>
public sealed class HeaderCompleter : IArgumentCompleter
{
    // Internal, as Methods is.
    internal static readonly string[] Names =
    {
        "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Content-Encoding",
        "Content-Type", "Cookie", "Idempotency-Key", "If-Match", "If-Modified-Since", "If-None-Match",
        "If-Unmodified-Since", "Origin", "Prefer", "Proxy-Authorization", "Range", "Referer", "Traceparent",
        "User-Agent", "X-Api-Key", "X-Correlation-Id", "X-Forwarded-For", "X-Request-Id", "X-Requested-With",
    };

    internal static readonly string[] MediaTypes =
    {
        "application/json", "application/xml", "application/x-www-form-urlencoded", "application/octet-stream",
        "text/plain", "text/html", "text/csv",
    };

    private static readonly Dictionary<string, string[]> Values = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Accept"] = new[] { "application/json", "application/xml", "text/plain", "text/html", "text/event-stream", "application/x-ndjson", "*/*" },
        ["Content-Type"] = MediaTypes,
        ["Accept-Encoding"] = new[] { "gzip, deflate, br, zstd", "gzip", "br", "zstd", "identity" },
        ["Cache-Control"] = new[] { "no-cache", "no-store", "max-age=0" },
        ["Authorization"] = new[] { "Bearer ", "Basic " },
        ["Proxy-Authorization"] = new[] { "Basic " },
        ["X-Requested-With"] = new[] { "XMLHttpRequest" },
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var quote = wordToComplete.StartsWith('"') ? '"' : '\'';
        var word = wordToComplete.Trim('\'', '"');
        var colon = word.IndexOf(':');
        if (colon < 0)
        {
            foreach (var name in Names.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
                yield return new CompletionResult(Quoted($"{name}: ", quote), name, CompletionResultType.ParameterValue, $"{name}: ");
            yield break;
        }
        var typedName = word[..colon].Trim();
        if (!Values.TryGetValue(typedName, out var values)) yield break;
        var canonical = Names.First(n => n.Equals(typedName, StringComparison.OrdinalIgnoreCase));
        var prefix = word[(colon + 1)..].TrimStart();
        foreach (var value in values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            yield return new CompletionResult(Quoted($"{canonical}: {value}", quote), value, CompletionResultType.ParameterValue, $"{canonical}: {value}");
    }

    // The item has a space, so it needs quotes; keep the user's kind.
    private static string Quoted(string text, char quote) => quote == '"'
        ? "\"" + text.Replace("`", "``").Replace("$", "`$").Replace("\"", "`\"") + "\""
        : "'" + text.Replace("'", "''") + "'";
}

/// <summary>Tab completion for -ContentType: the common media types -Header completes for Content-Type.</summary>
public sealed class MediaTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HttpMethodCompleter.Matching(HeaderCompleter.MediaTypes, wordToComplete);
}
