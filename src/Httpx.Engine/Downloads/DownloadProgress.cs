namespace Httpx;

/// <summary>
/// How far a download has got: the bytes received (a resumed part included), the total when known, and the rate. With
/// a Content-Encoding, the bytes as sent, before decoding, which the total (Content-Length) counts too; the file holds
/// them decoded.
/// </summary>
public readonly record struct DownloadProgress(long BytesReceived, long? TotalBytes, double BytesPerSecond, string Path);
