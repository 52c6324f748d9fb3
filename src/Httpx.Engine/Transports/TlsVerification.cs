using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Httpx;

/// <summary>
/// How a transport checks server certificates: HTTPX's <c>verify=</c> (True, False, a CA bundle path, an SSLContext)
/// in .NET terms. Failures raise <see cref="ConnectException"/> saying why (expired, untrusted, name mismatch) and for which host.
/// </summary>
public sealed class TlsVerification
{
    private TlsVerification() { }

    /// <summary>Check nothing (HTTPX's <c>verify=False</c>).</summary>
    public static TlsVerification None { get; } = new() { Enabled = false };

    /// <summary>Check against the system trust store.</summary>
    public static TlsVerification System { get; } = new();

    public bool Enabled { get; private init; } = true;

    /// <summary>When set, only these roots are trusted (not the system store).</summary>
    public X509Certificate2Collection? TrustedRoots { get; private init; }

    /// <summary>A user callback that decides after the built-in checks (it sees their verdict in the errors).</summary>
    public Func<X509Certificate2, X509Chain, SslPolicyErrors, bool>? Callback { get; private init; }

    public static TlsVerification WithRoots(X509Certificate2Collection roots) => new() { TrustedRoots = roots };

    public static TlsVerification WithCallback(Func<X509Certificate2, X509Chain, SslPolicyErrors, bool> callback, X509Certificate2Collection? roots = null) =>
        new() { Callback = callback, TrustedRoots = roots };

