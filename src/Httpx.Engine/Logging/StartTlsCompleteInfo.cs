using System.Security.Cryptography.X509Certificates;

namespace Httpx;

/// <summary>
/// The info of <see cref="RequestTraceEvents.StartTlsComplete"/>: the connection's TLS version as Python's ssl names it
/// ("TLSv1.3", "TLSv1.2"), its cipher suite by its IANA name ("TLS_AES_256_GCM_SHA384"), the protocol ALPN chose ("h2",
/// "http/1.1"; null when the server chose none) and the server's certificate (null if it sent none). The certificate
/// is a copy of the connection's, the caller's to keep and dispose.
/// </summary>
public sealed record StartTlsCompleteInfo(string TlsVersion, string CipherSuite, string? AlpnProtocol, X509Certificate2? ServerCertificate);
