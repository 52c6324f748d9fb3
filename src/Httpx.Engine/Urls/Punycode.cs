using System.Text;

namespace Httpx;

/// <summary>
/// RFC 3492 Punycode for single IDNA labels. Implemented here rather than through <see cref="System.Globalization.IdnMapping"/>
/// because that applies UTS #46 mapping whose result depends on the platform (ICU, Windows, invariant mode).
/// </summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    internal static string Encode(string label)
    {
        var codePoints = label.EnumerateRunes().Select(r => r.Value).ToArray();
        var output = new StringBuilder();
        foreach (var cp in codePoints.Where(cp => cp < 0x80)) output.Append((char)cp);
        int basicCount = output.Length, handled = basicCount;
        if (basicCount > 0) output.Append('-');

        int n = InitialN, bias = InitialBias;
        long delta = 0;
        while (handled < codePoints.Length)
        {
            var next = codePoints.Where(cp => cp >= n).Min();
            delta += (long)(next - n) * (handled + 1);
            n = next;
            foreach (var cp in codePoints)
            {
                if (cp < n) delta++;
                if (cp != n) continue;
                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = Threshold(k, bias);
                    if (q < t) break;
                    output.Append(Digit((int)(t + (q - t) % (Base - t))));
                    q = (q - t) / (Base - t);
                }
                output.Append(Digit((int)q));
                bias = Adapt(delta, handled + 1, handled == basicCount);
                delta = 0;
                handled++;
            }
            delta++;
            n++;
        }
        return output.ToString();
    }

    /// <summary>Decodes a label without its "xn--" prefix; returns null when it is not valid Punycode.</summary>
    internal static string? Decode(string encoded)
    {
        var separator = encoded.LastIndexOf('-');
        var output = new List<int>();
        for (var j = 0; j < Math.Max(separator, 0); j++)
        {
            if (encoded[j] >= 0x80) return null;
            output.Add(encoded[j]);
        }

        int n = InitialN, bias = InitialBias;
        long i = 0;
        for (var pos = separator > 0 ? separator + 1 : 0; pos < encoded.Length;)
        {
            long oldI = i, weight = 1;
            for (var k = Base; ; k += Base)
            {
                if (pos >= encoded.Length) return null;
                var digit = DigitValue(encoded[pos++]);
                if (digit < 0) return null;
                i += digit * weight;
                var t = Threshold(k, bias);
                if (digit < t) break;
                weight *= Base - t;
                if (i > int.MaxValue || weight > int.MaxValue) return null;
            }
            bias = Adapt(i - oldI, output.Count + 1, oldI == 0);
            n += (int)(i / (output.Count + 1));
            i %= output.Count + 1;
            if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return null;
            output.Insert((int)i, n);
            i++;
        }
        return string.Concat(output.Select(char.ConvertFromUtf32));
    }

    private static int Threshold(int k, int bias) => k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + d - 26);

    private static int DigitValue(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '0' and <= '9' => c - '0' + 26,
        _ => -1,
    };

    private static int Adapt(long delta, int pointCount, bool first)
    {
        delta = first ? delta / Damp : delta / 2;
        delta += delta / pointCount;
        var k = 0;
        while (delta > (Base - TMin) * TMax / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }
        return (int)(k + (Base - TMin + 1) * delta / (delta + Skew));
    }
}
