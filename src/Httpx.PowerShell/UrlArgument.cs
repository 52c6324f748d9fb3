using System.Collections;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// A URL as a parameter takes it: a string, a System.Uri or an Httpx.Url (PowerShell converts through the
/// constructors, or <see cref="FromPipeline"/> sorts out a pipeline item). A Uri's original text is used, so nothing
/// is unescaped on the way.
/// </summary>
public sealed class UrlArgument
{
    public UrlArgument(string url) => Text = url ?? throw new ArgumentNullException(nameof(url));

    public UrlArgument(Uri uri) => Text = (uri ?? throw new ArgumentNullException(nameof(uri))).OriginalString;

    public UrlArgument(Url url) => Url = url ?? throw new ArgumentNullException(nameof(url));

    /// <summary>The URL as given, when given as text.</summary>
    public string? Text { get; }

    /// <summary>The URL when given as an Httpx.Url.</summary>
    public Url? Url { get; }

    /// <summary>
    /// A request from New-HttpxRequest that a piped object's Uri or Url property (or a hashtable's key) holds: binding by
    /// property name would give -Uri the request itself, so Invoke-Httpx sends it as built (its method, headers and
    /// body), where a GET to its URL dropped them without a word. <see cref="Url"/> is its URL for the other cmdlets.
    /// </summary>
    public Request? HeldRequest { get; private init; }

    /// <summary>
    /// The method a piped object's Method property (or a hashtable's Method key) names, as binding by property name
    /// gives a parameter its column: a row of Import-Csv with a Method column of DELETE went out as a GET without a
    /// word. Null when there is none or it is empty (an empty cell: the default method). Checked where it is sent.
    /// </summary>
    public string? Method { get; private init; }

    /// <summary>
    /// The pipeline item as the user gave it: the object (an Import-Csv row, say) whose Uri or Url property held the
    /// URL, else the text, System.Uri or Httpx.Url itself. An item's error carries it (<see cref="InputObjectKey"/>), so
    /// that a failure can be matched back to its row: the error's target is the URL, parsed and redacted.
    /// </summary>
    public object? Input { get; private set; }

    /// <summary>The key of <see cref="Input"/> in the Data of an item's error: <c>$_.Exception.Data['Httpx.InputObject']</c>.</summary>
    public const string InputObjectKey = "Httpx.InputObject";

    /// <summary>
    /// The parsed URL (raises InvalidURL naming the value when it cannot be parsed). With <paramref name="hasBaseUrl"/>
    /// (the client's or -BaseUrl), "" is the base URL itself; text of only spaces, tabs and line breaks is refused, also
    /// then: trimmed it would be "", and a blank line of a CRLF file or a cell of spaces sent a request to the base URL.
    /// </summary>
    /// <param name="baseUrlParameter">Whether the cmdlet has -BaseUrl (<see cref="PowerShellValues.UrlAdvice"/>).</param>
    public Url ToUrl(bool hasBaseUrl = false, bool baseUrlParameter = true) => Url ?? (Text is { Length: > 0 } && PowerShellValues.TrimUrl(Text).Length == 0
        ? throw new ArgumentException($"-Uri is only whitespace: {PowerShellValues.UrlAdvice(baseUrlParameter)} ('' for the base URL itself).", "Uri")
        : PowerShellValues.ToUrl(Text, hasBaseUrl: hasBaseUrl, baseUrlParameter: baseUrlParameter));

    /// <summary>
    /// Whether a -Uri argument holds several URLs (Invoke-Httpx $urls, New-HttpxRequest $urls): each is then an item, as
    /// if piped. Bytes are one bad value (a body given to the wrong parameter), not a list of URLs.
    /// </summary>
    public static bool AreSeveral(object? value, out System.Collections.IEnumerable items)
    {
        var unwrapped = PowerShellValues.Unwrap(value);
        items = unwrapped as System.Collections.IEnumerable ?? Array.Empty<object>();
        return PowerShellValues.IsList(unwrapped);
    }

    /// <summary>The items of a -Uri argument: each of several URLs (<see cref="AreSeveral"/>), else the one value.</summary>
    public static IEnumerable<object?> Items(object? value) => AreSeveral(value, out var items) ? items.Cast<object?>() : [value];

