using MisterP.Posterior;

namespace MisterP.Poststrat;

/// <summary>
/// Summary of one quantity's per-draw values (a group estimate or a contrast): mean, sd, central interval from their
/// quantiles (DESIGN §6), and rank-normalized R̂ with bulk and tail ESS computed per chain (Vehtari et al. 2021),
/// so a post-stratified estimate carries its own convergence check rather than borrowing the parameters'.
/// </summary>
public sealed record EstimateSummary(double Estimate, double Sd, double Lower, double Upper, double Rhat, double EssBulk, double EssTail)
{
    public static EstimateSummary Of(double[] draws, DrawLayout layout, double interval)
    {
        var mean = ConvergenceMath.Mean(draws);
        var sd = draws.Length > 1 ? Math.Sqrt(ConvergenceMath.Variance(draws)) : double.NaN;
        // Summaries come by the dozen with the same shape: this thread's arrays are reused instead of allocated.
        var work = ConvergenceWorkspace.For(layout.ChainCount, layout.DrawsPerChain);
        var (sorted, order) = ConvergenceMath.SortWithOrder(draws, work.Sorted, work.Order);
        var tail = (1 - interval) / 2;
        var (rhat, essBulk, essTail) = Diagnostics.Convergence(layout.Chains(draws, work.Chains), sorted, order);
        return new EstimateSummary(
            mean,
            sd,
            ConvergenceMath.Quantile(sorted, tail),
            ConvergenceMath.Quantile(sorted, 1 - tail),
            layout.Independent ? double.NaN : rhat,
            essBulk,
            essTail);
    }
}
