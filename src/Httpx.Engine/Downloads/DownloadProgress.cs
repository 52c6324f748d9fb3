namespace Httpx;

/// <summary>How far a download has got: bytes on disk (including a resumed part), the total when known, and the rate.</summary>
public readonly record struct DownloadProgress(long BytesWritten, long? TotalBytes, double BytesPerSecond, string Path);
