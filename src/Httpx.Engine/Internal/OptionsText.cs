using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Httpx.Internal;

/// <summary>
/// The members of an options record as its ToString prints them, with secrets masked. A record prints every property
/// by default, so a URL's password (BaseUrl, Proxy) or an auth tuple's would show wherever the options are logged.
/// </summary>
internal static class OptionsText
{
    public static bool PrintMembers(object options, StringBuilder builder)
    {
        var first = true;
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            if (!first) builder.Append(", ");
            first = false;
            builder.Append(property.Name).Append(" = ").Append(Safe(property.GetValue(options)));
        }
        return true;
    }

    private static string Safe(object? value) => value switch
    {
        null => "",
        string text => UrlPasswords.Hide(text),
        Url url => url.ToRedactedString(),
        // (username, password), (certificate, key, password): the first item is shown, the rest never.
        ITuple tuple => $"({Safe(tuple.Length > 0 ? tuple[0] : null)}{string.Concat(Enumerable.Repeat(", [secure]", Math.Max(0, tuple.Length - 1)))})",
        // A System.Uri proxy, or anything else whose text may hold a URL with a password.
        _ => UrlPasswords.Hide(value.ToString() ?? ""),
    };
}
