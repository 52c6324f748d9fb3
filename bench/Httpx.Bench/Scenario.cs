namespace Httpx.Bench;

/// <summary>
/// A measured comparison: the same load driven through the subject (what we ship) and through a baseline (what users
/// would otherwise use). The ratio subject/baseline in requests per second is the scenario's figure.
/// </summary>
internal sealed record Scenario(
    string Name,
    string Description,
    int Requests,
    Func<Runner> CreateSubject,
    Func<Runner> CreateBaseline);
