using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.PowerShell;

/// <summary>
/// Lets -Certificate take what HTTPX's <c>cert</c> takes as well as an X509Certificate2 (Invoke-WebRequest's kind): a
/// PKCS#12 file or a PEM file holding the certificate and its key; (certificate, key[, password]); or (PKCS#12 file,
/// password). Paths are PowerShell paths, and a password may be a SecureString. The engine's ClientCertificateLoader
/// loads it once, when the parameter is bound, so that a missing file or a wrong password is an error naming it, not
/// the cryptography library's own words from PowerShell's conversion of a string to a certificate.
/// </summary>
public sealed class ClientCertificateArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = PowerShellValues.Unwrap(inputData);
        if (value is null) return null;
        var paths = engineIntrinsics.SessionState.Path;
        try
        {
            return ClientCertificateLoader.Load(value switch
            {
                X509Certificate2 certificate => certificate,
                string path => CertificateFile(path, paths),
                FileInfo file => file.FullName,
                // (certificate, key[, password]) or (PKCS#12, password): the second item is a key file when one exists there.
                // A password first (the pair reversed) would be the path, quoted as text by "does not exist".
                IList items when items.Count > 0 && PowerShellValues.Unwrap(items[0]) is SecureString => throw new ArgumentException(
                    "-Certificate: the first item is a SecureString, a password: give the certificate's path first, as (path, password) or (certificate, key, password)."),
                IList items when items.Count is >= 1 and <= 3 => new[]
                {
                    Text(items, 0) is { } first ? CertificateFile(first, paths) : null,
                    items.Count > 1 && Text(items, 1) is { } second ? KeyFileOrPassword(second, paths) : null,
                    items.Count > 2 ? Text(items, 2) : null,
                },
                _ => value,
            });
        }
        catch (ArgumentException e)
        {
            // Without .NET's " (Parameter 'cert')": the loader's C# parameter, where PowerShell already names -Certificate.
            throw new ArgumentTransformationMetadataException(ErrorRecordFactory.BareMessage(e), e);
        }
    }

    // A path of another provider (env:x) is a password here, never the process's folder's file of that name.
    private static string KeyFileOrPassword(string text, PathIntrinsics paths)
    {
        try
        {
            return Resolve(text, paths) is { } path && File.Exists(path) ? path : text;
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    // The certificate's file: a path of another provider (variable:c.pfx) is an ArgumentException naming it, as the
    // process's folder's c.pfx was loaded.
    private static string CertificateFile(string text, PathIntrinsics paths) => Resolve(text, paths) ?? text;

    // A PowerShell path (relative to the current location, ~, drives) as a file system path; null for text that is no
    // path there (empty, say): the loader then names it. A path of another provider or on no drive ("a:b") is FilePaths'
    // ArgumentException, which makes a second item a password.
    private static string? Resolve(string text, PathIntrinsics paths)
    {
        if (text.Length == 0) return null;
        try
        {
            return FilePaths.InFileSystem(paths, text, "Certificate");
        }
        catch (Exception e) when (e is SessionStateException or NotSupportedException or ArgumentException { ParamName: not "Certificate" })
        {
            return null;
        }
    }

    // $null stays null: (combined PEM, $null, password) is HTTPX's (path, None, password).
    private static string? Text(IList items, int index) => PowerShellValues.Unwrap(items[index]) switch
    {
        SecureString secret => SecretText.From(secret, "Certificate"),
        var other => other?.ToString(),
    };
}
