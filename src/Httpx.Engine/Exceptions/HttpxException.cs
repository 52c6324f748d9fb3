namespace Httpx;

/// <summary>
/// Root of every exception the engine raises. <see cref="ErrorName"/> is HTTPX's class name
/// ("ConnectTimeout", "InvalidURL", ...): the stable identifier the PowerShell module uses for error ids.
/// </summary>
public abstract class HttpxException : Exception
{
    protected HttpxException(string message, Exception? innerException = null) : base(message, innerException) { }

    /// <summary>HTTPX's name for this kind of failure.</summary>
    public abstract string ErrorName { get; }
}
