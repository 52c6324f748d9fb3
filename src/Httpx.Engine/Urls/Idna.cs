using System.Globalization;
using System.Text;

namespace Httpx;

/// <summary>
/// IDNA 2008 host encoding as the Python <c>idna</c> package used by HTTPX (<c>idna.encode</c> without UTS #46 mapping):
/// non-transitional, so "faß.de" stays distinct from "fass.de", and symbols such as '☃' or emoji are rejected.
/// The RFC 5892 code point classes are derived from .NET's Unicode data (an approximation of the generated tables),
/// the CONTEXTJ joining-type rule is approximated by script ranges, and the RFC 5893 bidi rule is not checked.
/// </summary>
internal static class Idna
{
    private static readonly char[] LabelSeparators = ['.', '\u3002', '\uff0e', '\uff61'];

    /// <summary>Encodes a lowercased unicode host to its ASCII (punycode) form; on failure returns false and the reason.</summary>
    internal static bool TryToAscii(string host, out string ascii, out string error)
    {
        ascii = "";
        var labels = host.Split(LabelSeparators).ToList();
        var trailingDot = labels.Count > 1 && labels[^1].Length == 0;
        if (trailingDot) labels.RemoveAt(labels.Count - 1);

        var encoded = new List<string>();
        foreach (var label in labels)
        {
            if (!TryEncodeLabel(label, out var alabel, out error)) return false;
            encoded.Add(alabel);
        }
        ascii = string.Join('.', encoded) + (trailingDot ? "." : "");
        if (ascii.Length > (trailingDot ? 254 : 253))
        {
            error = "domain too long";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>Decodes the punycode labels of an ASCII host for display; a label that does not decode is left as is.</summary>
    internal static string ToUnicode(string asciiHost)
    {
        if (!asciiHost.Contains("xn--", StringComparison.Ordinal)) return asciiHost;
        var labels = asciiHost.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            // Only a label that encodes back to itself is a real A-label ("xn--a" decodes to U+0080, a control
            // character), and only one with a non-ASCII character: "xn--example-" decodes to "example", and shown so,
            // it would pass for the host example.com (in same-origin checks, URL patterns, NO_PROXY).
            if (labels[i].StartsWith("xn--", StringComparison.Ordinal) && Punycode.Decode(labels[i][4..]) is { } decoded
                && !Ascii.IsValid(decoded) && !decoded.Any(char.IsControl) && Punycode.Encode(decoded) == labels[i][4..])
                labels[i] = decoded;
        }
        return string.Join('.', labels);
    }

    private static bool TryEncodeLabel(string label, out string alabel, out string error)
    {
        alabel = label;
        if (label.Length == 0)
        {
            error = "empty label";
            return false;
        }
        if (Ascii.IsValid(label))
        {
            // An ASCII label must itself be a valid U-label, or a valid A-label ("xn--...").
            var ulabel = label;
            if (label.StartsWith("xn--", StringComparison.Ordinal))
            {
                if (Punycode.Decode(label[4..]) is not { } decoded)
                {
                    error = $"'{label}' is not a valid A-label";
                    return false;
                }
                ulabel = decoded;
            }
            return TryCheckLabel(ulabel, out error);
        }
        if (!TryCheckLabel(label, out error)) return false;
        alabel = "xn--" + Punycode.Encode(label);
        if (alabel.Length > 63)
        {
            error = $"label '{label}' too long";
            return false;
        }
        return true;
    }

    private static bool TryCheckLabel(string label, out string error)
    {
        error = "";
        if (!label.IsNormalized(NormalizationForm.FormC)) error = $"label '{label}' is not in Normalization Form C";
        else if (label.Length >= 4 && label[2] == '-' && label[3] == '-') error = $"label '{label}' has hyphens in 3rd and 4th position";
        else if (label[0] == '-' || label[^1] == '-') error = $"label '{label}' starts or ends with a hyphen";
        else if (IsMark(Rune.GetRuneAt(label, 0).Value)) error = $"label '{label}' begins with a combining mark";
        if (error.Length > 0) return false;

        var runes = label.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var pos = 0; pos < runes.Length; pos++)
        {
            var valid = Classify(runes[pos]) switch
            {
                CodePointClass.Valid => true,
                CodePointClass.ContextJ => IsValidJoiner(runes, pos),
                CodePointClass.ContextO => IsValidContextO(runes, pos),
                _ => false,
            };
            if (!valid)
            {
                error = $"codepoint U+{runes[pos]:X4} at position {pos + 1} of '{label}' not allowed";
                return false;
            }
        }
        return true;
    }

    private enum CodePointClass { Valid, ContextJ, ContextO, Disallowed }

