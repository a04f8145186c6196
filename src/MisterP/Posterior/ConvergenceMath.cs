using System.Numerics;
using System.Runtime.CompilerServices;
using MathNet.Numerics.IntegralTransforms;

namespace MisterP.Posterior;

/// <summary>
/// The building blocks of rank-normalized R̂ and ESS (Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner 2021), written
/// to reproduce the R package <c>posterior</c>: chains are arrays of equal length.
/// </summary>
public static class ConvergenceMath
{
    /// <summary>Each chain cut into halves (the middle draw of an odd-length chain is dropped).</summary>
    public static double[][] Split(double[][] chains)
    {
        var halves = new double[2 * chains.Length][];
        for (var k = 0; k < halves.Length; k++)
        {
            halves[k] = new double[chains[0].Length / 2];
        }

        return Split(chains, halves);
    }

    /// <summary><see cref="Split(double[][])"/> into <paramref name="halves"/>: 2 × chains arrays of half a chain's length.</summary>
    public static double[][] Split(double[][] chains, double[][] halves)
    {
        var n = chains[0].Length;
        if (n < 2)
        {
            return chains;
        }

        var half = n / 2;
        var secondStart = n - half;
        for (var c = 0; c < chains.Length; c++)
        {
            chains[c].AsSpan(0, half).CopyTo(halves[2 * c]);
            chains[c].AsSpan(secondStart, half).CopyTo(halves[2 * c + 1]);
        }

        return halves;
    }

    /// <summary>Rank normalization: z = Φ⁻¹((r − 3/8)/(S + 1/4)), average ranks for ties, over all chains pooled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[][] RankNormalize(double[][] chains) => NormalScores(AverageRanks(Pool(chains)), chains);

    /// <summary>
    /// z = Φ⁻¹((r − 3/8)/(S + 1/4)) of pooled ranks (chain after chain), cut into arrays as long as
    /// <paramref name="shape"/>'s chains.
    /// </summary>
    public static double[][] NormalScores(double[] ranks, double[][] shape)
    {
        var result = new double[shape.Length][];
        for (var c = 0; c < shape.Length; c++)
        {
            result[c] = new double[shape[c].Length];
        }

        return WriteNormalScores(ranks, result);
    }

    /// <summary><see cref="NormalScores"/> written over <paramref name="result"/>, whose arrays give the shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[][] WriteNormalScores(double[] ranks, double[][] result)
    {
        var s = ranks.Length;
        var scores = NormalScoreTable.For(s);
        var offset = 0;
        foreach (var z in result)
        {
            for (var i = 0; i < z.Length; i++)
            {
                var r = ranks[offset + i];
                z[i] = r == Math.Floor(r) ? scores[(int)r - 1] : NormalScoreTable.Of(r, s);
            }

            offset += z.Length;
        }

        return result;
    }

    /// <summary>All chains' draws in one array, chain after chain.</summary>
    public static double[] Pool(double[][] chains)
    {
        var total = 0;
        foreach (var c in chains)
        {
            total += c.Length;
        }

        var all = new double[total];
        var offset = 0;
        foreach (var c in chains)
        {
            c.CopyTo(all, offset);
            offset += c.Length;
        }

        return all;
    }

    /// <summary>1-based ranks with ties given their average rank (R's rank(ties.method = "average")).</summary>
    public static double[] AverageRanks(double[] values)
    {
        var (sorted, order) = SortWithOrder(values);
        return TiedRanks(sorted, order);
    }

    /// <summary>The values sorted, and for each sorted position the index the value came from.</summary>
    public static (double[] Sorted, int[] Order) SortWithOrder(double[] values) =>
        SortWithOrder(values, new double[values.Length], new int[values.Length]);

