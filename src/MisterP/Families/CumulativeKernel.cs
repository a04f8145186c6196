namespace MisterP.Families;

/// <summary>
/// log P(a &lt; latent ≤ b) for the cumulative families, where a = c_{k−1} − η and b = c_k − η (a = −∞ for the lowest
/// category, b = +∞ for the highest), with its derivatives in a and b; dℓ/dη is −(∂a + ∂b).
/// </summary>
public static class CumulativeKernel
{
    public static double LogProbability(Link link, double a, double b, out double dA, out double dB) =>
        link == Link.Probit ? Probit(a, b, out dA, out dB) : Logit(a, b, out dA, out dB);

    /// <summary>
    /// σ(b) − σ(a) = σ(b)·σ(−a)·(1 − e^{a−b}), so log π = log σ(b) + log σ(−a) + log(−expm1(a − b)) with no
    /// cancellation even for close thresholds or far tails.
    /// </summary>
    private static double Logit(double a, double b, out double dA, out double dB)
    {
        if (double.IsNegativeInfinity(a))
        {
            dA = 0;
            dB = Sigmoid(-b);
            return -Softplus(-b);
        }

        if (double.IsPositiveInfinity(b))
        {
            dB = 0;
            dA = -Sigmoid(a);
            return -Softplus(a);
        }

        var gap = b - a;
        var r = 1 / Expm1(gap);
        dB = Sigmoid(-b) + r;
        dA = -Sigmoid(a) - r;
        return -Softplus(-b) - Softplus(a) + Math.Log(-Expm1(-gap));
    }

    private static double Probit(double a, double b, out double dA, out double dB)
    {
        // Φ(b) − Φ(a), taken in the upper tail as Φ(−a) − Φ(−b) when both are positive (no cancellation near 1).
        var p = a > 0 ? Phi(-a) - Phi(-b) : Phi(b) - Phi(a);
        var densityA = double.IsInfinity(a) ? 0 : Density(a);
        var densityB = double.IsInfinity(b) ? 0 : Density(b);
        dA = -densityA / p;
        dB = densityB / p;
        return Math.Log(p);
    }

    private static double Phi(double x) => double.IsPositiveInfinity(x) ? 1 : double.IsNegativeInfinity(x) ? 0 : 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    private static double Density(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x + x * x * x / 6 : Math.Exp(x) - 1;

    /// <summary>P(category k) for every k at linear predictor η and thresholds c (length K − 1), into <paramref name="probabilities"/>.</summary>
    public static void Probabilities(Link link, ReadOnlySpan<double> thresholds, double eta, Span<double> probabilities)
    {
        var previous = 0.0;
        for (var k = 0; k < thresholds.Length; k++)
        {
            var z = thresholds[k] - eta;
            var cdf = link == Link.Probit ? Phi(z) : Sigmoid(z);
            probabilities[k] = Math.Max(cdf - previous, 0);
            previous = Math.Max(previous, cdf);
        }

        probabilities[thresholds.Length] = Math.Max(1 - previous, 0);
    }
}
