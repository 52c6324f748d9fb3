using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Engine <see cref="Response"/>s from PowerShell values, for New-HttpxResponse and the answers of mock transport
/// scriptblocks (a Response, or a hashtable with the same keys as New-HttpxResponse's parameters).
/// </summary>
internal static class ResponseBuilder
{
    private static readonly string[] HashtableKeys = { "StatusCode", "Headers", "Content", "Text", "Html", "Json", "Stream", "HttpVersion", "ReasonPhrase" };

    public const string Http10 = "HTTP/1.0";
    public const string Http11 = "HTTP/1.1";
    public const string Http2 = "HTTP/2";
    public const string Http3 = "HTTP/3";
    private static readonly string[] HttpVersions = { Http10, Http11, Http2, Http3 };

    /// <param name="fromHashtable">
    /// A mock's hashtable answer: errors then name its keys (Content), not New-HttpxResponse's parameters (-Content),
    /// which the script never used.
    /// </param>
    public static Response Build(int statusCode, object? headers, object? content, string? text, string? html, object? json, Request? request,
        object? stream = null, string? httpVersion = null, string? reasonPhrase = null, bool fromHashtable = false)
    {
        var bodies = new[] { content is not null, text is not null, html is not null, json is not null, stream is not null }.Count(b => b);
        if (bodies > 1)
            throw new ArgumentException(fromHashtable
                ? "A response hashtable takes at most one body: Content, Text, Html, Json or Stream."
                : "Give at most one body: -Content, -Text, -Html, -Json or -Stream.", "Content");
        return new Response(statusCode, headers: ResponseHeaders(headers), content: Content(Unwrap(content), fromHashtable ? "Content" : "-Content"), text: text, html: html,
            // As Invoke-Httpx -Json: JSON text as given ('{"id":1}' from an API's docs), any other value as ConvertTo-Json writes it.
            json: json is null ? null : PowerShellJson.ToBody(json, fromHashtable ? "Json" : "-Json"), stream: StreamBody(stream, fromHashtable ? "Stream" : "-Stream"), request: request,
            extensions: Extensions(httpVersion, reasonPhrase, fromHashtable));
    }

    /// <summary>
    /// The headers as the engine takes them, a refusal reported against Headers: the engine names its own C# parameter
    /// ('name', 'value', 'headers'), which was the error's target, where Invoke-Httpx's target is -Headers.
    /// </summary>
    private static Headers? ResponseHeaders(object? headers)
    {
        try
        {
            return Unwrap(headers) is { } given ? Headers.From(given) : null;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(ErrorRecordFactory.BareMessage(e), "Headers", e);
        }
    }

