namespace MisterP.Families;

/// <summary>
/// The observed information about η of one ordinal observation, −d²/dη² log(F(b) − F(a)) with a = c_{k−1} − η and
/// b = c_k − η: ((f(b) − f(a))/π)² − (f′(b) − f′(a))/π, the weight R's <c>ordinal::clmm</c> uses in its Laplace
/// approximation (<c>hess.u</c>, Christensen 2019). Non-negative for log-concave F (logit, probit; Pratt 1981).
/// </summary>
public static class CumulativeCurvature
{
    /// <param name="link">The cumulative link.</param>
    /// <param name="a">Lower bound c_{k−1} − η (−∞ for the lowest category).</param>
    /// <param name="b">Upper bound c_k − η (+∞ for the highest).</param>
    /// <param name="dA">∂ log π/∂a = −f(a)/π, from <see cref="CumulativeKernel.LogProbability"/>.</param>
    /// <param name="dB">∂ log π/∂b = f(b)/π, from <see cref="CumulativeKernel.LogProbability"/>.</param>
    public static double ObservedInformation(Link link, double a, double b, double dA, double dB)
    {
        // f′(x)/π = (f(x)/π)·(f′/f)(x): +dB·(f′/f)(b) at the upper bound and, since dA = −f(a)/π, −f′(a)/π = dA·(f′/f)(a).
        var densitySlope = 0.0;
        if (!double.IsInfinity(b))
        {
            densitySlope += dB * LogDensitySlope(link, b);
        }

        if (!double.IsInfinity(a))
        {
            densitySlope += dA * LogDensitySlope(link, a);
        }

        var score = dA + dB;
        return score * score - densitySlope;
    }

    /// <summary>(log f)′: logistic 1 − 2σ(x) = −tanh(x/2); normal −x.</summary>
    private static double LogDensitySlope(Link link, double x) => link == Link.Probit ? -x : -Math.Tanh(0.5 * x);
}
