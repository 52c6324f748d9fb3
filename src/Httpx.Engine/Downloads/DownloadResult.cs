namespace Httpx;

/// <summary>A finished download: the file's final path, its size, whether it continued an earlier partial file, and the response.</summary>
public sealed record DownloadResult(string Path, long Length, bool Resumed, Response Response);
