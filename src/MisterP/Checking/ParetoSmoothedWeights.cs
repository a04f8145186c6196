using System.Numerics.Tensors;

namespace MisterP.Checking;

/// <summary>
/// Pareto smoothed importance sampling of one observation (Vehtari, Simpson, Gelman, Yao &amp; Gabry, "Pareto smoothed
/// importance sampling"), as loo 2.5.1's <c>do_psis_i</c>: tail length M = ⌈min(0.2·S, 3·√(S/r_eff))⌉, the M largest
/// log ratios (shifted by their maximum) replaced by the fitted generalized Pareto quantiles at (1:M − 0.5)/M, then
/// truncated at the raw maximum. With fewer than 5 tail draws, or a constant tail, nothing is smoothed and k = ∞.
/// </summary>
public sealed class ParetoSmoothedWeights
{
    private const int MinTailLength = 5;

    private ParetoSmoothedWeights(double[] logWeights, double paretoK, int tailLength)
    {
        NormalizedLogWeights = logWeights;
        ParetoK = paretoK;
        TailLength = tailLength;
    }

    /// <summary>Smoothed, truncated log weights normalised to sum to one on the natural scale.</summary>
    public double[] NormalizedLogWeights { get; }

    /// <summary>The Pareto shape estimate k̂ (∞ when the tail could not be fitted).</summary>
    public double ParetoK { get; }

    /// <summary>M, the number of draws in the smoothed tail.</summary>
    public int TailLength { get; }

    /// <summary>loo's <c>n_pareto</c>: ⌈min(0.2·S, 3·√(S/r_eff))⌉.</summary>
    public static int TailLengthFor(int draws, double relativeEfficiency) =>
        (int)Math.Ceiling(Math.Min(0.2 * draws, 3 * Math.Sqrt(draws / relativeEfficiency)));

    /// <summary>PSIS weights for the log ratios (for LOO, −log-likelihood of the observation).</summary>
    public static ParetoSmoothedWeights Compute(ReadOnlySpan<double> logRatios, double relativeEfficiency)
    {
        var lw = new double[logRatios.Length];
        var (k, tail) = Smooth(logRatios, relativeEfficiency, lw, new double[logRatios.Length], new PsisWorkspace(logRatios.Length));
        return new ParetoSmoothedWeights(lw, k, tail);
    }

    /// <summary>
    /// PSIS into caller's buffers (no allocation per observation): <paramref name="logWeights"/> receives the
    /// normalised log weights and <paramref name="weights"/> the normalised weights; <paramref name="workspace"/> holds
    /// every other array. Returns k̂ and the tail length.
    /// </summary>
    public static (double ParetoK, int TailLength) Smooth(ReadOnlySpan<double> logRatios, double relativeEfficiency, double[] logWeights, double[] weights, PsisWorkspace workspace)
    {
        var s = logRatios.Length;
        var tailLength = TailLengthFor(s, relativeEfficiency);
        var max = TensorPrimitives.Max(logRatios);
        var lw = logWeights.AsSpan(0, s);
        TensorPrimitives.Subtract(logRatios, max, lw);

        var k = double.PositiveInfinity;
        if (tailLength >= MinTailLength && tailLength < s)
        {
            k = SmoothTail(logWeights, s, tailLength, workspace);
        }

        // Truncate at the raw maximum (0 after the shift) and normalise. The shift back by the maximum that loo makes
        // before normalising cancels in the normalisation, so it is left out.
        TensorPrimitives.Min(lw, 0.0, lw);
        var w = weights.AsSpan(0, s);
        TensorPrimitives.Exp(lw, w);
        var sum = TensorPrimitives.Sum<double>(w);
        TensorPrimitives.Divide(w, sum, w);
        TensorPrimitives.Subtract(lw, Math.Log(sum), lw);
        return (k, tailLength);
    }

    /// <summary>
    /// Replaces the <paramref name="tailLength"/> largest of <paramref name="lw"/> by the fitted quantiles; returns k.
    /// Only the tail is sorted, after a selection of its cutoff (O(S), not a full sort of S draws). Tied log ratios may
    /// swap which draw gets which quantile, but tied log ratios belong to tied log-likelihoods, so no loo quantity changes.
    /// </summary>
    private static double SmoothTail(double[] lw, int s, int tailLength, PsisWorkspace workspace)
    {
        var cutoffRank = s - tailLength - 1; // 0-based rank of the largest value below the tail
        var scratch = workspace.Scratch;
        Array.Copy(lw, scratch, s);
        var cutoff = Select(scratch, s, cutoffRank);

        // The tail is the values above the cutoff plus, when the cutoff value is tied, enough of its copies (the last ones).
        var indices = workspace.TailIndices;
        var keys = workspace.TailKeys;
        var above = 0;
        for (var i = 0; i < s; i++)
        {
            if (lw[i] > cutoff)
            {
                above++;
            }
        }

        var fromCutoff = tailLength - above;
        var tiedToSkip = 0;
        if (fromCutoff > 0)
        {
            for (var i = 0; i < s; i++)
            {
                if (lw[i] == cutoff)
                {
                    tiedToSkip++;
                }
            }

            tiedToSkip -= fromCutoff;
        }

        var n = 0;
        for (var i = 0; i < s; i++)
        {
            if (lw[i] > cutoff || (lw[i] == cutoff && fromCutoff > 0 && tiedToSkip-- <= 0))
            {
                indices[n] = i;
                keys[n++] = lw[i];
            }
        }

        Array.Sort(keys, indices, 0, tailLength);
        var lowest = keys[0];
        var highest = keys[tailLength - 1];
        if (Math.Abs(highest - lowest) < 2.220446049250313e-16 / 100)
        {
            return double.PositiveInfinity; // loo warns "all tail values are the same" and leaves them
        }

        var expCutoff = Math.Exp(cutoff);
        var exceedances = workspace.Exceedances.AsSpan(0, tailLength);
        for (var j = 0; j < tailLength; j++)
        {
            exceedances[j] = Math.Exp(keys[j]) - expCutoff;
        }

        var fit = GeneralizedParetoFit.Fit(exceedances, workspace);
        if (double.IsFinite(fit.K))
        {
            for (var j = 0; j < tailLength; j++)
            {
                var p = (j + 1 - 0.5) / tailLength;
                lw[indices[j]] = Math.Log(fit.Quantile(p) + expCutoff);
            }
        }

        return fit.K;
    }

    /// <summary>The value of 0-based rank <paramref name="rank"/> in ascending order (Hoare's selection; reorders).</summary>
    private static double Select(double[] a, int length, int rank)
    {
        int left = 0, right = length - 1;
        while (left < right)
        {
            var pivot = a[left + (right - left) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }

            if (rank <= j)
            {
                right = j;
            }
            else if (rank >= i)
            {
                left = i;
            }
            else
            {
                return a[rank];
            }
        }

        return a[rank];
    }
}
