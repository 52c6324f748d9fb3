using System.Collections.Concurrent;
using System.Net;

namespace Httpx;

/// <summary>
/// The transports a client builds for <see cref="HandlerAuth"/> requests: one per (transport the request would have
/// used, scheme, credential, origin), made on first use from that transport's options plus a <see cref="CredentialCache"/>
/// holding this one credential for this origin and scheme, and owned (disposed) by the client. A handler is shared by
/// every request through it, so credentials cannot be set per request: a separate handler (and pool) is the honest way
/// to keep them away from every other request and origin.
/// </summary>
internal sealed class HandlerAuthTransports : IDisposable
{
    // Made on first use: most clients never run NTLM/Negotiate, and a client per call (the PowerShell module) should not pay for it.
    private ConcurrentDictionary<(HttpTransport Base, HandlerCredentials Mark), Lazy<HttpTransport>>? _variants;
    private bool _disposed;

    /// <summary>The transport for <paramref name="request"/>: <paramref name="chosen"/> unless the request carries a mark for its origin.</summary>
    public ITransport For(ITransport chosen, Request request)
    {
        if (request.Extension(HandlerCredentials.ExtensionKey) is not HandlerCredentials mark ||
            !mark.AppliesTo(request.Url))
            return chosen;
        while (chosen is IRoutingTransport routing) chosen = routing.TransportFor(request.Url);
        if (chosen is not HttpTransport http)
            throw new NotSupportedException(
                $"{mark.Scheme} authentication runs in the network handler, so it needs an HttpTransport; the transport for " +
                $"'{request.Url.ToRedactedString()}' is a {chosen.GetType().Name}.");
        ObjectDisposedException.ThrowIf(_disposed, this);
        return VariantFor(http, mark, request.Url);
    }

    // A method of its own: its lambdas capture url, and C# makes their object on entry to the method that declares
    // them, which in For would be every request's, marked or not.
    private HttpTransport VariantFor(HttpTransport http, HandlerCredentials mark, Url url)
    {
        var variants = LazyInitializer.EnsureInitialized(ref _variants);
        return variants.GetOrAdd((http, mark), key => new Lazy<HttpTransport>(() => Create(key.Base, key.Mark, url))).Value;
    }

    private static HttpTransport Create(HttpTransport chosen, HandlerCredentials mark, Url url)
    {
        // The origin alone (UriBuilder brackets IPv6 hosts): no userinfo in the long-lived credential cache's key.
        var origin = new UriBuilder(url.Scheme, url.RawHost, url.EffectivePort).Uri;
        var credentials = new CredentialCache { { origin, mark.Scheme, mark.Credential } };
        return new HttpTransport(chosen.Options with { Credentials = credentials });
    }

    public void Dispose()
    {
        _disposed = true;
        if (_variants is null) return; // no NTLM/Negotiate request was made: nothing to dispose, and no list for it
        foreach (var variant in _variants.Values)
            if (variant.IsValueCreated) variant.Value.Dispose();
    }
}
