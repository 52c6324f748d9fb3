namespace Httpx;

/// <summary>
/// HTTPX's <c>Timeout</c>: four independent limits, each in seconds, null meaning "no limit".
/// Connect covers establishing the connection; Read each wait for data (the headers, then every body chunk);
/// Write each write of a request body chunk (not the time the body's source takes to make it); Pool the wait for a free
/// connection.
/// HTTPX's <c>Timeout(10, connect=60)</c> is <c>new Timeout(10) { Connect = 60 }</c>.
/// </summary>
public sealed record Timeout
{
    /// <summary>HTTPX's default: 5 seconds for each of the four.</summary>
    public static Timeout Default { get; } = new(5.0);

    /// <summary>No limit on anything.</summary>
    public static Timeout None { get; } = new((double?)null);

    private readonly double? _connect, _read, _write, _pool;

    public Timeout(double? all) => _connect = _read = _write = _pool = Validated(all, "timeout");

    public Timeout(double? connect, double? read, double? write, double? pool)
    {
        Connect = connect;
        Read = read;
        Write = write;
        Pool = pool;
    }

    public double? Connect { get => _connect; init => _connect = Validated(value, "connect"); }
    public double? Read { get => _read; init => _read = Validated(value, "read"); }
    public double? Write { get => _write; init => _write = Validated(value, "write"); }
    public double? Pool { get => _pool; init => _pool = Validated(value, "pool"); }

    /// <summary>
    /// <see cref="Default"/> or <see cref="None"/>: the one instance every client, transport and options object without a
    /// timeout of its own holds. PowerShell calls init accessors as setters, so <c>[Httpx.Timeout]::Default.Connect = 1</c>
    /// (or <c>$client.Timeout.Read = 30</c>, when the client held it) changed the limits of every client of the session;
    /// a shared one refuses it, and a client hands out its own copy (<see cref="Client.Timeout"/>).
    /// </summary>
    internal bool IsShared => ReferenceEquals(this, Default) || ReferenceEquals(this, None);

    // True, or the refusal of a change to a shared instance (as Limits.Default refuses one).
    private bool Unshared(string name) => !IsShared ? true
        : throw new InvalidOperationException($"Timeout.{(ReferenceEquals(this, Default) ? "Default" : "None")} is shared by every client without a timeout of its own, so its {name} limit is not changed here: give a client its own ([Httpx.Timeout]::new(5), -Timeout, or $client.Timeout.{char.ToUpperInvariant(name[0])}{name[1..]} = ... on a client).");

    /// <summary>
    /// The longest a .NET timer waits, 2^32 - 2 ms (49.7 days). A limit beyond it (HTTPX takes any float) is no limit
    /// in practice, and is waited as none: asked of a timer, it failed every request with "argument out of range".
    /// </summary>
    internal const double LongestSeconds = (uint.MaxValue - 1) / 1000.0;

    internal static TimeSpan ToTimeSpan(double? seconds) =>
        seconds is { } s and <= LongestSeconds ? TimeSpan.FromSeconds(s) : System.Threading.Timeout.InfiniteTimeSpan;

    private double? Validated(double? seconds, string name) =>
        Unshared(name) && seconds is { } s && (double.IsNaN(s) || double.IsInfinity(s) || s < 0)
            // The value in the invariant culture, as every number the engine writes: "∞" or "-1,5" under tr-TR or de-DE.
            ? throw new ArgumentOutOfRangeException(name, seconds, $"Timeout '{name}' must be a non-negative number of seconds or null (no limit), not {s.ToString(System.Globalization.CultureInfo.InvariantCulture)}.")
            : seconds;

    public override string ToString() =>
        Connect == Read && Read == Write && Write == Pool
            ? $"Timeout(timeout={Format(Connect)})"
            : $"Timeout(connect={Format(Connect)}, read={Format(Read)}, write={Format(Write)}, pool={Format(Pool)})";

    private static string Format(double? s) => s is { } v ? Internal.PythonFloat.Format(v) : "None";
}
