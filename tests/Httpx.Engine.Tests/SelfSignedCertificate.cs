using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.Tests;

/// <summary>
/// A throwaway server certificate for a TLS server written in a test (a relay, a server that misbehaves in its
/// handshake): self-signed, valid from yesterday to tomorrow, with its private key, so that SslStream can serve it.
/// </summary>
internal static class SelfSignedCertificate
{
    /// <summary>One for <paramref name="subject"/>, and 127.0.0.1 as its subject alternative name.</summary>
    public static X509Certificate2 ForLoopback(string subject = "CN=127.0.0.1")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Exported and loaded again: Windows' TLS refuses a certificate whose key lives only in memory.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
