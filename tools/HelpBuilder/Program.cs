using System.Management.Automation;
using Httpx.HelpBuilder;

// HelpBuilder <docs/help folder> <output MAML file> <module assembly>
// Fails (exit code 1) with every problem listed when a help file lacks a section, has fewer than two examples, or
// documents parameters other than the compiled cmdlet's (or another type or other aliases for one); when a cmdlet has
// no help file or a help file no cmdlet.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: HelpBuilder <docs/help folder> <output .dll-Help.xml> <module assembly>");
    return 2;
}
var (docs, output, assembly) = (args[0], args[1], args[2]);
var problems = new List<string>();
var cmdlets = CmdletMetadata.Read(assembly);
var documents = Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal)
    .Select(path => MarkdownHelpParser.Parse(path, problems))
    .OfType<HelpDocument>()
    .ToList();

var common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
{
    "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable", "WarningVariable",
    "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
};
var pairs = new List<(HelpDocument, CmdletMetadata)>();
foreach (var cmdlet in cmdlets)
{
    var help = documents.FirstOrDefault(d => d.Name == cmdlet.Name);
    if (help is null) { problems.Add($"{cmdlet.Name}: no help file {Path.Combine(docs, cmdlet.Name + ".md")}."); continue; }
    var file = Path.GetFileName(help.Path);
    foreach (var parameter in cmdlet.Parameters)
    {
        var documented = help.Parameters.FirstOrDefault(h => string.Equals(h.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
        if (documented is null) { problems.Add($"{file}: parameter -{parameter.Name} of {cmdlet.Name} is not documented."); continue; }
        if (documented.Fields.TryGetValue("Type", out var type) && !string.Equals(type, parameter.TypeName, StringComparison.OrdinalIgnoreCase))
            problems.Add($"{file}: -{parameter.Name} is documented as Type '{type}' but the cmdlet declares {parameter.TypeName}.");
        // Get-Help takes the aliases from the cmdlet, but the file is read as it is too (on the web, in an editor).
        if (documented.Fields.TryGetValue("Aliases", out var aliases))
        {
            var listed = aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(a => a != "None").Order(StringComparer.OrdinalIgnoreCase);
            var real = parameter.Aliases.Order(StringComparer.OrdinalIgnoreCase);
            if (!listed.SequenceEqual(real, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{file}: -{parameter.Name} is documented with Aliases '{aliases}' but the cmdlet declares '{string.Join(", ", real)}'.");
        }
    }
    foreach (var documented in help.Parameters)
        if (!cmdlet.Parameters.Any(p => string.Equals(p.Name, documented.Name, StringComparison.OrdinalIgnoreCase)) && !common.Contains(documented.Name))
            problems.Add($"{file}: documents -{documented.Name}, which {cmdlet.Name} does not have.");
    pairs.Add((help, cmdlet));
}
foreach (var help in documents.Where(d => cmdlets.All(c => c.Name != d.Name)))
    problems.Add($"{Path.GetFileName(help.Path)}: the module has no cmdlet named {help.Name}.");

if (problems.Count > 0)
{
    // MSBuild shows "error :" lines as build errors.
    foreach (var problem in problems) Console.Error.WriteLine($"error HELP001: {problem}");
    return 1;
}
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
MamlWriter.Write(pairs).Save(output);
Console.WriteLine($"HelpBuilder: {pairs.Count} cmdlets -> {output}");
return 0;
