using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Httpx.PowerShell;

/// <summary>
/// The connections of client-less calls: one transport per distinct connection setting (HTTP/2, verification, client
/// certificate, proxy, trust of the environment). Only connections are shared: each call builds a fresh engine Client
/// over its transport, so cookies, auth and headers never carry over from one call to the next. At most
/// <see cref="Capacity"/> are kept: a script running for days that gives -Proxy, -Verify or an environment
/// variable a new value per call would otherwise keep a transport (its handler, its timers and its idle connections)
/// per value for the session.
/// </summary>
public sealed class SharedTransportPool
{
    private readonly ConcurrentDictionary<TransportSettings, Pooled> _transports = new();

    /// <summary>
    /// How many transports the module's pool keeps. A script uses a handful of connection settings; beyond this many the
    /// least recently used is dropped from the pool (not disposed: a command may still be sending with it, as with a
    /// renewed CA bundle), and its idle connections close at their keep-alive expiry, after which it is collected.
    /// Generous, so that a script cycling through many proxies or CA files still reuses their connections.
    /// </summary>
    public const int DefaultCapacity = 128;

    /// <summary>A pool that keeps at most <paramref name="capacity"/> transports (at least one).</summary>
    public SharedTransportPool(int capacity = DefaultCapacity) =>
        Capacity = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A pool keeps at least one transport.");

    /// <summary>The most transports the pool keeps.</summary>
    public int Capacity { get; }

    private long _takes;

    /// <summary>
    /// A pooled transport and the version of the CA bundle it read (<see cref="TransportSettings.BundleVersion"/>). A class,
    /// not a record: the pool removes an entry only if it still holds this very one, and a record's equality would
    /// compare its fields, the changing <see cref="LastUsed"/> among them.
    /// </summary>
    private sealed class Pooled(string bundleVersion, Lazy<SharedTransport> transport)
    {
        public string BundleVersion { get; } = bundleVersion;
        public Lazy<SharedTransport> Transport { get; } = transport;

        /// <summary>
        /// When a command last took it, as the pool's count of takes (a clock ties within its resolution): the lowest
        /// is dropped first. <see cref="NeverTaken"/> until its first take.
        /// </summary>
        public long LastUsed;
    }

    private const long NeverTaken = 0;

    private static Pooled Make(TransportSettings settings, string version) =>
        new(version, new Lazy<SharedTransport>(() => new SharedTransport(settings)));

    /// <summary>
    /// The shared transport for <paramref name="settings"/>, made on first use, and made again once their CA bundle has
    /// changed: the new one takes the old one's place, which the calls still sending with it keep until they end (not
    /// disposed under them), so a bundle renewed many times leaves one transport pooled, not one per version. One that
    /// could not be made (a CA bundle not there yet) is tried again on the next call: a Lazy would otherwise replay its
    /// exception for the session.
    /// </summary>
    public ITransport For(TransportSettings settings)
    {
        var version = settings.BundleVersion;
        var made = _transports.GetOrAdd(settings, Make, version);
        if (made.BundleVersion != version)
            made = _transports.AddOrUpdate(settings, Make, (s, pooled, v) => pooled.BundleVersion == v ? pooled : Make(s, v), version);
        // Stamped only when another transport was taken since its last take: calls that keep to one setting (the usual
        // script, a benchmark's 20,000 calls) read the shared count without writing to it, so parallel runspaces do not
        // contend for it. The size is looked at only on an entry's first take, the one time the pool may have grown:
        // ConcurrentDictionary.Count takes all of its locks, which the lookup above never does.
        var last = Volatile.Read(ref made.LastUsed);
        if (last == NeverTaken || last != Volatile.Read(ref _takes))
        {
            Volatile.Write(ref made.LastUsed, Interlocked.Increment(ref _takes));
            if (last == NeverTaken && _transports.Count > Capacity) DropLeastRecentlyUsed(made);
        }
        try
        {
            return made.Transport.Value;
        }
        catch
        {
            _transports.TryRemove(new KeyValuePair<TransportSettings, Pooled>(settings, made));
            throw;
        }
    }

