using MisterP.Priors;

namespace MisterP.Models;

/// <summary>
/// The population-level priors of one linear predictor on information-scaled coordinates (x = β·scale), shared by the
/// GLM and each category's predictor: the log density, its gradient, and θ's β. The intercept's prior applies to the
/// intercept net of the anchored group effects (hierarchical centring), so its derivative is returned for the anchor's gradient.
/// </summary>
internal static class FixedEffectPriors
{
    public static double Apply(int intercept, PriorSet priors, ParameterLayout layout, EffectScaling scaling, GroupEffects groups,
        double[] theta, int count, ReadOnlySpan<double> x, Span<double> g, ref double interceptDerivative)
    {
        var lp = 0.0;
        for (var j = 0; j < count; j++)
        {
            var prior = j == intercept ? priors.Intercept! : priors.Coefficients[j]!;
            var k = layout.BetaIndex[j];
            var scale = scaling.FixedScales[j];
            var value = j == intercept ? x[k] / scale - groups.Anchor() : x[k] / scale;
            lp += prior.LogDensity(value, out var d);
            g[k] += d / scale;
            theta[j] = value;
            if (j == intercept)
            {
                interceptDerivative = d;
            }
        }

        return lp;
    }
}
