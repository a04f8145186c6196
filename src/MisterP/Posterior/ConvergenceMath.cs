using System.Numerics;
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
        var n = chains[0].Length;
        if (n < 2)
        {
            return chains;
        }

        var half = n / 2;
        var secondStart = n - half;
        return chains.SelectMany(c => new[] { c[..half], c[secondStart..] }).ToArray();
    }

    /// <summary>Rank normalization: z = Φ⁻¹((r − 3/8)/(S + 1/4)), average ranks for ties, over all chains pooled.</summary>
    public static double[][] RankNormalize(double[][] chains)
    {
        var all = chains.SelectMany(c => c).ToArray();
        var ranks = AverageRanks(all);
        var s = all.Length;
        var z = ranks.Select(r => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (r - 0.375) / (s + 0.25))).ToArray();
        var result = new double[chains.Length][];
        var offset = 0;
        for (var c = 0; c < chains.Length; c++)
        {
            result[c] = z[offset..(offset + chains[c].Length)];
            offset += chains[c].Length;
        }

        return result;
    }

    /// <summary>1-based ranks with ties given their average rank (R's rank(ties.method = "average")).</summary>
    public static double[] AverageRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[values.Length];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
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

    /// <summary>R̂ of the given (already split or not) chains: √((B/W + n − 1)/n) with B = n·var(chain means).</summary>
    public static double Rhat(double[][] chains)
    {
        if (chains.Length < 2 || chains[0].Length < 2 || AnyNonFinite(chains) || IsConstant(chains))
        {
            return double.NaN;
        }

        var n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        var betweenOverN = Variance(means);
        var within = chains.Select(Variance).Average();
        return Math.Sqrt((betweenOverN * n / within + n - 1) / n);
    }

    /// <summary>ESS of the given chains: autocorrelations by FFT, Geyer's initial positive then monotone sequence.</summary>
    public static double Ess(double[][] chains)
    {
        var m = chains.Length;
        var n = chains[0].Length;
        if (n < 3 || AnyNonFinite(chains) || IsConstant(chains))
        {
            return double.NaN;
        }

        // Autocovariances lag by lag as direct (vectorized) sums, only as far as Geyer's sequence reaches, which is
        // usually a few dozen lags; the same values as the FFT of Autocovariance up to rounding.
        var centered = chains.Select(c =>
        {
            var mean = c.Average();
            return c.Select(v => v - mean).ToArray();
        }).ToArray();
        var chainMeans = chains.Select(c => c.Average()).ToArray();
        double MeanAcov(int t)
        {
            var sum = 0.0;
            foreach (var c in centered)
            {
                sum += System.Numerics.Tensors.TensorPrimitives.Dot(c.AsSpan(0, n - t), c.AsSpan(t)) / n;
            }

            return sum / m;
        }

        var meanVar = MeanAcov(0) * n / (n - 1.0);
        var varPlus = meanVar * (n - 1.0) / n;
        if (m > 1)
        {
            varPlus += Variance(chainMeans);
        }

        var rho = new double[n];
        var t = 0;
        var rhoEven = 1.0;
        rho[0] = rhoEven;
        var rhoOdd = 1 - (meanVar - MeanAcov(1)) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t += 2;
            rhoEven = 1 - (meanVar - MeanAcov(t)) / varPlus;
            rhoOdd = 1 - (meanVar - MeanAcov(t + 1)) / varPlus;
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

        var total = (double)m * n;
        var tau = -1.0;
        for (var k = 0; k < maxT; k++)
        {
            tau += 2 * rho[k];
        }

        tau += rho[maxT];
        // The improved estimate for antithetic chains is capped at S·log10(S).
        tau = Math.Max(tau, 1 / Math.Log10(total));
        return total / tau;
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
        var mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
    }

    private static bool AnyNonFinite(double[][] chains) => chains.Any(c => c.Any(v => !double.IsFinite(v)));

    private static bool IsConstant(double[][] chains)
    {
        var first = chains[0][0];
        return chains.All(c => c.All(v => v == first));
    }
}
