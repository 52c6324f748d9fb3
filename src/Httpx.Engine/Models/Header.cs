namespace Httpx;

/// <summary>
/// One header of a <see cref="Headers"/>, as the headers enumerate: name (original casing) and value. Its text masks
/// secrets as <see cref="Headers.ToString"/> does, so that whatever joins a collection's items into text (PowerShell's
/// <c>"$($response.Request.Headers)"</c>) never shows an Authorization or cookie value, nor a control character a server
/// sent (<see cref="HttpLog.Printable"/>).
/// </summary>
public readonly record struct Header(string Name, string Value)
{
    /// <summary><c>Name: value</c>, with Authorization, Proxy-Authorization and cookies masked as [secure], control characters escaped.</summary>
    public override string ToString() => $"{Name}: {HttpLog.Printable(Headers.Redact(Name, Value))}";
}
