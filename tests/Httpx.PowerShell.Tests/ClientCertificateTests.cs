namespace Httpx.PowerShell.Tests;

/// <summary>
/// -Certificate on Invoke-Httpx, New-HttpxClient and New-HttpxTransport against the test server's listener that
/// requires a client certificate: an X509Certificate2 as Invoke-WebRequest takes it, and HTTPX's cert forms as paths.
/// </summary>
public class ClientCertificateTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public ClientCertificateTests(PowerShellFixture ps) => _ps = ps;

    private Dictionary<string, object?> Variables() => new()
    {
        ["certUrl"] = _ps.Server.ClientCertHttpsUrl + "/client-cert",
        ["cert"] = _ps.Server.ClientCertificate,
        ["pem"] = _ps.Server.ClientCertPemPath,
        ["key"] = _ps.Server.ClientKeyPemPath,
        ["pfx"] = _ps.Server.ClientPfxPath,
        ["pfxPassword"] = TestServer.TestServerHost.ClientPfxPassword,
    };

    [Fact]
    public void Certificate_takes_a_certificate_object_or_HTTPX_cert_paths_on_every_cmdlet()
    {
        var result = _ps.Run("""
            (Invoke-Httpx $certUrl -Verify $ca -Certificate $cert -As Json).subject
            $secret = [System.Net.NetworkCredential]::new('', $pfxPassword).SecurePassword
            (Invoke-Httpx $certUrl -Verify $ca -Certificate $pfx, $secret -As Json).subject
            # PowerShell paths: relative to the current location.
            $null = $ExecutionContext.SessionState.Path.SetLocation([System.IO.Path]::GetDirectoryName($pem))
            (Invoke-Httpx $certUrl -Verify $ca -Certificate ./client.pem, ./client.key -As Json).subject
            $client = New-HttpxClient -Verify $ca -Certificate $pem, $key
            (Invoke-Httpx $certUrl -Client $client -As Json).subject
            $transport = New-HttpxTransport -Verify $ca -Certificate $pfx, $pfxPassword
            (Invoke-Httpx $certUrl -Client (New-HttpxClient -Transport $transport) -As Json).subject
            """, Variables());
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.Exception.Message)));
        Assert.Null(result.Terminating);
        var subject = _ps.Server.ClientCertificate.Subject;
        Assert.Equal(Enumerable.Repeat<object>(subject, 5), result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_combined_pem_with_an_encrypted_key_is_given_as_path_null_password()
    {
        // HTTPX's cert=(path, None, password).
        var combined = Path.Combine(Path.GetTempPath(), $"httpx-combined-{Guid.NewGuid():N}.pem");
        using (var plain = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(_ps.Server.ClientCertPemPath, _ps.Server.ClientKeyPemPath))
        {
            var pbe = new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc, System.Security.Cryptography.HashAlgorithmName.SHA256, 1000);
            File.WriteAllText(combined, File.ReadAllText(_ps.Server.ClientCertPemPath) + "\n" + System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(plain)!.ExportEncryptedPkcs8PrivateKeyPem("key-secret", pbe));
        }
        try
        {
            var variables = Variables();
            variables["combined"] = combined;
            var result = _ps.Run("(Invoke-Httpx $certUrl -Verify $ca -Certificate $combined, $null, 'key-secret' -As Json).subject", variables);
            Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.Exception.Message)));
            Assert.Equal(_ps.Server.ClientCertificate.Subject, Assert.Single(result.Output).BaseObject);
        }
        finally { File.Delete(combined); }
    }

    [Fact]
    public void A_missing_file_or_a_wrong_password_is_an_error_naming_the_file_not_the_password()
    {
        var result = _ps.Run("""
            try { Invoke-Httpx $certUrl -Certificate ./no-such-client.pfx } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            try { $null = New-HttpxClient -Certificate $pfx, 'wrong-pass-123' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """, Variables());
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(4, output.Length);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        Assert.Contains("The client certificate file '", output[1]);
        Assert.Contains("no-such-client.pfx' does not exist", output[1]);
        // Without .NET's " (Parameter 'cert')": the engine's C# parameter, which the user never saw (-Certificate is).
        Assert.EndsWith("no-such-client.pfx' does not exist.", output[1]);
        Assert.DoesNotContain("(Parameter ", output[3]);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", output[2]);
        Assert.Contains($"Could not load the client certificate '{_ps.Server.ClientPfxPath}'", output[3]);
        Assert.DoesNotContain("wrong-pass-123", output[3]);
    }

    [Fact]
    public void A_SecureString_given_first_is_refused_without_its_text()
    {
        // -Certificate $secret, $pfx (the pair reversed): the SecureString was turned to text to be the certificate's
        // path, and the error quoted it: "The client certificate file '<cwd>/<password>' does not exist."
        var result = _ps.Run("""
            $secret = [System.Net.NetworkCredential]::new('', 'hunter2-secret').SecurePassword
            try { $null = New-HttpxClient -Certificate $secret, $pfx } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """, Variables());
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand",
            "Cannot process argument transformation on parameter 'Certificate'. -Certificate: the first item is a SecureString, a password: give the certificate's path first, as (path, password) or (certificate, key, password).",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_PEM_certificate_without_its_key_or_a_file_that_is_no_certificate_is_an_error_saying_so()
    {
        var result = _ps.Run("""
            try { Invoke-Httpx $certUrl -Verify $ca -Certificate $pem } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            $notes = [IO.Path]::Combine([IO.Path]::GetTempPath(), "httpx-notes-$([guid]::NewGuid()).pem")
            [IO.File]::WriteAllText($notes, "not a certificate`n")
            try { $null = New-HttpxTransport -Certificate $notes, $key } catch { $_.Exception.Message.Replace($notes, '<notes>') }
            finally { [IO.File]::Delete($notes) }
            """, Variables());
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(3, output.Length);
        Assert.Equal("ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", output[0]);
        // Before: the cryptography library's "The key contents do not contain a PEM..." and a guess at a wrong password.
        Assert.EndsWith($"The client certificate '{_ps.Server.ClientCertPemPath}' has no private key: give the key file too, as (certificate, key).", output[1]);
        Assert.EndsWith("The client certificate file '<notes>' is neither PKCS#12 (.pfx, .p12) nor PEM holding a CERTIFICATE.", output[2]);
    }

    [Fact]
    public void A_certificate_path_of_another_provider_is_refused_but_a_password_that_reads_as_one_is_a_password()
    {
        // variable:client.pem loaded the process's working folder's client.pem, a file nobody named.
        var result = _ps.Run("""
            foreach ($call in { Invoke-Httpx $certUrl -Verify $ca -Certificate variable:client.pem },
                              { New-HttpxClient -Certificate variable:client.pem, $key },
                              { New-HttpxTransport -Certificate env:client.pem }) {
                try { & $call; 'made' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }
            # The second item is a key file, or a password: 'env:pw' is no file, so a password (the PKCS#12's is wrong).
            try { New-HttpxClient -Certificate $pfx, 'env:pw' } catch { $_.Exception.Message -like '*password*' }
            """, Variables());
        Assert.Empty(result.Errors);
        string Refused(string path, string provider) =>
            $"Cannot process argument transformation on parameter 'Certificate'. -Certificate '{path}' is a path of the {provider} provider: give a path in the file system.";
        Assert.Equal(new object[]
        {
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Refused("variable:client.pem", "Variable"),
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxClientCommand", Refused("variable:client.pem", "Variable"),
            "ParameterArgumentTransformationError,Httpx.PowerShell.Commands.NewHttpxTransportCommand", Refused("env:client.pem", "Environment"),
            true,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