    /// <summary>
    /// HTTPX's http_version and reason_phrase extensions, as the engine's Response reads them: a mocked HTTP/2 answer
    /// then shows HTTP/2 in its HttpVersion and in -Verbose. The version is one of the four the engine's transports give,
    /// spelled as they spell it (ValidateSet takes "http/2" too).
    /// </summary>
    private static Dictionary<string, object?>? Extensions(string? httpVersion, string? reasonPhrase, bool fromHashtable)
    {
        if (httpVersion is null && reasonPhrase is null) return null;
        var extensions = new Dictionary<string, object?>();
        if (httpVersion is not null)
            extensions["http_version"] = HttpVersions.FirstOrDefault(v => string.Equals(v, httpVersion.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"{(fromHashtable ? "HttpVersion" : "-HttpVersion")} '{httpVersion}' is not an HTTP version: use {string.Join(", ", HttpVersions)}.", "HttpVersion");
        if (reasonPhrase is not null) extensions["reason_phrase"] = reasonPhrase;
        return extensions;
    }

    // A body read as it is consumed: only a readable stream is one (a path or bytes go in Content).
    private static Stream? StreamBody(object? stream, string name) => Unwrap(stream) switch
    {
        null => null,
        // A PowerShell class's stream (a test's endless or failing body) is read on the pipeline thread, as its script must be.
        Stream { CanRead: true } readable => PowerShellClassStream.Of(readable),
        Stream => throw new ArgumentException($"{name} must be a readable stream: this one cannot be read (closed, or opened for writing only).", "Stream"),
        var other => throw new ArgumentException($"{name} must be a System.IO.Stream, not a {other.GetType().FullName}: give bytes or a string as Content.", "Stream"),
    };

    /// <summary>@{ StatusCode = 200; Headers = @{...}; Json = ... } (StatusCode defaults to 200).</summary>
    public static Response FromHashtable(IDictionary table, Request? request)
    {
        // Json keeps its PSObject wrapper: a PSCustomObject's properties live there (a command's empty output is no body).
        object? Get(string key)
        {
            foreach (DictionaryEntry entry in table)
                if (string.Equals(entry.Key as string, key, StringComparison.OrdinalIgnoreCase))
                    return key != "Json" ? Unwrap(entry.Value) : PowerShellValues.Unwrap(entry.Value) is null ? null : entry.Value;
            return null;
        }
        foreach (DictionaryEntry entry in table)
            if (entry.Key is not string name || !HashtableKeys.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException(
                    $"Unknown response key '{entry.Key}': a response hashtable takes {string.Join(", ", HashtableKeys)}.", nameof(table));
        // Only a missing key means 200: StatusCode = $null (a misspelt or unset variable) is no status code.
        var status = table.Keys.Cast<object>().Any(k => string.Equals(k as string, "StatusCode", StringComparison.OrdinalIgnoreCase))
            ? StatusCode(Get("StatusCode"))
            : 200;
        return Build(status, Get("Headers"), Get("Content"), Get("Text") as string ?? Get("Text")?.ToString(),
            Get("Html") as string ?? Get("Html")?.ToString(), Get("Json"), request, Get("Stream"), Get("HttpVersion")?.ToString(),
            Get("ReasonPhrase")?.ToString(), fromHashtable: true);
    }

    /// <summary>
    /// A hashtable's StatusCode as a number (a string such as '404' is one), else an error naming the key and the value:
    /// neither PowerShell's cast error nor the engine's, which speak of types and parameters the script never saw.
    /// </summary>
    private static int StatusCode(object? value)
    {
        if (value is null)
            throw new ArgumentException(
                "StatusCode is $null, which is no status code: a response hashtable takes a number from 100 to 999, or no StatusCode key for 200.", "StatusCode");
        int? status;
        try
        {
            status = LanguagePrimitives.ConvertTo<int>(value);
        }
        catch (PSInvalidCastException)
        {
            status = null;
        }
        return status is >= 100 and <= 999
            ? status.Value
            : throw new ArgumentException($"StatusCode '{value}' is not a status code: a response hashtable takes a number from 100 to 999.", "StatusCode");
    }

    /// <summary>
    /// The engine takes bytes or a string; PowerShell arrays such as @(104, 105) are object[] of numbers. A bad item is
    /// named with its position and value: in a long array "must hold bytes" alone left the user to find it.
    /// </summary>
    private static object? Content(object? content, string name)
    {
        switch (content)
        {
            case null or byte[] or string: return content;
            case object[] items:
                var bytes = new byte[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    try
                    {
                        bytes[i] = LanguagePrimitives.ConvertTo<byte>(items[i]);
                    }
                    catch (PSInvalidCastException)
                    {
                        throw new ArgumentException(
                            $"{name} as an array must hold bytes (numbers 0 to 255): item {i} is {Shown(items[i])}.", "Content");
                    }
                }
                return bytes;
            default:
                throw new ArgumentException($"{name} must be a string or a byte array, not a {content.GetType().FullName}.", "Content");
        }
    }

    private static string Shown(object? item) => Unwrap(item) switch
    {
        null => "$null",
        string text => $"'{text}'",
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    // PowerShellValues.Unwrap (a command's empty output, AutomationNull, is $null, as in -Json, -Data and -Params), and a
    // PSCustomObject as itself, so that a message names its type.
    private static object? Unwrap(object? value) => PowerShellValues.Unwrap(value) is var unwrapped && unwrapped is PSObject ps ? ps.BaseObject : unwrapped;
}
