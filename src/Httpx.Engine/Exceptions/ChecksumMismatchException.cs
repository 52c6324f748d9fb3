namespace Httpx;

/// <summary>
/// A download whose bytes are not the ones expected: their SHA-256 is not the one the caller gave
/// (<see cref="Downloader.ExpectedSha256"/>, a manifest's checksum). HTTPX has no class for it (its users hash the
/// chunks of iter_bytes themselves). A RequestError, as a DecodingError is: it is about the response to a request.
/// </summary>
public class ChecksumMismatchException : RequestException
{
    public ChecksumMismatchException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ChecksumMismatch";
}
