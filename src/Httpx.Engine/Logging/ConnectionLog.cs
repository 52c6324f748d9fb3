using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// The connection events of a request's trace (<see cref="RequestTraceEvents"/>) as <c>httpx -v</c> prints them:
/// "* Connecting to 'example.org'", "* Connected to '93.184.216.34' on port 443", "* SSL established using 'TLSv1.3' /
/// 'TLS_AES_256_GCM_SHA384'", "* Selected ALPN protocol: 'h2'" and the server certificate as its format_certificate
/// lists Python's getpeercert(). For verbose output and logs; none of them carries a secret.
/// </summary>
public static class ConnectionLog
{
    /// <summary>The lines for one event: none for an event that is not about the connection.</summary>
    public static IReadOnlyList<string> Format(string eventName, object info) => (eventName, info) switch
    {
        (RequestTraceEvents.ConnectTcpStarted, ConnectTcpStartedInfo started) => [$"* Connecting to {PythonRepr.Of(started.Host)}"],
        (RequestTraceEvents.ConnectTcpComplete, ConnectTcpCompleteInfo connected) =>
            [$"* Connected to {PythonRepr.Of(connected.RemoteAddress)} on port {connected.RemotePort}"],
        // httpx -v prints nothing for a Unix socket; the same words, naming the socket, say where the request went.
        (RequestTraceEvents.ConnectUnixSocketStarted, ConnectUnixSocketInfo socket) => [$"* Connecting to unix socket {PythonRepr.Of(socket.Path)}"],
        (RequestTraceEvents.ConnectUnixSocketComplete, ConnectUnixSocketInfo socket) => [$"* Connected to unix socket {PythonRepr.Of(socket.Path)}"],
        (RequestTraceEvents.StartTlsComplete, StartTlsCompleteInfo tls) => TlsLines(tls),
        _ => [],
    };

    private static List<string> TlsLines(StartTlsCompleteInfo tls)
    {
        var lines = new List<string>
        {
            $"* SSL established using {PythonRepr.Of(tls.TlsVersion)} / {PythonRepr.Of(tls.CipherSuite)}",
            $"* Selected ALPN protocol: {(tls.AlpnProtocol is null ? "None" : PythonRepr.Of(tls.AlpnProtocol))}",
        };
        if (tls.ServerCertificate is { } certificate)
        {
            lines.Add("* Server certificate:");
            // A certificate the handshake took (with -NoVerify, any) may hold a name .NET cannot read: verbose output
            // says so rather than fail the request it describes.
            try
            {
                lines.AddRange(FormatCertificate(certificate));
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or AsnContentException or ArgumentException)
            {
                lines.Add($"*   (not readable: {HttpLog.Printable(e.Message)})");
            }
        }
        return lines;
    }

    /// <summary>
    /// A certificate's lines as httpx's format_certificate writes Python's getpeercert(): subject and issuer attribute by
    /// attribute, serial number, validity and subject alternative names, in its words ("commonName", "notAfter", "DNS",
    /// "IP Address"). Python's "version" (always 3) and its OCSP, caIssuers and crlDistributionPoints URLs are left out:
    /// lines that say nothing about which certificate this is or whether it fits.
    /// </summary>
    public static IEnumerable<string> FormatCertificate(X509Certificate2 certificate)
    {
        var lines = new List<string> { "*   subject:" };
        lines.AddRange(NameLines(certificate.SubjectName));
        lines.Add("*   issuer:");
        lines.AddRange(NameLines(certificate.IssuerName));
        // Python's serial is the integer's hex digits: the DER sign byte that .NET keeps is no digit of it.
        var serial = certificate.SerialNumber.TrimStart('0');
        lines.Add($"*   serialNumber: {PythonRepr.Of(serial.Length % 2 == 1 ? "0" + serial : serial.Length == 0 ? "00" : serial)}");
        lines.Add($"*   notBefore: {PythonRepr.Of(OpenSslTime(certificate.NotBefore))}");
        lines.Add($"*   notAfter: {PythonRepr.Of(OpenSslTime(certificate.NotAfter))}");
        if (certificate.Extensions["2.5.29.17"] is { } san)
        {
            var names = AlternativeNames(san.RawData);
            if (names.Count > 0)
            {
                lines.Add("*   subjectAltName:");
                lines.AddRange(names.Select(n => $"*     {n.Type}: {PythonRepr.Of(n.Value)}"));
            }
        }
        return lines;
    }

