using System.Management.Automation;
using System.Xml.Linq;

namespace Httpx.HelpBuilder;

/// <summary>
/// Writes MAML (the XML PowerShell's Get-Help reads for binary modules): prose from the markdown, the syntax and
/// parameter attributes (required, position, pipeline input, type) from the compiled cmdlet, so they cannot drift.
/// </summary>
internal static partial class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<(HelpDocument Help, CmdletMetadata Cmdlet)> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                commands.Select(c => CommandElement(c.Help, c.Cmdlet))));

    private static XElement CommandElement(HelpDocument help, CmdletMetadata cmdlet) =>
        new(Command + "command",
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", cmdlet.ParameterSets.Select(set =>
                new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    cmdlet.Parameters.Where(p => p.In(set) is not null)
                        .OrderBy(p => p.In(set)!.Position < 0 ? int.MaxValue : p.In(set)!.Position)
                        .Select(p => ParameterElement(p, p.In(set)!, Find(help, p)))))),
            new XElement(Command + "parameters", cmdlet.Parameters.Select(p =>
                ParameterElement(p, p.Sets.Values.First(), Find(help, p)))),
            new XElement(Command + "inputTypes", help.Inputs.Select(i =>
                new XElement(Command + "inputType", TypeElement(i.TypeName), Description(i.Description)))),
            new XElement(Command + "returnValues", help.Outputs.Select(o =>
                new XElement(Command + "returnValue", TypeElement(o.TypeName), Description(o.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select((e, n) =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"-------------------------- {e.Title} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paragraphs(e.Remarks))))),
            new XElement(Command + "relatedLinks", help.Links.Select(l =>
                new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", WebUri(l.Uri))))));

    /// <summary>
    /// A link's address when it is a web page; "" for a link to another help file (New-HttpxClient.md), which means
    /// nothing in a console and which Get-Help -Online took for the command's page ("The specified URI ... is not valid").
    /// </summary>
    private static string WebUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? uri : "";

    private static HelpParameter? Find(HelpDocument help, ParameterMetadata parameter) =>
        help.Parameters.FirstOrDefault(h => string.Equals(h.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));

    private static XElement ParameterElement(ParameterMetadata parameter, ParameterAttribute attribute, HelpParameter? help)
    {
        var element = new XElement(Command + "parameter",
            new XAttribute("required", attribute.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", parameter.Type.IsArray ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", parameter.PipelineInput),
            new XAttribute("position", attribute.Position < 0 ? "named" : attribute.Position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(help?.Description ?? ""));
        if (!parameter.IsSwitch)
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), parameter.TypeName));
        element.Add(TypeElement(parameter.TypeName));
        element.Add(new XElement(Dev + "defaultValue",
            help?.Fields.TryGetValue("Default value", out var value) == true && value.Length > 0 ? value : "None"));
        return element;
    }

    private static XElement TypeElement(string name) =>
        new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static XElement Description(string text) => new(Maml + "description", Paragraphs(text));

    /// <summary>
    /// One maml:para per markdown paragraph and per list item; lines of one are joined (Get-Help wraps them itself).
    /// A "- item" line starts a para of its own: joined to the one before, a list read as one run-on paragraph.
    /// </summary>
    private static IEnumerable<XElement> Paragraphs(string text) =>
        text.Replace("\r", "").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(ListItems)
            .Select(p => new XElement(Maml + "para", string.Join(' ', p.Select(l => l.Trim()))));

    /// <summary>A paragraph's lines, split before each line that starts a list item.</summary>
    private static IEnumerable<List<string>> ListItems(string paragraph)
    {
        var current = new List<string>();
        foreach (var line in paragraph.Split('\n'))
        {
            if (ListItemStart().IsMatch(line) && current.Count > 0) { yield return current; current = new List<string>(); }
            current.Add(line);
        }
        if (current.Count > 0) yield return current;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s{0,3}([-*+]|\d+[.)])\s")]
    private static partial System.Text.RegularExpressions.Regex ListItemStart();
}
