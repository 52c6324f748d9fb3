using System.Text;
using System.Text.RegularExpressions;

namespace Httpx.HelpBuilder;

/// <summary>
/// Reads platyPS-style markdown: YAML front matter, <c># Name</c>, then <c>## SECTION</c>s. Every problem is collected
/// with the file and section it is in, so that one build run lists them all.
/// </summary>
internal static partial class MarkdownHelpParser
{
    public static readonly string[] RequiredSections =
        { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

    public static HelpDocument? Parse(string path, List<string> problems)
    {
        var lines = File.ReadAllLines(path);
        var file = System.IO.Path.GetFileName(path);
        int i = 0;
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            problems.Add($"{file}: no YAML front matter (a '---' block with 'external help file', 'Module Name' and 'schema').");
        }
        else
        {
            var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
            if (end < 0) { problems.Add($"{file}: the YAML front matter is not closed by '---'."); return null; }
            var front = string.Join('\n', lines[1..end]);
            foreach (var key in new[] { "external help file", "Module Name", "schema" })
                if (!front.Contains(key + ":", StringComparison.Ordinal)) problems.Add($"{file}: the front matter has no '{key}:'.");
            i = end + 1;
        }

        string? name = null;
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        bool inFence = false;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && name is null) { name = line[2..].Trim(); continue; }
            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                var title = line[3..].Trim();
                if (sections.ContainsKey(title)) problems.Add($"{file}: section '## {title}' appears twice.");
                sections[title] = current = new List<string>();
                continue;
            }
            current?.Add(line);
        }
        if (name is null) { problems.Add($"{file}: no '# <Cmdlet-Name>' title."); return null; }
        if (!string.Equals(System.IO.Path.GetFileNameWithoutExtension(path), name, StringComparison.Ordinal))
            problems.Add($"{file}: the title '# {name}' does not match the file name.");
        foreach (var section in RequiredSections)
            if (!sections.TryGetValue(section, out var body) || string.IsNullOrWhiteSpace(Text(body)))
                problems.Add($"{file}: the section '## {section}' is missing or empty.");

        List<string> Section(string title) => sections.TryGetValue(title, out var body) ? body : new List<string>();
        return new HelpDocument(path, name,
            Synopsis: Text(Section("SYNOPSIS")),
            Syntax: Text(Section("SYNTAX")),
            Description: Text(Section("DESCRIPTION")),
            Examples: ParseExamples(file, Section("EXAMPLES"), problems),
            Parameters: ParseParameters(file, Section("PARAMETERS"), problems),
            Inputs: ParseTypeEntries(Section("INPUTS")),
            Outputs: ParseTypeEntries(Section("OUTPUTS")),
            Notes: Text(Section("NOTES")),
            Links: ParseLinks(Section("RELATED LINKS")));
    }

    /// <summary>Splits a section into its <c>### Heading</c> parts.</summary>
    private static List<(string Heading, List<string> Body)> Subsections(List<string> lines)
    {
        var parts = new List<(string, List<string>)>();
        bool inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && line.StartsWith("### ", StringComparison.Ordinal)) { parts.Add((line[4..].Trim(), new List<string>())); continue; }
            if (parts.Count > 0) parts[^1].Item2.Add(line);
        }
        return parts;
    }

    private static List<HelpExample> ParseExamples(string file, List<string> section, List<string> problems)
    {
        var examples = new List<HelpExample>();
        foreach (var (heading, body) in Subsections(section))
        {
            var (code, rest, at) = TakeFence(body, "powershell");
            if (code is null) { problems.Add($"{file}: '### {heading}' has no ```powershell block."); continue; }
            // The fences right after the code (the output it prints) are code too, as platyPS v1 reads an example: its code
            // blocks in a row, joined by a blank line. Left in the remarks, Get-Help joined a fence's lines into one
            // run-on paragraph, ``` marks and all.
            while (NextLine(rest, at) is var next && next < rest.Count && IsFence(rest[next])
                   && TakeFence(rest, null, next) is ({ } more, var others, _))
            {
                code += "\n\n" + more;
                (rest, at) = (others, next);
            }
            // Any other fence would be moved away from the text about it, or be such a paragraph: platyPS v1 refuses it too.
            if (rest.Any(IsFence))
                problems.Add($"{file}: '### {heading}' has a fenced block that does not follow its ```powershell block: put what the code prints right after it, and the text after both.");
            var remarks = Text(rest);
            if (remarks.Length == 0) problems.Add($"{file}: '### {heading}' has no sentence saying what the example does.");
            examples.Add(new HelpExample(heading, code, remarks));
        }
        if (examples.Count < 2) problems.Add($"{file}: ## EXAMPLES has {examples.Count} example(s); at least two are needed.");
        return examples;
    }

    private static List<HelpParameter> ParseParameters(string file, List<string> section, List<string> problems)
    {
        var parameters = new List<HelpParameter>();
        foreach (var (heading, body) in Subsections(section))
        {
            if (heading == "CommonParameters") continue;
            if (!heading.StartsWith('-')) { problems.Add($"{file}: '### {heading}' under ## PARAMETERS should be '### -Name'."); continue; }
            var name = heading[1..].Trim();
            var (yaml, rest, _) = TakeFence(body, "yaml");
            var description = Text(rest);
            if (description.Length == 0) problems.Add($"{file}: parameter -{name} has no description.");
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (yaml is null) problems.Add($"{file}: parameter -{name} has no ```yaml block (Type, Parameter Sets, Required, Position...).");
            else
                foreach (var line in yaml.Split('\n'))
                    if (line.IndexOf(':') is > 0 and var colon) fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            foreach (var key in new[] { "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" })
                if (yaml is not null && !fields.ContainsKey(key)) problems.Add($"{file}: the yaml block of -{name} has no '{key}:'.");
            parameters.Add(new HelpParameter(name, description, fields));
        }
        return parameters;
    }

    private static List<HelpTypeEntry> ParseTypeEntries(List<string> section)
    {
        var entries = Subsections(section).Select(p => new HelpTypeEntry(p.Heading, Text(p.Body))).ToList();
        if (entries.Count == 0 && Text(section) is { Length: > 0 } text) entries.Add(new HelpTypeEntry("None", text));
        return entries;
    }

    private static List<HelpLink> ParseLinks(List<string> section)
    {
        var links = new List<HelpLink>();
        foreach (var line in section)
        {
            var match = LinkPattern().Match(line);
            if (match.Success) links.Add(new HelpLink(match.Groups["text"].Value, match.Groups["uri"].Value));
            else if (line.Trim().TrimStart('-', '*').Trim() is { Length: > 0 } text) links.Add(new HelpLink(text, ""));
        }
        return links;
    }

    /// <summary>
    /// The first fenced block of <paramref name="language"/> (of any language when null) from line <paramref name="from"/>
    /// on, the lines outside it, and the index in those of the line that followed it.
    /// </summary>
    private static (string? Code, List<string> Others, int At) TakeFence(List<string> body, string? language, int from = 0)
    {
        var rest = new List<string>();
        StringBuilder? code = null;
        string? found = null;
        bool inside = false;
        int at = -1;
        for (int i = 0; i < body.Count; i++)
        {
            var line = body[i];
            var trimmed = line.Trim();
            if (!inside && found is null && i >= from && IsFence(line) && (language is null || trimmed[3..].Trim() == language))
            {
                inside = true;
                code = new StringBuilder();
                at = rest.Count;
                continue;
            }
            if (inside)
            {
                if (trimmed == "```") { inside = false; found = code!.ToString().TrimEnd(); continue; }
                code!.Append(line).Append('\n');
                continue;
            }
            rest.Add(line);
        }
        return (found, rest, at);
    }

    private static bool IsFence(string line) => line.TrimStart().StartsWith("```", StringComparison.Ordinal);

    /// <summary>The index of the first line from <paramref name="from"/> on that is not blank (the count when none is).</summary>
    private static int NextLine(List<string> lines, int from)
    {
        while (from < lines.Count && lines[from].Trim().Length == 0) from++;
        return from;
    }

    /// <summary>Lines as text: paragraphs separated by blank lines, trimmed.</summary>
    public static string Text(IEnumerable<string> lines) => string.Join('\n', lines).Trim();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)")]
    private static partial Regex LinkPattern();
}
