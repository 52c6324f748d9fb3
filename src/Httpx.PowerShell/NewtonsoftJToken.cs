using System.Collections.Concurrent;
using System.Reflection;

namespace Httpx.PowerShell;

/// <summary>
/// A Newtonsoft.Json JToken (JObject, JArray, JValue), which pwsh 7 loads and some modules return, as its own JSON text.
/// Read by reflection on its type name: the module compiles against PowerShellStandard.Library and does not reference
/// Newtonsoft. Written as any other .NET object, a JObject went out as [[[]]] (its tokens' empty properties).
/// </summary>
internal static class NewtonsoftJToken
{
    private const string TokenTypeName = "Newtonsoft.Json.Linq.JToken";

    // Per type: its JToken.ToString(Formatting, params JsonConverter[]) with Formatting.None, or null for any other type.
    private static readonly ConcurrentDictionary<Type, Func<object, string>?> WriterByType = new();

    /// <summary>The JSON text of <paramref name="value"/> when it is a JToken; null for any other object.</summary>
    public static string? Json(object value) => WriterByType.GetOrAdd(value.GetType(), Writer) is { } write ? write(value) : null;

    private static Func<object, string>? Writer(Type type)
    {
        var token = type;
        while (token is not null && token.FullName != TokenTypeName) token = token.BaseType;
        if (token?.GetMethods().FirstOrDefault(m => m.Name == "ToString" && m.GetParameters() is [{ ParameterType.IsEnum: true }, { ParameterType.IsArray: true }])
            is not { } toString) return null;
        var parameters = toString.GetParameters();
        object[] compact = [Enum.ToObject(parameters[0].ParameterType, 0), Array.CreateInstance(parameters[1].ParameterType.GetElementType()!, 0)]; // Formatting.None, no converters
        return value =>
        {
            try
            {
                return (string)toString.Invoke(value, compact)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                // Newtonsoft's own exception, with its stack trace.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        };
    }
}
