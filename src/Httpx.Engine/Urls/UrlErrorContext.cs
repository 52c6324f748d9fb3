namespace Httpx;

/// <summary>
/// The tail of an <see cref="InvalidUrlException"/> message that names the URL being parsed or copied
/// (" in URL '...'", " while copying URL '...'"), with any password masked. It is formatted only when an error is
/// actually raised: redacting and quoting the URL cost more than parsing a valid one, and every request parses one.
/// </summary>
internal readonly struct UrlErrorContext
{
    private readonly string _prefix;
    private readonly string? _parsed;
    private readonly Url? _copied;

    private UrlErrorContext(string prefix, string? parsed, Url? copied)
    {
        _prefix = prefix;
        _parsed = parsed;
        _copied = copied;
    }

    /// <summary>Errors in a URL string being parsed (which may not parse, so it is redacted leniently).</summary>
    public static UrlErrorContext Parsing(string url) => new(" in URL ", url, null);

    /// <summary>Errors in components given to copy an existing URL.</summary>
    public static UrlErrorContext Copying(Url url) => new(" while copying URL ", null, url);

    /// <summary>
    /// <paramref name="value"/> (a component of the URL) quoted for the message, or '[secure]' when it lies in what
    /// may be the URL's password: "http://user:pa#ss@host/" fails on the port "pa", which is half of the password.
    /// </summary>
    public string Quote(string value) =>
        (_parsed ?? _copied?.ToUnredactedString()) is { } text && UrlPasswords.IsInPassword(text, value) ? $"'{UrlPasswords.Mask}'" : UrlParser.Display(value);

    public override string ToString() =>
        _prefix + UrlParser.Display(_copied is not null ? _copied.ToRedactedString() : UrlPasswords.Hide(_parsed ?? ""));
}
