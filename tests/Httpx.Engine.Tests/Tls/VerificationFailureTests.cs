using System.Security.Cryptography.X509Certificates;
using Httpx.TestServer;

namespace Httpx.Tests.Tls;

/// <summary>A failed server certificate check is a ConnectException saying why and naming the host.</summary>
public class VerificationFailureTests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public VerificationFailureTests(ServerFixture fixture) => _server = fixture.Server;

    private ConnectException Fail(string url)
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false });
        return Assert.Throws<ConnectException>(() => client.Get(url + "/get"));
    }

    [Fact]
    public void Https_to_a_plain_http_port_says_the_server_did_not_answer_in_tls()
    {
        // .NET's "Cannot determine the frame size or a corrupted frame was received" did not say what went wrong: an
        // https:// URL with the port of a plain-HTTP server. Its words stay in the inner exception.
        var url = "https://" + _server.HttpUrl["http://".Length..];
        using var client = new Httpx.Client(new ClientOptions { Verify = false, TrustEnv = false });
        var error = Assert.Throws<ConnectException>(() => client.Get(url + "/get"));
        var hostPort = new Url(url).Host + ":" + new Url(url).Port;
        Assert.Equal($"TLS handshake with {hostPort} failed: the server did not answer in TLS (it may speak plain HTTP on this port: is the URL's scheme meant to be http://?) (GET {url}/get)", error.Message);
        Assert.Contains("corrupted frame", error.InnerException!.ToString());
    }

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    public void An_https_proxy_on_a_plain_http_port_is_named_with_its_scheme_to_check(string scheme)
    {
        // HTTPS_PROXY=https://proxy:3128 for a plain-HTTP proxy is the usual slip. The message named only the server, which
        // was never reached, and asked whether the URL's scheme was meant to be http:// (for an http:// URL too).
        var proxy = "https://user:secret@" + _server.HttpUrl["http://".Length..];
        var url = $"{scheme}://127.0.0.1:9/get";
        using var client = new Httpx.Client(new ClientOptions { Verify = false, TrustEnv = false, Proxy = proxy });
        var error = Assert.Throws<ConnectException>(() => client.Get(url));
        var shown = "https://user:[secure]@" + _server.HttpUrl["http://".Length..];
        Assert.Equal(scheme == "http"
            ? $"TLS handshake with proxy {shown} failed: the server did not answer in TLS (it may speak plain HTTP on this port: is the proxy's scheme meant to be http://?) (GET {url})"
            : $"TLS handshake with proxy {shown} or, through it, with 127.0.0.1:9 failed: the server did not answer in TLS (it may speak plain HTTP on this port: is the proxy's scheme, or the URL's, meant to be http://?) (GET {url})",
            error.Message);
        Assert.DoesNotContain("secret", error.ToString());
    }

    [Fact]
    public void Expired()
    {
        var error = Fail(_server.ExpiredHttpsUrl);
        Assert.Contains("the certificate has expired (valid until ", error.Message);
        Assert.Contains("'localhost'", error.Message);
    }

    [Fact]
    public async Task Not_yet_valid_and_an_issuer_nobody_sent_are_told_apart_from_expiry_and_from_an_untrusted_root()
    {
        // curl's "certificate is not yet valid" and "unable to get local issuer certificate". Before: "has expired or is
        // not yet valid", and "issued by '<issuer>', which is not a trusted root", which sent the user to trust an
        // intermediate CA the server had not sent.
        var now = DateTimeOffset.UtcNow;
        using var caKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Unsent Private CA", caKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-30), now.AddYears(1));
        X509Certificate2 Leaf(DateTimeOffset notBefore, DateTimeOffset notAfter)
        {
            using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            using var signed = request.Create(ca, notBefore, notAfter, [1, 2, 3, 4]);
            using var withKey = signed.CopyWithPrivateKey(key);
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
        using var future = Leaf(now.AddDays(10), now.AddDays(20));
        using var valid = Leaf(now.AddDays(-1), now.AddDays(20));
        using var caFile = new TempFile(ca.ExportCertificatePem());

        Assert.Contains("the certificate is not yet valid (valid from ", (await FailAgainst(future, caFile.Path)).Message);
        var unsent = await FailAgainst(valid, _server.CaPemPath);
        Assert.Contains("the certificate is not trusted: its issuer 'CN=Unsent Private CA' is neither a trusted CA nor among the certificates the server sent", unsent.Message);
        Assert.DoesNotContain("trusted root", unsent.Message);
    }

    // A TLS server (leaf only, no chain) on a scripted port, failing the client's check of its certificate.
    private static async Task<ConnectException> FailAgainst(X509Certificate2 leaf, string caPath)
    {
        using var server = new ScriptedServer(async connection =>
        {
            using var tls = new System.Net.Security.SslStream(connection.Stream);
            await tls.AuthenticateAsServerAsync(new System.Net.Security.SslServerAuthenticationOptions { ServerCertificate = leaf }, connection.Stopping);
        });
        using var client = new Httpx.Client(new ClientOptions { Verify = caPath, TrustEnv = false });
        var url = "https://localhost:" + new Url(server.Url).Port + "/get";
        return await Assert.ThrowsAsync<ConnectException>(() => client.GetAsync(url));
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string text) => File.WriteAllText(Path, text);
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"httpx-ca-{Guid.NewGuid():N}.pem");
        public void Dispose() => File.Delete(Path);
    }

    [Fact]
    public void Name_mismatch()
    {
        var error = Fail(_server.WrongHostHttpsUrl);
        Assert.Contains("does not match the host name 'localhost'", error.Message);
        Assert.Contains("wrong.example", error.Message);
    }

    [Fact]
    public void Self_signed_is_untrusted()
    {
        var error = Fail(_server.SelfSignedHttpsUrl);
        Assert.Contains("the certificate is self-signed ('CN=localhost (self-signed)') and not trusted", error.Message);
        Assert.Contains("'localhost'", error.Message);
    }

    [Fact]
    public void Verify_false_accepts_them()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = false, TrustEnv = false });
        Assert.Equal(200, client.Get(_server.SelfSignedHttpsUrl + "/get").StatusCode);
    }

    [Fact]
    public void A_callback_decides_after_the_built_in_checks_and_sees_their_verdict()
    {
        var seen = new List<System.Net.Security.SslPolicyErrors>();
        bool Accept(System.Security.Cryptography.X509Certificates.X509Certificate2 _, System.Security.Cryptography.X509Certificates.X509Chain __,
            System.Net.Security.SslPolicyErrors errors) { seen.Add(errors); return true; }

        // Trusting the test CA: the callback sees no error. Against the system store only: it sees the untrusted chain,
        // and accepting it lets the request through.
        using (var withRoots = new Httpx.Client(new ClientOptions { Verify = TlsVerification.WithCallback(Accept, [_server.CaCertificate]), TrustEnv = false }))
            Assert.Equal(200, withRoots.Get(_server.HttpsUrl + "/get").StatusCode);
        using (var systemOnly = new Httpx.Client(new ClientOptions { Verify = TlsVerification.WithCallback(Accept), TrustEnv = false }))
            Assert.Equal(200, systemOnly.Get(_server.HttpsUrl + "/get").StatusCode);
        Assert.Equal(new[] { System.Net.Security.SslPolicyErrors.None, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors }, seen);

        using var refusing = new Httpx.Client(new ClientOptions { Verify = TlsVerification.WithCallback((_, _, _) => false, [_server.CaCertificate]), TrustEnv = false });
        Assert.Throws<ConnectException>(() => refusing.Get(_server.HttpsUrl + "/get"));
    }
}
