namespace MisterP.Interpretation;

/// <summary>
/// One estimate: posterior mean, sd and central interval of its draws, or (maximum likelihood) the point estimate, its
/// delta-method standard error and Wald confidence interval.
/// </summary>
public sealed record QuantitySummary(double Estimate, double Spread, double Lower, double Upper)
{
    public static readonly QuantitySummary Missing = new(double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Mean, sd (n − 1) and R's type-7 quantiles of the draws; <paramref name="draws"/> is sorted in place.</summary>
    public static QuantitySummary FromDraws(Span<double> draws, double interval)
    {
        var n = draws.Length;
        var mean = 0.0;
        foreach (var v in draws)
        {
            mean += v;
        }

        mean /= n;
        var ss = 0.0;
        foreach (var v in draws)
        {
            ss += (v - mean) * (v - mean);
        }

        draws.Sort();
        var tail = (1 - interval) / 2;
        return new QuantitySummary(mean, n > 1 ? Math.Sqrt(ss / (n - 1)) : double.NaN, Quantile(draws, tail), Quantile(draws, 1 - tail));
    }

    private static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
