namespace Httpx;

/// <summary>The per-request arguments of HTTPX's <c>client.request(...)</c>.</summary>
public sealed record RequestOptions
{
    // Printed with URL passwords and auth secrets masked (Internal.OptionsText).
    private bool PrintMembers(System.Text.StringBuilder builder) => Internal.OptionsText.PrintMembers(this, builder);

    // Internal: PowerShell calls init accessors as setters, and a public shared instance would let
    // [Httpx.RequestOptions]::None.FollowRedirects = $true change every request sent without options.
    internal static RequestOptions None { get; } = new();

    public object? Params { get; init; }

    public object? Headers { get; init; }

    public object? Cookies { get; init; }

    /// <summary>Raw body: bytes, text (sent as UTF-8), a Stream, or an (async) sequence of byte chunks.</summary>
    public object? Content { get; init; }

    /// <summary>Form fields (sent urlencoded, or as multipart with <see cref="Files"/>).</summary>
    public object? Data { get; init; }

    /// <summary>Files for a multipart upload: field name to path, FileInfo, Stream, bytes or MultipartFile (or a list of them).</summary>
    public object? Files { get; init; }

    /// <summary>Any object, sent as JSON.</summary>
    public object? Json { get; init; }

    /// <summary>Overrides the client's auth for this request.</summary>
    public object? Auth { get; init; }

    /// <summary>Overrides the client's redirect setting for this request.</summary>
    public bool? FollowRedirects { get; init; }

    /// <summary>Overrides the client's <see cref="ClientOptions.AllowInsecureRedirects"/> (https → http) for this request.</summary>
    public bool? AllowInsecureRedirects { get; init; }

    /// <summary>Overrides the client's <see cref="ClientOptions.MaxRedirects"/> for this request.</summary>
    public int? MaxRedirects { get; init; }

    /// <summary>Overrides the client's timeout for this request (<see cref="Httpx.Timeout.None"/> disables it).</summary>
    public Timeout? Timeout { get; init; }

    public IDictionary<string, object?>? Extensions { get; init; }
}
