using System.Net;

namespace Httpx.Transports;

/// <summary>
/// Hands a <see cref="Proxy"/> to SocketsHttpHandler: every destination goes through it (the client's mounts already
/// chose this transport for the URL), with the proxy's credentials for 407 challenges and SOCKS authentication.
/// These are proxy credentials only; the handler's server credentials stay off.
/// </summary>
internal sealed class ProxyWebProxy : IWebProxy
{
    private readonly Uri _uri;

    public ProxyWebProxy(Proxy proxy)
    {
        _uri = proxy.HandlerUri;
        Credentials = proxy.Credential;
    }

    public ICredentials? Credentials { get; set; }

    public Uri GetProxy(Uri destination) => _uri;

    public bool IsBypassed(Uri host) => false;
}
