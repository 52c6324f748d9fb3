using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.Transports;

/// <summary>
/// Whether a server asked for the client certificate given (a CertificateRequest in the TLS handshake): the handler's
/// LocalCertificateSelectionCallback is called once before the handshake (no server certificate yet) and again only when
/// the server asks. A server that refuses the certificate it got ends the connection with a TLS alert that .NET does not
/// report: under TLS 1.3 the client's handshake is already over, and the request's read or write fails with "Connection
/// reset by peer" or an empty answer; under TLS 1.2 the handshake fails with OpenSSL's "alert handshake failure". That
/// the server asked, and what it got, turns those into something a user can act on, as curl's "tlsv13 alert" does.
/// <para>
/// Only when a certificate is given: with a selection callback, .NET's OpenSSL layer does not resume TLS sessions (it
/// leaves client authentication to full handshakes), which cost ~2 ms of CPU more per new connection to a host seen
/// before (session 49). So a server that requires a certificate when none is given shows as the disconnect it is.
/// </para>
/// </summary>
internal static class ClientCertificateRequest
{
    // The handshakes in which the server asked (weak: an SslStream lives as long as its connection).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SslStream, object> Asked = new();

    /// <summary>The handler's selection callback: gives <paramref name="certificate"/> when the server asks for one, and notes that it asked.</summary>
    public static LocalCertificateSelectionCallback Selector(X509Certificate2 certificate) =>
        (sender, _, _, remoteCertificate, _) =>
        {
            // Given only when asked for: one given before the handshake is sent by the TLS library by itself, and the
            // callback is then not called again, so a server's request for it (and its refusal) would go unnoticed.
            if (remoteCertificate is null) return null!;
            if (sender is SslStream tls) Asked.AddOrUpdate(tls, Asked);
            // A handshake that fails never reaches PlaintextFilter: the connection opened for the exchange being set up
            // on this flow (the handler connects on the request's execution context) is told here.
            if (ConnectionTracker.CurrentExchange.Value?.Message.OpenedConnection is { IsReady: false } connection)
                connection.ClientCertificateRequested = true;
            return certificate;
        };

    /// <summary>Whether the server asked for a client certificate in the handshake of <paramref name="tls"/>.</summary>
    public static bool WasAsked(SslStream tls) => Asked.TryGetValue(tls, out _);

    /// <summary>
    /// <paramref name="failure"/> of a request whose connection's server had asked for a client certificate, said so:
    /// the connection's end (or the failed handshake) is most likely the server refusing the one given. Other failures
    /// (a timeout, a certificate the client refused) are left as they are.
    /// </summary>
    public static Exception Explain(Exception failure, X509Certificate2 given, Request request)
    {
        if (failure is not (ReadException or WriteException or RemoteProtocolException or ConnectException)) return failure;
        // A connect failure only when the handshake itself failed, and not on our own check of the server's certificate.
        if (failure is ConnectException && !HandshakeFailedAtServer(failure)) return failure;
        var message = $"The server asked for a client certificate in the TLS handshake and closed the connection after getting '{given.Subject}' (issued by '{given.Issuer}'): it may not accept that certificate or its issuer: {failure.Message}";
        return failure switch
        {
            ConnectException => new ConnectException(message, request, failure),
            ReadException => new ReadException(message, request, failure),
            WriteException => new WriteException(message, request, failure),
            RemoteProtocolException remote => new RemoteProtocolException(message, request, failure) { BeforeSending = remote.BeforeSending },
            _ => failure,
        };
    }

    // A TLS handshake that failed (AuthenticationException) for no reason of ours (TlsVerification raises an HttpxException in it).
    private static bool HandshakeFailedAtServer(Exception failure)
    {
        var handshake = false;
        for (var e = failure.InnerException; e is not null; e = e.InnerException)
        {
            if (e is HttpxException) return false;
            handshake |= e is System.Security.Authentication.AuthenticationException;
        }
        return handshake;
    }
}
