namespace Httpx;

/// <summary>
/// How far a download has got: bytes on disk (including a resumed part), the total when known, and the rate. With a
/// Content-Encoding, the bytes received before decoding, which the total (Content-Length) counts.
/// </summary>
public readonly record struct DownloadProgress(long BytesWritten, long? TotalBytes, double BytesPerSecond, string Path);
