using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Engine <see cref="Response"/>s from PowerShell values, for New-HttpxResponse and the answers of mock transport
/// scriptblocks (a Response, or a hashtable with the same keys as New-HttpxResponse's parameters).
/// </summary>
internal static class ResponseBuilder
{
    private static readonly string[] HashtableKeys = { "StatusCode", "Headers", "Content", "Text", "Html", "Json" };

    /// <param name="fromHashtable">
    /// A mock's hashtable answer: errors then name its keys (Content), not New-HttpxResponse's parameters (-Content),
    /// which the script never used.
    /// </param>
    public static Response Build(int statusCode, object? headers, object? content, string? text, string? html, object? json, Request? request,
        bool fromHashtable = false)
    {
        var bodies = new[] { content is not null, text is not null, html is not null, json is not null }.Count(b => b);
        if (bodies > 1)
            throw new ArgumentException(fromHashtable
                ? "A response hashtable takes at most one body: Content, Text, Html or Json."
                : "Give at most one body: -Content, -Text, -Html or -Json.", nameof(content));
        return new Response(statusCode, headers: Unwrap(headers), content: Content(Unwrap(content), fromHashtable ? "Content" : "-Content"), text: text, html: html,
            // As Invoke-Httpx -Json: JSON text as given ('{"id":1}' from an API's docs), any other value as ConvertTo-Json writes it.
            json: json is null ? null : PowerShellJson.ToBody(json), request: request);
    }

    /// <summary>@{ StatusCode = 200; Headers = @{...}; Json = ... } (StatusCode defaults to 200).</summary>
    public static Response FromHashtable(IDictionary table, Request? request)
    {
        // Json keeps its PSObject wrapper: a PSCustomObject's properties live there.
        object? Get(string key)
        {
            foreach (DictionaryEntry entry in table)
                if (string.Equals(entry.Key as string, key, StringComparison.OrdinalIgnoreCase)) return key == "Json" ? entry.Value : Unwrap(entry.Value);
            return null;
        }
        foreach (DictionaryEntry entry in table)
            if (entry.Key is not string name || !HashtableKeys.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException(
                    $"Unknown response key '{entry.Key}': a response hashtable takes {string.Join(", ", HashtableKeys)}.", nameof(table));
        var status = Get("StatusCode") switch
        {
            null => 200,
            var value => StatusCode(value),
        };
        return Build(status, Get("Headers"), Get("Content"), Get("Text") as string ?? Get("Text")?.ToString(),
            Get("Html") as string ?? Get("Html")?.ToString(), Get("Json"), request, fromHashtable: true);
    }

    /// <summary>
    /// A hashtable's StatusCode as a number (a string such as '404' is one), else an error naming the key and the value:
    /// neither PowerShell's cast error nor the engine's, which speak of types and parameters the script never saw.
    /// </summary>
    private static int StatusCode(object value)
    {
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
                            $"{name} as an array must hold bytes (numbers 0 to 255): item {i} is {Shown(items[i])}.", nameof(content));
                    }
                }
                return bytes;
            default:
                throw new ArgumentException($"{name} must be a string or a byte array, not a {content.GetType().FullName}.", nameof(content));
        }
    }

    private static string Shown(object? item) => Unwrap(item) switch
    {
        null => "$null",
        string text => $"'{text}'",
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
