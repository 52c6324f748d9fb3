using System.Collections;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Httpx.Internal;

namespace Httpx;

/// <summary>
/// HTTPX's <c>cert=</c> argument turned into one certificate with its private key, for TLS client authentication:
/// an <see cref="X509Certificate2"/>; a path to a PKCS#12 file (.pfx, .p12) or to a PEM file holding both the
/// certificate and the key; or a (certificate, key[, password]) pair of PEM paths (the key null or "" when the certificate's
/// file holds it); or a (PKCS#12 path, password) pair.
/// Tuples, string arrays and object arrays (PowerShell's) are all accepted.
/// </summary>
public static class ClientCertificateLoader
{
    public static X509Certificate2? Load(object? cert) => cert switch
    {
        null => null,
        X509Certificate2 certificate => certificate.HasPrivateKey ? certificate
            : throw new ArgumentException($"The client certificate '{certificate.Subject}' has no private key.", nameof(cert)),
        string path => LoadPath(path, null, null),
        FileInfo file => LoadPath(file.FullName, null, null),
        ValueTuple<string, string> pair => LoadPath(pair.Item1, pair.Item2, null),
        ValueTuple<string, string?, string?> triple => LoadPath(triple.Item1, triple.Item2, triple.Item3),
        IList list when list.Count is >= 1 and <= 3 => LoadPath(Text(list, 0)!, Text(list, 1), Text(list, 2)),
        _ => throw new ArgumentException(
            $"cert must be an X509Certificate2, a certificate path, or (certificate path, key path[, password]), not {cert.GetType().FullName}.", nameof(cert)),
    };

    private static string? Text(IList list, int index) =>
        index < list.Count ? list[index]?.ToString() : null;

    private static X509Certificate2 LoadPath(string path, string? second, string? password)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException("The client certificate path is empty.", "cert");
        // A folder does exist: "does not exist" sent the user looking for a typo in a path that is there.
        if (Directory.Exists(path)) throw new ArgumentException($"The client certificate file '{path}' is a folder: give the path of the certificate file.", "cert");
        if (!File.Exists(path)) throw new ArgumentException($"The client certificate file '{path}' does not exist.", "cert");
        // Read once: its form, the PEM check and the loader all work on these bytes (a file read per step read it up
        // to four times, and a file replaced in between could be checked as one and loaded as another).
        var bytes = File.ReadAllBytes(path);
        var type = ContentType(bytes);
        var pkcs12 = type == X509ContentType.Pkcs12;
        X509Certificate2 certificate;
        try
        {
            if (pkcs12)
            {
                // (pfx, password): the second item is the password; with three items the key path must be empty.
                var secret = password ?? second;
                // Not naming the second item: it is often the password, put in the key's place.
                if (password is not null && !string.IsNullOrEmpty(second))
                    throw new ArgumentException($"The client certificate '{path}' is PKCS#12 and holds its key: give (path, password), with no key file.", "cert");
                certificate = new X509Certificate2(bytes, secret, X509KeyStorageFlags.Exportable);
            }
            else
            {
                if (second is { Length: 0 }) second = null; // (combined PEM, "", password) as (combined PEM, None, password)
                var text = PemText(bytes);
                CheckPem(path, text, type, keyGiven: second is not null);
                // Not naming the second item: when a (PKCS#12 path, password) pair was meant, it is the password.
                if (second is not null && !File.Exists(second))
                    throw new ArgumentException(
                        $"The second item given with the client certificate '{path}' is not an existing key file (PEM: give (certificate, key[, password]); PKCS#12: give (path, password)).",
                        nameof(second));
                // CreateFromPemFile's rule: without a key file, the key is in the certificate's file.
                var key = second is null ? text : File.ReadAllText(second);
                using var pem = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPem(text, key)
                    : X509Certificate2.CreateFromEncryptedPem(text, key, password);
                // SslStream on Linux cannot use a key that was only attached to a PEM certificate: go through PKCS#12.
                // (SChannel on Windows cannot use its ephemeral key either.)
                certificate = new X509Certificate2(pem.Export(X509ContentType.Pkcs12));
            }
        }
        // ArgumentException: a PEM key that is not the certificate's ("The provided key does not match...").
        catch (Exception e) when (e is CryptographicException || e is ArgumentException { ParamName: "privateKey" })
        {
            var what = second is null || pkcs12 ? $"'{path}'" : $"'{path}' with key '{second}'";
            throw new ArgumentException($"Could not load the client certificate {what}: {ExceptionText.WithoutParameterName(e).TrimEnd('.')} (a wrong or missing password, or a key that does not match the certificate?).", "cert", e);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException($"The client certificate '{path}' has no private key: give the key file too, as (certificate, key).", "cert");
        }
        return certificate;
    }

    /// <summary>
    /// Says what a PEM file lacks before the cryptography library does: for a file with no CERTIFICATE block, or a
    /// certificate alone with no key given, its words ("The key contents do not contain a PEM...") and the loader's
    /// guess at a wrong password sent the user looking at the wrong thing.
    /// </summary>
    private static void CheckPem(string path, ReadOnlySpan<char> text, X509ContentType type, bool keyGiven)
    {
        bool certificate = false, key = false;
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label];
            certificate |= label.SequenceEqual("CERTIFICATE");
            key |= label.EndsWith("PRIVATE KEY", StringComparison.Ordinal);
            text = text[fields.Location.End..];
        }
        // A .cer/.der certificate is one, in a form the PEM loader does not read (and it holds no key).
        if (!certificate && type == X509ContentType.Cert)
            throw new ArgumentException($"The client certificate file '{path}' is a DER certificate: give it as PEM with its key, as (certificate, key), or a PKCS#12 file (.pfx, .p12) holding both.", "cert");
        if (!certificate)
            throw new ArgumentException($"The client certificate file '{path}' is neither PKCS#12 (.pfx, .p12) nor PEM holding a CERTIFICATE.", "cert");
        if (!key && !keyGiven)
            throw new ArgumentException($"The client certificate '{path}' has no private key: give the key file too, as (certificate, key).", "cert");
    }

    // The file's text as File.ReadAllText (which CreateFromPemFile uses) reads it: UTF-8 unless a byte order mark says otherwise.
    private static string PemText(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static X509ContentType ContentType(byte[] bytes)
    {
        // The byte overload refuses an empty array (ArgumentException 'rawData'), where the path overload it replaced
        // called an empty file Unknown: the PEM check then says what the file should be.
        if (bytes.Length == 0) return X509ContentType.Unknown;
        try
        {
            return X509Certificate2.GetCertContentType(bytes);
        }
        catch (CryptographicException)
        {
            return X509ContentType.Unknown;
        }
    }
}
