using System.Text.Json.Nodes;

namespace Httpx.Tests;

/// <summary>Reads the test server's echo JSON (/echo, /anything, /get...): header lookups are case-insensitive there.</summary>
internal static class EchoJson
{
    /// <summary>The values the server received for header <paramref name="name"/>, joined with ", "; null when absent.</summary>
    public static string? Header(JsonNode echo, string name)
    {
        foreach (var (key, values) in echo["headers"]!.AsObject())
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return string.Join(", ", values!.AsArray().Select(v => v!.GetValue<string>()));
        return null;
    }

    /// <summary>The values of query argument <paramref name="name"/> as the server parsed them.</summary>
    public static string[] Arg(JsonNode echo, string name) =>
        echo["args"]![name] is JsonArray values ? values.Select(v => v!.GetValue<string>()).ToArray() : [];

    public static string Str(JsonNode echo, string key) => echo[key]!.GetValue<string>();
}
