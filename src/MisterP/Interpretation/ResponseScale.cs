using MisterP.Design;
using MisterP.Families;
using MisterP.Inference.Classical;
using MisterP.Numerics;
using MisterP.Poststrat;

namespace MisterP.Interpretation;

/// <summary>From the linear predictor to the quantity predicted: η itself, E[y] = g⁻¹(η), or a simulated outcome.</summary>
internal static class ResponseScale
{
    /// <summary>Replaces η by the prediction on <paramref name="kind"/>'s scale, in place.</summary>
    public static void Transform(ModelShape shape, PredictionScale kind, Span<double> values)
    {
        if (kind == PredictionScale.Linpred)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = LinkFunctions.Inverse(shape.Link, values[i]);
        }
    }

    /// <summary>dPrediction/dη at η (1 on the link scale): the delta method's chain rule.</summary>
    public static double Derivative(ModelShape shape, PredictionScale kind, double eta) =>
        kind == PredictionScale.Linpred ? 1 : LinkFunctions.MuEta(shape.Link, eta);

    /// <summary>Back-transforms a link-scale value (an interval end) to <paramref name="kind"/>'s scale.</summary>
    public static double FromLink(ModelShape shape, PredictionScale kind, double eta) =>
        kind == PredictionScale.Linpred ? eta : LinkFunctions.Inverse(shape.Link, eta);

    /// <summary>
    /// Replaces expected values by the simulated mean outcome of each unit's respondents under draw <paramref name="s"/>
    /// (binomial: successes per trial; gaussian: mean of m normal outcomes).
    /// </summary>
    public static void Simulate(ModelShape shape, PosteriorParameters parameters, int s, ReadOnlySpan<double> respondents, Span<double> values, Xoshiro256 random)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var m = Math.Max(1, Math.Round(respondents[i]));
            var mu = values[i];
            values[i] = shape.Family switch
            {
                Family.Bernoulli or Family.Binomial => PredictiveSampling.Binomial(random, m, mu) / m,
                Family.Poisson => PredictiveSampling.Poisson(random, m * mu) / m,
                // The total of m iid NB(μ, φ) outcomes is NB(mμ, mφ): a Poisson with a Gamma(mφ, rate mφ/(mμ)) mean.
                Family.NegativeBinomial => PredictiveSampling.Poisson(random, random.Gamma(m * parameters.Shape![s]) * mu / parameters.Shape![s]) / m,
                _ => mu + parameters.Sigma![s] / Math.Sqrt(m) * random.Normal(),
            };
        }
    }
}
