using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Httpx.PowerShell;

/// <summary>
/// -DefaultEncoding (and <c>$client.DefaultEncoding</c>) given as a scriptblock: HTTPX's callable <c>default_encoding</c>
/// (charset autodetection, <c>default_encoding=lambda content: charset_normalizer.detect(content)["encoding"]</c>). The
/// block gets the body's bytes as <c>$_</c> and first argument and returns an encoding name, or nothing for "no idea"
/// (UTF-8). It is the engine's <c>Func&lt;byte[], string?&gt;</c>, called when a response's text is first decoded with
/// no charset in its Content-Type; it runs on the pipeline thread (<see cref="PipelineDispatcher"/>), and any error in it,
/// or a name no codec knows, fails that response's text (Httpx.ScriptBlockError) rather than decoding it as UTF-8.
/// </summary>
internal static class ScriptBlockEncoding
{
    /// <summary>The value as the engine's client takes it: a name (checked there), a scriptblock made into a detector.</summary>
    public static object? ToEngineValue(object? value) => PowerShellValues.Unwrap(value) switch
    {
        ScriptBlock block => new Func<byte[], string?>(new Detector(block, UserScriptBlock.Home).Guess),
        null or string or Func<byte[], string?> => PowerShellValues.Unwrap(value),
        // Said in PowerShell's terms: the engine would ask for a Func<byte[], string?>.
        var other => throw new ArgumentException($"DefaultEncoding takes an encoding name (such as 'utf-8' or 'latin-1') or a scriptblock that returns one, not {other.GetType().FullName}.", "DefaultEncoding"),
    };

    /// <summary>
    /// The client's DefaultEncoding as the user gave it: the scriptblock behind a detector made here, where the engine's
    /// Func&lt;byte[], string?&gt; read as "System.Func`2[System.Byte[],System.String]".
    /// </summary>
    public static object? FromEngineValue(object? value) =>
        value is Func<byte[], string?> { Target: Detector detector } ? detector.Block : value;

    /// <summary>A scriptblock and the runspace it belongs to, as the engine's detector (its method <see cref="Guess"/>).</summary>
    private sealed class Detector(ScriptBlock block, Runspace? home)
    {
        public ScriptBlock Block => block;

        public string? Guess(byte[] body) =>
            PipelineDispatcher.Run(cmdlet => ScriptBlockEncoding.Guess(block, home, cmdlet, body)).GetAwaiter().GetResult();
    }

    private static string? Guess(ScriptBlock block, Runspace? home, Cmdlet? cmdlet, byte[] body)
    {
        var output = UserScriptBlock.Invoke(block, home, cmdlet, body, body).Where(o => o?.BaseObject is not null).ToList();
        if (output.Count == 0) return null;
        if (output is not [{ BaseObject: string name }])
            throw UserScriptBlock.WrongOutput(new InvalidOperationException(
                $"The -DefaultEncoding scriptblock returned {(output.Count == 1 ? output[0].BaseObject.GetType().FullName : $"{output.Count} values")}: it returns one encoding name (such as 'utf-8' or 'latin-1'), or nothing for UTF-8."));
        // The engine reads a name no codec knows as no guess (UTF-8): said here instead, as the block's error.
        if (Charset.FromName(name) is null)
            throw UserScriptBlock.WrongOutput(new InvalidOperationException(
                $"The -DefaultEncoding scriptblock returned '{name}', which is not a text encoding a codec knows: return a name such as 'utf-8' or 'latin-1', or nothing for UTF-8."));
        return name;
    }
}
