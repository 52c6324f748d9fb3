namespace Httpx;

/// <summary>HTTPX's <c>InvalidURL</c>: a URL that cannot be parsed or is not usable. The message names the URL and the problem.</summary>
public class InvalidUrlException : HttpxException
{
    public InvalidUrlException(string message, Exception? innerException = null) : base(message, innerException) { }

    public override string ErrorName => "InvalidURL";
}

/// <summary>HTTPX's <c>CookieConflict</c>: several cookies match a name and no domain or path was given to choose one.</summary>
public class CookieConflictException : HttpxException
{
    public CookieConflictException(string message) : base(message) { }

    public override string ErrorName => "CookieConflict";
}