    /// <summary>
    /// Drops the least recently used transports until the pool holds <see cref="Capacity"/>, never
    /// <paramref name="taken"/>. A scan of a few more than Capacity entries, only when one was added past it.
    /// </summary>
    private void DropLeastRecentlyUsed(Pooled taken)
    {
        while (_transports.Count > Capacity)
        {
            KeyValuePair<TransportSettings, Pooled>? oldest = null;
            // One never taken is being added by another command right now, which is about to stamp it: not a candidate.
            foreach (var entry in _transports)
                if (!ReferenceEquals(entry.Value, taken) && Volatile.Read(ref entry.Value.LastUsed) != NeverTaken &&
                    (oldest is null || Volatile.Read(ref entry.Value.LastUsed) < Volatile.Read(ref oldest.Value.Value.LastUsed)))
                    oldest = entry;
            // Removed only if still the same entry: another thread may have dropped or replaced it meanwhile.
            if (oldest is not { } drop || !_transports.TryRemove(drop)) return;
        }
    }

    /// <summary>How many transports the pool holds (one per distinct setting, at most <see cref="Capacity"/>).</summary>
    public int Count => _transports.Count;
}

/// <summary>The connection settings that key the shared pool; equal settings share connections.</summary>
public sealed record TransportSettings(bool Http2, object Verify, X509Certificate2? Certificate, object? Proxy, bool TrustEnv, string Environment = "")
{
    /// <summary>
    /// The variables a transport takes from the environment when it trusts it (proxies and CA bundles), as they are now.
    /// Part of the key, so that a variable set during the session (<c>$env:HTTPS_PROXY = ...</c>) applies to the calls
    /// after it, as every call of HTTPX's top-level API reads the environment afresh. The usual spellings only, read
    /// one by one: the engine reads the proxy variables in any case, but scanning the whole environment for them took
    /// ~16 µs per call. Never shown: a proxy URL may hold a password. A variable set to "" is not one that is unset:
    /// an empty http_proxy removes HTTP_PROXY (urllib's rule, which the engine follows), so the two key differently.
    /// </summary>
    public static string EnvironmentNow()
    {
        var key = new System.Text.StringBuilder();
        foreach (var name in WatchedVariables)
        {
            var value = System.Environment.GetEnvironmentVariable(name);
            if (value is null) key.Append('\0');
            else key.Append('=').Append(value);
            key.Append('\n');
        }
        // Windows' system proxy, which applies when no proxy variable is set (WindowsProxySettings): turned on or changed
        // in Settings during the session, it applies to the calls after it, as the variables do.
        if (OperatingSystem.IsWindows())
        {
            var (enable, server, bypass) = WindowsProxySettings.ReadCurrentUser();
            key.Append(enable).Append('|').Append(server).Append('|').Append(bypass).Append('\n');
        }
        return key.ToString();
    }

    private static readonly string[] WatchedVariables = [.. EnvironmentProxies.UsualVariables, .. EnvironmentTls.BundleVariables];

    /// <summary>
    /// What the CA bundle these settings read holds now, as its write time (and a file's size): -Verify's path, else,
    /// when the environment is trusted and verification on, the variable the engine reads (SSL_CERT_FILE, else
    /// SSL_CERT_DIR); "" for none. Not part of the key: the pool makes the transport again when it changes (a CA file
    /// rewritten, a file added to, removed from or renamed into a CA folder), as each of HTTPX's top-level calls reads
    /// its bundle afresh. One stat per command, not per request; a folder is not listed (/etc/ssl/certs holds hundreds
    /// of files), so a file rewritten in place inside it goes unseen.
    /// </summary>
    public string BundleVersion => _bundleVersion ??= Verify switch
    {
        string path => BundleStamp(Path.GetFullPath(path)),
        true when TrustEnv && Environment.Length > 0 => BundleStamp(EnvironmentTls.Bundle(
            EnvironmentTls.BundleVariables.ToDictionary(name => name, System.Environment.GetEnvironmentVariable))?.Path),
        _ => "",
    };

