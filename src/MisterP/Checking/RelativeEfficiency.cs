using MisterP.Posterior;
using System.Numerics.Tensors;

namespace MisterP.Checking;

/// <summary>
/// Relative efficiency r_eff = ESS / S of one observation's likelihood draws exp(ll), as R's loo 2.5.1 computes it
/// (<c>relative_eff</c> → <c>ess_rfun</c>): per-chain "biased" autocovariances, var⁺ = mean within-chain variance ·
/// (n−1)/n + var(chain means), Geyer's initial positive sequence with the monotone adjustment,
/// τ = −1 + 2·Σρ + ρ_last, τ ≥ 1/log10(S). Not rank-normalised and not split chains (it is not posterior's ess_bulk).
/// </summary>
public static class RelativeEfficiency
{
    /// <summary>
    /// r_eff of <paramref name="values"/>: <paramref name="chains"/> chains of equal length, one after the other.
    /// One chain gives the single-chain ESS; constant draws give NaN (as loo's arithmetic does).
    /// </summary>
    public static double Compute(ReadOnlySpan<double> values, int chains) => Compute(values, chains, new double[values.Length]);

    /// <summary>The same with the centred chains written to <paramref name="centered"/> (at least S values; reused by PSIS-LOO).</summary>
    public static double Compute(ReadOnlySpan<double> values, int chains, double[] centered)
    {
        if (chains < 1 || values.Length % chains != 0 || values.Length < 2 * chains)
        {
            throw new ArgumentException($"{values.Length} draws cannot be cut into {chains} chains of equal length (at least 2 each).");
        }

        var n = values.Length / chains;
        var total = values.Length;
        var lags = new ChainLags(values, chains, n, centered);

        var chainMeans = lags.Means;
        var meanVar = lags.MeanAutocovariance(0) * n / (n - 1);
        var varPlus = meanVar * (n - 1) / n;
        if (chains > 1)
        {
            varPlus += SampleVariance(chainMeans);
        }

        // loo's ess_rfun runs the same Geyer sequences as posterior's ESS, on these (unsplit, unranked) chains.
        return 1 / ConvergenceMath.IntegratedTime(n, total, meanVar, varPlus, lags.MeanAutocovariance);
    }

    private static double SampleVariance(double[] x)
    {
        var mean = 0.0;
        foreach (var v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        var ss = 0.0;
        foreach (var v in x)
        {
            ss += (v - mean) * (v - mean);
        }

        return ss / (x.Length - 1);
    }

    /// <summary>
    /// Autocovariances of each chain, computed lag by lag on demand: the Geyer loop usually stops after a few lags,
    /// so direct sums (O(n) a lag) are cheaper than loo's FFT and equal to it up to rounding. loo divides the FFT's
    /// lag sums by 2n² although the transform has length 2·M (M = the next 2-3-5-smooth size ≥ n), so its
    /// autocovariance is Σ yc_i·yc_{i+t} · M/n²; the same factor is kept here so r_eff agrees when M ≠ n.
    /// </summary>
    private sealed class ChainLags
    {
        private readonly double[] _centered;
        private readonly int _chains;
        private readonly int _n;
        private readonly double _scale;

        public ChainLags(ReadOnlySpan<double> values, int chains, int n, double[] centered)
        {
            Means = new double[chains];
            _centered = centered;
            _chains = chains;
            _n = n;
            for (var c = 0; c < chains; c++)
            {
                var chain = values.Slice(c * n, n);
                var mean = 0.0;
                foreach (var v in chain)
                {
                    mean += v;
                }

                mean /= n;
                Means[c] = mean;
                var target = centered.AsSpan(c * n, n);
                for (var i = 0; i < n; i++)
                {
                    target[i] = chain[i] - mean;
                }
            }

            _scale = (double)NextGoodFftSize(n) / ((double)n * n);
        }

        public double[] Means { get; }

        public double MeanAutocovariance(int lag)
        {
            var total = 0.0;
            for (var c = 0; c < _chains; c++)
            {
                var y = _centered.AsSpan(c * _n, _n);
                var n = _n - lag;
                total += (n <= 0 ? 0 : TensorPrimitives.Dot(y[..n], y.Slice(lag, n))) * _scale;
            }

            return total / _chains;
        }
    }

    /// <summary>loo's <c>fft_next_good_size</c>: the smallest N' ≥ N whose only prime factors are 2, 3 and 5.</summary>
    internal static int NextGoodFftSize(int n)
    {
        if (n <= 2)
        {
            return 2;
        }

        while (true)
        {
            var m = n;
            while (m % 2 == 0)
            {
                m /= 2;
            }

            while (m % 3 == 0)
            {
                m /= 3;
            }

            while (m % 5 == 0)
            {
                m /= 5;
            }

            if (m <= 1)
            {
                return n;
            }

            n++;
        }
    }
}
