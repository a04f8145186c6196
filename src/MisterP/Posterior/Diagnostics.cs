using MathNet.Numerics.Distributions;

namespace MisterP.Posterior;

/// <summary>
/// Summaries and convergence diagnostics of posterior draws, reproducing R's posterior package (Vehtari et al.
/// 2021): rank-normalized split R̂ (bulk and folded), bulk and tail ESS, ESS and MCSE of mean, sd, median and
/// quantiles.
/// </summary>
public static class Diagnostics
{
    /// <param name="interval">Probability of the central interval reported as <see cref="ParameterSummary.Q5"/> and
    /// <see cref="ParameterSummary.Q95"/> (0.9: the 5% and 95% quantiles).</param>
    public static IReadOnlyList<ParameterSummary> Summarize(PosteriorDraws draws, double interval = 0.9)
    {
        IntervalLevel.Check(interval);
        return Enumerable.Range(0, draws.ParameterNames.Count)
            .AsParallel().AsOrdered()
            .Select(k => Summarize(draws.ParameterNames[k], draws.Parameter(k), interval))
            .ToList();
    }

    public static ParameterSummary Summarize(string name, double[][] chains, double interval = 0.9)
    {
        // The pooled sort, the split chains, their rank normalization and the quantile ESSs are each computed once
        // and shared by the quantities that need them (the same values as computing each on its own).
        var all = chains.SelectMany(c => c).ToArray();
        var (sorted, median, mad, bulk, folded) = OneSort.Applies(chains, all) ? OneSort.Ranks(chains, all) : SeparateSorts(chains, all);
        var mean = all.Average();
        var sd = all.Length > 1 ? Math.Sqrt(ConvergenceMath.Variance(all)) : double.NaN;
        var essMean = EssBasic(chains);
        var essSd = EssBasic(Map(chains, v => (v - mean) * (v - mean)));
        var ess05 = EssQuantile(chains, sorted, 0.05);
        var ess50 = EssQuantile(chains, sorted, 0.5);
        var ess95 = EssQuantile(chains, sorted, 0.95);
        // Tail ESS is defined at 5% and 95% whatever interval is shown; the interval's ends need their own ESS.
        var (low, high) = IntervalLevel.Tails(interval);
        var essLow = low == 0.05 ? ess05 : EssQuantile(chains, sorted, low);
        var essHigh = high == 0.95 ? ess95 : EssQuantile(chains, sorted, high);
        return new ParameterSummary
        {
            Name = name,
            Mean = mean,
            Median = median,
            Sd = sd,
            Mad = mad,
            Q5 = ConvergenceMath.Quantile(sorted, low),
            Q95 = ConvergenceMath.Quantile(sorted, high),
            Interval = interval,
            Rhat = MaxRhat(ConvergenceMath.Rhat(bulk), ConvergenceMath.Rhat(folded)),
            RhatRaw = ConvergenceMath.Rhat(chains),
            EssBulk = ConvergenceMath.Ess(bulk),
            EssTail = Math.Min(ess05, ess95),
            EssMean = essMean,
            EssSd = essSd,
            EssMedian = ess50,
            EssRaw = ConvergenceMath.Ess(chains),
            McseMean = sd / Math.Sqrt(essMean),
            McseSd = McseSd(all, mean, essSd),
            McseMedian = McseQuantile(sorted, ess50, 0.5),
            McseQ5 = McseQuantile(sorted, essLow, low),
            McseQ95 = McseQuantile(sorted, essHigh, high),
        };
    }

    /// <summary>
    /// The pooled draws sorted, their median and MAD, and the rank-normalized split chains of the draws and of their
    /// distances from the median, each with a sort of its own (the general case: odd chains, NaN, zeros).
    /// </summary>
    private static (double[] Sorted, double Median, double Mad, double[][] Bulk, double[][] Folded) SeparateSorts(double[][] chains, double[] all)
    {
        var sorted = all.Order().ToArray();
        var median = ConvergenceMath.Quantile(sorted, 0.5);
        var mad = 1.4826 * ConvergenceMath.Quantile(all.Select(v => Math.Abs(v - median)).Order().ToArray(), 0.5);
        var bulk = ConvergenceMath.RankNormalize(ConvergenceMath.Split(chains));
        var folded = ConvergenceMath.RankNormalize(ConvergenceMath.Split(Map(chains, v => Math.Abs(v - median))));
        return (sorted, median, mad, bulk, folded);
    }

    private static double MaxRhat(double bulk, double tail) => double.IsNaN(bulk) || double.IsNaN(tail) ? double.NaN : Math.Max(bulk, tail);

    /// <summary>max of the rank-normalized split R̂ of the draws and of their distance from the median.</summary>
    public static double Rhat(double[][] chains) =>
        Rhat(chains, ConvergenceMath.RankNormalize(ConvergenceMath.Split(chains)), ConvergenceMath.Quantile(chains.SelectMany(c => c).Order().ToArray(), 0.5));

    private static double Rhat(double[][] chains, double[][] rankNormalizedSplit, double median)
    {
        var bulk = ConvergenceMath.Rhat(rankNormalizedSplit);
        var tail = ConvergenceMath.Rhat(ConvergenceMath.RankNormalize(ConvergenceMath.Split(Map(chains, v => Math.Abs(v - median)))));
        return double.IsNaN(bulk) || double.IsNaN(tail) ? double.NaN : Math.Max(bulk, tail);
    }

