namespace Httpx.HelpBuilder;

/// <summary>One cmdlet's help as written in docs/help/&lt;Cmdlet&gt;.md.</summary>
internal sealed record HelpDocument(
    string Path,
    string Name,
    string Synopsis,
    string Syntax,
    string Description,
    IReadOnlyList<HelpExample> Examples,
    IReadOnlyList<HelpParameter> Parameters,
    IReadOnlyList<HelpTypeEntry> Inputs,
    IReadOnlyList<HelpTypeEntry> Outputs,
    string Notes,
    IReadOnlyList<HelpLink> Links);

internal sealed record HelpExample(string Title, string Code, string Remarks);

/// <summary>A parameter's description and the fields of its yaml block (Type, Required, Position...).</summary>
internal sealed record HelpParameter(string Name, string Description, IReadOnlyDictionary<string, string> Fields);

/// <summary>An INPUTS or OUTPUTS entry: a type name and what it is.</summary>
internal sealed record HelpTypeEntry(string TypeName, string Description);

internal sealed record HelpLink(string Text, string Uri);
