namespace Httpx.Internal;

/// <summary>A collection whose values are found by name (headers, cookies, query parameters): what member syntax reads and sets.</summary>
internal interface INamedValues
{
    /// <summary>The value named <paramref name="name"/> as the collection's <c>Get</c> gives it, or null when there is none.</summary>
    string? ValueNamed(string name);

    /// <summary>Sets the value named <paramref name="name"/> as the collection's <c>Set</c> does (or says why it cannot).</summary>
    void SetNamed(string name, object? value);
}
