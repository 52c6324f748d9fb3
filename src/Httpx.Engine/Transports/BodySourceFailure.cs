using System.Runtime.ExceptionServices;

namespace Httpx.Transports;

/// <summary>
/// Carries, through the handler, an exception of the request body's own source (a file's read error, a stream or a
/// sequence of chunks that threw) out of <see cref="EngineHttpContent"/>. The handler wraps what its content throws in
/// "Error while copying content to a stream", which read as the connection breaking (a WriteError); the transport
/// throws the source's exception itself instead, as HTTPX lets it through: the connection did not fail.
/// </summary>
internal sealed class BodySourceFailure(Exception source) : Exception(source.Message, source)
{
    /// <summary>Throws the source's own exception (its stack kept) if <paramref name="exception"/> carries one.</summary>
    public static void RethrowSource(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is BodySourceFailure failure) ExceptionDispatchInfo.Throw(failure.InnerException!);
    }
}
