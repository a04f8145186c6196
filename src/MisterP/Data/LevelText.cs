using System.Globalization;

namespace MisterP.Data;

/// <summary>
/// Numbers as R's <c>as.character</c> prints them, so a numeric grouping column's levels read as in R
/// (<c>-0.5</c>, <c>0.5</c>, <c>1e+05</c>): 15 significant digits, fixed notation unless scientific is narrower.
/// </summary>
public static class LevelText
{
    /// <summary>
    /// <see cref="Format"/> of every value, each distinct value formatted once: a frame's numeric grouping column
    /// repeats a few codes over thousands of rows, and one format costs several strings.
    /// </summary>
    public static string[] FormatAll(double[] values)
    {
        // double's equality makes ±0 one key and NaNs one key, which Format prints alike anyway.
        var texts = new Dictionary<double, string>();
        var result = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!texts.TryGetValue(values[i], out var text))
            {
                text = texts[values[i]] = Format(values[i]);
            }

            result[i] = text;
        }

        return result;
    }

    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NA";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0";
        }

        var e14 = Math.Abs(value).ToString("E14", CultureInfo.InvariantCulture);
        var mantissa = e14[..e14.IndexOf('E')].Replace(".", string.Empty, StringComparison.Ordinal).TrimEnd('0');
        var exponent = int.Parse(e14[(e14.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        var sign = value < 0 ? "-" : string.Empty;
        var fixedText = Fixed(mantissa, exponent);
        var sciText = mantissa[..1] + (mantissa.Length > 1 ? "." + mantissa[1..] : string.Empty) +
                      "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return sign + (fixedText.Length <= sciText.Length ? fixedText : sciText);
    }

    private static string Fixed(string digits, int exponent)
    {
        if (exponent < 0)
        {
            return "0." + new string('0', -exponent - 1) + digits;
        }

        return digits.Length <= exponent + 1
            ? digits + new string('0', exponent + 1 - digits.Length)
            : digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
