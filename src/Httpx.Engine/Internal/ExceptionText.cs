namespace Httpx.Internal;

/// <summary>Exception messages quoted inside the engine's own.</summary>
internal static class ExceptionText
{
    /// <summary>
    /// The message without .NET's " (Parameter 'name')": quoted as the reason for a value that came from an environment
    /// variable or a file, not from an argument the caller named.
    /// </summary>
    public static string WithoutParameterName(Exception e) =>
        e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
}
