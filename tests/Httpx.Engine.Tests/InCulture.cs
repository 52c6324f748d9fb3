using System.Globalization;

namespace Httpx.Tests;

/// <summary>
/// Runs a check under another culture, as on a machine whose LANG is de_DE or tr_TR: "1,5" for 1.5, "∞" for Infinity,
/// "؜-1" (with an Arabic letter mark) for -1 under ar-SA. Sets the current thread's culture and UI culture and puts
/// them back after; the check runs synchronously, so nothing of it runs on another thread (an async continuation
/// would see the culture anyway: CurrentCulture flows with the execution context).
/// </summary>
internal static class InCulture
{
    /// <summary>Cultures whose numbers, signs or calendars differ from the invariant culture's.</summary>
    public static TheoryData<string> Differing => new() { "de-DE", "tr-TR", "th-TH", "ar-SA", "fa-IR", "ja-JP" };

    public static T Run<T>(string culture, Func<T> check)
    {
        var (saved, savedUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return check();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (saved, savedUi);
        }
    }

    public static void Run(string culture, Action check) => Run(culture, () => { check(); return 0; });
}
