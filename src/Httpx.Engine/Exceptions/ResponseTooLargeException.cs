using System.Globalization;

namespace Httpx;

/// <summary>
/// A response body too large to hold in memory, read whole (<see cref="Response.ReadAsync"/>, a client's request that
/// is not streamed) or as one string (<see cref="Response.Text"/>): past .NET's largest byte array (about 2 GB, decoded:
/// a few MB of gzip may inflate past it) or its longest string (about 1 G characters). HTTPX has no class for it
/// (Python raises MemoryError); .NET's own failures said "Stream was too long" or "Insufficient memory", named neither
/// the response nor what to do. A RequestError, as a DecodingError is: it is about the response to a request, which it
/// carries. The way out is to read the body in pieces or into a file, which have no such limit.
/// </summary>
public class ResponseTooLargeException : RequestException
{
    public ResponseTooLargeException(string message, Request? request = null, Exception? innerException = null)
        : base(message, request, innerException) { }

    public override string ErrorName => "ResponseTooLarge";

    /// <summary>The advice that ends every message: the module's replaces it with its own parameters.</summary>
    internal const string Advice = "read it in pieces (IterBytes, IterText, IterLines) or save it to a file instead";

    // The sizes grouped as the English text around them is written ("2,147,483,591"), in every culture: a German
    // session's "2.147.483.591" reads as a decimal there.
    internal static ResponseTooLargeException OfBytes(long reached, long limit, Request? request) => new(string.Create(CultureInfo.InvariantCulture,
        $"The body of the {Described(request)} is too large to hold in memory: more than {limit:N0} bytes once decoded"
        + $" ({reached:N0} read when it was stopped); {Advice}."), request);

    internal static ResponseTooLargeException OfText(long bytes, long chars, long limit, string encoding, Request? request) => new(string.Create(CultureInfo.InvariantCulture,
        $"The body of the {Described(request)} is too long to hold as one string: {bytes:N0} bytes decode to {chars:N0}"
        + $" characters of {encoding}, more than the {limit:N0} a string can hold; {Advice}."), request);

    private static string Described(Request? request) => request is null ? "response" : $"response to {request.Describe()}";
}
