namespace Httpx;

/// <summary>HTTPX's <c>Limits</c>: the size of the connection pool.</summary>
public sealed record Limits
{
    public static Limits Default { get; } = new();

    /// <summary>Most connections in use at once across the whole client (null: no limit). Default 100.</summary>
    public int? MaxConnections { get; init; } = 100;

    /// <summary>Most idle connections kept open for reuse (null: no limit). Default 20.</summary>
    public int? MaxKeepAliveConnections { get; init; } = 20;

    /// <summary>Seconds an idle connection is kept before it is closed (null: forever). Default 5.</summary>
    public double? KeepAliveExpiry { get; init; } = 5.0;

    public override string ToString() =>
        $"Limits(max_connections={MaxConnections?.ToString() ?? "None"}, max_keepalive_connections={MaxKeepAliveConnections?.ToString() ?? "None"}, keepalive_expiry={(KeepAliveExpiry is { } expiry ? Internal.PythonFloat.Format(expiry) : "None")})";
}
