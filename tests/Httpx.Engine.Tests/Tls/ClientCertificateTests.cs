using System.Security.Cryptography.X509Certificates;
using Httpx.TestServer;

namespace Httpx.Tests.Tls;

/// <summary>TLS client authentication with HTTPX's <c>cert=</c> forms against a server that requires a certificate.</summary>
public class ClientCertificateTests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public ClientCertificateTests(ServerFixture fixture) => _server = fixture.Server;

    private string Subject(object cert)
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, Cert = cert, TrustEnv = false });
        var response = client.Get(_server.ClientCertHttpsUrl + "/client-cert");
        Assert.Equal(200, response.StatusCode);
        return response.Json()!["subject"]!.GetValue<string>();
    }

    private string Expected => _server.ClientCertificate.Subject;

    [Fact]
    public void Pem_certificate_and_key_files() =>
        Assert.Equal(Expected, Subject((_server.ClientCertPemPath, _server.ClientKeyPemPath)));

    [Fact]
    public void Pem_pair_as_a_powershell_array() =>
        Assert.Equal(Expected, Subject(new object[] { _server.ClientCertPemPath, _server.ClientKeyPemPath }));

    [Fact]
    public void Pem_file_holding_both_certificate_and_key()
    {
        var combined = Path.Combine(Path.GetTempPath(), $"httpx-client-{Guid.NewGuid():N}.pem");
        File.WriteAllText(combined, File.ReadAllText(_server.ClientCertPemPath) + "\n" + File.ReadAllText(_server.ClientKeyPemPath));
        try { Assert.Equal(Expected, Subject(combined)); }
        finally { File.Delete(combined); }
    }

    [Fact]
    public void Encrypted_pem_key_with_its_password()
    {
        var key = Path.Combine(Path.GetTempPath(), $"httpx-client-{Guid.NewGuid():N}.key");
        using (var plain = X509Certificate2.CreateFromPemFile(_server.ClientCertPemPath, _server.ClientKeyPemPath))
        {
            var pbe = new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000);
            File.WriteAllText(key, plain.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("key-secret", pbe));
        }
        try
        {
            Assert.Equal(Expected, Subject((_server.ClientCertPemPath, key, "key-secret")));
            var error = Assert.Throws<ArgumentException>(() => Subject((_server.ClientCertPemPath, key, "not-it")));
            Assert.Contains(key, error.Message);
            Assert.DoesNotContain("not-it", error.Message);
        }
        finally { File.Delete(key); }
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_is_an_error_naming_both_files()
    {
        var key = Path.Combine(Path.GetTempPath(), $"httpx-other-{Guid.NewGuid():N}.key");
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            File.WriteAllText(key, other.ExportPkcs8PrivateKeyPem());
        try
        {
            var error = Assert.Throws<ArgumentException>(() => Subject((_server.ClientCertPemPath, key)));
            Assert.Equal("cert", error.ParamName);
            Assert.Contains($"'{_server.ClientCertPemPath}' with key '{key}'", error.Message);
            Assert.Contains("does not match", error.Message);
        }
        finally { File.Delete(key); }
    }

    [Fact]
    public void Pkcs12_with_its_password()
    {
        Assert.Equal(Expected, Subject((_server.ClientPfxPath, TestServerHost.ClientPfxPassword)));
        Assert.Equal(Expected, Subject(new[] { _server.ClientPfxPath, TestServerHost.ClientPfxPassword }));
    }

    [Fact]
    public void Pkcs12_with_a_wrong_password_is_an_error_naming_the_file_not_the_password()
    {
        var error = Assert.Throws<ArgumentException>(() => Subject((_server.ClientPfxPath, "wrong-pfx-secret")));
        Assert.Contains(_server.ClientPfxPath, error.Message);
        Assert.DoesNotContain("wrong-pfx-secret", error.Message);
    }

    [Fact]
    public void An_X509Certificate2_with_its_key() =>
        Assert.Equal(Expected, Subject(_server.ClientCertificate));

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Subject("/nonexistent/client.pem"));
        Assert.Contains("/nonexistent/client.pem", error.Message);
    }

    [Fact]
    public void Pem_forms_that_hold_their_key_still_load_after_the_blocks_are_checked()
    {
        // What CheckPem must let through: a chain (leaf, then its CA) with the key in one file, the key first, and an
        // encrypted key in the certificate's file with the password as (file, "", password) and (file, null, password).
        var dir = Directory.CreateTempSubdirectory("httpx-pem-forms-").FullName;
        try
        {
            string cert = File.ReadAllText(_server.ClientCertPemPath), key = File.ReadAllText(_server.ClientKeyPemPath), ca = File.ReadAllText(_server.CaPemPath);
            var chain = Path.Combine(dir, "chain.pem");
            File.WriteAllText(chain, cert + "\n" + ca + "\n" + key);
            Assert.Equal(Expected, Subject(chain));
            var keyFirst = Path.Combine(dir, "key-first.pem");
            File.WriteAllText(keyFirst, key + "\n" + cert);
            Assert.Equal(Expected, Subject(keyFirst));
            string encrypted;
            using (var plain = X509Certificate2.CreateFromPemFile(_server.ClientCertPemPath, _server.ClientKeyPemPath))
                encrypted = plain.GetECDsaPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("key-secret",
                    new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000));
            var combined = Path.Combine(dir, "combined-encrypted.pem");
            File.WriteAllText(combined, cert + "\n" + encrypted);
            Assert.Equal(Expected, Subject((combined, "", "key-secret")));
            Assert.Equal(Expected, Subject(new object?[] { combined, null, "key-secret" }));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_pkcs12_file_without_a_password_loads_and_a_DER_certificate_is_an_error_saying_to_give_it_as_PEM()
    {
        var dir = Directory.CreateTempSubdirectory("httpx-cert-forms-").FullName;
        try
        {
            var pfx = Path.Combine(dir, "client.pfx");
            File.WriteAllBytes(pfx, _server.ClientCertificate.Export(X509ContentType.Pkcs12));
            Assert.Equal(Expected, Subject(pfx));
            var der = Path.Combine(dir, "client.cer");
            File.WriteAllBytes(der, _server.ClientCertificate.Export(X509ContentType.Cert));
            // It is a certificate: "neither PKCS#12 nor PEM holding a CERTIFICATE" sent the user to check the file's
            // content, not its form. The same with a key file given: the PEM loader reads no DER.
            foreach (var cert in new object[] { der, (der, _server.ClientKeyPemPath) })
            {
                var error = Assert.Throws<ArgumentException>(() => Subject(cert));
                Assert.Equal("cert", error.ParamName);
                Assert.StartsWith($"The client certificate file '{der}' is a DER certificate: give it as PEM with its key, as (certificate, key), or a PKCS#12 file (.pfx, .p12) holding both.", error.Message);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_folder_given_as_the_client_certificate_is_said_to_be_a_folder()
    {
        // "The client certificate file '/etc/ssl' does not exist" sent the user looking for a typo in a path that is there.
        var folder = Directory.CreateTempSubdirectory("httpx-cert-folder-").FullName;
        try
        {
            foreach (var cert in new object[] { folder, (folder, _server.ClientKeyPemPath) })
            {
                var error = Assert.Throws<ArgumentException>(() => ClientCertificateLoader.Load(cert));
                Assert.Equal("cert", error.ParamName);
                Assert.StartsWith($"The client certificate file '{folder}' is a folder: give the path of the certificate file.", error.Message);
            }
        }
        finally { Directory.Delete(folder); }
    }

    [Fact]
    public void A_pkcs12_file_given_three_items_is_an_error_that_does_not_quote_the_second_one()
    {
        // (pfx, password, x): the password put in the key's place. The message quoted it as "a key file '...'".
        var dir = Directory.CreateTempSubdirectory("httpx-cert-three-").FullName;
        try
        {
            var pfx = Path.Combine(dir, "client.pfx");
            File.WriteAllBytes(pfx, _server.ClientCertificate.Export(X509ContentType.Pkcs12, "pfx-s3cret"));
            var error = Assert.Throws<ArgumentException>(() => Subject((pfx, "pfx-s3cret", "other")));
            Assert.Equal("cert", error.ParamName);
            Assert.StartsWith($"The client certificate '{pfx}' is PKCS#12 and holds its key: give (path, password), with no key file.", error.Message);
            Assert.DoesNotContain("s3cret", error.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_pem_certificate_without_its_key_is_an_error_asking_for_the_key_file()
    {
        // Not the cryptography library's "The key contents do not contain a PEM..." with a guess at a wrong password.
        var error = Assert.Throws<ArgumentException>(() => Subject(_server.ClientCertPemPath));
        Assert.Equal("cert", error.ParamName);
        Assert.StartsWith($"The client certificate '{_server.ClientCertPemPath}' has no private key: give the key file too, as (certificate, key).", error.Message);
        Assert.DoesNotContain("password", error.Message);
    }

    [Fact]
    public void A_file_that_holds_no_certificate_is_an_error_saying_what_it_should_be()
    {
        var text = Path.Combine(Path.GetTempPath(), $"httpx-not-a-cert-{Guid.NewGuid():N}.pem");
        File.WriteAllText(text, "hello\n");
        try
        {
            foreach (var cert in new object[] { text, (text, _server.ClientKeyPemPath) })
            {
                var error = Assert.Throws<ArgumentException>(() => Subject(cert));
                Assert.Equal("cert", error.ParamName);
                Assert.StartsWith($"The client certificate file '{text}' is neither PKCS#12 (.pfx, .p12) nor PEM holding a CERTIFICATE.", error.Message);
            }
        }
        finally { File.Delete(text); }
    }

    [Fact]
    public void An_empty_file_is_an_error_saying_what_it_should_be()
    {
        // A certificate file not yet written (a secret mount not populated, a failed export): the form check on its
        // bytes raised .NET's "Array may not be empty or null. (Parameter 'rawData')", naming neither the file nor the
        // certificate.
        var empty = Path.Combine(Path.GetTempPath(), $"httpx-empty-cert-{Guid.NewGuid():N}.pem");
        File.WriteAllBytes(empty, []);
        try
        {
            foreach (var cert in new object[] { empty, (empty, _server.ClientKeyPemPath), (empty, "pfx-secret") })
            {
                var error = Assert.Throws<ArgumentException>(() => Subject(cert));
                Assert.Equal("cert", error.ParamName);
                Assert.StartsWith($"The client certificate file '{empty}' is neither PKCS#12 (.pfx, .p12) nor PEM holding a CERTIFICATE.", error.Message);
            }
        }
        finally { File.Delete(empty); }
    }

    [Fact]
    public void Without_a_certificate_the_request_fails()
    {
        // Under TLS 1.3 the client's handshake completes before the server checks the certificate; the server then
        // closes the connection, so this surfaces as a disconnect (HTTPX raises ReadError here), not a ConnectError.
        // Without a certificate the transport does not listen for the server's request for one: that would turn off
        // TLS session resumption for every connection (ClientCertificateRequest).
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false });
        var error = Assert.ThrowsAny<TransportException>(() => client.Get(_server.ClientCertHttpsUrl + "/client-cert"));
        Assert.Contains(_server.ClientCertHttpsUrl, error.Message);
    }

    [Fact]
    public void A_certificate_the_server_refuses_is_named_in_the_error()
    {
        // A certificate of an issuer the server does not trust (its own CA, not the test CA).
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=stranger", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var stranger = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, Cert = stranger, TrustEnv = false });
        var error = Assert.ThrowsAny<TransportException>(() => client.Get(_server.ClientCertHttpsUrl + "/client-cert"));
        Assert.Contains("asked for a client certificate in the TLS handshake and closed the connection after getting 'CN=stranger'", error.Message);
        Assert.Contains(_server.ClientCertHttpsUrl, error.Message);
    }

    [Fact]
    public void A_failure_at_a_server_that_asks_for_no_certificate_says_nothing_of_one()
    {
        // The same disconnect, from a server that never asked (RawTcpUrl closes before any header), with a certificate given
        // (without one the hint is never looked for): no word of certificates.
        using var withCert = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, Cert = _server.ClientCertificate, TrustEnv = false });
        var error = Assert.ThrowsAny<TransportException>(() => withCert.Get(_server.RawTcpUrl + "/close-before-headers"));
        Assert.DoesNotContain("client certificate", error.Message);
        // A TLS server that does not ask for one: the request goes through.
        Assert.Equal(200, withCert.Get(_server.HttpsUrl + "/get").StatusCode);
    }
}
