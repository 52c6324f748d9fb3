using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// What -Timeout takes, converted by PowerShell from a number of seconds (<c>-Timeout 10</c>: all four limits), a TimeSpan,
/// a hashtable (<c>-Timeout @{ Connect = 60; Read = 10 }</c>: missing keys keep the client's limits with -Client, else
/// HTTPX's default of 5 seconds), or an
/// engine <see cref="Httpx.Timeout"/>. 0 (or $null, in a hashtable or for the whole parameter) means no limit, as -TimeoutSec 0 does for
/// Invoke-WebRequest; negative numbers are refused.
/// </summary>
public sealed class HttpxTimeout : IEquatable<HttpxTimeout>
{
    private static readonly string[] Keys = { "Connect", "Read", "Write", "Pool" };

    /// <summary>HTTPX's default: 5 seconds for each limit.</summary>
    public HttpxTimeout()
    {
        _value = Timeout.Default;
        _given = 0;
    }

    public HttpxTimeout(double seconds) => _value = new Timeout(Seconds(seconds, "Timeout"));

    public HttpxTimeout(int seconds) : this((double)seconds) { }

    /// <summary>A TimeSpan, as <c>[timespan]'0:0:30'</c> or <c>New-TimeSpan -Minutes 2</c>: its total seconds.</summary>
    public HttpxTimeout(TimeSpan limit) : this(limit.TotalSeconds) { }

    public HttpxTimeout(Timeout timeout) => _value = timeout ?? throw new ArgumentNullException(nameof(timeout));

    public HttpxTimeout(Hashtable phases) : this((IDictionary)phases) { }