    private string? _bundleVersion;

    private static string BundleStamp(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "";
        try
        {
            var file = new FileInfo(path);
            if (file.Exists) return $"{file.LastWriteTimeUtc.Ticks}|{file.Length}";
            var folder = new DirectoryInfo(path);
            return folder.Exists ? folder.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture) : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return ""; // the transport that reads it reports the problem
        }
    }

    // Computed once: the key is looked up (hashed and compared) several times per command.
    private string VerifyKey => _verifyKey ??= Verify switch
    {
        bool b => b ? "verify" : "no-verify",
        string path => "ca:" + Path.GetFullPath(path),
        _ => "object:" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Verify).ToString(CultureInfo.InvariantCulture),
    };

    private string? _verifyKey;

    private string ProxyKey => Proxy switch
    {
        null => "",
        IDictionary map => string.Join(";", map.Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={KeyOf(e.Value)}").Order(StringComparer.Ordinal)),
        _ => KeyOf(Proxy),
    };

    // A Proxy object's text hides its password and header values, so two proxies differing only in credentials would
    // share a transport (and its credentials): key Proxy objects by identity, URLs by their full text (never shown).
    private static string KeyOf(object? proxy) => proxy switch
    {
        null => "",
        string url => url,
        Url url => url.ToUnredactedString(),
        Uri uri => uri.OriginalString,
        _ => "object:" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(proxy).ToString(CultureInfo.InvariantCulture),
    };

    public bool Equals(TransportSettings? other) =>
        other is not null && Http2 == other.Http2 && TrustEnv == other.TrustEnv && VerifyKey == other.VerifyKey &&
        Certificate?.Thumbprint == other.Certificate?.Thumbprint && ProxyKey == other.ProxyKey && Environment == other.Environment;

    public override int GetHashCode() => HashCode.Combine(Http2, TrustEnv, VerifyKey, Certificate?.Thumbprint, ProxyKey, Environment);

    // Never show a proxy password: the key may be printed while debugging.
    public override string ToString() => $"TransportSettings(http2={Http2}, verify={VerifyKey}, cert={Certificate?.Thumbprint ?? "none"}, trustEnv={TrustEnv})";
}

/// <summary>
/// One shared transport: an engine Client that is never used to send, only to own the transports its settings imply
/// (the default one and one per proxy pattern), and to pick the right one for each URL. Never disposed by the clients
/// that use it.
/// </summary>
internal sealed class SharedTransport : IRoutingTransport
{
    private readonly Client _router;

    public SharedTransport(TransportSettings settings) =>
        _router = new Client(new ClientOptions
        {
            Http2 = settings.Http2,
            Verify = settings.Verify,
            ClientCertificate = settings.Certificate,
            Proxy = settings.Proxy,
            TrustEnv = settings.TrustEnv,
            // Each request carries its own timeout; none here keeps the handler's connect limit out of the way.
            Timeout = Timeout.None,
            // No cap on connections: -ThrottleLimit (up to 1024) bounds a command's requests, and HTTPX's client-less
            // calls each have a pool of their own. DEFAULT_LIMITS' 100 made the 101st request of -ThrottleLimit 200 a
            // PoolTimeout, pointing at a MaxConnections the user never set and could not set without a client.
            Limits = Limits.Default with { MaxConnections = null },
        });

    public Task<Response> HandleRequestAsync(Request request, CancellationToken cancellationToken = default) =>
        _router.TransportFor(request.Url).HandleRequestAsync(request, cancellationToken);

    /// <summary>The transport of the pool for <paramref name="url"/>: NTLM and Negotiate make theirs from it.</summary>
    public ITransport TransportFor(Url url) => _router.TransportFor(url);

    // Kept for the session: the calls that use it do not own it.
    public void Dispose() { }
}
