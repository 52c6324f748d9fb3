using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.TestServer;

/// <summary>
/// The throw-away PKI of one test server: a CA, leaves signed by it (good, expired, wrong host), a self-signed leaf,
/// a client certificate, and an intermediate CA under the CA with a leaf of its own. All keys are ECDSA P-256 because
/// generating them is near-instant, unlike RSA, and every TLS stack we care about accepts them.
/// </summary>
internal sealed class Certificates : IDisposable
{
    public const string CaSubject = "CN=Httpx Test CA";
    public const string WrongHostName = "wrong.example";

    public X509Certificate2 Ca { get; }
    /// <summary>The CA without its private key, safe to hand to tests.</summary>
    public X509Certificate2 CaPublic { get; }
    public X509Certificate2 Leaf { get; }
    public X509Certificate2 ExpiredLeaf { get; }
    public X509Certificate2 WrongHostLeaf { get; }
    public X509Certificate2 SelfSignedLeaf { get; }
    public X509Certificate2 Client { get; }
    /// <summary>A CA issued by <see cref="Ca"/>, without its private key: what a server sends with its leaf.</summary>
    public X509Certificate2 IntermediatePublic { get; }
    /// <summary>A localhost leaf issued by the intermediate CA: trusted through the chain root, intermediate, leaf.</summary>
    public X509Certificate2 IntermediateLeaf { get; }

    private Certificates(X509Certificate2 ca, X509Certificate2 leaf, X509Certificate2 expired,
        X509Certificate2 wrongHost, X509Certificate2 selfSigned, X509Certificate2 client,
        X509Certificate2 intermediatePublic, X509Certificate2 intermediateLeaf)
    {
        Ca = ca;
        CaPublic = X509CertificateLoader.LoadCertificate(ca.RawData);
        Leaf = leaf;
        ExpiredLeaf = expired;
        WrongHostLeaf = wrongHost;
        SelfSignedLeaf = selfSigned;
        Client = client;
        IntermediatePublic = intermediatePublic;
        IntermediateLeaf = intermediateLeaf;
    }

    public static Certificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest(CaSubject, caKey, HashAlgorithmName.SHA256);
        AddCaExtensions(caRequest, new X509BasicConstraintsExtension(true, false, 0, true));
        // The CA starts well in the past so that the expired leaf can still lie inside its validity.
        var ca = Reimport(caRequest.CreateSelfSigned(now.AddDays(-30), now.AddYears(5)));

        var leaf = Issue(ca, "CN=localhost", LocalhostNames(), serverAuth: true, now.AddDays(-1), now.AddYears(1));
        var expired = Issue(ca, "CN=localhost (expired)", LocalhostNames(), serverAuth: true, now.AddDays(-10), now.AddDays(-2));
        var wrong = new SubjectAlternativeNameBuilder();
        wrong.AddDnsName(WrongHostName);
        var wrongHost = Issue(ca, "CN=" + WrongHostName, wrong, serverAuth: true, now.AddDays(-1), now.AddYears(1));
        var client = Issue(ca, "CN=httpx-test-client", null, serverAuth: false, now.AddDays(-1), now.AddYears(1));

        using var selfKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var selfRequest = new CertificateRequest("CN=localhost (self-signed)", selfKey, HashAlgorithmName.SHA256);
        AddLeafExtensions(selfRequest, LocalhostNames(), serverAuth: true);
        var selfSigned = Reimport(selfRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1)));

        // Its key signs the leaf and goes: the server sends the intermediate without it.
        using var intermediate = IssueCa(ca, "CN=Httpx Test Intermediate CA", now.AddDays(-20), now.AddYears(4));
        var intermediateLeaf = Issue(intermediate, "CN=localhost (via the intermediate)", LocalhostNames(), serverAuth: true, now.AddDays(-1), now.AddYears(1));

        return new Certificates(ca, leaf, expired, wrongHost, selfSigned, client,
            X509CertificateLoader.LoadCertificate(intermediate.RawData), intermediateLeaf);
    }

    /// <summary>True when <paramref name="certificate"/> chains to our CA (and only to it).</summary>
    public bool IsIssuedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CaPublic);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.Thumbprint == CaPublic.Thumbprint;
    }

    public void Dispose()
    {
        foreach (var c in new[] { Ca, CaPublic, Leaf, ExpiredLeaf, WrongHostLeaf, SelfSignedLeaf, Client, IntermediatePublic, IntermediateLeaf })
        {
            c.Dispose();
        }
    }

    private static SubjectAlternativeNameBuilder LocalhostNames()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        return san;
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, SubjectAlternativeNameBuilder? san,
        bool serverAuth, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Sign(ca, subject, request => AddLeafExtensions(request, san, serverAuth), notBefore, notAfter);

    /// <summary>A CA certificate (with its key) issued by <paramref name="ca"/>, that may issue leaves only.</summary>
    private static X509Certificate2 IssueCa(X509Certificate2 ca, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Sign(ca, subject, request => AddCaExtensions(request, new X509BasicConstraintsExtension(true, true, 0, true)), notBefore, notAfter);

    /// <summary>A certificate with a new key, its extensions added by <paramref name="extend"/>, signed by <paramref name="ca"/>.</summary>
    private static X509Certificate2 Sign(X509Certificate2 ca, string subject, Action<CertificateRequest> extend,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        extend(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // keep the serial positive
        using var signed = request.Create(ca, notBefore, notAfter, serial);
        using var withKey = signed.CopyWithPrivateKey(key);
        return Reimport(withKey);
    }

    private static void AddCaExtensions(CertificateRequest request, X509BasicConstraintsExtension constraints)
    {
        request.CertificateExtensions.Add(constraints);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static void AddLeafExtensions(CertificateRequest request, SubjectAlternativeNameBuilder? san, bool serverAuth)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var eku = new OidCollection { new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") };
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(eku, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san.Build());
        }
    }

    /// <summary>
    /// On Linux a certificate made in memory holds an ephemeral key that SslStream cannot use;
    /// a round trip through PKCS#12 gives it a real, exportable one.
    /// </summary>
    private static X509Certificate2 Reimport(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null,
                X509KeyStorageFlags.Exportable);
        }
    }
}
