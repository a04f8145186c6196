namespace MisterP.Posterior;

/// <summary>
/// What <see cref="Diagnostics.Summarize(string, double[][], double)"/> sorts four times — the pooled draws, their
/// distances from the median (MAD), the split chains' ranks and the folded split chains' ranks — from one sort
/// (issue 16: a fit's summary spent most of its 0.4 s CPU sorting). With chains of equal even length the split chains
/// pooled are the draws in their own order, and the distances from the median come sorted by merging outwards
/// (<see cref="ConvergenceMath.FoldedOrder"/>), so every value is bit for bit what the separate sorts give, provided
/// no two draws compare equal with different bits: no NaN and no zero (−0 = +0 could swap in an unstable sort).
/// </summary>
internal static class OneSort
{
    public static bool Applies(double[][] chains, double[] all)
    {
        var n = chains[0].Length;
        if (n < 2 || n % 2 != 0 || chains.Any(c => c.Length != n))
        {
            return false;
        }

        foreach (var v in all)
        {
            if (v == 0 || !double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    public static (double[] Sorted, double Median, double Mad, double[][] Bulk, double[][] Folded) Ranks(double[][] chains, double[] all)
    {
        var split = ConvergenceMath.Split(chains);
        var (sorted, order) = ConvergenceMath.SortWithOrder(all);
        var median = ConvergenceMath.Quantile(sorted, 0.5);
        var (foldedSorted, foldedOrder) = ConvergenceMath.FoldedOrder(sorted, order, median);
        var mad = 1.4826 * ConvergenceMath.Quantile(foldedSorted, 0.5);
        var bulk = ConvergenceMath.NormalScores(ConvergenceMath.TiedRanks(sorted, order), split);
        var folded = ConvergenceMath.NormalScores(ConvergenceMath.TiedRanks(foldedSorted, foldedOrder), split);
        return (sorted, median, mad, bulk, folded);
    }
}
