using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// Turns PowerShell values into what the engine takes: PSObject wrappers removed, hashtables copied with unwrapped
/// values, credentials made into Basic auth, -Files entries made into multipart files. Bad values raise
/// ArgumentException naming the parameter and the value's type.
/// </summary>
public static class PowerShellValues
{
    /// <summary>
    /// The object inside a PSObject wrapper (a PSCustomObject stays a PSObject: it has no other form). A command's
    /// empty output kept in a hashtable or property (<c>@{ a = $(if ($false) { 1 }) }</c>) is AutomationNull, a
    /// PSObject around an empty PSCustomObject that PowerShell treats as $null: it is null here too, not an object.
    /// </summary>
    public static object? Unwrap(object? value) =>
        value is not PSObject ps ? value
        : ReferenceEquals(ps, System.Management.Automation.Internal.AutomationNull.Value) ? null
        : ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    /// <summary>
    /// Whether a (unwrapped) value stands for several values, one each (an array, an ArrayList, a HashSet, Get-ChildItem's
    /// output): any collection but text, bytes (one value) and a dictionary (one object).
    /// </summary>
    public static bool IsList(object? value) => value is IEnumerable and not (string or byte[] or IDictionary);

    // A hashtable key as the engine's name for it (keys are usually strings; numbers are written invariantly).
    private static string KeyText(object? key) => Convert.ToString(Unwrap(key), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>Unwraps a value and, for dictionaries and lists, every value inside (keys become strings).</summary>
    public static object? ToEngineValue(object? value)
    {
        value = Unwrap(value);
        switch (value)
        {
            case null: return null;
            case SwitchParameter flag: return flag.IsPresent; // a function's [switch] passed on: a boolean, not its text "True"
            case string or byte[] or Stream or FileInfo: return value;
            case IDictionary dict:
                var copy = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                foreach (DictionaryEntry e in dict)
                    copy[KeyText(e.Key)] = ToEngineValue(e.Value);
                return copy;
            case object[] array: return array.Select(ToEngineValue).ToList();
            default: return value;
        }
    }

    /// <summary>
    /// -Headers as the engine takes them. A PSCustomObject or a hashtable as a value is an error naming the header: the
    /// engine takes any object with text of its own, and would send PowerShell's (@{a=1}), and it would name the
    /// hashtable by the dictionary type it was copied into.
    /// </summary>
    /// <param name="parameter">The parameter named as the error's target.</param>
    /// <param name="label">How the message names a header ("-Headers", or "-Files 'f' header" for a part's).</param>
    public static IDictionary? ToHeaders(IDictionary? headers, string parameter = "Headers", string label = "-Headers")
    {
        if (ToEngineValue(headers) is not IDictionary copy) return null;
        foreach (DictionaryEntry e in copy) CheckHeaderValue(e.Key, e.Value, parameter, label);
        return copy;
    }

    /// <summary>
    /// $client.Headers given as a list of name/value pairs (@(@('X-A', '1'), @('X-A', '2')), DictionaryEntry or
    /// KeyValuePair items) as the engine takes it: each value checked as <see cref="ToHeaders"/> checks a hashtable's (a
    /// PSCustomObject went out as "@{a=1}").
    /// </summary>
    internal static object? ToHeaderPairs(object? pairs, string parameter = "Headers", string label = "-Headers")
    {
        var copy = ToEngineValue(pairs);
        if (copy is IEnumerable list and not string)
            foreach (var pair in list)
                if (HeaderPair(pair) is var (name, value)) CheckHeaderValue(name, ToEngineValue(value), parameter, label);
        return copy;
    }

    // The pairs the engine's Headers.From reads (NameValuePair's shapes): only the lists were checked, and a
    // DictionaryEntry's or KeyValuePair's PSCustomObject went out as "@{a=1}".
    private static (object? Name, object? Value)? HeaderPair(object? pair) =>
        NameValuePair.TryRead(Unwrap(pair), out var name, out var value) ? (name, value) : null;

    private static void CheckHeaderValue(object? name, object? value, string parameter, string label)
    {
        foreach (var item in IsList(value) ? ((IEnumerable)value!).Cast<object?>() : [value])
            // A scriptblock is not run: its source text went out as the value (@{ 'X-Since' = { Get-Date } } sent " Get-Date ").
            if (item is PSObject or IDictionary or ScriptBlock)
                throw new ArgumentException($"{label} '{name}': a value is text, a number, a boolean or a date, or a list of them, not {(item is PSObject ? "a PSCustomObject" : item is ScriptBlock ? "a scriptblock (it is not run: give its result)" : "a hashtable")}.", parameter);
            else if (item is string text)
                InterpolatedSecureString.Refuse(text, $"{label} '{name}'", parameter);
            // Get-Secret's default: the engine's "not System.Security.SecureString" said nothing of what to give instead.
            else if (item is System.Security.SecureString)
                throw InterpolatedSecureString.Given($"{label} '{name}'", parameter);
    }

    /// <summary>
    /// -Params or -Data as the engine takes them: each name to a value or a list of values. A date goes as ISO 8601, as
    /// -Json writes it (its invariant text would be 01/02/2024 03:04:05). A hashtable or object as a value is an error
    /// naming the field: HTTPX would send its Python text, this would send PowerShell's (@{x=1}), neither of use.
    /// </summary>
    /// <param name="accepts">The engine's rule for a single value, checked here so that a value it refuses stops the
    /// command once, naming the field (-Data: <see cref="FormValue.IsText"/>); null passes other values on to the engine.</param>
    public static OrderedDictionary? ToFields(IDictionary? fields, string parameter, Func<object?, bool>? accepts = null)
    {
        if (fields is null) return null;
        // Case-sensitive, as HTTPX's: a Dictionary with 'q' and 'Q' sends both (a hashtable cannot hold them).
        var copy = new OrderedDictionary(StringComparer.Ordinal);
        foreach (DictionaryEntry e in fields)
        {
            var name = KeyText(e.Key);
            copy[name] = Unwrap(e.Value) is var value && IsList(value)
                ? ((IEnumerable)value!).Cast<object?>().Select(item => FieldValue(item, parameter, name, accepts)).ToList()
                : FieldValue(e.Value, parameter, name, accepts);
        }
        return copy;
    }

    /// <summary>
    /// -Params in each of HTTPX's <c>params=</c> forms: a hashtable of name to value or list of values (as
    /// <see cref="ToFields"/>), a list of name/value pairs, in order and repeats kept (<c>@(@('tag', 'a'), @('tag', 'b'))</c>,
    /// HTTPX's list of tuples), a query string (<c>'a=1&amp;b=2'</c>) or an Httpx.QueryParams. Made here, so that a bad one
    /// stops the command once, naming -<paramref name="parameter"/> and the value, before any request.
    /// </summary>
    public static object? ToQueryParams(object? value, string parameter)
    {
        switch (Unwrap(value))
        {
            case null:
                return null;
            case QueryParams given:
                return given;
            case IDictionary fields:
                return ToFields(fields, parameter);
            case string query:
                return QueryParams.From(query);
            case IEnumerable pairs:
                var items = pairs.Cast<object?>().Select(Unwrap).ToList();
                for (var i = 0; i < items.Count; i++)
                    if (!NameValuePair.TryRead(items[i], out _, out _))
                        throw new ArgumentException(
                            $"-{parameter}: item {i + 1} of the list is {Shown(items[i])}, not a (name, value) pair such as @('tag', 'a') (one pair alone is written @(,@('tag', 'a')) in PowerShell).", parameter);
                try
                {
                    return QueryParams.From(ToFieldPairs(items, parameter));
                }
                catch (ArgumentException e) when (e.ParamName != parameter)
                {
                    throw new ArgumentException($"-{parameter}: {ErrorRecordFactory.BareMessage(e)}", parameter, e);
                }
            case var other:
                throw new ArgumentException(
                    $"-{parameter} takes a hashtable of name to value (a value may be a list, for a repeated name), a list of name/value pairs (@(@('tag', 'a'), @('tag', 'b'))), a query string ('a=1&b=2') or an Httpx.QueryParams, not {TypeName(other)}.", parameter);
        }

        static string Shown(object? item) => item switch
        {
            null => "$null",
            string text => $"the string '{text}'",
            _ when Httpx.Internal.PrimitiveText.TryFormat(item, out var text) => $"{text} ({item.GetType().FullName})",
            _ => TypeName(item),
        };
    }

    /// <summary>
    /// -Params (and $client.Params, through <see cref="ToQueryParams"/>) given as a list of name/value pairs
    /// (@(@('since', $when), @('tag', 'a'))) as the engine takes it:
    /// each value made as <see cref="ToFields"/> makes a hashtable's (a date as ISO 8601; a scriptblock or a
    /// PSCustomObject refused naming the field), where the engine wrote any value's own text ("since=+1+", "@{x=1}").
    /// A list as a pair's value is left for the engine to refuse (<see cref="ToQueryParams"/> checks the items are pairs).
    /// </summary>
    internal static object? ToFieldPairs(IEnumerable pairs, string parameter) =>
        pairs.Cast<object?>().Select(pair =>
            NameValuePair.TryRead(Unwrap(pair), out var name, out var value) && !IsList(Unwrap(value))
                ? (object?)(Unwrap(name), FieldValue(value, parameter, KeyText(name), null))
                : pair).ToList();

    private static object? FieldValue(object? value, string parameter, string name, Func<object?, bool>? accepts) => Unwrap(value) switch
    {
        // A database NULL (a DataRow's column) is $null, as PowerShell compares it: sent as 'name=', not refused.
        DBNull or System.Management.Automation.Language.NullString => null,
        // A function's [switch] passed on (-Params @{ active = $Active }) goes as $true and $false do: "true", not "True".
        SwitchParameter flag => flag.IsPresent,
        DateTime date => date.ToString(PowerShellJson.IsoDate, System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset date => date.ToString(PowerShellJson.IsoDate, System.Globalization.CultureInfo.InvariantCulture),
        // As written, as -Json writes it: its ToString() lower-cases the host and unescapes %20, then sent as '+'.
        Uri uri => uri.OriginalString,
        // A multipart field's raw value, as in HTTPX; a caller whose form has no text for bytes (url-encoded) refuses them.
        byte[] bytes when accepts?.Invoke(bytes) != false => bytes,
        // A scriptblock is not run: its source text went out as the value (-Params @{ since = { Get-Date } } sent "+Get-Date+").
        IDictionary or PSObject or IEnumerable and not string or ScriptBlock => throw Refused(value!, parameter, name),
        // The engine's form encoder refused such a value for each request, naming its own 'data' (the query string writes
        // any other object's ToString(), so -Params gives no rule).
        var other when accepts?.Invoke(other) == false => throw Refused(value!, parameter, name),
        // A SecureString (Get-Secret's default): the engine refused it for each request without saying what to give, and
        // one put into a string ("$key") went out as its type name (api_key=System.Security.SecureString), a 401 that
        // said nothing of why. Both refused once, here.
        System.Security.SecureString => throw InterpolatedSecureString.Given($"-{parameter} '{name}'", parameter, InterpolatedSecureString.WhatToGiveAsText),
        string text when InterpolatedSecureString.IsIn(text) =>
            throw InterpolatedSecureString.Interpolated($"-{parameter} '{name}'", parameter, InterpolatedSecureString.WhatToGiveAsText),
        // Text cut inside an emoji: the engine refuses it for each request (UTF-8 has no bytes for it); said once, here.
        string text when LoneSurrogateStrings.IndexIn(text) is var at && at >= 0 =>
            throw new ArgumentException($"-{parameter} '{name}': the value has {LoneSurrogateStrings.Described(text, at, "UTF-8")}.", parameter),
        var plain => plain,
    };

    private static ArgumentException Refused(object value, string parameter, string name) => new(
        $"-{parameter} '{name}': a value is a string, number, boolean, date or $null, or a list of them, not {TypeName(value)}"
        + (Unwrap(value) is byte[] ? " (bytes go in a multipart form only: with -Files, or under a multipart Content-Type)."
            // Invoke-WebRequest's -Form takes files among its fields; moved to -Data as they were, they met this error.
            // (a list's items are refused one by one: Get-ChildItem *.log too)
            : parameter == "Data" && Unwrap(value) is FileInfo ? $": a file goes in -Files (-Files @{{ {name} = ... }}), with the other fields in -Data."
            : "."), parameter);

    private static string TypeName(object value) => Unwrap(value) is PSObject ? "a PSCustomObject" : Unwrap(value)!.GetType().FullName!;

    /// <summary>
    /// -Http2 and -NoHttp1 as the engine's Http1/Http2 switches, the same for New-HttpxClient and New-HttpxTransport:
    /// -NoHttp1 alone would leave no HTTP version, so it needs -Http2 (HTTPX's http1=False, http2=True).
    /// </summary>
    public static (bool Http1, bool Http2) ToHttpVersions(bool http2, bool noHttp1) =>
        noHttp1 && !http2
            ? throw new ArgumentException("-NoHttp1 needs -Http2: a client or transport must speak at least one HTTP version (-Http2 -NoHttp1 is HTTP/2 only).", "NoHttp1")
            : (!noHttp1, http2);

    /// <summary>
    /// A -Cookies value as the engine takes it: an Httpx.Cookies jar (as it is), or a jar of the cookies of a hashtable
    /// of name to value, .NET cookies (a CookieContainer, CookieCollection or Cookie), or Invoke-WebRequest's session
    /// (-SessionVariable), whose cookies are read (its type is in a PowerShell assembly the module does not reference:
    /// found by its Cookies property). Made into a jar here, so that a bad name or value is an error naming
    /// -<paramref name="parameter"/> when the command starts, not one per piped URL when each request is built.
    /// </summary>
    public static Cookies? ToCookies(object? value, string parameter = "Cookies")
    {
        var cookies = Unwrap(value) switch
        {
            null => null,
            Cookies jar => jar,
            IDictionary map => CookieValues(map, parameter),
            var net and (System.Net.CookieContainer or System.Net.CookieCollection or System.Net.Cookie or Cookie) => net,
            { } session when session.GetType().FullName == "Microsoft.PowerShell.Commands.WebRequestSession"
                && session.GetType().GetProperty("Cookies")?.GetValue(session) is System.Net.CookieContainer container => container,
            // Cookies one by one ($client.Cookies | Where-Object Domain -like '*.corp', [Net.Cookie[]]), or name/value
            // pairs (@(@('sid', 'abc'), @('lang', 'en'))): the engine takes the list, each item (and a pair's name and
            // value) unwrapped from the PSObject that a pipeline gives it.
            IEnumerable list and not string => CookiePairs(list.Cast<object?>().Select(ToEngineValue).ToList(), parameter),
            var other => throw new ArgumentException(
                $"-{parameter} takes a hashtable of name to value, an Httpx.Cookies, a CookieContainer, an Invoke-WebRequest session or cookies (Httpx.Cookie or System.Net.Cookie, one or a list), not {other.GetType().FullName}.", parameter),
        };
        if (cookies is null or Cookies) return (Cookies?)cookies;
        try
        {
            return Httpx.Cookies.From(cookies);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"-{parameter}: {ErrorRecordFactory.BareMessage(e)}", parameter, e);
        }
    }

    // The engine refuses lists and dictionaries as values itself.
    private static object? CookieValues(IDictionary map, string parameter)
    {
        var copy = ToEngineValue(map) as IDictionary;
        foreach (DictionaryEntry e in copy!) CheckCookieValue(e.Key, e.Value, parameter);
        return copy;
    }

    // A pair's value (@(,@('a', { 1 }))) is checked as a hashtable's.
    private static List<object?> CookiePairs(List<object?> items, string parameter)
    {
        foreach (var item in items)
            if (item is IList { Count: 2 } pair) CheckCookieValue(Unwrap(pair[0]), Unwrap(pair[1]), parameter);
        return items;
    }

    // A PSCustomObject or scriptblock as a value would go out as its text (a=@{x=1}), as for -Headers; a scriptblock
    // is not run: its source text went in as the value (@{ a = { 1 } } sent "a= 1 "), as for -Params. Values are not
    // shown: they are secrets.
    private static void CheckCookieValue(object? name, object? value, string parameter)
    {
        if (value is PSObject or ScriptBlock)
            throw new ArgumentException($"-{parameter} '{name}': a cookie's value is text or a number, not {(value is ScriptBlock ? "a scriptblock (it is not run: give its result)" : "a PSCustomObject")}.", parameter);
    }

    /// <summary>
    /// An -Auth value: an engine Auth, a PSCredential or NetworkCredential (Basic auth). [pscredential]::Empty, the
    /// default of a function's [pscredential] parameter passed on as it is, is PowerShell's "no credential": none here too,
    /// as a NetworkCredential without a user name or password is (the engine's Auth.From).
    /// </summary>
    public static Auth? ToAuth(object? value, string parameter = "Auth") => Unwrap(value) switch
    {
        null => null,
        PSCredential credential when IsNoCredential(credential) => null,
        Auth auth => auth,
        PSCredential credential => new BasicAuth(credential.UserName ?? "", AccountOf(credential).Password),
        System.Net.NetworkCredential credential => Auth.From(credential),
        var other => throw new ArgumentException(
            $"-{parameter} takes an Httpx.Auth (see New-HttpxAuth) or a PSCredential, not {other.GetType().FullName}{AuthAdvice(other)}.", parameter),
    };

    // What the refused value was most likely meant as, in the module's words (the value itself is never shown: a secret).
    private static string AuthAdvice(object value) => value switch
    {
        // HTTPX's auth=("user", "pass"), written @('user', 'pass') or 'user', 'pass'.
        IList { Count: 2 } pair when pair.Cast<object?>().All(item => Unwrap(item) is string or System.Security.SecureString) =>
            ": HTTPX's (user, password) pair is (New-HttpxAuth -Basic -UserName <user> -Password <password>) here",
        // A token, as Invoke-WebRequest's -Authentication Bearer -Token takes it (a SecureString), or its text.
        string or System.Security.SecureString => ": a bearer token is (New-HttpxAuth -Bearer -Token <token>)",
        // A user and password in a hashtable, as a splat of New-HttpxAuth holds them (@{ UserName = 'ada'; Password = $pw }).
        IDictionary => ": a user name and password are (New-HttpxAuth -Basic -UserName <user> -Password <password>), or a PSCredential",
        _ => "",
    };

    /// <summary>
    /// [pscredential]::Empty, or one like it (made from an object without a user name or password): no credential, as
    /// the engine takes a NetworkCredential with neither (Auth.From). A password alone is Basic ':password'.
    /// </summary>
    internal static bool IsNoCredential(PSCredential credential) =>
        credential == PSCredential.Empty || (string.IsNullOrEmpty(credential.UserName) && (credential.Password is null || credential.Password.Length == 0));

    /// <summary>
    /// A PSCredential's account. One made without a user name ([pscredential]::new() from an object whose UserName is
    /// $null) is an empty user with its password, as Invoke-WebRequest sends it (Basic ':password', an API token as the
    /// password): PSCredential.GetNetworkCredential throws a NullReferenceException for it. A name it cannot split into
    /// user and domain ("CORP\" from a NetworkCredential with a domain and no user, "user@") is the user as typed,
    /// which Basic and Digest send as -Auth sends it: GetNetworkCredential refused it as "not in the correct format".
    /// </summary>
    internal static System.Net.NetworkCredential AccountOf(PSCredential credential)
    {
        if (credential.UserName is null) return new System.Net.NetworkCredential("", credential.Password);
        try
        {
            return credential.GetNetworkCredential();
        }
        catch (PSArgumentException)
        {
            return new System.Net.NetworkCredential(credential.UserName, credential.Password);
        }
    }

    /// <summary>
    /// A URL given as a string, Uri or Httpx.Url. With <paramref name="hasBaseUrl"/>, "" is the base URL itself, as
    /// HTTPX's <c>client.get("")</c> is; without one it names nothing to send to. Text is trimmed of the
    /// <see cref="UrlWhitespace"/> around it first; an Httpx.Url is taken as it is.
    /// </summary>
    /// <param name="baseUrlParameter">Whether the cmdlet has -BaseUrl, for the advice of the error (<see cref="UrlAdvice"/>).</param>
    public static Url ToUrl(object? value, string parameter = "Uri", bool hasBaseUrl = false, bool baseUrlParameter = true) => Unwrap(value) switch
    {
        Url url => url,
        Uri uri => ToUrl(uri.OriginalString, parameter, hasBaseUrl, baseUrlParameter),
        string text when TrimUrl(text) is var trimmed && (trimmed.Length > 0 || hasBaseUrl) => new Url(trimmed),
        null or string => throw new ArgumentException($"-{parameter} is empty: {UrlAdvice(baseUrlParameter)}.", parameter),
        var other => ToUrl(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "", parameter, hasBaseUrl, baseUrlParameter),
    };

    /// <summary>
    /// What an error about a missing URL advises: a path goes with -BaseUrl where the cmdlet has one (Invoke-Httpx,
    /// New-HttpxRequest), else with a client's base URL (Get-HttpxProxy -Client), so no message names a parameter the
    /// cmdlet does not have.
    /// </summary>
    public static string UrlAdvice(bool baseUrlParameter) => baseUrlParameter
        ? "give an absolute URL such as 'https://example.org/', or a path with -BaseUrl"
        : "give an absolute URL such as 'https://example.org/', or a path with a -Client made with -BaseUrl";

    /// <summary>
    /// What System.Uri trims around a URL (space, tab, CR, LF), so Invoke-WebRequest takes ' https://host/ ' or a line
    /// of a CRLF file read on Linux. HTTPX's httpx.URL does not trim (the engine's Url follows it: a space is escaped,
    /// a control character refused), but text given to a cmdlet is a PowerShell value, and a user who pastes a URL or
    /// reads it from a file means the URL, not "%20https://...". Other characters (form feed, NUL, NBSP) stay as given.
    /// </summary>
    private static readonly char[] UrlWhitespace = { ' ', '\t', '\r', '\n' };

    /// <summary>URL text given to a cmdlet without the <see cref="UrlWhitespace"/> around it ("" for text of only that; null stays null).</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    internal static string? TrimUrl(string? text) => text?.Trim(UrlWhitespace);

    /// <summary>
    /// -Files: field name to a path, a FileInfo, a Stream, bytes, a MultipartFile, or a hashtable with Path (or
    /// Content), and optional FileName (or NoFileName), ContentType and Headers. <paramref name="resolvePath"/> makes a path absolute, given
    /// the path and how a message names it ("-Files 'doc':").
    /// </summary>
    public static List<MultipartFile> ToFiles(object? value, Func<string, string, string> resolvePath)
    {
        var files = new List<MultipartFile>();
        if (Unwrap(value) is not IDictionary map)
            throw new ArgumentException($"-Files takes a hashtable from field name to file, not {Unwrap(value)?.GetType().FullName ?? "null"}.", "Files");
        foreach (DictionaryEntry entry in map)
        {
            var field = KeyText(entry.Key);
            // Several files under one name: any list of them (an array, an ArrayList, Get-ChildItem's output).
            var items = Unwrap(entry.Value) is var given && IsList(given) ? ((IEnumerable)given!).Cast<object?>() : new[] { entry.Value };
            foreach (var item in items)
            {
                try
                {
                    files.Add(ToFile(field, Unwrap(item), resolvePath));
                }
                catch (ArgumentException e) when (e.ParamName != "Files")
                {
                    // The engine's refusal (a line break in a ContentType...) names its C# parameter: the value is -Files'.
                    throw new ArgumentException(ErrorRecordFactory.BareMessage(e), "Files", e);
                }
            }
        }
        return files;
    }

    private static MultipartFile ToFile(string field, object? value, Func<string, string, string> resolvePath) => value switch
    {
        MultipartFile file => file.WithFieldName(field), // sent under its key, as HTTPX does
        FileSystemInfo info => MultipartFile.FromPath(field, ExistingFile(info.FullName, field)), // a folder's DirectoryInfo is named as a folder
        // '' resolved to the current folder, and the error said that folder was no file: the path given was empty.
        "" => throw new ArgumentException($"-Files '{field}': the path is empty; give a file.", "Files"),
        string path => MultipartFile.FromPath(field, ExistingFile(resolvePath(path, $"-Files '{field}':"), field)),
        Stream stream => MultipartFile.FromStream(field, stream),
        byte[] bytes => MultipartFile.FromBytes(field, bytes),
        IDictionary spec => FromSpec(field, spec, resolvePath),
        _ => throw new ArgumentException($"-Files '{field}': expected a path, FileInfo, Stream, byte[] or a hashtable with Path, FileName and ContentType, not {value?.GetType().FullName ?? "null"}.", "Files"),
    };

    private static MultipartFile FromSpec(string field, IDictionary spec, Func<string, string, string> resolvePath)
    {
        // $null or '' (an unset variable, say) is a key not given: the file's own name, a guessed type.
        string? Text(string key) => spec.Contains(key) && Convert.ToString(Unwrap(spec[key]), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
        foreach (var key in spec.Keys.Cast<object>().Select(k => k.ToString()))
            if (key is not null && !new[] { "Path", "Content", "FileName", "NoFileName", "ContentType", "Headers" }.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw new ArgumentException($"-Files '{field}': unknown key '{key}'; use Path (or Content), FileName (or NoFileName), ContentType and Headers.", "Files");
        var fileName = Text("FileName");
        // HTTPX's (None, content, type): a part with no filename, which servers read as a form field with its own
        // Content-Type (a JSON metadata part next to a file). FileName = $null already means "the default name", so
        // the part without one is asked for by a key of its own; the engine's "" is "no file name".
        if (NoFileName(field, spec))
        {
            if (fileName is not null)
                throw new ArgumentException($"-Files '{field}': give FileName or NoFileName, not both.", "Files");
            fileName = "";
        }
        var contentType = Text("ContentType");
        var headers = PartHeaders(field, spec);
        var path = Text("Path");
        // Both given, the Content was dropped without a word (a spec built for one, the other added later).
        if (path is not null && Unwrap(spec.Contains("Content") ? spec["Content"] : null) is not null)
            throw new ArgumentException($"-Files '{field}': give Path or Content, not both.", "Files");
        if (path is not null)
            return MultipartFile.FromPath(field, ExistingFile(resolvePath(path, $"-Files '{field}':"), field), fileName, contentType, headers);
        return Unwrap(spec["Content"]) switch
        {
            byte[] bytes => MultipartFile.FromBytes(field, bytes, fileName, contentType, headers),
            string text => MultipartFile.FromText(field, text, fileName, contentType, headers),
            Stream stream => MultipartFile.FromStream(field, stream, fileName, contentType, headers),
            _ => throw new ArgumentException($"-Files '{field}': the hashtable needs Path, or Content (string, byte[] or Stream).", "Files"),
        };
    }

    // NoFileName = $true (or a [switch] passed on); $false or $null is the default. Other values are refused, not read
    // as PowerShell's truth ('no' would be true).
    private static bool NoFileName(string field, IDictionary spec) => Unwrap(spec.Contains("NoFileName") ? spec["NoFileName"] : null) switch
    {
        null => false,
        bool flag => flag,
        SwitchParameter flag => flag.IsPresent,
        var other => throw new ArgumentException($"-Files '{field}': NoFileName is $true or $false, not {TypeName(other)}.", "Files"),
    };

    /// <summary>
    /// The Headers key of a -Files hashtable: the part's own headers (HTTPX's 4-tuple), values as -Headers takes them. A
    /// Content-Type among them is the part's, as in HTTPX.
    /// </summary>
    private static List<KeyValuePair<string, string>>? PartHeaders(string field, IDictionary spec)
    {
        var given = Unwrap(spec.Contains("Headers") ? spec["Headers"] : null);
        if (given is null) return null;
        if (given is not IDictionary map)
            throw new ArgumentException($"-Files '{field}': Headers is a hashtable of header names to values, not {TypeName(given)}.", "Files");
        var copy = ToHeaders(map, "Files", $"-Files '{field}' header")!;
        try
        {
            return [.. Httpx.Headers.From(copy).Select(h => new KeyValuePair<string, string>(h.Name, h.Value))];
        }
        catch (ArgumentException e)
        {
            // Headers' own refusal (a line break, a $null value) names the header but not the file it was given for.
            throw new ArgumentException($"-Files '{field}': {ErrorRecordFactory.BareMessage(e)}", "Files", e);
        }
    }

    /// <summary>
    /// The engine's Verify from -NoVerify and -Verify: false, the CA file or folder as a file-system path (a PowerShell
    /// path: against the location of <paramref name="paths"/>, ~ and drives too; one of another provider is refused,
    /// <see cref="FilePaths.InFileSystem"/>), else true (the system store). Both given is an ArgumentException.
    /// </summary>
    public static object ToVerify(bool noVerify, string? verify, PathIntrinsics paths) =>
        noVerify && verify is not null ? throw new ArgumentException($"Give either -NoVerify or -Verify '{verify}', not both.", "Verify")
        : noVerify ? false : verify is null ? true : FilePaths.InFileSystem(paths, verify, "Verify");

    private static string ExistingFile(string path, string field) => ExistingFile(path, $"-Files '{field}'", "Files");

    /// <summary>
    /// A FileInfo given to -Content, checked before any request as -Files checks its files: a missing one failed each
    /// request with .NET's "Could not find file" as a write error.
    /// </summary>
    public static void CheckContentFile(FileSystemInfo file) => ExistingFile(file.FullName, "-Content", "Content");

    /// <summary>The resolved path given to -InFile, checked as -Content's FileInfo is: a missing file or a folder is named.</summary>
    public static string CheckInFile(string path) => ExistingFile(path, "-InFile", "InFile");

    private static string ExistingFile(string path, string label, string parameter) =>
        File.Exists(path) ? path
        : Directory.Exists(path) ? throw new ArgumentException($"{label}: '{path}' is a folder; give a file.", parameter)
        : throw new ArgumentException($"{label}: file '{path}' does not exist.", parameter);

}
