namespace Httpx.PowerShell;

/// <summary>
/// What -Uri takes: a string, a System.Uri or an Httpx.Url (PowerShell converts through the constructors). A Uri's
/// original text is used, so nothing is unescaped on the way.
/// </summary>
public sealed class UrlArgument
{
    public UrlArgument(string url) => Text = url ?? throw new ArgumentNullException(nameof(url));

    public UrlArgument(Uri uri) => Text = (uri ?? throw new ArgumentNullException(nameof(uri))).OriginalString;

    public UrlArgument(Url url) => Url = url ?? throw new ArgumentNullException(nameof(url));

    /// <summary>The URL as given, when given as text.</summary>
    public string? Text { get; }

    /// <summary>The URL when given as an Httpx.Url.</summary>
    public Url? Url { get; }

    /// <summary>The parsed URL (raises InvalidURL naming the value when it cannot be parsed).</summary>
    public Url ToUrl() => Url ?? PowerShellValues.ToUrl(Text);

    /// <summary>The URL with any password masked, also when the text does not parse (used as error targets).</summary>
    public override string ToString() => Url?.ToRedactedString() ?? RedactedUrl.Of(Text ?? "");
}