    public HttpxTimeout(IDictionary phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        _given = 0;
        var d = Timeout.Default;
        double? connect = d.Connect, read = d.Read, write = d.Write, pool = d.Pool;
        foreach (DictionaryEntry entry in phases)
        {
            var key = Convert.ToString(PowerShellValues.Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? "";
            // The key before its value: a misspelt key is named as such whatever its value, and a 'Timeout' key is not
            // taken for the whole parameter in Seconds' message.
            var phase = Array.FindIndex(Keys, k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (phase < 0)
                throw new ArgumentException($"Unknown timeout '{key}': use {string.Join(", ", Keys)} (seconds; 0 or $null for no limit).", "Timeout");
            var seconds = PowerShellValues.Unwrap(entry.Value) is { } v ? Seconds(ToDouble(v, key), key) : null;
            _given |= 1 << phase;
            switch (phase)
            {
                case 0: connect = seconds; break;
                case 1: read = seconds; break;
                case 2: write = seconds; break;
                default: pool = seconds; break;
            }
        }
        _value = new Timeout(connect, read, write, pool);
    }

    /// <summary>
    /// A list, as <c>-Timeout @(5)</c> binds: its one item (PowerShell binds <c>@(5)</c> to a number); more are HTTPX's
    /// (connect, read, write, pool) tuple or a guess at one, refused naming them. Public so that PowerShell's own
    /// conversion takes a list too: Pester's Mock declares -Timeout as this type without <see
    /// cref="HttpxTimeoutArgumentAttribute"/>, and a mocked -Timeout @(5) failed where the cmdlet took it.
    /// </summary>
    public HttpxTimeout(object?[] items)
    {
        // @($null) is -Timeout $null: no limit.
        var timeout = Of(items);
        _value = timeout?._value ?? Timeout.None;
        _given = timeout?._given ?? AllGiven;
    }

    // Deeper than any list a script means as one value; what is left is refused as a list (NotOneItem).
    private const int MaxNesting = 32;

    /// <summary>What a one-item list stands for, as PowerShell binds <c>@(5)</c> to a number: its item (@(@(5)) too); any other value as it is.</summary>
    internal static object? OneItem(object? value)
    {
        // Bounded: a list that holds only itself ($l.Add($l)) unwrapped for good, and the command hung at binding.
        for (var depth = 0; depth < MaxNesting && PowerShellValues.Unwrap(value) is { } list && PowerShellValues.IsList(list); depth++)
        {
            var items = ((IEnumerable)list).Cast<object?>().Take(2).ToList();
            if (items.Count != 1) break;
            value = items[0];
        }
        return value;
    }

    /// <summary>One value as -Timeout takes it: a list's one item, a PSCustomObject's properties, else PowerShell's conversion ($null: none).</summary>
    internal static HttpxTimeout? Of(object? value)
    {
        value = OneItem(value);
        return PowerShellValues.Unwrap(value) switch
        {
            HttpxTimeout timeout => timeout,
            // More items than one, or none: HTTPX's (connect, read, write, pool) tuple or a guess at one, refused naming them.
            var list when PowerShellValues.IsList(list) => throw NotOneItem((IEnumerable)list!),
            // A PSCustomObject as a hashtable (as a client's Timeout setter takes it): a misspelt property is named.
            PSObject custom => OfProperties(custom),
            _ => LanguagePrimitives.ConvertTo<HttpxTimeout>(value),
        };
    }

    private static ArgumentException NotOneItem(IEnumerable list)
    {
        var items = list.Cast<object?>().ToList();
        return new ArgumentException(
            $"Invalid timeout {ListText(items)}: give one number of seconds for all four limits, or a hashtable for separate ones, such as @{{ Connect = 5; Read = 30 }} (HTTPX's (connect, read, write, pool) tuple is @{{ Connect = ..; Read = ..; Write = ..; Pool = .. }}).",
            "Timeout");
    }

    /// <summary>A list given for seconds, as the error shows it: "1, 5".</summary>
    internal static string ListText(IReadOnlyList<object?> items) =>
        // $null written as PowerShell writes it: its empty text made "-Timeout $null, 5" read "Invalid timeout , 5".
        items.Count == 0 ? "@()" : string.Join(", ", items.Select(i => PowerShellValues.Unwrap(i) is null ? "$null" : LanguagePrimitives.ConvertTo<string>(i)));

    /// <summary>
    /// For a list refused as one limit's seconds: a hint when it is two whole numbers, what PowerShell makes of a decimal
    /// comma written without quotes (a German or French user's 1,5 binds the list 1, 5). Not for -Timeout itself, where
    /// two numbers are as likely HTTPX's (connect, read) tuple, which its message answers.
    /// </summary>
    internal static string DecimalCommaListHint(IReadOnlyList<object?> items) =>
        items.Count == 2 && items.All(i => PowerShellValues.Unwrap(i) is int or long) ? " (1,5 is a list of two numbers to PowerShell: write 1.5)" : "";

    /// <summary>
    /// A PSCustomObject such as <c>[pscustomobject]@{ Read = 3 }</c> (a config file's ConvertFrom-Json): its properties
    /// as a hashtable's keys, with the same checks and messages. PowerShell's own conversion set the properties above
    /// and said only 'Cannot convert value "@{Reed=3}"' for a misspelt one; a client's Timeout setter refused it.
    /// </summary>
    internal static HttpxTimeout OfProperties(PSObject custom)
    {
        var phases = new System.Collections.Specialized.OrderedDictionary();
        foreach (var property in custom.Properties) phases[property.Name] = property.Value;
        return new HttpxTimeout(phases);
    }

    /// <summary>A string such as "10" or "2.5" (PowerShell converts strings through this).</summary>
    public static HttpxTimeout Parse(string text) =>
        TryParseSeconds(text, out var seconds)
            ? new HttpxTimeout(seconds)
            : throw new ArgumentException($"Invalid timeout '{text}': give seconds (a number{DecimalPointHint(text)}) or a hashtable such as @{{ Connect = 60; Read = 10 }}.", "Timeout");

    /// <summary>
    /// Seconds given as text, read one way for -Timeout, a timeout hashtable's values and -KeepAliveExpiry: as Python's
    /// float() reads it (HTTPX's timeouts are floats), with a decimal point in every culture, as a script's numbers are.
    /// PowerShell's own conversion reads a comma as a thousands separator ([double]'1,5' is 15, ten times the limit a
    /// German or French user means), '' as 0 (no limit) and '0x10' or '1kb' as 16 and 1024: all refused here.
    /// </summary>
    internal static bool TryParseSeconds(string text, out double seconds) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds);

    /// <summary>For text refused as seconds: a hint when it holds a comma, a German or French decimal ("1,5").</summary>
    internal static string DecimalPointHint(string text) =>
        text.Contains(',', StringComparison.Ordinal) ? " with a decimal point: 1.5, not 1,5" : "";

    /// <summary>The engine's timeout.</summary>
    public Timeout Value => _value;

    private Timeout _value;

    // The limits given, a bit each (Connect, Read, Write, Pool): all for a number, the keys of a hashtable.
    private int _given = AllGiven;
    private const int AllGiven = 0b1111;

    // Init-only, so that PowerShell completes the keys of `-Timeout @{ <Tab>` (it offers the settable properties of a
    // parameter type that has a parameterless constructor); a hashtable is still converted by the constructor above,
    // with its checks, which PowerShell prefers to setting properties.
    public double? Connect { get => Value.Connect; init { _value = Value with { Connect = Seconds(value ?? 0, nameof(Connect)) }; _given |= 1 << 0; } }
    public double? Read { get => Value.Read; init { _value = Value with { Read = Seconds(value ?? 0, nameof(Read)) }; _given |= 1 << 1; } }
    public double? Write { get => Value.Write; init { _value = Value with { Write = Seconds(value ?? 0, nameof(Write)) }; _given |= 1 << 2; } }
    public double? Pool { get => Value.Pool; init { _value = Value with { Pool = Seconds(value ?? 0, nameof(Pool)) }; _given |= 1 << 3; } }

    public static implicit operator Timeout(HttpxTimeout timeout) => timeout.Value;

    /// <summary>
    /// A -Timeout parameter's engine timeout: null when not given (the client's, or the default), and no limit when
    /// given as $null, as HTTPX's <c>timeout=None</c> and Invoke-WebRequest's <c>-TimeoutSec $null</c> (that is, 0) are.
    /// A hashtable's missing keys take <paramref name="client"/>'s limits when there is one: <c>-Client $c -Timeout
    /// @{ Read = 120 }</c> lengthens one limit for one call, and the client's short connect limit was otherwise reset to
    /// 5 s (HTTPX has no partial timeout to follow: its Timeout needs a default or all four).
    /// </summary>
    internal static Timeout? OfParameter(HttpxTimeout? timeout, bool bound, Timeout? client = null) =>
        timeout is null ? (bound ? Timeout.None : null)
        : client is null || timeout._given == AllGiven ? timeout.Value
        : new Timeout(
            timeout.Given(0) ? timeout.Value.Connect : client.Connect,
            timeout.Given(1) ? timeout.Value.Read : client.Read,
            timeout.Given(2) ? timeout.Value.Write : client.Write,
            timeout.Given(3) ? timeout.Value.Pool : client.Pool);

    // Whether the limit of Keys[phase] was given.
    private bool Given(int phase) => (_given & (1 << phase)) != 0;

    public override string ToString() => Value.ToString();

    // Equal when the limits and the limits given are: PowerShell's -eq converts the other side to HttpxTimeout, so a
    // Pester ParameterFilter's `$Timeout -eq 5` (or `-eq @{ Connect = 2 }`) is true for -Timeout 5 (@{ Connect = 2 });
    // it compared references, never true. Which keys were given counts: @{ Connect = 2 } takes -Client's Read, and
    // @{ Connect = 2; Read = 5 } does not.
    public bool Equals(HttpxTimeout? other) => other is not null && Value == other.Value && _given == other._given;

    public override bool Equals(object? obj) => Equals(obj as HttpxTimeout);

    public override int GetHashCode() => HashCode.Combine(Value, _given);

    private static double? Seconds(double seconds, string name) =>
        seconds switch
        {
            0 => null,
            // The whole value is named as given (-1), a hashtable's key with it (Read=-1).
            < 0 or double.NaN or double.PositiveInfinity => throw new ArgumentException(name == "Timeout"
                ? $"Invalid timeout {seconds.ToString(CultureInfo.InvariantCulture)}: give a positive number of seconds, 0 for no limit, or a hashtable such as @{{ Connect = 60; Read = 10 }}."
                : $"Invalid timeout {name}={seconds.ToString(CultureInfo.InvariantCulture)}: use a positive number of seconds, or 0 for no limit.", "Timeout"),
            _ => seconds,
        };

    private static double ToDouble(object value, string key)
    {
        // Text as -Timeout '...' reads it (TryParseSeconds): @{ Read = '1,5' } was 15 seconds by PowerShell's conversion.
        if (value is string text)
            return TryParseSeconds(text, out var seconds) ? seconds
                : throw new ArgumentException($"Invalid timeout {key}='{text}': give seconds as a number{DecimalPointHint(text)}.", "Timeout");
        // A list, as @{ Read = 1,5 } (a decimal comma without quotes) gives: it read "Invalid timeout Read='System.Object[]'".
        if (PowerShellValues.IsList(value))
        {
            var items = ((IEnumerable)value).Cast<object?>().ToList();
            if (items is [var only] && PowerShellValues.Unwrap(only) is { } one) return ToDouble(one, key); // @{ Read = @(5) }, as -Timeout @(5) is 5
            throw new ArgumentException($"Invalid timeout {key}={ListText(items)}: give one number of seconds{DecimalCommaListHint(items)}.", "Timeout");
        }
        try
        {
            return value is TimeSpan limit ? limit.TotalSeconds : LanguagePrimitives.ConvertTo<double>(value);
        }
        catch (PSInvalidCastException)
        {
            throw new ArgumentException($"Invalid timeout {key}='{value}': give seconds as a number.", "Timeout");
        }
    }
}
