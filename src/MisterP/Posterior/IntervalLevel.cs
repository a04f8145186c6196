using System.Globalization;

namespace MisterP.Posterior;

/// <summary>
/// A central interval's probability and the names tables and legends give it: its ends are the (1 ∓ p)/2 quantiles,
/// named q5/q95 at 0.9 and q2.5/q97.5 at 0.95 (as R's posterior package names quantile columns), and legends say
/// "90% interval".
/// </summary>
public static class IntervalLevel
{
    /// <summary>Throws the user's error unless 0 &lt; <paramref name="interval"/> &lt; 1.</summary>
    public static void Check(double interval)
    {
        if (interval is not (> 0 and < 1))
        {
            throw new UserInputException($"--interval must lie strictly between 0 and 1, e.g. 0.9 (got {interval.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    /// <summary>The quantile probabilities of the interval's ends; exactly 0.05 and 0.95 at 0.9.</summary>
    public static (double Low, double High) Tails(double interval) =>
        interval == 0.9 ? (0.05, 0.95) : ((1 - interval) / 2, (1 + interval) / 2);

    /// <summary>Column names of the interval's ends: <c>q5</c>/<c>q95</c> at 0.9, <c>q2.5</c>/<c>q97.5</c> at 0.95.</summary>
    public static (string Low, string High) QuantileNames(double interval)
    {
        var (low, high) = Tails(interval);
        return (Quantile(low), Quantile(high));
    }

    /// <summary>"90%" for 0.9, "97.5%" for 0.975.</summary>
    public static string Percent(double interval) => Number(100 * interval) + "%";

    private static string Quantile(double probability) => "q" + Number(100 * probability);

    // Rounded to remove binary noise ((1 - 0.9) / 2 * 100 = 4.999…), then as few digits as the value needs.
    private static string Number(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
