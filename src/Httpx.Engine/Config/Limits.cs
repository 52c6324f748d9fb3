namespace Httpx;

/// <summary>
/// HTTPX's <c>Limits</c>: the size of the connection pool. As there, a limit not given is no limit
/// (<c>new Limits { MaxKeepAliveConnections = 5 }</c> leaves the connections unlimited); <see cref="Default"/> is
/// HTTPX's <c>DEFAULT_LIMITS</c>, what a client gets without limits of its own.
/// </summary>
public sealed record Limits
{
    public static Limits Default { get; } = new() { MaxConnections = 100, MaxKeepAliveConnections = 20 };

    private readonly int? _maxConnections;
    private readonly int? _maxKeepAliveConnections;

    /// <summary>Most connections in use at once across the whole client (null: no limit; at least 1). The requests to an origin that speaks HTTP/2 share its one connection and count as one.</summary>
    // The refused numbers are written in the invariant culture, as KeepAliveExpiry's: "؜-1" under ar-SA, "‎−1" under fa-IR.
    public int? MaxConnections
    {
        get => _maxConnections;
        init => _maxConnections = Unshared(nameof(MaxConnections)) && value is < 1
            ? throw new ArgumentOutOfRangeException(nameof(MaxConnections), value, $"MaxConnections must be at least 1, or null for no limit, not {value?.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
            : value;
    }

    /// <summary>Most idle connections kept open for reuse (null: no limit; 0 keeps none).</summary>
    public int? MaxKeepAliveConnections
    {
        get => _maxKeepAliveConnections;
        init => _maxKeepAliveConnections = Unshared(nameof(MaxKeepAliveConnections)) && value is < 0
            ? throw new ArgumentOutOfRangeException(nameof(MaxKeepAliveConnections), value, $"MaxKeepAliveConnections must be 0 or more, or null for no limit, not {value?.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
            : value;
    }

    private readonly double? _keepAliveExpiry = 5.0;

    /// <summary>Seconds an idle connection is kept before it is closed (null: forever; 0 or more). Default 5.</summary>
    public double? KeepAliveExpiry
    {
        get => _keepAliveExpiry;
        // Checked here, naming it: a negative value failed only when a transport was made, in the handler's words
        // ("Parameter 'value'"), and NaN was waited as forever.
        init => _keepAliveExpiry = Unshared(nameof(KeepAliveExpiry)) && value is { } s && (double.IsNaN(s) || s < 0)
            ? throw new ArgumentOutOfRangeException(nameof(KeepAliveExpiry), value, $"KeepAliveExpiry must be 0 or more seconds, or null for no expiry, not {s.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
            : value;
    }

    /// <summary>
    /// True, or an error for <see cref="Default"/>, the one instance every client and transport without limits of its own
    /// holds: PowerShell calls init accessors as setters, so <c>[Httpx.Limits]::Default.MaxConnections = 1</c> set the
    /// pool of every client made after it in the session. A transport's limits (<see cref="FixedCopy"/>) refuse too.
    /// </summary>
    private bool Unshared(string limit) => ReferenceEquals(this, Default)
        ? throw new InvalidOperationException($"Limits.Default is shared by every client without limits of its own, so its {limit} is not changed here: give a client its own (New-HttpxClient -{limit}, or [Httpx.Limits]::new() with the limits set).")
        : Internal.FixedInstances<Limits>.Contains(this)
            ? throw new InvalidOperationException($"A transport's settings are fixed when it is made, so its Options.Limits.{limit} is not changed here: make a new transport with the limit (New-HttpxTransport -{limit}).")
            : true;

    /// <summary>
    /// The limits of a transport's options (<see cref="HttpTransportOptions.FixedCopy"/>), which sized its pool when it
    /// was made: a fixed copy of <paramref name="given"/>, which its owner may still change for another client;
    /// <see cref="Default"/> (already refusing changes) and fixed limits as they are.
    /// </summary>
    internal static Limits FixedCopy(Limits given) =>
        ReferenceEquals(given, Default) ? given : Internal.FixedInstances<Limits>.Copy(given, limits => limits with { });

    public override string ToString() =>
        $"Limits(max_connections={MaxConnections?.ToString() ?? "None"}, max_keepalive_connections={MaxKeepAliveConnections?.ToString() ?? "None"}, keepalive_expiry={(KeepAliveExpiry is { } expiry ? Internal.PythonFloat.Format(expiry) : "None")})";
}
