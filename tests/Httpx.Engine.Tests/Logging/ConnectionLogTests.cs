using System.Security.Cryptography.X509Certificates;

namespace Httpx.Tests.Logging;

/// <summary>Connection events in httpx -v's words, checked against what httpx prints for the same input.</summary>
public class ConnectionLogTests
{
    // Made with openssl (a multi-valued RDN "OU=Ops+CN=localhost", serial 0x0A1B2C, names of every kind Python lists).
    private const string Pem = """
        -----BEGIN CERTIFICATE-----
        MIICfzCCAiWgAwIBAgIDChssMAoGCCqGSM49BAMCMHUxCzAJBgNVBAYTAlVTMRMw
        EQYDVQQIDApTb21lIFN0YXRlMREwDwYDVQQKDAhUZXN0IE9yZzEeMAoGA1UECwwD
        T3BzMBAGA1UEAwwJbG9jYWxob3N0MR4wHAYJKoZIhvcNAQkBFg9vcHNAZXhhbXBs
        ZS5vcmcwHhcNMjYxMjA2MTcwOTUyWhcNMzYxMjAzMTcwOTUyWjB1MQswCQYDVQQG
        EwJVUzETMBEGA1UECAwKU29tZSBTdGF0ZTERMA8GA1UECgwIVGVzdCBPcmcxHjAK
        BgNVBAsMA09wczAQBgNVBAMMCWxvY2FsaG9zdDEeMBwGCSqGSIb3DQEJARYPb3Bz
        QGV4YW1wbGUub3JnMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEB9YzYucRzylx
        ETkq2+nhk9ZPxTE5mkdmH/2q8Zwcr5Mez2gRa69dB6DPB+dLl9WYhWuaPKPmXgHs
        KQM+pPXdPqOBozCBoDAdBgNVHQ4EFgQUtMB0Antq0QDruNqeWt4Rkv0+9H4wHwYD
        VR0jBBgwFoAUtMB0Antq0QDruNqeWt4Rkv0+9H4wDwYDVR0TAQH/BAUwAwEB/zBN
        BgNVHREERjBEgglsb2NhbGhvc3SHEAAAAAAAAAAAAAAAAAAAAAGBBWFAYi5jhglo
        dHRwOi8veC+HBH8AAAGCDSouZXhhbXBsZS5vcmcwCgYIKoZIzj0EAwIDSAAwRQIh
        AM1gteP3TBixN0B7aefqq8hmtffokqbQMsjH5OL5DdJuAiBfgdlROktF2iI7LJ5O
        OEpYud+l5AijWzM9bGZskfMjMg==
        -----END CERTIFICATE-----
        """;

    [Fact]
    public void A_certificate_is_listed_as_httpx_format_certificate_lists_pythons_getpeercert()
    {
        // Python 3.11: format_certificate(ssl._ssl._test_decode_cert(pem)), less its "version: 3" line.
        using var certificate = X509Certificate2.CreateFromPem(Pem);
        Assert.Equal(new[]
        {
            "*   subject:",
            "*     countryName: 'US'",
            "*     stateOrProvinceName: 'Some State'",
            "*     organizationName: 'Test Org'",
            "*     organizationalUnitName: 'Ops'",
            "*     commonName: 'localhost'",
            "*     emailAddress: 'ops@example.org'",
            "*   issuer:",
            "*     countryName: 'US'",
            "*     stateOrProvinceName: 'Some State'",
            "*     organizationName: 'Test Org'",
            "*     organizationalUnitName: 'Ops'",
            "*     commonName: 'localhost'",
            "*     emailAddress: 'ops@example.org'",
            "*   serialNumber: '0A1B2C'",
            "*   notBefore: 'Dec  6 17:09:52 2026 GMT'",
            "*   notAfter: 'Dec  3 17:09:52 2036 GMT'",
            "*   subjectAltName:",
            "*     DNS: 'localhost'",
            "*     IP Address: '0:0:0:0:0:0:0:1'",
            "*     email: 'a@b.c'",
            "*     URI: 'http://x/'",
            "*     IP Address: '127.0.0.1'",
            "*     DNS: '*.example.org'",
        }, ConnectionLog.FormatCertificate(certificate).ToArray());
    }

    [Fact]
    public void Connection_events_read_as_httpx_v_prints_them()
    {
        Assert.Equal(new[] { "* Connecting to 'example.org'" },
            ConnectionLog.Format(RequestTraceEvents.ConnectTcpStarted, new ConnectTcpStartedInfo("example.org", 443, null)));
        Assert.Equal(new[] { "* Connected to '93.184.216.34' on port 443" },
            ConnectionLog.Format(RequestTraceEvents.ConnectTcpComplete, new ConnectTcpCompleteInfo("93.184.216.34", 443, "10.0.0.2", 51000)));
        Assert.Equal(new[] { "* SSL established using 'TLSv1.3' / 'TLS_AES_256_GCM_SHA384'", "* Selected ALPN protocol: None" },
            ConnectionLog.Format(RequestTraceEvents.StartTlsComplete, new StartTlsCompleteInfo("TLSv1.3", "TLS_AES_256_GCM_SHA384", null, null)));
        Assert.Equal("* Selected ALPN protocol: 'h2'",
            ConnectionLog.Format(RequestTraceEvents.StartTlsComplete, new StartTlsCompleteInfo("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "h2", null))[1]);
        Assert.Empty(ConnectionLog.Format(RequestTraceEvents.Sending, new Request("GET", "http://example.org/")));
    }
}