    /// <summary>
    /// <see cref="FromPipeline"/>, raising its problem as an <see cref="ArgumentException"/> (for -Uri), so that a
    /// cmdlet's per-item catch writes it as the error of that item.
    /// </summary>
    public static UrlArgument Of(object? item, bool baseUrlParameter = true) =>
        FromPipeline(item, out var problem, baseUrlParameter) ?? throw new ArgumentException(problem, "Uri");

    /// <summary>
    /// A pipeline item as a URL: a string, System.Uri, Httpx.Url, or an object with a Uri or Url property (what binding
    /// by property name would give) or a hashtable with such a key. Null, with <paramref name="problem"/> saying why, for
    /// anything else.
    /// </summary>
    /// <param name="baseUrlParameter">Whether the cmdlet has -BaseUrl (<see cref="PowerShellValues.UrlAdvice"/>).</param>
    public static UrlArgument? FromPipeline(object? value, out string? problem, bool baseUrlParameter = true)
    {
        problem = null;
        switch (value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value)
        {
            case UrlArgument argument: return argument;
            case string text: return new UrlArgument(text) { Input = text };
            case Uri uri: return new UrlArgument(uri) { Input = uri };
            case Url url: return new UrlArgument(url) { Input = url };
            case null:
                problem = "-Uri is null: give an absolute URL such as 'https://example.org/'.";
                return null;
            // Any other object with a Uri or Url property (a [pscustomobject], a class instance, a UriBuilder, a
            // response): what binding by property name gives, since -Uri takes any object by value first.
            case var other when UriProperty(other) is var (name, url):
                // An empty cell (or one of spaces) of an Import-Csv row, say: the row is the error's target, so that it can be found
                // (the error of the empty URL itself had an empty target and named no row). The message names the
                // row's properties, not their values: a row of endpoints often carries a token or a password.
                if (url is null || PowerShellValues.Unwrap(url) is string cell && PowerShellValues.TrimUrl(cell).Length == 0)
                {
                    problem = $"-Uri is empty: the {name} {Holder(other)} holds no URL (the {Kind(other)} is this error's target); {PowerShellValues.UrlAdvice(baseUrlParameter)}.";
                    return null;
                }
                if (PowerShellValues.Unwrap(url) is Request held) return new UrlArgument(held.Url) { HeldRequest = held, Input = other };
                var fromProperty = FromPipeline(url, out problem, baseUrlParameter);
                if (fromProperty is not null) fromProperty.Input = other;
                if (fromProperty is null || MethodProperty(other) is not { } methodValue) return fromProperty;
                if (methodValue is not string method)
                {
                    // Its text would be sent as the method: a nested hashtable's is 'System.Collections.Hashtable', a token.
                    problem = $"The Method {Holder(other)} holds a {(methodValue is PSObject { BaseObject: PSCustomObject } ? "[pscustomobject]" : methodValue.GetType().FullName)}, not a method such as GET or POST (the {Kind(other)} is this error's target).";
                    return null;
                }
                return fromProperty.WithMethod(method);
            case var other:
                // A [pscustomobject]'s text is its values ("@{Name=web1; Token=...}"), a hashtable's is its type name:
                // named by their properties or keys instead.
                var shown = other switch
                {
                    PSObject { BaseObject: PSCustomObject } => $"an object with the properties {PropertyNames(other)}",
                    IDictionary => $"a hashtable with the keys {PropertyNames(other)}",
                    _ => $"{Shown(other)} ({other.GetType().FullName})",
                };
                problem = $"-Uri takes a URL (a string, System.Uri or Httpx.Url), a request from New-HttpxRequest, or an object with a Uri or Url property or a hashtable with a Uri or Url key, not {shown}.";
                return null;
        }
    }

    // The Uri or Url property's name and value (Uri first), unless the value is itself an object of properties (no
    // walking down nested objects).
    private static (string Name, object? Value)? UriProperty(object item) =>
        (Member(item, "Uri") ?? Member(item, "Url")) is { } found && !Nested(found.Value) ? found : null;

