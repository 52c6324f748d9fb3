namespace Httpx.Bench;

/// <summary>Command-line options: <c>--quick</c>, <c>--rounds N</c>, <c>--scenario NAME</c> (repeatable), <c>--list</c>.</summary>
internal sealed record BenchOptions
{
    public bool Quick { get; private init; }
    public int Rounds { get; private init; } = 3;

    /// <summary>Overrides each scenario's slices per round (1: each side's round in one piece).</summary>
    public int? Slices { get; private init; }
    public IReadOnlyList<string> Scenarios { get; private init; } = [];
    public bool List { get; private init; }
    public bool Help { get; private init; }

    /// <summary>"subject" or "baseline": measured rounds of that side only (for a profiler attached to the process).</summary>
    public string? Only { get; private init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Httpx.Bench -- [options]
          --quick            a short run (a tenth of the requests, one round): a smoke check, not figures to quote
          --rounds N         measured rounds per contender, alternating engine and baseline (default 3)
          --slices N         run each side's round in N slices, the sides alternating (default: the scenario's)
          --scenario NAME    run only this scenario or memory check (repeatable, or comma-separated)
          --only SIDE        measure only 'subject' or 'baseline' (both still warm up): for profiling; no table,
                             no memory checks
          --list             list the scenarios and exit
          --help             this text
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var scenarios = new List<string>();
        var roundsGiven = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": options = options with { Quick = true }; break;
                case "--list": options = options with { List = true }; break;
                case "--help" or "-h": options = options with { Help = true }; break;
                case "--scenario":
                    scenarios.AddRange(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--only":
                    var side = Value(args, ref i);
                    if (side is not ("subject" or "baseline"))
                        throw new ArgumentException($"--only takes 'subject' or 'baseline', not '{side}'.");
                    options = options with { Only = side };
                    break;
                case "--rounds":
                    var text = Value(args, ref i);
                    if (!int.TryParse(text, out var rounds) || rounds < 1)
                        throw new ArgumentException($"--rounds takes a positive whole number, not '{text}'.");
                    options = options with { Rounds = rounds };
                    roundsGiven = true;
                    break;
                case "--slices":
                    var count = Value(args, ref i);
                    if (!int.TryParse(count, out var slices) || slices < 1)
                        throw new ArgumentException($"--slices takes a positive whole number, not '{count}'.");
                    options = options with { Slices = slices };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (options.Quick && !roundsGiven) options = options with { Rounds = 1 };
        return options with { Scenarios = scenarios };
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value.");
        return args[++i];
    }
}
