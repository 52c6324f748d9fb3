using System.Runtime.CompilerServices;

namespace Httpx.Internal;

/// <summary>
/// The instances of a record that a transport has fixed (its options and their limits): their init accessors refuse a
/// change, which PowerShell makes as an ordinary set ($transport.Options.Retries = 3) and the transport would ignore.
/// Weakly held, outside the records' fields, so that equality and C#'s <c>with</c> copies (new instances, anyone's to
/// set up) are as before.
/// </summary>
internal static class FixedInstances<T> where T : class
{
    private static readonly ConditionalWeakTable<T, object> Fixed = new();

    public static bool Contains(T instance) => Fixed.TryGetValue(instance, out _);

    /// <summary>A fixed copy of <paramref name="given"/>, made by <paramref name="copy"/>; one already fixed as it is.</summary>
    public static T Copy(T given, Func<T, T> copy)
    {
        if (Contains(given)) return given;
        var made = copy(given);
        Fixed.AddOrUpdate(made, made);
        return made;
    }
}
