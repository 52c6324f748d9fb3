namespace Httpx;

/// <summary>
/// How large a response body may be to be held in memory: .NET's largest byte array for the body read whole, its
/// longest string for the body's text. Past them .NET fails with its own "Stream was too long" or "Insufficient
/// memory"; the engine stops at them with <see cref="ResponseTooLargeException"/>. Each is read once per body (the
/// hot path compares lengths only). Tests lower them for the flow of one test with <see cref="Lower"/>, so that
/// reaching them costs a few bytes, not 2 GB.
/// </summary>
internal static class InMemoryBodyLimits
{
    /// <summary>The longest string .NET makes (string.Length's limit on 64-bit; one more is OutOfMemoryException).</summary>
    private const int MaxStringLength = 0x3FFFFFDF;

    private static readonly AsyncLocal<(int Bytes, int Chars)?> Lowered = new();

    /// <summary>The most bytes a body read into memory may have.</summary>
    public static int Bytes => Lowered.Value?.Bytes ?? Array.MaxLength;

    /// <summary>The most characters a body's text may have.</summary>
    public static int Chars => Lowered.Value?.Chars ?? MaxStringLength;

    /// <summary>For tests: lower limits for the current async flow (and what it starts) until disposed.</summary>
    internal static IDisposable Lower(int bytes, int chars)
    {
        var previous = Lowered.Value;
        Lowered.Value = (bytes, chars);
        return new Restore(previous);
    }

    private sealed class Restore((int Bytes, int Chars)? previous) : IDisposable
    {
        public void Dispose() => Lowered.Value = previous;
    }
}
