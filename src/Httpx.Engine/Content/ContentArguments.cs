using System.Collections;
using System.Runtime.CompilerServices;

namespace Httpx;

/// <summary>Reads the loosely typed name/value collections callers pass (dictionaries, hashtables, pair lists).</summary>
internal static class ContentArguments
{
    /// <summary>The pairs in their order, with string names; anything else is an <see cref="ArgumentException"/>.</summary>
    public static List<KeyValuePair<string, object?>> ToPairs(object value, string paramName)
    {
        var pairs = new List<KeyValuePair<string, object?>>();
        switch (value)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary) pairs.Add(new(Name(entry.Key, paramName), entry.Value));
                break;
            // Typed pairs are checked too: a null name went on to the encoders (a NullReferenceException in a form).
            case IEnumerable<KeyValuePair<string, object?>> objects:
                foreach (var pair in objects) pairs.Add(new(Name(pair.Key, paramName), pair.Value));
                break;
            case IEnumerable<KeyValuePair<string, string?>> strings:
                foreach (var pair in strings) pairs.Add(new(Name(pair.Key, paramName), pair.Value));
                break;
            case IEnumerable<KeyValuePair<string, string[]>> lists:
                foreach (var pair in lists) pairs.Add(new(Name(pair.Key, paramName), pair.Value));
                break;
            case IEnumerable items and not string:
                foreach (object? item in items) pairs.Add(Pair(item, paramName));
                break;
            default:
                throw new ArgumentException(
                    $"Unexpected type for '{paramName}': expected a dictionary or a list of name/value pairs, got {value.GetType()}.",
                    paramName);
        }
        return pairs;
    }

    private static KeyValuePair<string, object?> Pair(object? item, string paramName) => item switch
    {
        KeyValuePair<string, object?> pair => new(Name(pair.Key, paramName), pair.Value),
        KeyValuePair<string, string?> pair => new(Name(pair.Key, paramName), pair.Value),
        DictionaryEntry entry => new(Name(entry.Key, paramName), entry.Value),
        ITuple { Length: 2 } tuple => new(Name(tuple[0], paramName), tuple[1]),
        _ => throw new ArgumentException(
            $"Unexpected item in '{paramName}': expected a name/value pair, got {item?.GetType().ToString() ?? "null"}.",
            paramName),
    };

    // The name itself is shown where it has a plain text (as HTTPX's message shows repr(key)): which entry of many is wrong.
    private static string Name(object? key, string paramName) => key as string ?? throw new ArgumentException(
        $"Invalid name in '{paramName}': expected a string, got {key switch
        {
            null => "null",
            _ when Internal.PrimitiveText.TryFormat(key, out var text) => $"{text} ({key.GetType()})",
            _ => key.GetType().ToString(),
        }}.", paramName);
}
