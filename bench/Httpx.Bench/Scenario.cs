namespace Httpx.Bench;

/// <summary>
/// A measured comparison: the same load driven through the subject (what we ship) and through a baseline (what users
/// would otherwise use). The ratio subject/baseline in requests per second is the scenario's figure, to be at least
/// <see cref="Target"/>.
/// </summary>
internal sealed record Scenario(
    string Name,
    string Description,
    int Requests,
    Func<Runner> CreateSubject,
    Func<Runner> CreateBaseline,
    double Target = Scenario.EngineTarget,
    int WarmupSeconds = Scenario.DefaultWarmupSeconds)
{
    /// <summary>Tiered JIT and dynamic PGO take seconds of steady load to settle (rounds measured sooner ran 30-50 % slower).</summary>
    public const int DefaultWarmupSeconds = 6;

    /// <summary>PowerShell's own code (the binder, the script compiler) takes longer still to settle.</summary>
    public const int PowerShellWarmupSeconds = 15;

    /// <summary>The engine should keep at least this share of the bare client's throughput.</summary>
    public const double EngineTarget = 0.9;
}
