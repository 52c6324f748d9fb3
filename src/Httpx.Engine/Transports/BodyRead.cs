namespace Httpx.Transports;

/// <summary>
/// How much of a response body came before a failure: the bytes received and, for a body framed by its length, the
/// Content-Length (<paramref name="Chunked"/> for a chunked one).
/// </summary>
internal readonly record struct BodyRead(long Received, long? Expected = null, bool Chunked = false);
