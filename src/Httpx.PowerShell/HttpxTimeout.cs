using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace Httpx.PowerShell;

/// <summary>
/// What -Timeout takes, converted by PowerShell from a number of seconds (<c>-Timeout 10</c>: all four limits),
/// a hashtable (<c>-Timeout @{ Connect = 60; Read = 10 }</c>: missing keys keep HTTPX's default of 5 seconds), or an
/// engine <see cref="Httpx.Timeout"/>. 0 (or $null in a hashtable) means no limit, as -TimeoutSec 0 does for
/// Invoke-WebRequest; negative numbers are refused.
/// </summary>
public sealed class HttpxTimeout
{
    private static readonly string[] Keys = { "Connect", "Read", "Write", "Pool" };

    public HttpxTimeout(double seconds) => Value = new Timeout(Seconds(seconds, "Timeout"));

    public HttpxTimeout(int seconds) : this((double)seconds) { }

    public HttpxTimeout(Timeout timeout) => Value = timeout ?? throw new ArgumentNullException(nameof(timeout));

    public HttpxTimeout(Hashtable phases) : this((IDictionary)phases) { }

    public HttpxTimeout(IDictionary phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var d = Timeout.Default;
        double? connect = d.Connect, read = d.Read, write = d.Write, pool = d.Pool;
        foreach (DictionaryEntry entry in phases)
        {
            var key = Convert.ToString(PowerShellValues.Unwrap(entry.Key), CultureInfo.InvariantCulture) ?? "";
            var seconds = PowerShellValues.Unwrap(entry.Value) is { } v ? Seconds(ToDouble(v, key), key) : null;
            switch (key.ToLowerInvariant())
            {
                case "connect": connect = seconds; break;
                case "read": read = seconds; break;
                case "write": write = seconds; break;
                case "pool": pool = seconds; break;
                default:
                    throw new ArgumentException($"Unknown timeout '{key}': use {string.Join(", ", Keys)} (seconds; 0 or $null for no limit).", "Timeout");
            }
        }
        Value = new Timeout(connect, read, write, pool);
    }

    /// <summary>A string such as "10" or "2.5" (PowerShell converts strings through this).</summary>
    public static HttpxTimeout Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? new HttpxTimeout(seconds)
            : throw new ArgumentException($"Invalid timeout '{text}': give seconds (a number) or a hashtable such as @{{ Connect = 60; Read = 10 }}.", "Timeout");

    /// <summary>The engine's timeout.</summary>
    public Timeout Value { get; }

    public double? Connect => Value.Connect;
    public double? Read => Value.Read;
    public double? Write => Value.Write;
    public double? Pool => Value.Pool;

    public static implicit operator Timeout(HttpxTimeout timeout) => timeout.Value;

    public override string ToString() => Value.ToString();

    private static double? Seconds(double seconds, string name) =>
        seconds switch
        {
            0 => null,
            < 0 or double.NaN or double.PositiveInfinity => throw new ArgumentException($"Invalid timeout {name}={seconds.ToString(CultureInfo.InvariantCulture)}: use a positive number of seconds, or 0 for no limit.", "Timeout"),
            _ => seconds,
        };

    private static double ToDouble(object value, string key)
    {
        try
        {
            return LanguagePrimitives.ConvertTo<double>(value);
        }
        catch (PSInvalidCastException)
        {
            throw new ArgumentException($"Invalid timeout {key}='{value}': give seconds as a number.", "Timeout");
        }
    }
}