    /// <summary>
    /// Loads the CA certificates of a PEM/DER file, or of every file in a directory (as SSL_CERT_DIR). Every refusal is
    /// an ArgumentException for "verify", the argument the path came in, so that the module reports the path as the
    /// target of its error (and not "path", this method's own parameter).
    /// </summary>
    public static TlsVerification FromPath(string path)
    {
        var roots = new X509Certificate2Collection();
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path))
            {
                try { roots.ImportFromPemFile(file); }
                catch (Exception e) when (e is global::System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException) { }
            }
            if (roots.Count == 0) throw new ArgumentException($"No CA certificates could be read from the directory '{path}' (it holds no PEM certificate file).", VerifyArgument);
        }
        else if (File.Exists(path))
        {
            try { roots.ImportFromPemFile(path); }
            catch (global::System.Security.Cryptography.CryptographicException e)
            {
                throw new ArgumentException($"The CA bundle '{path}' could not be read as PEM certificates: {e.Message}", VerifyArgument, e);
            }
            if (roots.Count == 0)
            {
                try { roots.Add(new X509Certificate2(path)); }
                catch (global::System.Security.Cryptography.CryptographicException e)
                {
                    throw new ArgumentException($"The CA bundle '{path}' holds no certificate (neither PEM nor DER).", VerifyArgument, e);
                }
            }
        }
        else
        {
            // No "verify also takes true or false" here: PowerShell's -Verify refuses those, and SSL_CERT_FILE names a path only.
            throw new ArgumentException($"The CA bundle '{path}' does not exist: give the path of a CA file or directory.", VerifyArgument);
        }
        return WithRoots(roots);
    }

    private const string VerifyArgument = "verify";

    /// <summary>Turns a <c>verify</c> argument (bool, path, certificate collection, TlsVerification) into a TlsVerification.</summary>
    public static TlsVerification From(object? verify) => verify switch
    {
        null or true => System,
        false => None,
        TlsVerification v => v,
        string path => FromPath(path),
        FileSystemInfo info => FromPath(info.FullName),
        X509Certificate2Collection roots => WithRoots(roots),
        X509Certificate2 root => WithRoots(new X509Certificate2Collection(root)),
        _ => throw new ArgumentException($"verify must be true, false, a CA bundle path or certificates, not {verify.GetType().FullName}.", nameof(verify)),
    };

    internal bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (!Enabled) return true;
        var host = (sender as SslStream)?.TargetHostName ?? "";
        var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : new X509Certificate2(certificate));

        X509ChainStatus[] chainStatus = chain?.ChainStatus ?? Array.Empty<X509ChainStatus>();
        // The last certificate the chain reached, from the leaf up: the one whose issuer was not found, if one was not.
        // Read only for an error (ChainElements makes a new collection at each read, on every connection).
        (string Subject, string Issuer)? top = null;
        if (TrustedRoots is not null && leaf is not null)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(TrustedRoots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
                foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            var trusted = custom.Build(leaf);
            chainStatus = custom.ChainStatus;
            if (!trusted && custom.ChainElements is { Count: > 0 } reached) top = Names(reached[^1].Certificate);
            errors = trusted ? errors & ~SslPolicyErrors.RemoteCertificateChainErrors : errors | SslPolicyErrors.RemoteCertificateChainErrors;
        }

        if (Callback is not null && leaf is not null && chain is not null) return Callback(leaf, chain, errors);
        if (errors == SslPolicyErrors.None) return true;
        top ??= chain?.ChainElements is { Count: > 0 } elements ? Names(elements[^1].Certificate) : null;
        throw new ConnectException($"TLS certificate verification failed for host '{host}': {Describe(errors, chainStatus, leaf, top, host)}.");
    }

    private static (string Subject, string Issuer) Names(X509Certificate2 certificate) => (certificate.Subject, certificate.Issuer);

    private static string Describe(SslPolicyErrors errors, X509ChainStatus[] chainStatus, X509Certificate2? leaf, (string Subject, string Issuer)? top, string host)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) reasons.Add("the server sent no certificate");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            var names = leaf?.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            reasons.Add($"the certificate does not match the host name '{host}' (it is issued for '{names}')");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var flags = chainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            if (flags.HasFlag(X509ChainStatusFlags.NotTimeValid))
                reasons.Add(TimeValidity(leaf));
            if (flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) || flags.HasFlag(X509ChainStatusFlags.PartialChain))
                reasons.Add(Untrusted(leaf, top, flags));
            if (flags.HasFlag(X509ChainStatusFlags.Revoked)) reasons.Add("the certificate has been revoked");
            var other = flags & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.Revoked);
            if (other != X509ChainStatusFlags.NoError || reasons.Count == 0)
                reasons.Add($"the certificate chain is invalid ({string.Join("; ", chainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty(other.ToString()))})");
        }
        return string.Join(", and ", reasons);
    }

    // Which of the two, as curl says "certificate has expired" or "certificate is not yet valid": the leaf's own dates
    // decide; when they hold, a certificate above it in the chain is out of its dates.
    private static string TimeValidity(X509Certificate2? leaf)
    {
        var now = DateTime.Now; // NotBefore and NotAfter are local times
        if (leaf is not null && leaf.NotAfter < now) return $"the certificate has expired (valid until {leaf.NotAfter.ToUniversalTime():u})";
        if (leaf is not null && leaf.NotBefore > now) return $"the certificate is not yet valid (valid from {leaf.NotBefore.ToUniversalTime():u})";
        return $"a certificate in its chain has expired or is not yet valid (the certificate is valid from {leaf?.NotBefore.ToUniversalTime():u} to {leaf?.NotAfter.ToUniversalTime():u})";
    }

    // What is missing for trust, as curl tells "self-signed certificate" and "unable to get local issuer certificate"
    // apart: a self-signed leaf; an issuer that is neither trusted nor among the certificates the server sent (a private
    // CA not given to verify, or an intermediate the server does not send: "not a trusted root" sent the user to trust
    // an intermediate CA); a chain that ends at a root that is not trusted.
    private static string Untrusted(X509Certificate2? leaf, (string Subject, string Issuer)? top, X509ChainStatusFlags flags)
    {
        if (leaf is not null && leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData))
            return $"the certificate is self-signed ('{leaf.Subject}') and not trusted";
        if (flags.HasFlag(X509ChainStatusFlags.PartialChain))
        {
            // The chain went past the leaf (the server sent an intermediate): the certificate it stopped at is named.
            var stoppedAt = top is { } t && t.Subject != leaf?.Subject ? $"its chain stops at '{t.Subject}', whose issuer '{t.Issuer}'" : $"its issuer '{leaf?.Issuer}'";
            return $"the certificate is not trusted: {stoppedAt} is neither a trusted CA nor among the certificates the server sent (a private CA that is not trusted here, or an intermediate CA certificate the server does not send)";
        }
        return $"the certificate is not trusted (issued by '{leaf?.Issuer}', whose chain ends at '{top?.Subject ?? leaf?.Issuer}', a root that is not trusted)";
    }
}
