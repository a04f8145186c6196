namespace MisterP.Families;

/// <summary>
/// The cumulative-logit log-likelihood kernel for the sampler's hot loop: <see cref="CumulativeKernel"/>'s
/// identity log π = log σ(b) + log σ(−a) + log(1 − e^{a−b}), with the last term and its derivative depending only on
/// the gap c_k − c_{k−1}, so they are computed once per threshold pair and gradient instead of once per cell, and
/// σ and log σ of each argument sharing one exponential. Same values as <see cref="CumulativeKernel"/> to rounding.
/// </summary>
public sealed class CumulativeLogitCells
{
    private readonly double[] _gapReciprocal;
    private readonly double[] _gapLogMass;

    public CumulativeLogitCells(int thresholdCount)
    {
        _gapReciprocal = new double[Math.Max(thresholdCount, 1)];
        _gapLogMass = new double[Math.Max(thresholdCount, 1)];
    }

    /// <summary>Per middle category k (1 … K − 2): 1/(e^{gap} − 1) and log(1 − e^{−gap}) for gap = c_k − c_{k−1}.</summary>
    public void SetThresholds(ReadOnlySpan<double> thresholds)
    {
        for (var k = 1; k < thresholds.Length; k++)
        {
            var gap = thresholds[k] - thresholds[k - 1];
            _gapReciprocal[k] = 1 / Expm1(gap);
            _gapLogMass[k] = Math.Log(-Expm1(-gap));
        }
    }

    /// <summary>
    /// log P(y = k | η) for category k of K (thresholds as last given to <see cref="SetThresholds"/>), with ∂/∂a and
    /// ∂/∂b for a = c_{k−1} − η, b = c_k − η (0 where the bound is infinite).
    /// </summary>
    public double LogProbability(int k, int last, ReadOnlySpan<double> thresholds, double eta, out double dA, out double dB)
    {
        if (k == 0)
        {
            dA = 0;
            return -LogisticTerms(-(thresholds[0] - eta), out dB);
        }

        if (k == last)
        {
            dB = 0;
            var lp = -LogisticTerms(thresholds[k - 1] - eta, out var sigmoidA);
            dA = -sigmoidA;
            return lp;
        }

        var r = _gapReciprocal[k];
        var upper = -LogisticTerms(-(thresholds[k] - eta), out var sigmoidMinusB);
        var lower = -LogisticTerms(thresholds[k - 1] - eta, out var sigmoidOfA);
        dB = sigmoidMinusB + r;
        dA = -sigmoidOfA - r;
        return upper + lower + _gapLogMass[k];
    }

    /// <summary>softplus(x) = log(1 + eˣ), and σ(x), from one exponential.</summary>
    private static double LogisticTerms(double x, out double sigmoid)
    {
        var e = Math.Exp(-Math.Abs(x));
        var onePlus = 1 + e;
        sigmoid = x >= 0 ? 1 / onePlus : e / onePlus;
        return Math.Max(x, 0) + Math.Log(onePlus);
    }

    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x + x * x * x / 6 : Math.Exp(x) - 1;
}