    /// <summary>
    /// <see cref="Rhat"/>, <see cref="EssBulk"/> and <see cref="EssTail"/> at once, sharing the split, the rank
    /// normalization and the sort they have in common (for many quantities, e.g. post-stratified estimates).
    /// </summary>
    public static (double Rhat, double EssBulk, double EssTail) Convergence(double[][] chains)
    {
        var (sorted, order) = ConvergenceMath.SortWithOrder(ConvergenceMath.Pool(chains));
        return Convergence(chains, sorted, order);
    }

    /// <summary>
    /// <see cref="Convergence(double[][])"/> for a caller that has sorted the pooled draws already
    /// (<see cref="ConvergenceMath.SortWithOrder"/> of the chains pooled in order).
    /// </summary>
    public static (double Rhat, double EssBulk, double EssTail) Convergence(double[][] chains, double[] sorted, int[] order)
    {
        var work = ConvergenceWorkspace.For(chains.Length, chains[0].Length);
        var split = ConvergenceMath.Split(chains, work.Split);
        var median = ConvergenceMath.Quantile(sorted, 0.5);
        // Chains of even length: the split chains pooled are the draws in their own order, so one sort gives the
        // sorted draws, the bulk ranks and (merged outwards from the median) the folded draws' ranks.
        var oneSort = chains[0].Length % 2 == 0 && sorted.Length > 0 && !double.IsNaN(sorted[0]);
        // The bulk's scores, the folded draws' and the indicators share one buffer, each used up before the next.
        var normalized = oneSort
            ? ConvergenceMath.WriteNormalScores(ConvergenceMath.TiedRanks(sorted, order, work.Ranks), work.Scores)
            : ConvergenceMath.RankNormalize(split);
        var bulk = ConvergenceMath.Rhat(normalized);
        var essBulk = ConvergenceMath.Ess(normalized, work.Centered);
        double[][] folded;
        if (oneSort)
        {
            var (foldedSorted, foldedOrder) = ConvergenceMath.FoldedOrder(sorted, order, median, work.FoldedSorted, work.FoldedOrder);
            folded = ConvergenceMath.WriteNormalScores(ConvergenceMath.TiedRanks(foldedSorted, foldedOrder, work.Ranks), work.Scores);
        }
        else
        {
            folded = ConvergenceMath.RankNormalize(Map(split, v => Math.Abs(v - median)));
        }

        var tail = ConvergenceMath.Rhat(folded);
        var rhat = double.IsNaN(bulk) || double.IsNaN(tail) ? double.NaN : Math.Max(bulk, tail);
        double EssBelow(double p)
        {
            var q = ConvergenceMath.Quantile(sorted, p);
            return ConvergenceMath.Ess(Map(split, v => v <= q ? 1 : 0, work.Scores), work.Centered);
        }

        return (rhat, essBulk, Math.Min(EssBelow(0.05), EssBelow(0.95)));
    }

    public static double EssBasic(double[][] chains) => ConvergenceMath.Ess(ConvergenceMath.Split(chains));

    public static double EssBulk(double[][] chains) => ConvergenceMath.Ess(ConvergenceMath.RankNormalize(ConvergenceMath.Split(chains)));

    public static double EssTail(double[][] chains) => Math.Min(EssQuantile(chains, 0.05), EssQuantile(chains, 0.95));

    /// <summary>ESS of the indicator I(x ≤ q_p).</summary>
    public static double EssQuantile(double[][] chains, double p) => EssQuantile(chains, chains.SelectMany(c => c).Order().ToArray(), p);

    private static double EssQuantile(double[][] chains, double[] sorted, double p)
    {
        var q = ConvergenceMath.Quantile(sorted, p);
        return EssBasic(Map(chains, v => v <= q ? 1 : 0));
    }

    /// <summary>MCSE of a quantile from the beta interval of the indicator's ESS (posterior's mcse_quantile).</summary>
    public static double McseQuantile(double[][] chains, double p)
    {
        var sorted = chains.SelectMany(c => c).Order().ToArray();
        return McseQuantile(sorted, EssQuantile(chains, sorted, p), p);
    }

    private static double McseQuantile(double[] sorted, double ess, double p)
    {
        if (double.IsNaN(ess))
        {
            return double.NaN;
        }

        var s = sorted.Length;
        var a = ess * p + 1;
        var b = ess * (1 - p) + 1;
        var lower = Beta.InvCDF(a, b, 0.1586553);
        var upper = Beta.InvCDF(a, b, 0.8413447);
        var th1 = sorted[Math.Max((int)Math.Floor(lower * s), 1) - 1];
        var th2 = sorted[Math.Min((int)Math.Ceiling(upper * s), s) - 1];
        return (th2 - th1) / 2;
    }

    /// <summary>Delta-method MCSE of the sd: √((E c⁴ − (E c²)²) / ess / (4 E c²)), c = x − x̄.</summary>
    private static double McseSd(double[] all, double mean, double essSd)
    {
        var m2 = all.Average(v => Math.Pow(v - mean, 2));
        var m4 = all.Average(v => Math.Pow(v - mean, 4));
        return Math.Sqrt((m4 - m2 * m2) / essSd / 4 / m2);
    }

    private static double[][] Map(double[][] chains, Func<double, double> f) => Map(chains, f, Array.ConvertAll(chains, c => new double[c.Length]));

    /// <summary>f of every draw, written over <paramref name="result"/> (shaped like the chains).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double[][] Map(double[][] chains, Func<double, double> f, double[][] result)
    {
        for (var c = 0; c < chains.Length; c++)
        {
            var mapped = result[c];
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = f(chains[c][i]);
            }
        }

        return result;
    }
}