    // RFC 5892 section 3, in its order of precedence.
    private static CodePointClass Classify(int cp)
    {
        switch (cp)
        {
            case 0xDF or 0x3C2 or 0x6FD or 0x6FE or 0xF0B or 0x3007:
                return CodePointClass.Valid;
            case 0xB7 or 0x375 or 0x5F3 or 0x5F4 or 0x30FB or (>= 0x660 and <= 0x669) or (>= 0x6F0 and <= 0x6F9):
                return CodePointClass.ContextO;
            case 0x640 or 0x7FA or 0x302E or 0x302F or (>= 0x3031 and <= 0x3035) or 0x303B:
                return CodePointClass.Disallowed;
            case < 0x80:
                return cp is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? CodePointClass.Valid : CodePointClass.Disallowed;
            case 0x200C or 0x200D:
                return CodePointClass.ContextJ;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        if (category == UnicodeCategory.OtherNotAssigned || IsUnstable(cp) || IsIgnorable(cp)) return CodePointClass.Disallowed;
        if (cp is (>= 0x1100 and <= 0x11FF) or (>= 0xA960 and <= 0xA97F) or (>= 0xD7B0 and <= 0xD7FF)) return CodePointClass.Disallowed;
        return category is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ModifierLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark
            ? CodePointClass.Valid
            : CodePointClass.Disallowed;
    }

    // Unstable: changes under NFKC + case folding (lowercasing stands in for case folding).
    private static bool IsUnstable(int cp)
    {
        var s = char.ConvertFromUtf32(cp);
        return s.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC) != s;
    }

    // Default-ignorable marks, and the blocks RFC 5892 ignores (combining marks for symbols, musical notation).
    private static bool IsIgnorable(int cp) =>
        cp is 0x34F or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF)
            or (>= 0x20D0 and <= 0x20FF) or (>= 0x1D100 and <= 0x1D24F);

    private static bool IsMark(int cp) => CharUnicodeInfo.GetUnicodeCategory(cp)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    // RFC 5892 appendix A.1 and A.2.
    private static bool IsValidJoiner(int[] label, int pos)
    {
        if (pos > 0 && IsVirama(label[pos - 1])) return true;
        if (label[pos] == 0x200D) return false;

        var before = label.Take(pos).Reverse().FirstOrDefault(cp => !IsTransparent(cp));
        var after = label.Skip(pos + 1).FirstOrDefault(cp => !IsTransparent(cp));
        return IsJoiningLetter(before) && !IsRightJoiningOnly(before) && IsJoiningLetter(after);
    }

    private static bool IsTransparent(int cp) => cp is not (0x200C or 0x200D) && (IsMark(cp) || CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.Format);

    private static bool IsJoiningLetter(int cp) =>
        CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.OtherLetter && cp != 0x621 && cp != 0x674
        && cp is (>= 0x600 and <= 0x8FF) or (>= 0x1800 and <= 0x18AF) or (>= 0xA840 and <= 0xA877);

    private static bool IsRightJoiningOnly(int cp) =>
        cp is (>= 0x622 and <= 0x625) or 0x627 or 0x629 or (>= 0x62F and <= 0x632) or 0x648 or (>= 0x671 and <= 0x673)
            or (>= 0x675 and <= 0x677) or (>= 0x688 and <= 0x699) or 0x6C0 or (>= 0x6C3 and <= 0x6CB) or 0x6CD or 0x6CF
            or 0x6D2 or 0x6D3 or 0x6D5 or 0x6EE or 0x6EF or (>= 0x759 and <= 0x75B) or 0x76B or 0x76C or 0x771 or 0x773
            or 0x774 or 0x778 or 0x779 or 0x710 or (>= 0x715 and <= 0x719) or 0x71E or 0x728 or 0x72A or 0x72C or 0x72F or 0x74D;

    // Characters with canonical combining class 9 (virama).
    private static bool IsVirama(int cp) =>
        cp is 0x94D or 0x9CD or 0xA4D or 0xACD or 0xB4D or 0xBCD or 0xC4D or 0xCCD or 0xD3B or 0xD3C or 0xD4D or 0xDCA
            or 0xE3A or 0xEBA or 0xF84 or 0x1039 or 0x103A or 0x1714 or 0x1715 or 0x1734 or 0x17D2 or 0x1A60 or 0x1B44
            or 0x1BAA or 0x1BAB or 0x1BF2 or 0x1BF3 or 0x2D7F or 0xA806 or 0xA82C or 0xA8C4 or 0xA953 or 0xA9C0 or 0xAAF6
            or 0xABED or 0x10A3F or 0x11046 or 0x11070 or 0x1107F or 0x110B9 or 0x11133 or 0x11134 or 0x111C0 or 0x11235
            or 0x112EA or 0x1134D or 0x11442 or 0x114C2 or 0x115BF or 0x1163F or 0x116B6 or 0x1172B or 0x11839 or 0x1193D
            or 0x1193E or 0x119E0 or 0x11A34 or 0x11A47 or 0x11A99 or 0x11C3F or 0x11D44 or 0x11D45 or 0x11D97;

    // RFC 5892 appendix A.3 to A.9.
    private static bool IsValidContextO(int[] label, int pos)
    {
        var cp = label[pos];
        return cp switch
        {
            0xB7 => pos > 0 && pos < label.Length - 1 && label[pos - 1] == 'l' && label[pos + 1] == 'l',
            0x375 => pos < label.Length - 1 && label[pos + 1] is (>= 0x370 and <= 0x3FF) or (>= 0x1F00 and <= 0x1FFF),
            0x5F3 or 0x5F4 => pos > 0 && label[pos - 1] is (>= 0x590 and <= 0x5FF) or (>= 0xFB1D and <= 0xFB4F),
            0x30FB => label.Any(c => c != 0x30FB && c is (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF)
                or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x3FFFF)),
            >= 0x660 and <= 0x669 => !label.Any(c => c is >= 0x6F0 and <= 0x6F9),
            _ => !label.Any(c => c is >= 0x660 and <= 0x669),
        };
    }
}
