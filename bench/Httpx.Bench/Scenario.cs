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
    int WarmupSeconds = Scenario.DefaultWarmupSeconds,
    int Slices = Scenario.DefaultSlices)
{
    /// <summary>
    /// A round's requests of each side run in this many slices, the two sides alternating slice by slice (~0.1 s each
    /// for the engine's scenarios): the VM's speed moves within a second by ±30 %, and a side that ran its whole round
    /// in a slow second and the other in a fast one gave ratios of 0.6 to 1.4 from one round to the next.
    /// </summary>
    public const int DefaultSlices = 10;

    /// <summary>Tiered JIT and dynamic PGO take seconds of steady load to settle (rounds measured sooner ran 30-50 % slower).</summary>
    public const int DefaultWarmupSeconds = 6;

    /// <summary>PowerShell's own code (the binder, the script compiler) takes longer still to settle.</summary>
    public const int PowerShellWarmupSeconds = 15;

    /// <summary>The engine should keep at least this share of the bare client's throughput.</summary>
    public const double EngineTarget = 0.9;
}
