using System.Numerics.Tensors;

namespace MisterP.Checking;

/// <summary>
/// Generalized Pareto fit to exceedances by the empirical-Bayes method of Zhang &amp; Stephens (2009, section 4) with
/// loo 2.5.1's settings (<c>gpdfit</c>): a grid of M = 30 + ⌊√n⌋ values of θ, prior 3, the posterior mean of θ, and
/// the weakly informative adjustment k ← (n·k + 10·0.5)/(n + 10) of Vehtari et al. (PSIS, appendix).
/// </summary>
public readonly record struct GeneralizedParetoFit(double K, double Sigma)
{
    private const int MinGridPoints = 30;
    private const double Prior = 3;

    /// <summary>Fit to <paramref name="sorted"/> (ascending, positive exceedances).</summary>
    public static GeneralizedParetoFit Fit(ReadOnlySpan<double> sorted) => Fit(sorted, new PsisWorkspace(sorted.Length));

    /// <summary>Fit to <paramref name="sorted"/>, with its grid and buffers in <paramref name="workspace"/> (no allocation).</summary>
    public static GeneralizedParetoFit Fit(ReadOnlySpan<double> sorted, PsisWorkspace workspace)
    {
        var n = sorted.Length;
        var m = MinGridPoints + (int)Math.Floor(Math.Sqrt(n));
        var xStar = sorted[(int)Math.Floor(n / 4.0 + 0.5) - 1]; // first quartile, R's 1-based index
        workspace.EnsureGrid(m);
        var theta = workspace.GridTheta.AsSpan(0, m);
        var logLik = workspace.GridLogLik.AsSpan(0, m);
        var maxLogLik = double.NegativeInfinity;
        var buffer = workspace.ProfileBuffer;
        for (var j = 0; j < m; j++)
        {
            theta[j] = 1 / sorted[n - 1] + (1 - Math.Sqrt(m / (j + 1 - 0.5))) / Prior / xStar;
            logLik[j] = n * ProfileLogLikelihood(theta[j], sorted, buffer);
            if (logLik[j] > maxLogLik)
            {
                maxLogLik = logLik[j];
            }
        }

        var normalizer = LogSumExp(logLik, maxLogLik);
        var thetaHat = 0.0;
        for (var j = 0; j < m; j++)
        {
            thetaHat += theta[j] * Math.Exp(logLik[j] - normalizer);
        }

        var k = 0.0;
        foreach (var x in sorted)
        {
            k += LogOnePlus(-thetaHat * x);
        }

        k /= n;
        var sigma = -k / thetaHat;
        k = k * n / (n + 10.0) + 10 * 0.5 / (n + 10.0);
        if (double.IsNaN(k))
        {
            k = double.PositiveInfinity;
        }

        return new GeneralizedParetoFit(k, sigma);
    }

    /// <summary>Quantile at probability p (loo's <c>qgpd</c>): σ·expm1(−k·log1p(−p))/k; NaN when σ ≤ 0.</summary>
    public double Quantile(double p)
    {
        if (double.IsNaN(Sigma) || Sigma <= 0)
        {
            return double.NaN;
        }

        return Sigma * ExpMinusOne(-K * LogOnePlus(-p)) / K;
    }

    /// <summary>
    /// loo's <c>lx</c>: log(a/k) − k − 1 with a = −θ and k = mean(log1p(a·x)), SIMD. log(1 + a·x) is taken as is:
    /// rounding 1 + a·x costs at most half an ulp of 1 (~1e-16) absolute per term, nothing next to k itself.
    /// </summary>
    private static double ProfileLogLikelihood(double theta, ReadOnlySpan<double> x, double[] buffer)
    {
        var a = -theta;
        var u = buffer.AsSpan(0, x.Length);
        TensorPrimitives.Multiply(x, a, u);
        TensorPrimitives.Add(u, 1.0, u);
        TensorPrimitives.Log(u, u);
        var k = TensorPrimitives.Sum<double>(u) / x.Length;
        return Math.Log(a / k) - k - 1;
    }

    private static double LogSumExp(ReadOnlySpan<double> values, double max)
    {
        if (double.IsNegativeInfinity(max) || double.IsNaN(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>log(1 + x) to a few ulps for any x &gt; −1 (Kahan's trick; .NET has no log1p).</summary>
    internal static double LogOnePlus(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>exp(x) − 1 to a few ulps (Kahan's trick; .NET has no expm1).</summary>
    internal static double ExpMinusOne(double x)
    {
        var u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        var um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }
}