    /// <summary><see cref="SortWithOrder(double[])"/> into <paramref name="sorted"/> and <paramref name="order"/>, as long as the values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] Sorted, int[] Order) SortWithOrder(double[] values, double[] sorted, int[] order)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(sorted.Length, values.Length, nameof(sorted));
        ArgumentOutOfRangeException.ThrowIfNotEqual(order.Length, values.Length, nameof(order));
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        values.CopyTo(sorted, 0);
        Array.Sort(sorted, order);
        return (sorted, order);
    }

    /// <summary>Average ranks (by original index) from sorted values and the index each came from.</summary>
    public static double[] TiedRanks(double[] sorted, int[] order) => TiedRanks(sorted, order, new double[sorted.Length]);

    /// <summary><see cref="TiedRanks(double[], int[])"/> into <paramref name="ranks"/>, as long as the values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] TiedRanks(double[] sorted, int[] order, double[] ranks)
    {
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && sorted[j + 1] == sorted[i])
            {
                j++;
            }

            var average = (i + j + 2) / 2.0;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = average;
            }

            i = j + 1;
        }

        return ranks;
    }

    /// <summary>
    /// |x − <paramref name="median"/>| in increasing order with the index each came from, by merging outwards from the
    /// median through already sorted values (no second sort). The values must not be NaN.
    /// </summary>
    public static (double[] Sorted, int[] Order) FoldedOrder(double[] sorted, int[] order, double median) =>
        FoldedOrder(sorted, order, median, new double[sorted.Length], new int[sorted.Length]);

    /// <summary><see cref="FoldedOrder(double[], int[], double)"/> into <paramref name="folded"/> and <paramref name="foldedOrder"/>, as long as the values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] Sorted, int[] Order) FoldedOrder(double[] sorted, int[] order, double median, double[] folded, int[] foldedOrder)
    {
        var n = sorted.Length;
        var right = Array.BinarySearch(sorted, median);
        right = right < 0 ? ~right : right;
        // BinarySearch finds some equal element; step back to the first value ≥ the median.
        while (right > 0 && sorted[right - 1] >= median)
        {
            right--;
        }

        var left = right - 1;
        for (var k = 0; k < n; k++)
        {
            var fromLeft = right >= n || (left >= 0 && Math.Abs(sorted[left] - median) <= Math.Abs(sorted[right] - median));
            var position = fromLeft ? left-- : right++;
            folded[k] = Math.Abs(sorted[position] - median);
            foldedOrder[k] = order[position];
        }

        return (folded, foldedOrder);
    }

    /// <summary>R̂ of the given (already split or not) chains: √((B/W + n − 1)/n) with B = n·var(chain means).</summary>
    public static double Rhat(double[][] chains)
    {
        if (chains.Length < 2 || chains[0].Length < 2 || AnyNonFinite(chains) || IsConstant(chains))
        {
            return double.NaN;
        }

        var n = chains[0].Length;
        var means = new double[chains.Length];
        var within = 0.0;
        for (var c = 0; c < chains.Length; c++)
        {
            means[c] = Mean(chains[c]);
            within += Variance(chains[c]);
        }

        within /= chains.Length;
        var betweenOverN = Variance(means);
        return Math.Sqrt((betweenOverN * n / within + n - 1) / n);
    }

    /// <summary>ESS of the given chains: autocorrelations (direct or by FFT), Geyer's initial positive then monotone sequence.</summary>
    public static double Ess(double[][] chains) => Ess(chains, null);

    /// <summary><see cref="Ess(double[][])"/> with the centred chains written over <paramref name="centered"/> (shaped like the chains) when given.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Ess(double[][] chains, double[][]? centered)
    {
        var m = chains.Length;
        var n = chains[0].Length;
        if (n < 3 || AnyNonFinite(chains) || IsConstant(chains))
        {
            return double.NaN;
        }

        var acov = new MeanAutocovariance(chains, centered);
        var chainMeans = new double[m];
        for (var c = 0; c < m; c++)
        {
            chainMeans[c] = Mean(chains[c]);
        }

        var meanVar = acov.At(0) * n / (n - 1.0);
        var varPlus = meanVar * (n - 1.0) / n;
        if (m > 1)
        {
            varPlus += Variance(chainMeans);
        }

        var total = (double)m * n;
        return total / IntegratedTime(n, total, meanVar, varPlus, acov.At);
    }

    /// <summary>
    /// The integrated autocorrelation time τ from combined autocorrelations ρ̂_t = 1 − (W − mean autocov_t)/var⁺, with
    /// Geyer's initial positive and initial monotone sequences (Vehtari et al. 2021, eqs. 10–11), at least 1/log10(S)
    /// (which caps ESS at S·log10(S) for antithetic chains). Shared by <see cref="Ess"/> and loo's relative efficiency.
    /// </summary>
    /// <param name="n">Draws per chain.</param>
    /// <param name="total">All draws, S.</param>
    /// <param name="meanVar">W, the mean within-chain variance.</param>
    /// <param name="varPlus">var⁺.</param>
    /// <param name="meanAutocovariance">The chains' mean autocovariance at a lag (only the lags the sequence reaches are asked for).</param>
    public static double IntegratedTime(int n, double total, double meanVar, double varPlus, Func<int, double> meanAutocovariance)
    {
        var rho = new double[n];
        var t = 0;
        var rhoEven = 1.0;
        rho[0] = rhoEven;
        var rhoOdd = 1 - (meanVar - meanAutocovariance(1)) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t += 2;
            rhoEven = 1 - (meanVar - meanAutocovariance(t)) / varPlus;
            rhoOdd = 1 - (meanVar - meanAutocovariance(t + 1)) / varPlus;
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }

        var maxT = t;
        if (rhoEven > 0)
        {
            rho[maxT] = rhoEven;
        }

        // Geyer's initial monotone sequence.
        t = 0;
        while (t <= maxT - 4)
        {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }

        var tau = -1.0;
        for (var k = 0; k < maxT; k++)
        {
            tau += 2 * rho[k];
        }

        tau += rho[maxT];
        // The improved estimate for antithetic chains is capped at S·log10(S).
        tau = Math.Max(tau, 1 / Math.Log10(total));
        return tau;
    }

    /// <summary>Biased autocovariance (divisor n, Geyer 1992) at every lag, by FFT with zero padding.</summary>
    public static double[] Autocovariance(double[] x)
    {
        var n = x.Length;
        var size = 1;
        while (size < 2 * n)
        {
            size <<= 1;
        }

        var mean = x.Average();
        var buffer = new Complex[size];
        for (var i = 0; i < n; i++)
        {
            buffer[i] = new Complex(x[i] - mean, 0);
        }

        Fourier.Forward(buffer, FourierOptions.Matlab);
        for (var i = 0; i < size; i++)
        {
            buffer[i] = new Complex(buffer[i].Real * buffer[i].Real + buffer[i].Imaginary * buffer[i].Imaginary, 0);
        }

        Fourier.Inverse(buffer, FourierOptions.Matlab);
        var result = new double[n];
        for (var k = 0; k < n; k++)
        {
            result[k] = buffer[k].Real / n;
        }

        return result;
    }

    /// <summary>R's quantile type 7 over all draws.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double Variance(double[] x)
    {
        var mean = Mean(x);
        var sum = 0.0;
        foreach (var v in x)
        {
            sum += (v - mean) * (v - mean);
        }

        return sum / (x.Length - 1);
    }

    public static double Mean(double[] x)
    {
        var sum = 0.0;
        foreach (var v in x)
        {
            sum += v;
        }

        return sum / x.Length;
    }

    private static bool AnyNonFinite(double[][] chains)
    {
        foreach (var c in chains)
        {
            foreach (var v in c)
            {
                if (!double.IsFinite(v))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsConstant(double[][] chains)
    {
        var first = chains[0][0];
        foreach (var c in chains)
        {
            foreach (var v in c)
            {
                if (v != first)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The chains' mean autocovariance at lag t, computed on demand. Geyer's sequence usually stops after a few lags,
    /// so the first lags are summed directly (O(m·n) each) instead of paying two FFTs per chain; a sequence that runs
    /// past <see cref="DirectLags"/> switches to the FFT for all lags, so the cost never exceeds the FFT's by much.
    /// Both give the same biased autocovariance (Geyer 1992), equal up to rounding.
    /// </summary>
    private sealed class MeanAutocovariance(double[][] chains, double[][]? buffer)
    {
        private const int DirectLags = 32;

        private readonly double[][] _centered = Centered(chains, buffer);

        private double[][]? _byFft;

        private static double[][] Centered(double[][] chains, double[][]? buffer)
        {
            var result = buffer ?? Array.ConvertAll(chains, c => new double[c.Length]);
            for (var c = 0; c < chains.Length; c++)
            {
                var mean = Mean(chains[c]);
                var centered = result[c];
                for (var i = 0; i < centered.Length; i++)
                {
                    centered[i] = chains[c][i] - mean;
                }
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double At(int t)
        {
            if (t >= DirectLags && _byFft is null)
            {
                _byFft = chains.Select(Autocovariance).ToArray();
            }

            if (_byFft is not null)
            {
                return _byFft.Average(a => a[t]);
            }

            var sum = 0.0;
            foreach (var c in _centered)
            {
                var lagged = 0.0;
                for (var i = 0; i + t < c.Length; i++)
                {
                    lagged += c[i] * c[i + t];
                }

                sum += lagged / c.Length;
            }

            return sum / _centered.Length;
        }
    }

    /// <summary>
    /// Φ⁻¹((r − 3/8)/(S + 1/4)) for the integer ranks r = 1…S, kept for the last S asked for: many quantities with
    /// the same number of draws (parameters, post-stratified groups) share them, and the inverse normal CDF is the
    /// dominant cost of rank normalization. Tied (fractional) ranks are computed directly, with the same formula.
    /// </summary>
    private static class NormalScoreTable
    {
        private static double[] _last = [];

        public static double Of(double rank, int s) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (rank - 0.375) / (s + 0.25));

        public static double[] For(int s)
        {
            var scores = Volatile.Read(ref _last);
            if (scores.Length == s)
            {
                return scores;
            }

            scores = new double[s];
            for (var r = 1; r <= s; r++)
            {
                scores[r - 1] = Of(r, s);
            }

            Volatile.Write(ref _last, scores);
            return scores;
        }
    }
}
