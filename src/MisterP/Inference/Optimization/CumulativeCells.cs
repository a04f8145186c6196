using MisterP.Families;

namespace MisterP.Inference.Optimization;

/// <summary>
/// The cumulative (ordinal) likelihood over cells at settable thresholds: Σ_cells Σ_k n_k log P(y = k | η), over the
/// original rows (no multinomial coefficient of aggregated cells, as clmm reports it), with the observed information
/// as the Newton weight so that the Laplace approximation is clmm's.
/// </summary>
internal sealed class CumulativeCells : ILinearPredictorLikelihood
{
    private readonly Link _link;
    private readonly int _categories;
    private readonly double[] _counts;
    private readonly double[] _thresholds;

    /// <param name="link">Logit or probit.</param>
    /// <param name="categories">K.</param>
    /// <param name="counts">Per cell, the weighted count of each category, <c>[cell·K + k]</c>.</param>
    public CumulativeCells(Link link, int categories, double[] counts)
    {
        _link = link;
        _categories = categories;
        _counts = counts;
        _thresholds = new double[categories - 1];
    }

    public double Constant => 0;

    /// <summary>The thresholds c_1 &lt; … &lt; c_{K−1} the next evaluations use.</summary>
    public Span<double> Thresholds => _thresholds;

    public double Evaluate(ReadOnlySpan<double> eta, Span<double> score, Span<double> weight, bool derivatives)
    {
        var k = _categories;
        var last = k - 1;
        var ll = 0.0;
        for (var i = 0; i < eta.Length; i++)
        {
            var dEta = 0.0;
            var information = 0.0;
            for (var j = 0; j < k; j++)
            {
                var n = _counts[i * k + j];
                if (n == 0)
                {
                    continue;
                }

                var a = j == 0 ? double.NegativeInfinity : _thresholds[j - 1] - eta[i];
                var b = j == last ? double.PositiveInfinity : _thresholds[j] - eta[i];
                ll += n * CumulativeKernel.LogProbability(_link, a, b, out var dA, out var dB);
                if (derivatives)
                {
                    dEta -= n * (dA + dB);
                    information += n * CumulativeCurvature.ObservedInformation(_link, a, b, dA, dB);
                }
            }

            if (derivatives)
            {
                score[i] = dEta;
                weight[i] = information;
            }
        }

        return ll;
    }
}
