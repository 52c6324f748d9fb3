namespace Httpx;

/// <summary>
/// A transport that hands each request to another one chosen by its URL (the PowerShell module's shared pool, which
/// routes by proxy pattern). Auth that the network handler runs (NTLM, Negotiate) needs the
/// <see cref="HttpTransport"/> underneath, to make a handler of its own with the credentials.
/// </summary>
public interface IRoutingTransport : ITransport
{
    /// <summary>The transport that would serve <paramref name="url"/>.</summary>
    ITransport TransportFor(Url url);
}