    // A property of a piped object, or a key of a hashtable, as written and with its value; null when it has none. A
    // hashtable's key in any case, as PowerShell reads $h.Url (ConvertFrom-Json -AsHashtable and
    // Import-PowerShellDataFile give hashtables, and PowerShell's binding by property name ignores their keys), also for
    // a case-sensitive dictionary. The value is read once: a ScriptProperty or a class's getter runs at each read.
    private static (string Name, object? Value)? Member(object item, string name)
    {
        if (item is not IDictionary dictionary)
            return PSObject.AsPSObject(item).Properties[name] is { } property ? (property.Name, property.Value) : null;
        foreach (DictionaryEntry entry in dictionary)
            if (PowerShellValues.Unwrap(entry.Key) is string key && key.Equals(name, StringComparison.OrdinalIgnoreCase))
                return (key, entry.Value);
        return null;
    }

    /// <summary>
    /// The file a piped object's Download or OutFile property (or key, in any case) names, as binding by property name
    /// would give -Download (its alias OutFile) that column: an Import-Csv row's OutFile column was dropped without a
    /// word, the URL's response written instead of a file. Its text, trimmed as a cell's URL is (a FileSystemInfo gives
    /// its full name); null when the item is no object with properties, or has none or an empty one; the value itself
    /// when it is no text, for the caller to refuse. Read by Invoke-Httpx only, for an item that came from a property.
    /// </summary>
    public object? DownloadProperty() => RowText("Download", "OutFile");

    /// <summary>The SHA-256 a downloaded row's Sha256 property (or key) gives its file, read as <see cref="DownloadProperty"/>.</summary>
    public object? Sha256Property() => RowText("Sha256", alias: null);

    private object? RowText(string name, string? alias)
    {
        if (Input is null or string or System.Uri or Httpx.Url) return null;
        var value = PowerShellValues.Unwrap((Member(Input, name) ?? (alias is null ? null : Member(Input, alias)))?.Value) switch
        {
            string s => s.Trim(),
            FileSystemInfo file => file.FullName,
            null => null,
            var other => (object)other,
        };
        return value is "" ? null : value;
    }

    private UrlArgument WithMethod(string method) => Url is not null ? new UrlArgument(Url) { Method = method, Input = Input } : new UrlArgument(Text!) { Method = method, Input = Input };

    // The Method property (or key, in any case) of an object that gave the URL: its text, trimmed as a cell's URL is (a
    // System.Net.Http.HttpMethod gives its name), null when there is none or it is empty, or the value itself when it
    // is no text, for the caller to refuse.
    private static object? MethodProperty(object item)
    {
        var text = PowerShellValues.Unwrap(Member(item, "Method")?.Value) switch
        {
            string s => s.Trim(),
            System.Net.Http.HttpMethod m => m.Method,
            null => null,
            var other => (object)other,
        };
        return text is "" ? null : text;
    }

    // Where a piped object's value sits, for a message ("the Url <holder> holds no URL"), and what the error's target is.
    private static string Holder(object item) => item is IDictionary
        ? $"key of the piped hashtable with the keys {PropertyNames(item)}"
        : $"property of the piped object with the properties {PropertyNames(item)}";

    private static string Kind(object item) => item is IDictionary ? "hashtable" : "object";

    // A value that is itself an object of properties or a hashtable: not followed (one level only).
    private static bool Nested(object? value) => value is PSObject { BaseObject: PSCustomObject } || PowerShellValues.Unwrap(value) is IDictionary;

    // An object's property names or a hashtable's keys, kept short: its values may be secrets. A name may itself be a
    // URL (a hashtable of endpoints keyed by URL): any password in it hidden, before the cut that could split it.
    private static string PropertyNames(object value)
    {
        var text = Url.HidePasswords(string.Join(", ", value is IDictionary dictionary
            ? dictionary.Keys.Cast<object?>().Select(k => System.Convert.ToString(PowerShellValues.Unwrap(k), System.Globalization.CultureInfo.InvariantCulture))
            : PSObject.AsPSObject(value).Properties.Select(p => p.Name)));
        return text.Length <= 60 ? text : $"{text[..60]}…";
    }

    // The bad item in the message, kept short (it may be any object) and with any URL password in it hidden.
    private static string Shown(object value)
    {
        var text = Url.HidePasswords(System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return text.Length <= 60 ? $"'{text}'" : $"'{text[..60]}…'";
    }

    /// <summary>The URL with any password masked, also when the text does not parse (used as error targets).</summary>
    public override string ToString() => Url?.ToRedactedString() ?? RedactedUrl.Of(Text ?? "");
}
