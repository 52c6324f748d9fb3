using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace Httpx.HelpBuilder;

/// <summary>A compiled cmdlet's name and parameters, read by reflection from the module assembly.</summary>
internal sealed record CmdletMetadata(string Name, string Verb, string Noun, string? DefaultParameterSet, IReadOnlyList<ParameterMetadata> Parameters)
{
    /// <summary>The parameter sets in declaration order ("__AllParameterSets" only when the cmdlet has no named set).</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets.Keys).Where(s => s != ParameterAttribute.AllParameterSets).Distinct().ToList();
            if (named.Count == 0) return new[] { ParameterAttribute.AllParameterSets };
            if (DefaultParameterSet is not null && !named.Contains(DefaultParameterSet)) named.Insert(0, DefaultParameterSet);
            return named;
        }
    }

    /// <summary>Loads <paramref name="assemblyPath"/> (its dependencies from the same folder) and lists its cmdlets.</summary>
    public static IReadOnlyList<CmdletMetadata> Read(string assemblyPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            File.Exists(Path.Combine(folder, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        return assembly.GetExportedTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new CmdletMetadata($"{x.Attribute!.VerbName}-{x.Attribute.NounName}", x.Attribute.VerbName, x.Attribute.NounName,
                x.Attribute.DefaultParameterSetName, ReadParameters(x.Type, x.Attribute.SupportsShouldProcess)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static List<ParameterMetadata> ReadParameters(Type type, bool supportsShouldProcess)
    {
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attributes: p.GetCustomAttributes<ParameterAttribute>().ToList()))
            .Where(x => x.Attributes.Count > 0)
            .Select(x => new ParameterMetadata(
                x.Property.Name,
                x.Property.PropertyType,
                x.Attributes.ToDictionary(a => a.ParameterSetName, a => a),
                x.Property.GetCustomAttribute<AliasAttribute>()?.AliasNames.ToList() ?? new List<string>()))
            .ToList();
        // PowerShell adds -WhatIf and -Confirm to a cmdlet that supports ShouldProcess; its help lists them, as platyPS does.
        if (supportsShouldProcess)
        {
            parameters.Add(ShouldProcessSwitch("WhatIf", "wi"));
            parameters.Add(ShouldProcessSwitch("Confirm", "cf"));
        }
        return parameters;
    }

    private static ParameterMetadata ShouldProcessSwitch(string name, string alias) => new(name, typeof(SwitchParameter),
        new Dictionary<string, ParameterAttribute> { [ParameterAttribute.AllParameterSets] = new() }, new List<string> { alias });
}

internal sealed record ParameterMetadata(string Name, Type Type, IReadOnlyDictionary<string, ParameterAttribute> Sets, IReadOnlyList<string> Aliases)
{
    public bool IsSwitch => Type == typeof(SwitchParameter);

    /// <summary>The parameter's attribute for <paramref name="set"/>, or null when it is not in that set.</summary>
    public ParameterAttribute? In(string set) =>
        Sets.TryGetValue(set, out var a) ? a : Sets.TryGetValue(ParameterAttribute.AllParameterSets, out var all) ? all : null;

    /// <summary>A short type name as PowerShell shows it: String, Int32, SwitchParameter, Hashtable...</summary>
    public string TypeName => ShortName(Nullable.GetUnderlyingType(Type) ?? Type);

    private static string ShortName(Type type) => type.IsArray ? ShortName(type.GetElementType()!) + "[]" : type.Name;

    public string PipelineInput
    {
        get
        {
            var byValue = Sets.Values.Any(a => a.ValueFromPipeline);
            var byName = Sets.Values.Any(a => a.ValueFromPipelineByPropertyName);
            return (byValue, byName) switch
            {
                (true, true) => "True (ByPropertyName, ByValue)",
                (true, false) => "True (ByValue)",
                (false, true) => "True (ByPropertyName)",
                _ => "False",
            };
        }
    }
}
