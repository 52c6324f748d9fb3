namespace Httpx.PowerShell;

/// <summary>
/// -Header: curl-style "Name: value" items (as curl's -H), split at the first colon and trimmed, then added to the
/// engine's <see cref="Headers"/>, which checks them. An item that is not a header is an ArgumentException naming the
/// item by its position and its name, never its value: a value may be a secret (a token, a cookie), and a badly
/// written item such as "Authorization Bearer x" is shown only as "Authorization …".
/// </summary>
public static class HeaderLines
{
    private const string ExpectedForm = "give each header as 'Name: value', as curl's -H (for example -Header 'Accept: application/json')";

    /// <summary>
    /// The -Headers hashtable entries (already an engine value, may be null), then the -Header items: a name given in
    /// both, or repeated in the items, gets every value, as HTTPX's Headers does with a list.
    /// </summary>
    public static Headers Merge(object? table, IReadOnlyList<string?> lines)
    {
        var headers = Headers.From(table);
        for (var i = 0; i < lines.Count; i++) Add(headers, lines[i], i + 1);
        return headers;
    }

    private static void Add(Headers headers, string? line, int position)
    {
        var colon = line?.IndexOf(':') ?? -1;
        if (string.IsNullOrWhiteSpace(line))
            throw Bad($"-Header item {position} is empty: {ExpectedForm}.");
        if (colon < 0)
            throw Bad($"-Header item {position} ({Label(line)}) has no ':': {ExpectedForm}.");
        var name = line[..colon].Trim();
        var value = line[(colon + 1)..].Trim();
        if (name.Length == 0)
            throw Bad($"-Header item {position} (': …') has no name before the ':': {ExpectedForm}.");
        InterpolatedSecureString.Refuse(value, $"-Header item {position} ({Label(name)})", "Header");
        try
        {
            headers.Add(name, value);
        }
        catch (ArgumentException e)
        {
            // The engine's message names the header, never the value; but a name with a space or '=' in it is likely a
            // mistyped item ("Cookie sid=...: x") whose "name" holds a value: then only its first word is shown.
            var nameIsClean = Label(name) == $"'{name}'";
            throw Bad(e.ParamName == "value" || nameIsClean
                ? $"-Header item {position}: {ErrorRecordFactory.BareMessage(e)}"
                : $"-Header item {position} ({Label(name)}): the text before the ':' is not a header name (it has a space or '='): {ExpectedForm}.");
        }
    }

    /// <summary>An item as it may appear in a message: up to where a value would start (the engine's rule for names).</summary>
    private static string Label(string text) => $"'{Headers.ShownName(text)}'";

    private static ArgumentException Bad(string message) => new(message, "Header");
}