    // "Dec  6 16:59:21 2026 GMT", as OpenSSL prints an ASN.1 time and Python's getpeercert gives it.
    private static string OpenSslTime(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return string.Create(CultureInfo.InvariantCulture, $"{utc:MMM} {utc.Day,2} {utc:HH:mm:ss yyyy} GMT");
    }

    // Attribute by attribute in the certificate's (DER) order, as Python lists them; a multi-valued one gives each.
    private static IEnumerable<string> NameLines(X500DistinguishedName name)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames(reversed: false))
        {
            if (!rdn.HasMultipleElements)
            {
                yield return $"*     {AttributeName(rdn.GetSingleElementType())}: {PythonRepr.Of(rdn.GetSingleElementValue() ?? "")}";
                continue;
            }
            foreach (var (type, value) in Attributes(rdn.RawData))
                yield return $"*     {AttributeName(new System.Security.Cryptography.Oid(type))}: {PythonRepr.Of(value)}";
        }
    }

    // A multi-valued RDN: SET OF { type OID, value string }. A value that is no string is left out.
    private static List<(string Type, string Value)> Attributes(ReadOnlyMemory<byte> rdn)
    {
        var attributes = new List<(string, string)>();
        try
        {
            var set = new AsnReader(rdn, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                var pair = set.ReadSequence();
                var type = pair.ReadObjectIdentifier();
                var tag = pair.PeekTag();
                if (tag.TagClass == TagClass.Universal && CharacterString((UniversalTagNumber)tag.TagValue))
                    attributes.Add((type, pair.ReadCharacterString((UniversalTagNumber)tag.TagValue)));
            }
        }
        catch (AsnContentException) { }
        return attributes;
    }

    private static bool CharacterString(UniversalTagNumber tag) => tag is UniversalTagNumber.UTF8String or UniversalTagNumber.PrintableString
        or UniversalTagNumber.IA5String or UniversalTagNumber.BMPString or UniversalTagNumber.UniversalString or UniversalTagNumber.VisibleString;

    // OpenSSL's long names, which Python's getpeercert uses; an attribute it does not name shows as its OID.
    private static string AttributeName(System.Security.Cryptography.Oid type) => type.Value switch
    {
        "2.5.4.3" => "commonName",
        "2.5.4.4" => "surname",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "countryName",
        "2.5.4.7" => "localityName",
        "2.5.4.8" => "stateOrProvinceName",
        "2.5.4.9" => "streetAddress",
        "2.5.4.10" => "organizationName",
        "2.5.4.11" => "organizationalUnitName",
        "2.5.4.12" => "title",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "givenName",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "userId",
        "0.9.2342.19200300.100.1.25" => "domainComponent",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionStateOrProvinceName",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionCountryName",
        var other => other ?? "",
    };

    // GeneralNames in the extension's order, named as Python names them; other kinds are left out.
    private static List<(string Type, string Value)> AlternativeNames(byte[] extension)
    {
        var names = new List<(string, string)>();
        try
        {
            var sequence = new AsnReader(extension, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    sequence.ReadEncodedValue();
                    continue;
                }
                switch (tag.TagValue)
                {
                    case 1: names.Add(("email", sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 2: names.Add(("DNS", sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 6: names.Add(("URI", sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag))); break;
                    case 7: names.Add(("IP Address", IpAddress(sequence.ReadOctetString(tag)))); break;
                    default: sequence.ReadEncodedValue(); break;
                }
            }
        }
        catch (AsnContentException) { }
        return names;
    }

    // An IPv6 address as OpenSSL writes it: eight groups in upper-case hex, none shortened ("0:0:0:0:0:0:0:1").
    private static string IpAddress(byte[] bytes) => bytes.Length switch
    {
        4 => new IPAddress(bytes).ToString(),
        16 => string.Join(':', Enumerable.Range(0, 8).Select(i => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).ToString("X", CultureInfo.InvariantCulture))),
        _ => Convert.ToHexString(bytes),
    };
}
